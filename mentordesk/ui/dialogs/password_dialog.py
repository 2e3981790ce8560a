"""Setting a worker's password: typed twice; one's own change also asks for the current one."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from mentordesk.services.errors import ValidationError
from mentordesk.ui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from mentordesk.services.accounts import AccountService


class PasswordDialog(FormDialog):
    def __init__(self, accounts: AccountService, worker_id: uuid.UUID, name: str, ask_current: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Password of {name}").format(name=name), self.tr("Set password"), parent)
        self.setMinimumWidth(460)
        self._accounts = accounts
        self._worker_id = worker_id
        self.current = _secret() if ask_current else None
        if self.current is not None:
            self.add_field("current_password", self.tr("&Current password:"), self.current)
        self.password = self.add_field("password", self.tr("&New password:"), _secret())
        self.again = self.add_field("again", self.tr("&Again:"), _secret())
        self.password.setPlaceholderText(self.tr("at least 10 characters; a few words are easy to remember"))

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            raise ValidationError({"again": self.tr("The two passwords differ.")})
        self._accounts.set_password(self._worker_id, self.password.text(),
                                    current_password=self.current.text() if self.current is not None else None)


def _secret() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit
