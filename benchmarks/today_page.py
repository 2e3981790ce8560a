"""Building the Today page (agenda + first paint) on a demo caseload (default 10,000 mentees).

Measured twice: "My caseload" for the worker with the largest caseload, and "Everyone". Each
figure is set against the raw SQL the page needs, run with plain sqlite3 in the same process
(no ORM, no Qt), so the ratio shows what the layers cost. Target: under 200 ms (median).

"Today" is the day of the latest held session in the database (the demo logs sessions up to
the day it was generated), so an older demo still has this week's plans; --today overrides it.

    python benchmarks/today_page.py [--mentees 10000] [--runs 15] [--data-dir DIR] [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 200

# The queries TodayService runs, written out by hand ({scope} marks where "My caseload" differs).
RAW_SESSIONS = """
SELECT s.id, s.session_date, s.start_time, s.duration_minutes, s.kind, s.mode, s.mentor_id, w.full_name
FROM mentoring_session s LEFT JOIN worker w ON w.id = s.mentor_id
WHERE {scope} AND s.session_date BETWEEN :first AND :last
ORDER BY s.session_date, s.start_time NULLS LAST, s.id LIMIT 100
"""
RAW_SESSIONS_COUNT = ("SELECT count(*) FROM mentoring_session s "
                      "WHERE {scope} AND s.session_date BETWEEN :first AND :last")
SESSION_SCOPE = {"everyone": "s.status = 'planned'", "mine": "s.mentor_id = :worker AND s.status || '' = 'planned'"}
RAW_ATTENDEES = """
SELECT a.session_id, m.id, m.first_name, m.last_name, m.reference_code
FROM session_attendance a JOIN mentee m ON m.id = a.mentee_id
WHERE a.session_id IN ({ids}) AND a.attendance != 'cancelled' ORDER BY m.sort_name, m.reference_code
"""
RAW_FOLLOW_UPS = """
SELECT f.id, f.text, f.due_date, f.mentee_id, m.first_name, m.last_name, m.reference_code, f.owner_id, w.full_name,
  f.session_id
FROM follow_up f LEFT JOIN mentee m ON m.id = f.mentee_id LEFT JOIN worker w ON w.id = f.owner_id
WHERE {scope} ORDER BY f.due_date, m.sort_name, f.id LIMIT 100
"""
RAW_FOLLOW_UPS_COUNT = "SELECT count(*) FROM follow_up f WHERE {scope}"
FOLLOW_UP_SCOPE = {
    "everyone": "f.done_at IS NULL AND f.due_date BETWEEN :first AND :last",
    "mine": """f.id IN (
      SELECT id FROM follow_up WHERE owner_id = :worker AND due_date BETWEEN :first AND :last
        AND done_at || '' IS NULL
      UNION
      SELECT id FROM follow_up
      WHERE mentee_id IN (SELECT mentee_id FROM enrolment WHERE mentor_id = :worker AND ended_on IS NULL)
        AND done_at IS NULL AND due_date BETWEEN :first AND :last
        AND NOT EXISTS (SELECT 1 FROM worker o WHERE o.id = follow_up.owner_id AND o.is_active = 1))""",
}
RAW_NO_CONTACT = """
SELECT m.id, m.first_name, m.last_name, m.reference_code, m.sort_name,
  (SELECT w.full_name FROM worker w JOIN enrolment e ON e.mentor_id = w.id
    WHERE e.mentee_id = m.id AND e.ended_on IS NULL ORDER BY e.started_on DESC LIMIT 1),
  (SELECT max(s.session_date) FROM mentoring_session s JOIN session_attendance a ON a.session_id = s.id
    WHERE a.mentee_id = m.id AND s.status || '' = 'held' AND a.attendance = 'attended'),
  (SELECT max(c.changed_on) FROM mentee_status_change c WHERE c.mentee_id = m.id AND c.status = 'active')
FROM mentee m WHERE {scope}
"""
NO_CONTACT_SCOPE = {
    "everyone": """m.status = 'active' AND m.id NOT IN (
      SELECT a.mentee_id FROM session_attendance a JOIN mentoring_session s ON s.id = a.session_id
      WHERE s.status = 'held' AND s.session_date >= :cutoff AND a.attendance = 'attended')""",
    "mine": """m.id IN (SELECT mentee_id FROM enrolment WHERE mentor_id = :worker AND ended_on IS NULL)
      AND m.status || '' = 'active' AND NOT EXISTS (
      SELECT 1 FROM session_attendance a JOIN mentoring_session s ON s.id = a.session_id
      WHERE a.mentee_id = m.id AND s.session_date >= :cutoff AND a.attendance = 'attended'
        AND s.status || '' = 'held')""",
}
RAW_PROGRAMMES = """
SELECT p.id, p.name, p.end_date,
  (SELECT count(e.id) FROM enrolment e WHERE e.programme_id = p.id AND e.ended_on IS NULL {scope})
FROM programme p WHERE p.end_date BETWEEN :first AND :last AND p.is_archived = 0 ORDER BY p.end_date, p.name
"""
PROGRAMME_SCOPE = {"everyone": "", "mine": "AND e.mentor_id = :worker"}


def raw_agenda(db: sqlite3.Connection, today: date, worker: uuid.UUID | None) -> int:
    """Every query the page needs, as TodayService runs them; returns the rows fetched."""
    scope = "mine" if worker else "everyone"
    week_end = today + timedelta(days=6)
    params: dict[str, object] = {"worker": worker.hex if worker else None}
    fetched = 0
    if worker:
        fetched += len(db.execute("SELECT id, full_name FROM worker WHERE id = :worker", params).fetchall())
    days = db.execute("SELECT inactivity_days FROM organisation").fetchone()[0]
    for first, last in ((today, today), (today + timedelta(days=1), week_end)):
        window = {**params, "first": first.isoformat(), "last": last.isoformat()}
        rows = db.execute(RAW_SESSIONS.format(scope=SESSION_SCOPE[scope]), window).fetchall()
        if len(rows) == 100:
            db.execute(RAW_SESSIONS_COUNT.format(scope=SESSION_SCOPE[scope]), window).fetchone()
        if rows:
            ids = [row[0] for row in rows]
            fetched += len(db.execute(RAW_ATTENDEES.format(ids=",".join("?" * len(ids))), ids).fetchall())
        fetched += len(rows)
    for first, last in ((date.min, today - timedelta(days=1)), (today, week_end)):
        window = {**params, "first": first.isoformat(), "last": last.isoformat()}
        rows = db.execute(RAW_FOLLOW_UPS.format(scope=FOLLOW_UP_SCOPE[scope]), window).fetchall()
        if len(rows) == 100:
            db.execute(RAW_FOLLOW_UPS_COUNT.format(scope=FOLLOW_UP_SCOPE[scope]), window).fetchone()
        fetched += len(rows)
    cutoff = {**params, "cutoff": (today - timedelta(days=days)).isoformat()}
    fetched += len(db.execute(RAW_NO_CONTACT.format(scope=NO_CONTACT_SCOPE[scope]), cutoff).fetchall())
    window = {**params, "first": today.isoformat(), "last": (today + timedelta(days=14)).isoformat()}
    fetched += len(db.execute(RAW_PROGRAMMES.format(scope=PROGRAMME_SCOPE[scope]), window).fetchall())
    return fetched


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data-dir", type=Path, help="reuse a folder that already holds demo data")
    parser.add_argument("--today", type=date.fromisoformat, help="the day to show (default: latest held session)")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from mentordesk.config.paths import AppPaths
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.services.follow_ups import FollowUpService
    from mentordesk.services.today import TodayService
    from mentordesk.services.workspace import open_workspace
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.pages.today import TodayPage

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="mentordesk-bench-"))
    database = data_dir / "mentordesk.db"
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{database}"))
    if workspace.overview.counts().mentees == 0:
        print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
        workspace.demo.generate(mentees=args.mentees)
    counts = workspace.overview.counts()
    engine = make_engine(f"sqlite:///{database}")
    sessions = make_session_factory(engine)
    today_service, follow_ups = TodayService(sessions), FollowUpService(sessions)

    raw = sqlite3.connect(database)
    today = args.today or date.fromisoformat(
        raw.execute("SELECT max(session_date) FROM mentoring_session WHERE status = 'held'").fetchone()[0])
    busiest, caseload = raw.execute(
        "SELECT mentor_id, count(*) FROM enrolment WHERE ended_on IS NULL AND mentor_id IS NOT NULL "
        "GROUP BY mentor_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    worker_id = uuid.UUID(busiest)

    app = QApplication.instance() or QApplication([])
    events = DataEvents()
    settings_dir = Path(tempfile.mkdtemp(prefix="mentordesk-bench-settings-"))
    print(f"Today page on {counts.mentees:,} mentees, {counts.sessions:,} sessions, today = {today.isoformat()}, "
          f"{args.runs} runs, offscreen")
    for scope, worker in ((f"my caseload ({caseload} mentees)", worker_id), ("everyone", None)):
        current = CurrentWorker(settings_dir / f"{scope.split()[0]}.json")
        current.set(worker)
        agenda_times, page_times, raw_times = [], [], []
        shown = ""
        for _ in range(args.runs):
            started = time.perf_counter()
            agenda = today_service.agenda(today, worker)
            agenda_times.append(time.perf_counter() - started)

            started = time.perf_counter()
            page = TodayPage(today_service, follow_ups, workspace.organisation, current, events,
                             clock=lambda: today)
            page.resize(1180, 760)
            page.show()
            app.processEvents()  # first paint
            page_times.append(time.perf_counter() - started)
            assert page.agenda == agenda and page.scope_worker_id() == worker
            shown = (f"{len(agenda.sessions_today)}+{len(agenda.sessions_this_week)} sessions "
                     f"(of {agenda.sessions_today_total}+{agenda.sessions_this_week_total}), "
                     f"{len(agenda.follow_ups_overdue)}+{len(agenda.follow_ups_due)} follow-ups "
                     f"(of {agenda.follow_ups_overdue_total}+{agenda.follow_ups_due_total}), "
                     f"{len(agenda.no_contact)} no contact (of {agenda.no_contact_total}), "
                     f"{len(agenda.programmes_ending)} programmes")
            page.close()
            page.deleteLater()
            app.processEvents()

            started = time.perf_counter()
            raw_agenda(raw, today, worker)
            raw_times.append(time.perf_counter() - started)

        verdict = "PASS" if median_ms(page_times) < TARGET_MS else "FAIL"
        print(f"  {scope}: {shown}")
        print(f"    agenda() alone      median {median_ms(agenda_times):7.1f} ms  "
              f"ratio {median_ms(agenda_times) / median_ms(raw_times):4.1f}x")
        print(f"    page + first paint  median {median_ms(page_times):7.1f} ms (min {min(page_times) * 1000:.1f}, "
              f"max {max(page_times) * 1000:.1f})  raw SQL {median_ms(raw_times):6.1f} ms  "
              f"ratio {median_ms(page_times) / median_ms(raw_times):4.1f}x  target < {TARGET_MS} ms  {verdict}")
    raw.close()
    engine.dispose()
    workspace.close()


if __name__ == "__main__":
    main()
