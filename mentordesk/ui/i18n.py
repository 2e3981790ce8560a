"""Translations: Qt's own strings and MentorDesk's, for the system locale when a catalogue exists."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from mentordesk.config.paths import resource_path

# Installed translators must outlive this function, or Qt drops them.
_installed: list[QTranslator] = []


def install_translators(app: QApplication, locale: QLocale | None = None) -> list[str]:
    """Install the catalogues found for `locale`; returns the names of those loaded."""
    locale = locale or QLocale.system()
    loaded = []
    for name, folder in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("mentordesk", str(resource_path("translations"))),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(name)
    return loaded
