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
    competences: tuple[tuple[str, str | None, str, str], ...]  # (code, area, name, description)


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
        ("KC1", None, "Literacy", "Understand, express and interpret concepts, feelings, facts and opinions "
         "in spoken and written form, and communicate well with others."),
        ("KC2", None, "Multilingual", "Use different languages appropriately and effectively for communication, "
         "with awareness of other cultures."),
        ("KC3", None, "Mathematics, science, technology and engineering", "Use mathematical thinking to solve "
         "everyday problems, and explain the world using knowledge, methods and evidence."),
        ("KC4", None, "Digital", "Use digital technologies confidently, critically and responsibly for learning, "
         "work and taking part in society."),
        ("KC5", None, "Personal, social and learning to learn", "Reflect on oneself, manage time and information, "
         "work with others constructively and manage one's own learning and career."),
        ("KC6", None, "Citizenship", "Act as a responsible citizen and take part in civic and social life, "
         "understanding social, economic, legal and political concepts."),
        ("KC7", None, "Entrepreneurship", "Act upon opportunities and ideas and turn them into value for others, "
         "with creativity, critical thinking and problem solving."),
        ("KC8", None, "Cultural awareness and expression", "Understand and respect how ideas and meaning are "
         "expressed creatively and communicated in different cultures and through the arts."),
    ),
)

# DigComp 2.2's five areas; the competences' codes start with the area's number.
_INFORMATION = "Information and data literacy"
_COMMUNICATION = "Communication and collaboration"
_CREATION = "Digital content creation"
_SAFETY = "Safety"
_PROBLEMS = "Problem solving"

DIGCOMP = FrameworkSeed(
    name="DigComp 2.2: The Digital Competence Framework for Citizens",
    version="2.2",
    description=(
        "The European Commission's framework of the digital competences every citizen needs: 21 competences "
        "in 5 areas, on a scale of 8 proficiency levels from foundation to highly specialised."
    ),
    source=("Vuorikari, R., Kluzer, S. and Punie, Y., DigComp 2.2, EUR 31006 EN, Publications Office of the "
            "European Union, 2022, doi:10.2760/115376"),
    # DigComp's levels grow in three ways: harder tasks, more autonomy, and from remembering to creating.
    levels=(
        ("1 · Foundation", "With guidance, I can do simple tasks."),
        ("2 · Foundation", "I can do simple tasks on my own, with guidance when I need it."),
        ("3 · Intermediate", "On my own, I can do routine tasks and solve straightforward problems."),
        ("4 · Intermediate", "Independently, I can do tasks and solve clear problems that are not routine."),
        ("5 · Advanced", "I can do a range of tasks, solve different problems and guide others."),
        ("6 · Advanced", "I can choose the best way to do a task and help others in complicated situations."),
        ("7 · Highly specialised", "I can solve complex problems with few solutions and improve how things "
         "are done at work."),
        ("8 · Highly specialised", "I can solve complex problems with many parts and bring new ideas to "
         "the field."),
    ),
    competences=(
        ("1.1", _INFORMATION, "Browsing, searching and filtering data and digital content",
         "Say what information you need, search for it online, move between sources and refine how you search."),
        ("1.2", _INFORMATION, "Evaluating data and digital content",
         "Judge how credible and reliable sources, data and digital content are, and compare them critically."),
        ("1.3", _INFORMATION, "Managing data and digital content",
         "Organise, store and find again data, information and content in digital environments."),
        ("2.1", _COMMUNICATION, "Interacting through digital technologies",
         "Use different digital tools to talk with others and pick the right way to communicate for the "
         "situation."),
        ("2.2", _COMMUNICATION, "Sharing through digital technologies",
         "Share data, information and content with others, and say where it came from and whose work it is."),
        ("2.3", _COMMUNICATION, "Engaging citizenship through digital technologies",
         "Take part in society through public and private digital services, and use technology to have a say."),
        ("2.4", _COMMUNICATION, "Collaborating through digital technologies",
         "Use digital tools to work together with others and build resources and knowledge together."),
        ("2.5", _COMMUNICATION, "Netiquette",
         "Know how to behave online, suit how you communicate to your audience and respect cultural and "
         "generational differences."),
        ("2.6", _COMMUNICATION, "Managing digital identity",
         "Create and look after your digital identities, protect your reputation and deal with the data you "
         "leave behind."),
        ("3.1", _CREATION, "Developing digital content",
         "Create and edit digital content in different formats and express yourself through digital means."),
        ("3.2", _CREATION, "Integrating and re-elaborating digital content",
         "Change, improve and combine existing information and content into something new."),
        ("3.3", _CREATION, "Copyright and licences",
         "Understand how copyright and licences apply to data, information and digital content."),
        ("3.4", _CREATION, "Programming",
         "Plan and write clear instructions that a computer can follow to solve a problem or do a task."),
        ("4.1", _SAFETY, "Protecting devices",
         "Protect devices and content, understand the risks and threats online, and use safety and security "
         "measures."),
        ("4.2", _SAFETY, "Protecting personal data and privacy",
         "Protect personal data and privacy online, and understand how digital services use personal data."),
        ("4.3", _SAFETY, "Protecting health and well-being",
         "Avoid harm to body and mind when using technology, and protect yourself and others from dangers "
         "such as cyberbullying."),
        ("4.4", _SAFETY, "Protecting the environment",
         "Be aware of what digital technologies and their use do to the environment."),
        ("5.1", _PROBLEMS, "Solving technical problems",
         "Find and fix technical problems when using devices and digital environments."),
        ("5.2", _PROBLEMS, "Identifying needs and technological responses",
         "Work out what you need, then choose, adjust or set up digital tools to meet it."),
        ("5.3", _PROBLEMS, "Creatively using digital technologies",
         "Use digital tools creatively to build knowledge, improve processes and products and solve problems, "
         "alone or with others."),
        ("5.4", _PROBLEMS, "Identifying digital competence gaps",
         "See where your own digital competence needs to grow, help others with theirs and keep up with "
         "digital change."),
    ),
)

BUILTIN_FRAMEWORKS = (KEY_COMPETENCES, DIGCOMP)


def key_competences_id() -> uuid.UUID:
    return builtin_id(KEY_COMPETENCES.name)


def digcomp_id() -> uuid.UUID:
    return builtin_id(DIGCOMP.name)


def ensure_builtin_frameworks(session: Session) -> int:
    """Insert any built-in framework that is missing; returns how many were added.

    Runs at every start-up, so a database created by an older MentorDesk gains the built-ins added since.
    """
    existing = set(session.scalars(select(CompetenceFramework.id).where(CompetenceFramework.is_builtin)))
    added = 0
    for seed in BUILTIN_FRAMEWORKS:
        framework_id = builtin_id(seed.name)
        if framework_id in existing:
            continue
        _make_room_for(session, seed.name)
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
                    Competence(id=builtin_id(seed.name, code), code=code, area=area, name=name, description=text,
                               position=position)
                    for position, (code, area, name, text) in enumerate(seed.competences)
                ],
            )
        )
        added += 1
    return added


def _make_room_for(session: Session, name: str) -> None:
    """A worker's own framework may already use the name of a built-in that a newer MentorDesk adds: names are
    unique, so theirs is renamed rather than the start-up failing."""
    own = session.scalars(select(CompetenceFramework).where(CompetenceFramework.name == name)).first()
    if own is None:
        return
    taken = set(session.scalars(select(CompetenceFramework.name)))
    number = 1
    while (renamed := f"{name[:180]} (own copy{f' {number}' if number > 1 else ''})") in taken:
        number += 1
    own.name = renamed
    session.flush()
