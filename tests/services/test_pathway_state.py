"""The step rules: every state and every "still missing" sentence, and the SQL column agreeing with them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mentordesk.db.models import Competence, CompetenceFramework, Enrolment, LearningOutcome, ProficiencyLevel
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ActivityStatus,
    AssessmentKind,
    PathwayStep,
    ValidationMethod,
    ValidationPhase,
)
from mentordesk.services.mentees import (
    NOT_STARTED,
    PATHWAY_COMPLETE,
    MenteeColumn,
    MenteeForm,
    MenteeQuery,
    MenteeService,
)
from mentordesk.services.organisation import OrganisationService, ProgrammeForm
from mentordesk.services.pathway import PathwayService
from mentordesk.services.pathway_forms import (
    ActivityForm,
    AgreementForm,
    AssessmentForm,
    OutcomeForm,
    ScoreForm,
    StepState,
    StepStatus,
)
from mentordesk.services.pathway_state import PathwayFacts, step_states

ASSESSMENT, OFFER, VALIDATION = PathwayStep.ASSESSMENT, PathwayStep.LEARNING_OFFER, PathwayStep.VALIDATION
NOT_STARTED_STATE, IN_PROGRESS, COMPLETE = StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS, StepStatus.COMPLETE
TODAY = date.today()
DAY = timedelta(days=1)

# Everything complete: the start from which each case below takes one thing away.
DONE = PathwayFacts(assessments=2, baseline=True, needs_and_goals=True, activities=3, completed=2, agreed=True,
                    outcomes=2)


# ---- building mentees' records (the same builders as test_pathway.py; test modules do not import each other)


def new_mentee(session_factory, first: str = "Zoë") -> uuid.UUID:
    form = MenteeForm(first_name=first, last_name="Nagy", birth_date=TODAY.replace(year=TODAY.year - 20))
    return MenteeService(session_factory).create(form, confirmed=True).id


def key_competences(session_factory) -> list[uuid.UUID]:
    with session_factory() as session:
        return list(session.scalars(select(Competence.id).where(Competence.framework_id == key_competences_id())
                                    .order_by(Competence.position)))


def baseline(competences: list[uuid.UUID], **more) -> AssessmentForm:
    values = {"kind": AssessmentKind.BASELINE, "assessed_on": TODAY - 30 * DAY,
              "scores": tuple(ScoreForm(c, 2, 2) for c in competences), "identified_needs": "Confidence",
              "goals": "A job"} | more
    return AssessmentForm(**values)


def activity(status: ActivityStatus = ActivityStatus.PLANNED) -> ActivityForm:
    return ActivityForm("Barista course", ActivityKind.COURSE, ActivityFormat.IN_PERSON, status=status)


def outcome(competence_id: uuid.UUID, phase: ValidationPhase = ValidationPhase.ASSESSED) -> OutcomeForm:
    return OutcomeForm(competence_id, 3, "I can serve customers.", ValidationMethod.OBSERVATION, "Observed",
                       phase=phase)


def custom_framework(session_factory) -> tuple[uuid.UUID, list[uuid.UUID]]:
    with session_factory.begin() as session:
        framework = CompetenceFramework(
            name=f"Custom {uuid.uuid4().hex[:6]}",
            competences=[Competence(code=f"C{n}", name=f"Competence {n}", position=n) for n in range(3)],
            levels=[ProficiencyLevel(rank=rank, label=f"Level {rank}") for rank in range(1, 6)],
        )
        session.add(framework)
        session.flush()
        return framework.id, [c.id for c in framework.competences]


# ---- step 1


@pytest.mark.parametrize(("facts", "expected"), [
    (PathwayFacts(), StepState(ASSESSMENT, NOT_STARTED_STATE, ("Record a baseline assessment.",))),
    (replace(DONE, baseline=False), StepState(ASSESSMENT, IN_PROGRESS, ("Record a baseline assessment.",))),
    (replace(DONE, self_missing=3), StepState(ASSESSMENT, IN_PROGRESS,
                                              ("Self-assessment missing for 3 competences.",))),
    (replace(DONE, self_missing=1), StepState(ASSESSMENT, IN_PROGRESS,
                                              ("Self-assessment missing for 1 competence.",))),
    (replace(DONE, mentor_missing=2), StepState(ASSESSMENT, IN_PROGRESS,
                                                ("Mentor assessment missing for 2 competences.",))),
    (replace(DONE, mentor_missing=1), StepState(ASSESSMENT, IN_PROGRESS,
                                                ("Mentor assessment missing for 1 competence.",))),
    (replace(DONE, needs_and_goals=False), StepState(ASSESSMENT, IN_PROGRESS,
                                                     ("Write the identified needs and goals.",))),
    (replace(DONE, self_missing=8, mentor_missing=8, needs_and_goals=False), StepState(ASSESSMENT, IN_PROGRESS, (
        "Self-assessment missing for 8 competences.", "Mentor assessment missing for 8 competences.",
        "Write the identified needs and goals."))),
    (DONE, StepState(ASSESSMENT, COMPLETE, ())),
])
def test_step_one(facts: PathwayFacts, expected: StepState) -> None:
    assert step_states(facts)[0] == expected


# ---- step 2


@pytest.mark.parametrize(("facts", "expected"), [
    (PathwayFacts(), StepState(OFFER, NOT_STARTED_STATE, ("Add an activity to the learning plan.",))),
    (replace(DONE, activities=0, completed=0), StepState(OFFER, NOT_STARTED_STATE,
                                                         ("Add an activity to the learning plan.",))),
    (replace(DONE, agreed=False), StepState(OFFER, IN_PROGRESS, ("Agree the plan and print the agreement.",))),
    (replace(DONE, open=2), StepState(OFFER, IN_PROGRESS, ("2 activities still planned or in progress.",))),
    (replace(DONE, open=1), StepState(OFFER, IN_PROGRESS, ("1 activity still planned or in progress.",))),
    (replace(DONE, completed=0), StepState(OFFER, IN_PROGRESS, ("Complete at least one activity.",))),
    (replace(DONE, completed=0, open=3, agreed=False), StepState(OFFER, IN_PROGRESS, (
        "Agree the plan and print the agreement.", "3 activities still planned or in progress."))),
    (DONE, StepState(OFFER, COMPLETE, ())),
])
def test_step_two(facts: PathwayFacts, expected: StepState) -> None:
    assert step_states(facts)[1] == expected


# ---- step 3


@pytest.mark.parametrize(("facts", "expected"), [
    (PathwayFacts(), StepState(VALIDATION, NOT_STARTED_STATE, ("Record a learning outcome.",))),
    (replace(DONE, unassessed=3), StepState(VALIDATION, IN_PROGRESS, ("3 outcomes not yet assessed.",))),
    (replace(DONE, unassessed=1), StepState(VALIDATION, IN_PROGRESS, ("1 outcome not yet assessed.",))),
    (replace(DONE, undescribed=1), StepState(VALIDATION, IN_PROGRESS, ("Evidence not described for 1 outcome.",))),
    (replace(DONE, undescribed=2), StepState(VALIDATION, IN_PROGRESS,
                                             ("Evidence not described for 2 outcomes.",))),
    (replace(DONE, unassessed=2, undescribed=1), StepState(VALIDATION, IN_PROGRESS, (
        "2 outcomes not yet assessed.", "Evidence not described for 1 outcome."))),
    (DONE, StepState(VALIDATION, COMPLETE, ())),
])
def test_step_three(facts: PathwayFacts, expected: StepState) -> None:
    assert step_states(facts)[2] == expected


def test_steps_are_independent_and_complete_exactly_when_nothing_is_missing() -> None:
    later_only = replace(DONE, assessments=0, baseline=False)
    assert [s.status for s in step_states(later_only)] == [NOT_STARTED_STATE, COMPLETE, COMPLETE]
    for facts in (PathwayFacts(), DONE, replace(DONE, open=1), replace(DONE, unassessed=1)):
        for state in step_states(facts):
            assert (state.status is COMPLETE) == (state.missing == ())


# ---- the service fills the steps and the radar


def test_the_overview_counts_what_the_rules_need(session_factory, paths) -> None:
    pathway = PathwayService(session_factory, paths.evidence_dir)
    mentee_id = new_mentee(session_factory)
    competences = key_competences(session_factory)
    scores = (ScoreForm(competences[0], 2, None), ScoreForm(competences[1], None, 3))
    pathway.add_assessment(mentee_id, AssessmentForm(AssessmentKind.BASELINE, TODAY - 9 * DAY, scores, "Needs"))
    for status in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS, ActivityStatus.DROPPED):
        pathway.add_activity(mentee_id, activity(status=status))
    pathway.add_outcome(mentee_id, outcome(competences[0], ValidationPhase.DOCUMENTED))
    steps = pathway.overview(mentee_id).steps
    assert steps[0].missing == ("Self-assessment missing for 7 competences.",
                                "Mentor assessment missing for 7 competences.", "Write the identified needs and goals.")
    assert steps[1].missing == ("Agree the plan and print the agreement.",
                                "2 activities still planned or in progress.")
    assert steps[2].missing == ("1 outcome not yet assessed.",)


def test_the_radar_sets_baseline_against_latest_self_against_mentor(session_factory, paths) -> None:
    pathway = PathwayService(session_factory, paths.evidence_dir)
    mentee_id = new_mentee(session_factory)
    competences = key_competences(session_factory)
    only_self = tuple(ScoreForm(c, 1) for c in competences[:2])
    pathway.add_assessment(mentee_id, AssessmentForm(AssessmentKind.BASELINE, TODAY - 30 * DAY, only_self))
    radar = pathway.overview(mentee_id).radar
    assert [series.name for series in radar] == ["Baseline · self"], "no mentor levels, no latest yet"
    assert radar[0].levels == (1, 1) + (None,) * 6
    pathway.add_assessment(mentee_id, AssessmentForm(AssessmentKind.FINAL, TODAY - 2 * DAY,
                                                     (ScoreForm(competences[7], 4, 3),)))
    pathway.add_assessment(mentee_id, AssessmentForm(AssessmentKind.INTERIM, TODAY - 10 * DAY,
                                                     (ScoreForm(competences[0], 2, 2),)))
    radar = pathway.overview(mentee_id).radar
    assert [(series.name, series.levels) for series in radar] == [
        ("Baseline · self", (1, 1) + (None,) * 6),
        ("Latest · self", (None,) * 7 + (4,)),  # the final one: latest by date, not by entry
        ("Latest · mentor", (None,) * 7 + (3,)),
    ]


# ---- the SQL column agrees with the rules


def _complete_baseline(pathway: PathwayService, mentee_id: uuid.UUID, competences: list[uuid.UUID]) -> None:
    pathway.add_assessment(mentee_id, baseline(competences))


def _plan_done(pathway: PathwayService, mentee_id: uuid.UUID) -> None:
    pathway.add_activity(mentee_id, activity(status=ActivityStatus.COMPLETED))
    pathway.add_activity(mentee_id, activity(status=ActivityStatus.DROPPED))
    pathway.agree_plan(mentee_id, AgreementForm(TODAY, "Zoë Nagy", "Ana Nowak"))


def _outcomes_done(pathway: PathwayService, mentee_id: uuid.UUID, competences: list[uuid.UUID]) -> None:
    pathway.add_outcome(mentee_id, outcome(competences[0], ValidationPhase.ASSESSED))
    pathway.add_outcome(mentee_id, outcome(competences[1], ValidationPhase.CERTIFIED))


def _everything(pathway, mentee_id, competences) -> None:
    _complete_baseline(pathway, mentee_id, competences)
    _plan_done(pathway, mentee_id)
    _outcomes_done(pathway, mentee_id, competences)


def _undescribed_evidence(session_factory, mentee_id: uuid.UUID, competence_id: uuid.UUID) -> None:
    """Older or imported data: an assessed outcome without its evidence described (the service refuses it)."""
    with session_factory.begin() as session:
        session.add(LearningOutcome(mentee_id=mentee_id, competence_id=competence_id, level=2, statement="I can",
                                    method=ValidationMethod.TEST, phase=ValidationPhase.ASSESSED))


def _enrol_in(session_factory, mentee_id: uuid.UUID, framework_id: uuid.UUID) -> uuid.UUID:
    programme = OrganisationService(session_factory).save_programme(
        ProgrammeForm(f"P {uuid.uuid4().hex[:6]}", TODAY - 300 * DAY, framework_id=framework_id))
    MenteeService(session_factory).enrol(mentee_id, programme.id, None, TODAY - 200 * DAY)
    return programme.id


def _add_competence(session_factory) -> None:
    """A worker's own framework growing after the baseline (done directly: the seed is the test's framework)."""
    with session_factory.begin() as session:
        session.add(Competence(framework_id=key_competences_id(), code="KC9", name="Ninth", position=9))


def _complete_in_custom_framework(pathway, mentee_id, _competences, session_factory) -> None:
    framework_id, competences = custom_framework(session_factory)
    _enrol_in(session_factory, mentee_id, framework_id)
    _everything(pathway, mentee_id, competences)


def _end_enrolments(session_factory, mentee_id: uuid.UUID) -> None:
    with session_factory.begin() as session:
        for enrolment in session.scalars(select(Enrolment).where(Enrolment.mentee_id == mentee_id)):
            enrolment.ended_on = TODAY


Case = Callable[[PathwayService, uuid.UUID, list[uuid.UUID], object], None]

CASES: dict[str, tuple[Case, PathwayStep | str | None]] = {
    "nothing recorded": (lambda p, m, c, s: None, None),
    "a baseline without self levels": (
        lambda p, m, c, s: p.add_assessment(m, baseline(c, scores=tuple(ScoreForm(x, None, 2) for x in c))),
        ASSESSMENT),
    "a baseline with one mentor level missing": (
        lambda p, m, c, s: p.add_assessment(m, baseline(c, scores=tuple(ScoreForm(x, 2, 2) for x in c[1:])
                                                        + (ScoreForm(c[0], 2, None),))), ASSESSMENT),
    "a baseline without goals": (lambda p, m, c, s: p.add_assessment(m, baseline(c, goals="")), ASSESSMENT),
    "a baseline without needs, the rest done": (
        lambda p, m, c, s: (p.add_assessment(m, baseline(c, identified_needs="")), _plan_done(p, m),
                            _outcomes_done(p, m, c)), ASSESSMENT),
    "only an activity": (lambda p, m, c, s: p.add_activity(m, activity()), ASSESSMENT),
    "only an outcome": (lambda p, m, c, s: p.add_outcome(m, outcome(c[0])), ASSESSMENT),
    "a complete baseline": (lambda p, m, c, s: _complete_baseline(p, m, c), OFFER),
    "a complete baseline and interim": (
        lambda p, m, c, s: (_complete_baseline(p, m, c),
                            p.add_assessment(m, AssessmentForm(AssessmentKind.INTERIM, TODAY))), OFFER),
    "plan done but not agreed": (
        lambda p, m, c, s: (_complete_baseline(p, m, c), p.add_activity(m, activity(status=ActivityStatus.COMPLETED)),
                            _outcomes_done(p, m, c)), OFFER),
    "agreed, one completed, one in progress": (
        lambda p, m, c, s: (_complete_baseline(p, m, c), _plan_done(p, m),
                            p.add_activity(m, activity(status=ActivityStatus.IN_PROGRESS))), OFFER),
    "agreed, every activity dropped": (
        lambda p, m, c, s: (_complete_baseline(p, m, c), p.add_activity(m, activity(status=ActivityStatus.DROPPED)),
                            p.agree_plan(m, AgreementForm(TODAY, "Z", "A"))), OFFER),
    "plan done, no outcome": (lambda p, m, c, s: (_complete_baseline(p, m, c), _plan_done(p, m)), VALIDATION),
    "an outcome only identified": (
        lambda p, m, c, s: (_everything(p, m, c), p.add_outcome(m, outcome(c[2], ValidationPhase.IDENTIFIED))),
        VALIDATION),
    "an outcome only documented": (
        lambda p, m, c, s: (_everything(p, m, c), p.add_outcome(m, outcome(c[2], ValidationPhase.DOCUMENTED))),
        VALIDATION),
    "evidence not described": (
        lambda p, m, c, s: (_everything(p, m, c), _undescribed_evidence(s, m, c[3])), VALIDATION),
    "all three complete": (lambda p, m, c, s: _everything(p, m, c), PATHWAY_COMPLETE),
    "a new competence added to the framework": (
        lambda p, m, c, s: (_everything(p, m, c), _add_competence(s)), ASSESSMENT),
    "a programme with another framework": (
        lambda p, m, c, s: (_everything(p, m, c), _enrol_in(s, m, custom_framework(s)[0])), ASSESSMENT),
    "complete in the programme's framework": (_complete_in_custom_framework, PATHWAY_COMPLETE),
    "that programme's enrolment ended": (
        lambda p, m, c, s: (_complete_in_custom_framework(p, m, c, s), _end_enrolments(s, m)), ASSESSMENT),
}


def _expected_from_overview(pathway: PathwayService, mentee_id: uuid.UUID) -> PathwayStep | str | None:
    overview = pathway.overview(mentee_id)
    return PATHWAY_COMPLETE if overview.complete else overview.current_step


@pytest.mark.parametrize("name", list(CASES))
def test_the_sql_step_column_equals_the_rules(session_factory, paths, name: str) -> None:
    pathway = PathwayService(session_factory, paths.evidence_dir)
    competences = key_competences(session_factory)
    build, expected = CASES[name]
    mentee_id = new_mentee(session_factory)
    build(pathway, mentee_id, competences, session_factory)
    python = _expected_from_overview(pathway, mentee_id)
    sql = MenteeService(session_factory).rows([mentee_id])[mentee_id].step
    assert python == expected, name
    assert sql == python, name


def test_a_competence_added_after_the_baseline_reopens_step_one(session_factory, paths) -> None:
    pathway = PathwayService(session_factory, paths.evidence_dir)
    mentee_id = new_mentee(session_factory)
    _everything(pathway, mentee_id, key_competences(session_factory))
    assert MenteeService(session_factory).rows([mentee_id])[mentee_id].step == PATHWAY_COMPLETE
    _add_competence(session_factory)
    assert pathway.overview(mentee_id).steps[0].missing == ("Self-assessment missing for 1 competence.",
                                                            "Mentor assessment missing for 1 competence.")
    assert MenteeService(session_factory).rows([mentee_id])[mentee_id].step == ASSESSMENT


def test_filtering_and_sorting_by_step_follow_the_same_rules(session_factory, paths) -> None:
    pathway = PathwayService(session_factory, paths.evidence_dir)
    competences = key_competences(session_factory)
    mentees = MenteeService(session_factory)
    expected: dict[uuid.UUID, PathwayStep | str | None] = {}
    for number, name in enumerate(("nothing recorded", "only an activity", "a complete baseline",
                                   "plan done, no outcome", "all three complete", "an outcome only identified")):
        mentee_id = new_mentee(session_factory, f"Mentee{number}")
        CASES[name][0](pathway, mentee_id, competences, session_factory)
        expected[mentee_id] = _expected_from_overview(pathway, mentee_id)
    for step in (NOT_STARTED, ASSESSMENT, OFFER, VALIDATION, PATHWAY_COMPLETE):
        wanted = {m for m, value in expected.items() if value == (None if step == NOT_STARTED else step)}
        assert set(mentees.search_ids(MenteeQuery(step=step))) == wanted, step
    rank = {None: 0, ASSESSMENT: 1, OFFER: 2, VALIDATION: 3, PATHWAY_COMPLETE: 4}
    ordered = [rank[expected[m]] for m in mentees.search_ids(MenteeQuery(sort=MenteeColumn.STEP))]
    assert ordered == sorted(ordered) and len(set(ordered)) == 5


def test_on_demo_data_the_sql_column_equals_the_rules_for_every_mentee(session_factory, paths) -> None:
    from mentordesk.services.demo import DemoService

    DemoService(session_factory).generate(mentees=80, seed=11)
    pathway = PathwayService(session_factory, paths.evidence_dir)
    mentees = MenteeService(session_factory)
    ids = mentees.search_ids(MenteeQuery())
    rows = mentees.rows(ids)
    python = {mentee_id: _expected_from_overview(pathway, mentee_id) for mentee_id in ids}
    assert {mentee_id: row.step for mentee_id, row in rows.items()} == python
    assert len(set(python.values())) >= 3, "the demo spreads mentees over several steps"
