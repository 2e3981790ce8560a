"""Signing in when MentorDesk starts (once workers have passwords), or to switch worker."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from mentordesk import APP_NAME
from mentordesk.ui.widgets.sign_in_form import SignInForm

if TYPE_CHECKING:
    from mentordesk.services.access import Principal
    from mentordesk.services.accounts import AccountService


class SignInDialog(QDialog):
    def __init__(self, accounts: AccountService, worker_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to {app}").format(app=APP_NAME))
        self.setMinimumWidth(460)
        self.principal: Principal | None = None
        intro = QLabel(self.tr("Who is working? Each worker sees the mentees they may see."))
        intro.setWordWrap(True)
        self.form = SignInForm(accounts, self.tr("Sign in"), self, worker_id=worker_id)
        self.form.signed_in.connect(self._signed_in)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.form.focus_password()

    def _signed_in(self, principal: Principal) -> None:
        self.principal = principal
        self.accept()
