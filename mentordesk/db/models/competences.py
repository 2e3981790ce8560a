"""Competence frameworks: their competences and proficiency scales."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentordesk.db.base import Base, Timestamps, UUIDPrimaryKey


class CompetenceFramework(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "competence_framework"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    version: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    # Built-in frameworks are seeded with fixed ids and are not edited by users.
    is_builtin: Mapped[bool] = mapped_column(default=False)

    competences: Mapped[list[Competence]] = relationship(
        back_populates="framework", cascade="all, delete-orphan", order_by="Competence.position"
    )
    levels: Mapped[list[ProficiencyLevel]] = relationship(
        back_populates="framework", cascade="all, delete-orphan", order_by="ProficiencyLevel.rank"
    )


class Competence(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "competence"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    framework_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competence_framework.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    area: Mapped[str | None] = mapped_column(String(200))  # e.g. DigComp's five areas
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    framework: Mapped[CompetenceFramework] = relationship(back_populates="competences")


class ProficiencyLevel(UUIDPrimaryKey, Base):
    """One step of a framework's scale; scores and outcomes refer to it by its rank."""

    __tablename__ = "proficiency_level"
    __table_args__ = (
        UniqueConstraint("framework_id", "rank"),
        CheckConstraint("rank >= 1", name="rank_positive"),
    )

    framework_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competence_framework.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int]
    label: Mapped[str] = mapped_column(String(80))
    description: Mapped[str | None] = mapped_column(Text)

    framework: Mapped[CompetenceFramework] = relationship(back_populates="levels")
