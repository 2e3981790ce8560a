"""Choosing a passphrase: to encrypt the data, to change it, or after opening with the recovery key.

The dialog stays open while the data is written again under the new key (it can take a minute for a
large caseload), showing the steps; errors appear next to their fields, and the person can try again.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
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

from mentordesk.ui.style import ERROR_STYLE
from mentordesk.ui.widgets.passphrase_fields import PassphraseFields
from mentordesk.ui.widgets.validated_field import ValidatedField


class PassphraseMode(StrEnum):
    ENCRYPT = "encrypt"
    CHANGE = "change"
    RECOVERED = "recovered"  # opened with the recovery key: only the new passphrase is asked


class PassphraseDialog(QDialog):
    """Emits `submitted(old, new, repeat)` ("" for old unless changing); the caller runs the work."""

    submitted = Signal(str, str, str)

    def __init__(self, mode: PassphraseMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.busy = False
        self.setMinimumWidth(520)
        title, intro, action = {
            PassphraseMode.ENCRYPT: (
                self.tr("Encrypt the data"),
                self.tr("MentorDesk backs the data up, writes it again under a key made from this passphrase, "
                        "checks every row, and only then replaces the file. Plain backups are encrypted too. "
                        "Without the passphrase, or the recovery sheet you can print next, nobody can open the "
                        "data: not even you."),
                self.tr("Encrypt")),
            PassphraseMode.CHANGE: (
                self.tr("Change the passphrase"),
                self.tr("The data is written again under a new key. Recovery sheets printed before stop working: "
                        "print the new one afterwards."),
                self.tr("Change passphrase")),
            PassphraseMode.RECOVERED: (
                self.tr("Choose a new passphrase"),
                self.tr("You opened the data with the recovery key. Choose a new passphrase now; the data is "
                        "written again under a new key, so print the new recovery sheet afterwards."),
                self.tr("Set passphrase")),
        }[mode]
        self.setWindowTitle(title)
        text = QLabel(intro)
        text.setWordWrap(True)

        self.old = ValidatedField()
        self.old.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new = PassphraseFields(self, self.tr("&New passphrase:") if mode is not PassphraseMode.ENCRYPT else None)
        old_form = QFormLayout()
        old_form.addRow(self.tr("&Current passphrase:"), self.old)
        old_label = old_form.labelForField(self.old)
        if isinstance(old_label, QLabel):
            old_label.setBuddy(self.old.edit)
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.step = QLabel()
        self.step.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.step.hide()
        self.progress.hide()

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        cancel = self.tr("Later") if mode is PassphraseMode.RECOVERED else self.tr("Cancel")
        self.cancel_button = self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addSpacing(6)
        if mode is PassphraseMode.CHANGE:
            layout.addLayout(old_form)
        else:
            self.old.hide()
        layout.addWidget(self.new)
        layout.addWidget(self.general_error)
        layout.addWidget(self.step)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        # The fields were parented in a different order from the one they read in: Tab follows the reading.
        chain = (self.old.edit,) if mode is PassphraseMode.CHANGE else ()
        chain += (self.new.passphrase.edit, self.new.repeat.edit, self.ok_button, self.cancel_button)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        (self.old.edit if mode is PassphraseMode.CHANGE else self.new.passphrase.edit).setFocus()

    def _submit(self) -> None:
        if self.busy:
            return
        self.general_error.hide()
        self.old.set_error("")
        self.new.show_errors({})
        self.submitted.emit(self.old.text(), self.new.text(), self.new.repeated())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.old, self.new, self.ok_button, self.cancel_button):
            widget.setEnabled(not busy)
        self.step.setVisible(busy)
        self.progress.setVisible(busy)
        if not busy:  # disabling it handed "default" to Cancel: Return must act, never cancel
            self.ok_button.setDefault(True)
        if busy:
            self.set_progress(0, 4, self.tr("Backing up the data…"))

    def set_progress(self, done: int, total: int, text: str | None = None) -> None:
        steps = (self.tr("Backing up the data…"), self.tr("Writing the data under the new key…"),
                 self.tr("Checking every row of the new file…"), self.tr("Replacing the file…"),
                 self.tr("Encrypting older backups…"))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.step.setText(text or steps[min(done, len(steps) - 1)])

    def show_errors(self, errors: Mapping[str, str]) -> None:
        self.set_busy(False)
        self.old.set_error(errors.get("old_passphrase", ""))
        if "old_passphrase" in errors:
            self.old.edit.selectAll()
            self.old.edit.setFocus()
        shown = self.new.show_errors(errors)
        others = [message for name, message in errors.items() if name not in ("old_passphrase", "passphrase",
                                                                              "repeat")]
        if others or not (shown or "old_passphrase" in errors):
            self.show_error(" ".join(others or errors.values()))

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.general_error.setText(message)
        self.general_error.show()

    def finish(self) -> None:
        """Done: forget what was typed, and close."""
        self.old.edit.clear()
        self.new.clear()
        self.busy = False
        self.accept()

    def reject(self) -> None:
        if not self.busy:  # the file is being replaced: it finishes (or undoes itself) first
            super().reject()
