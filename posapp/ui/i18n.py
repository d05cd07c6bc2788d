"""Translations: Qt .qm files from resources/i18n, chosen from the system locale or the settings.

Visible strings go through `self.tr()` / `QCoreApplication.translate`; placeholders are named
(`{code}`) and filled by `fmt`, which leaves an unknown placeholder visible instead of raising, so a
translation that drops or misspells one never crashes a screen (Electrum issue #3237).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from posapp.domain.verdicts import render
from posapp.resources import resource

log = logging.getLogger(__name__)

LANGUAGES = ("en", "zh_CN")

_installed: list[QTranslator] = []
_current = "en"


def fmt(template: str, **params: object) -> str:
    """Fill named placeholders in an already translated string."""
    return render(template, params)


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def system_language() -> str:
    """Return 'zh_CN' for a Chinese system locale, 'en' otherwise."""
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def normalise_language(lang: str | None) -> str:
    if not lang or lang == "system":
        return system_language()
    return lang if lang in LANGUAGES else "en"


def current_language() -> str:
    return _current


_display_zone: str | None = None


def set_display_zone(tz: str | None) -> None:
    """Show instants in messages in the store's time zone (set from the till's status)."""
    global _display_zone
    _display_zone = tz or None


def display_zone() -> str | None:
    return _display_zone


def qm_path(lang: str) -> str:
    return str(resource("i18n", f"posapp_{lang}.qm"))


def install(lang: str | None) -> str:
    """Load the app's (and Qt's own) translations for lang; return the language now in use."""
    global _current
    app = QCoreApplication.instance()
    chosen = normalise_language(lang)
    if app is None:
        _current = chosen
        return chosen
    for old in _installed:  # deleted, not just removed: each switch would leave two behind
        app.removeTranslator(old)
        old.deleteLater()
    _installed.clear()
    ours = QTranslator(app)
    if ours.load(qm_path(chosen)):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation file for %s at %s", chosen, qm_path(chosen))
        ours.deleteLater()
    if chosen != "en":
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{chosen}", qt_dir):
            app.installTranslator(qt)
            _installed.append(qt)
        else:
            qt.deleteLater()
    _current = chosen
    QLocale.setDefault(QLocale(chosen))
    if chosen == "zh_CN" and not has_chinese_font():
        # Qt would draw every character as an empty box: say why, for whoever reads the log.
        log.warning(
            "no font for Simplified Chinese is installed; the zh_CN interface will show "
            "empty boxes (on Debian: apt-get install fonts-wqy-microhei or fonts-noto-cjk)"
        )
    return chosen


def has_chinese_font() -> bool:
    """Tell whether any installed font can draw Simplified Chinese."""
    from PySide6.QtGui import QFontDatabase

    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
