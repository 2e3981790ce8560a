"""Restore from backup: pick one of the backups folder's files or any file, see what it holds, confirm.

The dialog lays out and reports the choice (`file_chosen`); BackupActions reads the backup in the
background and hands the preview back (`show_preview` / `show_problem`). "Restore" is enabled
only while a preview of the chosen file is shown, so nobody restores a file they have not seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.backups import BackupInfo, BackupPreview
from mentordesk.ui.style import ERROR_STYLE

PATH_ROLE = Qt.ItemDataRole.UserRole


class RestoreDialog(QDialog):
    file_chosen = Signal(object)  # Path

    def __init__(self, backups: Sequence[BackupInfo], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from backup"))
        self.setMinimumWidth(560)
        self._folder = folder
        self.chosen: Path | None = None
        self.preview: BackupPreview | None = None

        intro = QLabel(self.tr("Choose a backup. MentorDesk first backs up the data as it is now, then replaces "
                               "it with the backup's: changes made since the backup are kept only in that "
                               "new backup."))
        intro.setWordWrap(True)
        self.backup_list = QListWidget()
        self.backup_list.setAlternatingRowColors(True)
        for info in backups:
            item = QListWidgetItem(self._describe(info))
            item.setData(PATH_ROLE, str(info.path))
            item.setToolTip(str(info.path))
            self.backup_list.addItem(item)
        self.empty_note = QLabel(self.tr("There are no backups in {folder} yet.").format(folder=folder))
        self.empty_note.setWordWrap(True)
        self.empty_note.setVisible(not backups)
        self.backup_list.setVisible(bool(backups))
        self.backup_list.currentItemChanged.connect(self._listed_chosen)
        self.choose_file_button = QPushButton(self.tr("Choose a file…"))
        self.choose_file_button.setToolTip(self.tr("A backup elsewhere, e.g. on a USB stick"))
        self.choose_file_button.clicked.connect(self._choose_file)

        preview_box = QGroupBox(self.tr("The chosen backup"))
        self.preview_label = QLabel(self.tr("None chosen yet."))
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(preview_box).addWidget(self.preview_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(self.tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        file_row = QHBoxLayout()
        file_row.addStretch(1)
        file_row.addWidget(self.choose_file_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("Backups in {folder}:").format(folder=folder)))
        layout.addWidget(self.backup_list, 1)
        layout.addWidget(self.empty_note)
        layout.addLayout(file_row)
        layout.addWidget(preview_box)
        layout.addWidget(self.buttons)

    def _describe(self, info: BackupInfo) -> str:
        locale = QLocale()
        when = locale.toString(info.created.astimezone(), QLocale.FormatType.ShortFormat)
        kind = self.tr("automatic") if info.automatic else self.tr("made by hand")
        if info.path.name.startswith("before-"):
            kind = self.tr("before a restore or update")
        size = locale.formattedDataSize(info.size)
        encrypted = self.tr(", encrypted") if info.encrypted else ""
        return self.tr("{when} · {kind}{encrypted} · {size}").format(when=when, kind=kind, encrypted=encrypted,
                                                                    size=size)

    def _listed_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self._choose(Path(item.data(PATH_ROLE)))

    def _choose_file(self) -> None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a backup"), start,
                                              self.tr("MentorDesk backups (*.mdbackup *.db);;All files (*)"))
        if name:
            self.backup_list.clearSelection()
            self._choose(Path(name))

    def _choose(self, path: Path) -> None:
        self.chosen = path
        self.preview = None
        self.restore_button.setEnabled(False)
        self.preview_label.setStyleSheet("")
        self.preview_label.setText(self.tr("Reading {file}…").format(file=path.name))
        self.file_chosen.emit(path)

    def show_preview(self, preview: BackupPreview) -> None:
        if preview.path != self.chosen:  # an answer about a file chosen before this one
            return
        self.preview = preview
        locale = QLocale()
        when = locale.toString(preview.created.astimezone(), QLocale.FormatType.LongFormat)
        self.preview_label.setStyleSheet("")
        self.preview_label.setText(self.tr(
            "{file}\nMade on {when}.\nHolds {mentees} mentees, {sessions} sessions, {certificates} certificates "
            "and {workers} workers.").format(
                file=preview.path, when=when, mentees=locale.toString(preview.mentees),
                sessions=locale.toString(preview.sessions), certificates=locale.toString(preview.certificates),
                workers=locale.toString(preview.workers)))
        self.restore_button.setEnabled(True)

    def show_problem(self, path: Path, text: str) -> None:
        if path != self.chosen:
            return
        self.preview = None
        self.restore_button.setEnabled(False)
        self.preview_label.setStyleSheet(ERROR_STYLE)
        self.preview_label.setText(text)
