"""Worker and programme dialogs: saved when valid, errors under the right field, nothing typed lost."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt

from mentordesk.enums import WorkerRole
from mentordesk.services.errors import ValidationError
from mentordesk.services.organisation import ProgrammeForm, ProgrammeInfo, WorkerForm, WorkerInfo
from mentordesk.ui.dialogs.programme_dialog import ProgrammeDialog
from mentordesk.ui.dialogs.worker_dialog import WorkerDialog

BUILTIN = uuid.uuid4()
DIGCOMP = uuid.uuid4()
FRAMEWORKS = [(BUILTIN, "Key Competences for Lifelong Learning"), (DIGCOMP, "DigComp 2.2")]


def save_worker(saved: list[WorkerForm]):
    def save(form: WorkerForm) -> WorkerInfo:
        saved.append(form)
        errors = {}
        if not form.full_name.strip():
            errors["full_name"] = "The name is required."
        if form.email and "@" not in form.email:
            errors["email"] = "This does not look like an email address (name@example.org)."
        if errors:
            raise ValidationError(errors)
        return WorkerInfo(uuid.uuid4(), form.full_name, form.role, form.job_title, form.email, form.phone,
                          form.is_active, 0)

    return save


def save_programme(saved: list[ProgrammeForm]):
    def save(form: ProgrammeForm) -> ProgrammeInfo:
        saved.append(form)
        if form.end_date is not None and form.start_date is not None and form.end_date < form.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})
        return ProgrammeInfo(uuid.uuid4(), form.name, form.start_date, form.end_date, form.planned_weeks,
                             form.target_hours, form.funder, form.description, form.framework_id or BUILTIN,
                             "Key Competences", 0)

    return save


def test_a_new_worker_is_saved_with_every_field(qtbot) -> None:
    saved: list[WorkerForm] = []
    dialog = WorkerDialog(save_worker(saved), None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Add a worker" and dialog.is_active.isChecked()
    qtbot.keyClicks(dialog.full_name, "Zoe ")
    dialog.full_name.insert("Ñúñez-Łukasik")  # QTest types ASCII only
    dialog.role.setCurrentIndex(dialog.role.findData(WorkerRole.COORDINATOR))
    qtbot.keyClicks(dialog.job_title, "Youth worker")
    qtbot.keyClicks(dialog.email, "zoe@example.org")
    qtbot.keyClicks(dialog.phone, "+34 600 123 456")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert saved == [WorkerForm("Zoe Ñúñez-Łukasik", WorkerRole.COORDINATOR, "Youth worker", "zoe@example.org",
                                "+34 600 123 456", True)]
    assert dialog.result_value.full_name == "Zoe Ñúñez-Łukasik"


def test_a_refused_worker_shows_errors_under_their_fields_and_keeps_the_text(qtbot) -> None:
    saved: list[WorkerForm] = []
    dialog = WorkerDialog(save_worker(saved), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.job_title, "Mentor")
    qtbot.keyClicks(dialog.email, "not-an-address")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.result_value is None
    assert dialog.error_text("full_name") == "The name is required."
    assert dialog.error_text("email").startswith("This does not look like an email address")
    assert dialog.error_text("phone") == ""
    assert (dialog.job_title.text(), dialog.email.text()) == ("Mentor", "not-an-address")
    assert dialog.focusWidget() is dialog.full_name

    qtbot.keyClicks(dialog.full_name, "Ana Nowak")
    dialog.email.setText("ana@example.org")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.error_text("full_name") == ""


def test_editing_a_worker_starts_from_their_record(qtbot) -> None:
    saved: list[WorkerForm] = []
    initial = WorkerForm("Ana Nowak", WorkerRole.COORDINATOR, "Coordinator", "ana@example.org", "", False)
    dialog = WorkerDialog(save_worker(saved), initial)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit worker"
    assert dialog.form_value() == initial
    dialog.is_active.setChecked(True)
    dialog.accept()
    assert saved[-1] == WorkerForm("Ana Nowak", WorkerRole.COORDINATOR, "Coordinator", "ana@example.org", "", True)


def test_a_new_programme_is_saved_with_unset_numbers_and_no_end_date(qtbot) -> None:
    saved: list[ProgrammeForm] = []
    dialog = ProgrammeDialog(save_programme(saved), FRAMEWORKS, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.end_date.isEnabled()
    assert dialog.planned_weeks.text() == "Not set" and dialog.target_hours.text() == "Not set"
    qtbot.keyClicks(dialog.name, "Wege ins Leben ")
    dialog.name.insert("Köln")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert saved == [ProgrammeForm("Wege ins Leben Köln", date.today(), None, None, None, "", "", BUILTIN)]


def test_a_programme_with_every_field(qtbot) -> None:
    saved: list[ProgrammeForm] = []
    dialog = ProgrammeDialog(save_programme(saved), FRAMEWORKS, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Digital Start")
    dialog.start_date.set_value(date(2027, 1, 11))
    qtbot.mouseClick(dialog.has_end, Qt.MouseButton.LeftButton)
    assert dialog.end_date.isEnabled() and dialog.end_date.value() == date(2027, 1, 11)
    dialog.end_date.set_value(date(2027, 6, 30))
    dialog.planned_weeks.setValue(24)
    dialog.target_hours.setValue(40)
    qtbot.keyClicks(dialog.funder, "Erasmus+")
    qtbot.keyClicks(dialog.description, "Basic digital skills.")
    dialog.framework.setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert saved == [ProgrammeForm("Digital Start", date(2027, 1, 11), date(2027, 6, 30), 24, 40, "Erasmus+",
                                   "Basic digital skills.", DIGCOMP)]


def test_a_refused_programme_keeps_everything_and_points_at_the_end_date(qtbot) -> None:
    saved: list[ProgrammeForm] = []
    initial = ProgrammeForm("Pathways 2027", date(2027, 3, 1), date(2027, 9, 1), 26, 30, "City council",
                            "Mentoring for adults", uuid.UUID(str(DIGCOMP)))  # equal, not the same object
    dialog = ProgrammeDialog(save_programme(saved), FRAMEWORKS, initial)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Edit programme"
    assert dialog.form_value() == initial
    dialog.end_date.set_value(date(2027, 2, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.result_value is None
    assert dialog.error_text("end_date") == "The end date cannot be before the start date."
    assert dialog.error_text("name") == ""
    assert dialog.form_value() == ProgrammeForm("Pathways 2027", date(2027, 3, 1), date(2027, 2, 1), 26, 30,
                                                "City council", "Mentoring for adults", DIGCOMP)

    qtbot.mouseClick(dialog.has_end, Qt.MouseButton.LeftButton)  # no end date after all
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert saved[-1].end_date is None
