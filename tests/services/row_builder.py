"""Rows straight into the database, so a test states exactly the situation it checks without the services
that would otherwise create them. Test modules subclass it for defaults of their own.

Imported as `row_builder`: pytest puts each test folder (they are not packages) on sys.path.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from sqlalchemy.orm import Session, sessionmaker

from mentordesk.db.models import FollowUp, Mentee, MentoringSession, Programme, SessionAttendance, Worker
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import Attendance, MenteeStatus, SessionMode

DONE_AT = datetime(2026, 5, 1, tzinfo=UTC)  # when a follow-up built as done was ticked


class RowBuilder:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory
        self._codes = 0

    def _add(self, *rows: object) -> None:
        with self._sessions.begin() as session:
            session.add_all(rows)

    def worker(self, name: str, active: bool = True) -> uuid.UUID:
        worker = Worker(id=uuid.uuid4(), full_name=name, is_active=active)
        self._add(worker)
        return worker.id

    def programme(self, name: str, end: date | None = None, archived: bool = False,
                  start: date = date(2026, 1, 1)) -> uuid.UUID:
        programme = Programme(id=uuid.uuid4(), name=name, start_date=start, end_date=end,
                              framework_id=key_competences_id(), is_archived=archived)
        self._add(programme)
        return programme.id

    def mentee(self, first: str, last: str, preferred: str | None = None,
               status: MenteeStatus = MenteeStatus.REFERRED) -> uuid.UUID:
        """Codes MD-0001, MD-0002, … in the order built."""
        self._codes += 1
        mentee = Mentee(id=uuid.uuid4(), reference_code=f"MD-{self._codes:04d}", first_name=first, last_name=last,
                        preferred_name=preferred, sort_name=f"{last} {first}".lower(), status=status)
        self._add(mentee)
        return mentee.id

    def session(self, day: date, start: time | None = None, *, attendees: Mapping[uuid.UUID, Attendance] | None = None,
                follow_ups: tuple[bool, ...] = (), **values: object) -> uuid.UUID:
        """An hour in person unless `values` say otherwise; `follow_ups`: one per entry, done when True."""
        values = {"duration_minutes": 60, "mode": SessionMode.IN_PERSON, **values}
        meeting = MentoringSession(id=uuid.uuid4(), session_date=day, start_time=start, **values)
        self._add(meeting, *(SessionAttendance(session_id=meeting.id, mentee_id=mentee, attendance=attendance)
                             for mentee, attendance in (attendees or {}).items()))
        if follow_ups:  # added after the session: no relationship orders the inserts
            self._add(*(FollowUp(session_id=meeting.id, text=f"Action {number}", due_date=day,
                                 done_at=DONE_AT if done else None) for number, done in enumerate(follow_ups)))
        return meeting.id
