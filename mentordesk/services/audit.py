"""The audit trail: who did what to which record, when, as a SHA-256 hash chain.

Every event stores the hash of the event before it, and its own hash over a canonical
JSON form of its columns, so changing, removing or reordering any stored event breaks the
chain at that point and `verify_chain()` names it. (Removing the newest events cannot be
told from "they never happened" without an anchor kept elsewhere; a later viewer can show
the last hash so it can be noted down or printed.)

Events hold ids, an action, an entity name and the NAMES of the fields touched; never
personal values. An erased mentee is therefore not identifiable from the trail, and the
trail can stay when a person's data goes.

`record()` runs inside the caller's transaction: the event is committed, or rolled back,
together with the change it describes.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from mentordesk.db.base import utcnow
from mentordesk.db.models import AuditEvent
from mentordesk.enums import AuditAction

GENESIS_HASH = "0" * 64

# Entity and field names are identifiers; anything else is probably a value passed by mistake.
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def record(
    session: Session,
    *,
    action: AuditAction,
    entity: str,
    entity_id: uuid.UUID | None,
    fields: Sequence[str] = (),
    actor_id: uuid.UUID | None = None,
) -> None:
    """Append one event to the chain, in the caller's transaction.

    Raises ValueError when `entity` or a field is not a plain name (a programming error: the
    trail must never receive personal values).
    """
    if not _NAME.match(entity):
        raise ValueError(f"audit entity must be a plain name, got {entity!r}")
    names = sorted(set(fields))
    for name in names:
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"audit fields must be plain names, got {name!r}")
    seq, prev_hash = _next_link(session)
    event = AuditEvent(
        id=uuid.uuid4(),
        seq=seq,
        occurred_at=utcnow(),
        actor_id=actor_id,
        action=AuditAction(action),
        entity=entity,
        entity_id=entity_id,
        fields=names,
        prev_hash=prev_hash,
    )
    event.hash = event_hash(event)
    session.add(event)
    session.info[_TAIL] = (seq, event.hash, session.get_transaction())


_TAIL = "mentordesk.audit_tail"


def _next_link(session: Session) -> tuple[int, str]:
    """The next seq and the hash to chain to.

    Within one transaction the tail is remembered, so importing 10,000 rows does not query
    the chain 10,000 times; a new transaction (or a rolled-back one) reads it afresh.
    """
    tail = session.info.get(_TAIL)
    if tail is not None and tail[2] is session.get_transaction():
        return tail[0] + 1, tail[1]
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (1, GENESIS_HASH) if last is None else (last.seq + 1, last.hash)


def verify_chain(session: Session) -> int | None:
    """The `seq` of the first broken link, or None when the whole chain is intact.

    A link is broken when its hash does not match its columns, when it does not point at the
    hash of the event before it, or when its seq does not follow on (an event was removed,
    or a seq was changed: then the missing seq is reported).
    """
    expected_seq, expected_prev = 1, GENESIS_HASH
    # Plain rows, not ORM objects: 100,000 events verify in about a third of the time.
    columns = (AuditEvent.id, AuditEvent.seq, AuditEvent.occurred_at, AuditEvent.actor_id, AuditEvent.action,
               AuditEvent.entity, AuditEvent.entity_id, AuditEvent.fields, AuditEvent.prev_hash, AuditEvent.hash)
    rows = session.execute(select(*columns).order_by(AuditEvent.seq).execution_options(yield_per=2000))
    for event in rows:
        if event.seq != expected_seq:
            return expected_seq
        if event.prev_hash != expected_prev or event.hash != event_hash(event):
            return event.seq
        expected_seq, expected_prev = event.seq + 1, event.hash
    return None


def event_hash(event: AuditEvent | Row) -> str:
    """SHA-256 (hex) of the event's canonical JSON: sorted keys, compact, UTC ISO time.

    The id is included too, so that no stored column can be changed unnoticed.
    """
    occurred = event.occurred_at
    if occurred.tzinfo is None:  # not yet round-tripped through UTCDateTime
        occurred = occurred.replace(tzinfo=UTC)
    canonical = {
        "id": str(event.id),
        "seq": event.seq,
        "occurred_at": _iso_utc(occurred),
        "actor_id": None if event.actor_id is None else str(event.actor_id),
        "action": AuditAction(event.action).value,
        "entity": event.entity,
        "entity_id": None if event.entity_id is None else str(event.entity_id),
        "fields": sorted(event.fields or []),
        "prev_hash": event.prev_hash,
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso_utc(moment: datetime) -> str:
    # Fixed precision: isoformat() drops the fraction when it is zero, which is stable too,
    # but an explicit form is easier to reproduce outside Python.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
