"""A list page's search box: it searches once typing pauses, and Ctrl+F anywhere on the page puts the cursor in it."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget

SEARCH_DELAY_MS = 60  # coalesces fast typing; each query takes a few ms


class SearchField(QLineEdit):
    """Emits `search_requested` once typing pauses; a page that applies its filters sooner calls `cancel_pending`."""

    search_requested = Signal()

    def __init__(self, placeholder: str, page: QWidget, min_width: int) -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(min_width)
        QShortcut(QKeySequence.StandardKey.Find, page, activated=self.take_focus)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_requested)
        self.textChanged.connect(lambda _text: self._timer.start())

    def cancel_pending(self) -> None:
        """The filters are being applied now: the search still waiting for a pause would only repeat it."""
        self._timer.stop()

    def take_focus(self) -> None:
        """The cursor in the box with its text selected, so typing replaces the last search."""
        self.setFocus()
        self.selectAll()
