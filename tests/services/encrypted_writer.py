"""A child process for the encryption proof: writes a marked mentee and sessions into encrypted data.

Run as `python encrypted_writer.py DATA_DIR PASSPHRASE`; it prints a line at each stage and waits for
a line on stdin before going on, so the test can look at every file while the data is open.
Its own process, so SQLITE_TMPDIR and TMPDIR (which SQLite reads once per process) are the test's.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

from mentordesk.config.paths import AppPaths
from mentordesk.enums import SessionMode
from mentordesk.services.mentees import MenteeForm
from mentordesk.services.organisation import ProgrammeForm, WorkerForm
from mentordesk.services.session_forms import Participant, SessionForm
from mentordesk.services.workspace import open_workspace

MARKER = "Zzqmarker"
EARLIER = "Qqzplainmark"  # written while the data was still plain, before it was encrypted
NOW = datetime(2026, 11, 24, 18, 0)
TODAY = NOW.date()


def stage(name: str) -> None:
    print(name, flush=True)
    sys.stdin.readline()


def main(data_dir: Path, passphrase: str) -> None:
    paths = AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}")
    workspace = open_workspace(paths)
    earlier = workspace.mentees.create(MenteeForm(EARLIER, "Plain", date(2004, 1, 2)), today=TODAY)
    workspace.encryption.encrypt(passphrase, passphrase)
    mentor = workspace.organisation.save_worker(WorkerForm("Ana Nowak"))
    programme = workspace.organisation.save_programme(ProgrammeForm("Pathways", date(2026, 1, 1)))
    mentee = workspace.mentees.create(MenteeForm(MARKER, f"{MARKER}son", date(2005, 3, 1), email=f"{MARKER}@x.eu"),
                                      today=TODAY)
    workspace.mentees.enrol(mentee.id, programme.id, mentor.id, date(2026, 2, 1), today=TODAY)
    for day in range(12):
        workspace.sessions.log(SessionForm(
            participants=(Participant(mentee.id), Participant(earlier.id)),
            session_date=TODAY - timedelta(days=day + 1), start_time=time(10, 0), duration_minutes=60,
            mode=SessionMode.IN_PERSON, notes=f"Talked with {MARKER} about {EARLIER}'s plans, day {day}.",
            topics=(f"{MARKER} topic",)), now=NOW)
    stage("open")  # the WAL holds the sessions now
    workspace.encryption.change_passphrase(passphrase, passphrase[::-1], passphrase[::-1])
    workspace.mentees.create(MenteeForm(f"{MARKER}ina", "After", date(2006, 5, 5)), today=TODAY)
    stage("rekeyed")
    workspace.close()
    stage("closed")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
