"""Copies of a SQLite (or SQLCipher) file: consistent, page by page, never a file copy.

Raw DB-API connections, not the engine: a copy works on files the application has not opened
(a backup on a USB stick, the staged file of a restore), and the backup API needs the two
connections of one driver (`sqlite3` for plain data, `sqlcipher3` when a key is involved).

A connection with a key runs `PRAGMA key` first and keeps temporary data in memory, so no
unencrypted byte of encrypted data reaches a file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mentordesk.db.cipher import DatabaseKey

#: Pages copied per step of the backup API: small enough to report progress, large enough to be quick.
BACKUP_STEP_PAGES = 1024

#: The errors a DB-API driver raises for a file that is not a database, or not under this key.
NOT_A_DATABASE = "file is not a database"


def _driver(needs_cipher: bool) -> Any:
    if needs_cipher:
        from sqlcipher3 import dbapi2  # imported on use: only encrypted data needs it

        return dbapi2
    return sqlite3


def connect(path: Path, key: DatabaseKey | None, *, cipher: bool | None = None) -> Any:
    """A raw connection to `path`; `cipher` forces the SQLCipher driver (needed to attach keyed files)."""
    driver = _driver(key is not None if cipher is None else cipher)
    connection = driver.connect(str(path), timeout=5.0)
    connection.isolation_level = None  # autocommit: each pragma and statement stands alone
    if driver is not sqlite3:
        connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our sentence, not stderr noise
    if key is not None:
        connection.execute(key.pragma())
    connection.execute("PRAGMA temp_store=MEMORY")
    return connection


def database_errors() -> tuple[type[BaseException], ...]:
    """Both drivers' DatabaseError, to catch around the calls below (a damaged file, a wrong key)."""
    kinds: list[type[BaseException]] = [sqlite3.DatabaseError]
    try:
        from sqlcipher3 import dbapi2

        kinds.append(dbapi2.DatabaseError)
    except ImportError:  # pragma: no cover - sqlcipher3 is a dependency
        pass
    return tuple(kinds)


def backup_file(source: Path, target: Path, key: DatabaseKey | None,
                progress: Callable[[int, int], None] | None = None) -> None:
    """Copy `source` into a new `target` under the same key (or plain) with the backup API.

    The copy is one consistent snapshot even while the application writes: the backup restarts
    when the source changes under another connection. The target ends in rollback-journal mode,
    so it is one self-contained file (no -wal beside it on a USB stick).
    """
    src = connect(source, key)
    try:
        dst = connect(target, key)
        try:
            def report(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            src.backup(dst, pages=BACKUP_STEP_PAGES, progress=report)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def export_rekeyed(source: Path, source_key: DatabaseKey | None, target: Path,
                   target_key: DatabaseKey | None) -> None:
    """Write `source`'s content into a new `target` under another key (or plain) with sqlcipher_export.

    Used when the backup API cannot be: it copies pages as they are, so both files share one key.
    """
    connection = connect(source, source_key, cipher=True)
    try:
        target_pragma = "" if target_key is None else f"x'{target_key.raw.hex()}'"
        connection.execute("ATTACH DATABASE ? AS restored KEY ?", (str(target), target_pragma))
        try:
            connection.execute("SELECT sqlcipher_export('restored')")
        finally:
            connection.execute("DETACH DATABASE restored")
    finally:
        connection.close()


def problems(path: Path, key: DatabaseKey | None) -> list[str]:
    """integrity_check and foreign_key_check of `path`, one sentence per kind of problem."""
    connection = connect(path, key)
    try:
        found: list[str] = []
        results = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if results != ["ok"]:
            found.append(f"the file is damaged ({'; '.join(results[:3])})")
        broken: dict[str, int] = {}
        for table, *_ in connection.execute("PRAGMA foreign_key_check"):
            broken[table] = broken.get(table, 0) + 1
        found.extend(f"{count} row(s) in {table} point to records that do not exist"
                     for table, count in broken.items())
        return found
    finally:
        connection.close()


def checkpoint(path: Path, key: DatabaseKey | None) -> bool:
    """Move the WAL into the file and empty it; False when another connection keeps it busy."""
    connection = connect(path, key)
    try:
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return not busy
    finally:
        connection.close()


def table_counts(connection: Any, tables: tuple[str, ...]) -> dict[str, int | None]:
    """Rows per table; None for a table the file does not have (an older or foreign schema)."""
    present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {table: (connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - fixed names
                    if table in present else None) for table in tables}


def schema_revision(connection: Any) -> str | None:
    """The Alembic revision the file is at, or None when it has none."""
    present = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    if not present:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None
