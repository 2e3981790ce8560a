"""The Pathway tab: stepper, radar and the three step sections, first with a hand-built overview, then on the
mentee record with the real PathwayService behind it."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox

from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ActivityStatus,
    AssessmentKind,
    PathwayStep,
    ValidationMethod,
    ValidationPhase,
)
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.pathway_forms import (
    ActivityForm,
    ActivityInfo,
    AgreementForm,
    AgreementInfo,
    AssessmentForm,
    AssessmentInfo,
    CompetenceInfo,
    EvidenceInfo,
    FrameworkInfo,
    LevelInfo,
    OutcomeForm,
    OutcomeInfo,
    PathwayOverview,
    RadarSeries,
    ScoreForm,
    StepState,
    StepStatus,
)
from mentordesk.ui.widgets.pathway_stepper import PathwayStepper
from mentordesk.ui.widgets.pathway_tab import PathwayTab

KEY_COMPETENCES = (("KC1", "Literacy"), ("KC2", "Multilingual"),
                   ("KC3", "Mathematics, science, technology and engineering"), ("KC4", "Digital"),
                   ("KC5", "Personal, social and learning to learn"), ("KC6", "Citizenship"),
                   ("KC7", "Entrepreneurship"), ("KC8", "Cultural awareness and expression"))
COMPETENCES = tuple(CompetenceInfo(uuid.uuid4(), code, None, name, None) for code, name in KEY_COMPETENCES)
FRAMEWORK = FrameworkInfo(uuid.uuid4(), "Key Competences for Lifelong Learning", "2018", None, None, True,
                          COMPETENCES, tuple(LevelInfo(rank, text, None) for rank, text in enumerate(
                              ("Starting out", "Developing", "Capable", "Confident"), start=1)))
BASE_SELF, BASE_MENTOR = (1, 2, 1, 3, 2, 1, 1, 2), (2, 2, 1, 2, 2, 1, 2, 2)
LATEST_SELF, LATEST_MENTOR = (2, 3, 2, 4, 3, 2, None, 3), (2, 3, 2, 3, 3, 2, 2, 3)


def scores(self_levels: tuple, mentor_levels: tuple) -> tuple[ScoreForm, ...]:
    return tuple(ScoreForm(c.id, s, m) for c, s, m in zip(COMPETENCES, self_levels, mentor_levels, strict=True))


def sample_overview() -> PathwayOverview:
    """A mentee half-way: baseline and interim, a plan agreed with a dropped course, three outcomes."""
    c = COMPETENCES
    assessments = (
        AssessmentInfo(uuid.uuid4(), AssessmentKind.BASELINE, date(2025, 1, 14), FRAMEWORK.id, None, "Jonas Berger",
                       "Confidence writing applications; spreadsheets.", "A work placement in retail by spring.",
                       scores(BASE_SELF, BASE_MENTOR)),
        AssessmentInfo(uuid.uuid4(), AssessmentKind.INTERIM, date(2025, 4, 2), FRAMEWORK.id, None, "Jonas Berger",
                       "", "Keep up the German course.", scores(LATEST_SELF, LATEST_MENTOR)),
    )
    activities = (
        ActivityInfo(uuid.uuid4(), ActivityForm("German A2 evening course", ActivityKind.COURSE,
                                                ActivityFormat.IN_PERSON, "Volkshochschule Graz", date(2025, 2, 3),
                                                date(2025, 6, 20), 60, ActivityStatus.IN_PROGRESS, (c[1].id,))),
        ActivityInfo(uuid.uuid4(), ActivityForm("CV and interview workshop", ActivityKind.WORKSHOP,
                                                ActivityFormat.BLENDED, "Jugend am Werk", date(2025, 2, 10),
                                                date(2025, 2, 12), 9, ActivityStatus.COMPLETED,
                                                (c[0].id, c[4].id), "Wrote a first CV.")),
        ActivityInfo(uuid.uuid4(), ActivityForm("Spreadsheets for beginners", ActivityKind.ONLINE_COURSE,
                                                ActivityFormat.ONLINE, "fit4internet", date(2025, 3, 1), None, 12.5,
                                                ActivityStatus.DROPPED, (c[3].id,))),
    )
    agreements = (
        AgreementInfo(uuid.uuid4(), AgreementForm(date(2025, 3, 5), "Amira Hadzic", "Jonas Berger")),
        AgreementInfo(uuid.uuid4(), AgreementForm(date(2025, 2, 1), "Amira Hadzic", "Jonas Berger", None,
                                                  "Review at the interim assessment.")),
    )
    evidence = (EvidenceInfo(uuid.uuid4(), "cv_final.pdf", "evidence/m/a.pdf", "0" * 64, 184_233),
                EvidenceInfo(uuid.uuid4(), "certificate.jpg", "evidence/m/b.jpg", "0" * 64, 1_402_112))
    outcomes = (
        OutcomeInfo(uuid.uuid4(), OutcomeForm(c[0].id, 3, "I can write a CV and a cover letter for a job in retail.",
                                              ValidationMethod.PORTFOLIO, "CV reviewed together", None,
                                              date(2025, 2, 20), ValidationPhase.ASSESSED), "Jonas Berger", evidence),
        OutcomeInfo(uuid.uuid4(), OutcomeForm(c[0].id, 4, "I can read a work contract and ask about what I miss.",
                                              ValidationMethod.INTERVIEW), None, ()),
        OutcomeInfo(uuid.uuid4(), OutcomeForm(c[4].id, 3, "I can plan my week and keep appointments.",
                                              ValidationMethod.SELF_DECLARATION, phase=ValidationPhase.DOCUMENTED),
                    None, ()),
    )
    steps = (StepState(PathwayStep.ASSESSMENT, StepStatus.COMPLETE, ()),
             StepState(PathwayStep.LEARNING_OFFER, StepStatus.IN_PROGRESS, ("Complete one activity of the plan.",)),
             StepState(PathwayStep.VALIDATION, StepStatus.NOT_STARTED, ("Assess two outcomes.", "Describe evidence.")))
    radar = (RadarSeries("Baseline · self", BASE_SELF), RadarSeries("Baseline · mentor", BASE_MENTOR),
             RadarSeries("Latest · self", LATEST_SELF), RadarSeries("Latest · mentor", LATEST_MENTOR))
    return PathwayOverview(uuid.uuid4(), FRAMEWORK, assessments, activities, agreements, outcomes, steps, radar)


def empty_overview() -> PathwayOverview:
    steps = tuple(StepState(step, StepStatus.NOT_STARTED, ("Something.",))
                  for step in (PathwayStep.ASSESSMENT, PathwayStep.LEARNING_OFFER, PathwayStep.VALIDATION))
    return PathwayOverview(uuid.uuid4(), FRAMEWORK, (), (), (), (), steps, ())


@pytest.fixture
def tab(qtbot) -> PathwayTab:
    tab = PathwayTab()
    qtbot.addWidget(tab)
    tab.resize(960, 1100)
    tab.show_overview(sample_overview())
    tab.show()
    return tab


def texts(tree, column: int = 0) -> list[str]:
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]


# ---- the stepper


def test_stepper_shows_each_state_in_words_and_marks_the_first_unfinished_step(tab: PathwayTab) -> None:
    stepper = tab.stepper
    assert [c.status_label.text() for c in stepper.columns] == ["✓ Complete", "● In progress", "○ Not started"]
    assert [c.title.text() for c in stepper.columns] == ["1 · Assessment", "2 · Learning offer", "3 · Validation"]
    assert [c.badge.status for c in stepper.columns] == [StepStatus.COMPLETE, StepStatus.IN_PROGRESS,
                                                         StepStatus.NOT_STARTED]
    assert stepper.current_index == 1 and stepper.columns[1].badge.current
    assert stepper.columns[0].missing_label.text() == "Nothing missing."
    assert stepper.columns[1].missing_label.text() == "Still needed:\n• Complete one activity of the plan."
    assert "• Describe evidence." in stepper.columns[2].missing_label.text()
    assert "(current step)" in stepper.columns[1].accessibleName()
    assert "(current step)" not in stepper.columns[2].accessibleName()


def test_stepper_before_anything_points_at_step_one_and_after_everything_at_none(qtbot) -> None:
    stepper = PathwayStepper()
    qtbot.addWidget(stepper)
    stepper.set_steps(empty_overview().steps)
    assert stepper.current_index == 0
    stepper.set_steps(tuple(StepState(s.step, StepStatus.COMPLETE, ()) for s in empty_overview().steps))
    assert stepper.current_index is None
    assert all(c.missing_label.text() == "Nothing missing." for c in stepper.columns)


# ---- the radar


def test_radar_is_built_when_first_shown_with_one_closed_line_per_series(qtbot) -> None:
    tab = PathwayTab()
    qtbot.addWidget(tab)
    tab.show_overview(sample_overview())
    assert tab.radar is None  # nothing of QtCharts until the tab is on screen
    tab.show()
    radar = tab.radar
    assert radar is not None
    lines = radar.line_series()
    assert [line.name() for line in lines] == ["Baseline · self", "Baseline · mentor", "Latest · self",
                                               "Latest · mentor"]
    assert radar.legend_names() == [line.name() for line in lines]
    baseline_points = [(p.x(), p.y()) for p in lines[0].points()]
    assert baseline_points == [(i, level) for i, level in enumerate(BASE_SELF)] + [(8, BASE_SELF[0])]
    # Entrepreneurship was not self-assessed the second time: the line joins its neighbours.
    assert 6 not in [p.x() for p in lines[2].points()]
    assert len({line.pen().color().name() for line in lines}) == 4
    assert len({line.pen().style() for line in lines}) == 4  # tell apart without colour too
    labels = radar.angular_axis.categoriesLabels()
    assert labels[0] == "Literacy" and labels[2] == "Mathematics,<br>science…" and len(labels) == 8
    assert (radar.radial_axis.min(), radar.radial_axis.max()) == (0, 4)
    assert not radar.chart_page.isHidden() and radar.empty.isHidden()


def test_radar_shows_a_message_when_there_is_nothing_to_draw(qtbot) -> None:
    tab = PathwayTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.show_overview(empty_overview())
    assert not tab.radar.empty.isHidden() and tab.radar.chart_page.isHidden()
    assert tab.radar.line_series() == []


def test_radar_labels_use_codes_when_the_framework_is_crowded() -> None:
    from mentordesk.ui.widgets.competence_radar import axis_labels, polygon, short_label

    many = FrameworkInfo(uuid.uuid4(), "DigComp", None, None, None, True, tuple(
        CompetenceInfo(uuid.uuid4(), f"{i // 5 + 1}.{i % 5 + 1}", None, f"Competence number {i}", None)
        for i in range(21)), FRAMEWORK.levels)
    assert axis_labels(many)[:2] == ["1.1", "1.2"]
    assert short_label("Personal, social and learning to learn") == ["Personal,", "social…"]
    assert short_label("Literacy") == ["Literacy"]
    # Not assessed at the top: the line crosses it where the two neighbours' join does.
    points = [(p.x(), p.y()) for p in polygon((None, 2, 2, 4))]
    assert points == [(0, 3.0), (1, 2), (2, 2), (3, 4), (4, 3.0)]
    assert polygon((None, None)) == []


def test_radar_follows_a_dark_palette(qtbot, tab: PathwayTab) -> None:
    from PySide6.QtGui import QColor, QPalette

    light_pen = tab.radar.line_series()[0].pen().color().name()
    palette = QPalette(tab.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    tab.setPalette(palette)
    radar = tab.radar
    assert radar.chart.backgroundBrush().color().name() == "#202020"
    assert radar.angular_axis.labelsBrush().color().name() == "#eeeeee"
    assert radar.line_series()[0].pen().color().name() != light_pen  # the lighter variant


# ---- the lists


def test_sections_list_assessments_newest_first_the_plan_agreements_and_outcomes_by_competence(tab: PathwayTab):
    assert texts(tab.assessments) == ["Interim", "Baseline"]
    assert texts(tab.assessments, 3) == ["self 7 · mentor 8 of 8", "self 8 · mentor 8 of 8"]
    assert texts(tab.activities) == ["German A2 evening course", "CV and interview workshop",
                                     "Spreadsheets for beginners"]
    assert texts(tab.activities, 6) == ["In progress", "Completed", "Dropped"]
    assert texts(tab.activities, 7)[1] == "KC1, KC5"
    assert tab.activities.topLevelItem(2).font(0).strikeOut()
    assert texts(tab.agreements, 1) == ["Amira Hadzic", "Amira Hadzic"]
    assert texts(tab.outcomes) == ["KC1 · Literacy", "KC5 · Personal, social and learning to learn"]
    literacy = tab.outcomes.topLevelItem(0)
    assert [literacy.child(i).text(1) for i in range(2)] == ["3 · Capable", "4 · Confident"]
    first = literacy.child(0)
    assert (first.text(2), first.text(3), first.text(4)) == ("Portfolio", "Assessed", "2")
    assert [first.child(i).text(0).split(" (")[0] for i in range(2)] == ["cv_final.pdf", "certificate.jpg"]
    assert not first.child(0).icon(0).isNull()
    assert not tab.no_assessments.isVisible() and tab.assessments.isVisible()


def test_empty_sections_say_what_belongs_there(qtbot) -> None:
    tab = PathwayTab()
    qtbot.addWidget(tab)
    tab.show_overview(empty_overview())
    tab.show()
    for tree, message in ((tab.assessments, tab.no_assessments), (tab.activities, tab.no_activities),
                          (tab.agreements, tab.no_agreements), (tab.outcomes, tab.no_outcomes)):
        assert not tree.isVisible() and message.isVisible()
    assert not tab.print_agreement_button.isEnabled()
    assert not tab.edit_assessment_button.isEnabled() and not tab.delete_outcome_button.isEnabled()


def test_lists_are_as_tall_as_their_rows(tab: PathwayTab) -> None:
    tree = tab.activities
    assert tree.height() >= tree.header().height() + 3 * tree.sizeHintForRow(0)
    assert tree.verticalScrollBar().maximum() == 0


def test_a_reload_keeps_the_selected_record(tab: PathwayTab) -> None:
    overview = sample_overview()
    tab.show_overview(overview)
    tab.activities.setCurrentItem(tab.activities.topLevelItem(1))
    tab.show_overview(overview)
    assert tab.selected_activity() == overview.activities[1]
    assert tab.edit_activity_button.isEnabled()


# ---- buttons and signals


@pytest.mark.parametrize(("button", "signal"), [
    ("new_assessment_button", "new_assessment_requested"),
    ("self_assessment_button", "self_assessment_requested"),
    ("add_activity_button", "add_activity_requested"),
    ("agree_plan_button", "agree_plan_requested"),
    ("add_outcome_button", "add_outcome_requested"),
])
def test_add_buttons_ask_the_page(qtbot, tab: PathwayTab, button: str, signal: str) -> None:
    with qtbot.waitSignal(getattr(tab, signal), timeout=500):
        qtbot.mouseClick(getattr(tab, button), Qt.MouseButton.LeftButton)


def test_edit_sends_the_selected_record_and_activating_a_row_edits_it(qtbot, tab: PathwayTab) -> None:
    overview = tab.overview
    assert not tab.edit_assessment_button.isEnabled()
    tab.assessments.setCurrentItem(tab.assessments.topLevelItem(1))
    assert tab.edit_assessment_button.isEnabled()
    with qtbot.waitSignal(tab.edit_assessment_requested, timeout=500) as signal:
        qtbot.mouseClick(tab.edit_assessment_button, Qt.MouseButton.LeftButton)
    assert signal.args == [overview.assessments[0]]  # the baseline, listed second
    with qtbot.waitSignal(tab.edit_activity_requested, timeout=500) as signal:
        tab.activities.itemActivated.emit(tab.activities.topLevelItem(0), 0)
    assert signal.args == [overview.activities[0]]


def test_a_competence_heading_is_not_an_outcome(tab: PathwayTab) -> None:
    heading = tab.outcomes.topLevelItem(0)
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    tab.outcomes.setCurrentItem(heading.child(1))
    assert tab.selected_outcome() == tab.overview.outcomes[1]


def test_activating_an_evidence_file_opens_it_and_edit_takes_its_outcome(qtbot, tab: PathwayTab) -> None:
    outcome = tab.overview.outcomes[0]
    evidence_item = tab.outcomes.topLevelItem(0).child(0).child(1)
    with qtbot.waitSignal(tab.open_evidence_requested, timeout=500) as signal:
        tab.outcomes.itemActivated.emit(evidence_item, 0)
    assert signal.args == [outcome.evidence[1].id]
    tab.outcomes.setCurrentItem(evidence_item)
    with qtbot.waitSignal(tab.edit_outcome_requested, timeout=500) as signal:
        qtbot.mouseClick(tab.edit_outcome_button, Qt.MouseButton.LeftButton)
    assert signal.args == [outcome]


def test_print_takes_the_selected_agreement_else_the_newest(qtbot, tab: PathwayTab) -> None:
    agreements = tab.overview.agreements
    with qtbot.waitSignal(tab.print_agreement_requested, timeout=500) as signal:
        qtbot.mouseClick(tab.print_agreement_button, Qt.MouseButton.LeftButton)
    assert signal.args == [agreements[0].id]
    tab.agreements.setCurrentItem(tab.agreements.topLevelItem(1))
    with qtbot.waitSignal(tab.print_agreement_requested, timeout=500) as signal:
        qtbot.mouseClick(tab.print_agreement_button, Qt.MouseButton.LeftButton)
    assert signal.args == [agreements[1].id]


@pytest.mark.parametrize(("tree", "button", "signal", "records"), [
    ("assessments", "delete_assessment_button", "delete_assessment_requested", "assessments"),
    ("activities", "delete_activity_button", "delete_activity_requested", "activities"),
])
def test_delete_asks_first_and_sends_nothing_when_declined(qtbot, monkeypatch, tab: PathwayTab, tree: str,
                                                           button: str, signal: str, records: str) -> None:
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    sent: list[object] = []
    getattr(tab, signal).connect(sent.append)
    getattr(tab, tree).setCurrentItem(getattr(tab, tree).topLevelItem(0))
    qtbot.mouseClick(getattr(tab, button), Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and sent == []
    answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(getattr(tab, button), Qt.MouseButton.LeftButton)
    expected = tab.overview.assessments[-1] if records == "assessments" else tab.overview.activities[0]
    assert len(asked) == 2 and sent == [expected.id]
    assert "cannot be undone" in asked[0]


def test_delete_key_on_an_outcome_asks_then_deletes(qtbot, monkeypatch, tab: PathwayTab) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *args: asked.append(text) or QMessageBox.StandardButton.Yes)
    outcome = tab.overview.outcomes[2]
    tab.outcomes.setCurrentItem(tab.outcomes.topLevelItem(1).child(0))
    tab.outcomes.setFocus()
    with qtbot.waitSignal(tab.delete_outcome_requested, timeout=500) as signal:
        qtbot.keyClick(tab.outcomes, Qt.Key.Key_Delete)
    assert signal.args == [outcome.id]
    assert "I can plan my week" in asked[0]


def test_loading_the_record_page_leaves_qtcharts_unloaded() -> None:
    code = ("import sys; import mentordesk.ui.app, mentordesk.ui.pages.mentee_record; "
            "print('PySide6.QtCharts' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "False"


# ---- on the mentee record, with the real service


@pytest.fixture
def pathway(session_factory, paths):
    from mentordesk.services.pathway import PathwayService

    return PathwayService(session_factory, paths.evidence_dir)


@pytest.fixture
def record(qtbot, workspace, pathway, tmp_path):
    from mentordesk.services.mentees import MenteeForm
    from mentordesk.services.organisation import WorkerForm
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.pages.mentee_record import MenteeRecordPage
    from mentordesk.ui.tasks import TaskRunner

    worker = workspace.organisation.save_worker(WorkerForm(full_name="Jonas Berger"))
    current = CurrentWorker(tmp_path / "settings.json")
    current.set(worker.id)
    mentee = workspace.mentees.create(MenteeForm("Amira", "Hadzic", date(2006, 5, 1)), confirmed=True)
    page = MenteeRecordPage(workspace.mentees, workspace.consent, workspace.organisation, workspace.personal_data,
                            TaskRunner(), current, DataEvents(), sessions=workspace.sessions,
                            follow_ups=workspace.follow_ups, pathway=pathway)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    page.show()
    page.show_mentee(mentee.id)
    return page


def key_scores(overview: PathwayOverview, level: int = 2) -> tuple[ScoreForm, ...]:
    return tuple(ScoreForm(c.id, level, level) for c in overview.framework.competences)


def test_record_loads_the_pathway_once_for_the_overview_and_pathway_tabs(record, pathway, monkeypatch) -> None:
    # The Overview shows pathway progress too, so opening a record loads it once; the Pathway tab reuses it.
    calls: list[object] = []
    real = pathway.overview
    monkeypatch.setattr(pathway, "overview", lambda mentee_id: calls.append(mentee_id) or real(mentee_id))
    record.show_mentee(record.mentee_id)
    assert record.tabs.currentWidget() is record.overview and calls == [record.mentee_id]
    record.tabs.setCurrentWidget(record.pathway_tab)
    assert calls == [record.mentee_id], "switching to the Pathway tab does not query again"
    overview = record.pathway_overview
    assert overview is not None and overview.mentee_id == record.mentee_id
    assert [c.badge.status for c in record.pathway_tab.stepper.columns] == [StepStatus.NOT_STARTED] * 3
    assert record.pathway_tab.no_assessments.isVisible()


def test_record_reloads_the_tab_on_pathway_changes_and_deletes_after_asking(qtbot, monkeypatch, record,
                                                                           pathway) -> None:
    record.tabs.setCurrentWidget(record.pathway_tab)
    overview = record.pathway_overview
    saved = pathway.add_assessment(record.mentee_id, AssessmentForm(
        AssessmentKind.BASELINE, date.today() - timedelta(days=3), key_scores(overview), "Confidence", "A job"))
    record._events.emit_changed(Changes.of(ChangeKind.PATHWAY))
    tab = record.pathway_tab
    assert texts(tab.assessments) == ["Baseline"]
    assert tab.stepper.columns[0].badge.status is not StepStatus.NOT_STARTED
    drawn = [line.name() for line in tab.radar.line_series()]
    assert [s.name for s in pathway.overview(record.mentee_id).radar] == drawn

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    messages: list[str] = []
    record.status_message.connect(messages.append)
    tab.assessments.setCurrentItem(tab.assessments.topLevelItem(0))
    tab.delete_selected_assessment()
    assert pathway.overview(record.mentee_id).assessments == ()
    assert texts(tab.assessments) == [] and tab.no_assessments.isVisible()
    assert messages == ["Assessment deleted."]
    assert saved.id not in {a.id for a in record.pathway_overview.assessments}


def test_a_refused_delete_is_explained_and_the_record_stays(monkeypatch, record, pathway) -> None:
    record.tabs.setCurrentWidget(record.pathway_tab)
    overview = record.pathway_overview
    day = date.today() - timedelta(days=10)
    base = pathway.add_assessment(record.mentee_id, AssessmentForm(AssessmentKind.BASELINE, day, key_scores(overview)))
    pathway.add_assessment(record.mentee_id, AssessmentForm(AssessmentKind.INTERIM, day + timedelta(days=5),
                                                            key_scores(overview, 3)))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: warnings.append(text))
    record.delete_assessment(base.id)
    assert warnings and "first" in warnings[0]
    assert len(pathway.overview(record.mentee_id).assessments) == 2
    assert texts(record.pathway_tab.assessments) == ["Interim", "Baseline"]


def test_new_assessment_offers_a_baseline_first_and_self_assessment_opens_the_young_persons_screen(
        qtbot, record, pathway) -> None:
    from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog

    record.tabs.setCurrentWidget(record.pathway_tab)
    record.pathway_tab.self_assessment_button.click()
    dialog = record.dialog
    assert isinstance(dialog, AssessmentDialog)
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == [AssessmentKind.BASELINE]
    assert dialog.self_screen is not None and dialog.self_screen.isVisible()
    dialog.self_screen.done(0)  # reject() would ask the young person first
    dialog.reject()

    overview = record.pathway_overview
    pathway.add_assessment(record.mentee_id, AssessmentForm(AssessmentKind.BASELINE, date.today(),
                                                            key_scores(overview)))
    record._events.emit_changed(Changes.of(ChangeKind.PATHWAY))
    record.pathway_tab.new_assessment_button.click()
    dialog = record.dialog
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == [AssessmentKind.INTERIM,
                                                                              AssessmentKind.FINAL]
    assert dialog.self_screen is None
    dialog.reject()


def test_saving_the_assessment_dialog_reloads_the_tab(qtbot, record) -> None:
    record.tabs.setCurrentWidget(record.pathway_tab)
    record.pathway_tab.new_assessment_button.click()
    dialog = record.dialog
    for row in dialog.rows:
        row.self_level.setCurrentIndex(2)
        row.mentor_level.setCurrentIndex(3)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.accept()
    assert texts(record.pathway_tab.assessments) == ["Baseline"]
    assert len(record.pathway_tab.radar.line_series()) == 2


def test_opening_evidence_asks_the_desktop_for_the_stored_file(monkeypatch, record, pathway, tmp_path) -> None:
    from PySide6.QtGui import QDesktopServices

    record.tabs.setCurrentWidget(record.pathway_tab)
    overview = record.pathway_overview
    source = tmp_path / "cv.pdf"
    source.write_bytes(b"%PDF-1.4 a CV")
    outcome = pathway.add_outcome(record.mentee_id, OutcomeForm(
        overview.framework.competences[0].id, 2, "I can write a CV.", ValidationMethod.PORTFOLIO,
        add_files=(source,)))
    record._events.emit_changed(Changes.of(ChangeKind.PATHWAY))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    evidence_item = record.pathway_tab.outcomes.topLevelItem(0).child(0).child(0)
    record.pathway_tab.outcomes.itemActivated.emit(evidence_item, 0)
    assert len(opened) == 1
    assert Path(opened[0].toLocalFile()) == pathway.evidence_file(outcome.evidence[0].id)
    assert Path(opened[0].toLocalFile()).read_bytes() == b"%PDF-1.4 a CV"


def test_a_plan_is_built_agreed_and_printed_from_the_tab(qtbot, monkeypatch, record, pathway, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from mentordesk.ui.dialogs.activity_dialog import ActivityDialog
    from mentordesk.ui.dialogs.agreement_dialog import AgreementDialog

    record.tabs.setCurrentWidget(record.pathway_tab)
    tab = record.pathway_tab
    tab.add_activity_button.click()
    dialog = record.dialog
    assert isinstance(dialog, ActivityDialog)
    dialog.title.setText("Barista course")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.accept()
    assert texts(tab.activities) == ["Barista course"]

    tab.agree_plan_button.click()
    dialog = record.dialog
    assert isinstance(dialog, AgreementDialog)
    assert dialog.mentee_signatory.text() == "Amira Hadzic"
    assert dialog.mentor_signatory.text() == "Jonas Berger"  # the worker at the laptop: she has no mentor yet
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.accept()
    assert texts(tab.agreements, 1) == ["Amira Hadzic"] and tab.print_agreement_button.isEnabled()

    target = tmp_path / "printed" / "agreement"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), "PDF documents (*.pdf)"))
    with qtbot.waitSignal(record.status_message, timeout=10_000) as signal:
        tab.print_agreement_button.click()
        assert not tab.print_agreement_button.isEnabled()  # while it renders on the task pool
    written = target.with_name("agreement.pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert str(written) in signal.args[0]
    assert tab.print_agreement_button.isEnabled()


def test_an_outcome_added_in_its_dialog_appears_under_its_competence(qtbot, record) -> None:
    from mentordesk.ui.dialogs.outcome_dialog import OutcomeDialog

    record.tabs.setCurrentWidget(record.pathway_tab)
    tab = record.pathway_tab
    tab.add_outcome_button.click()
    dialog = record.dialog
    assert isinstance(dialog, OutcomeDialog)
    dialog.competence.setCurrentIndex(1)
    dialog.level.setCurrentIndex(2)  # both are chosen on purpose, never by default
    dialog.statement.setPlainText("I can greet customers and take an order in English.")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.accept()
    overview = record.pathway_overview
    saved = overview.outcomes[0]
    competence = overview.framework.competence(saved.form.competence_id)
    assert texts(tab.outcomes) == [f"{competence.code} · {competence.name}"]
    assert tab.outcomes.topLevelItem(0).child(0).text(0).startswith("I can greet customers")
    assert saved.assessor == "Jonas Berger"  # proposed: the worker at the laptop
