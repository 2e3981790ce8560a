"""First start: who is using MentorDesk, and an offer to explore with demo data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.encryption import check_new_passphrase
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.ui.style import ERROR_STYLE
from mentordesk.ui.widgets.passphrase_fields import PassphraseFields
from mentordesk.ui.widgets.validated_field import ValidatedField

Submit = Callable[[str, str, str], object]


class SetupDialog(QDialog):
    """Collects the three names; `submit` saves them and raises ValidationError to refuse.

    Refused input stays in the fields, with each message under its field.
    """

    def __init__(self, submit: Submit, parent: QWidget | None = None, *, offer_encryption: bool = False) -> None:
        super().__init__(parent)
        self._submit = submit
        self.demo_only = False
        self.saved: object = None  # what `submit` returned (the service's SetupResult)
        #: The passphrase chosen to protect the data, once Start succeeded; None when not protecting.
        self.passphrase: str | None = None
        self.setWindowTitle(self.tr("Welcome to MentorDesk"))
        self.setMinimumWidth(520)

        heading = QLabel(self.tr("Let's set up MentorDesk"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(self.tr(
            "Everything stays on this computer. Tell MentorDesk who runs the mentoring and the "
            "programme you start with; you can add more programmes and workers later."
        ))
        intro.setWordWrap(True)

        self.organisation = ValidatedField(self.tr("e.g. Northside Youth Centre"))
        self.worker = ValidatedField(self.tr("e.g. Ana Nowak"))
        self.programme = ValidatedField(self.tr("e.g. Pathways 2027"))
        self.fields = {
            "organisation_name": self.organisation,
            "worker_name": self.worker,
            "programme_name": self.programme,
        }
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("&Organisation:"), self.organisation)
        form.addRow(self.tr("&Your name:"), self.worker)
        form.addRow(self.tr("&Programme:"), self.programme)
        for label_field in (self.organisation, self.worker, self.programme):
            label = form.labelForField(label_field)
            if isinstance(label, QLabel):
                label.setBuddy(label_field.edit)

        self.load_demo = QCheckBox(self.tr("Also load demo data (200 fictional mentees) to try things out"))
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        self.demo_button: QPushButton = self.buttons.addButton(
            self.tr("Just explore with demo data"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.quit_button = self.buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self._start)
        self.demo_button.clicked.connect(self._explore_demo)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        self._add_protection(layout, offer_encryption)
        layout.addWidget(self.load_demo)
        layout.addWidget(self.general_error)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)

    def _add_protection(self, layout: QVBoxLayout, offered: bool) -> None:
        """"Protect the data with a passphrase (recommended)": on unless unticked; checked before anything is saved."""
        self.protect = QCheckBox(self.tr("&Protect the data with a passphrase (recommended)"))
        self.protect.setChecked(offered)
        self.protect_hint = QLabel(self.tr(
            "Nobody can read the data without it, even with the laptop or a copy of the file. If it is lost, only "
            "the recovery sheet you print next opens the data."))
        self.protect_hint.setWordWrap(True)
        self.passphrase_fields = PassphraseFields(self)
        self.protect.toggled.connect(self.passphrase_fields.setEnabled)
        self.protect.toggled.connect(lambda _on: self.passphrase_fields.show_errors({}))
        if offered:
            layout.addSpacing(6)
            layout.addWidget(self.protect)
            layout.addWidget(self.protect_hint)
            layout.addWidget(self.passphrase_fields)
            # Parented out of reading order, so Tab would jump about: go down the form as it reads.
            chain = (self.programme.edit, self.protect, self.passphrase_fields.passphrase.edit,
                     self.passphrase_fields.repeat.edit)
            for first, second in zip(chain, chain[1:], strict=False):
                QWidget.setTabOrder(first, second)

    def _checked_passphrase(self) -> str | None | bool:
        """The passphrase to protect the data with, None when not protecting, False when refused (shown)."""
        if not self.protect.isChecked():
            return None
        try:
            check_new_passphrase(self.passphrase_fields.text(), self.passphrase_fields.repeated())
        except ValidationError as error:
            self.passphrase_fields.show_errors(error.errors)
            return False
        return self.passphrase_fields.text()

    def _start(self) -> None:
        for field in self.fields.values():
            field.set_error("")
        self.general_error.hide()
        passphrase = self._checked_passphrase()
        if passphrase is False:
            return
        try:
            self.saved = self._submit(self.organisation.text(), self.worker.text(), self.programme.text())
        except ValidationError as error:
            for name, message in error.errors.items():
                self.fields[name].set_error(message)
            first_invalid = next(iter(error.errors))
            self.fields[first_invalid].edit.setFocus()
            return
        except DomainError as error:
            self.general_error.setText(str(error))
            self.general_error.show()
            return
        self.passphrase = passphrase if isinstance(passphrase, str) else None
        self.passphrase_fields.clear()
        self.accept()

    def _explore_demo(self) -> None:
        self.demo_only = True
        self.accept()

    def wants_demo(self) -> bool:
        return self.demo_only or self.load_demo.isChecked()
