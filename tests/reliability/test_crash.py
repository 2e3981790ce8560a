"""Crash proof: a process saving sessions is killed with SIGKILL at random moments, 100 times.

After every kill the file is opened again and must pass `integrity_check` and `foreign_key_check`,
and every session whose save had returned (the writer reports it only after log() returned) must be
there, with its audit event. The kill moments come from a seeded random.Random: a failure names its
seed and round, and MENTORDESK_CRASH_SEED=<seed> repeats it exactly.

Start-up is paid once: a zygote process imports MentorDesk and forks a fresh writer per round
(tests/reliability/crash_writer.py); it never opens the database, so no connection crosses a fork.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentordesk.config.paths import AppPaths

ROUNDS = 100
SEED = int(os.environ.get("MENTORDESK_CRASH_SEED", "20261108"))
# Up to this long after the fork: from before the engine is open to dozens of saves in.
LONGEST_LIFE_S = 0.35
WRITER = Path(__file__).with_name("crash_writer.py")
REPOSITORY = Path(__file__).resolve().parents[2]  # the writer imports this checkout's mentordesk

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer is forked (POSIX only)"),
]


def _prepare(paths: AppPaths) -> tuple[str, str]:
    """A mentee with a mentor, saved through the services; the engine is closed before any fork."""
    from datetime import date, timedelta

    from mentordesk.services.mentees import MenteeForm
    from mentordesk.services.organisation import WorkerForm
    from mentordesk.services.workspace import open_workspace

    workspace = open_workspace(paths)
    try:
        today = date.today()
        setup = workspace.setup.complete("Jugendzentrum Süd", "Ana Nowak", "Wege", today=today - timedelta(days=60))
        mentor = workspace.organisation.save_worker(WorkerForm("Bo Lind")).id
        mentee = workspace.mentees.create(MenteeForm("Zoë", "Ødegård", today.replace(year=today.year - 18)),
                                          confirmed=True).id
        workspace.mentees.enrol(mentee, setup.programme_id, mentor, today - timedelta(days=40))
    finally:
        workspace.close()
    return mentee.hex, mentor.hex


def _reported(ids_file: Path) -> tuple[str, list[str]]:
    """The writer's pragma line and the ids it reported saved (a torn last line cannot happen: one write each)."""
    if not ids_file.exists():
        return "", []
    lines = ids_file.read_text().splitlines()
    pragmas = lines[0] if lines and lines[0].startswith("pragmas") else ""
    return pragmas, [line for line in lines if not line.startswith("pragmas")]


def _check(database: Path, expected: set[str]) -> tuple[list[str], list[tuple], set[str], int, int]:
    connection = sqlite3.connect(database)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
        present = {row[0] for row in connection.execute("SELECT id FROM mentoring_session")}
        sessions = connection.execute("SELECT count(*) FROM mentoring_session").fetchone()[0]
        events = connection.execute("SELECT count(*) FROM audit_event WHERE action = 'create' "
                                    "AND entity = 'mentoring_session'").fetchone()[0]
    finally:
        connection.close()
    return integrity, orphans, expected - present, sessions, events


def test_sigkill_mid_save_never_loses_a_returned_session_nor_damages_the_file(paths: AppPaths,
                                                                              tmp_path: Path) -> None:
    mentee, mentor = _prepare(paths)
    database = paths.database_file
    ids_dir = tmp_path / "ids"
    ids_dir.mkdir()
    randomness = random.Random(SEED)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPOSITORY), *sys.path]))
    zygote = subprocess.Popen([sys.executable, str(WRITER), paths.database_url, mentee, mentor, str(ids_dir)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    saved: set[str] = set()
    killed_mid_write = 0
    try:
        for round_number in range(1, ROUNDS + 1):
            where = f"(seed {SEED}, round {round_number})"
            life = randomness.uniform(0, LONGEST_LIFE_S)
            zygote.stdin.write(f"go {round_number}\n")
            zygote.stdin.flush()
            answer = zygote.stdout.readline().split()
            assert answer[:1] == ["pid"], f"the zygote did not fork a writer {where}: {answer}"
            pid = int(answer[1])
            time.sleep(life)
            os.kill(pid, signal.SIGKILL)
            status = zygote.stdout.readline().split()
            assert status[:1] == ["done"], f"the zygote did not reap the writer {where}"
            assert os.WIFSIGNALED(int(status[1])), f"the writer stopped before it was killed {where}; see stderr"

            pragmas, reported = _reported(ids_dir / f"{round_number}.ids")
            if pragmas:
                assert pragmas == "pragmas synchronous=2 journal_mode=wal", f"{pragmas} {where}"
            killed_mid_write += bool(reported)
            saved.update(reported)
            integrity, orphans, missing, sessions, events = _check(database, saved)
            assert integrity == ["ok"], f"integrity_check failed after the kill {where}: {integrity[:5]}"
            assert orphans == [], f"foreign_key_check found orphans after the kill {where}: {orphans[:5]}"
            assert not missing, f"{len(missing)} session(s) whose save returned are gone {where}"
            # A save and its audit event commit together: the kill never leaves one without the other.
            assert sessions == events, f"{sessions} sessions but {events} create events {where}"
    finally:
        if zygote.poll() is None:
            zygote.stdin.close()
            zygote.wait(timeout=10)

    assert killed_mid_write >= ROUNDS // 2, "most kills should land while sessions are being saved"
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.services.audit import verify_chain

    engine = make_engine(paths.database_url)
    try:
        with make_session_factory(engine)() as session:
            assert verify_chain(session) is None, "the audit chain survived every kill"
    finally:
        engine.dispose()
    print(f"\n{ROUNDS} kills (seed {SEED}): {len(saved):,} sessions reported saved, all present; "
          f"{killed_mid_write} kills after the first save of their round")
