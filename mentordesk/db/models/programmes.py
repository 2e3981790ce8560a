"""Programmes and the enrolment of mentees in them with a mentor."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.db.base import Base, Timestamps, UUIDPrimaryKey


class Programme(UUIDPrimaryKey, Timestamps, Base):
    """A time-boxed mentoring programme."""

    __tablename__ = "programme"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint("target_hours IS NULL OR target_hours >= 0", name="target_hours_positive"),
        CheckConstraint("planned_weeks IS NULL OR planned_weeks >= 1", name="planned_weeks_positive"),
    )

    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    funder: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date]
    end_date: Mapped[date | None] = mapped_column(index=True)
    planned_weeks: Mapped[int | None]
    target_hours: Mapped[int | None]
    framework_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competence_framework.id", ondelete="RESTRICT"))
    # The three steps' wording is configurable: "Upskilling Pathways" by default, or a youth scheme's terms.
    pathway_label: Mapped[str | None] = mapped_column(String(80))
    step1_label: Mapped[str | None] = mapped_column(String(80))
    step2_label: Mapped[str | None] = mapped_column(String(80))
    step3_label: Mapped[str | None] = mapped_column(String(80))
    is_archived: Mapped[bool] = mapped_column(default=False)


class Enrolment(UUIDPrimaryKey, Timestamps, Base):
    """A mentee in a programme with a mentor.

    Rows are history: reassigning the mentor ends the open row and starts a new one, so
    "current" means `ended_on IS NULL`.
    """

    __tablename__ = "enrolment"
    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates_ordered"),
        # At most one open enrolment of a mentee in a programme.
        Index(
            "uq_enrolment_open",
            "mentee_id",
            "programme_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
        Index("ix_enrolment_mentor_open", "mentor_id", "ended_on"),
        Index("ix_enrolment_programme_open", "programme_id", "ended_on"),
    )

    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programme.id", ondelete="RESTRICT"))
    mentor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(String(200))
