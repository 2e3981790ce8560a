"""`mentordesk import|export mentees`: one-line summaries, every problem listed, honest exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mentordesk.__main__ import main
from mentordesk.config.paths import AppPaths
from mentordesk.services.mentee_csv import COLUMNS

HEADER = ",".join(COLUMNS)


@pytest.fixture
def data_dir(paths: AppPaths) -> str:
    """A data folder with an already migrated database, so each command starts quickly."""
    return str(paths.data_dir)


def write(path: Path, *rows: str) -> Path:
    path.write_text("\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8")
    return path


def test_export_then_import_of_the_same_file(data_dir: str, tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", data_dir, "demo", "--mentees", "6"]) == 0
    capsys.readouterr()
    target = tmp_path / "mentees.csv"
    assert main(["--data-dir", data_dir, "export", "mentees", str(target)]) == 0
    assert capsys.readouterr().out == f"Exported 6 mentees to {target}.\n"
    assert target.read_bytes().startswith(b"\xef\xbb\xbfreference_code,")

    assert main(["--data-dir", data_dir, "import", "mentees", str(target)]) == 0
    assert capsys.readouterr().out == "Imported 0 mentees: 0 new, 0 updated, 6 unchanged.\n"


def test_import_new_mentees(data_dir: str, tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "new.csv", ",Zoë,Nowak,,2004-05-06,female,,,,,", ",Jan,Novák,,12.03.2007,,,,,,referred")
    assert main(["--data-dir", data_dir, "import", "mentees", str(source)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Imported 2 mentees: 2 new, 0 updated.\n" and captured.err == ""

    one = write(tmp_path / "one.csv", "MD-0001,Zoë,Nowak,,2004-05-06,female,zoe@example.org,,,,")
    assert main(["--data-dir", data_dir, "import", "mentees", str(one)]) == 0
    assert capsys.readouterr().out == "Imported 1 mentee: 0 new, 1 updated.\n"


def test_an_invalid_file_imports_nothing_and_lists_every_problem(data_dir: str, tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "bad.csv", ",Zoë,Nowak,,2004-05-06,,,,,,", ',"Ana\nMaria",,,2004-05-06,,bad,,,,',
                   "MD-9999,Jan,Novák,,2007-03-12,,,,,,")
    assert main(["--data-dir", data_dir, "import", "mentees", str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"mentordesk: Nothing was imported: 3 problems in {source}.",
        "line 3, column last_name: The last name is required.",
        "line 3, column email: This does not look like an email address (name@example.org).",
        "line 5, column reference_code: No mentee has the code MD-9999; leave the code empty to add a new mentee.",
    ]
    target = tmp_path / "after.csv"
    assert main(["--data-dir", data_dir, "export", "mentees", str(target)]) == 0
    assert capsys.readouterr().out == f"Exported 0 mentees to {target}.\n", "not even the valid row"

    assert main(["--data-dir", data_dir, "import", "mentees", str(source), "--skip-invalid"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Imported 1 mentee: 1 new, 0 updated.\n"
    assert captured.err.splitlines()[0] == f"mentordesk: Skipped 2 invalid rows in {source}:"
    assert len(captured.err.splitlines()) == 4


def test_an_unreadable_header_is_refused_even_when_skipping(data_dir: str, tmp_path: Path, capsys) -> None:
    source = tmp_path / "header.csv"
    source.write_text("first_name;last_name;nickname\nZoë;Nowak;Z\n", encoding="utf-8")
    assert main(["--data-dir", data_dir, "import", "mentees", str(source), "--skip-invalid"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"mentordesk: Nothing was imported: 10 problems in {source}."
    assert err[1].startswith("line 1, column nickname: Unknown column 'nickname'")


@pytest.mark.parametrize(("name", "expected"), [
    ("missing.csv", "mentordesk: There is no file {path}."),
    (".", "mentordesk: {path} is a folder, not a CSV file."),
])
def test_a_missing_or_unreadable_file_is_one_sentence(data_dir: str, tmp_path: Path, capsys, name: str,
                                                      expected: str) -> None:
    path = tmp_path / name
    assert main(["--data-dir", data_dir, "import", "mentees", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == expected.format(path=path) + "\n"
    assert "Traceback" not in captured.err and captured.out == ""


def test_export_into_a_missing_folder_is_one_sentence(data_dir: str, tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", data_dir, "export", "mentees", str(tmp_path / "no" / "x.csv")]) == 1
    assert capsys.readouterr().err == f"mentordesk: The folder {tmp_path / 'no'} does not exist.\n"


@pytest.mark.parametrize(("args", "expected"), [
    (["import", "sessions", "x.csv"], "invalid choice: 'sessions' (choose from 'mentees')"),
    (["export", "mentees"], "The following arguments are required: FILE.csv"),
    (["import"], "The following arguments are required: kind, FILE.csv"),
])
def test_bad_arguments_exit_2(capsys, args: list[str], expected: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1


def test_export_sessions(data_dir: str, tmp_path: Path, capsys) -> None:
    from mentordesk.services.session_csv import COLUMNS as SESSION_COLUMNS

    target = tmp_path / "sessions.csv"
    assert main(["--data-dir", data_dir, "export", "sessions", str(target)]) == 0
    assert capsys.readouterr().out == f"Exported 0 sessions to {target}.\n"
    assert target.read_bytes() == b"\xef\xbb\xbf" + ",".join(SESSION_COLUMNS).encode() + b"\r\n"

    assert main(["--data-dir", data_dir, "demo", "--mentees", "3"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data_dir, "export", "sessions", str(target)]) == 0
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert capsys.readouterr().out == f"Exported {len(rows)} sessions to {target}.\n" and len(rows) > 3
    assert [(row["date"], row["start_time"]) for row in rows] == sorted((row["date"], row["start_time"])
                                                                      for row in rows)


def test_export_sessions_into_a_missing_folder_is_one_sentence(data_dir: str, tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", data_dir, "export", "sessions", str(tmp_path / "no" / "x.csv")]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"mentordesk: The folder {tmp_path / 'no'} does not exist.\n" and captured.out == ""


def test_export_knows_mentees_and_sessions_only(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", "calendar", "x.ics"])
    assert exited.value.code == 2
    assert "invalid choice: 'calendar' (choose from 'mentees', 'sessions')" in capsys.readouterr().err
