"""`mentordesk check` verifies the audit chain and names the first broken link (exit 1)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mentordesk.__main__ import main


def test_check_names_an_edited_audit_event_and_fails(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "demo", "--mentees", "3", "--seed", "1"]) == 0
    # The demo leaves the trail empty; a CSV export writes one event per mentee.
    assert main(["--data-dir", str(tmp_path), "export", "mentees", str(tmp_path / "out.csv")]) == 0
    assert main(["--data-dir", str(tmp_path), "check"]) == 0
    capsys.readouterr()
    raw = sqlite3.connect(tmp_path / "mentordesk.db")
    with raw:
        raw.execute("UPDATE audit_event SET action = 'view' WHERE seq = 2")
    raw.close()
    assert main(["--data-dir", str(tmp_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "audit trail" in out.splitlines()[0]
    assert "Problem: The audit trail is broken at event 2 (recorded " in out
    assert "it was changed or removed after it was written." in out
