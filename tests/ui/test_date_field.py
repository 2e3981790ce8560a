"""The date field: blank when optional, and a blank field's calendar opens on this month, not on 1900."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest

from mentordesk.ui.widgets.date_field import DateField


def test_an_optional_field_can_be_blank_and_set(qtbot) -> None:
    field = DateField(None)
    qtbot.addWidget(field)
    assert field.value() is None
    field.set_value(date(2026, 3, 1))
    assert field.value() == date(2026, 3, 1)
    assert DateField(None, optional=False).value() == date(1900, 1, 1)


def test_a_blank_fields_calendar_opens_on_the_current_month(qtbot) -> None:
    field = DateField(None)
    qtbot.addWidget(field)
    field.resize(160, 30)
    field.show()
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(150, 15))
    calendar = field.calendarWidget()
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert field.value() is None, "looking at the calendar sets no date"
