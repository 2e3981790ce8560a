"""Encrypting, changing the passphrase and saving the recovery sheet, from Settings, setup or the unlock.

The work runs on the task runner; while the file is swapped the data cannot be read, so the dialog
that started it stays modal and busy until it is done.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from mentordesk.services.encryption import EncryptionResult, EncryptionService, check_new_passphrase
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.ui.dialogs.passphrase_dialog import PassphraseDialog, PassphraseMode
from mentordesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class SecurityActions(QObject):
    changed = Signal()  # the data was encrypted, or put under a new key
    status_message = Signal(str)

    def __init__(self, encryption: EncryptionService, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._encryption = encryption
        self._runner = runner
        self._parent = parent
        #: The open passphrase dialog or wait dialog, if any (tests reach it here).
        self.dialog: PassphraseDialog | QProgressDialog | None = None

    # ---- asking first

    def encrypt(self) -> None:
        dialog = PassphraseDialog(PassphraseMode.ENCRYPT, self._parent)
        self._drive(dialog, lambda _old, new, repeat, progress: self._encryption.encrypt(new, repeat, progress),
                    rekeyed=False)

    def change_passphrase(self, recovery_key: str | None = None) -> None:
        """Ask for the current and a new passphrase; with `recovery_key` (just used to open), the new one only."""
        mode = PassphraseMode.RECOVERED if recovery_key else PassphraseMode.CHANGE
        dialog = PassphraseDialog(mode, self._parent)
        self._drive(dialog, lambda old, new, repeat, progress: self._encryption.change_passphrase(
            recovery_key or old, new, repeat, progress), rekeyed=True)

    def _drive(self, dialog: PassphraseDialog, work, *, rekeyed: bool) -> None:
        def submitted(old: str, new: str, repeat: str) -> None:
            try:
                check_new_passphrase(new, repeat)  # at once, before the slow part
            except ValidationError as error:
                dialog.show_errors(error.errors)
                return
            dialog.set_busy(True)
            self._runner.run(lambda progress: work(old, new, repeat, progress), on_success=succeeded,
                             on_error=failed, on_progress=lambda done, total, _message: dialog.set_progress(
                                 done, total))

        def succeeded(result: EncryptionResult) -> None:
            dialog.finish()
            self._done(result, rekeyed)

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                dialog.show_errors(error.errors)
            elif isinstance(error, DomainError):
                dialog.show_error(str(error))
            else:
                log.error("changing the database key failed", exc_info=error)
                dialog.show_error(self.tr("Something went wrong; the data was left as it was. The details are "
                                          "in the log file."))

        dialog.submitted.connect(submitted)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    # ---- the passphrase is known already (first-start setup)

    def encrypt_with(self, passphrase: str) -> None:
        """Encrypt with a passphrase chosen (and checked) in the setup dialog, showing a wait dialog."""
        wait = QProgressDialog(self.tr("Encrypting the data…"), "", 0, 4, self._parent)
        wait.setWindowTitle(self.tr("Encrypt the data"))
        wait.setCancelButton(None)
        wait.setWindowModality(Qt.WindowModality.WindowModal)
        wait.setMinimumDuration(0)
        wait.setAutoClose(False)
        wait.setValue(0)
        self.dialog = wait

        def close_wait() -> None:
            wait.close()
            wait.deleteLater()
            self._forget(wait)

        def succeeded(result: EncryptionResult) -> None:
            close_wait()
            self._done(result, rekeyed=False)

        def failed(error: BaseException) -> None:
            close_wait()
            if not isinstance(error, DomainError):
                log.error("encrypting the data failed", exc_info=error)
            QMessageBox.warning(self._parent, self.tr("Encrypt the data"), self.tr(
                "The data could not be encrypted: {reason} It stays unencrypted; you can encrypt it later in "
                "Settings.").format(reason=error))

        self._runner.run(lambda progress: self._encryption.encrypt(passphrase, progress=progress),
                         on_success=succeeded, on_error=failed,
                         on_progress=lambda done, _total, _message: wait.setValue(done))
        wait.open()

    # ---- the recovery sheet

    def offer_recovery_sheet(self) -> None:
        answer = QMessageBox.question(
            self._parent, self.tr("Recovery sheet"),
            self.tr("Save the recovery sheet now? It holds the recovery key, which opens the data if the "
                    "passphrase is lost. Print it, keep it locked away, and delete the file."),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            self.save_recovery_sheet()

    def save_recovery_sheet(self) -> None:
        title = self.tr("Save the recovery sheet")
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(documents) / self.tr("MentorDesk recovery sheet.pdf")
        name, _ = QFileDialog.getSaveFileName(self._parent, title, str(suggested), self.tr("PDF files (*.pdf)"))
        if not name:
            return
        target = Path(name) if Path(name).suffix else Path(name).with_suffix(".pdf")

        def failed(error: BaseException) -> None:
            if not isinstance(error, DomainError):
                log.error("writing the recovery sheet failed", exc_info=error)
            QMessageBox.warning(self._parent, title, str(error))

        self._runner.run(lambda _progress: self._encryption.write_recovery_sheet(target),
                         on_success=lambda written: self.status_message.emit(self.tr(
                             "Saved the recovery sheet to {file}. Print it, keep the paper locked away, and delete "
                             "the file.").format(file=written)),
                         on_error=failed)

    # ---- inside

    def _done(self, result: EncryptionResult, rekeyed: bool) -> None:
        locale = QLocale()
        if rekeyed:
            message = self.tr("The passphrase is changed: {rows} rows were checked under the new key before the "
                              "file was replaced.").format(rows=locale.toString(result.rows))
        else:
            message = self.tr("The data is encrypted: {rows} rows were checked before the file was replaced.").format(
                rows=locale.toString(result.rows))
        if result.sealed:
            message += " " + self.tr("{count} older backups were encrypted too.").format(
                count=locale.toString(len(result.sealed)))
        if result.left:
            message += " " + self.tr("{count} backups could not be encrypted; the log says why.").format(
                count=locale.toString(len(result.left)))
        self.status_message.emit(message)
        self.changed.emit()
        self.offer_recovery_sheet()

    def _forget(self, dialog: QObject) -> None:
        if self.dialog is dialog:
            self.dialog = None
