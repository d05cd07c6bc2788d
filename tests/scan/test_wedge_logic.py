"""Keyboard-wedge timing and layout fixes, with exact timestamps (no Qt)."""

from __future__ import annotations

import random

import pytest

from posapp.domain.codes import generate_code
from posapp.scan.layouts import from_full_width, from_layout
from posapp.scan.wedge import Step, Wedge, WedgeConfig, choose_text

CODE = generate_code()


def type_keys(wedge: Wedge, text: str, gaps: list[float], start: float = 0.0) -> list[Step]:
    """Feed text with the given gaps between keys, calling expire() when a deadline passes."""
    steps: list[Step] = []
    t = start
    for i, ch in enumerate(text):
        if i:
            t += gaps[(i - 1) % len(gaps)]
        deadline = wedge.deadline
        if deadline is not None and deadline <= t:
            steps.append(wedge.expire(deadline))
        steps.append(wedge.key(ch, t))
    return steps


def scans(steps: list[Step]) -> list[str]:
    return [s.text for s in steps if s.held == "scan" and s.text]


def finish(wedge: Wedge) -> list[Step]:
    deadline = wedge.deadline
    return [wedge.expire(deadline)] if deadline is not None else []


@pytest.mark.parametrize("gap", [0.005, 0.012, 0.02])
def test_scanner_speed_with_enter_is_a_scan(gap: float) -> None:
    w = Wedge()
    steps = type_keys(w, CODE + "\r", [gap])
    assert scans(steps) == [CODE]
    assert steps[-1] == Step("scan", "consume", CODE)
    assert all(s.current == "hold" for s in steps[:-1])


def test_scanner_with_uneven_timing_is_still_a_scan() -> None:
    rng = random.Random(4)
    gaps = [rng.uniform(0.003, 0.045) for _ in range(20)]
    gaps = [g if g < 0.03 else 0.01 for g in gaps]  # a Bluetooth stutter or two, mean low
    gaps[3] = 0.045
    assert scans(type_keys(Wedge(), CODE + "\r", gaps)) == [CODE]


def human_gaps(rng: random.Random, n: int) -> list[float]:
    """60-300 ms between keys, and now and then key rollover: the next key pressed ~5-20 ms
    after the previous one, never twice in a row (people roll over pairs, not runs)."""
    gaps: list[float] = []
    for _ in range(n):
        rollover = rng.random() < 0.3 and (not gaps or gaps[-1] >= 0.06)
        gaps.append(rng.uniform(0.005, 0.02) if rollover else rng.uniform(0.06, 0.3))
    return gaps


@pytest.mark.parametrize("seed", range(20))
def test_a_person_typing_is_never_a_scan(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(30)) + "\r"
    w = Wedge()
    steps = type_keys(w, text, human_gaps(rng, len(text))) + finish(w)
    assert scans(steps) == []
    assert steps[-1].current == "pass"  # the Enter reached the application


def test_the_fastest_typist_is_not_a_scan() -> None:
    w = Wedge()
    steps = type_keys(w, CODE + "\r", [0.06, 0.04, 0.05])  # ~200 words a minute
    assert scans(steps + finish(w)) == []


def test_a_fast_human_burst_is_too_short_and_given_back() -> None:
    w = Wedge()
    steps = type_keys(w, "ok\r", [0.01])
    assert steps[-1] == Step("release", "pass")


def test_silence_ends_a_scan_without_terminator() -> None:
    w = Wedge()
    steps = type_keys(w, CODE, [0.01]) + finish(w)
    assert steps[-1] == Step("scan", None, CODE)


def test_silence_end_can_be_switched_off() -> None:
    w = Wedge(WedgeConfig(end_on_silence=False))
    steps = type_keys(w, CODE, [0.01]) + finish(w)
    assert steps[-1] == Step("release", None)


def test_a_new_burst_after_a_pause_settles_the_previous_keys() -> None:
    w = Wedge()
    w.key("a", 0.0)
    step = w.key("b", 0.5)  # expire() was never called: key() settles on its own
    assert step == Step("release", "hold")


def test_interrupt_gives_back_what_is_held() -> None:
    w = Wedge()
    w.key("a", 0.0)
    assert w.interrupt() == Step("release", None)
    assert w.holding == 0
    assert w.interrupt() == Step("keep", None)


def test_expire_before_the_deadline_keeps_holding() -> None:
    w = Wedge()
    w.key("a", 0.0)
    assert w.expire(0.01) == Step("keep", None)
    assert w.holding == 1


def test_prefix_and_suffix_are_stripped() -> None:
    w = Wedge(WedgeConfig(prefix="]Q1", suffix="\x1d"))
    assert scans(type_keys(w, f"]Q1{CODE}\x1d\r", [0.01])) == [CODE]


def test_an_overlong_burst_is_given_back() -> None:
    w = Wedge(WedgeConfig(max_length=20))
    steps = type_keys(w, "A" * 25, [0.005])
    assert Step("release", "pass") in steps


# -- layouts ------------------------------------------------------------------------------

US = f"https://shop.example/c/{CODE}?x=1&y=2"


def through_layout(us_text: str, layout: str) -> str:
    """What a US-layout scanner's text becomes on a host with `layout` (test oracle)."""
    from posapp.scan.layouts import _HOSTS, _US_PLAIN, _US_SHIFT

    plain, shift = _HOSTS[layout]
    table = dict(zip(_US_PLAIN + _US_SHIFT, plain + shift, strict=True))
    return "".join(table.get(ch, ch) for ch in us_text)


@pytest.mark.parametrize("layout", ["de", "fr"])
def test_layout_artefacts_are_undone(layout: str) -> None:
    typed = through_layout(US, layout)
    assert typed != US
    assert from_layout(typed, layout) == US


def test_known_artefacts() -> None:
    assert through_layout("Y7Z", "de") == "Z7Y"
    assert through_layout("1234567890", "fr") == "&é\"'(-è_çà"
    assert from_layout("ORDERÖA-1042", "de") == "ORDER:A/1042"  # '-' is the US '/' key on de


@pytest.mark.parametrize("layout", ["de", "fr"])
def test_auto_finds_the_layout_when_the_code_only_reads_one_way(layout: str) -> None:
    code = next(c for c in (generate_code() for _ in range(500)) if through_layout(c, layout) != c)
    typed = through_layout(code, layout)
    assert choose_text(typed) == code
    url = f"https://shop.example/c/{code}"
    assert choose_text(through_layout(url, layout)) == url


def test_caps_lock_and_full_width() -> None:
    assert choose_text("order:a-1") == "order:a-1"  # already valid: left alone
    assert from_full_width("ＯＲＤＥＲ：Ａ－１２\u3000") == "ORDER:A-12 "
    assert choose_text("ＯＲＤＥＲ：Ａ１２") == "ORDER:A12"
    signed_shape = "PV1.ABCDEFGH.eyJjIjoiUTdLWCJ9.c2lnbmF0dXJl"
    assert choose_text(signed_shape.swapcase()) == signed_shape


def test_text_that_means_nothing_is_left_as_typed() -> None:
    assert choose_text("hello world") == "hello world"


def test_a_configured_layout_is_always_applied() -> None:
    assert choose_text("Z7Y", layout="de") == "Y7Z"
    with pytest.raises(ValueError):
        WedgeConfig(layout="dvorak")


@pytest.mark.parametrize("late_s", [0.06, 0.15, 0.4])
def test_a_late_enter_after_a_scan_that_ended_on_silence_is_the_scans_own(late_s: float) -> None:
    # A slow or Bluetooth scanner: the burst ends on the pause, then its Enter arrives.
    w = Wedge()
    steps = type_keys(w, CODE, [0.008])
    last = 0.008 * (len(CODE) - 1)
    steps += finish(w)
    assert scans(steps) == [CODE]
    assert w.key("\r", last + late_s) == Step("keep", "consume")  # eaten: it confirms nothing
    # the next Enter is the cashier's
    assert w.key("\r", last + late_s + 0.7) == Step("keep", "pass")


def test_an_enter_long_after_a_scan_is_passed_on() -> None:
    w = Wedge()
    steps = type_keys(w, CODE, [0.008]) + finish(w)
    assert scans(steps) == [CODE]
    assert w.key("\r", 0.008 * len(CODE) + 1.0) == Step("keep", "pass")


def test_a_late_enter_settling_the_scan_in_the_same_call_is_eaten() -> None:
    # the till was too busy to run the deadline timer: the Enter is the first event after
    w = Wedge()
    type_keys(w, CODE, [0.008])
    step = w.key("\r", 0.008 * len(CODE) + 0.2)
    assert step == Step("scan", "consume", CODE)


def test_a_key_between_scan_and_enter_makes_the_enter_a_persons() -> None:
    w = Wedge()
    type_keys(w, CODE, [0.008])
    finish(w)
    w.key("5", 0.2)
    assert w.key("\r", 0.3) == Step("release", "pass")  # the "5" and the Enter go on
