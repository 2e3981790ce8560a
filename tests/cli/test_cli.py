"""The command-line contract of DESIGN.md: clear sentences, honest exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mentordesk import __version__
from mentordesk.__main__ import main


def run(*args: str, env_data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "", "HOME": str(env_data_dir or "/nonexistent")}
    if env_data_dir:
        env["MENTORDESK_DATA_DIR"] = str(env_data_dir)
    return subprocess.run([sys.executable, "-m", "mentordesk", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"mentordesk {__version__}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "Unrecognized arguments: --bogus"),
        (["demo", "--mentees", "many"], "'many' is not a whole number"),
        (["demo", "--mentees", "0"], "0 is outside 1 to 100,000"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_get_one_sentence_and_exit_2(capsys, args: list[str], expected: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_check_on_a_fresh_data_dir_creates_and_passes(tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "fresh"
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out
    assert (data_dir / "mentordesk.db").exists()


def test_demo_then_check(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "demo", "--mentees", "15", "--seed", "7"]) == 0
    assert "15 mentees" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "check"]) == 0


def test_demo_refuses_a_caseload_that_has_mentees(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "demo", "--mentees", "5"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "demo", "--mentees", "5"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mentordesk: The database already holds 5 mentees")
    assert len(err.strip().splitlines()) == 1


def test_database_url_and_environment_are_honoured(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.db"
    result = run("--database-url", f"sqlite:///{elsewhere}", "check", env_data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert str(elsewhere) in result.stdout
    assert elsewhere.exists()
    assert not (tmp_path / "data" / "mentordesk.db").exists()


def test_unusable_database_gets_one_sentence(tmp_path: Path, capsys) -> None:
    not_a_database = tmp_path / "mentordesk.db"
    not_a_database.write_bytes(b"PK\x03\x04 a zip file, perhaps" * 50)
    assert main(["--data-dir", str(tmp_path), "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mentordesk: Cannot open the data at")
    assert "not a database" in err and "Traceback" not in err
    assert not_a_database.read_bytes().startswith(b"PK"), "the file is left as it was"


def test_unknown_database_driver_gets_one_sentence(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "--database-url", "nosuchdb://x/y", "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mentordesk: The database address nosuchdb://x/y is not usable")
