"""Verdicts: a closed set of reasons, each with an en and a zh_CN message that fills its facts."""

from __future__ import annotations

import string

import pytest

from posapp.domain.verdicts import LANGUAGES, MESSAGES, Reason, Verdict, render


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_a_message_in_every_language(reason: Reason) -> None:
    assert set(MESSAGES[reason]) == set(LANGUAGES)
    assert all(MESSAGES[reason][lang].strip() for lang in LANGUAGES)


@pytest.mark.parametrize("reason", list(Reason))
def test_languages_use_the_same_placeholders_and_render_them_all(reason: Reason) -> None:
    en, zh = MESSAGES[reason]["en"], MESSAGES[reason]["zh_CN"]
    names = _placeholders(en)
    assert _placeholders(zh) == names
    params = {name: f"<{name}>" for name in names}
    for lang in LANGUAGES:
        text = Verdict(reason, params).message(lang)
        assert "{" not in text and all(f"<{n}>" in text for n in names)


def test_zh_messages_are_chinese() -> None:
    for reason in Reason:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in MESSAGES[reason]["zh_CN"]), reason


def test_missing_placeholder_stays_visible_instead_of_crashing() -> None:
    assert Verdict(Reason.EXPIRED, {"code": "X"}).message() == "Coupon X expired on {end}."
    assert render("broken {", {}) == "broken {"


def test_unknown_language_falls_back_to_english() -> None:
    assert Verdict(Reason.MALFORMED).message("fr") == MESSAGES[Reason.MALFORMED]["en"]


def test_dict_round_trip() -> None:
    v = Verdict(Reason.THRESHOLD_NOT_MET, {"missing": "¥20.00", "missing_value": 2000})
    assert Verdict.from_dict(v.to_dict()) == v
    assert v.to_dict()["reason"] == "threshold_not_met"


def test_the_issue_names_these_reasons() -> None:
    names = {r.value for r in Reason}
    assert {
        "unknown_code",
        "not_yet_valid",
        "expired",
        "already_redeemed",
        "voided",
        "wrong_store",
        "merchant_not_allowed",
        "threshold_not_met",
        "nothing_qualifies",
        "not_combinable",
        "malformed",
        "forged",
    } <= names


def test_message_shows_instants_in_the_store_zone() -> None:
    from posapp.domain.verdicts import Reason, Verdict

    v = Verdict(
        Reason.ALREADY_REDEEMED,
        {
            "code": "Q7KX-3MPA-XXXX",
            "when": "2026-11-23 06:02 UTC",
            "when_iso": "2026-11-23T06:02:00Z",
            "store": "Store 12",
            "till": "T1",
        },
    )
    assert "2026-11-23 06:02 UTC" in v.message("en")
    shanghai = v.message("en", tz="Asia/Shanghai")
    assert "2026-11-23 14:02" in shanghai and "UTC" not in shanghai
    assert "2026-11-23 14:02" in v.message("zh_CN", tz="Asia/Shanghai")
    # An unknown zone falls back to the UTC text rather than failing at the till.
    assert "06:02 UTC" in v.message("en", tz="Mars/Olympus")
