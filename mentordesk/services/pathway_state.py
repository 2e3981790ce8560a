"""Where a mentee stands on the three-step pathway: the rules, once in Python and once in SQL.

`step_states()` is the rule for the pathway screens: a pure function of a few counts, so every
state and every "still missing" sentence can be tested without a database. The caseload table
cannot load each mentee's records to ask it, so `pathway_step_expression()` states the same rules
as one SQL expression; tests build mentees in every state and check that both answers agree.

Both measure step 1 against the mentee's framework (their current programme's, else the Key
Competences): `current_framework_expression()` is the one definition, used by the service too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, not_, or_, select
from sqlalchemy.orm import aliased

from mentordesk.db.models import (
    Assessment,
    AssessmentScore,
    Competence,
    Enrolment,
    LearningActivity,
    LearningOutcome,
    Mentee,
    PlanAgreement,
    Programme,
)
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import ActivityStatus, AssessmentKind, PathwayStep, ValidationPhase
from mentordesk.services.pathway_forms import StepState, StepStatus

PATHWAY_COMPLETE = "complete"  # the step column's value once all three steps are complete

OPEN_ACTIVITY = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)
NOT_YET_ASSESSED = (ValidationPhase.IDENTIFIED, ValidationPhase.DOCUMENTED)
# From "documented" on, an outcome says what evidence backs it.
NEEDS_EVIDENCE = (ValidationPhase.DOCUMENTED, ValidationPhase.ASSESSED, ValidationPhase.CERTIFIED)


@dataclass(frozen=True)
class PathwayFacts:
    """What the step rules look at, counted from a mentee's records."""

    assessments: int = 0  # of any kind, against any framework
    baseline: bool = False  # a baseline against the mentee's framework
    self_missing: int = 0  # framework competences without a self level in that baseline
    mentor_missing: int = 0  # … without a mentor level
    needs_and_goals: bool = False  # both written in that baseline
    activities: int = 0  # dropped ones included
    completed: int = 0
    open: int = 0  # planned or in progress
    agreed: bool = False  # the plan has been agreed at least once
    outcomes: int = 0
    unassessed: int = 0  # identified or documented
    undescribed: int = 0  # documented or later without an evidence description


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def assessment_state(facts: PathwayFacts) -> StepState:
    step = PathwayStep.ASSESSMENT
    if facts.assessments == 0:
        return StepState(step, StepStatus.NOT_STARTED, ("Record a baseline assessment.",))
    if not facts.baseline:
        return StepState(step, StepStatus.IN_PROGRESS, ("Record a baseline assessment.",))
    missing = []
    if facts.self_missing:
        missing.append(f"Self-assessment missing for {_counted(facts.self_missing, 'competence', 'competences')}.")
    if facts.mentor_missing:
        missing.append(f"Mentor assessment missing for {_counted(facts.mentor_missing, 'competence', 'competences')}.")
    if not facts.needs_and_goals:
        missing.append("Write the identified needs and goals.")
    return StepState(step, StepStatus.IN_PROGRESS if missing else StepStatus.COMPLETE, tuple(missing))


def learning_offer_state(facts: PathwayFacts) -> StepState:
    step = PathwayStep.LEARNING_OFFER
    if facts.activities == 0:
        return StepState(step, StepStatus.NOT_STARTED, ("Add an activity to the learning plan.",))
    missing = []
    if not facts.agreed:
        missing.append("Agree the plan and print the agreement.")
    if facts.open:
        missing.append(f"{_counted(facts.open, 'activity', 'activities')} still planned or in progress.")
    elif not facts.completed:  # every activity dropped
        missing.append("Complete at least one activity.")
    return StepState(step, StepStatus.IN_PROGRESS if missing else StepStatus.COMPLETE, tuple(missing))


def validation_state(facts: PathwayFacts) -> StepState:
    step = PathwayStep.VALIDATION
    if facts.outcomes == 0:
        return StepState(step, StepStatus.NOT_STARTED, ("Record a learning outcome.",))
    missing = []
    if facts.unassessed:
        missing.append(f"{_counted(facts.unassessed, 'outcome', 'outcomes')} not yet assessed.")
    if facts.undescribed:
        missing.append(f"Evidence not described for {_counted(facts.undescribed, 'outcome', 'outcomes')}.")
    return StepState(step, StepStatus.IN_PROGRESS if missing else StepStatus.COMPLETE, tuple(missing))


def step_states(facts: PathwayFacts) -> tuple[StepState, StepState, StepState]:
    """Each step's status and what it still needs: complete exactly when nothing is missing."""
    return assessment_state(facts), learning_offer_state(facts), validation_state(facts)


# ---- the same rules in SQL, per row of `mentee`


def current_framework_expression(mentee_id: ColumnElement = Mentee.id) -> ColumnElement:
    """The framework of the programme of the mentee's current enrolment, else the Key Competences.

    "Current" is the newest open enrolment, as on the mentee record (ties broken by id).
    """
    programme = (
        select(Programme.framework_id)
        .join(Enrolment, Enrolment.programme_id == Programme.id)
        .where(Enrolment.mentee_id == mentee_id, Enrolment.ended_on.is_(None))
        .order_by(Enrolment.started_on.desc(), Enrolment.id)
        .limit(1)
        .correlate_except(Enrolment, Programme)  # to the mentee of the enclosing query, however deep
        .scalar_subquery()
    )
    return func.coalesce(programme, literal(key_competences_id(), Assessment.framework_id.type))


def _has(model: type, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists(select(model.id).where(model.mentee_id == Mentee.id, *conditions).correlate(Mentee))


def _written(column: ColumnElement) -> ColumnElement[bool]:
    return func.coalesce(column, "") != ""


def _assessment_complete() -> ColumnElement[bool]:
    """A baseline against the mentee's framework, every competence scored both ways, needs and goals written."""
    scored = aliased(Competence)
    competences = (select(func.count(Competence.id)).where(Competence.framework_id == Assessment.framework_id)
                   .correlate(Assessment).scalar_subquery())
    both_levels = (
        select(func.count())
        .select_from(AssessmentScore)
        .join(scored, scored.id == AssessmentScore.competence_id)
        .where(AssessmentScore.assessment_id == Assessment.id, scored.framework_id == Assessment.framework_id,
               AssessmentScore.self_level.is_not(None), AssessmentScore.mentor_level.is_not(None))
        .correlate(Assessment)
        .scalar_subquery()
    )
    baseline = (
        select(Assessment.id)
        .where(Assessment.mentee_id == Mentee.id, Assessment.kind == AssessmentKind.BASELINE,
               Assessment.framework_id == current_framework_expression(),
               _written(Assessment.identified_needs), _written(Assessment.goals), both_levels == competences)
        .correlate(Mentee)
    )
    return exists(baseline)


def _learning_offer_complete() -> ColumnElement[bool]:
    return and_(
        _has(LearningActivity, LearningActivity.status == ActivityStatus.COMPLETED),
        not_(_has(LearningActivity, LearningActivity.status.in_(OPEN_ACTIVITY))),
        exists(select(PlanAgreement.id).where(PlanAgreement.mentee_id == Mentee.id).correlate(Mentee)),
    )


def _validation_complete() -> ColumnElement[bool]:
    unfinished = or_(LearningOutcome.phase.in_(NOT_YET_ASSESSED),
                     and_(LearningOutcome.phase.in_(NEEDS_EVIDENCE), ~_written(LearningOutcome.evidence_description)))
    return and_(_has(LearningOutcome), not_(_has(LearningOutcome, unfinished)))


def _by_step(values: tuple[object, object, object, object, object]) -> ColumnElement:
    """CASE over the steps: nothing recorded, then the first step not complete, then all complete."""
    nothing, first, second, third, complete = values
    recorded = or_(_has(Assessment), _has(LearningActivity), _has(LearningOutcome))
    return case(
        (not_(recorded), nothing),
        (not_(_assessment_complete()), first),
        (not_(_learning_offer_complete()), second),
        (not_(_validation_complete()), third),
        else_=complete,
    )


def pathway_step_expression() -> ColumnElement[str | None]:
    """The current step's value (the first not complete), PATHWAY_COMPLETE, or NULL before any record."""
    return _by_step((None, PathwayStep.ASSESSMENT.value, PathwayStep.LEARNING_OFFER.value,
                     PathwayStep.VALIDATION.value, PATHWAY_COMPLETE))


def pathway_rank_expression() -> ColumnElement[int]:
    """The step column's sort key: 0 before any record, 1 to 3 for the current step, 4 when complete."""
    return _by_step((0, 1, 2, 3, 4))
