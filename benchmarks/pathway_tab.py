"""The Pathway tab of a busy mentee: 20 assessments, 30 activities, 40 outcomes (10 with an evidence file).

The records are made through PathwayService on a fresh temporary database. Measured, medians of --runs:
  - overview() alone: every query the tab needs, and the step rules and radar series;
  - the tab: overview() + show_overview() + the paint that follows, on a tab already on screen;
  - the record page: show_mentee() (header, overview and sessions tabs) then switching to the Pathway tab,
    up to its paint: what a worker waits for between a click in the list and the tab;
and once, the first time the tab is shown in the process (QtCharts loaded and the radar built).
Each figure is set against the raw SQL overview() runs, written by hand for plain sqlite3 in the same
process (no ORM, no Qt). Target: the tab painted in under 200 ms (median).

    python benchmarks/pathway_tab.py [--runs 25] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 200
ASSESSMENTS, ACTIVITIES, OUTCOMES, EVIDENCE = 20, 30, 40, 10

# What PathwayService.overview() asks the database, written out by hand.
RAW_FRAMEWORK_ID = """
SELECT coalesce((SELECT p.framework_id FROM programme p JOIN enrolment e ON e.programme_id = p.id
                 WHERE e.mentee_id = :mentee AND e.ended_on IS NULL ORDER BY e.started_on DESC, e.id LIMIT 1),
                :builtin)
"""
RAW_QUERIES = (
    "SELECT id FROM mentee WHERE id = :mentee",
    "SELECT id, name, version, description, source, is_builtin FROM competence_framework WHERE id = :framework",
    "SELECT id, code, area, name, description FROM competence WHERE framework_id = :framework ORDER BY position, code",
    "SELECT rank, label, description FROM proficiency_level WHERE framework_id = :framework ORDER BY rank",
    """SELECT a.id, a.kind, a.assessed_on, a.framework_id, a.assessor_id, w.full_name, a.identified_needs, a.goals
       FROM assessment a LEFT JOIN worker w ON w.id = a.assessor_id WHERE a.mentee_id = :mentee
       ORDER BY a.assessed_on, a.created_at""",
    """SELECT s.assessment_id, s.competence_id, s.self_level, s.mentor_level, s.note, s.evidence
       FROM assessment_score s JOIN competence c ON c.id = s.competence_id
       WHERE s.assessment_id IN (SELECT id FROM assessment WHERE mentee_id = :mentee) ORDER BY c.position, c.code""",
    """SELECT id, title, kind, format, provider, start_date, end_date, hours, status, outcome_note
       FROM learning_activity WHERE mentee_id = :mentee ORDER BY start_date IS NULL, start_date, created_at""",
    """SELECT ac.activity_id, ac.competence_id FROM activity_competence ac JOIN competence c ON c.id = ac.competence_id
       WHERE ac.activity_id IN (SELECT id FROM learning_activity WHERE mentee_id = :mentee)
       ORDER BY c.position, c.code""",
    """SELECT id, agreed_on, mentee_signatory, mentor_signatory, mentor_id, note FROM plan_agreement
       WHERE mentee_id = :mentee ORDER BY agreed_on DESC, created_at DESC""",
    """SELECT o.id, o.competence_id, o.level, o.statement, o.method, o.evidence_description, o.assessor_id,
              o.assessed_on, o.phase, w.full_name
       FROM learning_outcome o JOIN competence c ON c.id = o.competence_id LEFT JOIN worker w ON w.id = o.assessor_id
       WHERE o.mentee_id = :mentee ORDER BY c.framework_id != :framework, c.position, c.code, o.level, o.created_at""",
    """SELECT id, outcome_id, original_name, stored_path, sha256, size_bytes FROM evidence_file
       WHERE outcome_id IN (SELECT id FROM learning_outcome WHERE mentee_id = :mentee)
       ORDER BY added_at, original_name""",
)


def raw_overview(db: sqlite3.Connection, mentee: uuid.UUID, builtin: uuid.UUID) -> int:
    """Every query overview() runs, in one read transaction; returns the rows fetched."""
    params: dict[str, object] = {"mentee": mentee.hex, "builtin": builtin.hex}
    db.execute("BEGIN")
    try:
        params["framework"] = db.execute(RAW_FRAMEWORK_ID, params).fetchone()[0]
        return sum(len(db.execute(query, params).fetchall()) for query in RAW_QUERIES)
    finally:
        db.execute("COMMIT")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def make_mentee(workspace, evidence_source: Path) -> tuple[uuid.UUID, uuid.UUID]:
    """A mentee with the pathway records, made the way the dialogs make them."""
    from mentordesk.enums import (
        ActivityFormat,
        ActivityKind,
        ActivityStatus,
        AssessmentKind,
        ValidationMethod,
        ValidationPhase,
    )
    from mentordesk.services.mentees import MenteeForm
    from mentordesk.services.organisation import WorkerForm
    from mentordesk.services.pathway_forms import ActivityForm, AgreementForm, AssessmentForm, OutcomeForm, ScoreForm

    worker = workspace.organisation.save_worker(WorkerForm(full_name="Jonas Berger"))
    mentee = workspace.mentees.create(MenteeForm("Amira", "Hadzic", date(2006, 5, 1)), worker.id, confirmed=True)
    pathway = workspace.pathway
    framework = pathway.overview(mentee.id).framework
    competences, top = framework.competences, len(framework.levels)
    start = date.today() - timedelta(days=400)
    for number in range(ASSESSMENTS):
        kind = AssessmentKind.BASELINE if number == 0 else (
            AssessmentKind.FINAL if number == ASSESSMENTS - 1 else AssessmentKind.INTERIM)
        scores = tuple(ScoreForm(c.id, min(top, 1 + (number + i) // 6), min(top, 1 + (number + 2 * i) // 7),
                                 f"Note {number}.{i}", "Seen in the session" if i % 3 == 0 else "")
                       for i, c in enumerate(competences))
        pathway.add_assessment(mentee.id, AssessmentForm(kind, start + timedelta(days=18 * number), scores,
                                                         "Confidence with forms; spreadsheets.",
                                                         "A work placement in retail.", worker.id), worker.id)
    kinds, formats, statuses = list(ActivityKind), list(ActivityFormat), list(ActivityStatus)
    for number in range(ACTIVITIES):
        begins = start + timedelta(days=12 * number) if number % 5 else None
        pathway.add_activity(mentee.id, ActivityForm(
            f"Activity {number + 1}: {kinds[number % len(kinds)].value.replace('_', ' ')}",
            kinds[number % len(kinds)], formats[number % len(formats)], f"Provider {number % 7}", begins,
            begins + timedelta(days=20) if begins else None, 4.0 + number, statuses[number % len(statuses)],
            tuple(c.id for c in competences[number % len(competences):][:1 + number % 3]),
            "Went well." if number % 4 == 0 else ""), worker.id)
    for day in (start + timedelta(days=30), start + timedelta(days=200)):
        pathway.agree_plan(mentee.id, AgreementForm(day, "Amira Hadzic", "Jonas Berger", worker.id), worker.id)
    methods, phases = list(ValidationMethod), list(ValidationPhase)
    for number in range(OUTCOMES):
        described = number % 4 != 0  # every fourth is only identified: no evidence described yet
        pathway.add_outcome(mentee.id, OutcomeForm(
            competences[number % len(competences)].id, 1 + number % top,
            f"I can do thing number {number + 1} on my own, and explain how I did it.",
            methods[number % len(methods)], "Observed at the placement." if described else "", worker.id,
            start + timedelta(days=5 * number), phases[number % len(phases)] if described else phases[0],
            add_files=(evidence_source,) if number < EVIDENCE else ()), worker.id)
    return mentee.id, worker.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--data-dir", type=Path, help="a folder for the database (default: a new temporary one)")
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from mentordesk.config.paths import AppPaths
    from mentordesk.db.seed import key_competences_id
    from mentordesk.services.workspace import open_workspace
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.pages.mentee_record import MenteeRecordPage
    from mentordesk.ui.tasks import TaskRunner

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="mentordesk-bench-pathway-"))
    database = data_dir / "mentordesk.db"
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{database}"))
    evidence_source = data_dir / "certificate.pdf"
    evidence_source.write_bytes(b"%PDF-1.4\n" + b"0" * 40_000)
    started = time.perf_counter()
    mentee_id, worker_id = make_mentee(workspace, evidence_source)
    print(f"made {ASSESSMENTS} assessments, {ACTIVITIES} activities, {OUTCOMES} outcomes "
          f"({EVIDENCE} with a file) through PathwayService in {time.perf_counter() - started:.1f} s")
    pathway = workspace.pathway
    raw = sqlite3.connect(database, isolation_level=None)

    app = QApplication.instance() or QApplication([])
    current = CurrentWorker(data_dir / "bench-settings.json")
    current.set(worker_id)
    record = MenteeRecordPage(workspace.mentees, workspace.consent, workspace.organisation, workspace.personal_data,
                              TaskRunner(), current, DataEvents(), sessions=workspace.sessions,
                              follow_ups=workspace.follow_ups, pathway=pathway)
    record.resize(1180, 760)
    record.show()
    app.processEvents()
    tab = record.pathway_tab

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    painted = PaintCounter()
    tab.stepper.installEventFilter(painted)

    def until_painted(action: Callable[[], None]) -> float:
        before = painted.count
        begun = time.perf_counter()
        action()
        app.processEvents()  # layout, then the paint it schedules
        app.processEvents()
        elapsed = time.perf_counter() - begun
        assert painted.count > before, "the tab was not painted"
        return elapsed

    def open_pathway() -> None:
        record.show_mentee(mentee_id)
        record.tabs.setCurrentWidget(tab)

    first = until_painted(open_pathway)  # QtCharts loaded, the radar built: once per process
    overview = record.pathway_overview
    assert overview is not None and len(overview.outcomes) == OUTCOMES and tab.radar is not None
    shown = (f"{len(overview.assessments)} assessments, {len(overview.activities)} activities, "
             f"{len(overview.agreements)} agreements, {len(overview.outcomes)} outcomes, "
             f"{len(tab.radar.line_series())} radar series, steps "
             + " / ".join(state.status.value for state in overview.steps))

    service_times, tab_times, page_times, raw_times = [], [], [], []
    fetched = 0
    for _ in range(args.runs):
        begun = time.perf_counter()
        pathway.overview(mentee_id)
        service_times.append(time.perf_counter() - begun)
        tab_times.append(until_painted(lambda: tab.show_overview(pathway.overview(mentee_id))))
        record.tabs.setCurrentIndex(0)
        app.processEvents()
        page_times.append(until_painted(open_pathway))
        begun = time.perf_counter()
        fetched = raw_overview(raw, mentee_id, key_competences_id())
        raw_times.append(time.perf_counter() - begun)

    raw_ms = median_ms(raw_times)
    print(f"Pathway tab: {shown}; {args.runs} runs, offscreen, window 1180x760")
    print(f"  raw SQL ({len(RAW_QUERIES) + 1} queries, {fetched} rows)   median {raw_ms:7.1f} ms")
    print(f"  overview() alone                   median {median_ms(service_times):7.1f} ms  "
          f"ratio {median_ms(service_times) / raw_ms:5.1f}x")
    for name, samples in (("tab: overview + show + paint", tab_times),
                          ("record: show_mentee → tab painted", page_times)):
        verdict = "PASS" if median_ms(samples) < TARGET_MS else "FAIL"
        print(f"  {name:<34} median {median_ms(samples):7.1f} ms (min {min(samples) * 1000:.1f}, "
              f"max {max(samples) * 1000:.1f})  ratio {median_ms(samples) / raw_ms:5.1f}x  "
              f"target < {TARGET_MS} ms  {verdict}")
    print(f"  first time shown (QtCharts, radar built)  {first * 1000:7.1f} ms (once)")
    raw.close()
    record.close()
    workspace.close()


if __name__ == "__main__":
    main()
