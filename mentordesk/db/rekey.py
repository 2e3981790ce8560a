"""Putting a SQLite file under a new key (encrypting plain data, or a new passphrase): crash-safe.

The data is exported into a new file under the new key (`sqlcipher_export`), that file is checked
(integrity, page HMACs, the same number of rows in every table), and only then swapped in by one rename.
The old file is never written to, so until the rename the data opens exactly as before.

Why not `PRAGMA rekey`: with sqlcipher3 0.6.4 (SQLCipher 4.19) it does rekey a WAL-mode file when it is
the only connection (the new pages go through the WAL), but it keeps the file's salt, so after a crash
nothing tells which key the file is under; other open connections keep the old key; and there is no
moment to verify before it commits. The export costs a full copy (about 300 MB for 10,000 demo
mentees) and gives all three.

Two files must change together: the database `D` and its cipher file `D.cipher.json` (the key's
parameters). No pair of writes is atomic, so the order is:

  1. write `D.rekey` (the new database) and verify it; fsync;
  2. write `D.cipher.json.pending` (atomically): the new parameters plus the new file's salt, its
     first 16 bytes, random for every SQLCipher file;
  3. rename `D.rekey` over `D`: the commit point;
  4. rename the pending file over `D.cipher.json`.

`recover(D)` runs before every opening: a pending file whose salt begins `D` means step 3 happened,
so step 4 is finished; otherwise the pending file and any `D.rekey` are dropped, and the old state
stands. Every crash thus leaves data that opens with the old, or with the new, passphrase.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mentordesk.config.files import fsync_folder
from mentordesk.db.cipher import CIPHER_FILE_SUFFIX, DatabaseKey, cipher_file

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
NEW_FILE_SUFFIX = ".rekey"
PENDING_SUFFIX = CIPHER_FILE_SUFFIX + ".pending"
_SCRUB_CHUNK = 1 << 20


class RekeyFailed(Exception):
    """The new file did not verify, or the data is in use; the old file is untouched. The message says which."""


def new_file(database: Path) -> Path:
    return database.with_name(database.name + NEW_FILE_SUFFIX)


def pending_cipher_file(database: Path) -> Path:
    return database.with_name(database.name + PENDING_SUFFIX)


def is_plain_sqlite(path: Path) -> bool:
    """An unencrypted SQLite file: it begins with SQLite's magic string (an encrypted one begins with its salt)."""
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def connect(path: Path, key: DatabaseKey | None) -> Any:
    """A sqlcipher3 connection in autocommit mode, keyed first; temporary data stays in memory."""
    import sqlcipher3

    connection = sqlcipher3.connect(str(path), isolation_level=None)
    if key is not None:
        connection.execute(key.pragma())
    connection.execute("PRAGMA temp_store=MEMORY")
    return connection


def table_counts(connection: Any, schema: str = "main") -> dict[str, int]:
    names = [row[0] for row in connection.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: connection.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
            for name in names}


def export(source: Path, source_key: DatabaseKey | None, target: Path, target_key: DatabaseKey) -> dict[str, int]:
    """Write all of `source` into a new file `target` under `target_key`; the row counts it held.

    The source is checkpointed first, and must be left without a WAL when this connection closes: a WAL
    still there means another program has the data open, and it would be replayed onto the new file.
    """
    for leftover in _companions(target, include_self=True):
        leftover.unlink(missing_ok=True)
    connection = connect(source, source_key)
    try:
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise RekeyFailed("The data is in use by another program; close it and try again.")
        counts = table_counts(connection)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute("ATTACH DATABASE ? AS rekeyed KEY ?",
                           (str(target), f"x'{target_key.raw.hex()}'"))
        connection.execute("SELECT sqlcipher_export('rekeyed')")
        connection.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
        connection.execute("DETACH DATABASE rekeyed")
    finally:
        connection.close()
    if Path(f"{source}-wal").exists():
        raise RekeyFailed("The data is in use by another program; close it and try again.")
    return counts


def verify(path: Path, key: DatabaseKey, expected: dict[str, int]) -> None:
    """RekeyFailed unless `path` opens with `key`, passes both integrity checks and holds `expected` rows."""
    connection = connect(path, key)
    try:
        damaged = [row[0] for row in connection.execute("PRAGMA cipher_integrity_check")]
        if damaged:
            raise RekeyFailed(f"The new file failed its page check: {'; '.join(damaged[:3])}.")
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            raise RekeyFailed(f"The new file failed its integrity check: {'; '.join(integrity[:3])}.")
        counts = table_counts(connection)
    finally:
        connection.close()
    if counts != expected:
        differing = sorted(name for name in expected.keys() | counts.keys() if expected.get(name) != counts.get(name))
        raise RekeyFailed(f"The new file does not hold the same rows (tables {', '.join(differing[:5])}).")


def swap_in(database: Path, new: Path, key: DatabaseKey, *, after_commit: Callable[[], None] | None = None) -> None:
    """Steps 2–4 above: make the verified file `new` the database, and `key`'s parameters its cipher file.

    `after_commit` runs right after the rename (step 3) with the old file still open here, to scrub it.
    """
    from mentordesk.config.files import atomic_write

    _fsync_file(new)
    salt = _salt(new)
    with atomic_write(pending_cipher_file(database)) as file:
        json.dump({"version": 1, **key.params.to_json(), "check": key.check_value(), "database_salt": salt.hex()},
                  file, indent=2)
    fsync_folder(database.parent)
    old = _open_for_scrub(database) if after_commit is not None else None
    try:
        os.replace(new, database)  # the commit point
        fsync_folder(database.parent)
        if old is not None and after_commit is not None:
            after_commit()
            scrub_open_file(old)
    finally:
        if old is not None:
            old.close()
    _promote_pending(database)


def rekey_copy(path: Path, old: DatabaseKey | None, key: DatabaseKey) -> None:
    """A standalone copy (a backup) put under `key` in place: export, verify, one rename; a plain original zeroed.

    A crash leaves the copy as it was, plus at most a partial `.rekey` file (ciphertext) beside it.
    """
    new = new_file(path)
    try:
        counts = export(path, old, new, key)
        verify(new, key, counts)
        _fsync_file(new)
        kept = _open_for_scrub(path) if old is None else None
        try:
            os.replace(new, path)
            fsync_folder(path.parent)
            if kept is not None:
                scrub_open_file(kept)
        finally:
            if kept is not None:
                kept.close()
    except BaseException:
        for leftover in _companions(new, include_self=True):
            leftover.unlink(missing_ok=True)
        raise


def recover(database: Path) -> str | None:
    """Finish or undo a swap a crash interrupted (see the module's text); what was done, or None."""
    pending = pending_cipher_file(database)
    done = None
    if pending.exists():
        try:
            salt = bytes.fromhex(json.loads(pending.read_text(encoding="utf-8"))["database_salt"])
        except (OSError, ValueError, KeyError) as error:
            raise RekeyFailed(f"The file {pending} is damaged ({error}); move it away if {database} should "
                              f"open as it is.") from error
        if _salt(database) == salt:
            _promote_pending(database)
            done = "finished"
        else:
            pending.unlink()
            done = "undone"
    leftovers = [path for path in _companions(new_file(database), include_self=True) if path.exists()]
    for path in leftovers:
        path.unlink()
    if leftovers and done is None:
        done = "undone"
    if done is not None:
        log.warning("A change of the database key was interrupted; it was %s.", done)
    return done


def scrub_open_file(file: Any) -> None:
    """Best effort: overwrite a (now unlinked) plaintext file with zeros before its blocks are freed.

    Journaling, copy-on-write file systems and SSDs may keep older copies of the blocks; full-disk
    encryption is what covers those.
    """
    handle = file  # a binary file opened for update
    size = os.fstat(handle.fileno()).st_size
    handle.seek(0)
    zeros = bytes(_SCRUB_CHUNK)
    written = 0
    while written < size:
        written += handle.write(zeros[:min(_SCRUB_CHUNK, size - written)])
    handle.flush()
    os.fsync(handle.fileno())


def scrub_and_remove(path: Path) -> None:
    """Overwrite a file with zeros (best effort, see scrub_open_file), then delete it."""
    with path.open("r+b") as file:
        scrub_open_file(file)
    path.unlink()


def _open_for_scrub(database: Path) -> Any:
    # Windows cannot rename over an open file, so there the old file is only unlinked.
    if os.name == "nt":
        return None
    return database.open("r+b")


def _promote_pending(database: Path) -> None:
    # The salt stays in the cipher file: it names the database file these parameters belong to.
    os.replace(pending_cipher_file(database), cipher_file(database))
    fsync_folder(database.parent)


def _salt(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(SALT_BYTES)
    except FileNotFoundError:
        return b""


def _companions(path: Path, *, include_self: bool = False) -> list[Path]:
    names = [f"{path}-journal", f"{path}-wal", f"{path}-shm"]
    return [*([path] if include_self else []), *map(Path, names)]


def _fsync_file(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())
