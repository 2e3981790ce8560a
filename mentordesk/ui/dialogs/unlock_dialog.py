"""Opening encrypted data: the passphrase (or the recovery key), asked before anything is read."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from mentordesk.ui.widgets.validated_field import ValidatedField


class UnlockDialog(QDialog):
    """Emits `submitted(passphrase)`; the caller opens the data and calls `show_error()` or closes it.

    Cancel (or Esc) rejects: the app quits, as there is nothing it can show without the data.
    """

    submitted = Signal(str)

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unlock MentorDesk"))
        self.setMinimumWidth(480)
        self.busy = False
        heading = QLabel(self.tr("This data is encrypted"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(self.tr("Enter its passphrase to open it. If the passphrase is lost, type the recovery key "
                               "from the recovery sheet instead."))
        intro.setWordWrap(True)
        where = QLabel(location)
        where.setWordWrap(True)
        where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.passphrase = ValidatedField()
        self.passphrase.edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        label = form.labelForField(self.passphrase)
        if isinstance(label, QLabel):
            label.setBuddy(self.passphrase.edit)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # opening takes a moment: the key derivation is slow on purpose
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton(self.tr("Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.quit_button = self.buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self._submit)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        if self.busy:
            return
        text = self.passphrase.text()
        if not text:
            self.passphrase.set_error(self.tr("Type the passphrase, or the recovery key."))
            return
        self.set_busy(True)
        self.submitted.emit(text)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.passphrase.edit.setEnabled(not busy)
        self.open_button.setEnabled(not busy)
        self.quit_button.setEnabled(not busy)
        if not busy:  # disabling it handed "default" to Quit: Return must open, never quit
            self.open_button.setDefault(True)

    def show_error(self, message: str) -> None:
        """The passphrase was refused: say why under the field, and let the person try again."""
        self.set_busy(False)
        self.passphrase.set_error(message)
        self.passphrase.edit.selectAll()
        self.passphrase.edit.setFocus()

    def finish(self) -> None:
        """The data is open: forget the typed text and close."""
        self.passphrase.edit.clear()
        self.busy = False
        self.accept()

    def reject(self) -> None:
        if not self.busy:  # not while the data is being opened
            super().reject()
