"""The certificate register and the audit trail: records about records."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.db.base import Base, UUIDPrimaryKey, enum_type, utcnow
from mentordesk.enums import AuditAction, CertificateKind


class Certificate(UUIDPrimaryKey, Base):
    """An issued certificate.

    The entry outlives the mentee's erasure: `mentee_id` becomes NULL, the payload is cleared
    and `erased` is set, so the serial still answers "was this issued, is it revoked?".
    """

    __tablename__ = "certificate"
    __table_args__ = (Index("ix_certificate_issued", "issued_on"),)

    serial: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[CertificateKind] = mapped_column(enum_type(CertificateKind))
    language: Mapped[str] = mapped_column(String(16), default="en")
    mentee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mentee.id", ondelete="SET NULL"), index=True)
    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme.id", ondelete="SET NULL"))
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    issued_on: Mapped[date]
    # The signed canonical facts, kept so a re-print gives the same document.
    payload: Mapped[str | None] = mapped_column(Text)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(500))
    erased: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(UUIDPrimaryKey, Base):
    """Who did what to which record, when: field names only, never personal values.

    `seq` orders the hash chain; `entity_id` has no foreign key so events survive erasure.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_entity", "entity", "entity_id"),
        Index("ix_audit_event_occurred", "occurred_at"),
    )

    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[uuid.UUID | None]
    action: Mapped[AuditAction] = mapped_column(enum_type(AuditAction))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[uuid.UUID | None]
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
