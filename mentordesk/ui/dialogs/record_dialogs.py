"""Small dialogs on a mentee's record: status change, enrolment, change of mentor, consent."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QRadioButton, QWidget

from mentordesk.enums import ConsentAction, ConsentGiver, ConsentMethod, ConsentPurpose, MenteeStatus
from mentordesk.services.consent import ConsentEntry
from mentordesk.services.mentees import TRANSITIONS
from mentordesk.ui.labels import label
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog

Choices = Sequence[tuple[uuid.UUID, str]]


class StatusDialog(FormDialog):
    def __init__(self, current: MenteeStatus, save: Callable[[MenteeStatus, date, str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change status"), self.tr("Change status"), parent)
        self._save = save
        self.status = self.add_field("status", self.tr("&New status:"), QComboBox())
        for status in MenteeStatus:
            if status in TRANSITIONS[current]:
                self.status.addItem(label(status), status)
        self.changed_on = self.add_field("changed_on", self.tr("&From:"), DateField(date.today(), optional=False))
        self.reason = self.add_field("reason", self.tr("&Reason:"), QPlainTextEdit())
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText(self.tr("Needed for on hold and withdrawn; kept in the history"))

    def submit(self) -> object:
        return self._save(self.status.currentData(), self.changed_on.value(), self.reason.toPlainText())


class EnrolDialog(FormDialog):
    def __init__(self, programmes: Choices, mentors: Choices, default_mentor: uuid.UUID | None,
                 save: Callable[[uuid.UUID, uuid.UUID | None, date], object], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Enrol in a programme"), self.tr("Enrol"), parent)
        self._save = save
        self.programme = self.add_field("programme", self.tr("&Programme:"), QComboBox())
        for programme_id, name in programmes:
            self.programme.addItem(name, programme_id)
        self.mentor = self.add_field("mentor", self.tr("&Mentor:"), _worker_combo(mentors, default_mentor))
        self.started_on = self.add_field("started_on", self.tr("&Starting:"), DateField(date.today(), optional=False))

    def submit(self) -> object:
        return self._save(self.programme.currentData(), self.mentor.currentData(), self.started_on.value())


class ReassignDialog(FormDialog):
    def __init__(self, mentors: Choices, current_mentor: uuid.UUID | None,
                 save: Callable[[uuid.UUID, date, str], object], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change mentor"), self.tr("Change mentor"), parent)
        self._save = save
        others = [(worker_id, name) for worker_id, name in mentors if worker_id != current_mentor]
        self.mentor = self.add_field("mentor", self.tr("&New mentor:"), _worker_combo(others, None))
        self.on = self.add_field("on", self.tr("&From:"), DateField(date.today(), optional=False))
        self.reason = self.add_field("reason", self.tr("&Reason:"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("e.g. caseload rebalanced; kept in the history"))

    def submit(self) -> object:
        return self._save(self.mentor.currentData(), self.on.value(), self.reason.text())


class ConsentDialog(FormDialog):
    """Record consent given or withdrawn; under the consent age the guardian's details are asked for."""

    def __init__(self, save: Callable[[ConsentEntry], object], guardian_needed: bool,
                 purpose: ConsentPurpose = ConsentPurpose.PROCESSING, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Record consent"), self.tr("Record"), parent)
        self._save = save
        self.purpose = self.add_field("purpose", self.tr("&Purpose:"), QComboBox())
        for value in ConsentPurpose:
            self.purpose.addItem(label(value), value)
        self.purpose.setCurrentIndex(self.purpose.findData(purpose))
        self.given = QRadioButton(self.tr("Given"))
        self.withdrawn = QRadioButton(self.tr("Withdrawn"))
        self.given.setChecked(True)
        self.add_field("action", self.tr("Consent:"), _radio_row(self.given, self.withdrawn))
        self.by_self = QRadioButton(self.tr("The mentee"))
        self.by_guardian = QRadioButton(self.tr("A parent or guardian"))
        (self.by_guardian if guardian_needed else self.by_self).setChecked(True)
        self.add_field("given_by", self.tr("Given by:"), _radio_row(self.by_self, self.by_guardian))
        self.guardian_name = self.add_field("guardian_name", self.tr("&Guardian's name:"), QLineEdit())
        self.guardian_relationship = self.add_field("guardian_relationship", self.tr("&Relationship:"), QLineEdit())
        self.guardian_relationship.setPlaceholderText(self.tr("e.g. mother, foster carer"))
        self.method = self.add_field("method", self.tr("&How:"), QComboBox())
        for value in ConsentMethod:
            self.method.addItem(label(value), value)
        self.notice_version = self.add_field("notice_version", self.tr("Privacy &notice version:"), QLineEdit())
        self.notice_version.setPlaceholderText(self.tr("e.g. 2026-01"))
        self.effective_on = self.add_field("effective_on", self.tr("&Date:"), DateField(date.today(), optional=False))
        self.by_guardian.toggled.connect(self._guardian_fields)
        self._guardian_fields(self.by_guardian.isChecked())

    def _guardian_fields(self, guardian: bool) -> None:
        self.guardian_name.setEnabled(guardian)
        self.guardian_relationship.setEnabled(guardian)

    def entry(self) -> ConsentEntry:
        return ConsentEntry(
            purpose=self.purpose.currentData(),
            action=ConsentAction.GIVEN if self.given.isChecked() else ConsentAction.WITHDRAWN,
            method=self.method.currentData(),
            notice_version=self.notice_version.text(),
            effective_on=self.effective_on.value(),
            given_by=ConsentGiver.GUARDIAN if self.by_guardian.isChecked() else ConsentGiver.SELF,
            guardian_name=self.guardian_name.text(),
            guardian_relationship=self.guardian_relationship.text(),
        )

    def submit(self) -> object:
        return self._save(self.entry())


def _worker_combo(workers: Choices, selected: uuid.UUID | None) -> QComboBox:
    combo = QComboBox()
    for worker_id, name in workers:
        combo.addItem(name, worker_id)
    if selected is not None and (index := combo.findData(selected)) >= 0:
        combo.setCurrentIndex(index)
    return combo


def _radio_row(*buttons: QRadioButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(row)
    for button in buttons:
        group.addButton(button)
        layout.addWidget(button)
    layout.addStretch(1)
    return row
