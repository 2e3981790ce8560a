"""A new passphrase typed twice, with a short strength hint and each error under its field."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from mentordesk.services.encryption import MIN_PASSPHRASE_LENGTH, Strength, passphrase_strength
from mentordesk.ui.style import ERROR_STYLE
from mentordesk.ui.widgets.validated_field import ValidatedField


class PassphraseFields(QWidget):
    """Field names follow the service's ValidationError keys: "passphrase" and "repeat"."""

    def __init__(self, parent: QWidget | None = None, label: str | None = None) -> None:
        super().__init__(parent)
        self.passphrase = ValidatedField(self.tr("at least {count} characters").format(count=MIN_PASSPHRASE_LENGTH))
        self.repeat = ValidatedField(self.tr("the same again"))
        for field in (self.passphrase, self.repeat):
            field.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.passphrase.edit.textChanged.connect(self._show_strength)
        self.fields = {"passphrase": self.passphrase, "repeat": self.repeat}

        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.passphrase)
        column.addWidget(self.strength)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(label or self.tr("&Passphrase:"), column)
        form.addRow(self.tr("&Repeat it:"), self.repeat)
        for edit, row in ((self.passphrase.edit, 0), (self.repeat.edit, 1)):
            buddy = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(buddy, QLabel):
                buddy.setBuddy(edit)
        self._show_strength("")

    def text(self) -> str:
        return self.passphrase.text()

    def repeated(self) -> str:
        return self.repeat.text()

    def clear(self) -> None:
        self.passphrase.edit.clear()
        self.repeat.edit.clear()

    def show_errors(self, errors: Mapping[str, str]) -> bool:
        """Each message under its field; focus on the first. True when any was one of these fields'."""
        shown = False
        for name, field in self.fields.items():
            field.set_error(errors.get(name, ""))
            if name in errors and not shown:
                field.edit.setFocus()
                shown = True
        return shown

    def _show_strength(self, text: str) -> None:
        if not text:
            hint, warn = self.tr("Four or five unrelated words make a passphrase that is strong and easy to "
                                 "remember."), False
        else:
            strength = passphrase_strength(text)
            hint, warn = {
                Strength.TOO_SHORT: (self.tr("Too short: {count} of at least {least} characters.").format(
                    count=len(text), least=MIN_PASSPHRASE_LENGTH), True),
                Strength.WEAK: (self.tr("Weak: easy to guess. Add a few more words."), True),
                Strength.FAIR: (self.tr("Fair: one or two more words make it strong."), False),
                Strength.STRONG: (self.tr("Strong."), False),
            }[strength]
        self.strength.setText(hint)
        self.strength.setStyleSheet(ERROR_STYLE if warn else "")
        self.strength.setForegroundRole(QPalette.ColorRole.WindowText if warn else QPalette.ColorRole.PlaceholderText)
