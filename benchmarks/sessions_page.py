"""Opening the Sessions page and changing its filters, on a demo caseload (default 10,000 mentees).

Each figure is set against the raw SQL that fetches the same keys and the same first block of
rows in the same run (plain sqlite3, no ORM, no Qt), so the ratio shows what the layers cost.
Opening is measured from constructing the page to its first screen painted; a filter change
from choosing it to the new first screen painted (each from the unfiltered list).
Targets: open under 500 ms, a filter change under 100 ms (medians).

    python benchmarks/sessions_page.py [--mentees 10000] [--runs 15] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402

OPEN_TARGET_MS, FILTER_TARGET_MS = 500, 100

RAW_KEYS = "SELECT id FROM mentoring_session {where} ORDER BY session_date DESC, start_time DESC"
RAW_ROWS = """
SELECT s.id, s.session_date, s.start_time, s.duration_minutes, s.status, s.kind, s.mode, s.platform, s.step,
  w.full_name, p.name, s.topics, s.engagement,
  (SELECT count(f.id) FROM follow_up f WHERE f.session_id = s.id AND f.done_at IS NULL)
FROM mentoring_session s LEFT JOIN worker w ON w.id = s.mentor_id LEFT JOIN programme p ON p.id = s.programme_id
WHERE s.id IN ({marks})
"""
RAW_NAMES = """
SELECT a.session_id, m.first_name, m.last_name, a.attendance FROM session_attendance a
JOIN mentee m ON m.id = a.mentee_id WHERE a.session_id IN ({marks}) ORDER BY m.sort_name
"""


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def raw_list(connection: sqlite3.Connection, where: str, parameters: tuple, block: int) -> None:
    """What the page needs, in plain SQL: every key in order, then the first block's rows and names."""
    keys = [key for (key,) in connection.execute(RAW_KEYS.format(where=where), parameters)]
    first = keys[:block]
    marks = ",".join("?" * len(first))
    if first:
        connection.execute(RAW_ROWS.format(marks=marks), first).fetchall()
        connection.execute(RAW_NAMES.format(marks=marks), first).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data-dir", type=Path, help="reuse a folder that already holds demo data")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from mentordesk.config.paths import AppPaths
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.enums import Attendance, PathwayStep, SessionMode
    from mentordesk.services.organisation import OrganisationService
    from mentordesk.services.session_list import SessionQuery
    from mentordesk.services.sessions import SessionService
    from mentordesk.services.workspace import open_workspace
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.models.lazy_table import BLOCK
    from mentordesk.ui.pages.sessions import Period, SessionsPage
    from mentordesk.ui.tasks import TaskRunner

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="mentordesk-bench-"))
    database = data_dir / "mentordesk.db"
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{database}"))  # migrates an older demo copy
    if workspace.overview.counts().mentees == 0:
        print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
        workspace.demo.generate(mentees=args.mentees)
    engine = make_engine(f"sqlite:///{database}")
    sessions = SessionService(make_session_factory(engine))
    organisation = OrganisationService(make_session_factory(engine))
    total = sessions.count(SessionQuery())

    raw = sqlite3.connect(database)
    mentor_key, newest = raw.execute(
        "SELECT mentor_id, (SELECT max(session_date) FROM mentoring_session) FROM mentoring_session "
        "WHERE mentor_id IS NOT NULL GROUP BY mentor_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    month_end = date.fromisoformat(newest).replace(day=1) - timedelta(days=1)  # the last whole month
    month_start = month_end.replace(day=1)
    # name: (how the page is set, the same filter in raw SQL)
    changes = {
        "mode: video call": (lambda page: _choose(page.mode_filter, SessionMode.VIDEO_CALL),
                             ("WHERE mode = ?", (SessionMode.VIDEO_CALL.value,))),
        "step: validation": (lambda page: _choose(page.step_filter, PathwayStep.VALIDATION),
                             ("WHERE step = ?", (PathwayStep.VALIDATION.value,))),
        "attendance: no-show": (lambda page: _choose(page.attendance_filter, Attendance.NO_SHOW),
                                ("WHERE id IN (SELECT session_id FROM session_attendance WHERE attendance = ?)",
                                 (Attendance.NO_SHOW.value,))),
        "mentor: the busiest": (lambda page: _choose(page.mentor_filter, mentor_key),
                                ("WHERE mentor_id = ?", (mentor_key,))),
        f"dates: {month_start:%B %Y}": (lambda page: _set_month(page, Period, month_start, month_end),
                                        ("WHERE session_date >= ? AND session_date <= ?",
                                         (month_start.isoformat(), month_end.isoformat()))),
    }

    app = QApplication.instance() or QApplication([])
    worker = CurrentWorker(data_dir / "bench-settings.json")
    events = DataEvents()
    runner = TaskRunner()
    counter = _PaintCounter()

    open_times: list[float] = []
    change_times: dict[str, list[float]] = {name: [] for name in changes}
    for _ in range(args.runs):
        started = time.perf_counter()
        page = SessionsPage(sessions, organisation, None, None, runner, worker, events)
        page.table.viewport().installEventFilter(counter)
        page.resize(1280, 760)
        page.show()  # refreshes: the keys are queried here
        _paint(app, page, counter)
        open_times.append(time.perf_counter() - started)
        for name, (change, _sql) in changes.items():
            started = time.perf_counter()
            change(page)
            _paint(app, page, counter)
            change_times[name].append(time.perf_counter() - started)
            _reset(page, Period)
        page.close()
        page.deleteLater()
        app.processEvents()

    raw_open: list[float] = []
    raw_changes: dict[str, list[float]] = {name: [] for name in changes}
    for _ in range(args.runs):
        started = time.perf_counter()
        raw_list(raw, "", (), BLOCK)
        raw_open.append(time.perf_counter() - started)
        for name, (_change, (where, parameters)) in changes.items():
            started = time.perf_counter()
            raw_list(raw, where, parameters, BLOCK)
            raw_changes[name].append(time.perf_counter() - started)
    raw.close()
    engine.dispose()
    workspace.close()

    print(f"Sessions page on {total:,} sessions, {args.runs} runs, offscreen; raw SQL fetches the same keys "
          f"and the first {BLOCK} rows")
    _report("open page (keys + first screen painted)", open_times, raw_open, OPEN_TARGET_MS)
    for name in changes:
        _report(f"filter {name}", change_times[name], raw_changes[name], FILTER_TARGET_MS)
    every_change = [t for samples in change_times.values() for t in samples]
    every_raw = [t for samples in raw_changes.values() for t in samples]
    _report("filter changes, all together", every_change, every_raw, FILTER_TARGET_MS)


def _report(name: str, ours: list[float], base: list[float], target: int) -> None:
    verdict = "PASS" if median_ms(ours) < target else "FAIL"
    print(f"  {name:<40} median {median_ms(ours):7.1f} ms (min {min(ours) * 1000:6.1f}, "
          f"max {max(ours) * 1000:6.1f})  raw SQL {median_ms(base):6.1f} ms  "
          f"ratio {median_ms(ours) / median_ms(base):4.1f}x  target < {target} ms  {verdict}")


class _PaintCounter(QObject):
    """Counts the table's paints, so that each measurement paints the first screen exactly once."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        self.paints += event.type() == QEvent.Type.Paint
        return False


def _paint(app, page, counter: _PaintCounter) -> None:
    """Deliver pending events (which paints, the visible rows being fetched then); force a paint if none came."""
    before = counter.paints
    app.processEvents()
    if counter.paints == before:
        page.table.viewport().repaint()


def _choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(getattr(value, "value", value)))  # choosing applies the filter


def _set_month(page, period, start: date, end: date) -> None:
    page.period_filter.blockSignals(True)  # the custom fields are set first, then applied once
    page.period_filter.setCurrentIndex(page.period_filter.findData(period.CUSTOM.value))
    page.period_filter.blockSignals(False)
    page.date_from.set_value(start)
    page.date_to.set_value(end)
    page._apply()  # what the date fields' timer runs once typing pauses


def _reset(page, period) -> None:
    for combo in (page.mode_filter, page.step_filter, page.attendance_filter, page.mentor_filter):
        combo.setCurrentIndex(0)
    page.period_filter.setCurrentIndex(page.period_filter.findData(period.ALL.value))


if __name__ == "__main__":
    main()
