"""File ▸ Back up now… and File ▸ Restore from backup…: choosing, running in the background, reporting.

Restoring swaps the data file under the open workspace: the slow part (opening, re-keying, migrating
and checking the backup, backing up the current data) runs on the task runner; the swap itself runs
on the GUI thread once the runner is idle, so no query holds a connection while the file changes.
Then every page is told that everything changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QProgressDialog, QWidget

from mentordesk.services.backups import BackupInfo, BackupService, PassphraseNeeded, StagedRestore
from mentordesk.services.changes import Changes
from mentordesk.services.errors import DomainError
from mentordesk.ui.dialogs.restore_dialog import RestoreDialog
from mentordesk.ui.events import DataEvents
from mentordesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class BackupActions(QObject):
    restored = Signal()

    def __init__(self, backups: BackupService, runner: TaskRunner, events: DataEvents,
                 show_status: Callable[[str], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._backups = backups
        self._runner = runner
        self._events = events
        self._show_status = show_status
        self._parent = parent
        self._passphrase: str | None = None
        #: The open restore dialog and progress dialog, if any (tests reach them here).
        self.dialog: RestoreDialog | None = None
        self.progress: QProgressDialog | None = None

    # ---- back up now

    def back_up_now(self) -> None:
        start = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        name, _ = QFileDialog.getSaveFileName(
            self._parent, self.tr("Back up now: where should the copy go? (e.g. a USB stick)"),
            str(start / self._backups.default_name()),
            self.tr("MentorDesk backups (*.mdbackup *.db)"))
        if not name:
            return
        self._show_status(self.tr("Backing up…"))
        self._runner.run(lambda progress: self._backups.back_up(Path(name), progress),
                         on_success=self._backed_up, on_error=self._back_up_failed)

    def _backed_up(self, info: BackupInfo) -> None:
        size = QLocale().formattedDataSize(info.size)
        self._show_status(self.tr("Backed up to {path} ({size}).").format(path=info.path, size=size))

    def _back_up_failed(self, error: BaseException) -> None:
        self._warn(self.tr("Back up now"), self.tr("The backup was not made."), error)

    # ---- restore

    def restore(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = RestoreDialog(self._backups.list_backups(), self._backups.folder, self._parent)
        dialog.file_chosen.connect(self._chosen)
        dialog.accepted.connect(self._confirmed)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _chosen(self, path: Path) -> None:
        self._passphrase = None
        self._read(path)

    def _read(self, path: Path) -> None:
        passphrase = self._passphrase
        self._runner.run(lambda _progress: self._backups.preview(path, passphrase),
                         on_success=lambda preview: self.dialog and self.dialog.show_preview(preview),
                         on_error=lambda error: self._preview_failed(path, error))

    def _preview_failed(self, path: Path, error: BaseException) -> None:
        if self.dialog is None:
            return
        if isinstance(error, PassphraseNeeded):
            text, ok = QInputDialog.getText(self.dialog, self.tr("Restore from backup"),
                                            self.tr("{reason}\n\nPassphrase:").format(reason=error),
                                            QLineEdit.EchoMode.Password)
            if ok and text:
                self._passphrase = text
                self._read(path)
                return
            self.dialog.show_problem(path, self.tr("This backup needs the passphrase it was made with."))
            return
        if not isinstance(error, DomainError):
            log.error("reading a backup failed", exc_info=error)
        self.dialog.show_problem(path, str(error) if isinstance(error, DomainError)
                                 else self.tr("This file cannot be read as a backup."))

    def _confirmed(self) -> None:
        dialog = self.dialog
        if dialog is None or dialog.chosen is None or dialog.preview is None:
            return
        path, passphrase = dialog.chosen, self._passphrase
        progress = QProgressDialog(self.tr("Restoring the backup…"), "", 0, 4, self._parent)
        progress.setWindowTitle(self.tr("Restore from backup"))
        progress.setCancelButton(None)  # half a restore is never left: it runs to the end or changes nothing
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setValue(0)
        self.progress = progress
        progress.open()
        self._runner.run(lambda task_progress: self._backups.prepare_restore(path, passphrase, task_progress),
                         on_success=self._swap,
                         on_error=self._restore_failed,
                         on_progress=lambda done, total, _message: progress.setValue(done))

    def _swap(self, staged: StagedRestore) -> None:
        self._runner.wait_for_done()  # nothing else may hold a connection while the file is replaced
        try:
            result = self._backups.finish_restore(staged)
        except Exception as error:  # noqa: BLE001 - shown to the person; the data is unchanged
            self._restore_failed(error)
            return
        self._close_progress()
        self._events.emit_changed(Changes.everything())
        when = QLocale().toString(result.preview.created.astimezone(), QLocale.FormatType.ShortFormat)
        # The name only: the status bar is narrow; the backups folder is one click away in Settings.
        self._show_status(self.tr("Restored the backup of {when}. The data as it was before is in the backup {name}.")
                          .format(when=when, name=result.before.path.name))
        self.restored.emit()

    def _restore_failed(self, error: BaseException) -> None:
        self._close_progress()
        self._warn(self.tr("Restore from backup"), self.tr("Nothing was restored; your data is unchanged."), error)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _warn(self, title: str, summary: str, error: BaseException) -> None:
        if not isinstance(error, DomainError):
            log.error("%s failed", title, exc_info=error)
        reason = str(error) if isinstance(error, DomainError) else self.tr("An unexpected error happened; "
                                                                           "the details are in the log file.")
        QMessageBox.warning(self._parent, title, f"{summary}\n\n{reason}")
