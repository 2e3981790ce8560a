"""Step 2: the learning plan agreed — the date and both names, as they will be printed on the one-page
agreement the young person and the mentor sign on paper (the caller offers the PDF once this is saved)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from mentordesk.services.pathway_forms import AgreementForm
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.pathway_dialog_fields import notes_edit, worker_combo

Save = Callable[[AgreementForm], object]  # raises ValidationError to refuse


class AgreementDialog(FormDialog):
    """`mentors` are (id, name) pairs; choosing one fills the mentor's printed name until that is typed over.
    `result_value` is what `save` returned."""

    def __init__(self, save: Save, default_mentee_name: str, default_mentor_name: str,
                 mentors: Sequence[tuple[uuid.UUID, str]], default_mentor_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Agree the learning plan"), self.tr("Record the agreement"), parent)
        self._save = save
        self.agreed_on = self.add_field("agreed_on", self.tr("Agreed &on:"), DateField(date.today(), optional=False))
        self.mentee_signatory = self.add_field("mentee_signatory", self.tr("&Young person:"), QLineEdit())
        self.mentee_signatory.setText(default_mentee_name)
        self.mentee_signatory.setToolTip(self.tr("The name printed above the young person's signature"))
        self.mentor = self.add_field("mentor_id", self.tr("&Mentor:"), worker_combo(
            mentors, self.tr("Not one of the workers"), default_mentor_id, default_mentor_name))
        self.mentor_signatory = self.add_field("mentor_signatory", self.tr("Mentor's &name:"), QLineEdit())
        self.mentor_signatory.setText(default_mentor_name or (self.mentor.currentText()
                                                              if self.mentor.currentData() else ""))
        self.mentor_signatory.setToolTip(self.tr("The name printed above the mentor's signature"))
        for edit in (self.mentee_signatory, self.mentor_signatory):
            edit.setMaxLength(200)
        self.note = self.add_field("note", self.tr("N&ote:"), notes_edit(
            3, self.tr("Anything agreed besides the activities, e.g. how often you meet")))
        self._typed_name = False
        self.mentor_signatory.textEdited.connect(self._name_typed)
        self.mentor.currentIndexChanged.connect(self._mentor_chosen)
        self.agreed_on.setFocus()

    def _name_typed(self) -> None:
        self._typed_name = bool(self.mentor_signatory.text().strip())

    def _mentor_chosen(self) -> None:
        if not self._typed_name and self.mentor.currentData() is not None:
            self.mentor_signatory.setText(self.mentor.currentText())

    def form_value(self) -> AgreementForm:
        return AgreementForm(
            agreed_on=self.agreed_on.value() or date.today(),
            mentee_signatory=self.mentee_signatory.text().strip(),
            mentor_signatory=self.mentor_signatory.text().strip(),
            mentor_id=self.mentor.currentData(),
            note=self.note.toPlainText().strip(),
        )

    def submit(self) -> object:
        return self._save(self.form_value())
