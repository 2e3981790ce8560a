"""Where a mentee stands on the three-step pathway, as SQL expressions for the caseload table.

A mentee is at the furthest step that has a record: an assessment (step 1), a learning
activity (step 2) or a learning outcome (step 3). The pathway screens refine what each step
still needs; this answers "which step" fast enough to filter and sort 10,000 mentees by it.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, exists, select

from mentordesk.db.models import Assessment, LearningActivity, LearningOutcome, Mentee
from mentordesk.enums import PathwayStep

# Furthest step first: (the record that proves it, the step, its rank for sorting).
_STEPS = (
    (LearningOutcome, PathwayStep.VALIDATION, 3),
    (LearningActivity, PathwayStep.LEARNING_OFFER, 2),
    (Assessment, PathwayStep.ASSESSMENT, 1),
)


def _has(model: type) -> ColumnElement[bool]:
    return exists(select(model.id).where(model.mentee_id == Mentee.id).correlate(Mentee))


def pathway_step_expression() -> ColumnElement[str | None]:
    """The step's value, or NULL before the first assessment."""
    return case(*((_has(model), step.value) for model, step, _ in _STEPS), else_=None)


def pathway_rank_expression() -> ColumnElement[int]:
    """0 before the first assessment, then 1, 2, 3: the step column's sort key."""
    return case(*((_has(model), rank) for model, _, rank in _STEPS), else_=0)
