"""The Today page's agenda: what needs a youth worker's attention now.

Sessions planned this week, follow-ups overdue or due soon, mentees nobody has seen for a
while and programmes about to end. Each section is one or two indexed queries: the page is
the app's start page and must appear at once on a 10,000-mentee caseload.

Scoping to a worker (`worker_id`):
- sessions they mentor;
- follow-ups they own, plus follow-ups for mentees in their caseload that nobody active owns
  (no owner, or the owner's account is inactive). Today is a to-do list and ticking done is
  the owner's act, so a colleague's follow-up for one of my mentees stays on the colleague's
  list; an orphaned one would otherwise be on nobody's list, so it falls to the mentor;
- mentees in their current caseload (an open enrolment with them as mentor);
- programmes in which they mentor someone, counting their own mentees.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import ColumnElement, Row, Select, and_, exists, func, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import (
    Enrolment,
    FollowUp,
    Mentee,
    MenteeStatusChange,
    MentoringSession,
    Organisation,
    Programme,
    SessionAttendance,
    Worker,
)
from mentordesk.enums import Attendance, MenteeStatus, SessionKind, SessionMode, SessionStatus
from mentordesk.services.access import Access
from mentordesk.services.query_hints import unindexed

WEEK_DAYS = 7  # "this week" is today and the six days after it
PROGRAMME_HORIZON_DAYS = 14
# A glance, not a register: a coordinator's "everyone" week holds thousands of sessions. Each list
# stops here and says how many there are in all.
SECTION_LIMIT = 100
NO_CONTACT_LIMIT = 50
DEFAULT_INACTIVITY_DAYS = 21


@dataclass(frozen=True)
class MenteeRef:
    id: uuid.UUID
    full_name: str
    reference_code: str


@dataclass(frozen=True)
class SessionItem:
    id: uuid.UUID
    session_date: date
    start_time: time | None
    duration_minutes: int
    kind: SessionKind
    mode: SessionMode
    mentor_id: uuid.UUID | None
    mentor: str | None
    mentees: tuple[MenteeRef, ...]  # expected attendees, by name


@dataclass(frozen=True)
class FollowUpItem:
    id: uuid.UUID
    text: str
    due_date: date
    mentee_id: uuid.UUID | None  # None: agreed in a group session for the whole group
    mentee: str | None
    reference_code: str | None
    owner_id: uuid.UUID | None
    owner: str | None
    session_id: uuid.UUID | None


@dataclass(frozen=True)
class NoContactItem:
    mentee_id: uuid.UUID
    full_name: str
    reference_code: str
    mentor: str | None
    last_session: date | None  # the last held session they attended; None: never
    days_since: int | None  # since that session, or since becoming active if later; None: unknown


@dataclass(frozen=True)
class ProgrammeItem:
    id: uuid.UUID
    name: str
    end_date: date
    enrolled: int  # mentees enrolled now (the worker's own when scoped)


@dataclass(frozen=True)
class Agenda:
    """Each list holds at most SECTION_LIMIT items (NO_CONTACT_LIMIT for no contact); its total counts all."""

    today: date
    inactivity_days: int
    sessions_today: tuple[SessionItem, ...]
    sessions_today_total: int
    sessions_this_week: tuple[SessionItem, ...]  # tomorrow to today + 6
    sessions_this_week_total: int
    follow_ups_overdue: tuple[FollowUpItem, ...]  # most overdue first
    follow_ups_overdue_total: int
    follow_ups_due: tuple[FollowUpItem, ...]  # due today to today + 6
    follow_ups_due_total: int
    no_contact: tuple[NoContactItem, ...]  # longest without contact first
    no_contact_total: int
    programmes_ending: tuple[ProgrammeItem, ...]  # all of them: a handful at most


class TodayService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def agenda(self, today: date, worker_id: uuid.UUID | None = None) -> Agenda:
        """`worker_id`: whose agenda (None: everyone's); a signed-in mentor always gets their own."""
        worker_id = self._access.caseload_of or worker_id
        week_end = today + timedelta(days=WEEK_DAYS - 1)
        with self._sessions() as session:
            days = session.scalar(select(Organisation.inactivity_days)) or DEFAULT_INACTIVITY_DAYS
            sessions_today, sessions_today_total = _planned_sessions(session, today, today, worker_id)
            this_week, this_week_total = _planned_sessions(session, today + timedelta(days=1), week_end, worker_id)
            overdue, overdue_total = _open_follow_ups(session, None, today - timedelta(days=1), worker_id)
            due, due_total = _open_follow_ups(session, today, week_end, worker_id)
            no_contact = mentees_without_contact(session, today, days, worker_id)
            return Agenda(
                today=today,
                inactivity_days=days,
                sessions_today=sessions_today,
                sessions_today_total=sessions_today_total,
                sessions_this_week=this_week,
                sessions_this_week_total=this_week_total,
                follow_ups_overdue=overdue,
                follow_ups_overdue_total=overdue_total,
                follow_ups_due=due,
                follow_ups_due_total=due_total,
                no_contact=tuple(no_contact[:NO_CONTACT_LIMIT]),
                no_contact_total=len(no_contact),
                programmes_ending=programmes_ending_soon(session, today, worker_id),
            )


def _first_rows(session: Session, statement: Select, counted: Select) -> tuple[list[Row], int]:
    """The first SECTION_LIMIT rows, and how many there are in all (counted only when the list is full)."""
    rows = session.execute(statement.limit(SECTION_LIMIT)).all()
    if len(rows) < SECTION_LIMIT:
        return rows, len(rows)
    return rows, session.scalar(counted) or 0


# ---- sessions


def _planned_sessions(session: Session, first: date, last: date,
                      worker_id: uuid.UUID | None) -> tuple[tuple[SessionItem, ...], int]:
    days = MentoringSession.session_date.between(first, last)
    if worker_id is None:
        wanted = and_(MentoringSession.status == SessionStatus.PLANNED, days)  # the (status, date) index
    else:
        # The (mentor, date) index: a worker's week is a few rows, everyone's planned week thousands.
        wanted = and_(MentoringSession.mentor_id == worker_id, days,
                      unindexed(MentoringSession.status) == SessionStatus.PLANNED)
    rows, total = _first_rows(
        session,
        select(MentoringSession.id, MentoringSession.session_date, MentoringSession.start_time,
               MentoringSession.duration_minutes, MentoringSession.kind, MentoringSession.mode,
               MentoringSession.mentor_id, Worker.full_name)
        .outerjoin(Worker, Worker.id == MentoringSession.mentor_id)
        .where(wanted)
        .order_by(MentoringSession.session_date, MentoringSession.start_time.nulls_last(), MentoringSession.id),
        select(func.count()).select_from(MentoringSession).where(wanted),
    )
    attendees: dict[uuid.UUID, list[MenteeRef]] = {}
    if rows:
        for session_id, mentee_id, first_name, last_name, code in session.execute(
            select(SessionAttendance.session_id, Mentee.id, Mentee.first_name, Mentee.last_name,
                   Mentee.reference_code)
            .join(Mentee, Mentee.id == SessionAttendance.mentee_id)
            .where(SessionAttendance.session_id.in_([row[0] for row in rows]),
                   SessionAttendance.attendance != Attendance.CANCELLED)
            .order_by(Mentee.sort_name, Mentee.reference_code)
        ):
            attendees.setdefault(session_id, []).append(MenteeRef(mentee_id, f"{first_name} {last_name}", code))
    items = tuple(
        SessionItem(session_id, day, start, minutes, kind, mode, mentor_id, mentor,
                    tuple(attendees.get(session_id, ())))
        for session_id, day, start, minutes, kind, mode, mentor_id, mentor in rows
    )
    return items, total


# ---- follow-ups


def _open_follow_ups(session: Session, first: date | None, last: date,
                     worker_id: uuid.UUID | None) -> tuple[tuple[FollowUpItem, ...], int]:
    """Open follow-ups due from `first` (None: any time before) to `last`, oldest first."""
    due = FollowUp.due_date <= last if first is None else FollowUp.due_date.between(first, last)
    if worker_id is None:
        wanted: ColumnElement[bool] = and_(FollowUp.done_at.is_(None), due)  # the (done_at, due_date) index
    else:
        # No active worker owns it: no owner at all, or one whose account is inactive.
        unowned = ~exists(select(Worker.id).where(Worker.id == FollowUp.owner_id, Worker.is_active.is_(True)))
        # Two ways in, each indexed: the owner's (owner, due) index and the caseload's (mentee, done, due) one.
        wanted = FollowUp.id.in_(
            select(FollowUp.id).where(FollowUp.owner_id == worker_id, due, unindexed(FollowUp.done_at).is_(None))
            .union(select(FollowUp.id).where(FollowUp.mentee_id.in_(_caseload_ids(worker_id)),
                                             FollowUp.done_at.is_(None), due, unowned))
        )
    rows, total = _first_rows(
        session,
        select(FollowUp.id, FollowUp.text, FollowUp.due_date, FollowUp.mentee_id, Mentee.first_name,
               Mentee.last_name, Mentee.reference_code, FollowUp.owner_id, Worker.full_name, FollowUp.session_id)
        .outerjoin(Mentee, Mentee.id == FollowUp.mentee_id)
        .outerjoin(Worker, Worker.id == FollowUp.owner_id)
        .where(wanted)
        .order_by(FollowUp.due_date, Mentee.sort_name, FollowUp.id),
        select(func.count()).select_from(FollowUp).where(wanted),
    )
    items = tuple(
        FollowUpItem(follow_up_id, text, due_date, mentee_id, f"{first_name} {last_name}" if mentee_id else None,
                     code, owner_id, owner, session_id)
        for follow_up_id, text, due_date, mentee_id, first_name, last_name, code, owner_id, owner, session_id in rows
    )
    return items, total


# ---- mentees without contact


def mentees_without_contact(session: Session, today: date, days: int,
                            worker_id: uuid.UUID | None) -> list[NoContactItem]:
    """Active mentees whose last contact is more than `days` days ago, longest first.

    "Contact" is a held session they attended (a no-show is not contact). The clock also
    restarts when a mentee becomes active (again): someone back from a two-month break is not
    flagged on their first day, and someone never seen is flagged `days` days after starting.

    SQL leaves out the mentees seen within the window first, so the per-mentee last-session
    lookups run only for the few left.
    """
    cutoff = today - timedelta(days=days)
    recent_contact = and_(MentoringSession.session_date >= cutoff, SessionAttendance.attendance == Attendance.ATTENDED)
    if worker_id is None:
        # One range scan of the window's held sessions, kept as a set; then the active mentees not in it.
        seen = Mentee.id.in_(
            select(SessionAttendance.mentee_id)
            .join(MentoringSession, MentoringSession.id == SessionAttendance.session_id)
            .where(MentoringSession.status == SessionStatus.HELD, recent_contact)
        )
        mine: ColumnElement[bool] = Mentee.status == MenteeStatus.ACTIVE
    else:
        # A caseload is a few dozen mentees: look at each one's own attendance instead.
        seen = exists(
            select(SessionAttendance.session_id)
            .join(MentoringSession, MentoringSession.id == SessionAttendance.session_id)
            .where(SessionAttendance.mentee_id == Mentee.id, recent_contact,
                   unindexed(MentoringSession.status) == SessionStatus.HELD)
            .correlate(Mentee)
        )
        mine = and_(Mentee.id.in_(_caseload_ids(worker_id)), unindexed(Mentee.status) == MenteeStatus.ACTIVE)
    last_session = (
        select(func.max(MentoringSession.session_date))
        .join(SessionAttendance, SessionAttendance.session_id == MentoringSession.id)
        .where(SessionAttendance.mentee_id == Mentee.id, unindexed(MentoringSession.status) == SessionStatus.HELD,
               SessionAttendance.attendance == Attendance.ATTENDED)
        .correlate(Mentee).scalar_subquery()
    )
    active_since = (
        select(func.max(MenteeStatusChange.changed_on))
        .where(MenteeStatusChange.mentee_id == Mentee.id, MenteeStatusChange.status == MenteeStatus.ACTIVE)
        .correlate(Mentee).scalar_subquery()
    )
    mentor = (
        select(Worker.full_name).join(Enrolment, Enrolment.mentor_id == Worker.id)
        .where(Enrolment.mentee_id == Mentee.id, Enrolment.ended_on.is_(None))
        .order_by(Enrolment.started_on.desc()).limit(1)
        .correlate(Mentee).scalar_subquery()
    )
    statement: Select = (
        select(Mentee.id, Mentee.first_name, Mentee.last_name, Mentee.reference_code, Mentee.sort_name, mentor,
               last_session, active_since)
        .where(mine, ~seen)
    )
    flagged = []
    for mentee_id, first, last, code, sort_name, mentor_name, last_seen, since in session.execute(statement):
        clock = max((d for d in (last_seen, since) if d is not None), default=None)
        if clock is None or clock < cutoff:
            item = NoContactItem(mentee_id, f"{first} {last}", code, mentor_name, last_seen,
                                 (today - clock).days if clock else None)
            flagged.append(((clock or date.min), sort_name, code, item))
    flagged.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in flagged]


# ---- programmes


def programmes_ending_soon(session: Session, today: date, worker_id: uuid.UUID | None) -> tuple[ProgrammeItem, ...]:
    open_enrolment = and_(Enrolment.programme_id == Programme.id, Enrolment.ended_on.is_(None))
    if worker_id is not None:
        open_enrolment = and_(open_enrolment, Enrolment.mentor_id == worker_id)
    enrolled = select(func.count(Enrolment.id)).where(open_enrolment).correlate(Programme).scalar_subquery()
    statement = (
        select(Programme.id, Programme.name, Programme.end_date, enrolled)
        .where(Programme.end_date.between(today, today + timedelta(days=PROGRAMME_HORIZON_DAYS)),
               Programme.is_archived.is_(False))
        .order_by(Programme.end_date, Programme.name)
    )
    rows = session.execute(statement).all()
    # Scoped: only the programmes in which the worker mentors someone now.
    return tuple(ProgrammeItem(*row) for row in rows if worker_id is None or row[3])


def _caseload_ids(worker_id: uuid.UUID) -> Select:
    return select(Enrolment.mentee_id).where(Enrolment.mentor_id == worker_id, Enrolment.ended_on.is_(None))
