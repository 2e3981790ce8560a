"""A person's rights over their data: access (GDPR Art. 15) and erasure (Art. 17).

What belongs to a mentee is found from the model metadata, never from a hand-kept list, so
a table added later is exported and erased without anyone remembering to come here:

* **Owned records**: every table with a foreign key to `mentee.id`, and, transitively, every
  table with a foreign key to those rows (assessment_score via assessment, evidence_file via
  learning_outcome, activity_competence via learning_activity…).
* **Shared records**: a table whose primary key includes a foreign key to `mentee.id` is an
  association of the mentee with another record (`session_attendance` links a mentee to a
  `mentoring_session`). The records at its other end belong to several people. The export
  includes the ones this mentee is linked to, and the rows hanging off them (a session's
  follow-ups), except rows that name another mentee: for a group session only this mentee's
  own attendance is shown, never who else came. Erasure deletes a shared record only when
  this mentee is its sole participant (a one-to-one session's notes are about this person);
  otherwise only this mentee's link and the rows about this mentee go.
* **Reference records** the rows point at (worker, programme, competence, framework) are the
  organisation's, not the person's: records keep their ids, and the export adds an id -> name
  table (for a worker, the name only, never their contact details) so the PDF reads well.
* **Registers that outlive the person**: the certificate register keeps each serial, kind,
  issue date, payload hash, key fingerprint and revocation, so a certificate can still be
  checked; the link to the person, the signed payload and the file name are cleared and the
  entry is marked `erased` (see `_KEPT_ON_ERASURE`).

The audit trail holds ids and field names only, so it stays; an erasure adds one event that
names neither the person nor their code. After an erasure the WAL is checkpointed with
TRUNCATE: with `secure_delete=ON` the freed space in the database file is zeroed, and the old
page images leave the `-wal` file.

ReportLab is imported only when a PDF is written (through `mentordesk.reports.person_export`,
imported inside `export()`): it must stay off the path to the first window.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import tempfile
import time as clock
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Engine,
    MetaData,
    Table,
    Text,
    and_,
    delete,
    false,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from mentordesk.db.base import Base
from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import EvidenceFile, Mentee, Organisation
from mentordesk.enums import AuditAction
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.caseload import mentee_reachable
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError
from mentordesk.services.sealed_files import EXPORT_PURPOSE, KeySource, export_path, no_key, sealed_writer

if TYPE_CHECKING:
    from mentordesk.db.cipher import DatabaseKey
    from mentordesk.reports.person_export import Record, Section, SmallTable

log = logging.getLogger(__name__)

GDPR_NOTE = (
    "This is a copy of the personal data {organisation} holds about you in MentorDesk, given to you "
    "under Article 15 of the General Data Protection Regulation (right of access). You may ask for "
    "inaccurate data to be corrected (Article 16) or for your data to be erased (Article 17), and you "
    "may lodge a complaint with a data protection supervisory authority (Article 77)."
)
PURPOSES = (
    "Mentoring support: planning and recording mentoring sessions and the actions agreed in them.",
    "Your upskilling pathway: skills assessment, your individual learning plan, and the validation "
    "of what you have learned.",
    "Certificates: issuing your validation or participation certificate and letting others check "
    "that it is genuine.",
    "Programme reporting to funders, as anonymous totals unless you agreed to share more.",
    "Keeping proof of the consents you gave or withdrew (GDPR Article 7(1)).",
)
JSON_NOTE = (
    "Each table lists your records with every stored field. Ids of other records (workers, "
    "programmes, competences) are explained in 'references'. Other participants of group sessions "
    "are not included."
)

# What stays of a register entry when its person is erased: column -> value written. Every
# foreign key to `mentee` in these tables is cleared as well. Linked rows of any other table
# are deleted.
_KEPT_ON_ERASURE: dict[str, dict[str, Any]] = {
    "certificate": {"payload": None, "file_name": None, "erased": True},
}

_WAL_CHECKPOINT_ATTEMPTS = 5


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PersonExport:
    json_path: Path
    pdf_path: Path


@dataclass(frozen=True)
class ErasureResult:
    reference_code: str
    rows_deleted: dict[str, int]  # table name -> rows deleted
    certificates_kept: int  # register entries kept, marked erased
    files_deleted: int  # evidence files removed from the data folder
    # False when another connection kept the WAL busy: the erased pages then leave the -wal file
    # at the next checkpoint (SQLite checkpoints on its own, and on close).
    wal_cleared: bool = True


# --------------------------------------------------------------------------- the metadata walk


@dataclass(frozen=True)
class SharedLink:
    """How a shared table is reached: `association.to_shared` -> `key`, for `association.to_mentee`."""

    association: Table
    to_shared: Column[Any]
    to_mentee: Column[Any]
    key: Column[Any]


@dataclass(frozen=True)
class MenteeLinks:
    mentee: Table
    tables: tuple[Table, ...]  # every linked table in foreign-key order (parents first), mentee first
    shared: Mapping[str, SharedLink]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(table.name for table in self.tables)


@cache
def mentee_links(metadata: MetaData = Base.metadata) -> MenteeLinks:
    """Every table holding a mentee's records, found by following foreign keys (see module doc)."""
    mentee = metadata.tables["mentee"]
    linked: set[str] = {mentee.name}
    shared: dict[str, SharedLink] = {}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name not in linked and any(fk.column.table.name in linked for fk in table.foreign_keys):
                linked.add(table.name)
                changed = True
            if table.name not in linked:
                continue
            to_mentee = [col for col in table.primary_key.columns if _refers_to(col, mentee)]
            if not to_mentee:
                continue
            for column in table.primary_key.columns:
                for fk in column.foreign_keys:
                    target = fk.column.table
                    if target is not mentee and target.name not in linked:
                        shared[target.name] = SharedLink(table, column, to_mentee[0], fk.column)
                        linked.add(target.name)
                        changed = True
    tables = tuple(table for table in metadata.sorted_tables if table.name in linked)
    return MenteeLinks(mentee=mentee, tables=tables, shared=shared)


def _refers_to(column: Column[Any], table: Table) -> bool:
    return any(fk.column.table is table for fk in column.foreign_keys)


def _sorted_fks(table: Table) -> list[Any]:
    # foreign_keys is a set: sort for SQL that is the same on every run.
    return sorted(table.foreign_keys, key=lambda fk: (fk.parent.name, fk.target_fullname))


def _condition(
    links: MenteeLinks,
    table: Table,
    mentee_id: uuid.UUID,
    shared_keys: Callable[[SharedLink], ColumnElement[bool]],
    exclude_others: bool,
) -> ColumnElement[bool]:
    """WHERE clause selecting `table`'s rows linked to the mentee.

    `shared_keys` decides which rows of a shared table count; `exclude_others` drops rows that
    name another mentee (the export), which erasure must not do (children of a deleted row go too).
    """
    if table is links.mentee:
        return table.c.id == mentee_id
    if table.name in links.shared:
        return shared_keys(links.shared[table.name])
    parts: list[ColumnElement[bool]] = []
    guards: list[ColumnElement[bool]] = []
    for fk in _sorted_fks(table):
        parent = fk.column.table
        if parent is links.mentee:
            parts.append(fk.parent == mentee_id)
            guards.append(or_(fk.parent.is_(None), fk.parent == mentee_id))
        elif parent.name in links.names:
            parent_rows = select(fk.column).where(
                _condition(links, parent, mentee_id, shared_keys, exclude_others)
            ).correlate(None)  # never correlate: the same table may appear at several levels
            parts.append(fk.parent.in_(parent_rows))
    where = or_(*parts) if parts else false()
    return and_(where, *guards) if exclude_others else where


def _export_condition(links: MenteeLinks, table: Table, mentee_id: uuid.UUID) -> ColumnElement[bool]:
    def attended(link: SharedLink) -> ColumnElement[bool]:
        mine = select(link.to_shared).where(link.to_mentee == mentee_id).correlate(None)
        return link.key.in_(mine)

    return _condition(links, table, mentee_id, attended, exclude_others=True)


# --------------------------------------------------------------------------- the service


class PersonalDataService:
    """Access export and erasure of one mentee's data; `data_dir` holds the evidence files."""

    def __init__(self, sessions: SessionFactory, data_dir: Path, access: Access | None = None,
                 key: KeySource = no_key) -> None:
        self._sessions = sessions
        self._data_dir = data_dir
        self._access = access if access is not None else Access()
        self._key = key  # the database key when the data is encrypted: both files are sealed then

    # ---- access

    def collect(self, mentee_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
        """Every record of the mentee, JSON-ready, keyed by table name (every linked table, maybe empty)."""
        with self._sessions() as session:
            self._require_reachable(session, mentee_id, "This mentee does not exist (any more).")
            records = _fetch(session, mentee_id)
        return {name: [_json_row(row) for row in rows] for name, rows in records.items()}

    def export(self, mentee_id: uuid.UUID, folder: Path, actor_id: uuid.UUID | None = None) -> PersonExport:
        """Write `<code>-personal-data.json` and `.pdf` into `folder`; both appear whole or not at all.

        When the data is encrypted both are sealed (`….json.mdsealed`, `….pdf.mdsealed`), made in memory
        and encrypted before they touch the disk; `mentordesk unseal` opens them with the passphrase.
        """
        from mentordesk.reports.person_export import write_person_export_pdf

        key = self._key()

        temps: list[Path] = []
        actor_id = self._access.actor(actor_id)
        try:
            # Read in one snapshot; the write transaction below stays short (the PDF takes a while,
            # and a read transaction cannot always be upgraded to a write one in WAL mode).
            with self._sessions() as session:
                self._require_reachable(session, mentee_id, "This mentee does not exist (any more).")
                records = _fetch(session, mentee_id)
                references = _references(session, records)
                organisation = session.scalar(select(Organisation.name)) or "the organisation"
                retention = session.scalar(select(Organisation.retention_months))
            code = records["mentee"][0]["reference_code"]
            generated_at = datetime.now(UTC)
            folder.mkdir(parents=True, exist_ok=True)
            json_path = export_path(folder / f"{_file_stem(code)}-personal-data.json", key)
            pdf_path = export_path(folder / f"{_file_stem(code)}-personal-data.pdf", key)

            document = {
                "header": {
                    "document": "Copy of personal data (GDPR Article 15)",
                    "generated_at": generated_at.isoformat(timespec="seconds"),
                    "organisation": organisation,
                    "reference_code": code,
                    "gdpr_article_15": GDPR_NOTE.format(organisation=organisation),
                    "purposes": list(PURPOSES),
                    "retention": _retention_text(retention, organisation),
                    "note": JSON_NOTE,
                    "tables": {name: len(rows) for name, rows in records.items()},
                },
                "tables": {name: [_json_row(row) for row in rows] for name, rows in records.items()},
                "references": {name: {str(key): label for key, label in labels.items()}
                               for name, labels in references.items()},
            }
            json_temp = _temp_beside(json_path)
            temps.append(json_temp)
            if key is None:
                with open(json_temp, "w", encoding="utf-8") as stream:
                    json.dump(document, stream, ensure_ascii=False, indent=2)
                    stream.write("\n")
                    stream.flush()
                    os.fsync(stream.fileno())
            else:
                text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
                _write_sealed(json_temp, text.encode("utf-8"), key)

            pdf_temp = _temp_beside(pdf_path)
            temps.append(pdf_temp)
            title, summary, intro, sections, info = _pdf_content(
                records, references, organisation, retention, generated_at
            )
            if key is None:
                write_person_export_pdf(pdf_temp, title, sections, summary=summary, intro=intro, info=info)
                _fsync(pdf_temp)
            else:
                pdf = io.BytesIO()
                write_person_export_pdf(pdf, title, sections, summary=summary, intro=intro, info=info)
                _write_sealed(pdf_temp, pdf.getvalue(), key)

            # On record first, then the files appear: a disclosure is never missing from the trail.
            with self._sessions.begin() as session:
                audit.record(session, action=AuditAction.EXPORT, entity="mentee", entity_id=mentee_id,
                             fields=sorted(name for name, rows in records.items() if rows), actor_id=actor_id)
            os.replace(json_temp, json_path)
            os.replace(pdf_temp, pdf_path)
        except OSError as error:
            raise DomainError(
                f"The export could not be written to {folder}: {error.strerror or error}."
            ) from error
        finally:
            for temp in temps:
                temp.unlink(missing_ok=True)
        return PersonExport(json_path=json_path, pdf_path=pdf_path)

    def _require_reachable(self, session: Session, mentee_id: uuid.UUID, missing: str) -> None:
        if not mentee_reachable(session, self._access, mentee_id):
            raise NotFoundError(missing)

    # ---- erasure

    def erase(self, mentee_id: uuid.UUID, confirmation: str, actor_id: uuid.UUID | None = None) -> ErasureResult:
        """Erase the mentee for good; `confirmation` must be their reference code, typed out."""
        links = mentee_links()
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            self._require_reachable(session, mentee_id, "This mentee does not exist (any more); nothing was erased.")
            code = session.scalar(select(Mentee.reference_code).where(Mentee.id == mentee_id))
            if code is None:
                raise NotFoundError("This mentee does not exist (any more); nothing was erased.")
            if (confirmation or "").strip() != code:
                raise ValidationError({"confirmation": f"Type the reference code {code} to confirm."})

            # Decide which shared records go before any row is deleted: the decision reads the
            # association rows that are about to disappear.
            sole: dict[str, list[Any]] = {}
            for name, link in links.shared.items():
                mine = select(link.to_shared).where(link.to_mentee == mentee_id)
                others = select(link.to_shared).where(link.to_mentee != mentee_id)
                sole[name] = list(session.scalars(
                    select(link.key).where(link.key.in_(mine), link.key.not_in(others))
                ))

            def only_mine(link: SharedLink) -> ColumnElement[bool]:
                return link.key.in_(sole[link.key.table.name])

            def where(table: Table) -> ColumnElement[bool]:
                return _condition(links, table, mentee_id, only_mine, exclude_others=False)

            evidence_paths = list(session.scalars(
                select(EvidenceFile.stored_path).where(where(EvidenceFile.__table__))
            ))

            kept = 0
            touched: set[str] = set()
            for table in links.tables:
                if table.name in _KEPT_ON_ERASURE:
                    values = dict(_KEPT_ON_ERASURE[table.name])
                    values.update({col.name: None for col in table.columns if _refers_to(col, links.mentee)})
                    count = session.execute(update(table).where(where(table)).values(values)).rowcount
                    if count:
                        touched.add(table.name)
                        if table.name == "certificate":
                            kept += count

            # Children before parents, each counted: nothing is left to the ON DELETE cascades.
            rows_deleted: dict[str, int] = {}
            for table in reversed(links.tables):
                if table.name in _KEPT_ON_ERASURE:
                    continue
                count = session.execute(delete(table).where(where(table))).rowcount
                if count:
                    rows_deleted[table.name] = count
            touched.update(rows_deleted)

            # Pseudonymous on purpose: no id, no code, no name; only which tables changed.
            audit.record(session, action=AuditAction.ERASE, entity="mentee", entity_id=None,
                         fields=sorted(touched), actor_id=actor_id)

        files_deleted = self._delete_files(evidence_paths)
        wal_cleared = self._checkpoint()
        return ErasureResult(
            reference_code=code,
            rows_deleted=dict(sorted(rows_deleted.items())),
            certificates_kept=kept,
            files_deleted=files_deleted,
            wal_cleared=wal_cleared,
        )

    def _delete_files(self, stored_paths: Iterable[str]) -> int:
        """Remove evidence files; the records are already gone, so a failure is logged, not raised."""
        root = self._data_dir.resolve()
        deleted = 0
        for stored in stored_paths:
            path = (root / stored).resolve()
            if not path.is_relative_to(root):  # a stored path must never reach outside the data folder
                log.warning("Evidence path outside the data folder was not deleted: %s", stored)
                continue
            try:
                path.unlink()
                deleted += 1
            except FileNotFoundError:
                continue
            except OSError as error:
                log.warning("An erased mentee's evidence file could not be deleted (%s): %s", stored, error)
        return deleted

    def _checkpoint(self) -> bool:
        """Move the WAL into the database and truncate it, so erased rows' old pages leave the -wal file."""
        with self._sessions() as session:
            bind = session.get_bind()
        if not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
            return True
        # A raw connection: the engine's "begin" hook would wrap a Connection in BEGIN, and a
        # checkpoint cannot run inside a transaction.
        raw = bind.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                for attempt in range(_WAL_CHECKPOINT_ATTEMPTS):
                    busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    if not busy:
                        return True
                    clock.sleep(0.05 * (attempt + 1))  # a reader is finishing; give it a moment
            finally:
                cursor.close()
        finally:
            raw.close()
        log.warning("The WAL could not be checkpointed after an erasure; a later checkpoint will clear it.")
        return False


# --------------------------------------------------------------------------- reading


def _fetch(session: Session, mentee_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """Raw rows (Python values) per linked table, mentee first; NotFoundError for an unknown id."""
    links = mentee_links()
    records: dict[str, list[dict[str, Any]]] = {}
    for table in links.tables:
        query = select(table).where(_export_condition(links, table, mentee_id)).order_by(*_order(table))
        records[table.name] = [
            {column.name: row[index] for index, column in enumerate(table.columns)}
            for row in session.execute(query)
        ]
    if not records["mentee"]:
        raise NotFoundError("This mentee does not exist (any more).")
    return records


# Columns that date a record, in order of preference, for sorting and record titles.
_WHEN_COLUMNS = (
    "session_date", "changed_on", "effective_on", "written_at", "started_on", "assessed_on", "start_date",
    "agreed_on", "issued_on", "due_date", "added_at", "recorded_at", "created_at",
)


def _when_column(table: Table) -> Column[Any] | None:
    return next((table.c[name] for name in _WHEN_COLUMNS if name in table.c), None)


def _order(table: Table) -> list[Column[Any]]:
    when = _when_column(table)
    return ([when] if when is not None else []) + list(table.primary_key.columns)


def _references(session: Session, records: Mapping[str, list[dict[str, Any]]]) -> dict[str, dict[Any, str]]:
    """Names of the reference records (workers, programmes, competences…) the records point at."""
    links = mentee_links()
    wanted: dict[str, set[Any]] = {}
    for table in links.tables:
        for fk in table.foreign_keys:
            target = fk.column.table
            if target.name in links.names:
                continue
            ids = {row[fk.parent.name] for row in records[table.name]} - {None}
            if ids:
                wanted.setdefault(target.name, set()).update(ids)
    labels: dict[str, dict[Any, str]] = {}
    metadata_tables = links.mentee.metadata.tables
    for name, ids in sorted(wanted.items()):
        table = metadata_tables[name]
        # A name only: a worker's e-mail or phone is the worker's data, not the mentee's.
        name_column = next((table.c[c] for c in ("full_name", "name") if c in table.c), None)
        if name_column is None or "id" not in table.c:
            continue
        columns = [table.c.id, name_column] + ([table.c.code] if "code" in table.c else [])
        found: dict[Any, str] = {}
        for chunk in _chunks(sorted(ids, key=str), 500):
            for row in session.execute(select(*columns).where(table.c.id.in_(chunk))):
                found[row[0]] = f"{row[2]} {row[1]}" if len(row) > 2 and row[2] else row[1]
        labels[name] = found
    return labels


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --------------------------------------------------------------------------- JSON


def _json_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _jsonable(value) for name, value in row.items()}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return str(value)


# --------------------------------------------------------------------------- PDF content

_HEADINGS = {
    "mentee_status_change": "Status history",
    "consent_record": "Consent records",
    "enrolment": "Programme enrolments",
    "mentoring_session": "Mentoring sessions",
    "session_attendance": "Session attendance",
    "follow_up": "Follow-up actions",
    "case_note": "Case notes",
    "assessment": "Skills assessments",
    "assessment_score": "Assessment scores",
    "learning_activity": "Learning plan activities",
    "activity_competence": "Competences targeted by the activities",
    "plan_agreement": "Learning plan agreements",
    "learning_outcome": "Learning outcomes",
    "evidence_file": "Evidence files",
    "certificate": "Certificates",
}
_SECTION_NOTES = {
    "mentoring_session": "Sessions you took part in or were invited to. For group sessions, other "
                         "participants are not shown.",
    "certificate": "The signed content of each certificate is in the JSON file.",
}
_LABELS = {
    "birth_date": "Date of birth",
    "created_at": "Recorded on",
    "updated_at": "Last changed",
    "duration_minutes": "Duration (minutes)",
    "engagement": "Engagement (1–5)",
    "self_level": "Self-assessed level",
    "mentor_level": "Mentor's level",
    "previous_status": "Previous status",
    "given_by": "Given by",
    "notice_version": "Privacy notice version",
    "effective_on": "Effective from",
    "session_id": "Session",
    "activity_id": "Learning activity",
    "outcome_id": "Learning outcome",
    "original_name": "File name",
    "size_bytes": "Size (bytes)",
    "revoked_at": "Revoked on",
    "erased": "Erased",
    "step": "Pathway step",
    "text": "Text",
}
# Technical columns left out of the PDF (they are in the JSON file).
_PDF_HIDDEN = {"id", "search_text", "sort_name", "payload", "payload_sha256", "key_fingerprint", "sha256",
               "stored_path"}
_BOOKKEEPING = {"created_at", "updated_at"}
# Enum values whose spelling is not just the words capitalised.
_WORDS = {"whatsapp": "WhatsApp", "linkedin": "LinkedIn"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_EMPTY = "—"


def _pdf_content(
    records: Mapping[str, list[dict[str, Any]]],
    references: Mapping[str, Mapping[Any, str]],
    organisation: str,
    retention: int | None,
    generated_at: datetime,
) -> tuple[str, list[tuple[str, str]], list[str], list[Section], Any]:
    from mentordesk.reports.person_export import PdfInfo, Record, Section, SmallTable

    links = mentee_links()
    mentee = records["mentee"][0]
    full_name = f"{mentee['first_name']} {mentee['last_name']}"
    labels = _LinkedLabels(links, records, references)

    summary = [(_label(name), labels.value(links.mentee, name, value) or _EMPTY)
               for name, value in mentee.items() if _shown(links, links.mentee, name)]
    intro = [
        GDPR_NOTE.format(organisation=organisation),
        "Why we process your data:",
        *(f"• {purpose}" for purpose in PURPOSES),
        _retention_text(retention, organisation),
        "The JSON file that comes with this document holds every stored field, including technical ones.",
    ]
    order = [name for name in _HEADINGS if name in records]
    order += [table.name for table in links.tables if table.name not in order and table is not links.mentee]
    sections: list[Section] = []
    for name in order:
        table = links.mentee.metadata.tables[name]
        shown = [column for column in table.columns if _shown(links, table, column.name)]
        rows = labels.in_order(table, records[name])
        heading = _HEADINGS.get(name) or _label(name)
        note = _SECTION_NOTES.get(name)
        if len(shown) <= 4 and not any(isinstance(column.type, Text) for column in shown):
            small: SmallTable | None = SmallTable(
                columns=[_label(column.name) for column in shown],
                rows=[[labels.value(table, column.name, row[column.name]) or _EMPTY for column in shown]
                      for row in rows],
            )
            sections.append(Section(heading=heading, table=small, note=note))
            continue
        section_records: list[Record] = []
        for row in rows:
            fields = []
            for column in shown:
                text = labels.value(table, column.name, row[column.name])
                if text is not None:
                    fields.append((_label(column.name), text))
            section_records.append(Record(fields=fields, title=labels.title(table, row)))
        sections.append(Section(heading=heading, records=section_records, note=note))

    title = f"Personal data held about {full_name}"
    info = PdfInfo(
        author=organisation,
        subject="Copy of personal data (GDPR Article 15)",
        footer=f"{organisation} · {mentee['reference_code']} · {_format_date(generated_at.date())}",
    )
    return title, summary, intro, sections, info


def _shown(links: MenteeLinks, table: Table, name: str) -> bool:
    if name in _PDF_HIDDEN or _refers_to(table.c[name], links.mentee):
        return False
    # Bookkeeping times: shown once for the person, left out of each record (they are in the JSON).
    return table is links.mentee or name not in _BOOKKEEPING


def _label(name: str) -> str:
    if name in _LABELS:
        return _LABELS[name]
    words = name.removesuffix("_id").replace("_", " ")
    return words[:1].upper() + words[1:]


class _LinkedLabels:
    """Readable values: dates in words, codes as words, ids as the name of what they point at."""

    def __init__(self, links: MenteeLinks, records: Mapping[str, list[dict[str, Any]]],
                 references: Mapping[str, Mapping[Any, str]]) -> None:
        self._links = links
        self._names: dict[str, dict[Any, str]] = {name: dict(found) for name, found in references.items()}
        self._positions: dict[str, dict[Any, int]] = {}
        for table in links.tables:
            if len(table.primary_key.columns) != 1:
                continue
            key = next(iter(table.primary_key.columns)).name
            self._names[table.name] = {
                row[key]: title for row in records[table.name] if (title := self.title(table, row))
            }
            self._positions[table.name] = {row[key]: index for index, row in enumerate(records[table.name])}

    def in_order(self, table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows with no date of their own (attendance, scores…) in the order of the records they belong to."""
        if _when_column(table) is not None:
            return rows
        parents = [fk for fk in _sorted_fks(table) if fk.column.table.name in self._positions]

        def position(row: dict[str, Any]) -> tuple[int, ...]:
            return tuple(self._positions[fk.column.table.name].get(row[fk.parent.name], -1) for fk in parents)

        return sorted(rows, key=position)

    def value(self, table: Table, name: str, value: Any) -> str | None:
        """The value in words; None for an id with no readable name (left out: ids mean nothing on paper)."""
        column = table.c[name]
        if value is not None and column.foreign_keys:
            target = next(iter(column.foreign_keys)).column.table.name
            return self._names.get(target, {}).get(value)
        return _format_value(value)

    def title(self, table: Table, row: Mapping[str, Any]) -> str | None:
        """A short name for a record: its title or statement, or when it happened."""
        when_column = _when_column(table)
        when = _format_value(row[when_column.name]) if when_column is not None else None
        if table.name == "mentoring_session":
            return f"{when} · {_format_value(row['kind'])}, {_format_value(row['status']).lower()}"
        if table.name == "assessment":
            return f"{_format_value(row['kind'])} assessment, {when}"
        for name in ("title", "serial", "statement"):
            if name in row and row[name]:
                text = str(row[name])
                return text if len(text) <= 90 else text[:89] + "…"
        return when


def _format_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return _EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        words = _WORDS.get(str(value.value)) or str(value.value).replace("_", " ")
        return words[:1].upper() + words[1:]
    if isinstance(value, datetime):
        moment = value.astimezone(UTC)
        return f"{_format_date(moment.date())}, {moment:%H:%M} UTC"
    if isinstance(value, date):
        return _format_date(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _format_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _retention_text(retention_months: int | None, organisation: str) -> str:
    if retention_months:
        return (f"Your records are kept for {retention_months} months after your mentoring ends, "
                "and then erased.")
    return f"No fixed retention period is set in MentorDesk; {organisation} can tell you how long your data is kept."


# --------------------------------------------------------------------------- files


def _file_stem(reference_code: str) -> str:
    """The reference code, safe as a file name on every platform."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", reference_code) or "mentee"


def _temp_beside(target: Path) -> Path:
    """A new empty file next to `target`, so os.replace() stays on one file system."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    return Path(name)


def _write_sealed(path: Path, data: bytes, key: DatabaseKey) -> None:
    with open(path, "wb") as stream:
        with sealed_writer(stream, key, EXPORT_PURPOSE) as sealed:
            sealed.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _fsync(path: Path) -> None:
    with open(path, "rb+") as stream:
        os.fsync(stream.fileno())
