"""Erasing a mentee for good (GDPR Art. 17): says what goes and what stays, and asks for the code.

Typing the reference code, rather than clicking "Yes", makes the person stop and check they
have the right mentee: the erasure cannot be undone. `erase` does the work (usually
`PersonalDataService.erase` bound to the mentee's id) and raises DomainError or
ValidationError to refuse; the reason is shown in the dialog, which stays open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.errors import DomainError
from mentordesk.ui.style import ERROR_COLOUR, ERROR_STYLE

Erase = Callable[[str], object]



log = logging.getLogger(__name__)

class EraseDialog(QDialog):
    def __init__(self, reference_code: str, full_name: str, erase: Erase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = reference_code
        self._erase = erase
        self.erase_result: object = None
        self.setWindowTitle(self.tr("Erase personal data"))
        self.setMinimumWidth(540)

        heading = QLabel(self.tr("Erase {name} ({code}) permanently?").format(name=full_name, code=reference_code))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)

        deleted = QLabel(self.tr(
            "<b>Deleted:</b> their details, consent records, status history, case notes and enrolments; "
            "their one-to-one sessions and the follow-ups about them; their assessments, learning plan, "
            "learning outcomes and evidence files. Group sessions stay for the other participants, "
            "without this person."
        ))
        kept = QLabel(self.tr(
            "<b>Kept:</b> the serial numbers of certificates issued to them stay in the certificate "
            "register, marked as erased, so a certificate can still be checked as genuine or revoked. "
            "The audit trail notes that an erasure took place, without their name or code."
        ))
        warning = QLabel(self.tr(
            "This cannot be undone. If the person asked for a copy of their data, export it first."
        ))
        for label in (deleted, kept, warning):
            label.setWordWrap(True)

        prompt = QLabel(self.tr("To confirm, type the reference code <b>{code}</b>:").format(code=reference_code))
        self.code_edit = QLineEdit()
        self.code_edit.setAccessibleName(self.tr("Reference code"))
        prompt.setBuddy(self.code_edit)

        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox()
        self.cancel_button: QPushButton = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button: QPushButton = self.buttons.addButton(
            self.tr("Erase permanently"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setStyleSheet(f"QPushButton:enabled {{ color: {ERROR_COLOUR}; font-weight: bold; }}")
        self.erase_button.setEnabled(False)
        # Neither button is the default: Return in the code field must not cancel by surprise,
        # and it erases only through `_confirm`, which checks the code again.
        for button in (self.cancel_button, self.erase_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.erase_button.clicked.connect(self._confirm)
        self.code_edit.textChanged.connect(self._code_changed)
        self.code_edit.returnPressed.connect(self._confirm)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(deleted)
        layout.addWidget(kept)
        layout.addWidget(warning)
        layout.addSpacing(6)
        layout.addWidget(prompt)
        layout.addWidget(self.code_edit)
        layout.addWidget(self.error_label)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.code_edit.setFocus()

    def _matches(self) -> bool:
        return self.code_edit.text().strip() == self._code

    def _code_changed(self, _text: str) -> None:
        self.error_label.hide()
        self.erase_button.setEnabled(self._matches())

    def _confirm(self) -> None:
        if not self._matches():
            return
        self.erase_button.setEnabled(False)  # no second click while the erasure runs
        try:
            self.erase_result = self._erase(self.code_edit.text().strip())
        except Exception as error:  # a refusal (DomainError) or a failure: either way nothing was erased
            if not isinstance(error, DomainError):
                log.exception("erasure failed")
                error = DomainError(self.tr("Nothing was erased: {reason}").format(reason=error))
            self.error_label.setText(str(error))
            self.error_label.show()
            self.erase_button.setEnabled(self._matches())
            return
        self.accept()
