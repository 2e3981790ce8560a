"""Encryption at rest on a demo caseload (default: a copy of a 10,000-mentee demo database).

Three figures, plain against encrypted copies of the same data:

* opening: `open_workspace()` with the key (connect, schema check, reference data), median of --runs,
  alternating plain and encrypted so both see the same OS page cache; target: encrypted within 1.3x
  of plain. Opening with the passphrase adds the Argon2id derivation, timed apart. The first read
  after opening (Settings' counts: count(*) over every table) is printed apart: on a new connection
  every page it scans is decrypted and its HMAC checked, which is where encryption costs most.
* a typical caseload query: the busiest mentor's caseload ids, sorted by name, and the first
  screen's rows (the Mentees page's work), median of --runs; printed with the ratio, no target.
* encrypting in place: `EncryptionService.encrypt()` on a fresh plain copy (backup, export, checks,
  swap, plaintext removed), median of --encrypt-runs; no target, printed per million rows.

    python benchmarks/encryption.py [--source /tmp/demo10k/mentordesk.db] [--runs 9] [--encrypt-runs 3]

The source is copied with the SQLite backup API into a temporary folder and never written; without one,
demo data is generated (--mentees). Create a source with `mentordesk --data-dir D demo --mentees 10000`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

OPEN_RATIO_TARGET = 1.3
PASSPHRASE = "benchmark passphrase for encryption"
SCREEN_ROWS = 50


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/tmp/demo10k/mentordesk.db"),
                        help="a plain demo database to copy (left untouched)")
    parser.add_argument("--mentees", type=int, default=10_000, help="demo size when there is no source")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--encrypt-runs", type=int, default=3)
    args = parser.parse_args()

    from mentordesk.config.paths import AppPaths
    from mentordesk.db.cipher import unlock
    from mentordesk.db.migrate import backup_sqlite
    from mentordesk.services.mentees import MenteeQuery
    from mentordesk.services.workspace import open_workspace

    folder = Path(tempfile.mkdtemp(prefix="mentordesk-bench-encryption-"))

    def data(name: str) -> AppPaths:
        data_dir = folder / name
        data_dir.mkdir(exist_ok=True)
        return AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}")

    try:
        source = args.source
        if not source.is_file():
            print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
            generated = data("generated")
            workspace = open_workspace(generated)
            workspace.demo.generate(mentees=args.mentees)
            workspace.close()
            source = generated.database_file
        plain, encrypted = data("plain"), data("encrypted")
        backup_sqlite(source, plain.database_file)
        backup_sqlite(source, encrypted.database_file)

        # ---- encrypting in place, each run on a fresh plain copy
        encrypt_seconds, rows = [], 0
        for run in range(args.encrypt_runs):
            target = encrypted if run == 0 else data(f"encrypt-{run}")
            if run:
                backup_sqlite(source, target.database_file)
            workspace = open_workspace(target)
            try:
                start = time.perf_counter()
                result = workspace.encryption.encrypt(PASSPHRASE)
                encrypt_seconds.append(time.perf_counter() - start)
                rows = result.rows
            finally:
                workspace.close()
            if run:
                shutil.rmtree(target.data_dir)
        size_mb = encrypted.database_file.stat().st_size / 1e6

        # ---- opening, and a caseload query; alternating so both see the same cache
        derive = []
        for _ in range(3):
            start = time.perf_counter()
            key = unlock(encrypted.database_file, PASSPHRASE)
            derive.append(time.perf_counter() - start)
        opening: dict[str, list[float]] = {"plain": [], "encrypted": []}
        first_read: dict[str, list[float]] = {"plain": [], "encrypted": []}
        querying: dict[str, list[float]] = {"plain": [], "encrypted": []}
        counts = None
        for _ in range(args.runs):
            for label, paths in (("plain", plain), ("encrypted", encrypted)):
                start = time.perf_counter()
                workspace = open_workspace(paths, key=key if label == "encrypted" else None)
                opening[label].append(time.perf_counter() - start)
                start = time.perf_counter()
                counts = workspace.overview.counts()
                first_read[label].append(time.perf_counter() - start)
                try:
                    workers = workspace.organisation.workers(active_only=True)
                    busiest = max(workers, key=lambda worker: worker.caseload)
                    start = time.perf_counter()
                    ids = workspace.mentees.search_ids(MenteeQuery(mentor_id=busiest.id))
                    workspace.mentees.rows(ids[:SCREEN_ROWS])
                    querying[label].append(time.perf_counter() - start)
                finally:
                    workspace.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    assert counts is not None
    open_plain, open_encrypted = median_ms(opening["plain"]), median_ms(opening["encrypted"])
    ratio = open_encrypted / open_plain
    query_plain, query_encrypted = median_ms(querying["plain"]), median_ms(querying["encrypted"])
    print(f"data: {counts.mentees:,} mentees, {counts.sessions:,} sessions; {rows:,} rows, {size_mb:.0f} MB; "
          f"{args.runs} runs each")
    print(f"open: plain median {open_plain:.1f} ms, encrypted {open_encrypted:.1f} ms ({ratio:.2f}x); target within "
          f"{OPEN_RATIO_TARGET}x: {'met' if ratio <= OPEN_RATIO_TARGET else 'NOT met'}")
    read_plain, read_encrypted = median_ms(first_read["plain"]), median_ms(first_read["encrypted"])
    print(f"  first read on the new connection (counts of every table): plain median {read_plain:.1f} ms, "
          f"encrypted {read_encrypted:.1f} ms ({read_encrypted / read_plain:.2f}x); together "
          f"{(open_encrypted + read_encrypted) / (open_plain + read_plain):.2f}x")
    print(f"  plus the Argon2id key derivation when opening with the passphrase: median {median_ms(derive):.0f} ms")
    print(f"busiest mentor's caseload (ids sorted by name + first {SCREEN_ROWS} rows): plain median "
          f"{query_plain:.1f} ms, encrypted {query_encrypted:.1f} ms ({query_encrypted / query_plain:.2f}x)")
    seconds = statistics.median(encrypt_seconds)
    print(f"encrypting in place (backup, export, checks, swap, plaintext removed): median {seconds:.1f} s over "
          f"{len(encrypt_seconds)} runs (min {min(encrypt_seconds):.1f}, max {max(encrypt_seconds):.1f}); "
          f"{seconds / max(rows, 1) * 1e6:.1f} s per million rows")


if __name__ == "__main__":
    main()
