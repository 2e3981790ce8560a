"""What the session dialog sends, and the rules a session must meet before it is saved.

Every rule adds one sentence under the field it concerns, so the dialog can show them all at
once; nothing here writes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.db.models import Enrolment, Mentee, Programme, Worker
from mentordesk.enums import Attendance, PathwayStep, Platform, SessionKind, SessionMode, SessionStatus
from mentordesk.services.validation import EARLIEST, one_line, optional_text

MIN_MINUTES, MAX_MINUTES = 1, 720
MAX_TOPICS, MAX_TOPIC_LENGTH = 12, 40
MAX_NOTES = 20_000
PLAN_AHEAD_DAYS = 2 * 366  # far enough for a school year's bookings; further is probably a typo
HELD_ATTENDANCE = frozenset({Attendance.ATTENDED, Attendance.NO_SHOW, Attendance.CANCELLED})


@dataclass(frozen=True)
class Participant:
    mentee_id: uuid.UUID
    attendance: Attendance = Attendance.ATTENDED


@dataclass(frozen=True)
class FollowUpForm:
    text: str
    due_date: date | None = None
    owner_id: uuid.UUID | None = None
    mentee_id: uuid.UUID | None = None  # None: the session's first participant
    id: uuid.UUID | None = None  # an existing follow-up, when editing
    done: bool = False


@dataclass(frozen=True)
class SessionForm:
    participants: tuple[Participant, ...]
    session_date: date
    duration_minutes: int | None
    mode: SessionMode
    start_time: time | None = None
    platform: Platform | None = None
    location: str = ""
    step: PathwayStep = PathwayStep.GENERAL
    topics: tuple[str, ...] = ()
    notes: str = ""
    engagement: int | None = None
    status: SessionStatus = SessionStatus.HELD
    mentor_id: uuid.UUID | None = None
    programme_id: uuid.UUID | None = None  # None: the first participant's current programme
    follow_ups: tuple[FollowUpForm, ...] = field(default=())

    def recorded_as_held(self, today: date) -> SessionForm:
        """A planned session turned into a held one: everyone expected is marked as attended.

        A session planned for later than today is moved to today (it is being recorded now).
        """
        participants = tuple(
            replace(p, attendance=Attendance.ATTENDED) if p.attendance not in HELD_ATTENDANCE else p
            for p in self.participants
        )
        return replace(self, status=SessionStatus.HELD, participants=participants,
                       session_date=min(self.session_date, today))


@dataclass(frozen=True)
class CheckedSession:
    """A form that passed every rule, in the shape the tables take."""

    values: dict[str, object]
    participants: tuple[Participant, ...]
    follow_ups: tuple[FollowUpForm, ...]


def check_session(session: Session, form: SessionForm, now: datetime,
                  stored_date: date | None = None) -> tuple[CheckedSession | None, dict[str, str]]:
    """The cleaned session, or None and one sentence per invalid field.

    `stored_date` is the saved date when editing: a planned session whose day has passed may
    still be edited, but a new or moved plan must lie ahead.
    """
    errors: dict[str, str] = {}
    today = now.date()
    participants = _participants(session, form, errors)
    _check_date(form, now, stored_date, errors)
    duration = form.duration_minutes
    if duration is None:
        errors["duration_minutes"] = "Give the duration in minutes."
    elif not MIN_MINUTES <= duration <= MAX_MINUTES:
        errors["duration_minutes"] = f"The duration must be between {MIN_MINUTES} and {MAX_MINUTES} minutes " \
                                     f"(12 hours)."
    platform = form.platform if form.mode.is_online else None  # no platform for a meeting in person
    location = optional_text(form.location, "The location", 200, errors, "location")
    topics = _topics(form.topics, errors)
    notes = optional_text(form.notes, "The notes", MAX_NOTES, errors, "notes", multiline=True)
    engagement = form.engagement if form.status is SessionStatus.HELD else None
    if engagement is not None and not 1 <= engagement <= 5:
        errors["engagement"] = "Engagement is rated from 1 to 5, or left unrated."
    if form.mentor_id is not None and session.get(Worker, form.mentor_id) is None:
        errors["mentor"] = "Choose a mentor from the list."
    programme_id = form.programme_id
    if programme_id is not None and session.get(Programme, programme_id) is None:
        errors["programme"] = "Choose a programme from the list."
    elif programme_id is None and participants:
        programme_id = _current_programme(session, participants[0].mentee_id)
    follow_ups = _follow_ups(session, form, participants, today, errors)
    if errors:
        return None, errors
    values: dict[str, object] = {
        "kind": SessionKind.ONE_TO_ONE if len(participants) == 1 else SessionKind.GROUP,
        "status": form.status,
        "session_date": form.session_date,
        "start_time": form.start_time,
        "duration_minutes": duration,
        "mode": form.mode,
        "platform": platform,
        "location": location,
        "step": form.step,
        "topics": list(topics),
        "notes": notes,
        "engagement": engagement,
        "mentor_id": form.mentor_id,
        "programme_id": programme_id,
    }
    return CheckedSession(values, participants, follow_ups), errors


def _participants(session: Session, form: SessionForm, errors: dict[str, str]) -> tuple[Participant, ...]:
    if not form.participants:
        errors["participants"] = "Choose at least one mentee."
        return ()
    ids = [p.mentee_id for p in form.participants]
    if len(set(ids)) != len(ids):
        errors["participants"] = "A mentee is listed twice."
        return ()
    names = dict(session.execute(select(Mentee.id, Mentee.first_name).where(Mentee.id.in_(ids))).all())
    if len(names) != len(ids):
        errors["participants"] = "A mentee chosen no longer exists; remove them from the list."
        return ()
    participants = []
    for p in form.participants:
        attendance = p.attendance
        if form.status is SessionStatus.PLANNED:
            attendance = Attendance.EXPECTED
        elif form.status is SessionStatus.CANCELLED:
            attendance = Attendance.CANCELLED
        elif attendance not in HELD_ATTENDANCE:
            errors["participants"] = f"Say whether {names[p.mentee_id]} attended, did not show or cancelled."
        participants.append(Participant(p.mentee_id, attendance))
    return tuple(participants)


def _check_date(form: SessionForm, now: datetime, stored_date: date | None, errors: dict[str, str]) -> None:
    today, day = now.date(), form.session_date
    latest = today + timedelta(days=PLAN_AHEAD_DAYS)
    if day < EARLIEST:
        errors["session_date"] = f"The date cannot be before {EARLIEST.isoformat()}."
    elif day > latest:
        errors["session_date"] = f"Sessions can be planned up to {latest.isoformat()}."
    elif form.status is SessionStatus.HELD:
        if day > today:
            errors["session_date"] = "A held session cannot be in the future; plan it instead."
        elif day == today and form.start_time is not None and form.start_time > now.time():
            errors["start_time"] = "This session starts later today; plan it instead, or correct the time."
    elif form.status is SessionStatus.PLANNED and day < today and day != stored_date:
        errors["session_date"] = "A planned session is for today or later; log a past session as held."


def _topics(raw: tuple[str, ...], errors: dict[str, str]) -> tuple[str, ...]:
    topics: dict[str, str] = {}
    for text in raw:
        topic = one_line(text)
        if topic and topic.casefold() not in topics:
            topics[topic.casefold()] = topic
    if len(topics) > MAX_TOPICS:
        errors["topics"] = f"At most {MAX_TOPICS} topics per session."
    elif any(len(topic) > MAX_TOPIC_LENGTH for topic in topics.values()):
        errors["topics"] = f"A topic is at most {MAX_TOPIC_LENGTH} characters; use the notes for more."
    return tuple(topics.values())


def _follow_ups(session: Session, form: SessionForm, participants: tuple[Participant, ...], today: date,
                errors: dict[str, str]) -> tuple[FollowUpForm, ...]:
    present = {p.mentee_id for p in participants}
    latest = today + timedelta(days=PLAN_AHEAD_DAYS)
    owners = {w for w in {f.owner_id for f in form.follow_ups} - {None}
              if session.get(Worker, w) is not None}
    cleaned = []
    for number, follow_up in enumerate(form.follow_ups, start=1):
        key, problems = f"follow_up_{number - 1}", []
        text = one_line(follow_up.text)
        if not text:
            problems.append("say what is to be done")
        elif len(text) > 500:
            problems.append("the text is too long (at most 500 characters)")
        if follow_up.due_date is not None and not EARLIEST <= follow_up.due_date <= latest:
            problems.append(f"the due date must lie between {EARLIEST.isoformat()} and {latest.isoformat()}")
        if follow_up.owner_id is not None and follow_up.owner_id not in owners:
            problems.append("choose its owner from the list")
        mentee_id = follow_up.mentee_id or (participants[0].mentee_id if participants else None)
        if participants and mentee_id not in present:
            problems.append("it must be for one of the session's mentees")
        if problems:
            errors[key] = f"Follow-up {number}: " + "; ".join(problems) + "."
        cleaned.append(replace(follow_up, text=text, mentee_id=mentee_id))
    return tuple(cleaned)


def _current_programme(session: Session, mentee_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(
        select(Enrolment.programme_id)
        .where(Enrolment.mentee_id == mentee_id, Enrolment.ended_on.is_(None))
        .order_by(Enrolment.started_on.desc())
        .limit(1)
    )
