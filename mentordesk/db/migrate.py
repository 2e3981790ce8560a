"""Alembic, configured in code: bring a database to the head revision, backing it up first."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

if TYPE_CHECKING:
    from mentordesk.db.cipher import DatabaseKey

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def migrated(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


def is_known_revision(revision: str) -> bool:
    """Whether this version's migrations know `revision` (a newer MentorDesk's file is not one of them)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises its own kinds for unknown and malformed ids
        return False


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine, backup_dir: Path | None = None, key: DatabaseKey | None = None) -> MigrationResult:
    """Migrate to head. An existing SQLite file that holds data is backed up to `backup_dir` first.

    `key` is the encrypted file's key: its backup is encrypted under the same key.
    """
    head = head_revision()
    before = current_revision(engine)
    if before == head:
        return MigrationResult(before, head, None)
    backup = None
    if backup_dir is not None and _holds_tables(engine):
        database = engine.url.database
        if engine.dialect.name == "sqlite" and database and database != ":memory:":
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            backup = backup_sqlite(Path(database), backup_dir / f"before-migration-{before or 'base'}-{stamp}.db",
                                   key=key)
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return MigrationResult(before, head, backup)


def backup_sqlite(source: Path, target: Path, key: DatabaseKey | None = None) -> Path:
    """Copy a live SQLite database page by page with the backup API (never a file copy).

    With `key`, both files are opened through SQLCipher under that key: the copy of encrypted data is
    encrypted too, and no plaintext page is ever written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    src = _connect(source, key)
    try:
        dst = _connect(partial, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target


def _connect(path: Path, key: DatabaseKey | None) -> sqlite3.Connection:
    if key is None:
        return sqlite3.connect(path)
    from mentordesk.db.rekey import connect

    return connect(path, key)


def _holds_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())
