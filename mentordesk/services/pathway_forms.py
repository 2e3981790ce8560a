"""What the pathway screens send and receive: assessments (step 1), the learning plan (step 2) and
validated learning outcomes (step 3), with the competence framework they are measured against.

Levels are ranks on the framework's proficiency scale (1 = the lowest).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ActivityStatus,
    AssessmentKind,
    PathwayStep,
    ValidationMethod,
    ValidationPhase,
)

# ---- the framework


@dataclass(frozen=True)
class CompetenceInfo:
    id: uuid.UUID
    code: str
    area: str | None
    name: str
    description: str | None


@dataclass(frozen=True)
class LevelInfo:
    rank: int
    label: str
    description: str | None


@dataclass(frozen=True)
class FrameworkInfo:
    id: uuid.UUID
    name: str
    version: str | None
    description: str | None
    source: str | None
    is_builtin: bool
    competences: tuple[CompetenceInfo, ...]  # in the framework's order
    levels: tuple[LevelInfo, ...]  # by rank, lowest first

    def level_label(self, rank: int | None) -> str:
        return next((level.label for level in self.levels if level.rank == rank), "")

    def competence(self, competence_id: uuid.UUID) -> CompetenceInfo | None:
        return next((c for c in self.competences if c.id == competence_id), None)


# ---- step 1: skills assessment


@dataclass(frozen=True)
class ScoreForm:
    competence_id: uuid.UUID
    self_level: int | None = None
    mentor_level: int | None = None
    note: str = ""
    evidence: str = ""  # the evidence seen


@dataclass(frozen=True)
class AssessmentForm:
    kind: AssessmentKind
    assessed_on: date
    scores: tuple[ScoreForm, ...] = ()
    identified_needs: str = ""
    goals: str = ""
    assessor_id: uuid.UUID | None = None


@dataclass(frozen=True)
class AssessmentInfo:
    id: uuid.UUID
    kind: AssessmentKind
    assessed_on: date
    framework_id: uuid.UUID
    assessor_id: uuid.UUID | None
    assessor: str | None
    identified_needs: str
    goals: str
    scores: tuple[ScoreForm, ...]  # in the framework's competence order

    def form(self) -> AssessmentForm:
        return AssessmentForm(self.kind, self.assessed_on, self.scores, self.identified_needs, self.goals,
                              self.assessor_id)


# ---- step 2: the learning offer


@dataclass(frozen=True)
class ActivityForm:
    title: str
    kind: ActivityKind
    format: ActivityFormat
    provider: str = ""
    start_date: date | None = None
    end_date: date | None = None
    hours: float | None = None
    status: ActivityStatus = ActivityStatus.PLANNED
    target_competence_ids: tuple[uuid.UUID, ...] = ()
    outcome_note: str = ""


@dataclass(frozen=True)
class ActivityInfo:
    id: uuid.UUID
    form: ActivityForm


@dataclass(frozen=True)
class AgreementForm:
    agreed_on: date
    mentee_signatory: str
    mentor_signatory: str
    mentor_id: uuid.UUID | None = None
    note: str = ""


@dataclass(frozen=True)
class AgreementInfo:
    id: uuid.UUID
    form: AgreementForm


# ---- step 3: validation


@dataclass(frozen=True)
class EvidenceInfo:
    id: uuid.UUID
    original_name: str
    stored_path: str  # relative to the data folder
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class OutcomeForm:
    competence_id: uuid.UUID
    level: int
    statement: str  # "I can …": a can-do statement
    method: ValidationMethod
    evidence_description: str = ""
    assessor_id: uuid.UUID | None = None
    assessed_on: date | None = None
    phase: ValidationPhase = ValidationPhase.IDENTIFIED
    add_files: tuple[Path, ...] = ()  # copied into the data folder on save
    remove_evidence_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class OutcomeInfo:
    id: uuid.UUID
    form: OutcomeForm  # add_files and remove_evidence_ids empty
    assessor: str | None
    evidence: tuple[EvidenceInfo, ...]


# ---- where the mentee stands


class StepStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


@dataclass(frozen=True)
class StepState:
    step: PathwayStep
    status: StepStatus
    missing: tuple[str, ...]  # what is still needed to complete the step, one sentence each


@dataclass(frozen=True)
class RadarSeries:
    """Levels per competence in the framework's order; None where not assessed."""

    name: str  # e.g. "Baseline · self"
    levels: tuple[int | None, ...]


@dataclass(frozen=True)
class PathwayOverview:
    mentee_id: uuid.UUID
    framework: FrameworkInfo
    assessments: tuple[AssessmentInfo, ...]  # oldest first
    activities: tuple[ActivityInfo, ...]  # by start date, undated last
    agreements: tuple[AgreementInfo, ...]  # newest first
    outcomes: tuple[OutcomeInfo, ...]  # by competence order, then level
    steps: tuple[StepState, StepState, StepState]  # assessment, learning offer, validation
    radar: tuple[RadarSeries, ...] = field(default=())  # baseline and latest, self and mentor

    @property
    def current_step(self) -> PathwayStep | None:
        """The first step not complete; None before anything is recorded or when all three are complete."""
        if all(state.status is StepStatus.NOT_STARTED for state in self.steps):
            return None
        return next((state.step for state in self.steps if state.status is not StepStatus.COMPLETE), None)

    @property
    def complete(self) -> bool:
        return all(state.status is StepStatus.COMPLETE for state in self.steps)
