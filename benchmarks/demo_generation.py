"""Benchmark: how long `mentordesk demo` takes to load a large caseload.

Each run opens a fresh data folder the way the app does (migrate + seed), then times
`DemoService.generate(mentees=N)` alone. Prints the median, the spread, the row counts and
the throughput, and checks the target.

    python benchmarks/demo_generation.py [--mentees 10000] [--runs 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
from dataclasses import fields
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a source checkout

from mentordesk.config.paths import AppPaths  # noqa: E402
from mentordesk.services.demo import DemoService, DemoSummary  # noqa: E402

TARGET_SECONDS = 60.0
TODAY = date(2026, 3, 15)  # fixed, so every run and every machine loads the same data


def _open(directory: Path) -> tuple[DemoService, object]:
    """A migrated, seeded database in `directory`; returns the demo service and a closer."""
    paths = AppPaths(directory, f"sqlite:///{directory / 'mentordesk.db'}")
    try:
        from mentordesk.services.workspace import open_workspace
    except ImportError:  # the workspace module may still be in progress elsewhere
        from mentordesk.db.engine import make_engine, make_session_factory
        from mentordesk.db.migrate import upgrade_to_head
        from mentordesk.db.seed import ensure_builtin_frameworks

        engine = make_engine(paths.database_url)
        upgrade_to_head(engine)
        sessions = make_session_factory(engine)
        with sessions.begin() as session:
            ensure_builtin_frameworks(session)
        return DemoService(sessions), engine.dispose
    workspace = open_workspace(paths)
    return workspace.demo, workspace.close


def _table_rows(database: Path) -> dict[str, int]:
    """Rows per table, read straight from the file (includes kinds the summary does not count)."""
    connection = sqlite3.connect(database)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' ORDER BY name")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    print(f"demo generation: {args.mentees:,} mentees, {args.runs} run(s), seed {args.seed}, today {TODAY}")
    print(f"python {platform.python_version()} on {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPU(s)")
    timings: list[float] = []
    summary: DemoSummary | None = None
    tables: dict[str, int] = {}
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="mentordesk-bench-") as folder:
            demo, close = _open(Path(folder))
            try:
                summary = demo.generate(mentees=args.mentees, seed=args.seed, today=TODAY)
            finally:
                close()  # type: ignore[operator]
            tables = _table_rows(Path(folder) / "mentordesk.db")
        timings.append(summary.seconds)
        print(f"  run {run}: {summary.seconds:6.2f} s")

    assert summary is not None
    median = statistics.median(timings)
    counts = {f.name: getattr(summary, f.name) for f in fields(summary) if f.name != "seconds"}
    print()
    print(f"median: {median:.2f} s   (min {min(timings):.2f} s – max {max(timings):.2f} s)")
    print("summary counts (last run):")
    for name, count in counts.items():
        print(f"  {name:<22} {count:>9,}")
    all_rows = sum(tables.values())
    print("rows per table in the database (last run, reference data included):")
    for name, count in tables.items():
        print(f"  {name:<22} {count:>9,}")
    print(f"  {'all tables':<22} {all_rows:>9,}")
    print(f"throughput: {summary.sessions / median:,.0f} sessions/s, {all_rows / median:,.0f} rows/s")
    verdict = "PASS" if median < TARGET_SECONDS else "FAIL"
    print(f"target: under {TARGET_SECONDS:.0f} s -> {verdict} (median {median:.2f} s)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
