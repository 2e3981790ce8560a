"""The three pathway steps: skills assessments, the learning plan, and validated learning outcomes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentordesk.db.base import Base, Timestamps, UUIDPrimaryKey, enum_type, utcnow
from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ActivityStatus,
    AssessmentKind,
    ValidationMethod,
    ValidationPhase,
)

if TYPE_CHECKING:
    from mentordesk.db.models.competences import Competence


class Assessment(UUIDPrimaryKey, Timestamps, Base):
    """Step 1: a baseline, interim or final assessment against a framework."""

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_timeline", "mentee_id", "assessed_on"),)

    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"))
    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme.id", ondelete="SET NULL"))
    framework_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competence_framework.id", ondelete="RESTRICT"))
    kind: Mapped[AssessmentKind] = mapped_column(enum_type(AssessmentKind))
    assessed_on: Mapped[date]
    assessor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    identified_needs: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)

    scores: Mapped[list[AssessmentScore]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )


class AssessmentScore(Base):
    """Self and mentor levels for one competence, side by side (ranks on the framework's scale)."""

    __tablename__ = "assessment_score"
    __table_args__ = (
        CheckConstraint("self_level IS NULL OR self_level >= 1", name="self_level_positive"),
        CheckConstraint("mentor_level IS NULL OR mentor_level >= 1", name="mentor_level_positive"),
    )

    assessment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True
    )
    competence_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competence.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    self_level: Mapped[int | None]
    mentor_level: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)

    assessment: Mapped[Assessment] = relationship(back_populates="scores")


activity_competence = Table(
    "activity_competence",
    Base.metadata,
    Column("activity_id", ForeignKey("learning_activity.id", ondelete="CASCADE"), primary_key=True),
    Column("competence_id", ForeignKey("competence.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class LearningActivity(UUIDPrimaryKey, Timestamps, Base):
    """Step 2: one item of the individual learning plan."""

    __tablename__ = "learning_activity"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint("hours IS NULL OR hours >= 0", name="hours_positive"),
        Index("ix_learning_activity_plan", "mentee_id", "status"),
    )

    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"))
    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ActivityKind] = mapped_column(enum_type(ActivityKind))
    provider: Mapped[str | None] = mapped_column(String(200))
    format: Mapped[ActivityFormat] = mapped_column(enum_type(ActivityFormat))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    hours: Mapped[float | None] = mapped_column(Numeric(6, 1, asdecimal=False))
    status: Mapped[ActivityStatus] = mapped_column(enum_type(ActivityStatus), default=ActivityStatus.PLANNED)
    outcome_note: Mapped[str | None] = mapped_column(Text)

    target_competences: Mapped[list[Competence]] = relationship(secondary=activity_competence)


class PlanAgreement(UUIDPrimaryKey, Base):
    """The learning plan agreed by mentee and mentor on a date (printed to sign on paper)."""

    __tablename__ = "plan_agreement"
    __table_args__ = (Index("ix_plan_agreement_timeline", "mentee_id", "agreed_on"),)

    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"))
    agreed_on: Mapped[date]
    mentee_signatory: Mapped[str] = mapped_column(String(200))
    mentor_signatory: Mapped[str] = mapped_column(String(200))
    mentor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearningOutcome(UUIDPrimaryKey, Timestamps, Base):
    """Step 3: a "can do" statement mapped to a competence and level, and how it was validated."""

    __tablename__ = "learning_outcome"
    __table_args__ = (
        CheckConstraint("level >= 1", name="level_positive"),
        Index("ix_learning_outcome_phase", "mentee_id", "phase"),
    )

    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"))
    competence_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competence.id", ondelete="RESTRICT"), index=True
    )
    level: Mapped[int]
    statement: Mapped[str] = mapped_column(Text)
    method: Mapped[ValidationMethod] = mapped_column(enum_type(ValidationMethod))
    evidence_description: Mapped[str | None] = mapped_column(Text)
    assessor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    assessed_on: Mapped[date | None]
    phase: Mapped[ValidationPhase] = mapped_column(enum_type(ValidationPhase), default=ValidationPhase.IDENTIFIED)

    evidence_files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan", passive_deletes=True
    )


class EvidenceFile(UUIDPrimaryKey, Base):
    """A file copied into the data folder as evidence for an outcome."""

    __tablename__ = "evidence_file"

    outcome_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("learning_outcome.id", ondelete="CASCADE"), index=True
    )
    original_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(500))  # relative to the data folder
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    outcome: Mapped[LearningOutcome] = relationship(back_populates="evidence_files")

