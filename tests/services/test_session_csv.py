"""CSV export of sessions: one row per session, in a stated order, safe for spreadsheets, audited, whole or nothing."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, time
from pathlib import Path

import pytest
from row_builder import RowBuilder
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mentordesk.db.models import AuditEvent
from mentordesk.enums import (
    Attendance,
    AuditAction,
    PathwayStep,
    Platform,
    SessionKind,
    SessionMode,
    SessionStatus,
)
from mentordesk.services import session_csv
from mentordesk.services.audit import verify_chain
from mentordesk.services.errors import DomainError
from mentordesk.services.session_csv import COLUMNS, SessionCsvService


@pytest.fixture
def build(session_factory: sessionmaker[Session]) -> RowBuilder:
    return RowBuilder(session_factory)


@pytest.fixture
def service(session_factory: sessionmaker[Session]) -> SessionCsvService:
    return SessionCsvService(session_factory)


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def export_events(session_factory: sessionmaker[Session]) -> list[AuditEvent]:
    with session_factory() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
                                    .order_by(AuditEvent.seq)))


def test_every_column_of_a_one_to_one_and_a_group_session(build: RowBuilder, service: SessionCsvService,
                                                          tmp_path: Path) -> None:
    zoe, jan, ana = build.mentee("Zoë", "Nowak"), build.mentee("Jan", "Novák"), build.mentee("Ana", "Horvat")
    mentor, programme = build.worker("Łukasz Wiśniewski"), build.programme("Upskilling Pathways 2026")
    build.session(date(2026, 5, 4), time(14, 30), attendees={zoe: Attendance.ATTENDED}, duration_minutes=45,
                  status=SessionStatus.HELD, mode=SessionMode.VIDEO_CALL, platform=Platform.ZOOM,
                  step=PathwayStep.ASSESSMENT, topics=["CV", "housing"], mentor_id=mentor, programme_id=programme,
                  engagement=4, notes="Went well, agreed to meet again.", follow_ups=(False, True, False))
    build.session(date(2026, 5, 5), None, kind=SessionKind.GROUP, status=SessionStatus.PLANNED, location="Café Mañana",
                  attendees={ana: Attendance.EXPECTED, jan: Attendance.NO_SHOW, zoe: Attendance.CANCELLED})
    target = tmp_path / "sessions.csv"

    assert service.export(target) == 2

    assert target.read_bytes().startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n")
    one, group = read_rows(target)
    assert one == {
        "date": "2026-05-04", "start_time": "14:30", "duration_minutes": "45", "status": "held",
        "kind": "one_to_one", "mode": "video_call", "platform": "zoom", "location": "", "pathway_step": "assessment",
        "topics": "CV; housing", "mentor": "Łukasz Wiśniewski", "programme": "Upskilling Pathways 2026",
        "mentees": "MD-0001 Zoë Nowak (attended)", "engagement": "4", "notes": "Went well, agreed to meet again.",
        "open_follow_ups": "2",
    }
    assert group == {
        "date": "2026-05-05", "start_time": "", "duration_minutes": "60", "status": "planned", "kind": "group",
        "mode": "in_person", "platform": "", "location": "Café Mañana", "pathway_step": "general", "topics": "",
        "mentor": "", "programme": "",
        "mentees": "MD-0001 Zoë Nowak (cancelled); MD-0002 Jan Novák (no_show); MD-0003 Ana Horvat (expected)",
        "engagement": "", "notes": "", "open_follow_ups": "0",
    }


def test_sessions_come_by_date_then_time_or_in_the_order_of_ids(build: RowBuilder, service: SessionCsvService,
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_csv, "_CHUNK", 2)  # several chunks, so their order is checked too
    late = build.session(date(2026, 6, 2), time(16, 0), notes="late")
    untimed = build.session(date(2026, 6, 2), None, notes="untimed")
    early = build.session(date(2026, 6, 2), time(9, 15), notes="early")
    first = build.session(date(2026, 6, 1), time(18, 0), notes="first")
    last = build.session(date(2026, 6, 3), time(8, 0), notes="last")
    target = tmp_path / "sessions.csv"

    assert service.export(target) == 5
    assert [row["notes"] for row in read_rows(target)] == ["first", "untimed", "early", "late", "last"]

    gone = uuid.uuid4()
    assert service.export(target, ids=[last, early, gone, late, early, first, untimed]) == 5
    assert [row["notes"] for row in read_rows(target)] == ["last", "early", "late", "first", "untimed"]
    assert service.export(target, ids=[]) == 0
    assert target.read_bytes() == b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n"


def test_formulas_are_neutralised_and_cells_quoted_as_rfc_4180(build: RowBuilder, service: SessionCsvService,
                                                               tmp_path: Path) -> None:
    mentee = build.mentee("=HYPERLINK(\"http://x\")", "-1")
    build.session(date(2026, 6, 1), time(10, 0), attendees={mentee: Attendance.ATTENDED}, location="+49 30 123",
                  topics=["@home", "jobs"], notes='=1+1\nsecond line, with "quotes"', mentor_id=build.worker("-Ann"))
    target = tmp_path / "sessions.csv"

    service.export(target)

    raw = target.read_bytes()
    assert b'"\'=1+1\nsecond line, with ""quotes"""' in raw  # quoted; the line break inside kept as it is
    (row,) = read_rows(target)
    assert (row["location"], row["topics"], row["mentor"], row["notes"]) == (
        "'+49 30 123", "'@home; jobs", "'-Ann", "'=1+1\nsecond line, with \"quotes\"")
    assert row["mentees"] == 'MD-0001 =HYPERLINK("http://x") -1 (attended)'  # starts with the code: harmless
    for value in row.values():
        assert not value or value[0] not in "=+-@\t\r", value


def test_one_audit_event_per_session_before_the_file_and_none_when_it_fails(
        build: RowBuilder, service: SessionCsvService, session_factory: sessionmaker[Session], tmp_path: Path) -> None:
    actor = build.worker("Coordinator")
    ids = [build.session(date(2026, 6, day), time(10, 0)) for day in (1, 2, 3)]
    folder = tmp_path / "out"
    (folder / "taken.csv").mkdir(parents=True)

    with pytest.raises(DomainError, match="^Cannot write .*taken.csv"):
        service.export(folder / "taken.csv")  # a folder cannot be replaced by a file
    with pytest.raises(DomainError) as missing:
        service.export(folder / "missing" / "x.csv")
    assert str(missing.value) == f"The folder {folder / 'missing'} does not exist."
    assert [path.name for path in folder.iterdir()] == ["taken.csv"], "no temporary file is left behind"
    assert export_events(session_factory) == []

    assert service.export(folder / "x.csv", ids=[ids[2], ids[0]], actor_id=actor) == 2
    events = export_events(session_factory)
    assert [(event.entity, event.entity_id, event.actor_id) for event in events] == [
        ("mentoring_session", ids[2], actor), ("mentoring_session", ids[0], actor)]
    assert all(event.fields == sorted(COLUMNS) for event in events)
    with session_factory() as session:
        assert verify_chain(session) is None


def test_a_folder_it_may_not_write_in_is_one_sentence(build: RowBuilder, service: SessionCsvService, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      session_factory: sessionmaker[Session]) -> None:
    from mentordesk.services import csv_files

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    build.session(date(2026, 6, 1))
    monkeypatch.setattr(csv_files, "atomic_write", refuse)  # root ignores folder modes, so refuse like the OS
    with pytest.raises(DomainError) as refused:
        service.export(tmp_path / "x.csv")
    assert str(refused.value) == f"MentorDesk is not allowed to write in {tmp_path}."
    assert export_events(session_factory) == []
