"""Whole-file writes: the new content or the old, never half; owner-only; no temporary left on failure."""

from __future__ import annotations

import os
import stat

import pytest

from mentordesk.config.files import atomic_write, atomic_write_bytes


def test_bytes_replace_the_file_whole_and_owner_only(tmp_path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"%PDF-1.7 new")
    assert target.read_bytes() == b"%PDF-1.7 new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600, "what MentorDesk writes is often personal"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_bytes_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch, failing) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_text_writes_keep_their_encoding_and_newlines(tmp_path) -> None:
    target = tmp_path / "list.csv"
    with atomic_write(target, encoding="utf-8-sig", newline="") as file:
        file.write("Zoë\r\n")
    assert target.read_bytes() == "Zoë\r\n".encode("utf-8-sig")
    with pytest.raises(RuntimeError), atomic_write(target) as file:
        file.write("half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == "Zoë\r\n".encode("utf-8-sig"), "an interrupted write leaves the old file"
    assert [p.name for p in tmp_path.iterdir()] == ["list.csv"]
