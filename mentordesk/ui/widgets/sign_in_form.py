"""Choose a worker and type the password: the sign-in dialog's and the lock screen's form.

Errors appear under the field they concern: an unknown or password-less worker under the worker,
a wrong password or the wait after too many under the password.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from mentordesk.services.errors import DomainError
from mentordesk.ui.labels import label
from mentordesk.ui.style import ERROR_STYLE

if TYPE_CHECKING:
    from mentordesk.services.access import Principal
    from mentordesk.services.accounts import AccountService


class SignInForm(QWidget):
    signed_in = Signal(object)  # Principal

    def __init__(self, accounts: AccountService, submit_text: str, parent: QWidget | None = None, *,
                 worker_id: uuid.UUID | None = None, verify_only: bool = False) -> None:
        """`verify_only`: check the password without signing in (unlocking as the same worker)."""
        super().__init__(parent)
        self._accounts = accounts
        self._verify_only = verify_only
        self.worker = QComboBox()
        self.worker.setMinimumContentsLength(24)
        self.worker.currentIndexChanged.connect(lambda _index: self._show_errors("", ""))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textEdited.connect(lambda _text: self.password_error.hide())
        self.password.returnPressed.connect(self.submit)
        self.worker_error, self.password_error = _error_label(), _error_label()
        self.submit_button = QPushButton(submit_text)
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("&Worker:"), self.worker)
        form.addRow("", self.worker_error)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow("", self.password_error)
        submit_row = QHBoxLayout()
        submit_row.addWidget(self.submit_button)
        submit_row.addStretch(1)
        form.addRow("", submit_row)
        self.fill_workers(worker_id)

    def fill_workers(self, chosen: uuid.UUID | None = None, fixed: bool | None = None) -> None:
        """Offer the active workers who have a password; `chosen` first selected (and alone, when `fixed`)."""
        fixed = self._verify_only if fixed is None else fixed
        self.worker.clear()
        for account in self._accounts.accounts():
            if account.is_active and account.has_password and (not fixed or account.worker_id == chosen):
                self.worker.addItem(self.tr("{name} ({role})").format(name=account.name, role=label(account.role)),
                                    str(account.worker_id))
        index = self.worker.findData(str(chosen)) if chosen else -1
        self.worker.setCurrentIndex(max(index, 0))
        self.worker.setEnabled(not fixed)
        self.password.clear()
        self._show_errors("", "")

    def set_verify_only(self, verify_only: bool) -> None:
        """Unlock (check the password only) or sign in (switch who is working)."""
        self._verify_only = verify_only

    def worker_id(self) -> uuid.UUID | None:
        data = self.worker.currentData()
        return uuid.UUID(data) if data else None

    def submit(self) -> None:
        from mentordesk.services.accounts import SignInThrottled, WrongPassword

        worker_id = self.worker_id()
        if worker_id is None:
            self._show_errors(self.tr("Choose who you are."), "")
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # checking a password takes a moment
        try:
            check = self._accounts.verify_password if self._verify_only else self._accounts.sign_in
            principal: Principal = check(worker_id, self.password.text())
        except (WrongPassword, SignInThrottled) as refused:
            self._show_errors("", str(refused))
            self.password.selectAll()
            return
        except DomainError as refused:
            self._show_errors(str(refused), "")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.password.clear()
        self.signed_in.emit(principal)

    def focus_password(self) -> None:
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_errors(self, worker: str, password: str) -> None:
        for error, text in ((self.worker_error, worker), (self.password_error, password)):
            error.setText(text)
            error.setVisible(bool(text))


def _error_label() -> QLabel:
    error = QLabel()
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.hide()
    return error
