"""Writing a form's cleaned values onto a record, and naming what changed (for the audit trail)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def assign(record: Any, values: Mapping[str, object]) -> list[str]:
    """Set each value on the record; returns the names of the fields whose value differed, in `values` order."""
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name, value in values.items():
        setattr(record, name, value)
    return changed
