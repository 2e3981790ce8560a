"""Settings' "Accounts and lock" box: who has a password and which role, and when the window locks.

A coordinator (or anyone while no worker has a password yet) sets and removes passwords and roles;
a mentor signed in may only change their own password. The services refuse whatever is not allowed
anyway: the buttons only spare people a refusal.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.config.settings import LOCK_MINUTES_RANGE
from mentordesk.enums import WorkerRole
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError
from mentordesk.ui.labels import label

if TYPE_CHECKING:
    from mentordesk.services.accounts import AccountInfo, AccountService
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents


class AccountsBox(QGroupBox):
    def __init__(self, accounts: AccountService, current_worker: CurrentWorker, events: DataEvents,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Accounts and lock"), parent)
        self._accounts = accounts
        self._current_worker = current_worker
        self._events = events
        self._rows: list[AccountInfo] = []
        self.dialog = None
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Worker"), self.tr("Role"), self.tr("Password")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.set_button = QPushButton(self.tr("Set password…"))
        self.remove_button = QPushButton(self.tr("Remove password"))
        self.role_button = QPushButton(self.tr("Make coordinator"))
        self.own_button = QPushButton(self.tr("Change my password…"))
        self.set_button.clicked.connect(self.set_password)
        self.remove_button.clicked.connect(self.remove_password)
        self.role_button.clicked.connect(self.toggle_role)
        self.own_button.clicked.connect(self.change_own_password)
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(*LOCK_MINUTES_RANGE)
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.lock_minutes.setValue(current_worker.lock_after_minutes)
        self.lock_minutes.valueChanged.connect(current_worker.set_lock_after)
        buttons = QHBoxLayout()
        for button in (self.set_button, self.remove_button, self.role_button, self.own_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel(self.tr("Lock the window after")))
        lock_row.addWidget(self.lock_minutes)
        lock_row.addWidget(QLabel(self.tr("without use (Ctrl+L locks it at once).")))
        lock_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addLayout(lock_row)
        events.changed.connect(lambda changes: self.refresh() if changes.touches(ChangeKind.WORKERS) else None)
        self.refresh()

    # ---- showing

    def refresh(self) -> None:
        self._rows = [account for account in self._accounts.accounts() if account.is_active]
        on = any(account.has_password for account in self._rows)
        self.state.setText(self.tr(
            "Workers with a password sign in when MentorDesk starts; a mentor then sees only their own mentees.")
            if on else self.tr("No worker has a password: anyone using this laptop sees everything. Set a "
                               "coordinator's password first to turn sign-in on."))
        self.state.setForegroundRole(QPalette.ColorRole.WindowText if on else QPalette.ColorRole.PlaceholderText)
        self.table.setRowCount(len(self._rows))
        for row, account in enumerate(self._rows):
            for column, text in enumerate((account.name, label(account.role),
                                           self.tr("Set") if account.has_password else self.tr("None"))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(account.worker_id))
                self.table.setItem(row, column, item)
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + min(max(len(self._rows), 1), 6) * self.table.verticalHeader().defaultSectionSize()
                                  + 2 * self.table.frameWidth())
        self._update_buttons()

    def _selected(self) -> AccountInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def _managing(self) -> bool:
        principal = self._accounts.access.principal
        return principal.is_coordinator if principal is not None else not self._accounts_on()

    def _accounts_on(self) -> bool:
        return any(account.has_password for account in self._rows)

    def _update_buttons(self) -> None:
        selected, managing = self._selected(), self._managing()
        for button in (self.set_button, self.remove_button, self.role_button):
            button.setVisible(managing)
        self.set_button.setEnabled(selected is not None)
        self.remove_button.setEnabled(selected is not None and selected.has_password)
        self.role_button.setEnabled(selected is not None)
        if selected is not None:
            self.role_button.setText(self.tr("Make mentor") if selected.role is WorkerRole.COORDINATOR
                                     else self.tr("Make coordinator"))
        self.own_button.setVisible(self._accounts.access.principal is not None)

    # ---- acting

    def set_password(self) -> None:
        account = self._selected()
        if account is not None:
            self._open_password_dialog(account.worker_id, account.name, ask_current=False)

    def change_own_password(self) -> None:
        principal = self._accounts.access.principal
        if principal is not None:
            self._open_password_dialog(principal.worker_id, principal.name, ask_current=not principal.is_coordinator)

    def _open_password_dialog(self, worker_id: uuid.UUID, name: str, ask_current: bool) -> None:
        from mentordesk.ui.dialogs.password_dialog import PasswordDialog

        was_on = self._accounts_on()
        dialog = PasswordDialog(self._accounts, worker_id, name, ask_current, self)

        def saved() -> None:
            self._changed()
            if not was_on:
                QMessageBox.information(self, self.tr("Accounts"), self.tr(
                    "Sign-in is on: from the next start MentorDesk asks who is working, and each worker needs a "
                    "password. Set the others' passwords here."))

        dialog.accepted.connect(saved)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def remove_password(self) -> None:
        account = self._selected()
        if account is not None:
            self._act(lambda: self._accounts.remove_password(account.worker_id))

    def toggle_role(self) -> None:
        account = self._selected()
        if account is not None:
            role = WorkerRole.MENTOR if account.role is WorkerRole.COORDINATOR else WorkerRole.COORDINATOR
            self._act(lambda: self._accounts.set_role(account.worker_id, role))

    def _act(self, change) -> None:  # noqa: ANN001 (a callable without arguments)
        try:
            change()
        except DomainError as refused:
            QMessageBox.warning(self, self.tr("Accounts"), str(refused))
            return
        self._changed()

    def _changed(self) -> None:
        self._events.emit_changed(Changes.of(ChangeKind.WORKERS))
