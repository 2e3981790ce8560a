"""Combo helpers: a choice is found by equal value, not by identity, and survives a refill."""

from __future__ import annotations

import uuid

from mentordesk.ui.widgets.combo import combo_with_any, refill, select_data


def test_an_equal_uuid_read_again_is_found_and_kept_across_a_refill(qtbot) -> None:
    worker = uuid.uuid4()
    combo = combo_with_any("Any mentor", [("Ana", worker), ("Ben", uuid.uuid4())])
    qtbot.addWidget(combo)
    assert select_data(combo, uuid.UUID(worker.hex)) and combo.currentText() == "Ana"
    refill(combo, [("Zoe", uuid.uuid4()), ("Ana", uuid.UUID(str(worker)))])
    assert combo.currentText() == "Ana" and combo.itemText(0) == "Any mentor"
    assert not select_data(combo, uuid.uuid4()) and combo.currentIndex() == 0
