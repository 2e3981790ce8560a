"""Settings ▸ Backups: how many automatic backups to keep, where they are, back up or restore now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from mentordesk.config.settings import MAX_BACKUPS_TO_KEEP, load_settings, save_settings


class BackupSettingsBox(QGroupBox):
    back_up_requested = Signal()
    restore_requested = Signal()

    def __init__(self, settings_file: Path, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Backups"), parent)
        self._settings_file = settings_file
        self._folder = folder
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_BACKUPS_TO_KEEP)
        self.keep.setValue(load_settings(settings_file).backups_to_keep)
        self.keep.setSuffix(self.tr(" automatic backups"))
        self.keep.setToolTip(self.tr("MentorDesk backs up on start (once a day) and on exit, and keeps this many of "
                                     "those; backups you make yourself are never deleted."))
        self.keep.valueChanged.connect(self._keep_changed)
        self.folder_label = QLabel(str(folder))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        open_folder = QPushButton(self.tr("Open backups folder"))
        open_folder.clicked.connect(self._open_folder)
        self.back_up_button = QPushButton(self.tr("Back up now…"))
        self.back_up_button.clicked.connect(self.back_up_requested)
        self.restore_button = QPushButton(self.tr("Restore from backup…"))
        self.restore_button.clicked.connect(self.restore_requested)
        buttons = QHBoxLayout()
        for button in (open_folder, self.back_up_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        keep_row = QHBoxLayout()  # the spin box as wide as its text, not the whole form
        keep_row.addWidget(self.keep)
        keep_row.addStretch(1)
        keep_label = QLabel(self.tr("&Keep:"))
        keep_label.setBuddy(self.keep)  # a row of a layout gets no buddy of its own: Alt+K needs one
        form.addRow(keep_label, keep_row)
        form.addRow(self.tr("Folder:"), self.folder_label)
        form.addRow(buttons)

    def _keep_changed(self, count: int) -> None:
        # Read again first: the file holds other settings (who is using this laptop) that may have changed.
        save_settings(self._settings_file, load_settings(self._settings_file).with_backups_to_keep(count))

    def _open_folder(self) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))
