"""Mentees to and from CSV: the export is the import format, and an import is all or nothing.

The import reads and checks the whole file before it writes anything: the encoding (UTF-8
with or without a byte-order mark, or UTF-16 with one), the delimiter (comma, semicolon as
European Excel writes it, or tab: chosen by which one splits the header into known column
names), the header (names compared case-insensitively, surrounding spaces ignored; it must
hold exactly the export's columns, in any order) and every field, through the mentee form's
own rules (`mentee_values`). Problems carry the physical line the record starts on (the
header is line 1; a quoted cell may span lines) and the column's name.

A row with an empty reference code adds a mentee; a row with a known code updates that
mentee, and a different status is changed through the same transitions as the status
dialog. Existing records are read in bulk, once, so checking 10,000 rows takes about a
second or two, not one query per row.

The export neutralises cells a spreadsheet would run as formulas (starting with = + - @, tab
or carriage return) with a leading apostrophe, and the import takes exactly that apostrophe
off again, so export -> import gives back the same values. A value that itself starts with
apostrophes before such a character gets one more on export, which keeps the round trip exact.
Both halves of that rule, and the file conventions, live in services/csv_files.py.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import ConsentRecord, Mentee, MenteeStatusChange
from mentordesk.enums import AuditAction, ConsentPurpose, Gender, MenteeStatus
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.caseload import caseload_ids, reachable_ids
from mentordesk.services.consent import LATEST_FIRST, ConsentEvent, ConsentState, consent_age, event_of, state_of
from mentordesk.services.csv_files import neutralise as neutralise  # re-exported: the tests use it here
from mentordesk.services.csv_files import unneutralise, write_csv
from mentordesk.services.errors import DomainError
from mentordesk.services.mentees import (
    CODE_NUMBER,
    CONSENT_BLOCKS,
    MenteeForm,
    age_range,
    mentee_values,
    next_reference_code,
    transition_problem,
)
from mentordesk.services.sealed_files import KeySource, SealedExports, no_key
from mentordesk.services.search_text import fold_for_search, search_text_for, sort_name_for
from mentordesk.services.validation import clean_text

COLUMNS: tuple[str, ...] = (
    "reference_code", "first_name", "last_name", "preferred_name", "birth_date", "gender",
    "email", "phone", "postcode", "languages", "status",
)
IMPORT_REASON = "Imported from CSV"
MAX_FILE_BYTES = 100 * 1024 * 1024
_DELIMITERS = (",", ";", "\t")
_CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), (3, 2, 1)),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), (3, 2, 1)),
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_E = TypeVar("_E", bound=StrEnum)
_SAVE_AS = 'Save it as "CSV UTF-8" (in Excel: Save As, then "CSV UTF-8 (Comma delimited)") and import it again.'


@dataclass(frozen=True)
class ImportProblem:
    line: int  # physical line in the file where the record starts; the header is line 1
    column: str  # a column name, or "" when the problem is the whole row or file
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportPreview:
    """What importing the file would do; counts are of valid rows only."""

    creates: int
    updates: int
    unchanged: int
    errors: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...]
    rows_total: int  # data rows in the file, blank rows not counted
    readable: bool = True  # False when the file itself is unusable: skipping rows cannot help

    @property
    def invalid_rows(self) -> int:
        return self.rows_total - self.creates - self.updates - self.unchanged

    @property
    def importable_rows(self) -> int:
        """Rows that would write something (with invalid rows skipped)."""
        return self.creates + self.updates if self.readable else 0


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int  # invalid rows left out (only with skip_invalid)
    problems: tuple[ImportProblem, ...]  # why each skipped row was left out
    unchanged: int = 0

    @property
    def imported(self) -> int:
        return self.created + self.updated


class ImportRefused(DomainError):
    """The file has problems and nothing was imported; `problems` lists every one."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        super().__init__(f"Nothing was imported: {count} {'problem' if count == 1 else 'problems'} in the file.")


class MenteeCsvService(SealedExports):
    def __init__(self, sessions: SessionFactory, access: Access | None = None,
                 key: KeySource = no_key) -> None:
        super().__init__(key)
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def preview(self, source: Path | str | bytes, today: date | None = None) -> ImportPreview:
        """Check the whole file and count what an import would do; writes nothing.

        Raises DomainError when the file cannot be read at all (missing, a folder, not allowed).
        """
        data = _read(source)
        with self._sessions() as session:
            return _analyse(session, data, today or date.today(), self._access.caseload_of).preview()

    def import_file(self, source: Path | str | bytes, skip_invalid: bool = False, actor_id: uuid.UUID | None = None,
                    today: date | None = None) -> ImportResult:
        """Check, then write every valid row in one transaction.

        Raises ImportRefused (nothing written) when any row is invalid, unless `skip_invalid`,
        which imports the valid rows and reports the others; a file that cannot be read as a
        whole (encoding, header, broken quoting) is refused either way.
        """
        data = _read(source)
        today = today or date.today()
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            analysis = _analyse(session, data, today, self._access.caseload_of)
            if not analysis.readable or (analysis.errors and not skip_invalid):
                raise ImportRefused(analysis.sorted_errors())
            created = _write_creates(session, analysis.creates, today, actor_id)
            updated = _write_updates(session, analysis.updates, today, actor_id)
            return ImportResult(created=created, updated=updated, skipped=analysis.invalid_rows,
                                problems=analysis.sorted_errors(), unchanged=analysis.unchanged)

    def export(self, path: Path | str, ids: Sequence[uuid.UUID] | None = None,
               actor_id: uuid.UUID | None = None) -> int:
        """Write every mentee (or those of `ids` that still exist, in that order); returns the rows written.

        UTF-8 with a byte-order mark (so Excel shows diacritics), comma-separated, CRLF, quoted
        where needed (RFC 4180), formula cells neutralised; written to a temporary file and
        moved into place, so a failure never leaves half a file. One EXPORT audit event per mentee.
        """
        target = Path(path)
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            if self._access.caseload_of is not None:  # a mentor exports their own caseload, whatever is asked
                ids = reachable_ids(session, self._access, ids if ids is not None else _sorted_ids(session))
            rows = _export_rows(session, ids)
            for mentee_id, *_ in rows:
                audit.record(session, action=AuditAction.EXPORT, entity="mentee", entity_id=mentee_id,
                             fields=COLUMNS, actor_id=actor_id)
            # The trail is written before the file appears (and holds the write lock till commit):
            # a file that failed to write leaves no event, and no file exists without its events.
            session.flush()
            write_csv(target, COLUMNS, (row[1:] for row in rows), key=self._key())
            return len(rows)


# ---- reading


def _read(source: Path | str | bytes) -> bytes:
    if isinstance(source, bytes):
        return source
    path = Path(source)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DomainError(f"{path} is too large to import (more than {MAX_FILE_BYTES // 2**20} MB).")
        return path.read_bytes()
    except FileNotFoundError:
        raise DomainError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise DomainError(f"{path} is a folder, not a CSV file.") from None
    except PermissionError:
        raise DomainError(f"MentorDesk is not allowed to read {path}.") from None
    except OSError as error:
        raise DomainError(f"Cannot read {path}: {error.strerror or error}.") from None


def _line_count(text: str) -> int:
    return len(_LINE_BREAK.findall(text))


def _decode(data: bytes) -> tuple[str, ImportProblem | None]:
    codec, name, body = "utf-8", "UTF-8", data
    for bom, bom_codec, bom_name in _BOMS:
        if data.startswith(bom):
            codec, name, body = bom_codec, bom_name, data[len(bom):]
            break
    # In UTF-8, NUL bytes mean UTF-16 without a byte-order mark (or no text at all): say so before decoding fails.
    nul_byte = body.find(b"\x00") if codec == "utf-8" else -1
    if nul_byte >= 0:
        return "", _nul_problem(body[:nul_byte].decode(codec, errors="replace"))
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        line = _line_count(body[:error.start].decode(codec, errors="replace")) + 1
        return "", ImportProblem(line, "", f"Line {line} is not valid {name} text. {_SAVE_AS}")
    nul = text.find("\x00")
    return (text, None) if nul < 0 else ("", _nul_problem(text[:nul]))


def _nul_problem(before: str) -> ImportProblem:
    line = _line_count(before) + 1
    return ImportProblem(line, "", f"Line {line} contains a NUL character, so this is probably not a CSV file in "
                                   f"UTF-8. {_SAVE_AS}")


def _header_name(cell: str) -> str:
    return "_".join(cell.replace("\ufeff", "").replace("-", " ").casefold().split())


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most known column names."""
    first_line = _LINE_BREAK.split(text, maxsplit=1)[0]

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(_header_name(cell) in COLUMNS for cell in cells), len(cells)

    return max(_DELIMITERS, key=score)  # ties keep the earlier one: comma first


def _parse_date(text: str) -> date | None:
    """None for an empty cell; raises ValueError for anything else that is not a date."""
    if not text:
        return None
    for pattern, (y, m, d) in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            return date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
    raise ValueError(text)


def _choice_key(text: str) -> str:
    return "_".join(text.replace("-", " ").casefold().split())


def _parse_choice(text: str, enum: type[_E]) -> _E | None:
    """An enum member by value ("on_hold") or English label ("On hold", "Non-binary"); None if empty."""
    if not text:
        return None
    return enum(_choice_key(text))  # ValueError when it is neither


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


def _spoken(status: MenteeStatus) -> str:
    return status.value.replace("_", " ")


# ---- checking


@dataclass
class _Row:
    line: int
    cells: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)
    mentee_id: uuid.UUID | None = None  # set for updates
    status: MenteeStatus | None = None  # create: the first status; update: the new one, if it changes
    changed: tuple[str, ...] = ()
    parse_errors: bool = False  # a cell that is not a date, gender or status at all


@dataclass
class _Existing:
    id: uuid.UUID
    values: dict[str, object]
    status: MenteeStatus


@dataclass
class _Analysis:
    rows_total: int = 0
    readable: bool = True
    problems: list[ImportProblem] = field(default_factory=list)  # file-level and row-level errors
    warnings: list[ImportProblem] = field(default_factory=list)
    creates: list[_Row] = field(default_factory=list)
    updates: list[_Row] = field(default_factory=list)
    unchanged: int = 0

    @property
    def errors(self) -> bool:
        return bool(self.problems)

    @property
    def invalid_rows(self) -> int:
        return self.rows_total - len(self.creates) - len(self.updates) - self.unchanged

    def sorted_errors(self) -> tuple[ImportProblem, ...]:
        return tuple(sorted(self.problems, key=_problem_order))

    def preview(self) -> ImportPreview:
        return ImportPreview(
            creates=len(self.creates), updates=len(self.updates), unchanged=self.unchanged,
            errors=self.sorted_errors(), warnings=tuple(sorted(self.warnings, key=_problem_order)),
            rows_total=self.rows_total, readable=self.readable,
        )

    def refuse_file(self, problem: ImportProblem) -> _Analysis:
        self.readable = False
        self.problems.append(problem)
        self.creates, self.updates, self.unchanged = [], [], 0
        return self


def _problem_order(problem: ImportProblem) -> tuple[int, int, str]:
    column = COLUMNS.index(problem.column) if problem.column in COLUMNS else -1
    return problem.line, column, problem.message


def _analyse(session: Session, data: bytes, today: date, caseload_of: uuid.UUID | None = None) -> _Analysis:
    """`caseload_of`: a signed-in mentor, who may update only their own mentees and add none."""
    analysis = _Analysis()
    text, problem = _decode(data)
    if problem is not None:
        return analysis.refuse_file(problem)
    if not text.strip():
        return analysis.refuse_file(ImportProblem(1, "", "The file is empty: it needs a header line with the "
                                                         f"columns {', '.join(COLUMNS)}."))
    records = _records(text, analysis)
    _, header = next(records, (1, []))
    if not analysis.readable:
        return analysis
    positions = _check_header(header, analysis)
    if positions is None:
        return analysis
    rows = [row for line, record in records if (row := _row(line, record, header, positions, analysis))]
    if not analysis.readable:  # broken quoting further down: the rows read so far prove nothing
        analysis.creates, analysis.updates, analysis.unchanged = [], [], 0
        return analysis
    _check_rows(session, rows, today, analysis, caseload_of)
    return analysis


def _records(text: str, analysis: _Analysis) -> Iterable[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every record; a quoting error ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True)
    read_up_to = 0
    while True:
        start = read_up_to + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger" in str(error):
                message = f"A cell is longer than {csv.field_size_limit():,} characters; is this really a CSV file?"
            elif "end of data" in str(error):
                message = ('A quoted cell that starts here is never closed: a " is missing, so the rest of the '
                           "file reads as one cell.")
            else:
                message = ('A quoted cell must end with " right before the next delimiter or the end of the line '
                           '(inside a quoted cell, write " as "").')
            analysis.refuse_file(ImportProblem(start, "", message))
            return
        read_up_to = reader.line_num
        yield start, record


def _check_header(header: list[str], analysis: _Analysis) -> dict[str, int] | None:
    """Column name -> position, or None (with the problems recorded) when the header is unusable."""
    positions: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header):
        name = _header_name(cell)
        if not name:
            continue  # a blank header cell (a trailing delimiter): its cells must stay blank
        if name not in COLUMNS:
            problems.append(ImportProblem(1, clean_text(cell), f"Unknown column '{clean_text(cell)}'; the columns "
                                                               f"are {', '.join(COLUMNS)}."))
        elif name in positions:
            problems.append(ImportProblem(1, name, f"The column {name} appears twice in the header."))
        else:
            positions[name] = index
    for name in COLUMNS:
        if name not in positions:
            problems.append(ImportProblem(1, name, f"The header has no column {name}; the file needs all of "
                                                   f"{', '.join(COLUMNS)}."))
    if problems:
        analysis.readable = False
        analysis.problems.extend(problems)
        return None
    return positions


def _row(line: int, record: list[str], header: list[str], positions: dict[str, int],
         analysis: _Analysis) -> _Row | None:
    if not any(cell.strip() for cell in record):
        return None  # blank lines and rows of bare delimiters are not rows
    analysis.rows_total += 1
    if len(record) != len(header):
        analysis.problems.append(ImportProblem(line, "", f"This row has {len(record)} cells but the header has "
                                                         f"{len(header)}; check the delimiters and quotes."))
        return None
    named = set(positions.values())
    if any(cell.strip() for index, cell in enumerate(record) if index not in named):
        analysis.problems.append(ImportProblem(line, "", "This row has a value in a column that has no name in "
                                                         "the header."))
        return None
    return _Row(line, {name: unneutralise(record[index]) for name, index in positions.items()})


def _check_rows(session: Session, rows: list[_Row], today: date, analysis: _Analysis,
                caseload_of: uuid.UUID | None = None) -> None:
    ages = age_range(session)
    existing, by_code, people = _existing(session, caseload_of)
    lines_by_code: dict[uuid.UUID, list[int]] = defaultdict(list)
    for row in rows:
        _check_fields(session, row, today, ages)
        code = clean_text(row.cells["reference_code"])
        if code:
            known = by_code.get(code) or by_code.get(code.casefold())
            if known is None:
                row.errors["reference_code"] = (f"No mentee has the code {code}; leave the code empty to add a "
                                                "new mentee.")
            else:
                row.mentee_id = known
                lines_by_code[known].append(row.line)
    for row in rows:
        lines = lines_by_code.get(row.mentee_id) if row.mentee_id else None
        if lines and len(lines) > 1:
            code = clean_text(row.cells["reference_code"])
            others = [str(line) for line in lines if line != row.line]
            where = f"line {others[0]}" if len(others) == 1 else f"lines {', '.join(others)}"
            row.errors["reference_code"] = (f"The code {code} is also on {where}; each mentee may appear only once "
                                            "in the file.")
    for row in rows:
        if row.mentee_id is None and caseload_of is not None:
            row.errors.setdefault("reference_code", "Only a coordinator can add mentees; give the reference code of "
                                                    "one of your mentees.")
        elif row.mentee_id is None:
            _check_create(row)
        else:
            _check_update(row, existing[row.mentee_id])
    _check_status_changes(session, [row for row in rows if row.status and row.mentee_id and not row.errors],
                          today)
    _warn_duplicates(rows, people, analysis)
    for row in rows:
        if row.errors:
            analysis.problems.extend(ImportProblem(row.line, column, message) for column, message in row.errors.items())
        elif row.mentee_id is None:
            analysis.creates.append(row)
        elif row.changed or row.status:
            analysis.updates.append(row)
        else:
            analysis.unchanged += 1


def _existing(session: Session, caseload_of: uuid.UUID | None = None) -> tuple[
        dict[uuid.UUID, _Existing], dict[str, uuid.UUID], dict[tuple[str, str, date], list[str]]]:
    """Every mentee's importable values by id, ids by code (exact and case-folded), codes by (name, birth date);
    only the caseload's for a mentor, so the others are as unknown as missing ones."""
    names = [name for name in COLUMNS if name not in ("reference_code", "status")]
    statement = select(Mentee.id, Mentee.reference_code, Mentee.status, *(getattr(Mentee, name) for name in names))
    if caseload_of is not None:
        statement = statement.where(Mentee.id.in_(caseload_ids(caseload_of)))
    existing: dict[uuid.UUID, _Existing] = {}
    by_code: dict[str, uuid.UUID] = {}
    people: dict[tuple[str, str, date], list[str]] = defaultdict(list)
    for mentee_id, code, status, *values in session.execute(statement):
        record = dict(zip(names, values, strict=True))
        existing[mentee_id] = _Existing(mentee_id, record, status)
        by_code.setdefault(code.casefold(), mentee_id)
        by_code[code] = mentee_id
        if record["birth_date"] is not None:
            key = (fold_for_search(record["first_name"]), fold_for_search(record["last_name"]), record["birth_date"])
            people[key].append(code)
    return existing, by_code, people


def _check_fields(session: Session, row: _Row, today: date, ages: tuple[int, int]) -> None:
    """The form's rules through `mentee_values`, after parsing the cells the form would have typed."""
    cells = row.cells
    parse_errors: dict[str, str] = {}
    birth_date = gender = status = None
    try:
        birth_date = _parse_date(clean_text(cells["birth_date"]))
    except ValueError:
        parse_errors["birth_date"] = "Write the birth date as YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY, as a real date."
    try:
        gender = _parse_choice(clean_text(cells["gender"]), Gender)
    except ValueError:
        parse_errors["gender"] = (f"'{clean_text(cells['gender'])}' is not a gender here; use one of "
                                  f"{_choices(Gender)}, or leave it empty.")
    try:
        status = _parse_choice(clean_text(cells["status"]), MenteeStatus)
    except ValueError:
        parse_errors["status"] = (f"'{clean_text(cells['status'])}' is not a status; use one of "
                                  f"{_choices(MenteeStatus)}, or leave it empty.")
    form = MenteeForm(
        first_name=cells["first_name"], last_name=cells["last_name"], birth_date=birth_date,
        preferred_name=cells["preferred_name"], gender=gender or Gender.NOT_STATED, email=cells["email"],
        phone=cells["phone"], postcode=cells["postcode"], languages=cells["languages"],
    )
    errors: dict[str, str] = {}
    row.values = mentee_values(session, form, today, errors, ages)
    row.errors.update(errors)
    row.errors.update(parse_errors)  # "write it as a date" says more than "the birth date is required"
    row.parse_errors = bool(parse_errors)
    row.status = status


def _check_create(row: _Row) -> None:
    row.status = row.status or MenteeStatus.REFERRED
    if row.status is MenteeStatus.ACTIVE:
        row.errors.setdefault("status", "A new mentee cannot be imported as active: record consent first.")
    elif row.status is not MenteeStatus.REFERRED:
        # The record page's lifecycle starts at referred; a new row may start there or be withdrawn.
        problem = transition_problem(MenteeStatus.REFERRED, row.status)
        if problem is not None:
            row.errors.setdefault("status", f"A new mentee starts as referred. {problem}")


def _check_update(row: _Row, current: _Existing) -> None:
    row.changed = tuple(sorted(name for name, value in row.values.items() if current.values[name] != value))
    if row.status is None or row.status == current.status:
        row.status = None  # an empty status cell keeps the status
        if not row.changed and not row.parse_errors and set(row.errors) <= set(row.values):
            # Nothing changes, so nothing is saved: a record the form would no longer accept as it
            # stands (a birth date never given, say) is left alone, just as when nobody opens it.
            row.errors.clear()
        return
    if (problem := transition_problem(current.status, row.status)) is not None:
        row.errors.setdefault("status", problem)


def _check_status_changes(session: Session, rows: list[_Row], today: date) -> None:
    """The status dialog's remaining rules, in bulk: no change before the last one; active needs consent."""
    if not rows:
        return
    ids = [row.mentee_id for row in rows]
    last_change: dict[uuid.UUID, date] = {}
    latest_consent: dict[uuid.UUID, ConsentEvent] = {}
    going_active = [row.mentee_id for row in rows if row.status is MenteeStatus.ACTIVE]
    for chunk in _chunks(ids):
        last_change.update(session.execute(
            select(MenteeStatusChange.mentee_id, func.max(MenteeStatusChange.changed_on))
            .where(MenteeStatusChange.mentee_id.in_(chunk)).group_by(MenteeStatusChange.mentee_id)
        ).all())
    for chunk in _chunks(going_active):
        records = session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.mentee_id.in_(chunk), ConsentRecord.purpose == ConsentPurpose.PROCESSING)
            .order_by(*LATEST_FIRST)
        )
        for record in records:  # the first one per mentee is in force
            latest_consent.setdefault(record.mentee_id, event_of(record))
    age_limit = consent_age(session)
    for row in rows:
        assert row.mentee_id is not None
        last = last_change.get(row.mentee_id)
        if last is not None and last > today:
            row.errors["status"] = f"The status cannot change today: its last change is dated {last.isoformat()}."
        elif row.status is MenteeStatus.ACTIVE:
            birth_date = row.values["birth_date"]
            assert birth_date is None or isinstance(birth_date, date)
            state = state_of(latest_consent.get(row.mentee_id), birth_date, age_limit, today)
            if state is not ConsentState.VALID:
                row.errors["status"] = CONSENT_BLOCKS[state].format(name=row.values["first_name"])




def _warn_duplicates(rows: list[_Row], people: dict[tuple[str, str, date], list[str]],
                     analysis: _Analysis) -> None:
    """New rows that look like someone on record, or like another new row: warnings, as the form asks."""
    first_line: dict[tuple[str, str, date], int] = {}
    for row in rows:
        if row.mentee_id is not None or row.errors:
            continue
        key = (fold_for_search(str(row.values["first_name"])), fold_for_search(str(row.values["last_name"])),
               row.values["birth_date"])
        assert isinstance(key[2], date)
        if key in people:
            analysis.warnings.append(ImportProblem(row.line, "", f"{', '.join(people[key])} has the same name and "
                                                                 "birth date. Is this the same person?"))
        if key in first_line:
            analysis.warnings.append(ImportProblem(row.line, "", f"The new mentee on line {first_line[key]} has the "
                                                                 "same name and birth date. Is this the same person?"))
        else:
            first_line[key] = row.line


def _chunks(items: Sequence[uuid.UUID | None]) -> Iterable[list[uuid.UUID | None]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start:start + _CHUNK])


# ---- writing


def _write_creates(session: Session, rows: list[_Row], today: date, actor_id: uuid.UUID | None) -> int:
    if not rows:
        return 0
    first = next_reference_code(session)
    match = CODE_NUMBER.search(first)
    assert match is not None
    prefix, number, width = first[:match.start()], int(match.group(1)), len(match.group(1))
    ids = []
    for offset, row in enumerate(rows):
        code = f"{prefix}{number + offset:0{width}d}"
        mentee_id = uuid.uuid4()
        assert row.status is not None
        values = row.values
        session.add(Mentee(id=mentee_id, reference_code=code, status=row.status, **values,
                           search_text=search_text_for(str(values["first_name"]), str(values["last_name"]), code),
                           sort_name=sort_name_for(str(values["first_name"]), str(values["last_name"]))))
        session.add(MenteeStatusChange(mentee_id=mentee_id, status=row.status, changed_on=today,
                                       reason=IMPORT_REASON, changed_by_id=actor_id))
        ids.append((mentee_id, sorted({*values, "status"})))
    session.flush()
    for mentee_id, fields in ids:
        audit.record(session, action=AuditAction.IMPORT, entity="mentee", entity_id=mentee_id, fields=fields,
                     actor_id=actor_id)
    return len(rows)


def _write_updates(session: Session, rows: list[_Row], today: date, actor_id: uuid.UUID | None) -> int:
    by_id = {row.mentee_id: row for row in rows}
    for chunk in _chunks(list(by_id)):
        for mentee in list(session.scalars(select(Mentee).where(Mentee.id.in_(chunk)))):
            row = by_id[mentee.id]
            for name in row.changed:
                setattr(mentee, name, row.values[name])
            mentee.search_text = search_text_for(mentee.first_name, mentee.last_name, mentee.reference_code)
            mentee.sort_name = sort_name_for(mentee.first_name, mentee.last_name)
            fields = list(row.changed)
            if row.status is not None:
                session.add(MenteeStatusChange(mentee_id=mentee.id, status=row.status, previous_status=mentee.status,
                                               changed_on=today, reason=IMPORT_REASON, changed_by_id=actor_id))
                mentee.status = row.status
                fields.append("status")
            audit.record(session, action=AuditAction.IMPORT, entity="mentee", entity_id=mentee.id, fields=fields,
                         actor_id=actor_id)
    session.flush()
    return len(rows)


# ---- export


def _sorted_ids(session: Session) -> list[uuid.UUID]:
    return list(session.scalars(select(Mentee.id).order_by(Mentee.reference_code)))


def _export_rows(session: Session, ids: Sequence[uuid.UUID] | None) -> list[tuple]:
    columns = (Mentee.id, *(getattr(Mentee, name) for name in COLUMNS))
    if ids is None:
        return list(session.execute(select(*columns).order_by(Mentee.reference_code)).all())
    found: dict[uuid.UUID, tuple] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        found.update((row[0], tuple(row)) for row in session.execute(select(*columns).where(Mentee.id.in_(chunk))))
    return [found[mentee_id] for mentee_id in dict.fromkeys(ids) if mentee_id in found]
