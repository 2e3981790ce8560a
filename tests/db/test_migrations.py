"""Migrations: an empty database reaches head, models and migrations agree, files are backed up first."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from mentordesk.db.base import Base
from mentordesk.db.engine import make_engine
from mentordesk.db.migrate import alembic_config, current_revision, head_revision, upgrade_to_head


def test_single_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1


def test_empty_database_upgrades_to_head(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    result = upgrade_to_head(engine, tmp_path / "backups")
    assert result.from_revision is None
    assert current_revision(engine) == head_revision()
    assert result.backup is None, "a new, empty database has nothing to back up"
    engine.dispose()


def test_autogenerate_finds_no_difference(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    upgrade_to_head(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_upgrade_at_head_does_nothing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.db'}")
    upgrade_to_head(engine, tmp_path / "backups")
    again = upgrade_to_head(engine, tmp_path / "backups")
    assert not again.migrated and again.backup is None
    assert not (tmp_path / "backups").exists()
    engine.dispose()


def test_existing_file_is_backed_up_before_migrating(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    with sqlite3.connect(database) as connection:  # a file with data that is not at head
        connection.execute("CREATE TABLE notes_from_an_older_version (text TEXT)")
        connection.execute("INSERT INTO notes_from_an_older_version VALUES ('keep me')")
    connection.close()
    engine = make_engine(f"sqlite:///{database}")
    result = upgrade_to_head(engine, tmp_path / "backups")
    engine.dispose()

    assert result.backup is not None and result.backup.parent == tmp_path / "backups"
    backup = sqlite3.connect(result.backup)
    assert backup.execute("SELECT text FROM notes_from_an_older_version").fetchall() == [("keep me",)]
    assert backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    backup.close()


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    from alembic import command

    engine = make_engine(f"sqlite:///{tmp_path / 'db.db'}")
    upgrade_to_head(engine)
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert current_revision(engine) is None
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_database_from_the_first_schema_upgrades_with_its_data(tmp_path: Path, schema_0001_database: Path) -> None:
    """tests/db/fixtures/schema_0001.sql: a database written by revision 0001, every table filled."""
    database = tmp_path / "old.db"
    shutil.copyfile(schema_0001_database, database)
    before = _counts(database)
    engine = make_engine(f"sqlite:///{database}")
    result = upgrade_to_head(engine, tmp_path / "backups")
    engine.dispose()

    assert result.from_revision == "0001" and result.to_revision == head_revision()
    assert result.backup is not None and _counts(result.backup) == before
    assert _counts(database) == before
    check = sqlite3.connect(database)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    check.close()


def _counts(database: Path) -> dict[str, int]:
    connection = sqlite3.connect(database)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
    finally:
        connection.close()


def test_upgrading_fills_the_sort_name_of_existing_mentees(tmp_path: Path, schema_0001_database: Path) -> None:
    database = tmp_path / "old.db"
    shutil.copyfile(schema_0001_database, database)
    engine = make_engine(f"sqlite:///{database}")
    upgrade_to_head(engine)
    engine.dispose()
    from mentordesk.services.search_text import sort_name_for

    connection = sqlite3.connect(database)
    rows = connection.execute("SELECT first_name, last_name, sort_name FROM mentee").fetchall()
    connection.close()
    assert rows and all(sort == sort_name_for(first, last) for first, last, sort in rows)
