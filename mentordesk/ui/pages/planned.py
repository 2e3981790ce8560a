"""Pages whose features arrive in later releases: an honest note of what will be there, and what is stored now."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from mentordesk.services.overview import DatabaseCounts, OverviewService
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pages.base import Page
from mentordesk.ui.widgets.empty_state import EmptyState


class PlannedPage(Page):
    def __init__(
        self,
        title: str,
        icon: QIcon,
        headline: str,
        promise: str,
        stored: Callable[[DatabaseCounts], str],
        overview: OverviewService,
        events: DataEvents,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, events, parent)
        self._overview = overview
        self._stored = stored
        self.empty_state = EmptyState(icon, headline, promise)
        self.page_layout.addWidget(self.empty_state, 1)

    def refresh(self) -> None:
        self.empty_state.set_detail(self._stored(self._overview.counts()))
