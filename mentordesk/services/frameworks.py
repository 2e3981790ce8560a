"""Competence frameworks: the built-in ones to read; a worker's own to add, edit, delete, import and export.

The JSON file format (its JSON Schema is resources/schemas/framework.schema.json):

    {
      "format": "mentordesk-framework",   always this text
      "version": 1,                       the version of this file format (not of the framework)
      "name": "…",                        required, unique among the frameworks of a database
      "framework_version": "…",           the framework's own version or edition, or null
      "description": "…", "source": "…",  or null
      "competences": [{"code": "…", "area": "…" or null, "name": "…", "description": "…" or null}, …],
      "levels": [{"rank": 1, "label": "…", "description": "…" or null}, …]
    }

Competences keep the order they have in the file; levels are ranked 1, 2, 3… from the lowest. The app
checks files itself (jsonschema is not one of its dependencies), with the same limits as the schema.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from mentordesk import __version__
from mentordesk.config.files import atomic_write
from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import (
    Assessment,
    AssessmentScore,
    Competence,
    CompetenceFramework,
    LearningOutcome,
    ProficiencyLevel,
    Programme,
)
from mentordesk.db.models.pathway import activity_competence
from mentordesk.db.seed import BUILTIN_FRAMEWORKS, builtin_id
from mentordesk.enums import AuditAction
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.lookup import require
from mentordesk.services.pathway_forms import CompetenceInfo, FrameworkInfo, LevelInfo
from mentordesk.services.record_changes import assign
from mentordesk.services.validation import clean_text, one_line, optional_text, required_text

ENTITY = "competence_framework"
FILE_FORMAT = "mentordesk-framework"
FILE_VERSION = 1
MAX_FILE_BYTES = 2_000_000  # 200 competences with long descriptions take well under 1 MB

# The models' column lengths (Text columns get a limit here), and the schema's.
NAME_MAX = 200
VERSION_MAX = 40
DESCRIPTION_MAX = 4000
SOURCE_MAX = 500
CODE_MAX = 20
AREA_MAX = 200
COMPETENCE_NAME_MAX = 200
COMPETENCE_DESCRIPTION_MAX = 2000
LABEL_MAX = 80
LEVEL_DESCRIPTION_MAX = 500
MIN_COMPETENCES, MAX_COMPETENCES = 1, 200
MIN_LEVELS, MAX_LEVELS = 2, 10

MISSING = "This competence framework no longer exists."

Row = tuple[str, str, str, str]  # a competence: (code, area, name, description)
Level = tuple[str, str]  # a level: (label, description)


@dataclass(frozen=True)
class FrameworkForm:
    name: str
    version: str = ""
    description: str = ""
    source: str = ""
    competences: tuple[Row, ...] = ()  # in the framework's order; rows left wholly empty are ignored
    levels: tuple[Level, ...] = ()  # ranked from 1, the lowest


def framework_form(info: FrameworkInfo) -> FrameworkForm:
    """The form that saves `info` unchanged (the editor starts from it)."""
    return FrameworkForm(
        info.name, info.version or "", info.description or "", info.source or "",
        tuple((c.code, c.area or "", c.name, c.description or "") for c in info.competences),
        tuple((level.label, level.description or "") for level in info.levels))


@dataclass(frozen=True)
class _Clean:
    """A form's values as they are stored."""

    name: str
    version: str | None
    description: str | None
    source: str | None
    competences: tuple[tuple[str, str | None, str, str | None], ...]
    levels: tuple[tuple[str, str | None], ...]

    def columns(self) -> dict[str, str | None]:
        return {"name": self.name, "version": self.version, "description": self.description, "source": self.source}


class FrameworkService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    # ---- reading

    def frameworks(self) -> list[FrameworkInfo]:
        """The built-ins in their fixed order, then a worker's own by name."""
        builtin_order = {builtin_id(seed.name): position for position, seed in enumerate(BUILTIN_FRAMEWORKS)}
        with self._sessions() as session:
            frameworks = session.scalars(select(CompetenceFramework).options(
                selectinload(CompetenceFramework.competences), selectinload(CompetenceFramework.levels))).all()
            infos = [_info(framework) for framework in frameworks]
        return sorted(infos, key=lambda f: (not f.is_builtin, builtin_order.get(f.id, 0), f.name.casefold()))

    def get(self, framework_id: uuid.UUID) -> FrameworkInfo:
        with self._sessions() as session:
            return _info(require(session, CompetenceFramework, framework_id, MISSING))

    # ---- changing a worker's own frameworks

    def save(self, form: FrameworkForm, framework_id: uuid.UUID | None = None,
             actor_id: uuid.UUID | None = None) -> FrameworkInfo:
        """Adds a framework, or edits one of a worker's own.

        Competences are matched to the stored ones by code, levels by rank: a competence whose code stays
        keeps its id (and the records that use it), so it can be renamed, re-described and moved.
        """
        return self._save(form, framework_id, actor_id, AuditAction.UPDATE if framework_id else AuditAction.CREATE)

    def delete(self, framework_id: uuid.UUID, actor_id: uuid.UUID | None = None) -> None:
        self._access.require_coordinator("delete competence frameworks")
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            framework = require(session, CompetenceFramework, framework_id, MISSING)
            if framework.is_builtin:
                raise DomainError("Built-in frameworks cannot be deleted.")
            users = _users(session, framework_id)
            if users:
                verb = "uses" if users == [f"1 {users[0][2:]}"] else "use"  # "1 programme uses it"
                raise DomainError(f"“{framework.name}” cannot be deleted: {_and(users)} {verb} it.")
            session.delete(framework)
            try:
                session.flush()
            except IntegrityError as error:  # a record the checks above do not know about
                raise DomainError(f"“{framework.name}” cannot be deleted: other records still use it.") from error
            audit.record(session, action=AuditAction.DELETE, entity=ENTITY, entity_id=framework_id,
                         actor_id=actor_id)

    # ---- JSON files

    def export_json(self, framework_id: uuid.UUID, path: Path) -> None:
        """Writes the framework to `path` whole or not at all (frameworks hold no personal data: not audited)."""
        document = framework_document(self.get(framework_id))
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        try:
            with atomic_write(path) as file:
                file.write(text)
        except OSError as error:
            raise DomainError(f"The file {path} could not be written: {error.strerror or error}.") from error

    def import_json(self, path: Path, actor_id: uuid.UUID | None = None, *, name: str | None = None) -> FrameworkInfo:
        """Adds the framework a file holds, as one of the worker's own; `name` replaces the file's name.

        Refuses with ValidationError: {"file": …} when the file is not a framework file, {"name": …} when a
        framework has the name already (import it under another `name`), or the form's fields as `save` does.
        """
        self._access.require_coordinator("change competence frameworks")
        form = read_framework_file(path)
        if name is not None:
            form = replace(form, name=name)
        return self._save(form, None, actor_id, AuditAction.IMPORT)

    # ----

    def _save(self, form: FrameworkForm, framework_id: uuid.UUID | None, actor_id: uuid.UUID | None,
              action: AuditAction) -> FrameworkInfo:
        self._access.require_coordinator("change competence frameworks")
        actor_id = self._access.actor(actor_id)
        errors: dict[str, str] = {}
        clean = _clean(form, errors)
        with self._sessions.begin() as session:
            framework = None
            if framework_id is not None:
                framework = require(session, CompetenceFramework, framework_id, MISSING)
                if framework.is_builtin:
                    raise DomainError("Built-in frameworks cannot be changed. Export it and import the file "
                                      "under another name to have a copy you can change.")
            if clean.name and "name" not in errors and _name_taken(session, clean.name, framework_id):
                errors["name"] = (f"A framework called “{clean.name}” exists already; import it under another name."
                                  if action is AuditAction.IMPORT else "Another framework already has this name.")
            if framework is not None:
                _check_in_use(session, framework, clean, errors)
            if errors:
                raise ValidationError(errors)
            if framework is None:
                framework = CompetenceFramework(is_builtin=False)
                session.add(framework)
            changed = _apply(framework, clean)
            session.flush()
            audit.record(session, action=action, entity=ENTITY, entity_id=framework.id, fields=changed,
                         actor_id=actor_id)
            return _info(framework)


# ---- validation


def _clean(form: FrameworkForm, errors: dict[str, str]) -> _Clean:
    """The stored values of a form; one sentence per invalid field in `errors`."""
    name = required_text(form.name, "The framework's name", NAME_MAX, errors, "name")
    version = optional_text(form.version, "The version", VERSION_MAX, errors, "version")
    description = optional_text(form.description, "The description", DESCRIPTION_MAX, errors, "description",
                                multiline=True)
    source = optional_text(form.source, "The source", SOURCE_MAX, errors, "source")
    return _Clean(name, version, description, source, _clean_competences(form.competences, errors),
                  _clean_levels(form.levels, errors))


def _clean_competences(rows: Iterable[Row], errors: dict[str, str]) -> tuple[tuple[str, str | None, str, str | None],
                                                                            ...]:
    problems: list[str] = []
    cleaned = []
    codes: set[str] = set()
    names: set[str] = set()
    for number, (code, area, name, description) in enumerate(rows, start=1):
        row = (one_line(code), one_line(area), one_line(name), clean_text(description))
        if not any(row):
            continue
        code, area, name, description = row
        what = f"competence {number}" + (f" ({code})" if code else "")
        if not code:
            problems.append(f"Competence {number} needs a code.")
        elif len(code) > CODE_MAX:
            problems.append(f"The code of competence {number} is too long (at most {CODE_MAX} characters).")
        elif code.casefold() in codes:
            problems.append(f"Two competences have the code “{code}”; each code must be unique.")
        if not name:
            problems.append(f"{what[0].upper()}{what[1:]} needs a name.")
        elif len(name) > COMPETENCE_NAME_MAX:
            problems.append(f"The name of {what} is too long (at most {COMPETENCE_NAME_MAX} characters).")
        elif name.casefold() in names:
            problems.append(f"Two competences are called “{name}”; each name must be unique.")
        if len(area) > AREA_MAX:
            problems.append(f"The area of {what} is too long (at most {AREA_MAX} characters).")
        if len(description) > COMPETENCE_DESCRIPTION_MAX:
            problems.append(f"The description of {what} is too long "
                            f"(at most {COMPETENCE_DESCRIPTION_MAX:,} characters).")
        codes.add(code.casefold())
        names.add(name.casefold())
        cleaned.append((code, area or None, name, description or None))
    if not cleaned:
        problems.insert(0, "Add at least one competence.")
    elif len(cleaned) > MAX_COMPETENCES:
        problems.insert(0, f"A framework has at most {MAX_COMPETENCES} competences; this one has {len(cleaned)}.")
    if problems:
        errors["competences"] = problems[0]  # one at a time: the next shows once this is fixed
    return tuple(cleaned)


def _clean_levels(levels: Iterable[Level], errors: dict[str, str]) -> tuple[tuple[str, str | None], ...]:
    problems: list[str] = []
    cleaned = []
    labels: set[str] = set()
    for rank, (label, description) in enumerate(levels, start=1):
        label, description = one_line(label), clean_text(description)
        if not label:
            problems.append(f"Level {rank} needs a label.")
        elif len(label) > LABEL_MAX:
            problems.append(f"The label of level {rank} is too long (at most {LABEL_MAX} characters).")
        elif label.casefold() in labels:
            problems.append(f"Two levels are labelled “{label}”; each label must be unique.")
        if len(description) > LEVEL_DESCRIPTION_MAX:
            problems.append(f"The description of level {rank} is too long "
                            f"(at most {LEVEL_DESCRIPTION_MAX} characters).")
        labels.add(label.casefold())
        cleaned.append((label, description or None))
    if not MIN_LEVELS <= len(cleaned) <= MAX_LEVELS:
        problems.insert(0, f"A proficiency scale has {MIN_LEVELS} to {MAX_LEVELS} levels; this one has "
                           f"{len(cleaned)}.")
    if problems:
        errors["levels"] = problems[0]
    return tuple(cleaned)


def _name_taken(session: Session, name: str, framework_id: uuid.UUID | None) -> bool:
    # Compared in Python: SQLite's lower() folds ASCII only.
    wanted = name.casefold()
    return any(other.casefold() == wanted and fid != framework_id
               for fid, other in session.execute(select(CompetenceFramework.id, CompetenceFramework.name)))


# ---- what uses a framework


def _users(session: Session, framework_id: uuid.UUID) -> list[str]:
    """What uses the framework, counted in words: "2 programmes", "1 learning outcome"…"""
    competences = select(Competence.id).where(Competence.framework_id == framework_id).scalar_subquery()
    counts = (
        (session.scalar(select(func.count()).where(Programme.framework_id == framework_id)),
         "programme", "programmes"),
        (session.scalar(select(func.count()).where(Assessment.framework_id == framework_id)),
         "assessment", "assessments"),
        (session.scalar(select(func.count(func.distinct(activity_competence.c.activity_id)))
                        .where(activity_competence.c.competence_id.in_(competences))),
         "learning activity", "learning activities"),
        (session.scalar(select(func.count()).where(LearningOutcome.competence_id.in_(competences))),
         "learning outcome", "learning outcomes"),
    )
    return [f"{count} {one if count == 1 else many}" for count, one, many in counts if count]


def _check_in_use(session: Session, framework: CompetenceFramework, clean: _Clean, errors: dict[str, str]) -> None:
    """Records refer to competences by id and to levels by rank: those in use must stay."""
    kept = {code for code, *_ in clean.competences}
    removed = {c.id: c.code for c in framework.competences if c.code not in kept}
    if removed and "competences" not in errors:
        uses: dict[uuid.UUID, set[str]] = {}
        for what, column in (("assessments", AssessmentScore.competence_id),
                             ("learning plans", activity_competence.c.competence_id),
                             ("learning outcomes", LearningOutcome.competence_id)):
            for competence_id in session.scalars(select(column).where(column.in_(removed)).distinct()):
                uses.setdefault(competence_id, set()).add(what)
        if uses:
            order = ("assessments", "learning plans", "learning outcomes")
            listed = [f"{removed[cid]} (in {_and([w for w in order if w in uses[cid]])})"
                      for cid in sorted(uses, key=lambda cid: _position(framework, cid))]
            errors["competences"] = (f"These competences are in use and cannot be removed or given another code: "
                                     f"{_and(listed)}." if len(listed) > 1 else
                                     f"Competence {listed[0]} is in use and cannot be removed or given another "
                                     f"code.")
    if "levels" not in errors:
        competences = select(Competence.id).where(Competence.framework_id == framework.id).scalar_subquery()
        scored = session.scalar(
            select(func.max(func.max(func.coalesce(AssessmentScore.self_level, 0),
                                     func.coalesce(AssessmentScore.mentor_level, 0))))
            .where(AssessmentScore.competence_id.in_(competences),
                   or_(AssessmentScore.self_level.is_not(None), AssessmentScore.mentor_level.is_not(None)))) or 0
        outcome = session.scalar(select(func.max(LearningOutcome.level))
                                 .where(LearningOutcome.competence_id.in_(competences))) or 0
        highest = max(scored, outcome)
        if highest > len(clean.levels):
            where = _and([what for what, level in (("assessments", scored), ("learning outcomes", outcome))
                          if level == highest])
            errors["levels"] = (f"Level {highest} is used in {where}, so the scale needs at least {highest} "
                                f"levels.")


def _position(framework: CompetenceFramework, competence_id: uuid.UUID) -> int:
    return next(c.position for c in framework.competences if c.id == competence_id)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


# ---- storing and reading back


def _apply(framework: CompetenceFramework, clean: _Clean) -> list[str]:
    """Sets the framework's values; returns the names of the fields that changed."""
    changed = assign(framework, clean.columns())

    before = [(c.code, c.area, c.name, c.description) for c in framework.competences]
    stored = {c.code: c for c in framework.competences}
    competences = []
    for position, (code, area, name, description) in enumerate(clean.competences):
        competence = stored.get(code) or Competence(code=code)
        competence.area, competence.name, competence.description = area, name, description
        competence.position = position
        competences.append(competence)
    framework.competences = competences  # the ones left out are deleted (delete-orphan)
    if before != list(clean.competences):
        changed.append("competences")

    before_levels = [(level.label, level.description) for level in framework.levels]
    by_rank = {level.rank: level for level in framework.levels}
    levels = []
    for rank, (label, description) in enumerate(clean.levels, start=1):
        level = by_rank.get(rank) or ProficiencyLevel(rank=rank)
        level.label, level.description = label, description
        levels.append(level)
    framework.levels = levels
    if before_levels != list(clean.levels):
        changed.append("levels")
    return changed


def _info(framework: CompetenceFramework) -> FrameworkInfo:
    return FrameworkInfo(
        framework.id, framework.name, framework.version, framework.description, framework.source,
        framework.is_builtin,
        tuple(CompetenceInfo(c.id, c.code, c.area, c.name, c.description)
              for c in sorted(framework.competences, key=lambda c: c.position)),
        tuple(LevelInfo(level.rank, level.label, level.description)
              for level in sorted(framework.levels, key=lambda level: level.rank)),
    )


# ---- the file format


def framework_document(info: FrameworkInfo) -> dict[str, Any]:
    """The JSON document of a framework, as export_json writes it."""
    return {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "name": info.name,
        "framework_version": info.version,
        "description": info.description,
        "source": info.source,
        "competences": [{"code": c.code, "area": c.area, "name": c.name, "description": c.description}
                        for c in info.competences],
        "levels": [{"rank": level.rank, "label": level.label, "description": level.description}
                   for level in info.levels],
        "exported_by": f"MentorDesk {__version__}",
    }


_TOP = {"format", "version", "name", "framework_version", "description", "source", "competences", "levels",
        "exported_by", "$schema"}
_COMPETENCE = {"code", "area", "name", "description"}
_LEVEL = {"rank", "label", "description"}


def read_framework_file(path: Path) -> FrameworkForm:
    """The form a framework file holds; ValidationError {"file": sentence} when it is not one."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _FileError(f"The file is too large to be a framework file (more than "
                             f"{MAX_FILE_BYTES // 1_000_000} MB).")
        text = path.read_text(encoding="utf-8-sig")
        document = json.loads(text)
        return _form_from_document(document)
    except _FileError as error:
        raise ValidationError({"file": str(error)}) from None
    except OSError as error:
        raise ValidationError({"file": f"The file could not be read: {error.strerror or error}."}) from error
    except UnicodeDecodeError:
        raise ValidationError({"file": "The file is not UTF-8 text, so it is not a framework file."}) from None
    except json.JSONDecodeError as error:
        raise ValidationError({"file": f"The file is not valid JSON: {error.msg} at line {error.lineno}, "
                                       f"column {error.colno}."}) from None


class _FileError(Exception):
    pass


def _form_from_document(document: object) -> FrameworkForm:
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise _FileError(f"This is not a MentorDesk framework file: it should start with "
                         f"\"format\": \"{FILE_FORMAT}\".")
    version = document.get("version")
    if type(version) is not int:
        raise _FileError("The file does not say which version of the format it uses (\"version\": 1).")
    if version != FILE_VERSION:
        raise _FileError(f"The file uses version {version} of the framework format; this MentorDesk reads "
                         f"version {FILE_VERSION}." + (" Update MentorDesk to import it." if version > 1 else ""))
    _known_keys(document, _TOP, "The file")
    name = _text(document, "name", "The file", required=True)
    texts = {key: _text(document, key, "The file") for key in ("framework_version", "description", "source")}
    competences = _objects(document, "competences")
    levels = _objects(document, "levels")

    rows = []
    for number, competence in enumerate(competences, start=1):
        where = f"Competence {number} in the file"
        _known_keys(competence, _COMPETENCE, where)
        rows.append((_text(competence, "code", where, required=True), _text(competence, "area", where),
                     _text(competence, "name", where, required=True), _text(competence, "description", where)))
    ranked: dict[int, Level] = {}
    for number, level in enumerate(levels, start=1):
        where = f"Level {number} in the file"
        _known_keys(level, _LEVEL, where)
        rank = level.get("rank")
        if type(rank) is not int or rank < 1:
            raise _FileError(f"{where} needs a \"rank\", a whole number from 1.")
        if rank in ranked:
            raise _FileError(f"Two levels in the file have rank {rank}; each rank must be used once.")
        ranked[rank] = (_text(level, "label", where, required=True), _text(level, "description", where))
    if sorted(ranked) != list(range(1, len(ranked) + 1)):
        raise _FileError("The levels' ranks must run 1, 2, 3… without gaps.")
    return FrameworkForm(name, texts["framework_version"], texts["description"], texts["source"], tuple(rows),
                         tuple(ranked[rank] for rank in sorted(ranked)))


def _known_keys(document: Mapping[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(document) - known)
    if unknown:
        listed = _and([f"\"{key}\"" for key in unknown])
        raise _FileError(f"{where} has {'a field' if len(unknown) == 1 else 'fields'} MentorDesk does not know: "
                         f"{listed}.")


def _text(document: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = document.get(key)
    if isinstance(value, str) and (value or not required):
        return value
    if value is None and not required:
        return ""
    raise _FileError(f"{where} needs a \"{key}\" as text." if required else
                     f"In {where[0].lower()}{where[1:]}, \"{key}\" must be text or null.")


def _objects(document: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = document.get(key)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _FileError(f"The file needs \"{key}\" as a list of objects.")
    return value
