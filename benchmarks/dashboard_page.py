"""The Dashboard page on a demo database (default 10,000 mentees): first paint and refresh after a change.

- first paint: the page built, shown and painted, figures included (median over --runs; target < 300 ms).
  The very first time in a process also loads QtCharts; that figure is printed apart, once.
- refresh after a change: with the page on screen, a follow-up is ticked, a session logged, a consent recorded
  or an assessment saved (the write is not timed), the change event is emitted and the page re-queries what the
  change can alter and repaints (median over all, and per kind of change; target < 150 ms).
- alongside: DashboardService.dashboard() alone, and a drill-down (the active mentees' ids, then the
  Mentees page showing them).

"Today" is the day of the latest held session in the database, so an older demo still has this month's
figures; --today overrides it. Run it on a copy: the refresh runs tick follow-ups (and tick them back).

    python benchmarks/dashboard_page.py --data-dir DIR [--runs 15] [--today YYYY-MM-DD] [--mentees 10000]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIRST_PAINT_TARGET_MS = 300
REFRESH_TARGET_MS = 150


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def verdict(samples: list[float], target_ms: float) -> str:
    return "PASS" if median_ms(samples) < target_ms else "FAIL"


class TimedService:
    """The real DashboardService, with the time of each dashboard() call the page makes kept aside."""

    def __init__(self, service: object) -> None:
        self._service = service
        self.last_call = 0.0

    def dashboard(self, *args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return self._service.dashboard(*args, **kwargs)
        finally:
            self.last_call = time.perf_counter() - started

    def __getattr__(self, name: str) -> object:
        return getattr(self._service, name)


def _changes(workspace, today: date, active: list[uuid.UUID], follow_ups: list[uuid.UUID]) -> dict:  # noqa: ANN001
    """name -> (change kinds, write(run) -> what undo needs, undo or None): the saves a youth worker makes most."""
    from mentordesk.enums import AssessmentKind, ConsentAction, ConsentGiver, ConsentMethod, ConsentPurpose, SessionMode
    from mentordesk.services.changes import ChangeKind
    from mentordesk.services.consent import ConsentEntry
    from mentordesk.services.errors import ValidationError
    from mentordesk.services.pathway_forms import AssessmentForm
    from mentordesk.services.session_forms import Participant, SessionForm

    def mentee(run: int) -> uuid.UUID:
        return active[(run * 7919) % len(active)]

    def tick(run: int) -> uuid.UUID:
        workspace.follow_ups.set_done(follow_ups[run % len(follow_ups)], True)
        return follow_ups[run % len(follow_ups)]

    def log(run: int) -> uuid.UUID:
        form = SessionForm(participants=(Participant(mentee(run)),), session_date=today, duration_minutes=45,
                           mode=SessionMode.PHONE)
        return workspace.sessions.log(form).id

    def consent(run: int) -> None:
        workspace.consent.record(mentee(run), ConsentEntry(ConsentPurpose.PROCESSING, ConsentAction.GIVEN,
                                                           ConsentMethod.PAPER_FORM, "v1", today,
                                                           ConsentGiver.GUARDIAN, "Kim Doe", "Parent"))

    def assess(run: int) -> uuid.UUID:
        try:
            return workspace.pathway.add_assessment(mentee(run), AssessmentForm(AssessmentKind.INTERIM, today)).id
        except ValidationError:  # no baseline yet: this is it
            return workspace.pathway.add_assessment(mentee(run), AssessmentForm(AssessmentKind.BASELINE, today)).id

    return {
        "follow-up ticked": ((ChangeKind.FOLLOW_UPS,), tick, lambda i: workspace.follow_ups.set_done(i, False)),
        "session logged": ((ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS), log, workspace.sessions.delete),
        "consent recorded": ((ChangeKind.CONSENT,), consent, None),
        "assessment saved": ((ChangeKind.PATHWAY,), assess, workspace.pathway.delete_assessment),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000, help="demo size when the folder holds no data")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data-dir", type=Path, help="a folder holding (a copy of) demo data")
    parser.add_argument("--today", type=date.fromisoformat, help="the day to show (default: latest held session)")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from mentordesk.config.paths import AppPaths
    from mentordesk.services.changes import Changes
    from mentordesk.services.dashboard_data import DashboardFilter, Drill, DrillKind
    from mentordesk.services.workspace import open_workspace
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.pages.dashboard import DashboardPage
    from mentordesk.ui.pages.mentees import MenteesPage
    from mentordesk.ui.tasks import TaskRunner

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="mentordesk-bench-"))
    database = data_dir / "mentordesk.db"
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{database}"))
    if workspace.overview.counts().mentees == 0:
        print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
        workspace.demo.generate(mentees=args.mentees)
    counts = workspace.overview.counts()
    raw = sqlite3.connect(database)
    today = args.today or date.fromisoformat(
        raw.execute("SELECT max(session_date) FROM mentoring_session WHERE status = 'held'").fetchone()[0])
    open_follow_ups = [uuid.UUID(row[0]) for row in raw.execute(
        "SELECT id FROM follow_up WHERE done_at IS NULL ORDER BY due_date LIMIT ?", (args.runs,))]
    raw.close()

    app = QApplication.instance() or QApplication([])
    events = DataEvents()
    runner = TaskRunner()
    service = TimedService(workspace.dashboard)

    def painted_page() -> DashboardPage:
        page = DashboardPage(service, workspace.organisation, runner, events, profile=workspace.profile,
                             clock=lambda: today)
        page.resize(1280, 900)
        page.show()
        app.processEvents()  # the first paint
        return page

    def close(page: DashboardPage) -> None:
        page.close()
        page.deleteLater()
        app.processEvents()

    print(f"Dashboard page on {counts.mentees:,} mentees, {counts.sessions:,} sessions, today = {today.isoformat()}, "
          f"{args.runs} runs, offscreen")

    started = time.perf_counter()
    page = painted_page()
    first_ever = time.perf_counter() - started
    close(page)

    service_times, paint_times, paint_own = [], [], []
    shown = ""
    for _ in range(args.runs):
        started = time.perf_counter()
        dashboard = service.dashboard(DashboardFilter(date_from=today.replace(day=1), date_to=today), today=today)
        service_times.append(time.perf_counter() - started)

        started = time.perf_counter()
        page = painted_page()
        paint_times.append(time.perf_counter() - started)
        paint_own.append(paint_times[-1] - service.last_call)
        assert page.dashboard == dashboard, "the page shows what the service computed"
        cards = {card.key: card.value for card in dashboard.cards}
        shown = (f"cards {cards}, funnel {[stage.mentees for stage in dashboard.funnel]}, "
                 f"{len(dashboard.weeks)} weeks, {len(dashboard.competences)} competences, "
                 f"{len(dashboard.mentors)} mentors, attention {[item.count for item in dashboard.attention]}")
        close(page)

    page = painted_page()
    active = workspace.dashboard.mentee_ids(Drill(DrillKind.ACTIVE), DashboardFilter(), today)
    changes = _changes(workspace, today, active, open_follow_ups)
    refresh_times: dict[str, list[float]] = {name: [] for name in changes}
    refresh_own: list[float] = []
    for run in range(args.runs):
        for name, (kinds, write, undo) in changes.items():
            undone = write(run)  # a real write, so SQLite's cache sees a change; not timed
            before = page.dashboard
            started = time.perf_counter()
            events.emit_changed(Changes.of(*kinds))
            app.processEvents()  # repainted
            refresh_times[name].append(time.perf_counter() - started)
            refresh_own.append(refresh_times[name][-1] - service.last_call)
            assert page.dashboard is not before, "the change event refreshed the page"
            if undo is not None:
                undo(undone)
                events.emit_changed(Changes.of(*kinds))
                app.processEvents()
    full = DashboardFilter(date_from=today.replace(day=1), date_to=today)
    assert page.dashboard == workspace.dashboard.dashboard(full, today=today), "refreshed figures = a full read"

    mentees = MenteesPage(workspace.mentees, workspace.organisation,
                          CurrentWorker(Path(tempfile.mkdtemp()) / "settings.json"), events)
    mentees.resize(1280, 900)
    mentees.show()
    app.processEvents()
    page.show_mentees_requested.connect(mentees.show_ids)
    drill_times = []
    for _ in range(max(args.runs // 3, 3)):
        started = time.perf_counter()
        page.open_drill(Drill(DrillKind.ACTIVE))
        app.processEvents()
        drill_times.append(time.perf_counter() - started)
    listed = mentees.model.rowCount()
    close(page)

    print(f"  figures: {shown}")
    print(f"  dashboard() alone          median {median_ms(service_times):7.1f} ms")
    print(f"  first paint                median {median_ms(paint_times):7.1f} ms (min {min(paint_times) * 1000:.1f}, "
          f"max {max(paint_times) * 1000:.1f})  target < {FIRST_PAINT_TARGET_MS} ms  "
          f"{verdict(paint_times, FIRST_PAINT_TARGET_MS)}")
    print(f"    of which the page's own  median {median_ms(paint_own):7.1f} ms (the rest: dashboard())")
    print(f"  first paint, first time    {first_ever * 1000:7.1f} ms (once: QtCharts loaded, charts built)")
    every = [sample for samples in refresh_times.values() for sample in samples]
    print(f"  refresh after a change     median {median_ms(every):7.1f} ms over {len(every)} changes of "
          f"{len(refresh_times)} kinds  target < {REFRESH_TARGET_MS} ms  {verdict(every, REFRESH_TARGET_MS)}")
    for name, samples in refresh_times.items():
        print(f"    {name:<24} median {median_ms(samples):7.1f} ms (max {max(samples) * 1000:.1f})  "
              f"{verdict(samples, REFRESH_TARGET_MS)}")
    print(f"    of which the page's own  median {median_ms(refresh_own):7.1f} ms (the rest: dashboard())")
    print(f"  drill-down, active mentees median {median_ms(drill_times):7.1f} ms "
          f"({listed:,} listed on the Mentees page)")
    workspace.close()


if __name__ == "__main__":
    main()
