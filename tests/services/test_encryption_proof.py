"""The proof: in encrypted data, a marked mentee and her sessions appear in no file, open or closed.

A child process (encrypted_writer.py) writes them; this test reads every byte of every file under the
data folder (database, -wal, -shm, backups, cipher file) and of the temporary folder the child was
given for SQLite and Python (SQLITE_TMPDIR, TMPDIR), at each stage: while the data is open (the WAL
holds the sessions), after a passphrase change, and after closing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from encrypted_writer import EARLIER, MARKER

from mentordesk.db.migrate import backup_sqlite

PASSPHRASE = "violet harbour kettle 42"
WRITER = Path(__file__).with_name("encrypted_writer.py")


def _leaks(*folders: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                data = path.read_bytes().lower()
                hits = [marker for marker in (MARKER, EARLIER)
                        if marker.lower().encode() in data or marker.lower().encode("utf-16-le") in data]
                if hits:
                    found[str(path)] = hits
    return found


def test_no_file_holds_the_marker_while_open_after_a_rekey_and_closed(tmp_path: Path, template_database: Path) -> None:
    data_dir, temp = tmp_path / "data", tmp_path / "tmp"
    data_dir.mkdir()
    temp.mkdir()
    backup_sqlite(template_database, data_dir / "mentordesk.db")
    backup_sqlite(template_database, data_dir / "backups" / "daily-older.db")  # a plain backup from before
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "SQLITE_TMPDIR": str(temp), "TMPDIR": str(temp), "PYTHONPATH": str(root)}
    child = subprocess.Popen([sys.executable, str(WRITER), str(data_dir), PASSPHRASE], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    assert child.stdin is not None and child.stdout is not None
    seen = []
    try:
        for stage in ("open", "rekeyed", "closed"):
            assert child.stdout.readline().strip() == stage
            names = {path.name for path in data_dir.rglob("*")}
            if stage != "closed":
                assert "mentordesk.db-wal" in names and (data_dir / "mentordesk.db-wal").stat().st_size > 0
            assert _leaks(data_dir, temp) == {}, stage
            seen.append(sorted(names))
            child.stdin.write("\n")
            child.stdin.flush()
    finally:
        child.stdin.close()
        assert child.wait(timeout=60) == 0
    assert "mentordesk.db.cipher.json" in seen[-1] and "daily-older.db" in seen[-1]
    assert not [name for name in seen[-1] if name.endswith(("-wal", "-shm", ".rekey", ".pending"))]


def test_the_same_search_finds_the_marker_in_plain_data(paths) -> None:
    """The control: without encryption the marker is there to be found, so finding none above means something."""
    from datetime import date

    from mentordesk.services.mentees import MenteeForm
    from mentordesk.services.workspace import open_workspace

    workspace = open_workspace(paths)
    workspace.mentees.create(MenteeForm(MARKER, "Plain", date(2005, 3, 1)), today=date(2026, 11, 24))
    assert list(_leaks(paths.data_dir).values()) == [[MARKER]]  # in the WAL while open
    workspace.close()
    assert list(_leaks(paths.data_dir)) == [str(paths.database_file)]
