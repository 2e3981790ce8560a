"""The demo-data generator: every table filled, deterministic, consistent, all-or-nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from mentordesk.db.base import Base
from mentordesk.db.models import (
    Certificate,
    ConsentRecord,
    Mentee,
    MenteeStatusChange,
    MentoringSession,
    Organisation,
    SessionAttendance,
    Worker,
)
from mentordesk.enums import Attendance, ConsentGiver, ConsentPurpose, SessionKind, SessionStatus
from mentordesk.services.demo import DemoService, DemoSummary
from mentordesk.services.errors import DomainError, OperationCancelled, ValidationError
from mentordesk.services.progress import Progress
from mentordesk.services.search_text import search_text_for

TODAY = date(2026, 3, 15)
MENTEES = 30
# Tables the generator leaves empty on purpose: the audit hash chain belongs to the audit
# service, and evidence rows must point at real files in the data folder.
LEFT_EMPTY = {"audit_event", "evidence_file"}


def _fresh_database(template: Path, target: Path) -> tuple[Engine, sessionmaker[Session]]:
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.db.migrate import backup_sqlite

    backup_sqlite(template, target)
    engine = make_engine(f"sqlite:///{target}")
    return engine, make_session_factory(engine)


@pytest.fixture(scope="module")
def loaded(template_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[Engine, DemoSummary]]:
    """One small load shared by the read-only checks below (keeps the module fast)."""
    engine, sessions = _fresh_database(template_database, tmp_path_factory.mktemp("demo") / "demo.db")
    summary = DemoService(sessions).generate(mentees=MENTEES, seed=7, today=TODAY)
    yield engine, summary
    engine.dispose()


def _count(connection, table) -> int:
    return connection.scalar(select(func.count()).select_from(table))


def test_small_load_fills_every_table_of_the_domain(loaded) -> None:
    engine, summary = loaded
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    assert LEFT_EMPTY <= tables.keys(), "a table left empty on purpose was renamed"
    with engine.connect() as connection:
        empty = [name for name, table in tables.items() if name not in LEFT_EMPTY and not _count(connection, table)]
        assert empty == []
        assert summary.mentees == MENTEES == _count(connection, Mentee.__table__)
        assert summary.sessions == _count(connection, MentoringSession.__table__)
        assert summary.attendances == _count(connection, SessionAttendance.__table__)
    assert summary.workers >= 4  # at least three mentors and a coordinator
    assert summary.programmes >= 2
    assert 10 * MENTEES <= summary.sessions <= 30 * MENTEES
    assert summary.seconds > 0


def test_database_stays_sound(loaded) -> None:
    engine, _ = loaded
    with engine.connect() as connection:
        assert list(connection.exec_driver_sql("PRAGMA foreign_key_check")) == []
        assert [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")] == ["ok"]


def test_status_equals_the_latest_status_change(loaded) -> None:
    engine, _ = loaded
    with Session(engine) as session:
        history: dict = {}
        for change in session.scalars(
            select(MenteeStatusChange).order_by(MenteeStatusChange.changed_on, MenteeStatusChange.created_at)
        ):
            history.setdefault(change.mentee_id, []).append(change)
        mentees = session.scalars(select(Mentee)).all()
    assert len(history) == len(mentees)
    for mentee in mentees:
        changes = history[mentee.id]
        assert changes[-1].status is mentee.status
        assert changes[0].previous_status is None
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.previous_status is before.status


def test_names_carry_diacritics_and_search_text_is_folded(loaded) -> None:
    engine, _ = loaded
    with Session(engine) as session:
        mentees = session.scalars(select(Mentee).order_by(Mentee.reference_code)).all()
    names = [f"{mentee.first_name} {mentee.last_name}" for mentee in mentees]
    assert any(not name.isascii() for name in names)
    assert [mentee.reference_code for mentee in mentees] == [f"MD-{n:04d}" for n in range(1, MENTEES + 1)]
    for mentee in mentees:
        assert mentee.search_text == search_text_for(mentee.first_name, mentee.last_name, mentee.reference_code)


def test_group_sessions_have_several_attendees_and_one_to_one_exactly_one(loaded) -> None:
    engine, _ = loaded
    query = (
        select(MentoringSession.kind, func.count(SessionAttendance.mentee_id))
        .join(SessionAttendance, SessionAttendance.session_id == MentoringSession.id)
        .group_by(MentoringSession.id)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
        total = _count(connection, MentoringSession.__table__)
    assert len(rows) == total  # every session has attendance
    kinds = {kind for kind, _ in rows}
    assert kinds == {SessionKind.ONE_TO_ONE, SessionKind.GROUP}
    for kind, attendees in rows:
        assert attendees == 1 if kind is SessionKind.ONE_TO_ONE else attendees >= 2


def test_planned_sessions_are_in_the_future_and_held_ones_are_not(loaded) -> None:
    engine, _ = loaded
    with engine.connect() as connection:
        rows = connection.execute(
            select(MentoringSession.status, MentoringSession.session_date, SessionAttendance.attendance)
            .join(SessionAttendance, SessionAttendance.session_id == MentoringSession.id)
        ).all()
    statuses = {status for status, _, _ in rows}
    assert {SessionStatus.PLANNED, SessionStatus.HELD} <= statuses
    for status, day, attendance in rows:
        if status is SessionStatus.PLANNED:
            assert day > TODAY and attendance is Attendance.EXPECTED
        else:
            assert day <= TODAY and attendance is not Attendance.EXPECTED


def test_under_sixteens_consent_through_a_named_guardian(loaded) -> None:
    engine, _ = loaded
    with Session(engine) as session:
        records = session.execute(
            select(Mentee.birth_date, ConsentRecord).join(ConsentRecord, ConsentRecord.mentee_id == Mentee.id)
        ).all()
    young = 0
    for birth, record in records:
        if birth is None:
            continue
        on = record.effective_on
        age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
        if age < 16:
            young += 1
            assert record.given_by is ConsentGiver.GUARDIAN
            assert record.guardian_name and record.guardian_relationship
        else:
            assert record.given_by is ConsentGiver.SELF
    assert young, "the sample should contain someone under 16"
    purposes = {record.purpose for _, record in records}
    assert purposes == set(ConsentPurpose)


def test_certificates_hash_their_payload(loaded) -> None:
    engine, _ = loaded
    with Session(engine) as session:
        certificates = session.scalars(select(Certificate)).all()
    assert certificates
    for certificate in certificates:
        assert certificate.payload is not None
        assert hashlib.sha256(certificate.payload.encode()).hexdigest() == certificate.payload_sha256
        facts = json.loads(certificate.payload)
        assert facts["serial"] == certificate.serial
        assert certificate.serial.startswith(f"DEMO-{certificate.issued_on.year}-")
        assert len(certificate.key_fingerprint) == 64


def test_same_seed_and_day_give_the_same_data_and_another_seed_does_not(
    template_database: Path, tmp_path: Path
) -> None:
    def load(name: str, seed: int) -> tuple[list[tuple[str, str, str]], int]:
        engine, sessions = _fresh_database(template_database, tmp_path / name)
        try:
            DemoService(sessions).generate(mentees=12, seed=seed, today=TODAY)
            with engine.connect() as connection:
                names = connection.execute(
                    select(Mentee.reference_code, Mentee.first_name, Mentee.last_name).order_by(Mentee.reference_code)
                ).all()
                return [tuple(row) for row in names], _count(connection, MentoringSession.__table__)
        finally:
            engine.dispose()

    first = load("a.db", seed=3)
    assert load("b.db", seed=3) == first
    assert load("c.db", seed=4)[0] != first[0]


def test_a_second_load_is_refused(session_factory) -> None:
    service = DemoService(session_factory)
    service.generate(mentees=5, today=TODAY)
    with pytest.raises(DomainError, match="already holds 5 mentees"):
        service.generate(mentees=5, today=TODAY)


@pytest.mark.parametrize("count", [0, -3, 100_001, 2.5, True, "10"])
def test_invalid_counts_are_rejected(session_factory, count) -> None:
    with pytest.raises(ValidationError) as refused:
        DemoService(session_factory).generate(mentees=count)
    assert "whole number from 1 to 100,000" in refused.value.errors["mentees"]


def test_cancelling_straight_away_saves_nothing(session_factory) -> None:
    with pytest.raises(OperationCancelled):
        DemoService(session_factory).generate(mentees=10, today=TODAY, progress=Progress(cancelled=lambda: True))
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Mentee)) == 0
        assert session.scalar(select(func.count()).select_from(Worker)) == 0


def test_cancelling_midway_rolls_back_rows_already_written(session_factory) -> None:
    reports: list[int] = []

    def cancelled() -> bool:
        return bool(reports) and reports[-1] > 5  # once the mentees have been sent to the database

    progress = Progress(report=lambda done, total, message: reports.append(done), cancelled=cancelled)
    with pytest.raises(OperationCancelled):
        DemoService(session_factory).generate(mentees=10, today=TODAY, progress=progress)
    assert reports[-1] > 5
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Mentee)) == 0
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_progress_reaches_the_end(session_factory) -> None:
    reports: list[tuple[int, int]] = []
    DemoService(session_factory).generate(
        mentees=5, today=TODAY, progress=Progress(report=lambda done, total, _: reports.append((done, total)))
    )
    assert reports[-1] == (100, 100)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


def test_an_organisation_set_up_earlier_is_reused(session_factory) -> None:
    from mentordesk.services.setup import SetupService

    setup = SetupService(session_factory).complete("Jugendzentrum Süd", "Zoë Kowalczyk", "Wege 2026",
                                                   today=date(2026, 1, 5))
    summary = DemoService(session_factory).generate(mentees=20, today=TODAY)
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 1
        workers = session.scalar(select(func.count()).select_from(Worker))
        assert workers == summary.workers + 1
        assert session.get(Worker, setup.worker_id) is not None
        serials = session.scalars(select(Certificate.serial)).all()
        # The setup's organisation keeps its own prefixes.
        assert all(serial.startswith("MD-") for serial in serials)
        assert session.execute(text("SELECT count(*) FROM programme")).scalar() == summary.programmes + 1
