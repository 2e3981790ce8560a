"""Issuing certificates on a demo caseload (default: a copy of a 10,000-mentee demo database).

Two figures, each set against its target:

* one certificate issued: the service call behind "Issue" (next serial under the write lock, the
  facts from the database, the Ed25519 seal, the PDF, the register entry, the outcomes marked
  certified, the audit events, the commit); median of --runs, target under 100 ms. The PDF
  rendering alone is timed too, so the share the layout takes is visible.
* a batch of 500: `issue_batch` across the programmes in turn (each certificate its own
  transaction, each file written whole and fsynced), stopped through its Progress at 500; target
  under 60 s.

A verification (`verify_pdf` of one issued file) is timed as well; it has no target.

    python benchmarks/certificates.py [--source /tmp/demo10k/mentordesk.db] [--runs 25] [--batch 500]

The source database is copied (SQLite backup API) into a temporary folder and never written; without
one, demo data is generated (--mentees).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

SINGLE_TARGET_MS = 100
BATCH_TARGET_S = 60


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/tmp/demo10k/mentordesk.db"),
                        help="a demo database to copy (left untouched)")
    parser.add_argument("--mentees", type=int, default=10_000, help="demo size when there is no source")
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the copied database and the PDFs")
    args = parser.parse_args()

    from mentordesk.config.paths import AppPaths
    from mentordesk.db.migrate import backup_sqlite
    from mentordesk.enums import CertificateKind
    from mentordesk.reports.certificate import CertificateSheet, read_certificate_pdf, render_certificate
    from mentordesk.services.certificate_facts import CertificateFacts
    from mentordesk.services.progress import Progress
    from mentordesk.services.workspace import open_workspace

    folder = Path(tempfile.mkdtemp(prefix="mentordesk-bench-certificates-"))
    data_dir = folder / "data"
    data_dir.mkdir()
    if args.source.is_file():
        backup_sqlite(args.source, data_dir / "mentordesk.db")
    workspace = open_workspace(AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}"))
    try:
        if workspace.overview.counts().mentees == 0:
            print(f"generating demo data: {args.mentees:,} mentees …", flush=True)
            workspace.demo.generate(mentees=args.mentees)
        counts = workspace.overview.counts()
        certificates = workspace.certificates
        workspace.keys.own_key(create=True)  # created once at setup in the app; not part of issuing
        programmes = [p.id for p in workspace.organisation.programmes()]
        candidates = [m for p in programmes for m in certificates.eligible_mentees(p, CertificateKind.VALIDATION)]
        if not candidates:
            raise SystemExit("no mentee with an assessed learning outcome in this database")
        registered_before = len(certificates.register())

        # ---- one certificate
        single, render = [], []
        issued = None
        for run in range(args.runs):
            mentee_id = candidates[run % len(candidates)]
            start = time.perf_counter()
            issued = certificates.issue(mentee_id, CertificateKind.VALIDATION)
            single.append(time.perf_counter() - start)
            facts = CertificateFacts.from_canonical(read_certificate_pdf(issued.pdf).facts)
            token = read_certificate_pdf(issued.pdf).token
            start = time.perf_counter()
            render_certificate(CertificateSheet(facts, token))
            render.append(time.perf_counter() - start)
        assert issued is not None
        outcomes = len(CertificateFacts.from_canonical(read_certificate_pdf(issued.pdf).facts).outcomes)
        verify = []
        for _ in range(min(args.runs, 10)):
            start = time.perf_counter()
            assert certificates.verify_pdf(issued.pdf).valid
            verify.append(time.perf_counter() - start)

        # ---- a batch, across programmes until --batch certificates are issued
        target_dir = folder / "batch"
        done = 0
        asked = 0  # within the current programme: the service asks before each certificate

        def enough() -> bool:
            nonlocal asked
            asked += 1
            return done + asked - 1 >= args.batch

        start = time.perf_counter()
        for programme_id in programmes:
            asked = 0
            result = certificates.issue_batch(programme_id, CertificateKind.PARTICIPATION, "en", target_dir,
                                              progress=Progress(cancelled=enough))
            done += len(result.issued)
            if done >= args.batch:
                break
        batch_seconds = time.perf_counter() - start
        files = len(list(target_dir.glob("*.pdf")))
        size = sum(p.stat().st_size for p in target_dir.glob("*.pdf")) / max(files, 1) / 1024
        registered = len(certificates.register()) - registered_before
    finally:
        workspace.close()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    figure = median_ms(single)
    print(f"data: {counts.mentees:,} mentees, {counts.sessions:,} sessions; register had {registered_before:,} "
          f"entries; {args.runs} single issues ({outcomes} outcomes on the last)")
    print(f"one certificate issued: median {figure:.1f} ms (min {min(single) * 1000:.1f}, "
          f"max {max(single) * 1000:.1f}); target < {SINGLE_TARGET_MS} ms: "
          f"{'met' if figure < SINGLE_TARGET_MS else 'NOT met'}")
    print(f"  of which rendering the PDF: median {median_ms(render):.1f} ms")
    print(f"verify one PDF: median {median_ms(verify):.1f} ms")
    print(f"batch: {done:,} certificates ({files:,} files, {size:.0f} KB each) in {batch_seconds:.1f} s "
          f"({batch_seconds / max(done, 1) * 1000:.0f} ms each); target < {BATCH_TARGET_S} s for {args.batch}: "
          f"{'met' if done >= args.batch and batch_seconds < BATCH_TARGET_S else 'NOT met'}")
    print(f"register entries added: {registered:,}" + (f"; files in {folder}" if args.keep else ""))


if __name__ == "__main__":
    main()
