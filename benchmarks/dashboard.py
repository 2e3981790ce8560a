"""The dashboard's figures and the funder report on a demo caseload (default: a copy of a 10,000-mentee demo).

* dashboard(): the service call behind the Dashboard page, median of --runs, for the page's default view
  (this month, everyone; target under 250 ms, so the page, ~45 ms of its own, paints under 300 ms; a refresh
  after a change reads again only what the change can alter: dashboard_page.py times it against 150 ms) and,
  for information,
  without a period, for the busiest programme and for the busiest mentor over the last 3 months.
* the same SQL without the layers: every statement dashboard() ran, captured once and replayed one after
  the other with plain sqlite3 in the same process; the ratio shows what the ORM costs and the parallel
  panels save.
* query plans: any statement of either call that scans a large table whole is listed.
* the funder report end to end (the figures for the last 12 months, then the PDF written; target under 3 s),
  with the figures and the rendering also timed alone.

"Today" is the day of the latest held session (the demo logs sessions up to the day it was generated).

    python benchmarks/dashboard.py [--source /tmp/demo10k/mentordesk.db] [--runs 15] [--today YYYY-MM-DD]

The source database is copied (SQLite backup API) into a temporary folder and never written; without one,
demo data is generated (--mentees).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

DASHBOARD_TARGET_MS = 250  # a full read; the first paint's budget less the page's own share
REPORT_TARGET_S = 3.0
LARGE_TABLES = ("mentoring_session", "session_attendance", "assessment", "assessment_score", "follow_up",
                "consent_record", "learning_outcome", "learning_activity", "mentee_status_change")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(work: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/tmp/demo10k/mentordesk.db"),
                        help="a demo database to copy (left untouched)")
    parser.add_argument("--mentees", type=int, default=10_000, help="demo size when there is no source")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument("--today", type=date.fromisoformat, help="the day to show (default: latest held session)")
    parser.add_argument("--keep", action="store_true", help="keep the copied database and the report")
    args = parser.parse_args()

    from sqlalchemy import event

    from mentordesk.config.paths import AppPaths
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.db.migrate import backup_sqlite
    from mentordesk.services.dashboard import DashboardService
    from mentordesk.services.dashboard_data import DashboardFilter
    from mentordesk.services.workspace import open_workspace

    folder = Path(tempfile.mkdtemp(prefix="mentordesk-bench-dashboard-"))
    data_dir = folder / "data"
    data_dir.mkdir()
    database = data_dir / "mentordesk.db"
    if args.source.is_file():
        backup_sqlite(args.source, database)
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{database}"))
    try:
        if workspace.overview.counts().mentees == 0:
            print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
            workspace.demo.generate(mentees=args.mentees)
        counts = workspace.overview.counts()
        raw = sqlite3.connect(database)
        today = args.today or date.fromisoformat(
            raw.execute("SELECT max(session_date) FROM mentoring_session WHERE status = 'held'").fetchone()[0])
        programme, mentor = (
            raw.execute(f"SELECT {column} FROM enrolment WHERE ended_on IS NULL AND {column} IS NOT NULL "
                        f"GROUP BY {column} ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
            for column in ("programme_id", "mentor_id"))
        this_month = DashboardFilter(date_from=today.replace(day=1), date_to=today)
        quarter = {"date_from": today - timedelta(days=91), "date_to": today}
        views = {
            "this month, everyone (the page's default)": this_month,
            "no period (active mentees now, sessions this month)": DashboardFilter(),
            "busiest programme, last 3 months": DashboardFilter(programme_id=uuid.UUID(programme), **quarter),
            "busiest mentor, last 3 months": DashboardFilter(mentor_id=uuid.UUID(mentor), **quarter),
        }
        # The workspace's service, on an engine of our own so that the statements it runs can be captured.
        engine = make_engine(f"sqlite:///{database}")
        service = DashboardService(make_session_factory(engine))
        statements: list[tuple[str, tuple]] = []
        captured: list[tuple[str, tuple]] = []

        def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
            if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                statements.append((statement, parameters))

        print(f"Dashboard on {counts.mentees:,} mentees, {counts.sessions:,} sessions, "
              f"today = {today.isoformat()}, {args.runs} runs")
        for number, (name, figures) in enumerate(views.items()):
            service.dashboard(figures, today)  # warm the page cache and SQLAlchemy's statement cache
            samples = timed(lambda figures=figures: service.dashboard(figures, today), args.runs)
            statements.clear()
            event.listen(engine, "before_cursor_execute", capture)
            service.dashboard(figures, today)
            event.remove(engine, "before_cursor_execute", capture)
            captured.extend(statements)
            replayed = timed(lambda: [raw.execute(sql, params).fetchall() for sql, params in statements], args.runs)
            line = (f"  {name}: median {median_ms(samples):6.1f} ms (min {min(samples) * 1000:.1f})  "
                    f"raw SQL one after the other {median_ms(replayed):6.1f} ms ({len(statements)} statements)  "
                    f"ratio {median_ms(samples) / median_ms(replayed):4.2f}x")
            if number == 0:
                verdict = "PASS" if median_ms(samples) < DASHBOARD_TARGET_MS else "FAIL"
                line += f"  target < {DASHBOARD_TARGET_MS} ms  {verdict}"
            print(line)
        scans = _large_scans(raw, captured)
        print(f"  query plans: {'no large table read whole' if not scans else 'large tables read whole:'}")
        for table, sql in scans:
            print(f"    {table}: {sql[:110]}…")

        first, last = _last_twelve_months(today)
        report = service.funder_report(first, last)
        report_file = folder / "report.pdf"
        figures_time = timed(lambda: service.funder_report(first, last), args.report_runs)
        from mentordesk.reports.funder_report import render_funder_report

        render_time = timed(lambda: render_funder_report(report), args.report_runs)

        def end_to_end() -> None:
            service.write_report_pdf(service.funder_report(first, last), report_file)

        total = timed(end_to_end, args.report_runs)
        verdict = "PASS" if statistics.median(total) < REPORT_TARGET_S else "FAIL"
        print(f"Funder report {first.isoformat()} to {last.isoformat()}: "
              f"{sum(count.value or 0 for count in report.participants_by_status):,} participants, "
              f"{report.hours_total:,.0f} h, {report_file.stat().st_size // 1024} KiB")
        print(f"  figures {median_ms(figures_time):7.0f} ms  PDF rendering {median_ms(render_time):7.0f} ms  "
              f"end to end median {statistics.median(total):5.2f} s  target < {REPORT_TARGET_S:.0f} s  {verdict}")
        raw.close()
        engine.dispose()
    finally:
        workspace.close()
        if args.keep:
            print(f"kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _last_twelve_months(today: date) -> tuple[date, date]:
    from mentordesk.services.validation import years_before

    return years_before(today, 1) + timedelta(days=1), today


def _large_scans(raw: sqlite3.Connection, statements: list[tuple[str, tuple]]) -> list[tuple[str, str]]:
    """(table, statement) for each plan step that reads a large table without an index."""
    found = []
    for sql, params in statements:
        for *_ids, detail in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params):
            match = re.match(r"SCAN (\w+)", detail)
            table = re.sub(r"_\d+$", "", match.group(1)) if match else ""  # assessment_score_1: an alias
            if table in LARGE_TABLES:
                found.append((table, " ".join(sql.split())))
    return found


if __name__ == "__main__":
    main()
