"""Choosing a combo box item by its data's value.

QComboBox.findData compares Python objects such as UUIDs by identity, so an equal id read
again from the database is not found; this compares by equality.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox


def select_data(combo: QComboBox, value: Any, fallback: int = 0) -> bool:
    """Select the first item whose data equals `value`; otherwise item `fallback`. True when found."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return True
    combo.setCurrentIndex(fallback if combo.count() else -1)
    return False


def combo_with_any(any_text: str, items: list[tuple[str, object]]) -> QComboBox:
    """A filter: "Any …" (data None) first, then the choices."""
    combo = QComboBox()
    # A long programme name must not squeeze the search box beside it; the open list shows names whole.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    refill(combo, items, any_text)
    return combo


def refill(combo: QComboBox, items: list[tuple[str, object]], any_text: str | None = None) -> None:
    """Replace the choices after the first ("Any …"), keeping the current choice where it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    try:
        first = any_text if any_text is not None else combo.itemText(0)
        combo.clear()
        combo.addItem(first, None)
        for text, value in items:
            combo.addItem(text, value)
        select_data(combo, current)
    finally:
        combo.blockSignals(False)
