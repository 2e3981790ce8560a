"""The organisation running this copy of MentorDesk, its workers and trusted signing keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.db.base import Base, Timestamps, UUIDPrimaryKey, enum_type, utcnow
from mentordesk.enums import WorkerRole


class Organisation(UUIDPrimaryKey, Timestamps, Base):
    """One row: the organisation's identity and the settings that apply to all its programmes."""

    __tablename__ = "organisation"
    __table_args__ = (
        CheckConstraint("singleton = 1", name="single_row"),
        CheckConstraint("digital_consent_age BETWEEN 13 AND 16", name="consent_age_range"),
        CheckConstraint("min_mentee_age >= 0 AND max_mentee_age >= min_mentee_age", name="mentee_age_range"),
        CheckConstraint("inactivity_days >= 1", name="inactivity_days_positive"),
    )

    singleton: Mapped[int] = mapped_column(default=1, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    place: Mapped[str | None] = mapped_column(String(120))  # printed as "place of issue"
    logo_path: Mapped[str | None] = mapped_column(String(500))
    signatory_name: Mapped[str | None] = mapped_column(String(200))
    signatory_role: Mapped[str | None] = mapped_column(String(200))
    signature_image_path: Mapped[str | None] = mapped_column(String(500))
    certificate_prefix: Mapped[str] = mapped_column(String(12), default="MD")
    mentee_code_prefix: Mapped[str] = mapped_column(String(8), default="MD")
    # GDPR Art. 8: member states set the digital-consent age between 13 and 16.
    digital_consent_age: Mapped[int] = mapped_column(default=16)
    min_mentee_age: Mapped[int] = mapped_column(default=13)
    max_mentee_age: Mapped[int] = mapped_column(default=99)
    inactivity_days: Mapped[int] = mapped_column(default=21)
    retention_months: Mapped[int | None]
    locale: Mapped[str] = mapped_column(String(16), default="en")


class Worker(UUIDPrimaryKey, Timestamps, Base):
    """A youth worker, mentor or coordinator using the app."""

    __tablename__ = "worker"

    full_name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[WorkerRole] = mapped_column(enum_type(WorkerRole), default=WorkerRole.MENTOR)
    job_title: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Argon2id hash; NULL while accounts have no passwords.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Wrong passwords in a row and when the last one was typed: further tries wait longer and longer.
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failed_sign_in_at: Mapped[datetime | None]


class TrustedKey(UUIDPrimaryKey, Timestamps, Base):
    """An Ed25519 public key whose certificates verify: our own and partner organisations'."""

    __tablename__ = "trusted_key"

    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    owner_name: Mapped[str] = mapped_column(String(200))
    is_own: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    trusted_at: Mapped[datetime] = mapped_column(default=utcnow)
    distrusted_at: Mapped[datetime | None]


__all__ = ["Organisation", "TrustedKey", "Worker"]
