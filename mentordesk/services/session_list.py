"""The Sessions page's list: keys filtered and sorted in SQL, rows fetched a screenful at a time.

Keys are the ids as SQLite stores them (32 hex digits), not `uuid.UUID` objects: building
200,000 UUIDs costs half a second, the text costs nothing. Each row carries its real id.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, String, func, select, type_coerce
from sqlalchemy.orm import Session

from mentordesk.db.models import FollowUp, Mentee, MentoringSession, Programme, SessionAttendance, Worker
from mentordesk.enums import Attendance, PathwayStep, Platform, SessionKind, SessionMode, SessionStatus

SessionKey = str
NAMES_SHOWN = 2  # a group's row names this many mentees, then "+N"


class SessionColumn(StrEnum):
    DATE = "date"
    MENTEES = "mentees"
    DURATION = "duration"
    MODE = "mode"
    STEP = "step"
    STATUS = "status"
    MENTOR = "mentor"
    TOPICS = "topics"


@dataclass(frozen=True)
class SessionQuery:
    date_from: date | None = None
    date_to: date | None = None
    mentor_id: uuid.UUID | None = None
    mentee_id: uuid.UUID | None = None
    mode: SessionMode | None = None
    step: PathwayStep | None = None
    status: SessionStatus | None = None
    attendance: Attendance | None = None  # someone (the chosen mentee, when one is) had this attendance
    sort: SessionColumn = SessionColumn.DATE
    descending: bool = True


@dataclass(frozen=True)
class SessionRow:
    key: SessionKey
    id: uuid.UUID
    session_date: date
    start_time: time | None
    duration_minutes: int
    status: SessionStatus
    kind: SessionKind
    mode: SessionMode
    platform: Platform | None
    step: PathwayStep
    mentees: str  # "Ana Pérez" or "Ana Pérez, Jan Novák +3"
    mentee_count: int
    no_shows: int
    mentor: str | None
    programme: str | None
    topics: tuple[str, ...]
    engagement: int | None
    open_follow_ups: int


_KEY = type_coerce(MentoringSession.id, String)


def search_keys(session: Session, query: SessionQuery, scope: ColumnElement[bool] | None = None) -> list[SessionKey]:
    """`scope`: a condition on MentoringSession that bounds the list (a mentor's reach), or None."""
    statement = _filtered(select(_KEY), query, scope).order_by(*_order(query))
    return list(session.scalars(statement))


def count(session: Session, query: SessionQuery, scope: ColumnElement[bool] | None = None) -> int:
    return session.scalar(_filtered(select(func.count()).select_from(MentoringSession), query, scope)) or 0


def rows(session: Session, keys: Sequence[SessionKey],
         scope: ColumnElement[bool] | None = None) -> dict[SessionKey, SessionRow]:
    keys = list(keys)
    open_follow_ups = (select(func.count(FollowUp.id))
                       .where(FollowUp.session_id == MentoringSession.id, FollowUp.done_at.is_(None))
                       .correlate(MentoringSession).scalar_subquery())
    sessions = session.execute(
        select(_KEY, MentoringSession.id, MentoringSession.session_date, MentoringSession.start_time,
               MentoringSession.duration_minutes, MentoringSession.status, MentoringSession.kind,
               MentoringSession.mode, MentoringSession.platform, MentoringSession.step, Worker.full_name,
               Programme.name, MentoringSession.topics, MentoringSession.engagement, open_follow_ups)
        .outerjoin(Worker, Worker.id == MentoringSession.mentor_id)
        .outerjoin(Programme, Programme.id == MentoringSession.programme_id)
        .where(_KEY.in_(keys), *(() if scope is None else (scope,)))
    ).all()
    names: dict[SessionKey, list[str]] = defaultdict(list)
    no_shows: dict[SessionKey, int] = defaultdict(int)
    attendance_key = type_coerce(SessionAttendance.session_id, String)
    for key, first, last, attendance in session.execute(
        select(attendance_key, Mentee.first_name, Mentee.last_name, SessionAttendance.attendance)
        .join(Mentee, Mentee.id == SessionAttendance.mentee_id)
        .where(attendance_key.in_(keys))
        .order_by(Mentee.sort_name)
    ):
        names[key].append(f"{first} {last}")
        no_shows[key] += attendance is Attendance.NO_SHOW
    result = {}
    for (key, session_id, day, start, minutes, status, kind, mode, platform, step, mentor, programme, topics,
         engagement, follow_ups) in sessions:
        people = names[key]
        shown = ", ".join(people[:NAMES_SHOWN]) + (f" +{len(people) - NAMES_SHOWN}" if len(people) > NAMES_SHOWN
                                                    else "")
        result[key] = SessionRow(key, session_id, day, start, minutes, status, kind, mode, platform, step, shown,
                                 len(people), no_shows[key], mentor, programme, tuple(topics or ()), engagement,
                                 follow_ups)
    return result


def _filtered(statement: Select, query: SessionQuery, scope: ColumnElement[bool] | None = None) -> Select:
    if scope is not None:
        statement = statement.where(scope)
    if query.date_from is not None:
        statement = statement.where(MentoringSession.session_date >= query.date_from)
    if query.date_to is not None:
        statement = statement.where(MentoringSession.session_date <= query.date_to)
    if query.mentor_id is not None:
        statement = statement.where(MentoringSession.mentor_id == query.mentor_id)
    if query.mode is not None:
        statement = statement.where(MentoringSession.mode == query.mode)
    if query.step is not None:
        statement = statement.where(MentoringSession.step == query.step)
    if query.status is not None:
        statement = statement.where(MentoringSession.status == query.status)
    if query.mentee_id is not None or query.attendance is not None:
        # A semi-join: the attendance index finds the few sessions, not a lookup per session.
        taking_part = select(SessionAttendance.session_id)
        if query.mentee_id is not None:
            taking_part = taking_part.where(SessionAttendance.mentee_id == query.mentee_id)
        if query.attendance is not None:
            taking_part = taking_part.where(SessionAttendance.attendance == query.attendance)
        statement = statement.where(MentoringSession.id.in_(taking_part))
    return statement


def _order(query: SessionQuery) -> tuple[ColumnElement, ...]:
    newest_first = (MentoringSession.session_date.desc(), MentoringSession.start_time.desc())
    if query.sort is SessionColumn.DATE:
        if query.descending:
            return newest_first
        return MentoringSession.session_date.asc(), MentoringSession.start_time.asc()
    key = _sort_key(query.sort)
    return (key.desc() if query.descending else key.asc()).nulls_last(), *newest_first


def _sort_key(column: SessionColumn) -> ColumnElement:
    if column is SessionColumn.MENTEES:
        return (select(func.min(Mentee.sort_name)).join(SessionAttendance, SessionAttendance.mentee_id == Mentee.id)
                .where(SessionAttendance.session_id == MentoringSession.id)
                .correlate(MentoringSession).scalar_subquery())
    if column is SessionColumn.MENTOR:
        return (select(Worker.full_name).where(Worker.id == MentoringSession.mentor_id)
                .correlate(MentoringSession).scalar_subquery())
    return {
        SessionColumn.DURATION: MentoringSession.duration_minutes,
        SessionColumn.MODE: MentoringSession.mode,
        SessionColumn.STEP: MentoringSession.step,
        SessionColumn.STATUS: MentoringSession.status,
        SessionColumn.TOPICS: type_coerce(MentoringSession.topics, String),
    }[column]
