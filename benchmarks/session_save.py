"""Saving one logged session (two mentees, a follow-up, notes) on a demo caseload (default 10,000 mentees).

The figure is the service call a Save press makes: validation, the session, its attendance, the
follow-up, the audit events, and the commit with synchronous=FULL. It is set against raw sqlite3
inserting the same rows in one transaction on the same file, so the ratio shows what the layers
(and the checks) cost. Target: under 50 ms (median).

    python benchmarks/session_save.py [--mentees 10000] [--runs 25] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

TARGET_MS = 50


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def raw_save(connection: sqlite3.Connection, mentees: list[str], mentor: str, day: str) -> None:
    """The same rows by hand: session, two attendances, a follow-up, two audit events."""
    now = datetime.now().isoformat(sep=" ")
    session_id = uuid.uuid4().hex
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO mentoring_session (id, kind, status, session_date, start_time, duration_minutes, mode, "
            "step, topics, notes, mentor_id, created_at, updated_at) VALUES (?, 'group', 'held', ?, '10:00:00', "
            "45, 'in_person', 'general', ?, ?, ?, ?, ?)",
            (session_id, day, json.dumps(["CV"]), "Practised answers.", mentor, now, now))
        connection.executemany("INSERT INTO session_attendance (session_id, mentee_id, attendance) "
                               "VALUES (?, ?, 'attended')", [(session_id, m) for m in mentees])
        connection.execute("INSERT INTO follow_up (id, session_id, mentee_id, owner_id, text, due_date, created_at, "
                           "updated_at) VALUES (?, ?, ?, ?, 'Send the CV', ?, ?, ?)",
                           (uuid.uuid4().hex, session_id, mentees[0], mentor, day, now, now))
        last = connection.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
        seq = last[0] if last else 0
        for offset in (1, 2):
            connection.execute(
                "INSERT INTO audit_event (id, seq, occurred_at, action, entity, entity_id, fields, prev_hash, "
                "hash) VALUES (?, ?, ?, 'create', 'mentoring_session', ?, '[]', ?, ?)",
                (uuid.uuid4().hex, seq + offset, now, session_id, "0" * 64, uuid.uuid4().hex * 2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--data-dir", type=Path, help="reuse a folder that already holds demo data")
    args = parser.parse_args()

    from mentordesk.config.paths import AppPaths
    from mentordesk.enums import Attendance, SessionMode
    from mentordesk.services.mentees import MenteeQuery
    from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
    from mentordesk.services.workspace import open_workspace

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="mentordesk-bench-"))
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}"))
    if workspace.overview.counts().mentees == 0:
        print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
        workspace.demo.generate(mentees=args.mentees)
    counts = workspace.overview.counts()
    mentor = workspace.organisation.workers(active_only=True)[0]
    two = workspace.mentees.search_ids(MenteeQuery(mentor_id=mentor.id))[:2] or \
        workspace.mentees.search_ids(MenteeQuery())[:2]
    yesterday = date.today() - timedelta(days=1)
    form = SessionForm(
        participants=tuple(Participant(m, Attendance.ATTENDED) for m in two), session_date=yesterday,
        duration_minutes=45, mode=SessionMode.IN_PERSON, topics=("CV", "interview practice"),
        notes="Practised answers for the bakery job.\nZoë will bring her certificate next time.",
        mentor_id=mentor.id, follow_ups=(FollowUpForm("Send the CV to the bakery", date.today()),),
    )

    service, raw = [], []
    connection = sqlite3.connect(str(workspace.paths.database_file), isolation_level=None)
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    for _ in range(args.runs):
        start = time.perf_counter()
        workspace.sessions.log(form, actor_id=mentor.id)
        service.append(time.perf_counter() - start)
        start = time.perf_counter()
        raw_save(connection, [m.hex for m in two], mentor.id.hex, yesterday.isoformat())
        raw.append(time.perf_counter() - start)
    connection.close()
    workspace.close()

    figure, base = median_ms(service), median_ms(raw)
    print(f"data: {counts.mentees:,} mentees, {counts.sessions:,} sessions; {args.runs} saves each")
    print(f"save a session (2 mentees, follow-up, notes): median {figure:.1f} ms "
          f"(min {min(service) * 1000:.1f}, max {max(service) * 1000:.1f}); target < {TARGET_MS} ms: "
          f"{'met' if figure < TARGET_MS else 'NOT met'}")
    print(f"raw sqlite3, same rows, one transaction: median {base:.1f} ms; ratio {figure / base:.1f}x")


if __name__ == "__main__":
    main()
