"""Revoke…: why, and a last look at which certificate, before what cannot be undone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from mentordesk.services.errors import ValidationError
from mentordesk.ui.labels import format_date
from mentordesk.ui.style import ERROR_STYLE
from mentordesk.ui.widgets.form_dialog import FormDialog

MAX_REASON = 500  # the register's column


class RevokeDialog(FormDialog):
    """`revoke(reason)` calls the service; the dialog itself is the confirmation, so it says what will happen."""

    def __init__(self, serial: str, holder: str, issued_on, revoke: Callable[[str], object],  # noqa: ANN001 (date)
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Revoke certificate"), self.tr("Revoke certificate"), parent)
        self._revoke = revoke
        self.save_button.setDefault(False)  # Return in the reason must not revoke by accident
        self.save_button.setStyleSheet(ERROR_STYLE)
        what = QLabel(self.tr("{serial}, issued to {holder} on {date}.").format(
            serial=serial, holder=holder, date=format_date(issued_on)))
        what.setWordWrap(True)
        self.form.addRow(what)
        self.reason = self.add_field("reason", self.tr("&Reason:"), QPlainTextEdit())
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText(self.tr("e.g. issued to the wrong person; an outcome was recorded in error"))
        self.reason.textChanged.connect(self._update_button)
        warning = QLabel(self.tr("Anyone who checks this certificate from now on is told it is not valid, with "
                                 "this reason. Revoking cannot be undone."))
        warning.setWordWrap(True)
        self.form.addRow(warning)
        self._update_button()

    def _update_button(self) -> None:
        self.save_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def submit(self) -> object:
        reason = " ".join(self.reason.toPlainText().split())
        if not reason:
            raise ValidationError({"reason": self.tr("Say why the certificate is revoked.")})
        if len(reason) > MAX_REASON:
            raise ValidationError({"reason": self.tr("Keep the reason under {count} characters.").format(
                count=MAX_REASON)})
        return self._revoke(reason)
