"""Opening the Mentees page and one filter keystroke, on a demo caseload (default 10,000 mentees).

Each figure is set against the raw SQL that fetches the same rows in the same run (plain
sqlite3, no ORM, no Qt), so the ratio shows what the layers cost.
Targets: open under 300 ms, a keystroke under 50 ms (medians).

    python benchmarks/mentees_page.py [--mentees 10000] [--runs 15] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OPEN_TARGET_MS, KEYSTROKE_TARGET_MS = 300, 50
WORDS = ("m", "ma", "mar", "mari")  # typing "mari" one key at a time

RAW_FIRST_SCREEN = """
SELECT m.id, m.reference_code, m.first_name, m.last_name, m.birth_date, m.status,
  (SELECT w.full_name FROM enrolment e JOIN worker w ON w.id = e.mentor_id
    WHERE e.mentee_id = m.id AND e.ended_on IS NULL ORDER BY e.started_on DESC LIMIT 1),
  (SELECT max(s.session_date) FROM session_attendance a JOIN mentoring_session s ON s.id = a.session_id
    WHERE a.mentee_id = m.id AND s.status || '' = 'held' AND a.attendance = 'attended'),
  (SELECT min(f.due_date) FROM follow_up f WHERE f.mentee_id = m.id AND f.done_at || '' IS NULL)
FROM mentee m WHERE m.search_text LIKE ? ORDER BY m.sort_name, m.reference_code LIMIT 40
"""


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data-dir", type=Path, help="reuse a folder that already holds demo data")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from mentordesk.config.paths import AppPaths
    from mentordesk.services.workspace import open_workspace
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.pages.mentees import MenteesPage

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="mentordesk-bench-"))
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}"))
    if workspace.overview.counts().mentees == 0:
        print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
        workspace.demo.generate(mentees=args.mentees)
    mentees = workspace.overview.counts().mentees
    app = QApplication.instance() or QApplication([])
    worker = CurrentWorker(data_dir / "bench-settings.json")
    events = DataEvents()

    open_times, key_times, raw_open, raw_key = [], [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        page = MenteesPage(workspace.mentees, workspace.organisation, worker, events)
        page.resize(1180, 700)
        page.show()
        app.processEvents()  # first paint: the visible rows are fetched here
        open_times.append(time.perf_counter() - started)
        page.all_mentees.setChecked(True)
        for word in WORDS:
            started = time.perf_counter()
            page.search.setText(word)
            page._apply()  # what the search timer runs after a keystroke
            app.processEvents()
            key_times.append(time.perf_counter() - started)
        page.close()
        page.deleteLater()
        app.processEvents()

    raw = sqlite3.connect(data_dir / "mentordesk.db")
    for _ in range(args.runs):
        started = time.perf_counter()
        raw.execute("SELECT id FROM mentee ORDER BY sort_name, reference_code").fetchall()
        raw.execute(RAW_FIRST_SCREEN, ("%%",)).fetchall()
        raw_open.append(time.perf_counter() - started)
        for word in WORDS:
            started = time.perf_counter()
            raw.execute("SELECT id FROM mentee WHERE search_text LIKE ? ORDER BY sort_name, reference_code",
                        (f"%{word}%",)).fetchall()
            raw.execute(RAW_FIRST_SCREEN, (f"%{word}%",)).fetchall()
            raw_key.append(time.perf_counter() - started)
    raw.close()
    workspace.close()

    print(f"Mentees page on {mentees:,} mentees, {args.runs} runs, offscreen")
    for name, ours, base, target in (("open page (ids + first screen painted)", open_times, raw_open,
                                      OPEN_TARGET_MS),
                                     ("filter keystroke", key_times, raw_key, KEYSTROKE_TARGET_MS)):
        verdict = "PASS" if median_ms(ours) < target else "FAIL"
        print(f"  {name:<40} median {median_ms(ours):7.1f} ms (min {min(ours) * 1000:.1f}, "
              f"max {max(ours) * 1000:.1f})  raw SQL {median_ms(base):6.1f} ms  "
              f"ratio {median_ms(ours) / median_ms(base):4.1f}x  target < {target} ms  {verdict}")


if __name__ == "__main__":
    main()
