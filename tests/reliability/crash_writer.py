"""The writer the crash test kills: a zygote that imports MentorDesk once, then forks one writer per round.

Run as `python crash_writer.py DATABASE_URL MENTEE_HEX MENTOR_HEX IDS_DIR`. On each line "go N" from
stdin it forks a writer, answers "pid <pid>", waits for it to die (the test kills it with SIGKILL) and
answers "done". The zygote itself never opens the database, so no SQLite connection crosses a fork;
each writer opens its own engine through the real services (WAL, synchronous=FULL).

A writer logs sessions through SessionService.log() in a loop and, only after log() has returned,
appends the session's id to IDS_DIR/N.ids with one unbuffered write(): what is in that file was
reported as saved before the kill, and must be in the database afterwards.
"""

from __future__ import annotations

import os
import sys
import traceback
import uuid
from datetime import date, timedelta

from mentordesk.db.engine import make_engine, make_session_factory
from mentordesk.enums import SessionMode
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
from mentordesk.services.sessions import SessionService


def write_forever(url: str, mentee: uuid.UUID, mentor: uuid.UUID, ids_file: str) -> None:
    engine = make_engine(url)
    service = SessionService(make_session_factory(engine))
    with engine.connect() as connection:  # the test checks the writer really runs with FULL sync and WAL
        sync = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    out = os.open(ids_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.write(out, f"pragmas synchronous={sync} journal_mode={mode}\n".encode())
    number = 0
    while True:
        number += 1
        follow_ups = (FollowUpForm(f"Follow-up {number}", date.today() + timedelta(days=7)),) if number % 2 else ()
        form = SessionForm(participants=(Participant(mentee),), session_date=date.today() - timedelta(days=number % 30),
                           duration_minutes=30 + number % 60, mode=SessionMode.IN_PERSON, mentor_id=mentor,
                           notes=f"Session {number}: " + "notes " * (number % 40), follow_ups=follow_ups)
        saved = service.log(form)
        os.write(out, f"{saved.id.hex}\n".encode())


def main() -> None:
    url, mentee, mentor, ids_dir = sys.argv[1], uuid.UUID(sys.argv[2]), uuid.UUID(sys.argv[3]), sys.argv[4]
    for line in sys.stdin:
        command = line.split()
        if command[:1] != ["go"]:
            break
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(url, mentee, mentor, os.path.join(ids_dir, f"{command[1]}.ids"))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(1)  # only reached if writing failed: the test sees an exit, not a SIGKILL
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"done {status}", flush=True)


if __name__ == "__main__":
    main()
