"""The Mentees table's pathway step column, computed in SQL for a whole demo caseload (default 10,000 mentees).

Measures the step of every mentee (the rules of services/pathway_state.py as one SQL expression),
the same SQL through plain sqlite3 (no ORM) for comparison, and what the Mentees page asks with it:
all ids sorted by step, and the count behind a step filter. `--plan` prints SQLite's query plan.
Target: the step column for 10,000 mentees under 300 ms (median).

    python benchmarks/pathway_step_column.py [--mentees 10000] [--runs 15] [--data-dir DIR] [--plan]

A `--data-dir` holding demo data is used as it is (migrated first: point it at a copy you may change).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

TARGET_MS = 300


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(runs: int, action: Callable[[], object]) -> tuple[list[float], object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        samples.append(time.perf_counter() - started)
    return samples, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data-dir", type=Path, help="reuse a folder that already holds demo data")
    parser.add_argument("--plan", action="store_true", help="print EXPLAIN QUERY PLAN of the step column")
    args = parser.parse_args()

    from sqlalchemy import select
    from sqlalchemy.dialects import sqlite

    from mentordesk.config.paths import AppPaths
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.db.models import Mentee
    from mentordesk.enums import PathwayStep
    from mentordesk.services.mentees import MenteeColumn, MenteeQuery
    from mentordesk.services.pathway_state import pathway_step_expression
    from mentordesk.services.workspace import open_workspace

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="mentordesk-bench-"))
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}"))
    if workspace.overview.counts().mentees == 0:
        print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
        workspace.demo.generate(mentees=args.mentees)
    mentees = workspace.overview.counts().mentees
    service = workspace.mentees
    engine = make_engine(f"sqlite:///{data_dir / 'mentordesk.db'}")
    sessions = make_session_factory(engine)

    column = select(Mentee.id, pathway_step_expression())

    def step_column() -> list:
        with sessions() as session:
            return session.execute(column).all()

    column_times, rows = timed(args.runs, step_column)
    sort_times, _ = timed(args.runs, lambda: service.search_ids(MenteeQuery(sort=MenteeColumn.STEP)))
    filter_times, _ = timed(args.runs, lambda: service.count(MenteeQuery(step=PathwayStep.VALIDATION)))

    compiled = column.compile(dialect=sqlite.dialect(),
                              compile_kwargs={"literal_binds": True, "render_postcompile": True})
    raw = sqlite3.connect(data_dir / "mentordesk.db")
    raw_times, _ = timed(args.runs, lambda: raw.execute(str(compiled)).fetchall())
    if args.plan:
        print("EXPLAIN QUERY PLAN (step column):")
        for row in raw.execute(f"EXPLAIN QUERY PLAN {compiled}"):
            print(f"  {row[3]}")
    raw.close()
    engine.dispose()
    workspace.close()

    spread = Counter(step or "not started" for _, step in rows)
    print(f"Pathway step column on {mentees:,} mentees, {args.runs} runs")
    print("  " + ", ".join(f"{name}: {count:,}" for name, count in sorted(spread.items())))
    for name, samples in (("step column, every mentee (ORM)", column_times),
                          ("the same SQL through sqlite3", raw_times),
                          ("ids sorted by step (Mentees page)", sort_times),
                          ("count for a step filter", filter_times)):
        print(f"  {name:<36} median {median_ms(samples):7.1f} ms (min {min(samples) * 1000:.1f}, "
              f"max {max(samples) * 1000:.1f})")
    verdict = "PASS" if median_ms(column_times) < TARGET_MS else "FAIL"
    print(f"  target: step column < {TARGET_MS} ms  {verdict}")


if __name__ == "__main__":
    main()
