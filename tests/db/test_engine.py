"""Every SQLite connection is configured as DESIGN.md says, and the database enforces its rules."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from mentordesk.db.models import ConsentRecord, Mentee, MentoringSession, Organisation, SessionAttendance
from mentordesk.enums import ConsentAction, ConsentGiver, ConsentMethod, ConsentPurpose, SessionMode


def test_every_connection_gets_the_pragmas(engine) -> None:
    for _ in range(2):  # a second connection from the pool is configured too
        with engine.connect() as connection:
            settings = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout", "secure_delete")
            }
        assert settings == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2,
                            "busy_timeout": 5000, "secure_delete": 1}
        engine.dispose()


def _mentee(code: str = "MD-0001") -> Mentee:
    return Mentee(reference_code=code, first_name="Łucja", last_name="Ørsted", birth_date=date(2008, 3, 1))


def test_session_for_unknown_mentee_is_refused(session_factory) -> None:
    with pytest.raises(IntegrityError), session_factory.begin() as session:
        held = MentoringSession(session_date=date(2026, 1, 5), duration_minutes=45, mode=SessionMode.PHONE)
        session.add(held)
        session.flush()
        session.add(SessionAttendance(session_id=held.id, mentee_id=uuid.uuid4()))


def test_duration_outside_range_is_refused(session_factory) -> None:
    with pytest.raises(IntegrityError), session_factory.begin() as session:
        session.add(MentoringSession(session_date=date(2026, 1, 5), duration_minutes=721, mode=SessionMode.CHAT))


def test_unknown_enum_value_is_refused(session_factory) -> None:
    with pytest.raises(StatementError), session_factory.begin() as session:
        session.execute(
            MentoringSession.__table__.insert().values(
                id=uuid.uuid4(), session_date=date(2026, 1, 5), duration_minutes=30, mode="telepathy",
                created_at=datetime.now(UTC), updated_at=datetime.now(UTC),
            )
        )


def test_only_one_organisation_row(session_factory) -> None:
    with session_factory.begin() as session:
        session.add(Organisation(name="First"))
    with pytest.raises(IntegrityError), session_factory.begin() as session:
        session.add(Organisation(name="Second"))


def test_consent_history_is_append_only(session_factory) -> None:
    with session_factory.begin() as session:
        mentee = _mentee()
        session.add(mentee)
        session.flush()
        session.add(ConsentRecord(mentee_id=mentee.id, purpose=ConsentPurpose.PROCESSING,
                                  action=ConsentAction.GIVEN, method=ConsentMethod.PAPER_FORM,
                                  notice_version="2026-01", effective_on=date(2026, 1, 5)))
    with pytest.raises(Exception, match="append-only"), session_factory.begin() as session:
        session.execute(text("UPDATE consent_record SET notice_version = 'forged'"))


def test_guardian_consent_names_the_guardian(session_factory) -> None:
    with session_factory.begin() as session:
        mentee = _mentee()
        session.add(mentee)
    with pytest.raises(IntegrityError), session_factory.begin() as session:
        session.add(ConsentRecord(mentee_id=mentee.id, purpose=ConsentPurpose.PROCESSING,
                                  action=ConsentAction.GIVEN, given_by=ConsentGiver.GUARDIAN,
                                  method=ConsentMethod.PAPER_FORM, notice_version="2026-01",
                                  effective_on=date(2026, 1, 5)))


def test_deleting_a_mentee_cascades_to_their_records(session_factory) -> None:
    with session_factory.begin() as session:
        mentee = _mentee()
        held = MentoringSession(session_date=date(2026, 1, 5), duration_minutes=45, mode=SessionMode.IN_PERSON)
        session.add_all([mentee, held])
        session.flush()
        session.add(SessionAttendance(session_id=held.id, mentee_id=mentee.id))
    with session_factory.begin() as session:
        session.delete(session.get(Mentee, mentee.id))
    with session_factory() as session:
        assert session.scalars(select(SessionAttendance)).all() == []


def test_timestamps_are_utc_and_naive_datetimes_are_refused(session_factory) -> None:
    with session_factory.begin() as session:
        mentee = _mentee()
        session.add(mentee)
    with session_factory() as session:
        stored = session.get(Mentee, mentee.id)
        assert stored is not None and stored.created_at.tzinfo is UTC
    with pytest.raises(StatementError, match="naive datetime"), session_factory.begin() as session:
        session.add(ConsentRecord(mentee_id=mentee.id, purpose=ConsentPurpose.PHOTOS, action=ConsentAction.GIVEN,
                                  method=ConsentMethod.VERBAL, notice_version="1", effective_on=date(2026, 1, 1),
                                  recorded_at=datetime(2026, 1, 1, 12, 0)))
