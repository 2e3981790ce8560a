"""Settings' "Security" box: is the data encrypted, and the buttons to encrypt, rekey or print the recovery sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mentordesk.services.encryption import EncryptionService
from mentordesk.ui.security_actions import SecurityActions
from mentordesk.ui.tasks import TaskRunner


class SecurityBox(QGroupBox):
    def __init__(self, encryption: EncryptionService, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Security"))
        self._encryption = encryption
        self.actions = SecurityActions(encryption, runner, self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.encrypt_button = QPushButton(self.tr("Encrypt the data…"))
        self.change_button = QPushButton(self.tr("Change passphrase…"))
        self.sheet_button = QPushButton(self.tr("Recovery sheet…"))
        self.sheet_button.setToolTip(self.tr("Save the one-page sheet with the recovery key, to print and lock away."))
        self.encrypt_button.clicked.connect(self.actions.encrypt)
        self.change_button.clicked.connect(lambda: self.actions.change_passphrase())
        self.sheet_button.clicked.connect(self.actions.save_recovery_sheet)
        #: What the last action did (a status line would be out of sight on this long page).
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.hide()
        self.actions.status_message.connect(self._show_note)
        self.actions.changed.connect(self.refresh)

        buttons = QHBoxLayout()
        for button in (self.encrypt_button, self.change_button, self.sheet_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.refresh()

    def refresh(self) -> None:
        """Cheap (a file lookup or two, no query): run on every show, as setup may have encrypted meanwhile."""
        status = self._encryption.status()
        if not status.supported:
            self.state.setText(self.tr("The data is not in a MentorDesk file here, so MentorDesk cannot encrypt it."))
            self.detail.setText("")
        elif status.encrypted:
            assert status.kdf is not None
            self.state.setText(self.tr("The data is encrypted: it opens only with the passphrase or the recovery "
                                       "key."))
            self.detail.setText(self.tr("Key made with Argon2id ({memory} MiB, {passes} passes) and kept in memory "
                                        "only while MentorDesk runs.").format(
                memory=status.kdf.memory_kib // 1024, passes=status.kdf.time_cost))
        else:
            self.state.setText(self.tr("The data is not encrypted: anyone who copies the data file can read it."))
            self.detail.setText(self.tr("{count} backups are not encrypted either; encrypting the data encrypts "
                                        "them too.").format(count=status.plain_backups) if status.plain_backups
                                else self.tr("Encrypting is recommended, above all on a laptop."))
        self.detail.setVisible(bool(self.detail.text()))
        self.encrypt_button.setVisible(status.supported and not status.encrypted)
        self.change_button.setVisible(status.encrypted)
        self.sheet_button.setVisible(status.encrypted)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self.refresh()
        super().showEvent(event)

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()
