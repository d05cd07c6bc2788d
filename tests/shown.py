"""What the GUI shows for a verdict or a login refusal, read through Qt from the shipped .qm.

The till service speaks English (its `message()`); the screens translate the same template with
Qt. Tests below the GUI use this to check the zh_CN text a cashier reads, through the real
translation file rather than a copy of it.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

from PySide6.QtCore import QTranslator

from posapp.domain.verdicts import Verdict, localised_params, render
from posapp.resources import resource


class _Refusal(Protocol):
    @property
    def template(self) -> str: ...
    @property
    def params(self) -> dict[str, object]: ...


@cache
def _translator(lang: str) -> QTranslator:
    t = QTranslator()
    assert t.load(str(resource("i18n", f"posapp_{lang}.qm"))), f"no .qm for {lang}"
    return t


def shown(item: _Refusal, lang: str = "zh_CN", tz: str | None = None) -> str:
    """The message as the GUI renders it in lang (instants in zone tz when given)."""
    context = "Reason" if isinstance(item, Verdict) else "LoginProblem"
    text = _translator(lang).translate(context, item.template) or item.template
    return render(text, localised_params(dict(item.params), tz))


def translation(context: str, source: str, lang: str = "zh_CN") -> str:
    """The shipped translation of one source text ('' when there is none)."""
    return _translator(lang).translate(context, source) or ""
