"""What the certificate screens do, in one place for the register page and the mentee record's tab.

View, save as PDF, print (a re-print gives the same document), revoke with a reason, export as an Open
Badge, issue for one mentee with a preview, and issue for a whole programme in the background.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from mentordesk.enums import AuditAction, CertificateKind
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError, OperationCancelled
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pdf_output import documents_folder, print_pdf, save_pdf
from mentordesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from mentordesk.services.certificates import BatchResult, CertificateInfo, CertificateService

log = logging.getLogger(__name__)

_CONTEXT = "CertificateActions"
MAX_SKIPPED_SHOWN = 20  # in the summary; the rest are counted
_KINDS = {
    CertificateKind.VALIDATION: QT_TRANSLATE_NOOP("CertificateActions", "Validation certificate"),
    CertificateKind.PARTICIPATION: QT_TRANSLATE_NOOP("CertificateActions", "Participation certificate"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def kind_label(kind: CertificateKind) -> str:
    return _tr(_KINDS[kind])


def certificate_languages() -> Mapping[str, str]:
    """Language code -> the language's own name, from the certificate texts' catalogue (English built in)."""
    from mentordesk.reports.certificate_texts import languages

    return languages()


class CertificateActions(QObject):
    """Opens the dialogs and calls the service; says what changed so every page refreshes."""

    batch_finished = Signal(object)  # the service's BatchResult, or None when cancelled or failed

    def __init__(self, certificates: CertificateService, runner: TaskRunner, events: DataEvents,
                 actor: Callable[[], uuid.UUID | None], show_status: Callable[[str], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._certificates = certificates
        self._runner = runner
        self._events = events
        self._actor = actor
        self._show_status = show_status
        self._parent = parent
        self.dialog: QDialog | None = None  # the open dialog, kept alive and reachable for tests
        self.progress: QProgressDialog | None = None  # the batch's progress, while it runs
        self.summary: QMessageBox | None = None  # the batch's summary, once done
        self.batch_task: Task | None = None

    def _open(self, dialog: QDialog) -> None:
        def finished() -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()

    def _changed(self, message: str, *more: ChangeKind) -> None:
        self._events.emit_changed(Changes.of(ChangeKind.CERTIFICATES, *more))
        self._show_status(message)

    # ---- one certificate

    def _reprint(self, info: CertificateInfo, title: str, shown_only: bool = False) -> bytes | None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            action = AuditAction.VIEW if shown_only else AuditAction.EXPORT
            return self._certificates.reprint(info.id, self._actor(), action)
        except DomainError as error:  # erased holder, or deleted meanwhile
            QMessageBox.warning(self._parent, title, str(error))
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()

    def view(self, info: CertificateInfo) -> None:
        from mentordesk.ui.dialogs.certificate_view import CertificateViewDialog

        data = self._reprint(info, _tr("Certificate"), shown_only=True)
        if data is not None:
            self._open(CertificateViewDialog(info, data, self._parent))

    def save(self, info: CertificateInfo) -> None:
        title = _tr("Save certificate as PDF")
        data = self._reprint(info, title)
        if data is None:
            return
        path = save_pdf(self._parent, data, info.file_name or f"{info.serial}.pdf", title)
        if path is not None:
            self._show_status(_tr("Certificate {serial} saved to {path}.").format(serial=info.serial, path=path))

    def print_(self, info: CertificateInfo) -> None:
        data = self._reprint(info, _tr("Print certificate"))
        if data is not None and print_pdf(self._parent, data, info.serial):
            self._show_status(_tr("Certificate {serial} sent to the printer.").format(serial=info.serial))

    def revoke(self, info: CertificateInfo) -> None:
        from mentordesk.ui.dialogs.revoke_certificate import RevokeDialog

        if info.revoked_at is not None:
            return
        actor = self._actor()
        dialog = RevokeDialog(info.serial, info.holder, info.issued_on,
                              lambda reason: self._certificates.revoke(info.id, reason, actor), self._parent)
        dialog.accepted.connect(lambda: self._changed(_tr("Certificate {serial} revoked.").format(
            serial=info.serial)))
        self._open(dialog)

    def export_badge(self, info: CertificateInfo) -> None:
        title = _tr("Export as Open Badge")
        suggested = documents_folder() / f"{info.serial}.jwt"
        name, _ = QFileDialog.getSaveFileName(self._parent, title, str(suggested),
                                              _tr("Open Badges 3.0 credentials (*.jwt *.jws)"))
        if not name:
            return
        try:
            written = self._certificates.open_badge(info.id, Path(name), self._actor())  # adds .jwt if missing
        except DomainError as error:
            QMessageBox.warning(self._parent, title, str(error))
            return
        self._show_status(_tr("Certificate {serial} exported as an Open Badge to {path}.").format(
            serial=info.serial, path=written))

    def issue(self, mentee_id: uuid.UUID, mentee_name: str) -> None:
        from mentordesk.ui.dialogs.issue_certificate import IssueCertificateDialog

        dialog = IssueCertificateDialog(self._certificates, mentee_id, mentee_name, self._actor(), self._parent)
        # Recorded the moment it is issued, whether or not the dialog stays open to save or print it.
        # Issuing marks the outcomes it lists as certified: the pathway changed too.
        dialog.issued.connect(lambda issued: self._changed(_tr("Certificate {serial} issued to {name}.").format(
            serial=issued.info.serial, name=mentee_name), ChangeKind.PATHWAY))
        self._open(dialog)

    def verify(self) -> None:
        from mentordesk.ui.dialogs.verify_certificate import VerifyCertificateDialog

        self._open(VerifyCertificateDialog(self._certificates, self._parent))

    # ---- a whole programme, in the background

    def choose_batch(self, programmes: list[tuple[str, uuid.UUID]]) -> None:
        from mentordesk.ui.dialogs.batch_certificates import BatchCertificatesDialog

        dialog = BatchCertificatesDialog(programmes, certificate_languages(),
                                         self._certificates.eligible_mentees, self._parent)
        dialog.accepted.connect(lambda: self.run_batch(*dialog.result_value))
        self._open(dialog)

    def run_batch(self, programme_id: uuid.UUID, kind: CertificateKind, language: str, folder: Path) -> None:
        if self.progress is not None:
            return  # one batch at a time
        progress = QProgressDialog(_tr("Issuing certificates…"), _tr("Cancel"), 0, 100, self._parent)
        progress.setWindowTitle(_tr("Issue for a programme"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        self.progress = progress
        certificates, actor = self._certificates, self._actor()
        self.batch_task = self._runner.run(
            lambda report: certificates.issue_batch(programme_id, kind, language, folder, actor, report),
            on_success=lambda result: self._batch_done(result, folder),
            on_error=self._batch_failed,
            on_progress=self._batch_progressed,
        )
        progress.canceled.connect(self.batch_task.cancel)
        progress.open()

    def _batch_progressed(self, done: int, total: int, message: str) -> None:
        progress = self.progress
        if progress is None:
            return
        progress.setLabelText(_tr("Issuing certificates: {done} of {total}…").format(
            done=QLocale().toString(done), total=QLocale().toString(total)))
        # Last: a modal progress dialog handles events in setValue, where the batch may finish and close it.
        progress.setValue(done * 100 // max(total, 1))

    def _close_progress(self) -> None:
        self.batch_task = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _batch_done(self, result: BatchResult, folder: Path) -> None:
        self._close_progress()
        locale = QLocale()
        issued = locale.toString(len(result.issued))
        if result.cancelled:  # stopped between two certificates: those issued before stay issued
            lines = [_tr("Stopped. {count} certificates were issued before you cancelled; they are in {folder} "
                         "and in the register.").format(count=issued, folder=folder)]
        else:
            lines = [_tr("Issued {count} certificates into {folder}.").format(count=issued, folder=folder)]
        if result.skipped:
            lines.append(_tr("Not issued: {count}.").format(count=locale.toString(len(result.skipped))))
            lines.extend(f"• {skipped.reason}" for skipped in result.skipped[:MAX_SKIPPED_SHOWN])
        if result.issued:
            self._changed(lines[0], ChangeKind.PATHWAY)
        else:
            self._show_status(lines[0])
        self._show_summary("\n".join(lines), QMessageBox.Icon.Information)
        self.batch_finished.emit(result)

    def _batch_failed(self, error: BaseException) -> None:
        self._close_progress()
        if isinstance(error, OperationCancelled):  # cancelled before the first certificate
            self._show_status(_tr("No certificates were issued."))
        elif isinstance(error, DomainError):  # the folder cannot be written, say; those issued before stay
            self._events.emit_changed(Changes.of(ChangeKind.CERTIFICATES, ChangeKind.PATHWAY))
            self._show_summary(str(error), QMessageBox.Icon.Warning)
        else:
            log.error("issuing certificates for a programme failed", exc_info=error)
            self._show_summary(_tr("The certificates could not be issued: {reason}").format(reason=error),
                               QMessageBox.Icon.Critical)
        self.batch_finished.emit(None)

    def _show_summary(self, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(icon, _tr("Issue for a programme"), text, QMessageBox.StandardButton.Ok, self._parent)
        box.finished.connect(box.deleteLater)
        self.summary = box
        box.open()

