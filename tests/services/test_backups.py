"""Backups and restore, plain and encrypted: consistent copies, sealed files, rotation, and restore drills."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from encrypted_data import MARKER, PASSPHRASE, encrypted_paths, fast_params, files_holding, open_encrypted
from sqlalchemy import func, select, update

from mentordesk.config.paths import AppPaths
from mentordesk.db.cipher import derive_key
from mentordesk.db.models import Mentee, MentoringSession
from mentordesk.services import sealed_files
from mentordesk.services.backups import BackupService, PassphraseNeeded
from mentordesk.services.errors import DomainError
from mentordesk.services.workspace import Workspace


def _mentees(workspace: Workspace) -> int:
    with workspace.backups._engine().connect() as connection:  # noqa: SLF001 - the test reads what the app reads
        return connection.scalar(select(func.count()).select_from(Mentee))


def _rename_first_mentee(workspace: Workspace, name: str) -> None:
    with workspace.backups._engine().begin() as connection:  # noqa: SLF001
        first = connection.scalar(select(Mentee.id).order_by(Mentee.reference_code).limit(1))
        connection.execute(update(Mentee).where(Mentee.id == first).values(first_name=name))


def _first_name(workspace: Workspace) -> str:
    with workspace.backups._engine().connect() as connection:  # noqa: SLF001
        return connection.scalar(select(Mentee.first_name).order_by(Mentee.reference_code).limit(1))


@pytest.fixture
def demo(workspace: Workspace) -> Workspace:
    workspace.demo.generate(mentees=6, seed=3)
    return workspace


@pytest.fixture
def secret(tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_encrypted(encrypted_paths(tmp_path))
    workspace.demo.generate(mentees=6, seed=3)
    _rename_first_mentee(workspace, MARKER)
    yield workspace
    workspace.close()


# ---- plain data


def test_back_up_plain_data_is_a_sqlite_file_with_the_same_rows(demo: Workspace) -> None:
    info = demo.backups.back_up()
    assert info.path.parent == demo.paths.backups_dir
    assert info.path.suffix == ".db" and not info.encrypted and not info.automatic
    with sqlite3.connect(info.path) as copy:
        assert copy.execute("SELECT count(*) FROM mentee").fetchone()[0] == _mentees(demo) == 6
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete", "one self-contained file"
    assert [p.name for p in demo.paths.backups_dir.iterdir()] == [info.path.name], "no partial file is left"


def test_back_up_to_a_folder_or_a_file(demo: Workspace, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    into_folder = demo.backups.back_up(stick)
    assert into_folder.path.parent == stick and into_folder.path.name.startswith("mentordesk-")
    named = demo.backups.back_up(stick / "friday.db")
    assert named.path == stick / "friday.db"
    assert demo.backups.list_backups() == [], "backups elsewhere are not listed (nor ever rotated)"


def test_back_up_into_a_missing_or_forbidden_place_is_one_sentence(demo: Workspace, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DomainError, match="Cannot make the folder"):
        demo.backups.back_up(blocker / "sub" / "b.db")


def test_a_backup_taken_while_another_connection_writes_is_consistent(demo: Workspace) -> None:
    database = demo.paths.database_file
    writer = sqlite3.connect(database, timeout=10, check_same_thread=False)
    writer.execute("CREATE TABLE scratch (n INTEGER)")
    writer.commit()
    done = threading.Event()

    def write() -> None:
        for n in range(3000):
            writer.execute("INSERT INTO scratch VALUES (?)", (n,))
            writer.commit()
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    info = demo.backups.back_up()
    thread.join()
    writer.close()
    with sqlite3.connect(info.path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = copy.execute("SELECT count(*), coalesce(max(n), -1) FROM scratch").fetchone()
    assert 0 <= rows[0] <= 3000 and rows[0] == rows[1] + 1, "a prefix of the writes: one snapshot"


def test_automatic_backups_once_a_day_on_start_always_on_exit_and_rotation(demo: Workspace,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    service = demo.backups
    demo.paths.backups_dir.mkdir(parents=True, exist_ok=True)
    mine = demo.paths.backups_dir / "my-own-copy.db"
    service.back_up(mine)
    first = service.automatic("start")
    assert first is not None and first.automatic and first.path.name.startswith("auto-")
    assert service.automatic("start") is None, "one start backup a day"
    monkeypatch.setattr(service, "_keep", lambda: 3)
    exits = [service.automatic("exit") for _ in range(4)]
    assert all(info is not None for info in exits)
    automatic = [info.path for info in service.list_backups() if info.automatic]
    assert len(automatic) == 3, "the newest three automatic backups stay"
    assert exits[-1].path in automatic and first.path not in automatic
    assert mine.exists(), "a backup the person made is never rotated away"
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert service.automatic("start", now=tomorrow) is not None


def test_no_automatic_backup_of_data_not_set_up_yet(workspace: Workspace) -> None:
    assert workspace.backups.automatic("start") is None
    assert not workspace.paths.backups_dir.exists() or not any(workspace.paths.backups_dir.iterdir())


def test_preview_counts_and_date(demo: Workspace) -> None:
    info = demo.backups.back_up()
    preview = demo.backups.preview(info.path)
    assert (preview.mentees, preview.workers) == (6, _count(demo, "worker"))
    assert preview.sessions == _count(demo, "mentoring_session") > 0
    assert preview.certificates == _count(demo, "certificate")
    assert abs(preview.created - info.created) < timedelta(seconds=1)
    assert preview.revision is not None and not preview.encrypted


def _count(workspace: Workspace, table: str) -> int:
    with workspace.backups._engine().connect() as connection:  # noqa: SLF001
        return connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()


@pytest.mark.parametrize(("content", "message"), [
    (b"", "not a MentorDesk backup"),
    (b"hello, not a database at all" * 100, "not a MentorDesk backup"),
])
def test_preview_refuses_what_is_not_a_backup(demo: Workspace, tmp_path: Path, content: bytes, message: str) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(content)
    with pytest.raises(DomainError, match=message):
        demo.backups.preview(bogus)
    with pytest.raises(DomainError, match="There is no backup file"):
        demo.backups.preview(tmp_path / "missing.db")


def test_a_sqlite_file_that_is_not_mentordesk_is_refused(demo: Workspace, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(DomainError, match="not a MentorDesk backup"):
        demo.backups.restore(other)
    assert _mentees(demo) == 6


def test_restore_drill_plain(demo: Workspace) -> None:
    original = _first_name(demo)
    info = demo.backups.back_up()
    _rename_first_mentee(demo, "Changed")
    result = demo.backups.restore(info.path)
    assert _first_name(demo) == original, "the engine reads the restored file at its next use"
    assert result.preview.mentees == 6
    assert result.before.path.name.startswith("before-restore-")
    with sqlite3.connect(result.before.path) as before:
        assert "Changed" in {row[0] for row in before.execute("SELECT first_name FROM mentee")}
    assert demo.health.check().ok
    assert not [p for p in demo.paths.data_dir.iterdir() if p.name.startswith(".restore-")], "work folder removed"


def test_restore_migrates_an_older_schema_to_head(workspace: Workspace, schema_0001_database: Path) -> None:
    fixture = schema_0001_database
    preview = workspace.backups.preview(fixture)
    assert preview.revision == "0001"
    workspace.backups.restore(fixture)
    assert workspace.health.check().ok
    with sqlite3.connect(fixture) as original:
        mentees = original.execute("SELECT count(*) FROM mentee").fetchone()[0]
    assert _mentees(workspace) == mentees


def test_a_backup_from_a_newer_version_is_refused(demo: Workspace, tmp_path: Path) -> None:
    info = demo.backups.back_up(tmp_path / "future.db")
    with sqlite3.connect(info.path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DomainError, match="newer MentorDesk"):
        demo.backups.restore(info.path)
    assert _mentees(demo) == 6


def test_a_damaged_backup_leaves_the_data_untouched(demo: Workspace, tmp_path: Path) -> None:
    info = demo.backups.back_up(tmp_path / "broken.db")
    with sqlite3.connect(info.path) as connection:  # records whose mentee is gone: foreign_key_check finds them
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DELETE FROM mentee WHERE rowid = (SELECT min(rowid) FROM mentee)")
    _rename_first_mentee(demo, "Current")
    before = sorted(demo.paths.data_dir.iterdir())
    with pytest.raises(DomainError, match="point to records that do not exist. Nothing was changed"):
        demo.backups.restore(info.path)
    assert _first_name(demo) == "Current"
    assert sorted(demo.paths.data_dir.iterdir()) == before, "no work folder, no backup of the data left behind"


def test_restore_is_refused_while_a_connection_is_in_use(demo: Workspace) -> None:
    info = demo.backups.back_up()
    staged = demo.backups.prepare_restore(info.path)
    with demo.backups._engine().connect():  # noqa: SLF001 - e.g. a page's query on another thread
        with pytest.raises(DomainError, match="still working on the data"):
            demo.backups.finish_restore(staged)
    assert not staged.folder.exists()
    assert _mentees(demo) == 6


# ---- encrypted data


def test_encrypted_backup_is_sealed_and_never_holds_the_marker(secret: Workspace) -> None:
    info = secret.backups.back_up()
    assert info.path.name.endswith(".mdbackup") and info.encrypted
    assert sealed_files.header_of(info.path).kdf == secret.key.params
    named = secret.backups.back_up(secret.paths.data_dir / "copy.db")
    assert named.path.name == "copy.db.mdbackup", "encrypted backups always carry the sealed suffix"
    secret.backups.automatic("exit")
    assert files_holding(secret.paths.data_dir, MARKER) == []
    preview = secret.backups.preview(info.path)
    assert preview.mentees == 6 and preview.encrypted


def test_encrypted_restore_drill(secret: Workspace) -> None:
    info = secret.backups.back_up()
    _rename_first_mentee(secret, "Changed")
    result = secret.backups.restore(info.path)
    assert _first_name(secret) == MARKER
    assert result.before.path.name.endswith(".mdbackup")
    assert secret.health.check().ok
    assert files_holding(secret.paths.data_dir, MARKER) == [], "no staged or temporary plaintext remains"


def test_a_backup_made_under_another_passphrase_needs_it(secret: Workspace, tmp_path: Path) -> None:
    old = open_encrypted(encrypted_paths(tmp_path / "old"), passphrase="the old passphrase 1")
    try:
        old.demo.generate(mentees=2, seed=9)
        backup = old.backups.back_up()
    finally:
        old.close()
    with pytest.raises(PassphraseNeeded):
        secret.backups.preview(backup.path)
    with pytest.raises(DomainError, match="passphrase does not open"):
        secret.backups.preview(backup.path, passphrase="a wrong passphrase")
    assert secret.backups.preview(backup.path, passphrase="the old passphrase 1").mentees == 2
    secret.backups.restore(backup.path, passphrase="the old passphrase 1")
    assert _mentees(secret) == 2, "re-keyed to the current key: the open engine reads it"
    assert files_holding(secret.paths.data_dir, MARKER) == []


def test_a_plain_backup_restored_into_encrypted_data_is_encrypted(secret: Workspace, demo: Workspace) -> None:
    _rename_first_mentee(demo, "Plainmarkerzz")
    plain = demo.backups.back_up()
    secret.backups.restore(plain.path)
    assert _first_name(secret) == "Plainmarkerzz"
    assert files_holding(secret.paths.data_dir, "Plainmarkerzz") == []


def test_an_encrypted_backup_restored_into_plain_data_with_its_passphrase(secret: Workspace,
                                                                         demo: Workspace) -> None:
    backup = secret.backups.back_up()
    with pytest.raises(PassphraseNeeded):
        demo.backups.restore(backup.path)
    demo.backups.restore(backup.path, passphrase=PASSPHRASE)
    assert _first_name(demo) == MARKER
    with sqlite3.connect(demo.paths.database_file) as connection:
        assert connection.execute("SELECT count(*) FROM mentee").fetchone()[0] == 6, "plain, as the data was"


@pytest.mark.parametrize("damage", ["truncate_chunk", "truncate_whole_chunk", "flip_byte", "flip_header", "append"])
def test_a_truncated_or_altered_backup_is_refused(secret: Workspace, damage: str) -> None:
    info = secret.backups.back_up()
    data = bytearray(info.path.read_bytes())
    header_end = len(sealed_files.MAGIC) + 4 + int.from_bytes(data[8:12], "big") + 32
    if damage == "truncate_chunk":
        data = data[:-100]
    elif damage == "truncate_whole_chunk":  # cut exactly at a chunk boundary: only the last flag tells
        data = data[:_chunk_starts(bytes(data), header_end)[-1]]
    elif damage == "flip_byte":
        data[len(data) // 2] ^= 0x01
    elif damage == "flip_header":
        data[header_end - 50] ^= 0x01  # inside the header's JSON
    else:
        data += b"\x00" * 40
    info.path.write_bytes(bytes(data))
    _rename_first_mentee(secret, "Current")
    with pytest.raises(DomainError) as refused:
        secret.backups.restore(info.path)
    assert "damaged" in str(refused.value)
    assert _first_name(secret) == "Current"


def _chunk_starts(data: bytes, offset: int) -> list[int]:
    starts = []
    while offset < len(data):
        starts.append(offset)
        offset += 4 + int.from_bytes(data[offset:offset + 4], "big")
    return starts


def test_a_sealed_export_is_not_taken_for_a_backup(secret: Workspace, tmp_path: Path) -> None:
    target = secret.mentee_csv.export(tmp_path / "people.csv")
    assert target
    with pytest.raises(DomainError, match="sealed export, not a backup"):
        secret.backups.preview(tmp_path / "people.csv.mdsealed")


def test_backups_need_a_sqlite_file(tmp_path: Path) -> None:
    service = BackupService(engine=None, paths=AppPaths(tmp_path, "postgresql://u:secret@host/db"))  # type: ignore
    with pytest.raises(DomainError, match="kept elsewhere"):
        service.back_up()


def test_sessions_survive_a_round_trip(demo: Workspace) -> None:
    with demo.backups._engine().connect() as connection:  # noqa: SLF001
        before = connection.scalar(select(func.count()).select_from(MentoringSession))
    info = demo.backups.back_up()
    demo.backups.restore(info.path)
    with demo.backups._engine().connect() as connection:  # noqa: SLF001
        assert connection.scalar(select(func.count()).select_from(MentoringSession)) == before


def test_unsealing_with_a_key_derived_again_from_the_passphrase(secret: Workspace) -> None:
    info = secret.backups.back_up()
    header = sealed_files.header_of(info.path)
    again = derive_key(PASSPHRASE, header.kdf)
    assert again.raw == secret.key.raw
    with open(secret.paths.data_dir / "out", "wb") as out, pytest.raises(sealed_files.WrongSealKey):
        sealed_files.unseal_path(info.path, derive_key("nope nope nope", fast_params()), out)


def test_encrypted_data_without_its_key_is_not_backed_up(secret: Workspace) -> None:
    secret.key = None  # e.g. locked: the key wiped from memory
    with pytest.raises(DomainError, match="locked"):
        secret.backups.back_up()
    assert not secret.paths.backups_dir.exists() or not any(secret.paths.backups_dir.iterdir())
