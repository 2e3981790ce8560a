"""What every page shares: a title, and refreshing only when shown after its data changed."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.ui.events import DataEvents
from mentordesk.ui.widgets.headings import PAGE_TITLE_SCALE, heading_label


class Page(QWidget):
    #: The kinds of record whose change makes this page stale; empty means every change does.
    watches: frozenset[ChangeKind] = frozenset()

    def __init__(self, title: str, events: DataEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._stale = True
        events.changed.connect(self._on_changed)
        self.title_label = heading_label(title, PAGE_TITLE_SCALE)
        self.page_layout = QVBoxLayout(self)
        self.page_layout.setContentsMargins(24, 18, 24, 18)
        self.page_layout.addWidget(self.title_label)

    def add_title_buttons(self, *buttons: QWidget) -> None:
        """The page's main actions, on the title's line at the right, in this order."""
        row = QHBoxLayout()
        self.page_layout.removeWidget(self.title_label)
        row.addWidget(self.title_label)
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        self.page_layout.insertLayout(0, row)

    def refresh(self) -> None:
        """Reload what the page shows from the services."""

    def _on_changed(self, changes: Changes) -> None:
        if self.watches and not changes.touches(*self.watches):
            return
        self._stale = True
        if self.isVisible():
            self._refresh_now()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self._refresh_now()

    def _refresh_now(self) -> None:
        self._stale = False
        self.refresh()
