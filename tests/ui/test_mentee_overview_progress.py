"""A mentee's progress on the record's Overview: the pathway timeline with its dates, hours by month and
the competence radar, kept up to date as the record changes."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    AssessmentKind,
    CertificateKind,
    PathwayStep,
    SessionMode,
    ValidationMethod,
    ValidationPhase,
)
from mentordesk.services.certificates import CertificateInfo
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.mentees import MenteeForm
from mentordesk.services.organisation import WorkerForm
from mentordesk.services.pathway_forms import (
    ActivityForm,
    AgreementForm,
    AssessmentForm,
    OutcomeForm,
    ScoreForm,
    StepStatus,
)
from mentordesk.services.session_forms import Participant, SessionForm
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import format_date
from mentordesk.ui.pages.mentee_record import MenteeRecordPage
from mentordesk.ui.tasks import TaskRunner
from mentordesk.ui.widgets.dashboard_mentee_progress import CERTIFICATE_STEP, timeline

TODAY = date.today()
DAY = {name: TODAY - timedelta(days=days) for name, days in (
    ("baseline", 120), ("session_1", 110), ("activity", 100), ("agreed", 95), ("session_2", 40),
    ("outcome", 30), ("interim", 20), ("certificate", 10))}


def certificate(issued_on: date, revoked: bool = False) -> CertificateInfo:
    return CertificateInfo(
        id=uuid.uuid4(), serial="MD-2026-0001", kind=CertificateKind.VALIDATION, language="en", mentee_id=None,
        holder="", reference_code=None, programme_id=None, programme=None, issued_on=issued_on, issued_by_id=None,
        payload_sha256="", key_fingerprint="", file_name=None,
        revoked_at=datetime(2026, 1, 1, tzinfo=UTC) if revoked else None, revoke_reason=None,
        erased=False, reprintable=False)


@pytest.fixture
def events() -> DataEvents:
    return DataEvents()


@pytest.fixture
def record(qtbot, workspace, events, tmp_path):
    worker = workspace.organisation.save_worker(WorkerForm(full_name="Jonas Berger"))
    current = CurrentWorker(tmp_path / "settings.json")
    current.set(worker.id)
    mentee = workspace.mentees.create(MenteeForm("Amira", "Hadzic", date(2006, 5, 1)), confirmed=True)
    page = MenteeRecordPage(workspace.mentees, workspace.consent, workspace.organisation, workspace.personal_data,
                            TaskRunner(), current, events, sessions=workspace.sessions,
                            follow_ups=workspace.follow_ups, pathway=workspace.pathway,
                            certificates=workspace.certificates)
    qtbot.addWidget(page)
    page.resize(1180, 900)
    page.show()
    page.show_mentee(mentee.id)
    return page


def held(mentee_id: uuid.UUID, day: date, minutes: int) -> SessionForm:
    return SessionForm(participants=(Participant(mentee_id),), session_date=day, start_time=time(10, 0),
                       duration_minutes=minutes, mode=SessionMode.IN_PERSON)


def build_pathway(workspace, mentee_id: uuid.UUID) -> None:
    pathway = workspace.pathway
    competences = pathway.overview(mentee_id).framework.competences
    scores = tuple(ScoreForm(c.id, 2, 2) for c in competences)
    pathway.add_assessment(mentee_id, AssessmentForm(AssessmentKind.BASELINE, DAY["baseline"], scores))
    pathway.add_assessment(mentee_id, AssessmentForm(AssessmentKind.INTERIM, DAY["interim"],
                                                     tuple(replace(s, mentor_level=3) for s in scores)))
    pathway.add_activity(mentee_id, ActivityForm("CV workshop", ActivityKind.WORKSHOP, ActivityFormat.IN_PERSON,
                                                 start_date=DAY["activity"], target_competence_ids=(
                                                     competences[0].id,)))
    pathway.agree_plan(mentee_id, AgreementForm(DAY["agreed"], "Amira Hadzic", "Jonas Berger"))
    pathway.add_outcome(mentee_id, OutcomeForm(competences[0].id, 3, "I can write a CV.", ValidationMethod.PORTFOLIO,
                                               evidence_description="Her CV", assessed_on=DAY["outcome"],
                                               phase=ValidationPhase.ASSESSED))
    pathway.add_outcome(mentee_id, OutcomeForm(competences[1].id, 2, "I can read a contract.",
                                               ValidationMethod.INTERVIEW, phase=ValidationPhase.IDENTIFIED))


def test_timeline_dates_come_from_the_overview_and_certificates(workspace) -> None:
    mentee = workspace.mentees.create(MenteeForm("Lea", "Kos", date(2005, 1, 1)), confirmed=True)
    build_pathway(workspace, mentee.id)
    overview = workspace.pathway.overview(mentee.id)
    stops = timeline(overview, [certificate(DAY["certificate"]), certificate(DAY["baseline"], revoked=True)])
    assert [stop.key for stop in stops] == [PathwayStep.ASSESSMENT, PathwayStep.LEARNING_OFFER,
                                            PathwayStep.VALIDATION, CERTIFICATE_STEP]
    assert [stop.status for stop in stops[:3]] == [state.status for state in overview.steps]
    assert stops[3].status is StepStatus.COMPLETE  # the revoked one does not count
    assert [stop.dates for stop in stops] == [
        (("First assessment", DAY["baseline"]), ("Latest assessment", DAY["interim"])),
        (("First activity", DAY["activity"]), ("Plan agreed", DAY["agreed"])),
        (("First outcome assessed", DAY["outcome"]),),  # the outcome only identified has no assessed date
        (("First certificate", DAY["certificate"]),),
    ]
    assert timeline(overview, [certificate(DAY["certificate"], revoked=True)])[3] == replace(
        stops[3], status=StepStatus.NOT_STARTED, dates=(("First certificate", None),))


def test_a_new_mentee_has_no_pathway_hours_or_levels_yet(record: MenteeRecordPage) -> None:
    progress = record.overview.progress
    assert progress.no_pathway.isVisible() and not progress.timeline.isVisible()
    assert progress.no_hours.isVisible() and not progress.hours_chart.isVisible()
    assert progress.radar is not None  # built when the Overview was first shown
    assert progress.radar.empty.isVisible()


def test_the_overview_shows_dates_hours_and_levels_and_follows_changes(qtbot, workspace, record, events) -> None:
    mentee_id = record.mentee_id
    workspace.sessions.log(held(mentee_id, DAY["session_1"], 90))
    workspace.sessions.log(held(mentee_id, DAY["session_2"], 45))
    build_pathway(workspace, mentee_id)
    events.emit_changed(Changes.of(ChangeKind.SESSIONS, ChangeKind.PATHWAY))

    progress = record.overview.progress
    assert progress.timeline.isVisible() and not progress.no_pathway.isVisible()
    columns = progress.timeline.texts()
    assert columns[0][1:] == [f"First assessment: {format_date(DAY['baseline'])}",
                              f"Latest assessment: {format_date(DAY['interim'])}"]
    assert columns[1][1:] == [f"First activity: {format_date(DAY['activity'])}",
                              f"Plan agreed: {format_date(DAY['agreed'])}"]
    assert columns[2][1:] == [f"First outcome assessed: {format_date(DAY['outcome'])}"]
    assert columns[3] == ["○  Certificate", "First certificate: not yet"]
    marks = {StepStatus.COMPLETE: "✓", StepStatus.IN_PROGRESS: "●", StepStatus.NOT_STARTED: "○"}
    steps = workspace.pathway.overview(mentee_id).steps
    assert [column[0] for column in columns[:3]] == [
        f"{marks[steps[0].status]}  1 · Assessment", f"{marks[steps[1].status]}  2 · Learning offer",
        f"{marks[steps[2].status]}  3 · Validation"]

    sessions = workspace.sessions.for_mentee(mentee_id)
    months = dict(progress.hours_chart.months)
    assert months[DAY["session_1"].replace(day=1)] >= 90 and sum(months.values()) == 135 == sessions.minutes_total
    assert progress.hours_total.text() == "2 h 15 min in 2 sessions attended"

    overview = workspace.pathway.overview(mentee_id)
    assert [line.name() for line in progress.radar.line_series()] == [s.name for s in overview.radar]

    # Ticked on the Pathway tab elsewhere: the Overview, on screen, follows at once.
    workspace.pathway.add_outcome(mentee_id, OutcomeForm(
        overview.framework.competences[2].id, 2, "I can budget.", ValidationMethod.OBSERVATION,
        evidence_description="Seen at the shop", assessed_on=DAY["session_1"], phase=ValidationPhase.ASSESSED))
    events.emit_changed(Changes.of(ChangeKind.PATHWAY))
    assert progress.timeline.texts()[2][1] == f"First outcome assessed: {format_date(DAY['session_1'])}"


def test_the_overview_tables_are_only_as_tall_as_their_rows(record: MenteeRecordPage) -> None:
    history = record.overview.history
    assert history.rowCount() == 1
    row = history.verticalHeader().defaultSectionSize()
    assert history.height() < history.horizontalHeader().sizeHint().height() + 2 * row + 2 * history.frameWidth()
