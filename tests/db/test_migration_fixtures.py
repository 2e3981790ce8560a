"""Migration proof: a database made by each earlier schema revision upgrades to head with its data intact.

The fixtures are SQL text (tests/db/fixtures/schema_<revision>.sql, made by make_fixtures.py), never
binary files. Each is loaded into a new file and upgraded by db/migrate.upgrade_to_head, as the app does
on start; every row must still be there with the same values in the columns it had, the audit chain
must verify, and `mentordesk check` (HealthService) must pass. Revisions are read from the migrations
folder, so a new migration needs nothing here but its fixture.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from mentordesk.db.engine import make_engine, make_session_factory
from mentordesk.db.migrate import alembic_config, head_revision, upgrade_to_head
from mentordesk.db.seed import ensure_builtin_frameworks
from mentordesk.services.audit import verify_chain
from mentordesk.services.health import HealthService

FIXTURES = Path(__file__).parent / "fixtures"
REVISIONS = [r.revision for r in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]
FIXTURE_FILES = sorted(FIXTURES.glob("schema_*.sql"))
# Tables the fixtures must fill, so that "every row is there" covers every kind of record.
EXPECTED_TABLES = {
    "worker", "organisation", "competence_framework", "competence", "proficiency_level", "programme", "mentee",
    "mentee_status_change", "enrolment", "consent_record", "mentoring_session", "session_attendance", "follow_up",
    "case_note", "assessment", "assessment_score", "learning_activity", "activity_competence", "plan_agreement",
    "learning_outcome", "evidence_file", "trusted_key", "certificate", "audit_event",
}


def _revision_of(fixture: Path) -> str:
    return fixture.stem.removeprefix("schema_")


def _contents(database: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Each table's columns and sorted rows (alembic's own bookkeeping left out)."""
    connection = sqlite3.connect(database)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]
        contents = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            contents[table] = (columns, sorted(connection.execute(f"SELECT * FROM {table}"), key=repr))
        return contents
    finally:
        connection.close()


def _rows_in(database: Path, table: str, columns: list[str]) -> list[tuple]:
    connection = sqlite3.connect(database)
    try:
        quoted = ", ".join(f'"{column}"' for column in columns)
        return sorted(connection.execute(f"SELECT {quoted} FROM {table}"), key=repr)
    finally:
        connection.close()


def test_every_revision_before_head_has_a_fixture() -> None:
    have = {_revision_of(fixture) for fixture in FIXTURE_FILES}
    missing = [revision for revision in REVISIONS if revision != head_revision() and revision not in have]
    assert not missing, (f"no fixture for revision(s) {', '.join(missing)}: run "
                         f"PYTHONPATH=. python tests/db/fixtures/make_fixtures.py {' '.join(missing)}")
    assert have <= set(REVISIONS), "a fixture names a revision the migrations folder does not have"


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=_revision_of)
def test_a_database_from_an_earlier_schema_upgrades_with_its_data(fixture: Path, tmp_path: Path) -> None:
    revision = _revision_of(fixture)
    database = tmp_path / "mentordesk.db"
    loader = sqlite3.connect(database)
    loader.executescript(fixture.read_text(encoding="utf-8"))
    loader.close()
    before = _contents(database)
    assert {table for table, (_, rows) in before.items() if rows} >= EXPECTED_TABLES, "the fixture fills every table"

    engine = make_engine(f"sqlite:///{database}")
    try:
        result = upgrade_to_head(engine, tmp_path / "backups")
        assert (result.from_revision, result.to_revision) == (revision, head_revision())
        assert (result.backup is not None) == (revision != head_revision()), "backed up before migrating"
        with make_session_factory(engine).begin() as session:
            ensure_builtin_frameworks(session)  # as opening the data does after migrating

        for table, (columns, rows) in before.items():
            # Opening the data adds the built-in frameworks; nothing that was there may change or go.
            lost = Counter(rows) - Counter(_rows_in(database, table, columns))
            assert not lost, f"{table} lost or changed {sum(lost.values())} row(s) upgrading from {revision}"
        with make_session_factory(engine)() as session:
            assert verify_chain(session) is None, "the audit chain still verifies"
        report = HealthService(engine).check()
        assert report.ok, report.problems
    finally:
        engine.dispose()

