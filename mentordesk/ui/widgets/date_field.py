"""A date entry that can be typed in the person's own date order, and may be left empty."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from mentordesk.ui.labels import from_qdate, to_qdate

NOT_SET = QDate(1900, 1, 1)  # shown as blank: QDateEdit itself cannot be empty


def four_digit_year_format(locale: QLocale | None = None) -> str:
    """The locale's short date order with a four-digit year: "12/03/08" is ambiguous for a birth date."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    return re.sub(r"y+", "yyyy", pattern)


class DateField(QDateEdit):
    def __init__(self, value: date | None = None, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(four_digit_year_format())
        self._optional = optional
        self.setMinimumDate(NOT_SET)
        if optional:
            self.setSpecialValueText(" ")
        self.set_value(value)

    def value(self) -> date | None:
        """The date; None only for an optional field left blank (a required field always has one)."""
        current = self.date()
        return None if self._optional and current == NOT_SET else from_qdate(current)

    def set_value(self, value: date | None) -> None:
        self.setDate(NOT_SET if value is None else to_qdate(value))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mousePressEvent(event)  # opens the calendar on the field's date, which is 1900 when blank
        if self.value() is None and self.calendarWidget() is not None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
