"""Putting a file under a new key: verified before the swap, and a crash at any step leaves data that opens."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentordesk.db import rekey
from mentordesk.db.cipher import DatabaseKey, KdfParams, WrongPassphrase, cipher_file, derive_key, unlock
from mentordesk.db.migrate import backup_sqlite

MARKER = b"Zzqmarker"


def _key() -> DatabaseKey:
    return DatabaseKey(os.urandom(32), KdfParams(salt=os.urandom(16), time_cost=1, memory_kib=8, parallelism=1))


def _plain(path: Path, rows: int = 300) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE mentee (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("CREATE INDEX ix_name ON mentee (name)")
    connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, mentee_id INTEGER REFERENCES mentee(id))")
    connection.executemany("INSERT INTO mentee (name) VALUES (?)", [(f"Zzqmarker {i}",) for i in range(rows)])
    connection.executemany("INSERT INTO note (mentee_id) VALUES (?)", [(i + 1,) for i in range(rows // 2)])
    connection.execute("PRAGMA user_version = 7")
    connection.commit()
    connection.close()
    return path


def _rows(path: Path, key: DatabaseKey | None) -> dict[str, int]:
    connection = rekey.connect(path, key)
    try:
        return rekey.table_counts(connection)
    finally:
        connection.close()


def _encrypt(database: Path, key: DatabaseKey, old: DatabaseKey | None = None) -> None:
    counts = rekey.export(database, old, rekey.new_file(database), key)
    rekey.verify(rekey.new_file(database), key, counts)
    rekey.swap_in(database, rekey.new_file(database), key)


def _state(database: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(database.parent.iterdir())}


def test_export_verify_swap_encrypts_every_row_and_leaves_no_plaintext(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    key = _key()
    _encrypt(database, key)
    assert _rows(database, key) == {"mentee": 300, "note": 150}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.db", "data.db.cipher.json"]
    assert not rekey.is_plain_sqlite(database)
    assert MARKER not in database.read_bytes()
    assert cipher_file(database).read_text().count(key.check_value()) == 1
    connection = rekey.connect(database, key)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 7
    connection.close()


def test_a_new_key_replaces_the_old_and_the_old_no_longer_opens(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    first, second = _key(), _key()
    _encrypt(database, first)
    _encrypt(database, second, old=first)
    assert _rows(database, second) == {"mentee": 300, "note": 150}
    with pytest.raises(Exception, match="not a database"):
        _rows(database, first)


def test_a_file_that_does_not_verify_is_never_swapped_in(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    before = database.read_bytes()
    key = _key()
    counts = rekey.export(database, None, rekey.new_file(database), key)
    with pytest.raises(rekey.RekeyFailed, match="same rows"):
        rekey.verify(rekey.new_file(database), key, {**counts, "mentee": 301})
    assert database.read_bytes() == before


def test_a_wrong_key_fails_the_check(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    counts = rekey.export(database, None, rekey.new_file(database), _key())
    with pytest.raises(rekey.RekeyFailed, match="page check"):
        rekey.verify(rekey.new_file(database), _key(), counts)


def test_an_open_connection_in_another_process_stops_the_export(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    # Another process: within one process, POSIX locks do not tell two SQLite libraries apart.
    reader = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('BEGIN'); "
         "c.execute('SELECT count(*) FROM mentee').fetchone(); print('ready', flush=True); sys.stdin.read()",
         str(database)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        with pytest.raises(rekey.RekeyFailed, match="in use"):
            rekey.export(database, None, rekey.new_file(database), _key())
    finally:
        reader.communicate("")
    assert _rows(database, None)["mentee"] == 300


# ---- crash points: each leaves data that opens, in the old or the new state, once recover() has run


def test_crash_while_exporting_leaves_the_old_data(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    rekey.new_file(database).write_bytes(os.urandom(5000))  # a half-written new file
    Path(f"{rekey.new_file(database)}-journal").write_bytes(b"x")
    assert rekey.recover(database) == "undone"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.db"]
    assert _rows(database, None)["mentee"] == 300


def test_crash_before_the_rename_leaves_the_old_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = _plain(tmp_path / "data.db")
    key = _key()
    counts = rekey.export(database, None, rekey.new_file(database), key)
    rekey.verify(rekey.new_file(database), key, counts)
    real_replace = os.replace

    def crash_on_the_database(source: object, target: object) -> None:
        if Path(target) == database:
            raise KeyboardInterrupt("power cut")
        real_replace(source, target)

    monkeypatch.setattr(rekey.os, "replace", crash_on_the_database)
    with pytest.raises(KeyboardInterrupt):
        rekey.swap_in(database, rekey.new_file(database), key)
    monkeypatch.undo()
    assert rekey.pending_cipher_file(database).exists() and not cipher_file(database).exists()
    assert rekey.recover(database) == "undone"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.db"]
    assert _rows(database, None)["mentee"] == 300


def test_crash_after_the_rename_finishes_the_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = _plain(tmp_path / "data.db")
    key = _key()
    counts = rekey.export(database, None, rekey.new_file(database), key)
    rekey.verify(rekey.new_file(database), key, counts)

    def power_cut(_database: Path) -> None:
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(rekey, "_promote_pending", power_cut)
    with pytest.raises(KeyboardInterrupt):
        rekey.swap_in(database, rekey.new_file(database), key)
    monkeypatch.undo()
    assert not cipher_file(database).exists()  # the database is encrypted, its parameters still pending
    assert rekey.recover(database) == "finished"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.db", "data.db.cipher.json"]
    assert _rows(database, key)["mentee"] == 300


def test_crash_after_the_rename_of_a_new_passphrase_finishes_it(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    database = _plain(tmp_path / "data.db")
    old, new = _key(), _key()
    _encrypt(database, old)
    counts = rekey.export(database, old, rekey.new_file(database), new)
    monkeypatch.setattr(rekey, "_promote_pending", lambda _database: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        rekey.swap_in(database, rekey.new_file(database), new)
    monkeypatch.undo()
    assert cipher_file(database).read_text().count(old.check_value()) == 1  # stale: the file is under `new`
    rekey.recover(database)
    assert cipher_file(database).read_text().count(new.check_value()) == 1
    assert _rows(database, new) == counts


def test_recover_does_nothing_when_nothing_was_interrupted(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    key = _key()
    _encrypt(database, key)
    before = _state(database)
    assert rekey.recover(database) is None
    assert _state(database) == before


def test_the_old_plain_file_is_scrubbed_after_the_commit(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    key = _key()
    kept = os.open(database, os.O_RDONLY)  # sees the old file's blocks after it is replaced
    try:
        counts = rekey.export(database, None, rekey.new_file(database), key)
        rekey.verify(rekey.new_file(database), key, counts)
        rekey.swap_in(database, rekey.new_file(database), key, after_commit=lambda: None)
        old = os.pread(kept, os.fstat(kept).st_size, 0)
    finally:
        os.close(kept)
    assert old and old == bytes(len(old))


def test_an_encrypted_backup_stays_encrypted(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    key = _key()
    _encrypt(database, key)
    copy = backup_sqlite(database, tmp_path / "backups" / "copy.db", key=key)
    assert MARKER not in copy.read_bytes() and not rekey.is_plain_sqlite(copy)
    assert _rows(copy, key)["mentee"] == 300


def test_the_passphrase_opens_what_swap_in_wrote(tmp_path: Path) -> None:
    database = _plain(tmp_path / "data.db")
    key = derive_key("a good long passphrase", KdfParams(salt=os.urandom(16), time_cost=1, memory_kib=8,
                                                         parallelism=1))
    _encrypt(database, key)
    assert unlock(database, "a good long passphrase").raw == key.raw
    with pytest.raises(WrongPassphrase):
        unlock(database, "another long passphrase")
