"""Live language switching with Qt's own mechanism: QTranslator + LanguageChange events.

Source strings are English; Korean comes from assets/i18n/attention_lab_ko.qm (compiled from the .ts with
pyside6-lrelease). Installing or removing a translator makes Qt send QEvent.LanguageChange to every widget,
and each widget re-applies its texts in `retranslate()`.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.paths import i18n_dir

LANGUAGES = ("ko", "en")
# Shown in the language menu in their own language, so anyone can find their way back.
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


def system_default_language() -> str:
    return "ko" if QLocale.system().language() == QLocale.Korean else "en"


class LanguageManager:
    """Owns the installed translators (they must outlive their installation)."""

    def __init__(self, app: QCoreApplication):
        self._app = app
        self._translators: list[QTranslator] = []
        self.language = "en"

    def set_language(self, language: str) -> bool:
        """Switch to `language`; returns False (and stays on English) if its catalogue cannot be loaded."""
        if language not in LANGUAGES:
            language = "en"
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators.clear()
        loaded = True
        if language != "en":
            ours = QTranslator(self._app)
            loaded = ours.load(f"attention_lab_{language}", str(i18n_dir()))
            if loaded:
                self._translators.append(ours)
            # Qt's own strings (OK/Cancel, file dialogs), shipped with PySide6.
            qt_dir = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
            qt_base = QTranslator(self._app)
            if qt_base.load(f"qtbase_{language}", qt_dir):
                self._translators.append(qt_base)
        for translator in self._translators:
            self._app.installTranslator(translator)
        self.language = language if loaded else "en"
        return loaded
