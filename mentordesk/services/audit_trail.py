"""Reading the audit trail: filtered lists of events, the chain's state, and a CSV of what is shown.

The trail is the coordinator's to read (`Access.require_coordinator`): it shows who worked on
which record and when. Rows carry the entity, its id and the names of the fields touched, as
they were recorded; the service never joins them to the records' personal values. Worker names
are resolved because the trail answers "who".

Events are keyed by `seq` (an int, cheap to hold 100,000 of) and listed newest first; the ui
holds the keys and fetches rows a block at a time (ui/models/lazy_table.py).

`chain_status()` also gives the last event's hash: noted down or printed now and then, it is
the anchor that shows later whether the newest events were removed (the chain alone cannot).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, String, Text, cast, func, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import AuditEvent, Worker
from mentordesk.enums import AuditAction
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.csv_files import write_csv
from mentordesk.services.errors import ValidationError

SHORT_ID = 8  # hex digits of an id shown in the list: enough to tell records apart at a glance
CSV_COLUMNS = ("seq", "time_utc", "action", "worker", "worker_id", "entity", "entity_id", "fields", "hash")
_CHUNK = 900  # seqs per IN (...) list, under SQLite's old 999-variable limit


class AuditSort(enum.Enum):
    SEQ = "seq"  # the chain's order, which is also the order of time


@dataclass(frozen=True)
class AuditQuery:
    action: AuditAction | None = None
    actor_id: uuid.UUID | None = None
    entity: str | None = None
    record: str = ""  # an entity id, whole or its first hex digits (dashes allowed)
    date_from: date | None = None  # UTC days, both ends included
    date_to: date | None = None
    sort: AuditSort = AuditSort.SEQ
    descending: bool = True  # newest first


@dataclass(frozen=True)
class AuditRow:
    seq: int
    occurred_at: datetime  # aware UTC
    action: AuditAction
    actor_id: uuid.UUID | None
    actor: str  # the worker's name; "" when nobody was recorded, "(unknown worker)" when the id is gone
    entity: str
    entity_id: uuid.UUID | None
    fields: tuple[str, ...]
    hash: str

    @property
    def short_id(self) -> str:
        return "" if self.entity_id is None else self.entity_id.hex[:SHORT_ID]


UNKNOWN_WORKER = "(unknown worker)"


@dataclass(frozen=True)
class ChainStatus:
    events: int
    last_seq: int | None
    last_hash: str | None
    broken_seq: int | None  # the first broken link
    broken_at: datetime | None  # when the broken event was recorded; None when it is gone
    broken_missing: bool  # the broken link's event is no longer there
    before_broken_at: datetime | None  # when the event before a missing one was recorded

    @property
    def intact(self) -> bool:
        return self.broken_seq is None

    def problem(self) -> str | None:
        """The first broken link in one sentence (for `mentordesk check` and the viewer), or None."""
        if self.broken_seq is None:
            return None
        if not self.broken_missing and self.broken_at is not None:
            where = f"event {self.broken_seq:,} (recorded {format_utc(self.broken_at)})"
        elif self.before_broken_at is not None:
            where = (f"event {self.broken_seq:,} (no longer there; the event before it was recorded "
                     f"{format_utc(self.before_broken_at)})")
        else:
            where = f"event {self.broken_seq:,} (no longer there)"
        return f"The audit trail is broken at {where}: it was changed or removed after it was written."


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def chain_status(session: Session) -> ChainStatus:
    """Walk the whole chain once (verify_chain) and describe it."""
    broken = audit.verify_chain(session)
    events, last_seq = session.execute(select(func.count(AuditEvent.id), func.max(AuditEvent.seq))).one()
    last_hash = None if last_seq is None else session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == last_seq))
    broken_at = before = None
    missing = False
    if broken is not None:
        broken_at = session.scalar(select(AuditEvent.occurred_at).where(AuditEvent.seq == broken))
        missing = broken_at is None
        if missing:
            before = session.scalar(select(AuditEvent.occurred_at).where(AuditEvent.seq == broken - 1))
    return ChainStatus(events=events, last_seq=last_seq, last_hash=last_hash, broken_seq=broken,
                       broken_at=broken_at, broken_missing=missing, before_broken_at=before)


class AuditTrailService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def _allowed(self) -> None:
        self._access.require_coordinator("view the audit trail")

    # ---- the list

    def search_seqs(self, query: AuditQuery) -> list[int]:
        """The events the query finds, as seqs, newest first (or oldest first with descending=False)."""
        self._allowed()
        conditions = _conditions(query)
        order = AuditEvent.seq.desc() if query.descending else AuditEvent.seq.asc()
        with self._sessions() as session:
            return list(session.scalars(select(AuditEvent.seq).where(*conditions).order_by(order)))

    def count(self, query: AuditQuery) -> int:
        self._allowed()
        with self._sessions() as session:
            return session.scalar(select(func.count(AuditEvent.id)).where(*_conditions(query))) or 0

    def page(self, query: AuditQuery, offset: int = 0, limit: int = 100) -> list[AuditRow]:
        """One page of the list, in its order: for callers that do not hold the seqs."""
        self._allowed()
        order = AuditEvent.seq.desc() if query.descending else AuditEvent.seq.asc()
        with self._sessions() as session:
            statement = _row_select().where(*_conditions(query)).order_by(order).offset(offset).limit(limit)
            return [_row(values) for values in session.execute(statement)]

    def rows(self, seqs: Sequence[int]) -> dict[int, AuditRow]:
        self._allowed()
        result: dict[int, AuditRow] = {}
        with self._sessions() as session:
            for start in range(0, len(seqs), _CHUNK):
                chunk = list(seqs[start:start + _CHUNK])
                for values in session.execute(_row_select().where(AuditEvent.seq.in_(chunk))):
                    row = _row(values)
                    result[row.seq] = row
        return result

    # ---- filter choices

    def actors(self) -> list[tuple[uuid.UUID, str]]:
        """The workers who appear in the trail, by name (workers since deleted show as unknown)."""
        self._allowed()
        with self._sessions() as session:
            statement = (select(AuditEvent.actor_id, Worker.full_name).distinct()
                         .outerjoin(Worker, Worker.id == AuditEvent.actor_id).where(AuditEvent.actor_id.is_not(None)))
            found = [(worker_id, name or UNKNOWN_WORKER) for worker_id, name in session.execute(statement)]
        # Named workers by name; the unknown ones after them.
        return sorted(found, key=lambda pair: (pair[1] == UNKNOWN_WORKER, pair[1].casefold(), pair[0].hex))

    def entities(self) -> list[str]:
        self._allowed()
        with self._sessions() as session:
            return sorted(session.scalars(select(AuditEvent.entity).distinct()))

    # ---- the chain

    def chain_status(self) -> ChainStatus:
        self._allowed()
        with self._sessions() as session:
            return chain_status(session)

    # ---- export

    def export_csv(self, path: Path | str, query: AuditQuery) -> int:
        """Write the events the query finds, in its order, to CSV; returns how many.

        The export is itself an EXPORT event (entity `audit_event`, no id), committed only once
        the file is written whole.
        """
        self._allowed()
        target = Path(path)
        order = AuditEvent.seq.desc() if query.descending else AuditEvent.seq.asc()
        written = 0

        def lines():  # noqa: ANN202 (a generator of CSV rows)
            nonlocal written
            statement = _row_select().where(*_conditions(query)).order_by(order).execution_options(yield_per=2000)
            for values in session.execute(statement):
                row = _row(values)
                written += 1
                yield (row.seq, row.occurred_at.strftime("%Y-%m-%d %H:%M:%S"), row.action.value, row.actor,
                       "" if row.actor_id is None else str(row.actor_id), row.entity,
                       "" if row.entity_id is None else str(row.entity_id), " ".join(row.fields), row.hash)

        with self._sessions.begin() as session:
            write_csv(target, CSV_COLUMNS, lines())
            audit.record(session, action=AuditAction.EXPORT, entity="audit_event", entity_id=None,
                         fields=["audit_event"], actor_id=self._access.actor_id)
        return written


def _row_select():  # noqa: ANN202 (a Select of the row's columns)
    return (
        select(AuditEvent.seq, AuditEvent.occurred_at, AuditEvent.action, AuditEvent.actor_id, Worker.full_name,
               AuditEvent.entity, AuditEvent.entity_id, AuditEvent.fields, AuditEvent.hash)
        .outerjoin(Worker, Worker.id == AuditEvent.actor_id)
    )


def _row(values) -> AuditRow:  # noqa: ANN001 (a result Row)
    seq, occurred, action, actor_id, name, entity, entity_id, fields, digest = values
    actor = "" if actor_id is None else (name if name is not None else UNKNOWN_WORKER)
    return AuditRow(seq=seq, occurred_at=occurred, action=AuditAction(action), actor_id=actor_id, actor=actor,
                    entity=entity, entity_id=entity_id, fields=tuple(fields or ()), hash=digest)


def record_prefix(text: str) -> str:
    """The hex digits of a typed record id, lower case; ValidationError when it cannot be one."""
    digits = text.strip().replace("-", "").lower()
    if digits and (len(digits) > 32 or any(c not in "0123456789abcdef" for c in digits)):
        raise ValidationError({"record": "A record id is made of the digits 0-9 and the letters a-f."})
    return digits


def _conditions(query: AuditQuery) -> list[ColumnElement[bool]]:
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ValidationError({"date_to": "The last day comes before the first day."})
    conditions: list[ColumnElement[bool]] = []
    if query.action is not None:
        conditions.append(AuditEvent.action == AuditAction(query.action))
    if query.actor_id is not None:
        conditions.append(AuditEvent.actor_id == query.actor_id)
    if query.entity:
        conditions.append(AuditEvent.entity == query.entity)
    digits = record_prefix(query.record)
    if len(digits) == 32:
        conditions.append(AuditEvent.entity_id == uuid.UUID(digits))
    elif digits:
        # Ids are stored as 32 hex digits (SQLAlchemy's Uuid on SQLite); a prefix is a range on that text.
        stored = cast(AuditEvent.entity_id, Text)
        conditions.append(func.substr(stored, 1, len(digits)) == cast(digits, String))
    if query.date_from is not None:
        conditions.append(AuditEvent.occurred_at >= datetime.combine(query.date_from, time(), UTC))
    if query.date_to is not None:
        conditions.append(AuditEvent.occurred_at < datetime.combine(query.date_to + timedelta(days=1), time(), UTC))
    return conditions
