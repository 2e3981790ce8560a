"""The pathway journey in the running app: a new mentee taken from a baseline assessment through an agreed plan
to validated outcomes, with the tab's buttons and the dialogs' widgets only.

Driven through the real AppController and MainWindow over a small data set built with the services: Ana (the
person using MentorDesk) mentors Amira in "Pathways 2027", a programme on the Key Competences. Dialogs open
without blocking and are reached through the record page's `dialog`; file dialogs are patched.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton

from mentordesk.config.paths import AppPaths
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import ActivityKind, ActivityStatus, AssessmentKind, ValidationMethod, ValidationPhase
from mentordesk.services.mentees import MenteeColumn, MenteeForm
from mentordesk.services.pathway_forms import StepStatus
from mentordesk.services.workspace import open_workspace
from mentordesk.ui.app import AppController
from mentordesk.ui.dialogs.activity_dialog import ActivityDialog
from mentordesk.ui.dialogs.agreement_dialog import AgreementDialog
from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog
from mentordesk.ui.dialogs.outcome_dialog import OutcomeDialog
from mentordesk.ui.dialogs.self_assessment import SelfAssessmentScreen
from mentordesk.ui.models.mentee_table import MenteeTableModel
from mentordesk.ui.pages.mentee_record import MenteeRecordPage
from mentordesk.ui.pages.mentees import MenteesPage
from mentordesk.ui.widgets.combo import select_data
from mentordesk.ui.widgets.pathway_tab import PathwayTab

TODAY = date.today()
D = TypeVar("D", bound=QDialog)
MENTEE_NAME = "Amira Hadžić"  # a name beyond ASCII: the agreement must print it as written
# The young person's answers (keys 1-4 on the Key Competences' four levels) and the mentor's, KC1..KC8.
SELF_KEYS = (1, 2, 3, 4, 2, 1, 3, 2)
MENTOR_LEVELS = (2, 2, 3, 3, 2, 1, 2, 2)
INTERIM_SELF = (2, 3, 3, 4, 3, 2, 3, 3)
DONE, IN_PROGRESS, NOT_STARTED = StepStatus.COMPLETE, StepStatus.IN_PROGRESS, StepStatus.NOT_STARTED


@dataclass(frozen=True)
class People:
    ana: uuid.UUID
    amira: uuid.UUID


@pytest.fixture
def people(paths: AppPaths) -> People:
    workspace = open_workspace(paths)
    try:
        setup = workspace.setup.complete("Northside Youth Centre", "Ana Nowak", "Pathways 2027")
        programme = next(p for p in workspace.organisation.programmes() if p.id == setup.programme_id)
        assert programme.framework_id == key_competences_id(), "a new programme works on the Key Competences"
        amira = workspace.mentees.create(MenteeForm("Amira", "Hadžić", date(2006, 5, 1)), confirmed=True).id
        workspace.mentees.enrol(amira, setup.programme_id, setup.worker_id, TODAY)
        return People(setup.worker_id, amira)
    finally:
        workspace.close()


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch) -> list[str]:
    """A message box or file dialog would block: record messages, refuse file choices unless a test says."""
    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text, *args, **kwargs: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([], ""))
    return shown


@pytest.fixture
def app(qtbot, paths: AppPaths, people: People) -> Iterator[AppController]:
    controller = AppController(paths)
    controller.current_worker.set(people.ana)
    qtbot.addWidget(controller.window)
    controller.start()
    qtbot.waitUntil(lambda: controller.session_actions is not None, timeout=15_000)
    yield controller
    controller.window.close()
    controller.shutdown()


# ---- getting about


def _pathway_tab(qtbot, app: AppController, mentee: uuid.UUID) -> PathwayTab:
    """The mentee's record on its Pathway tab, as a worker opening it from the list would see it."""
    app.open_mentee(mentee)
    record = app.record_page
    assert app.window.current_page() is record
    tab = record.pathway_tab
    record.tabs.setCurrentWidget(tab)
    assert tab.isVisible() and tab.radar is not None
    qtbot.waitUntil(tab.radar.isVisible)  # built on first show, it appears once the event loop has run
    return tab


def _step_column(app: AppController, mentee: uuid.UUID) -> str:
    app.window.show_page("mentees")
    page = app.window.current_page()
    assert isinstance(page, MenteesPage)
    row = page.model.row_of(mentee)
    assert row >= 0, "the mentee is not listed"
    return page.model.data(page.model.index(row, MenteeTableModel.COLUMNS.index(MenteeColumn.STEP)))


def _open_dialog(record: MenteeRecordPage, button: QPushButton, kind: type[D]) -> D:
    button.click()
    dialog = record.dialog
    assert isinstance(dialog, kind) and dialog.isVisible()
    return dialog


def _save(qtbot, dialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.accept()
    assert not dialog.isVisible()


def _statuses(tab: PathwayTab) -> list[StepStatus]:
    return [column.state.status for column in tab.stepper.columns]


def _radar_names(tab: PathwayTab) -> list[str]:
    assert tab.radar is not None, "the radar is built once the tab is shown"
    return [line.name() for line in tab.radar.line_series()]


def _press(qtbot, screen: SelfAssessmentScreen, key: Qt.Key) -> None:
    """A key typed at the laptop reaches the widget that has the focus; the screen reads it there."""
    qtbot.keyClick(screen.focusWidget() or screen, key)


def _number_key(number: int) -> Qt.Key:
    return Qt.Key(Qt.Key.Key_0.value + number)


# ---- the journey


def test_a_worker_takes_a_mentee_from_baseline_through_an_agreed_plan_to_validated_outcomes(
        qtbot, monkeypatch, no_blocking_dialogs: list[str], app: AppController, people: People, paths: AppPaths,
        tmp_path: Path) -> None:
    # 1. Nothing recorded yet: step 1 is the one to start, the list says "Not started".
    assert _step_column(app, people.amira) == "Not started"
    tab = _pathway_tab(qtbot, app, people.amira)
    record = app.record_page
    framework = record.pathway_overview.framework
    assert framework.id == key_competences_id() and len(framework.competences) == len(SELF_KEYS)
    assert _statuses(tab) == [NOT_STARTED] * 3
    assert tab.stepper.current_index == 0
    assert tab.stepper.columns[0].status_label.text() == "○ Not started"
    assert "Record a baseline assessment." in tab.stepper.columns[0].missing_label.text()
    assert tab.radar is not None and tab.radar.line_series() == [] and tab.radar.empty.isVisible()

    # 2. The young person's screen, by keys alone: a level for each competence, Enter, Enter on the summary.
    dialog = _open_dialog(record, tab.self_assessment_button, AssessmentDialog)
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == [AssessmentKind.BASELINE]
    screen = dialog.self_screen
    assert isinstance(screen, SelfAssessmentScreen) and screen.isVisible()
    assert "Amira" in screen.prompt_label.text()
    for index, key in enumerate(SELF_KEYS):
        assert screen.index == index and not screen.on_summary()
        _press(qtbot, screen, _number_key(key))
        _press(qtbot, screen, Qt.Key.Key_Return)
    assert screen.on_summary()
    assert [label.text() for label in screen.summary_choices] == [framework.levels[k - 1].label for k in SELF_KEYS]
    with qtbot.waitSignal(screen.accepted, timeout=1000):
        _press(qtbot, screen, Qt.Key.Key_Return)
    assert [row.self_level.currentData() for row in dialog.rows] == list(SELF_KEYS), "Done fills the Self column"
    assert [row.mentor_level.currentData() for row in dialog.rows] == [None] * len(SELF_KEYS)

    # The worker adds their own view, the needs and the goals, and saves.
    for row, level in zip(dialog.rows, MENTOR_LEVELS, strict=True):
        assert select_data(row.mentor_level, level)
    dialog.rows[3].evidence.setText("Built a budget sheet in a spreadsheet")
    dialog.identified_needs.setPlainText("Confidence speaking with strangers; written German.")
    dialog.goals.setPlainText("A placement in a café kitchen by spring.")
    _save(qtbot, dialog)
    assert _statuses(tab) == [DONE, NOT_STARTED, NOT_STARTED]
    assert tab.stepper.current_index == 1
    assert tab.stepper.columns[0].missing_label.text() == "Nothing missing."
    assert _radar_names(tab) == ["Baseline · self", "Baseline · mentor"]
    assert [s.levels for s in tab.radar.series] == [SELF_KEYS, MENTOR_LEVELS]
    assert tab.assessments.topLevelItem(0).text(3) == "self 8 · mentor 8 of 8"
    assert _step_column(app, people.amira) == "2 · Learning offer"

    # 3. The plan: one activity completed, one dropped, agreed, and printed to sign.
    tab = _pathway_tab(qtbot, app, people.amira)
    dialog = _open_dialog(record, tab.add_activity_button, ActivityDialog)
    dialog.title.setText("Barista course")
    assert select_data(dialog.kind, ActivityKind.COURSE) and select_data(dialog.status, ActivityStatus.COMPLETED)
    dialog.provider.setText("Café Lena")
    dialog.hours.setValue(24)
    dialog.set_targets((framework.competences[4].id, framework.competences[6].id))
    dialog.outcome_note.setPlainText("Finished with a certificate of attendance.")
    _save(qtbot, dialog)
    assert _statuses(tab)[1] is IN_PROGRESS
    assert "Agree the plan and print the agreement." in tab.stepper.columns[1].missing_label.text()

    dialog = _open_dialog(record, tab.add_activity_button, ActivityDialog)
    dialog.title.setText("German B1 evening course")
    assert select_data(dialog.status, ActivityStatus.DROPPED)
    _save(qtbot, dialog)
    assert [tab.activities.topLevelItem(i).text(0) for i in range(tab.activities.topLevelItemCount())] == [
        "Barista course", "German B1 evening course"]
    assert not tab.print_agreement_button.isEnabled(), "nothing agreed to print yet"

    dialog = _open_dialog(record, tab.agree_plan_button, AgreementDialog)
    assert dialog.mentee_signatory.text() == MENTEE_NAME
    assert dialog.mentor_signatory.text() == "Ana Nowak", "her mentor signs"
    dialog.note.setPlainText("We meet every other Tuesday.")
    _save(qtbot, dialog)
    assert _statuses(tab) == [DONE, DONE, NOT_STARTED]
    assert tab.stepper.current_index == 2
    assert tab.agreements.topLevelItem(0).text(1) == MENTEE_NAME

    target = tmp_path / "printed" / "agreement.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "PDF (*.pdf)"))
    with qtbot.waitSignal(record.status_message, timeout=10_000) as written:
        tab.print_agreement_button.click()
    app.runner.wait_for_done()
    assert str(target) in written.args[0]
    assert tab.print_agreement_button.isEnabled()
    _assert_one_page_agreement(target)

    # 4. An outcome, assessed, with an evidence file: the pathway is complete.
    evidence = tmp_path / "placement-reference.txt"
    evidence.write_bytes("Amira ran the café till for two weeks. — Lena".encode())
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(evidence)], ""))
    dialog = _open_dialog(record, tab.add_outcome_button, OutcomeDialog)
    assert select_data(dialog.competence, framework.competences[6].id, fallback=-1)
    assert select_data(dialog.level, 3, fallback=-1)
    dialog.statement.setPlainText("I can run a café till on my own through a busy shift.")
    assert select_data(dialog.method, ValidationMethod.OBSERVATION)
    dialog.evidence_description.setPlainText("Observed for two weeks; the manager's reference.")
    dialog.add_files_button.click()
    assert dialog.new_files() == (evidence,)
    dialog.assessed_on.set_value(TODAY)
    assert select_data(dialog.phase, ValidationPhase.ASSESSED)
    _save(qtbot, dialog)
    assert _statuses(tab) == [DONE, DONE, DONE]
    assert tab.stepper.current_index is None
    outcome = record.pathway_overview.outcomes[0]
    assert [e.original_name for e in outcome.evidence] == [evidence.name]
    assert tab.outcomes.topLevelItem(0).child(0).child(0).text(0).startswith(evidence.name)
    stored = app.workspace.pathway.evidence_file(outcome.evidence[0].id)
    assert stored.is_relative_to(paths.evidence_dir) and stored.read_bytes() == evidence.read_bytes()
    assert _step_column(app, people.amira) == "Complete"

    # 5. An interim assessment later on is drawn as the latest.
    tab = _pathway_tab(qtbot, app, people.amira)
    dialog = _open_dialog(record, tab.new_assessment_button, AssessmentDialog)
    assert dialog.kind.currentData() == AssessmentKind.INTERIM
    for row, self_level, mentor_level in zip(dialog.rows, INTERIM_SELF, MENTOR_LEVELS, strict=True):
        assert select_data(row.self_level, self_level) and select_data(row.mentor_level, mentor_level)
    _save(qtbot, dialog)
    assert _radar_names(tab) == ["Baseline · self", "Baseline · mentor", "Latest · self", "Latest · mentor"]
    assert tab.radar.series[2].levels == INTERIM_SELF
    assert tab.radar.legend_names() == _radar_names(tab)
    assert _statuses(tab) == [DONE, DONE, DONE], "an interim assessment takes nothing away"
    assert no_blocking_dialogs == [], "no step was refused or failed along the way"


def _assert_one_page_agreement(path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert MENTEE_NAME in text
    assert "Barista course" in text
    assert "German B1 evening course" not in text, "dropped activities are left off the agreement"


def test_the_stepper_names_what_is_missing_on_the_way(qtbot, app: AppController, people: People) -> None:
    tab = _pathway_tab(qtbot, app, people.amira)
    record = app.record_page

    # A baseline with a mentor level left out and no goals yet.
    dialog = _open_dialog(record, tab.new_assessment_button, AssessmentDialog)
    for row in dialog.rows:
        assert select_data(row.self_level, 2) and select_data(row.mentor_level, 3)
    assert select_data(dialog.rows[1].mentor_level, None)
    dialog.identified_needs.setPlainText("Writing applications.")
    _save(qtbot, dialog)
    step = tab.stepper.columns[0]
    assert _statuses(tab) == [IN_PROGRESS, NOT_STARTED, NOT_STARTED]
    assert tab.stepper.current_index == 0
    assert step.state.missing == ("Mentor assessment missing for 1 competence.",
                                  "Write the identified needs and goals.")
    assert step.missing_label.text() == ("Still needed:\n• Mentor assessment missing for 1 competence.\n"
                                         "• Write the identified needs and goals.")
    assert "Assessment: In progress (current step)" in step.accessibleName()
    assert _radar_names(tab) == ["Baseline · self", "Baseline · mentor"]
    assert tab.radar.series[1].levels[1] is None, "the competence not assessed is left out of the mentor's line"
    assert _step_column(app, people.amira) == "1 · Assessment"

    # Edited to complete; a planned activity then leaves step 2 waiting on the agreement and the activity.
    tab = _pathway_tab(qtbot, app, people.amira)
    tab.assessments.setCurrentItem(tab.assessments.topLevelItem(0))
    dialog = _open_dialog(record, tab.edit_assessment_button, AssessmentDialog)
    assert select_data(dialog.rows[1].mentor_level, 2)
    dialog.goals.setPlainText("An apprenticeship in retail.")
    _save(qtbot, dialog)
    assert _statuses(tab) == [DONE, NOT_STARTED, NOT_STARTED]
    assert tab.stepper.columns[1].missing_label.text() == "Still needed:\n• Add an activity to the learning plan."

    dialog = _open_dialog(record, tab.add_activity_button, ActivityDialog)
    dialog.title.setText("Retail taster day")
    _save(qtbot, dialog)
    assert tab.stepper.columns[1].state.missing == ("Agree the plan and print the agreement.",
                                                    "1 activity still planned or in progress.")
    assert tab.stepper.current_index == 1
    assert tab.stepper.columns[2].missing_label.text() == "Still needed:\n• Record a learning outcome."
    assert _step_column(app, people.amira) == "2 · Learning offer"
