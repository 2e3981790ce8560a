"""Add or edit a mentee: errors under each field, a warning for a likely duplicate, nothing typed lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from mentordesk.enums import Gender
from mentordesk.services.mentees import DuplicateWarning, MenteeDetail, MenteeForm
from mentordesk.ui.labels import label
from mentordesk.ui.style import ERROR_COLOUR
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog

Save = Callable[[MenteeForm, bool], MenteeDetail]  # (form, confirmed duplicate) -> saved record


class MenteeDialog(FormDialog):
    def __init__(self, save: Save, initial: MenteeForm | None = None, parent: QWidget | None = None) -> None:
        editing = initial is not None
        super().__init__(self.tr("Edit mentee") if editing else self.tr("Add a mentee"),
                         self.tr("Save") if editing else self.tr("Add mentee"), parent)
        self._save = save
        self._confirmed = False
        self.first_name = self.add_field("first_name", self.tr("&First name:"), QLineEdit())
        self.last_name = self.add_field("last_name", self.tr("&Last name:"), QLineEdit())
        self.preferred_name = self.add_field("preferred_name", self.tr("&Preferred name:"), QLineEdit())
        self.preferred_name.setPlaceholderText(self.tr("What they like to be called (optional)"))
        self.birth_date = self.add_field("birth_date", self.tr("&Birth date:"), DateField())
        self.gender = self.add_field("gender", self.tr("&Gender:"), QComboBox())
        for value in Gender:
            self.gender.addItem(label(value), value)
        self.email = self.add_field("email", self.tr("&Email:"), QLineEdit())
        self.phone = self.add_field("phone", self.tr("P&hone:"), QLineEdit())
        self.postcode = self.add_field("postcode", self.tr("Post&code:"), QLineEdit())
        self.languages = self.add_field("languages", self.tr("L&anguages:"), QLineEdit())
        self.languages.setPlaceholderText(self.tr("e.g. Romanian, English"))

        self.duplicate_note = QLabel()
        self.duplicate_note.setWordWrap(True)
        self.duplicate_note.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.duplicate_note.hide()
        self.save_anyway = QPushButton(self.tr("Save anyway: it is a different person"))
        self.save_anyway.hide()
        self.save_anyway.clicked.connect(self._save_anyway)
        self.layout_.insertWidget(1, self.duplicate_note)
        self.layout_.insertWidget(2, self.save_anyway)
        if initial is not None:
            self._fill(initial)
        self.first_name.setFocus()

    def _fill(self, form: MenteeForm) -> None:
        self.first_name.setText(form.first_name)
        self.last_name.setText(form.last_name)
        self.preferred_name.setText(form.preferred_name)
        self.birth_date.set_value(form.birth_date)
        self.gender.setCurrentIndex(self.gender.findData(form.gender))
        self.email.setText(form.email)
        self.phone.setText(form.phone)
        self.postcode.setText(form.postcode)
        self.languages.setText(form.languages)

    def form_value(self) -> MenteeForm:
        birth: date | None = self.birth_date.value()
        return MenteeForm(
            first_name=self.first_name.text(), last_name=self.last_name.text(), birth_date=birth,
            preferred_name=self.preferred_name.text(), gender=self.gender.currentData(), email=self.email.text(),
            phone=self.phone.text(), postcode=self.postcode.text(), languages=self.languages.text(),
        )

    def submit(self) -> MenteeDetail:
        self.duplicate_note.hide()
        self.save_anyway.hide()
        try:
            return self._save(self.form_value(), self._confirmed)
        except DuplicateWarning as warning:
            self.duplicate_note.setText(str(warning))
            self.duplicate_note.show()
            self.save_anyway.show()
            raise _Stay() from warning

    def _save_anyway(self) -> None:
        self._confirmed = True
        self.accept()

    def accept(self) -> None:
        try:
            super().accept()
        except _Stay:
            return


class _Stay(Exception):
    """The form waits for the person to confirm a likely duplicate."""
