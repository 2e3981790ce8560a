"""The list pages' search box: one search per pause in typing, Ctrl+F on the page to retype."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from mentordesk.ui.widgets.search_field import SEARCH_DELAY_MS, SearchField


def _page(qtbot) -> tuple[QWidget, SearchField, list[str]]:
    page = QWidget()
    qtbot.addWidget(page)
    field = SearchField("Name or code", page, 200)
    other = QLineEdit()
    layout = QVBoxLayout(page)
    layout.addWidget(field)
    layout.addWidget(other)
    searches: list[str] = []
    field.search_requested.connect(lambda: searches.append(field.text()))
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    other.setFocus()
    return page, field, searches


def test_fast_typing_searches_once_after_the_pause(qtbot) -> None:
    _page_widget, field, searches = _page(qtbot)
    assert field.placeholderText() == "Name or code" and field.isClearButtonEnabled()
    assert field.minimumWidth() == 200
    qtbot.keyClicks(field, "zoe")
    assert searches == [], "nothing before the pause"
    qtbot.waitUntil(lambda: searches == ["zoe"], timeout=SEARCH_DELAY_MS * 20)
    qtbot.wait(SEARCH_DELAY_MS * 3)
    assert searches == ["zoe"], "one search for the whole word"


def test_a_cancelled_search_does_not_come(qtbot) -> None:
    _page_widget, field, searches = _page(qtbot)
    field.setText("MD-0002")
    field.cancel_pending()
    qtbot.wait(SEARCH_DELAY_MS * 3)
    assert searches == []


def test_ctrl_f_on_the_page_selects_the_text_for_retyping(qtbot) -> None:
    page, field, _searches = _page(qtbot)
    field.setText("Amira")
    assert not field.hasFocus()
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(field.hasFocus)
    assert field.selectedText() == "Amira"
