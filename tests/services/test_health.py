from __future__ import annotations

import sqlite3
import uuid
from datetime import date

from sqlalchemy import text

from mentordesk.services.health import HealthService


def test_fresh_database_passes_every_check(engine) -> None:
    report = HealthService(engine).check()
    assert report.ok, report.problems
    assert "file integrity" in report.checks and "schema matches this version" in report.checks


def test_broken_foreign_key_is_reported(engine, paths) -> None:
    # Only a tool outside MentorDesk could do this: write an orphan with enforcement off.
    raw = sqlite3.connect(paths.database_file)
    raw.execute(
        "INSERT INTO case_note (id, mentee_id, written_at, text, created_at, updated_at) "
        "VALUES ('0123456789abcdef0123456789abcdef', 'ffffffffffffffffffffffffffffffff', "
        "'2026-01-01 00:00:00', 'orphan', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
    raw.commit()
    raw.close()
    report = HealthService(engine).check()
    assert not report.ok
    assert any("case_note" in problem and "do not exist" in problem for problem in report.problems)


def test_schema_drift_and_old_revision_are_reported(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_mentee_birth_date"))
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    problems = " ".join(HealthService(engine).check().problems)
    assert "revision 0000" in problems
    assert "differs from this version's models" in problems


def test_status_disagreeing_with_history_is_reported(session_factory, engine) -> None:
    from mentordesk.db.models import Mentee, MenteeStatusChange
    from mentordesk.enums import MenteeStatus

    with session_factory.begin() as session:
        mentee = Mentee(reference_code="MD-0001", first_name="A", last_name="B", status=MenteeStatus.ACTIVE)
        session.add(mentee)
        session.flush()
        session.add(MenteeStatusChange(mentee_id=mentee.id, status=MenteeStatus.ON_HOLD,
                                       changed_on=date(2026, 2, 1)))
    report = HealthService(engine).check()
    assert report.problems == ("1 mentee(s) have a status that disagrees with their status history.",)


def _trail(engine, events: int) -> None:
    from mentordesk.db.engine import make_session_factory
    from mentordesk.enums import AuditAction
    from mentordesk.services.audit import record

    sessions = make_session_factory(engine)
    for _ in range(events):
        with sessions.begin() as session:
            record(session, action=AuditAction.UPDATE, entity="mentee", entity_id=uuid.uuid4(), fields=["notes"])


def test_an_intact_audit_trail_passes(engine) -> None:
    _trail(engine, 3)
    report = HealthService(engine).check()
    assert "audit trail" in report.checks
    assert report.ok, report.problems


def test_an_edited_audit_event_is_named_with_its_seq_and_time(engine) -> None:
    _trail(engine, 5)
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET occurred_at = '2026-11-03 14:02:09.000000' WHERE seq = 3"))
        connection.execute(text("UPDATE audit_event SET fields = '[\"email\"]' WHERE seq = 4"))
    problems = HealthService(engine).check().problems
    assert problems == ("The audit trail is broken at event 3 (recorded 2026-11-03 14:02 UTC): "
                        "it was changed or removed after it was written.",)


def test_a_removed_audit_event_is_named(engine) -> None:
    _trail(engine, 5)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE seq = 2"))
        before = connection.execute(text("SELECT occurred_at FROM audit_event WHERE seq = 1")).scalar()
    (problem,) = HealthService(engine).check().problems
    assert problem.startswith(f"The audit trail is broken at event 2 (no longer there; the event before it was "
                              f"recorded {before[:16]} UTC)")
