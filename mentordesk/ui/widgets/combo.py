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
