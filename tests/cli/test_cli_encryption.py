"""The command line on encrypted data: the passphrase from the environment, one sentence without it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

PASSPHRASE = "violet harbour kettle 42"
NEW_PASSPHRASE = "seven quiet lanterns"


def run(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": "", "HOME": "/nonexistent", "MENTORDESK_DATA_DIR": str(data_dir), **env}
    # stdin is not a terminal here, as in a script: no prompt may wait for it.
    return subprocess.run([sys.executable, "-m", "mentordesk", *args], capture_output=True, text=True, timeout=120,
                          env=environment, stdin=subprocess.DEVNULL)


def _groups(sheet_text: str) -> list[str]:
    """The recovery key's groups, as the sheet prints them (one per line in the extracted text)."""
    return [line.strip() for line in sheet_text.splitlines() if re.fullmatch(r"[A-Z2-7]{4}", line.strip())]


def test_encrypt_then_every_command_needs_the_passphrase(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "demo", "--mentees", "5").returncode == 0
    refused = run(data, "encrypt", MENTORDESK_PASSPHRASE="short")
    assert refused.returncode == 1 and "at least 10 characters" in refused.stderr
    encrypted = run(data, "encrypt", MENTORDESK_PASSPHRASE=PASSPHRASE)
    assert encrypted.returncode == 0, encrypted.stderr
    assert "Encrypted" in encrypted.stdout and "recovery-sheet" in encrypted.stdout
    assert PASSPHRASE not in encrypted.stdout + encrypted.stderr

    without = run(data, "check")
    assert without.returncode == 1
    assert without.stderr.strip() == ("mentordesk: This data is encrypted; set MENTORDESK_PASSPHRASE or run in "
                                      "a terminal.")
    wrong = run(data, "check", MENTORDESK_PASSPHRASE="not the passphrase")
    assert wrong.returncode == 1 and wrong.stderr.strip() == "mentordesk: That passphrase does not open this data."
    checked = run(data, "check", MENTORDESK_PASSPHRASE=PASSPHRASE)
    assert checked.returncode == 0 and "All checks passed." in checked.stdout
    again = run(data, "encrypt", MENTORDESK_PASSPHRASE=PASSPHRASE)
    assert again.returncode == 1 and "encrypted already" in again.stderr


def test_passphrase_change_and_recovery_sheet(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "encrypt", MENTORDESK_PASSPHRASE=PASSPHRASE).returncode == 0
    sheet = tmp_path / "sheet.pdf"
    written = run(data, "recovery-sheet", "--out", str(sheet), MENTORDESK_PASSPHRASE=PASSPHRASE)
    assert written.returncode == 0 and "delete the file" in written.stdout
    text = PdfReader(sheet).pages[0].extract_text()
    key_groups = _groups(text)
    recovery_key = "-".join(key_groups)
    assert len(key_groups) == 14

    missing = run(data, "passphrase", MENTORDESK_PASSPHRASE=PASSPHRASE)
    assert missing.returncode == 1 and "MENTORDESK_NEW_PASSPHRASE" in missing.stderr
    changed = run(data, "passphrase", MENTORDESK_PASSPHRASE=PASSPHRASE, MENTORDESK_NEW_PASSPHRASE=NEW_PASSPHRASE)
    assert changed.returncode == 0 and "Earlier recovery sheets" in changed.stdout
    assert run(data, "check", MENTORDESK_PASSPHRASE=PASSPHRASE).returncode == 1
    assert run(data, "check", MENTORDESK_PASSPHRASE=NEW_PASSPHRASE).returncode == 0
    old_sheet = run(data, "check", MENTORDESK_PASSPHRASE=recovery_key)
    assert old_sheet.returncode == 1 and "older sheet" in old_sheet.stderr


def test_the_recovery_key_opens_the_data_in_place_of_the_passphrase(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "encrypt", MENTORDESK_PASSPHRASE=PASSPHRASE).returncode == 0
    sheet = tmp_path / "sheet.pdf"
    assert run(data, "recovery-sheet", "--out", str(sheet), MENTORDESK_PASSPHRASE=PASSPHRASE).returncode == 0
    text = PdfReader(sheet).pages[0].extract_text()
    groups = _groups(text)
    recovered = run(data, "passphrase", MENTORDESK_PASSPHRASE=" ".join(groups).lower(),
                    MENTORDESK_NEW_PASSPHRASE=NEW_PASSPHRASE)
    assert recovered.returncode == 0, recovered.stderr
    assert run(data, "check", MENTORDESK_PASSPHRASE=NEW_PASSPHRASE).returncode == 0


def test_plain_data_has_nothing_to_change_or_recover(tmp_path: Path) -> None:
    data = tmp_path / "data"
    changed = run(data, "passphrase", MENTORDESK_NEW_PASSPHRASE=NEW_PASSPHRASE)
    assert changed.returncode == 1 and "not encrypted" in changed.stderr
    sheet = run(data, "recovery-sheet", "--out", str(tmp_path / "sheet.pdf"))
    assert sheet.returncode == 1 and "no recovery key" in sheet.stderr
    assert not (tmp_path / "sheet.pdf").exists()
