"""Marking English source text for translation, without Qt.

Every string a person reads has its English source in the code and its translations in
`resources/i18n/posapp_<lang>.ts` — one catalog, no second system. Qt screens mark their strings
with `tr()`; text built below the GUI (a verdict's message, a login refusal) is marked with
`QT_TRANSLATE_NOOP(context, text)`, which returns the text unchanged and lets `pyside6-lupdate`
(run by `resources/i18n/update.py`) collect it. The GUI translates it with
`QCoreApplication.translate(context, text)`; the CLI and the logs use the English as is.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Return text unchanged; marks it as translatable in `context`."""
    return text
