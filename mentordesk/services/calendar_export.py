"""Planned sessions as an iCalendar (.ics) file that a phone or desktop calendar imports.

Each session is one VEVENT whose UID is `<session id>@mentordesk`, so importing a newer file
updates the events already imported instead of adding them twice. A session with a start time
is a floating local time (the calendar shows it at that clock time wherever the phone is); one
without is an all-day event on its date.

What goes into the file, with the GDPR in mind: a phone calendar is usually synchronised to a
cloud service outside the organisation, so the file says as little about the young people as
lets the mentor recognise the appointment:
- SUMMARY names a one-to-one mentee by first name (the preferred name when there is one) and
  last initial only, "Mentoring: Zoë B."; never the surname, the reference code (a key into
  the records) or contact details. A group session gives a count, "Group mentoring (5)", not names.
- DESCRIPTION holds the mode, platform, pathway step, duration and mentor. Never the notes, the
  topics (they can reveal health, housing or family matters) or the programme (its name can say
  more about the group than the mentee would want: "young offenders", say).
- No ATTENDEE lines (some calendars would e-mail invitations) and CLASS:PRIVATE, so a shared
  calendar shows the time as busy without the text.
Every session written gets an EXPORT audit event, as a CSV export does.

The text is English: services speak in enum values and labels are translated in the ui.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import Mentee, MentoringSession, SessionAttendance, Worker
from mentordesk.enums import AuditAction, PathwayStep, Platform, SessionKind, SessionMode, SessionStatus
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.caseload import session_scope
from mentordesk.services.csv_files import exported_file
from mentordesk.services.errors import DomainError
from mentordesk.services.sealed_files import KeySource, SealedExports, no_key

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//MentorDesk//EN"
UID_DOMAIN = "mentordesk"
ENTITY = "mentoring_session"
# Field names for the audit trail: what of each session went into the file.
EXPORTED_FIELDS: tuple[str, ...] = (
    "date", "start_time", "duration_minutes", "status", "kind", "mode", "platform", "location", "pathway_step",
    "mentor", "mentee_first_names",
)
_CHUNK = 900  # ids per IN (...) list: under 999, SQLite's variable limit before 3.32

_MODE_TEXT = {
    SessionMode.IN_PERSON: "In person",
    SessionMode.PHONE: "Phone",
    SessionMode.VIDEO_CALL: "Video call",
    SessionMode.CHAT: "Chat",
    SessionMode.SOCIAL_MEDIA_GROUP: "Social media group",
    SessionMode.OTHER: "Other",
}
_PLATFORM_TEXT = {
    Platform.FACEBOOK: "Facebook",
    Platform.WHATSAPP: "WhatsApp",
    Platform.INSTAGRAM: "Instagram",
    Platform.LINKEDIN: "LinkedIn",
    Platform.ZOOM: "Zoom",
    Platform.TEAMS: "Teams",
    Platform.DISCORD: "Discord",
    Platform.OTHER: "Other platform",
}
_STEP_TEXT = {
    PathwayStep.ASSESSMENT: "1 · Assessment",
    PathwayStep.LEARNING_OFFER: "2 · Learning offer",
    PathwayStep.VALIDATION: "3 · Validation",
    PathwayStep.GENERAL: "General",
}
_STATUS = {SessionStatus.PLANNED: "CONFIRMED", SessionStatus.HELD: "CONFIRMED", SessionStatus.CANCELLED: "CANCELLED"}


@dataclass(frozen=True)
class _Appointment:
    id: uuid.UUID
    day: date
    start: time | None
    minutes: int
    status: SessionStatus
    kind: SessionKind
    mode: SessionMode
    platform: Platform | None
    location: str | None
    step: PathwayStep
    mentor: str | None
    updated_at: datetime
    mentees: tuple[str, ...]  # "Zoë B.", ordered


class CalendarExportService(SealedExports):
    def __init__(self, sessions: SessionFactory, access: Access | None = None,
                 key: KeySource = no_key) -> None:
        super().__init__(key)
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def export_planned(self, path: Path | str, worker_id: uuid.UUID | None = None,
                       ids: Sequence[uuid.UUID] | None = None, today: date | None = None,
                       actor_id: uuid.UUID | None = None) -> int:
        """Write planned sessions from `today` on (or exactly the sessions of `ids` that still exist,
        whatever their date and status: a cancelled one is marked cancelled), only `worker_id`'s
        when given; returns the number of events written.

        Raises DomainError with one sentence when the file cannot be written; then nothing is audited.
        """
        try:
            from icalendar import Calendar  # here, not at the top: only this export needs it, start-up does not
        except ImportError:
            raise DomainError("Calendar export needs the icalendar package: reinstall MentorDesk.") from None
        target = Path(path)
        stamp = datetime.now(UTC).replace(microsecond=0)
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            appointments = _appointments(session, worker_id, ids, today or date.today(), session_scope(self._access))
            calendar = Calendar()
            calendar.add("prodid", PRODID)
            calendar.add("version", "2.0")
            calendar.add("calscale", "GREGORIAN")
            calendar.add("x-wr-calname", "MentorDesk sessions")
            for appointment in appointments:
                calendar.add_component(_event(appointment, stamp))
                audit.record(session, action=AuditAction.EXPORT, entity=ENTITY, entity_id=appointment.id,
                             fields=EXPORTED_FIELDS, actor_id=actor_id)
            # As with the CSV exports: the trail is written before the file appears.
            session.flush()
            with exported_file(target, encoding="utf-8", newline="", key=self._key()) as handle:
                handle.write(calendar.to_ical().decode("utf-8"))  # already CRLF, as RFC 5545 wants
            return len(appointments)


def _chunks(items: Sequence[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _appointments(session: Session, worker_id: uuid.UUID | None, ids: Sequence[uuid.UUID] | None,
                  today: date, reachable: ColumnElement[bool]) -> list[_Appointment]:
    scope: list[ColumnElement[bool]] = [reachable]
    if worker_id is not None:
        scope.append(MentoringSession.mentor_id == worker_id)
    statement = (
        select(MentoringSession.id, MentoringSession.session_date, MentoringSession.start_time,
               MentoringSession.duration_minutes, MentoringSession.status, MentoringSession.kind,
               MentoringSession.mode, MentoringSession.platform, MentoringSession.location, MentoringSession.step,
               Worker.full_name, MentoringSession.updated_at)
        .outerjoin(Worker, Worker.id == MentoringSession.mentor_id)
    )
    if ids is None:
        planned = [MentoringSession.status == SessionStatus.PLANNED, MentoringSession.session_date >= today]
        rows = list(session.execute(statement.where(*planned, *scope)))
    else:
        rows = []
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows.extend(session.execute(statement.where(MentoringSession.id.in_(chunk), *scope)))
    names = _mentee_names(session, [row[0] for row in rows])
    appointments = [_Appointment(*row[:-2], mentor=row[-2], updated_at=row[-1], mentees=tuple(names[row[0]]))
                    for row in rows]
    # By date and time (all-day first on its day), whatever order the ids came in.
    return sorted(appointments, key=lambda a: (a.day, a.start is not None, a.start or time(), str(a.id)))


def _mentee_names(session: Session, session_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    names: dict[uuid.UUID, list[str]] = defaultdict(list)
    for chunk in _chunks(session_ids):
        for session_id, first, preferred, last in session.execute(
            select(SessionAttendance.session_id, Mentee.first_name, Mentee.preferred_name, Mentee.last_name)
            .join(Mentee, Mentee.id == SessionAttendance.mentee_id)
            .where(SessionAttendance.session_id.in_(chunk))
            .order_by(Mentee.sort_name, Mentee.reference_code)
        ):
            names[session_id].append(short_name(preferred or first, last))
    return names


def short_name(first: str, last: str) -> str:
    """First name and last initial, "Zoë B.": enough for the mentor, little for a cloud service."""
    initial = next((char for char in last if char.isalpha()), "")
    return f"{first.strip()} {initial.upper()}." if initial else first.strip()


def _summary(appointment: _Appointment) -> str:
    if appointment.kind is SessionKind.GROUP:
        return f"Group mentoring ({len(appointment.mentees)})"
    return f"Mentoring: {', '.join(appointment.mentees)}" if appointment.mentees else "Mentoring"


def _where(appointment: _Appointment) -> str:
    if appointment.location:
        return appointment.location
    if appointment.platform is not None:
        return _PLATFORM_TEXT[appointment.platform]
    return _MODE_TEXT[appointment.mode]


def _description(appointment: _Appointment) -> str:
    mode = _MODE_TEXT[appointment.mode]
    if appointment.platform is not None:
        mode = f"{mode} ({_PLATFORM_TEXT[appointment.platform]})"
    lines = [mode, f"Pathway step: {_STEP_TEXT[appointment.step]}", f"Duration: {appointment.minutes} minutes"]
    if appointment.mentor:
        lines.append(f"Mentor: {appointment.mentor}")
    return "\n".join(lines)


def _event(appointment: _Appointment, stamp: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{appointment.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("last-modified", appointment.updated_at.astimezone(UTC).replace(microsecond=0))
    if appointment.start is None:
        event.add("dtstart", appointment.day)
        event.add("dtend", appointment.day + timedelta(days=1))  # DTEND of an all-day event is exclusive
    else:
        start = datetime.combine(appointment.day, appointment.start)  # naive: a floating local time
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=appointment.minutes))
    event.add("summary", _summary(appointment))
    event.add("location", _where(appointment))
    event.add("description", _description(appointment))
    event.add("status", _STATUS[appointment.status])
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    return event
