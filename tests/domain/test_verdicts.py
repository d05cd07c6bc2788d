"""Verdicts: a closed set of reasons, each with an en and a zh_CN message that fills its facts."""

from __future__ import annotations

import string

import pytest

from posapp.domain.verdicts import MESSAGES, Reason, Verdict, render
from tests.shown import shown, translation


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_a_message_in_every_language(reason: Reason) -> None:
    assert MESSAGES[reason].strip()
    assert translation("Reason", MESSAGES[reason]).strip(), "no zh_CN text in posapp_zh_CN.ts"


@pytest.mark.parametrize("reason", list(Reason))
def test_languages_use_the_same_placeholders_and_render_them_all(reason: Reason) -> None:
    en, zh = MESSAGES[reason], translation("Reason", MESSAGES[reason])
    names = _placeholders(en)
    assert _placeholders(zh) == names
    params = {name: f"<{name}>" for name in names}
    for text in (Verdict(reason, params).message(), shown(Verdict(reason, params))):
        assert "{" not in text and all(f"<{n}>" in text for n in names)


def test_zh_messages_are_chinese() -> None:
    for reason in Reason:
        zh = translation("Reason", MESSAGES[reason])
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), reason


def test_missing_placeholder_stays_visible_instead_of_crashing() -> None:
    assert Verdict(Reason.EXPIRED, {"code": "X"}).message() == "Coupon X expired on {end}."
    assert render("broken {", {}) == "broken {"


def test_a_language_without_a_translation_falls_back_to_english() -> None:
    assert shown(Verdict(Reason.MALFORMED), lang="en") == MESSAGES[Reason.MALFORMED]


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
    assert "2026-11-23 06:02 UTC" in v.message()
    shanghai = v.message(tz="Asia/Shanghai")
    assert "2026-11-23 14:02" in shanghai and "UTC" not in shanghai
    assert "2026-11-23 14:02" in shown(v, tz="Asia/Shanghai")
    # An unknown zone falls back to the UTC text rather than failing at the till.
    assert "06:02 UTC" in v.message(tz="Mars/Olympus")
