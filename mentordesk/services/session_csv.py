"""Mentoring sessions to CSV: one row per session, for a spreadsheet or a funder's own analysis.

The file follows the mentee export's conventions (services/csv_files.py): UTF-8 with a
byte-order mark, CRLF, RFC 4180 quoting, formula cells neutralised, written whole or not at all.

Choices, so that the file reads the same way every time:
- Closed vocabularies are written as their stored values ("one_to_one", "video_call",
  "no_show"), as the mentee export writes "on_hold": stable whatever the ui's language, and
  what a later import would read.
- `topics` are joined with "; "; `mentees` lists each mentee as "CODE First Last (attendance)",
  ordered by reference code and joined with "; ".
- `open_follow_ups` counts the session's follow-ups not yet done.
- Without `ids`, sessions come by date, then start time (sessions without a time first on
  their day, as SQLite sorts NULL), then id so that equal times keep one order; with `ids`,
  in that order, duplicates and sessions deleted meanwhile left out.

200,000 sessions are exported without holding them all: the ids come first (they are also
what the audit trail records), then the rows are read and written in chunks of ids.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import FollowUp, Mentee, MentoringSession, Programme, SessionAttendance, Worker
from mentordesk.enums import AuditAction
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.caseload import session_scope
from mentordesk.services.csv_files import write_csv
from mentordesk.services.sealed_files import KeySource, SealedExports, no_key

COLUMNS: tuple[str, ...] = (
    "date", "start_time", "duration_minutes", "status", "kind", "mode", "platform", "location", "pathway_step",
    "topics", "mentor", "programme", "mentees", "engagement", "notes", "open_follow_ups",
)
ENTITY = "mentoring_session"
LIST_SEPARATOR = "; "
# Ids per IN (...) list: under 999, the variable limit of SQLite before 3.32 (still some Linux systems' own).
# 200,000 sessions take 7.7 s to read in chunks of 500 and 6.1 s in chunks of 900 or 2,000.
_CHUNK = 900


class SessionCsvService(SealedExports):
    def __init__(self, sessions: SessionFactory, access: Access | None = None,
                 key: KeySource = no_key) -> None:
        super().__init__(key)
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def export(self, path: Path | str, ids: Sequence[uuid.UUID] | None = None,
               actor_id: uuid.UUID | None = None) -> int:
        """Write every session (or those of `ids` that still exist, in that order); returns the rows written.

        One EXPORT audit event per session. Raises DomainError with one sentence when the file
        cannot be written (missing folder, no permission); then nothing is recorded either.
        """
        target = Path(path)
        actor_id = self._access.actor(actor_id)
        scope = session_scope(self._access)  # a signed-in mentor's sessions only
        with self._sessions.begin() as session:
            session_ids = _all_ids(session, scope) if ids is None else _existing(session, ids, scope)
            for chunk in _chunks(session_ids):
                for session_id in chunk:
                    audit.record(session, action=AuditAction.EXPORT, entity=ENTITY, entity_id=session_id,
                                 fields=COLUMNS, actor_id=actor_id)
                session.flush()  # a chunk at a time: 200,000 pending events would hold 700 MB
            # The trail is written before the file appears (and holds the write lock till commit):
            # a file that failed to write leaves no event, and no file exists without its events.
            write_csv(target, COLUMNS, _rows(session, session_ids), key=self._key())
            return len(session_ids)


def _chunks(items: Sequence[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _all_ids(session: Session, scope: ColumnElement[bool]) -> list[uuid.UUID]:
    order = (MentoringSession.session_date, MentoringSession.start_time, MentoringSession.id)
    return list(session.scalars(select(MentoringSession.id).where(scope).order_by(*order)))


def _existing(session: Session, ids: Sequence[uuid.UUID], scope: ColumnElement[bool]) -> list[uuid.UUID]:
    wanted = list(dict.fromkeys(ids))
    found: set[uuid.UUID] = set()
    for chunk in _chunks(wanted):
        found.update(session.scalars(select(MentoringSession.id).where(MentoringSession.id.in_(chunk), scope)))
    return [session_id for session_id in wanted if session_id in found]


def _rows(session: Session, ids: Sequence[uuid.UUID]) -> Iterable[tuple[object, ...]]:
    """The CSV rows in the order of `ids`, one chunk of ids (three queries) at a time."""
    for chunk in _chunks(ids):
        sessions = {row[0]: row[1:] for row in session.execute(
            select(
                MentoringSession.id, MentoringSession.session_date, MentoringSession.start_time,
                MentoringSession.duration_minutes, MentoringSession.status, MentoringSession.kind,
                MentoringSession.mode, MentoringSession.platform, MentoringSession.location, MentoringSession.step,
                MentoringSession.topics, Worker.full_name, Programme.name, MentoringSession.engagement,
                MentoringSession.notes,
            )
            .outerjoin(Worker, Worker.id == MentoringSession.mentor_id)
            .outerjoin(Programme, Programme.id == MentoringSession.programme_id)
            .where(MentoringSession.id.in_(chunk))
        )}
        mentees: dict[uuid.UUID, list[str]] = defaultdict(list)
        for session_id, code, first, last, attendance in session.execute(
            select(SessionAttendance.session_id, Mentee.reference_code, Mentee.first_name, Mentee.last_name,
                   SessionAttendance.attendance)
            .join(Mentee, Mentee.id == SessionAttendance.mentee_id)
            .where(SessionAttendance.session_id.in_(chunk))
            .order_by(Mentee.reference_code)
        ):
            mentees[session_id].append(f"{code} {first} {last} ({attendance})")
        open_follow_ups: dict[uuid.UUID, int] = dict(session.execute(
            select(FollowUp.session_id, func.count())
            .where(FollowUp.session_id.in_(chunk), FollowUp.done_at.is_(None))
            .group_by(FollowUp.session_id)
        ).all())
        for session_id in chunk:  # all still there: the ids were read in this same write transaction
            (day, start, duration, status, kind, mode, platform, location, step, topics, mentor, programme,
             engagement, notes) = sessions[session_id]
            yield (day, start, duration, status, kind, mode, platform, location, step,
                   LIST_SEPARATOR.join(topics or ()), mentor, programme, LIST_SEPARATOR.join(mentees[session_id]),
                   engagement, notes, open_follow_ups.get(session_id, 0))
