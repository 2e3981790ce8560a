"""`mentordesk backup | restore | unseal` and the cloud-folder warning of `check`."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from encrypted_data import PASSPHRASE, fast_params

from mentordesk.__main__ import main
from mentordesk.config.paths import AppPaths
from mentordesk.db.cipher import derive_key
from mentordesk.db.migrate import backup_sqlite
from mentordesk.services import sealed_files


@pytest.fixture
def data_dir(paths: AppPaths, capsys) -> str:
    assert main(["--data-dir", str(paths.data_dir), "demo", "--mentees", "4"]) == 0
    capsys.readouterr()
    return str(paths.data_dir)


def _mentees(data_dir: str) -> int:
    with sqlite3.connect(Path(data_dir) / "mentordesk.db") as connection:
        return connection.execute("SELECT count(*) FROM mentee").fetchone()[0]


def test_backup_prints_where_it_went(data_dir: str, tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", data_dir, "backup"]) == 0
    out = capsys.readouterr().out
    made = list((Path(data_dir) / "backups").glob("mentordesk-*.db"))
    assert len(made) == 1 and f"to {made[0]}," in out and out.startswith("Backed up ")
    stick = tmp_path / "stick.db"
    assert main(["--data-dir", data_dir, "backup", "--out", str(stick)]) == 0
    assert f"to {stick}," in capsys.readouterr().out and stick.exists()


def test_restore_shows_the_preview_and_restores_with_yes(data_dir: str, tmp_path: Path, capsys) -> None:
    backup = tmp_path / "four.db"
    assert main(["--data-dir", data_dir, "backup", "--out", str(backup)]) == 0
    with sqlite3.connect(Path(data_dir) / "mentordesk.db") as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("UPDATE mentee SET first_name = 'Changed'")
    capsys.readouterr()
    assert main(["--data-dir", data_dir, "restore", str(backup), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "holds 4 mentees" in out and "Restored the data from" in out and "before-restore-" in out
    with sqlite3.connect(Path(data_dir) / "mentordesk.db") as connection:
        assert "Changed" not in {row[0] for row in connection.execute("SELECT first_name FROM mentee")}


def test_restore_without_yes_and_no_terminal_asks_for_yes(data_dir: str, tmp_path: Path, capsys,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    backup = tmp_path / "b.db"
    main(["--data-dir", data_dir, "backup", "--out", str(backup)])
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--data-dir", data_dir, "restore", str(backup)]) == 1
    assert "add --yes" in capsys.readouterr().err
    assert not list((Path(data_dir) / "backups").glob("before-restore-*")), "nothing was done"


def test_restore_asks_on_a_terminal(data_dir: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    backup = tmp_path / "b.db"
    main(["--data-dir", data_dir, "backup", "--out", str(backup)])
    capsys.readouterr()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert main(["--data-dir", data_dir, "restore", str(backup)]) == 1
    assert "Nothing was restored." in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"garbage" * 50, sealed_files.MAGIC + b"\x00\x00\x00\x05{bad}"])
def test_restore_of_a_bad_file_is_one_sentence(data_dir: str, tmp_path: Path, capsys, content: bytes) -> None:
    bad = tmp_path / "bad.mdbackup"
    bad.write_bytes(content)
    assert main(["--data-dir", data_dir, "restore", str(bad), "--yes"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "bad.mdbackup" in err
    assert _mentees(data_dir) == 4


def _sealed_export(tmp_path: Path, text: str) -> Path:
    key = derive_key(PASSPHRASE, fast_params())
    path = tmp_path / "people.csv.mdsealed"
    with open(path, "wb") as out, sealed_files.sealed_text(out, key, sealed_files.EXPORT_PURPOSE) as handle:
        handle.write(text)
    return path


def test_unseal_with_the_passphrase_from_the_environment(tmp_path: Path, capsys,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    sealed = _sealed_export(tmp_path, "reference_code,first_name\r\nMD-0001,Zoë\r\n")
    monkeypatch.setenv("MENTORDESK_PASSPHRASE", PASSPHRASE)
    plain = tmp_path / "people.csv"
    assert main(["--data-dir", str(tmp_path / "unused"), "unseal", str(sealed), "--out", str(plain)]) == 0
    assert plain.read_bytes().decode("utf-8") == "reference_code,first_name\r\nMD-0001,Zoë\r\n"
    assert f"Unsealed {sealed} to {plain}." in capsys.readouterr().out
    assert not (tmp_path / "unused" / "mentordesk.db").exists(), "unseal opens no data"


def test_unseal_with_a_wrong_passphrase_or_a_damaged_file_writes_nothing(tmp_path: Path, capsys,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sealed = _sealed_export(tmp_path, "x" * 5000)
    plain = tmp_path / "out.csv"
    monkeypatch.setenv("MENTORDESK_PASSPHRASE", "not the passphrase")
    assert main(["unseal", str(sealed), "--out", str(plain)]) == 1
    assert "That passphrase does not open people.csv.mdsealed." in capsys.readouterr().err
    monkeypatch.setenv("MENTORDESK_PASSPHRASE", PASSPHRASE)
    sealed.write_bytes(sealed.read_bytes()[:-10])
    assert main(["unseal", str(sealed), "--out", str(plain)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv.mdsealed"], "no output, no temporary"


def test_unseal_without_a_passphrase_and_no_terminal(tmp_path: Path) -> None:
    sealed = _sealed_export(tmp_path, "x")
    result = subprocess.run([sys.executable, "-m", "mentordesk", "unseal", str(sealed), "--out", str(tmp_path / "o")],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
                            env={"PATH": "", "HOME": str(tmp_path)})
    assert result.returncode == 1
    assert "needs its passphrase" in result.stderr and "Traceback" not in result.stderr


def test_check_warns_about_a_cloud_folder(template_database: Path, tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "Dropbox" / "MentorDesk"
    data_dir.mkdir(parents=True)
    backup_sqlite(template_database, data_dir / "mentordesk.db")
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    out = capsys.readouterr().out
    assert "Warning: The data folder" in out and "inside Dropbox" in out
