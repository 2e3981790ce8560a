"""Pages refresh when their data changed, and only once they are seen."""

from __future__ import annotations

from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pages.base import Page


class CountingPage(Page):
    watches = frozenset({ChangeKind.MENTEES})

    def __init__(self, events: DataEvents) -> None:
        super().__init__("Counting", events)
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


def test_a_hidden_page_waits_until_shown(qtbot) -> None:
    events = DataEvents()
    page = CountingPage(events)
    qtbot.addWidget(page)
    events.emit_changed(Changes.of(ChangeKind.MENTEES))
    assert page.refreshes == 0
    page.show()
    assert page.refreshes == 1
    page.hide()
    page.show()
    assert page.refreshes == 1, "nothing changed while it was hidden"


def test_a_visible_page_refreshes_only_for_what_it_watches(qtbot) -> None:
    events = DataEvents()
    page = CountingPage(events)
    qtbot.addWidget(page)
    page.show()
    events.emit_changed(Changes.of(ChangeKind.CERTIFICATES))
    assert page.refreshes == 1
    events.emit_changed(Changes.of(ChangeKind.SESSIONS, ChangeKind.MENTEES))
    assert page.refreshes == 2
    events.emit_changed(Changes.everything())
    assert page.refreshes == 3
