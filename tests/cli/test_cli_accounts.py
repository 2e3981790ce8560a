"""With accounts on, the command line asks who you are and checks the password; `mentordesk password`."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from mentordesk.__main__ import main
from mentordesk.enums import WorkerRole
from mentordesk.services.mentees import MenteeForm
from mentordesk.services.organisation import WorkerForm

COORDINATOR_PASSWORD = "coordinator pass 1"
MENTOR_PASSWORD = "mentor password 1"


@pytest.fixture
def data_dir(workspace, monkeypatch) -> str:
    """Cora (coordinator) and Mina (mentor) with passwords; Mina mentors MD-0001, Otto MD-0002."""
    for variable in ("MENTORDESK_WORKER", "MENTORDESK_PASSWORD", "MENTORDESK_NEW_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    setup = workspace.setup.complete("Centre", "Cora Coordinator", "Pathways")
    mina = workspace.organisation.save_worker(WorkerForm("Mina Mentor", WorkerRole.MENTOR)).id
    otto = workspace.organisation.save_worker(WorkerForm("Otto Other", WorkerRole.MENTOR)).id
    start = date.today() - timedelta(days=10)
    for first, mentor in (("Mara", mina), ("Theo", otto)):
        mentee = workspace.mentees.create(MenteeForm(first, "Example", date(2004, 1, 1))).id
        workspace.mentees.enrol(mentee, setup.programme_id, mentor, start)
    accounts = workspace.accounts
    accounts.set_password(setup.worker_id, COORDINATOR_PASSWORD)
    accounts.sign_in(setup.worker_id, COORDINATOR_PASSWORD)
    accounts.set_password(mina, MENTOR_PASSWORD)
    accounts.sign_out()
    return str(workspace.paths.data_dir)


def test_a_command_asks_who_you_are(data_dir: str, tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", data_dir, "export", "mentees", str(tmp_path / "m.csv")]) == 1
    assert capsys.readouterr().err == ("mentordesk: Accounts have passwords here: say who you are with --worker NAME "
                                       "(or MENTORDESK_WORKER).\n")
    assert main(["--data-dir", data_dir, "--worker", "Mina Mentor", "export", "mentees", str(tmp_path / "m.csv")]) == 1
    assert capsys.readouterr().err == ("mentordesk: Give the password in MENTORDESK_PASSWORD, or run the command in a "
                                       "terminal to type it.\n")
    assert not (tmp_path / "m.csv").exists()


def test_a_wrong_password_is_one_sentence_and_slows_down(data_dir: str, tmp_path: Path, capsys,
                                                         monkeypatch) -> None:
    export = ["export", "mentees", str(tmp_path / "m.csv")]
    monkeypatch.setenv("MENTORDESK_PASSWORD", "not the password")
    for _ in range(3):
        assert main(["--data-dir", data_dir, "--worker", "mina mentor", *export]) == 1
        assert capsys.readouterr().err == "mentordesk: The password is not right.\n"
    monkeypatch.setenv("MENTORDESK_PASSWORD", MENTOR_PASSWORD)
    assert main(["--data-dir", data_dir, "--worker", "Mina Mentor", *export]) == 1
    assert "Too many wrong passwords: wait" in capsys.readouterr().err
    assert main(["--data-dir", data_dir, "--worker", "Nobody", "check"]) == 0, "check needs nobody signed in"


def test_a_mentor_exports_only_their_caseload(data_dir: str, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MENTORDESK_WORKER", "Mina Mentor")
    monkeypatch.setenv("MENTORDESK_PASSWORD", MENTOR_PASSWORD)
    target = tmp_path / "mine.csv"
    assert main(["--data-dir", data_dir, "export", "mentees", str(target)]) == 0
    assert capsys.readouterr().out == f"Exported 1 mentee to {target}.\n"
    with open(target, encoding="utf-8-sig") as stream:
        assert [row["first_name"] for row in csv.DictReader(stream)] == ["Mara"]
    assert main(["--data-dir", data_dir, "report", "--out", str(tmp_path / "r.pdf")]) == 1
    assert capsys.readouterr().err == "mentordesk: Only a coordinator can make the funder report.\n"

    monkeypatch.setenv("MENTORDESK_WORKER", "Cora Coordinator")
    monkeypatch.setenv("MENTORDESK_PASSWORD", COORDINATOR_PASSWORD)
    assert main(["--data-dir", data_dir, "export", "mentees", str(target)]) == 0
    assert capsys.readouterr().out == f"Exported 2 mentees to {target}.\n"


def test_password_command(data_dir: str, capsys, monkeypatch) -> None:
    # A mentor changes their own password: signed in with the current one.
    monkeypatch.setenv("MENTORDESK_PASSWORD", MENTOR_PASSWORD)
    monkeypatch.setenv("MENTORDESK_NEW_PASSWORD", "a brand new one")
    assert main(["--data-dir", data_dir, "password", "--worker", "Mina Mentor"]) == 0
    assert capsys.readouterr().out == "Set the password of Mina Mentor.\n"
    # ... but not a colleague's.
    monkeypatch.setenv("MENTORDESK_PASSWORD", "a brand new one")
    assert main(["--data-dir", data_dir, "--worker", "Mina Mentor", "password", "--worker", "Otto Other"]) == 1
    assert capsys.readouterr().err == ("mentordesk: Only a coordinator who is signed in can set another worker's "
                                       "password.\n")
    # A coordinator sets it; too short is one sentence.
    monkeypatch.setenv("MENTORDESK_PASSWORD", COORDINATOR_PASSWORD)
    monkeypatch.setenv("MENTORDESK_NEW_PASSWORD", "short")
    assert main(["--data-dir", data_dir, "--worker", "Cora Coordinator", "password", "--worker", "Otto Other"]) == 1
    assert capsys.readouterr().err == "mentordesk: The password must have at least 10 characters.\n"
    monkeypatch.setenv("MENTORDESK_NEW_PASSWORD", "otto's own password")
    assert main(["--data-dir", data_dir, "--worker", "Cora Coordinator", "password", "--worker", "Otto Other"]) == 0
    monkeypatch.setenv("MENTORDESK_PASSWORD", "otto's own password")
    assert main(["--data-dir", data_dir, "--worker", "Otto Other", "check"]) == 0


def test_no_traceback_in_a_real_process(data_dir: str) -> None:
    done = subprocess.run([sys.executable, "-m", "mentordesk", "--data-dir", data_dir, "--worker", "Mina Mentor",
                           "export", "sessions", "x.csv"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={"PATH": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}, timeout=120)
    assert done.returncode == 1
    assert done.stderr == ("mentordesk: Give the password in MENTORDESK_PASSWORD, or run the command in a terminal "
                           "to type it.\n")
