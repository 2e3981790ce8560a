"""Planned sessions as .ics: parsed back with icalendar; stable UIDs, floating times, little personal data."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from pathlib import Path

import pytest
from icalendar import Calendar
from row_builder import RowBuilder
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mentordesk.db.models import AuditEvent, MentoringSession
from mentordesk.enums import (
    Attendance,
    AuditAction,
    PathwayStep,
    Platform,
    SessionKind,
    SessionMode,
    SessionStatus,
)
from mentordesk.services.calendar_export import EXPORTED_FIELDS, CalendarExportService, short_name
from mentordesk.services.errors import DomainError

TODAY = date(2026, 6, 10)
NOTES = "Talked about her debts and the court date"


class Build(RowBuilder):
    """Sessions planned for 10:00 by default, with notes and topics the calendar must leave out."""

    def session(self, day: date, start: time | None = time(10, 0), *, mentees: tuple[uuid.UUID, ...] = (),
                **values: object) -> uuid.UUID:
        values = {"status": SessionStatus.PLANNED, "notes": NOTES, "topics": ["debts", "court"], **values}
        return super().session(day, start, attendees=dict.fromkeys(mentees, Attendance.EXPECTED), **values)


@pytest.fixture
def build(session_factory: sessionmaker[Session]) -> Build:
    return Build(session_factory)


@pytest.fixture
def service(session_factory: sessionmaker[Session]) -> CalendarExportService:
    return CalendarExportService(session_factory)


def events(path: Path) -> dict[str, dict[str, object]]:
    """Each VEVENT's properties by UID, values decoded as icalendar reads them (text as str on 6.0 too)."""
    calendar = Calendar.from_ical(path.read_bytes())

    def value(decoded: object) -> object:
        return decoded.decode("utf-8") if isinstance(decoded, bytes) else decoded

    return {str(event["uid"]): {name.lower(): value(event.decoded(name)) for name in event}
            for event in calendar.walk("VEVENT")}


def uid(session_id: uuid.UUID) -> str:
    return f"{session_id}@mentordesk"


def test_planned_sessions_from_today_with_their_fields(build: Build, service: CalendarExportService,
                                                       tmp_path: Path) -> None:
    zoe = build.mentee("Zofia", "Bąk", preferred="Zoë")
    group = (build.mentee("Jan", "Novák"), build.mentee("Ana", "Horvat"), zoe)
    mentor = build.worker("Łukasz Wiśniewski")
    timed = build.session(TODAY, time(14, 30), mentees=(zoe,), duration_minutes=45, mode=SessionMode.VIDEO_CALL,
                          platform=Platform.ZOOM, step=PathwayStep.ASSESSMENT, mentor_id=mentor)
    all_day = build.session(date(2026, 7, 1), None, mentees=group, kind=SessionKind.GROUP, location="Youth centre",
                            step=PathwayStep.VALIDATION)
    phone = build.session(date(2026, 7, 2), time(9, 0), mode=SessionMode.PHONE)
    build.session(date(2026, 6, 9), mentees=(zoe,))  # planned, but yesterday
    build.session(date(2026, 6, 20), status=SessionStatus.HELD)  # not planned
    build.session(date(2026, 6, 21), status=SessionStatus.CANCELLED)
    target = tmp_path / "sessions.ics"

    assert service.export_planned(target, today=TODAY) == 3

    calendar = Calendar.from_ical(target.read_bytes())
    assert (str(calendar["prodid"]), str(calendar["version"])) == ("-//MentorDesk//EN", "2.0")
    found = events(target)
    assert set(found) == {uid(timed), uid(all_day), uid(phone)}
    one = found[uid(timed)]
    assert (one["dtstart"], one["dtend"]) == (datetime(2026, 6, 10, 14, 30), datetime(2026, 6, 10, 15, 15))
    assert one["summary"] == "Mentoring: Zoë B."
    assert one["location"] == "Zoom"
    assert one["description"] == "Video call (Zoom)\nPathway step: 1 · Assessment\nDuration: 45 minutes\n" \
                                 "Mentor: Łukasz Wiśniewski"
    assert (one["status"], one["class"]) == ("CONFIRMED", "PRIVATE")
    assert isinstance(one["dtstamp"], datetime) and one["dtstamp"].utcoffset() is not None
    assert b"DTSTART:20260610T143000\r\n" in target.read_bytes(), "a floating local time: no Z, no TZID"
    day = found[uid(all_day)]
    assert (day["dtstart"], day["dtend"]) == (date(2026, 7, 1), date(2026, 7, 2))
    assert not isinstance(day["dtstart"], datetime)
    assert (day["summary"], day["location"]) == ("Group mentoring (3)", "Youth centre")
    assert "3 · Validation" in str(day["description"])
    assert (found[uid(phone)]["summary"], found[uid(phone)]["location"]) == ("Mentoring", "Phone")


def test_no_notes_topics_surnames_or_codes_reach_the_file(build: Build, service: CalendarExportService,
                                                          tmp_path: Path) -> None:
    zoe = build.mentee("Zoë", "Bąkowska")
    build.session(TODAY, mentees=(zoe,), topics=["housing benefit"], notes=NOTES)
    build.session(TODAY, None, mentees=(zoe, build.mentee("Jan", "Novák")), kind=SessionKind.GROUP)
    target = tmp_path / "sessions.ics"

    assert service.export_planned(target, today=TODAY) == 2

    # Every property's decoded value (long lines are folded in the file) and the raw text itself.
    text = " ".join(str(value) for event in events(target).values() for value in event.values())
    text += target.read_bytes().decode("utf-8")
    assert "Zoë B." in text
    for secret in ("debts", "court", "housing", "Bąkowska", "Novák", "Jan", "MD-0001", "MD-0002", "ATTENDEE"):
        assert secret not in text, secret


def test_uids_are_stable_so_a_new_import_updates_the_old_events(build: Build, service: CalendarExportService,
                                                                session_factory: sessionmaker[Session],
                                                                tmp_path: Path) -> None:
    moved = build.session(date(2026, 6, 15), time(10, 0))
    build.session(date(2026, 6, 16), time(11, 0))
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    service.export_planned(first, today=TODAY)
    with session_factory.begin() as session:
        session.get(MentoringSession, moved).start_time = time(12, 0)

    service.export_planned(second, today=TODAY)

    before, after = events(first), events(second)
    assert set(before) == set(after) and len(after) == 2
    assert after[uid(moved)]["dtstart"] == datetime(2026, 6, 15, 12, 0)
    assert after[uid(moved)]["last-modified"] >= before[uid(moved)]["last-modified"]


def test_a_mentor_s_sessions_or_exactly_the_given_ones(build: Build, service: CalendarExportService,
                                                       tmp_path: Path) -> None:
    mine, theirs = build.worker("Ana Mentor"), build.worker("Ben Mentor")
    own = build.session(date(2026, 6, 11), mentor_id=mine)
    other = build.session(date(2026, 6, 12), mentor_id=theirs)
    past = build.session(date(2026, 5, 1), mentor_id=mine, status=SessionStatus.HELD)
    called_off = build.session(date(2026, 6, 13), mentor_id=mine, status=SessionStatus.CANCELLED)
    target = tmp_path / "sessions.ics"

    assert service.export_planned(target, worker_id=mine, today=TODAY) == 1
    assert set(events(target)) == {uid(own)}

    assert service.export_planned(target, ids=[called_off, past, uuid.uuid4(), other, past], today=TODAY) == 3
    found = events(target)
    assert set(found) == {uid(past), uid(other), uid(called_off)}
    assert found[uid(called_off)]["status"] == "CANCELLED" and found[uid(past)]["status"] == "CONFIRMED"
    assert service.export_planned(target, worker_id=mine, ids=[other, called_off], today=TODAY) == 1


def test_audited_per_event_and_nothing_recorded_when_the_folder_is_missing(
        build: Build, service: CalendarExportService, session_factory: sessionmaker[Session], tmp_path: Path) -> None:
    actor = build.worker("Coordinator")
    ids = {build.session(date(2026, 6, day)) for day in (11, 12)}

    with pytest.raises(DomainError) as missing:
        service.export_planned(tmp_path / "no" / "x.ics", today=TODAY)
    assert str(missing.value) == f"The folder {tmp_path / 'no'} does not exist."
    (tmp_path / "out" / "taken.ics").mkdir(parents=True)
    with pytest.raises(DomainError, match="^Cannot write .*taken.ics"):
        service.export_planned(tmp_path / "out" / "taken.ics", today=TODAY)  # a folder cannot become a file
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["taken.ics"], "no temporary file is left"

    def exported() -> list[AuditEvent]:
        with session_factory() as session:
            return list(session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)))

    assert exported() == []
    assert service.export_planned(tmp_path / "out" / "x.ics", today=TODAY, actor_id=actor) == 2
    assert {(event.entity, event.entity_id, event.actor_id) for event in exported()} == {
        ("mentoring_session", session_id, actor) for session_id in ids}
    assert all(event.fields == sorted(EXPORTED_FIELDS) for event in exported())


def test_an_empty_calendar_is_still_a_valid_file(service: CalendarExportService, tmp_path: Path) -> None:
    target = tmp_path / "none.ics"
    assert service.export_planned(target, today=TODAY) == 0
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT") == []
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize(("first", "last", "short"), [
    ("Zoë", "Bąk", "Zoë B."), ("Łucja", "żak", "Łucja Ż."), ("Ana ", "'Neill", "Ana N."), ("Jan", "", "Jan"),
])
def test_short_name(first: str, last: str, short: str) -> None:
    assert short_name(first, last) == short
