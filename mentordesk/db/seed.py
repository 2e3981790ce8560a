"""Reference data every database starts with: the built-in competence frameworks.

Built-in rows have fixed UUIDs (uuid5 of their names) so that copies of MentorDesk on
different laptops agree on them and their records can later be merged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.db.models import Competence, CompetenceFramework, ProficiencyLevel

_NAMESPACE = uuid.UUID("6f0c1c52-6a57-4b39-9a3b-2f1c3d6e8a10")


def builtin_id(*names: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, "/".join(names))


@dataclass(frozen=True)
class FrameworkSeed:
    name: str
    version: str
    description: str
    source: str
    levels: tuple[tuple[str, str], ...]  # (label, description), ranked from 1
    competences: tuple[tuple[str, str, str], ...]  # (code, name, description)


KEY_COMPETENCES = FrameworkSeed(
    name="Key Competences for Lifelong Learning",
    version="2018",
    description=(
        "The eight key competences of the Council Recommendation of 22 May 2018, "
        "the framework Youthpass uses to describe learning."
    ),
    source="Council Recommendation 2018/C 189/01",
    levels=(
        ("Starting out", "I am just beginning: I need help with most of this."),
        ("Developing", "I can do some of this with help or support."),
        ("Capable", "I can do this on my own in familiar situations."),
        ("Confident", "I can do this in new situations and can help others."),
    ),
    competences=(
        ("KC1", "Literacy", "Understand, express and interpret concepts, feelings, facts and opinions "
         "in spoken and written form, and communicate well with others."),
        ("KC2", "Multilingual", "Use different languages appropriately and effectively for communication, "
         "with awareness of other cultures."),
        ("KC3", "Mathematics, science, technology and engineering", "Use mathematical thinking to solve everyday "
         "problems, and explain the world using knowledge, methods and evidence."),
        ("KC4", "Digital", "Use digital technologies confidently, critically and responsibly for learning, "
         "work and taking part in society."),
        ("KC5", "Personal, social and learning to learn", "Reflect on oneself, manage time and information, "
         "work with others constructively and manage one's own learning and career."),
        ("KC6", "Citizenship", "Act as a responsible citizen and take part in civic and social life, "
         "understanding social, economic, legal and political concepts."),
        ("KC7", "Entrepreneurship", "Act upon opportunities and ideas and turn them into value for others, "
         "with creativity, critical thinking and problem solving."),
        ("KC8", "Cultural awareness and expression", "Understand and respect how ideas and meaning are "
         "expressed creatively and communicated in different cultures and through the arts."),
    ),
)

BUILTIN_FRAMEWORKS = (KEY_COMPETENCES,)


def key_competences_id() -> uuid.UUID:
    return builtin_id(KEY_COMPETENCES.name)


def ensure_builtin_frameworks(session: Session) -> int:
    """Insert any built-in framework that is missing; returns how many were added."""
    existing = set(session.scalars(select(CompetenceFramework.id).where(CompetenceFramework.is_builtin)))
    added = 0
    for seed in BUILTIN_FRAMEWORKS:
        framework_id = builtin_id(seed.name)
        if framework_id in existing:
            continue
        session.add(
            CompetenceFramework(
                id=framework_id,
                name=seed.name,
                version=seed.version,
                description=seed.description,
                source=seed.source,
                is_builtin=True,
                levels=[
                    ProficiencyLevel(id=builtin_id(seed.name, "level", str(rank)), rank=rank, label=label,
                                     description=text)
                    for rank, (label, text) in enumerate(seed.levels, start=1)
                ],
                competences=[
                    Competence(id=builtin_id(seed.name, code), code=code, name=name, description=text,
                               position=position)
                    for position, (code, name, text) in enumerate(seed.competences)
                ],
            )
        )
        added += 1
    return added
