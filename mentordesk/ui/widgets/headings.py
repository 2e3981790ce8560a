"""Headings: bold labels, larger for a page's title than for a section's."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

PAGE_TITLE_SCALE = 1.6  # a page's title, or the name heading a mentee's record


def heading_label(text: str = "", scale: float = 1.0) -> QLabel:
    """A bold label, `scale` times the size of the text around it."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label
