"""Logging, planning, editing and deleting mentoring sessions, with their attendance and follow-ups.

Listing sessions for the Sessions page lives in session_list.py; the rules a form must meet
in session_forms.py.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from mentordesk.db.base import utcnow
from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import FollowUp, Mentee, MentoringSession, Programme, SessionAttendance, Worker
from mentordesk.enums import (
    Attendance,
    AuditAction,
    MenteeStatus,
    PathwayStep,
    Platform,
    SessionKind,
    SessionMode,
    SessionStatus,
)
from mentordesk.services import audit, session_list
from mentordesk.services.access import Access
from mentordesk.services.caseload import (
    mentee_scope,
    reachable_mentee,
    reachable_session,
    require_reachable_mentees,
    session_scope,
)
from mentordesk.services.errors import ValidationError
from mentordesk.services.record_changes import assign
from mentordesk.services.session_forms import CheckedSession, FollowUpForm, Participant, SessionForm, check_session
from mentordesk.services.session_list import SessionKey, SessionQuery, SessionRow

_MISSING = "This session no longer exists."
_RECENT_SESSIONS_FOR_TOPICS = 2000  # topics offered for completion come from the latest sessions


@dataclass(frozen=True)
class ParticipantInfo:
    mentee_id: uuid.UUID
    reference_code: str
    full_name: str
    attendance: Attendance


@dataclass(frozen=True)
class FollowUpInfo:
    id: uuid.UUID
    text: str
    due_date: date | None
    done_at: datetime | None
    owner_id: uuid.UUID | None
    owner: str | None
    mentee_id: uuid.UUID | None
    session_id: uuid.UUID | None

    @property
    def is_open(self) -> bool:
        return self.done_at is None


@dataclass(frozen=True)
class SessionDetail:
    id: uuid.UUID
    form: SessionForm
    kind: SessionKind
    participants: tuple[ParticipantInfo, ...]
    follow_ups: tuple[FollowUpInfo, ...]
    mentor: str | None
    programme: str | None

    @property
    def mentee_names(self) -> str:
        return ", ".join(p.full_name for p in self.participants)


@dataclass(frozen=True)
class MenteeChoice:
    """A mentee offered when choosing who took part: found by name or code, accents ignored."""

    id: uuid.UUID
    reference_code: str
    full_name: str
    status: MenteeStatus
    search_key: str  # folded "first last code": match it against fold_for_search(typed text)

    @property
    def display(self) -> str:
        return f"{self.full_name} ({self.reference_code})"


@dataclass(frozen=True)
class TimelineEntry:
    session_id: uuid.UUID
    session_date: date
    start_time: time | None
    duration_minutes: int
    status: SessionStatus
    kind: SessionKind
    mode: SessionMode
    platform: Platform | None
    step: PathwayStep
    topics: tuple[str, ...]
    attendance: Attendance
    mentor: str | None
    others: int  # other mentees in a group session
    notes: str | None


@dataclass(frozen=True)
class MenteeSessions:
    """A mentee's Sessions tab: the timeline, follow-ups and hours (held sessions they attended)."""

    entries: tuple[TimelineEntry, ...]  # newest first
    follow_ups: tuple[FollowUpInfo, ...]  # open first by due date, then done
    minutes_total: int
    minutes_by_month: tuple[tuple[date, int], ...]  # (first day of the month, minutes), oldest first
    held: int
    no_shows: int


class SessionService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def _scope(self) -> ColumnElement[bool] | None:
        return None if self._access.caseload_of is None else session_scope(self._access)

    # ---- the Sessions page

    def search_ids(self, query: SessionQuery) -> list[SessionKey]:
        with self._sessions() as session:
            return session_list.search_keys(session, query, self._scope())

    def count(self, query: SessionQuery) -> int:
        with self._sessions() as session:
            return session_list.count(session, query, self._scope())

    def rows(self, keys: Sequence[SessionKey]) -> dict[SessionKey, SessionRow]:
        if not keys:
            return {}
        with self._sessions() as session:
            return session_list.rows(session, keys, self._scope())

    # ---- one session

    def get(self, session_id: uuid.UUID) -> SessionDetail:
        with self._sessions() as session:
            return _detail(session, reachable_session(session, self._access, session_id, _MISSING))

    def check(self, form: SessionForm, session_id: uuid.UUID | None = None,
              now: datetime | None = None) -> dict[str, str]:
        """Every problem with the form, by field, without saving."""
        with self._sessions() as session:
            stored = reachable_session(session, self._access, session_id, _MISSING) if session_id else None
            _, errors = check_session(session, form, now or datetime.now(), stored.session_date if stored else None)
            return errors

    def log(self, form: SessionForm, actor_id: uuid.UUID | None = None,
            now: datetime | None = None) -> SessionDetail:
        """Save a new session (held, planned or cancelled) with its attendance and follow-ups."""
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            require_reachable_mentees(session, self._access, _mentees_named(form))
            checked = _checked(session, form, now or datetime.now(), None)
            record = MentoringSession(**checked.values)
            session.add(record)
            session.flush()
            session.add_all(SessionAttendance(session_id=record.id, mentee_id=p.mentee_id, attendance=p.attendance)
                            for p in checked.participants)
            audit.record(session, action=AuditAction.CREATE, entity="mentoring_session", entity_id=record.id,
                         fields=sorted(name for name, value in checked.values.items() if value not in (None, [])),
                         actor_id=actor_id)
            _save_follow_ups(session, record, checked.follow_ups, actor_id)
            session.flush()
            return _detail(session, record)

    def update(self, session_id: uuid.UUID, form: SessionForm, actor_id: uuid.UUID | None = None,
               now: datetime | None = None) -> SessionDetail:
        """Replace what the session records; follow-ups left out of the form are deleted."""
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            record = reachable_session(session, self._access, session_id, _MISSING)
            # A group session may already hold someone else's mentee: keeping them is not reaching them.
            require_reachable_mentees(session, self._access, _mentees_named(form),
                                      allowed=[a.mentee_id for a in record.attendances])
            checked = _checked(session, form, now or datetime.now(), record.session_date)
            changed = sorted(assign(record, checked.values))
            if _replace_attendance(session, record, checked.participants):
                changed.append("attendances")
            if changed:
                audit.record(session, action=AuditAction.UPDATE, entity="mentoring_session", entity_id=record.id,
                             fields=changed, actor_id=actor_id)
            _save_follow_ups(session, record, checked.follow_ups, actor_id)
            session.flush()
            return _detail(session, record)

    def delete(self, session_id: uuid.UUID, actor_id: uuid.UUID | None = None) -> None:
        """Delete the session, its attendance and the follow-ups agreed in it."""
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            record = reachable_session(session, self._access, session_id, _MISSING)
            session.delete(record)
            audit.record(session, action=AuditAction.DELETE, entity="mentoring_session", entity_id=session_id,
                         actor_id=actor_id)

    # ---- choices for the dialog

    def mentee_choices(self) -> tuple[MenteeChoice, ...]:
        """Every mentee, current ones first (active, referred, on hold), by name."""
        with self._sessions() as session:
            rows = session.execute(
                select(Mentee.id, Mentee.reference_code, Mentee.first_name, Mentee.last_name, Mentee.status,
                       Mentee.search_text)
                .where(mentee_scope(self._access))
                .order_by(Mentee.sort_name, Mentee.reference_code)
            )
            choices = [MenteeChoice(i, code, f"{first} {last}", status, key)
                       for i, code, first, last, status, key in rows]
        past = (MenteeStatus.COMPLETED, MenteeStatus.WITHDRAWN)
        return tuple(sorted(choices, key=lambda choice: choice.status in past))

    def known_topics(self) -> tuple[str, ...]:
        """Topics of recent sessions, the most used first: offered when typing a topic."""
        with self._sessions() as session:
            recent = (select(MentoringSession.topics).where(session_scope(self._access))
                      .order_by(MentoringSession.session_date.desc())
                      .limit(_RECENT_SESSIONS_FOR_TOPICS))
            counts: dict[str, int] = defaultdict(int)
            for topics in session.scalars(recent):
                for topic in topics or ():
                    counts[topic] += 1
        return tuple(sorted(counts, key=lambda topic: (-counts[topic], topic.casefold())))

    # ---- one mentee

    def for_mentee(self, mentee_id: uuid.UUID) -> MenteeSessions:
        with self._sessions() as session:
            reachable_mentee(session, self._access, mentee_id)
            return _mentee_sessions(session, mentee_id)


# ---- writing


def _mentees_named(form: SessionForm) -> list[uuid.UUID]:
    """Every mentee the form names: participants and the mentees of its follow-ups."""
    named = [p.mentee_id for p in form.participants]
    return named + [f.mentee_id for f in form.follow_ups if f.mentee_id is not None]


def _checked(session: Session, form: SessionForm, now: datetime, stored_date: date | None) -> CheckedSession:
    checked, errors = check_session(session, form, now, stored_date)
    if checked is None:
        raise ValidationError(errors)
    return checked


def _replace_attendance(session: Session, record: MentoringSession, participants: tuple[Participant, ...]) -> bool:
    current = {a.mentee_id: a for a in record.attendances}
    wanted = {p.mentee_id: p.attendance for p in participants}
    changed = False
    for mentee_id, attendance in current.items():
        if mentee_id not in wanted:
            record.attendances.remove(attendance)
            changed = True
    for mentee_id, status in wanted.items():
        if mentee_id in current:
            changed |= current[mentee_id].attendance != status
            current[mentee_id].attendance = status
        else:
            record.attendances.append(SessionAttendance(mentee_id=mentee_id, attendance=status))
            changed = True
    session.flush()
    return changed


def _save_follow_ups(session: Session, record: MentoringSession, forms: tuple[FollowUpForm, ...],
                     actor_id: uuid.UUID | None) -> None:
    existing = {f.id: f for f in session.scalars(select(FollowUp).where(FollowUp.session_id == record.id))}
    kept = {form.id for form in forms if form.id is not None}
    for follow_up_id, follow_up in existing.items():
        if follow_up_id not in kept:
            session.delete(follow_up)
            audit.record(session, action=AuditAction.DELETE, entity="follow_up", entity_id=follow_up_id,
                         actor_id=actor_id)
    for form in forms:
        values = {"text": form.text, "due_date": form.due_date, "mentee_id": form.mentee_id,
                  "owner_id": form.owner_id or record.mentor_id}
        follow_up = existing.get(form.id) if form.id is not None else None
        if follow_up is None:
            follow_up = FollowUp(session_id=record.id, done_at=utcnow() if form.done else None, **values)
            session.add(follow_up)
            session.flush()
            audit.record(session, action=AuditAction.CREATE, entity="follow_up", entity_id=follow_up.id,
                         fields=sorted(name for name, value in values.items() if value is not None),
                         actor_id=actor_id)
            continue
        changed = assign(follow_up, values)
        if form.done != (follow_up.done_at is not None):
            follow_up.done_at = utcnow() if form.done else None
            changed.append("done_at")
        if changed:
            audit.record(session, action=AuditAction.UPDATE, entity="follow_up", entity_id=follow_up.id,
                         fields=changed, actor_id=actor_id)


# ---- reading


def _detail(session: Session, record: MentoringSession) -> SessionDetail:
    participants = session.execute(
        select(Mentee.id, Mentee.reference_code, Mentee.first_name, Mentee.last_name, SessionAttendance.attendance)
        .join(SessionAttendance, SessionAttendance.mentee_id == Mentee.id)
        .where(SessionAttendance.session_id == record.id)
        .order_by(Mentee.sort_name)
    ).all()
    follow_ups = _follow_up_infos(session, FollowUp.session_id == record.id)
    mentor = session.scalar(select(Worker.full_name).where(Worker.id == record.mentor_id)) if record.mentor_id else None
    programme = (session.scalar(select(Programme.name).where(Programme.id == record.programme_id))
                 if record.programme_id else None)
    form = SessionForm(
        participants=tuple(Participant(mentee_id, attendance) for mentee_id, _, _, _, attendance in participants),
        session_date=record.session_date, start_time=record.start_time, duration_minutes=record.duration_minutes,
        mode=record.mode, platform=record.platform, location=record.location or "", step=record.step,
        topics=tuple(record.topics or ()), notes=record.notes or "", engagement=record.engagement,
        status=record.status, mentor_id=record.mentor_id, programme_id=record.programme_id,
        follow_ups=tuple(FollowUpForm(f.text, f.due_date, f.owner_id, f.mentee_id, f.id, f.done_at is not None)
                         for f in follow_ups),
    )
    return SessionDetail(
        id=record.id, form=form, kind=record.kind,
        participants=tuple(ParticipantInfo(mentee_id, code, f"{first} {last}", attendance)
                           for mentee_id, code, first, last, attendance in participants),
        follow_ups=follow_ups, mentor=mentor, programme=programme,
    )


def _follow_up_infos(session: Session, where) -> tuple[FollowUpInfo, ...]:
    rows = session.execute(
        select(FollowUp, Worker.full_name)
        .outerjoin(Worker, Worker.id == FollowUp.owner_id)
        .where(where)
        .order_by(FollowUp.done_at.is_not(None), FollowUp.due_date.is_(None), FollowUp.due_date, FollowUp.created_at)
    )
    return tuple(FollowUpInfo(f.id, f.text, f.due_date, f.done_at, f.owner_id, owner, f.mentee_id, f.session_id)
                 for f, owner in rows)


def _mentee_sessions(session: Session, mentee_id: uuid.UUID) -> MenteeSessions:
    others = (select(func.count()).select_from(SessionAttendance)
              .where(SessionAttendance.session_id == MentoringSession.id, SessionAttendance.mentee_id != mentee_id)
              .correlate(MentoringSession).scalar_subquery())
    rows = session.execute(
        select(MentoringSession.id, MentoringSession.session_date, MentoringSession.start_time,
               MentoringSession.duration_minutes, MentoringSession.status, MentoringSession.kind,
               MentoringSession.mode, MentoringSession.platform, MentoringSession.step, MentoringSession.topics,
               SessionAttendance.attendance, Worker.full_name, others, MentoringSession.notes)
        .join(SessionAttendance, SessionAttendance.session_id == MentoringSession.id)
        .outerjoin(Worker, Worker.id == MentoringSession.mentor_id)
        .where(SessionAttendance.mentee_id == mentee_id)
        .order_by(MentoringSession.session_date.desc(), MentoringSession.start_time.desc())
    ).all()
    entries = tuple(TimelineEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], tuple(r[9] or ()), r[10],
                                  r[11], r[12], r[13]) for r in rows)
    by_month: dict[date, int] = defaultdict(int)
    held = no_shows = 0
    for entry in entries:
        if entry.status is SessionStatus.HELD and entry.attendance is Attendance.ATTENDED:
            by_month[entry.session_date.replace(day=1)] += entry.duration_minutes
            held += 1
        elif entry.status is SessionStatus.HELD and entry.attendance is Attendance.NO_SHOW:
            no_shows += 1
    return MenteeSessions(
        entries=entries,
        follow_ups=_follow_up_infos(session, FollowUp.mentee_id == mentee_id),
        minutes_total=sum(by_month.values()),
        minutes_by_month=tuple(sorted(by_month.items())),
        held=held,
        no_shows=no_shows,
    )


def key_of(session_id: uuid.UUID) -> SessionKey:
    """The list's key for a session id (how SQLite stores a UUID: 32 hex digits)."""
    return session_id.hex
