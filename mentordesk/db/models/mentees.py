"""Mentees, their status history, consent records and case notes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.db.base import Base, Timestamps, UUIDPrimaryKey, enum_type, utcnow
from mentordesk.enums import ConsentAction, ConsentGiver, ConsentMethod, ConsentPurpose, Gender, MenteeStatus


class Mentee(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "mentee"
    __table_args__ = (Index("ix_mentee_name", "last_name", "first_name"),)

    reference_code: Mapped[str] = mapped_column(String(20), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(index=True)
    gender: Mapped[Gender] = mapped_column(enum_type(Gender), default=Gender.NOT_STATED)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    postcode: Mapped[str | None] = mapped_column(String(20))
    languages: Mapped[str | None] = mapped_column(String(200))
    # Lower-cased, accent-free "first last code": SQLite's LIKE only folds ASCII case.
    search_text: Mapped[str] = mapped_column(String(300), default="")
    # Folded "last first", the Name column's sort key: SQLite's lower() would put "Álvaro" after "Zúbek".
    sort_name: Mapped[str] = mapped_column(String(210), default="", server_default="", index=True)
    # Current status, kept in step with the latest MenteeStatusChange for fast filtering.
    status: Mapped[MenteeStatus] = mapped_column(
        enum_type(MenteeStatus), default=MenteeStatus.REFERRED, index=True
    )


class MenteeStatusChange(UUIDPrimaryKey, Base):
    __tablename__ = "mentee_status_change"
    __table_args__ = (Index("ix_mentee_status_change_timeline", "mentee_id", "changed_on"),)

    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"))
    status: Mapped[MenteeStatus] = mapped_column(enum_type(MenteeStatus, "new_status"))
    previous_status: Mapped[MenteeStatus | None] = mapped_column(enum_type(MenteeStatus, "old_status"))
    changed_on: Mapped[date]
    reason: Mapped[str | None] = mapped_column(String(500))
    changed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsentRecord(UUIDPrimaryKey, Base):
    """One consent event for one purpose: given or withdrawn.

    Append-only (a trigger refuses UPDATE): the current state of a purpose is its latest row.
    """

    __tablename__ = "consent_record"
    __table_args__ = (
        Index("ix_consent_record_latest", "mentee_id", "purpose", "recorded_at"),
        CheckConstraint(
            "given_by = 'self' OR (guardian_name IS NOT NULL AND guardian_relationship IS NOT NULL)",
            name="guardian_named",
        ),
    )

    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"))
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_type(ConsentPurpose))
    action: Mapped[ConsentAction] = mapped_column(enum_type(ConsentAction))
    given_by: Mapped[ConsentGiver] = mapped_column(enum_type(ConsentGiver), default=ConsentGiver.SELF)
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_relationship: Mapped[str | None] = mapped_column(String(100))
    method: Mapped[ConsentMethod] = mapped_column(enum_type(ConsentMethod))
    notice_version: Mapped[str] = mapped_column(String(40))
    effective_on: Mapped[date]
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseNote(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "case_note"
    __table_args__ = (Index("ix_case_note_timeline", "mentee_id", "written_at"),)

    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentee.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text)
