"""Consistent reads before a scan, and one scan per coupon held in view (fake clock)."""

from __future__ import annotations

import pytest

from posapp.scan.acceptance import Acceptance, AcceptanceConfig

A, B = "Q7KX3MPA9TWZ", "ORDER:A-1042"


def frames(acc: Acceptance, reads: list[tuple[float, list[str]]]) -> list[tuple[float, str]]:
    """Feed (time, texts) frames; return (time, text) for every accepted scan."""
    return [(t, text) for t, texts in reads for text in acc.offer(texts, t)]


def test_one_read_is_not_enough() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=2, window_s=0.5))
    assert frames(acc, [(0.0, [A])]) == []
    assert frames(acc, [(0.1, [A])]) == [(0.1, A)]


def test_reads_too_far_apart_do_not_add_up() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=2, window_s=0.5))
    assert frames(acc, [(0.0, [A]), (0.6, [A]), (1.2, [A])]) == []
    assert frames(acc, [(1.3, [A])]) == [(1.3, A)]


def test_a_stray_misread_never_fires() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=2))
    # Two misreads of the same wrong text, further apart than the window.
    stream = [(i / 30, ["Q7KX3MPA9TWY" if i in (7, 45) else A]) for i in range(1, 60)]
    assert {text for _, text in frames(acc, stream)} == {A}


def test_a_coupon_held_in_view_is_one_scan() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=2, debounce_s=1.0))
    held_for_10_s = [(i / 30, [A]) for i in range(300)]
    assert frames(acc, held_for_10_s) == [(1 / 30, A)]


def test_shown_again_after_the_debounce_is_a_new_scan() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=2, debounce_s=1.0))
    shown = [(0.0, [A]), (0.1, [A]), (0.2, [A])]
    away = [(0.3 + i / 10, []) for i in range(12)]  # 1.2 s out of view
    again = [(1.6, [A]), (1.7, [A])]
    assert frames(acc, shown + away + again) == [(0.1, A), (1.7, A)]


def test_taken_away_briefly_is_still_the_same_scan() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=2, debounce_s=1.0))
    stream = [(0.0, [A]), (0.1, [A]), (0.5, []), (0.9, [A]), (1.0, [A])]
    assert frames(acc, stream) == [(0.1, A)]


def test_two_codes_in_view_are_two_scans_and_duplicates_count_once() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=2))
    assert frames(acc, [(0.0, [A, A, B])]) == []  # two equal codes in one frame: one read
    assert sorted(text for _, text in frames(acc, [(0.1, [B, A])])) == sorted([A, B])


def test_reads_needed_one_fires_at_once() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=1, debounce_s=2.0))
    assert frames(acc, [(0.0, [A]), (0.5, [A])]) == [(0.0, A)]


def test_reset_forgets_the_debounce() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=1, debounce_s=5.0))
    assert frames(acc, [(0.0, [A])]) == [(0.0, A)]
    acc.reset()
    assert frames(acc, [(0.1, [A])]) == [(0.1, A)]


def test_memory_is_bounded_under_a_flood_of_different_texts() -> None:
    acc = Acceptance(AcceptanceConfig(reads_needed=2, window_s=100, debounce_s=100))
    for i in range(5000):
        acc.offer([f"junk-{i}"], i * 0.001)
    assert len(acc._reads) <= Acceptance.MAX_TRACKED


def test_bad_config_is_refused() -> None:
    with pytest.raises(ValueError):
        AcceptanceConfig(reads_needed=0)
