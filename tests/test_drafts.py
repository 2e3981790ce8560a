"""Drafts: written whole, read back, discarded; a damaged file is set aside, never fatal."""

from __future__ import annotations

import stat
from datetime import UTC, datetime

import pytest

from mentordesk.config.drafts import DraftStore


def test_a_draft_round_trips_and_can_be_discarded(tmp_path) -> None:
    store = DraftStore(tmp_path / "drafts")
    assert store.load("session") is None
    moment = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
    store.save("session", {"notes": "Zoë wants to try the bakery", "mentees": [["id", "attended"]]}, now=moment)
    draft = store.load("session")
    assert draft is not None and draft.saved_at == moment
    assert draft.content["notes"] == "Zoë wants to try the bakery"
    path = tmp_path / "drafts" / "session.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "drafts hold personal notes"
    store.discard("session")
    assert store.load("session") is None
    store.discard("session")  # discarding twice is harmless


def test_a_damaged_draft_is_set_aside(tmp_path) -> None:
    store = DraftStore(tmp_path)
    (tmp_path / "session.json").write_text("{not json", encoding="utf-8")
    assert store.load("session") is None
    assert (tmp_path / "session.unreadable").exists()


def test_names_cannot_reach_outside_the_folder(tmp_path) -> None:
    with pytest.raises(ValueError):
        DraftStore(tmp_path).save("../escape", {})
