"""Hours by month as a small bar chart painted in the palette's colours, each bar labelled with its value.

A chart rather than a table: twelve months read as a trend at a glance and fit in one short row.
Every figure stays readable as text (a label over each bar, a tooltip, the accessible description).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from mentordesk.ui.labels import format_minutes

MONTHS_SHOWN = 12
_MAX_BAR_WIDTH = 44
_BAR_SHARE = 0.62  # of each month's slot; the rest is the gap between bars


def months_to_show(minutes_by_month: Sequence[tuple[date, int]], today: date,
                   count: int = MONTHS_SHOWN) -> list[tuple[date, int]]:
    """Up to `count` consecutive months, empty ones included so gaps show as gaps.

    The window ends at this month while the mentee has hours in the last `count` months
    (recent silence is worth seeing), otherwise at their last month with hours; it never
    starts before their first month with hours.
    """
    if not minutes_by_month:
        return []
    minutes = dict(minutes_by_month)
    first, latest = min(minutes), max(minutes)
    current = today.replace(day=1)
    end = current if latest <= current and _months_between(latest, current) < count else latest
    start = max(first, _add_months(end, 1 - count))
    months = []
    month = start
    while month <= end:
        months.append((month, minutes.get(month, 0)))
        month = _add_months(month, 1)
    return months


def format_hours(minutes: int) -> str:
    """A bar's label, short for a narrow slot: "2", "1.5", "0.8" (one decimal, only when needed)."""
    if minutes % 60 == 0:
        return QLocale().toString(minutes // 60)
    return QLocale().toString(minutes / 60, "f", 1)


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _add_months(month: date, delta: int) -> date:
    index = month.year * 12 + month.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


class MonthlyHoursChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[tuple[date, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Hours by month"))

    def set_months(self, months: Sequence[tuple[date, int]]) -> None:
        """Consecutive (first day of month, minutes), oldest first, as months_to_show() gives them."""
        self.months = list(months)
        self.setAccessibleDescription("; ".join(
            f"{self._month_and_year(month)}: {format_minutes(minutes)}" for month, minutes in self.months))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(max(len(self.months), 6) * (_MAX_BAR_WIDTH + 12), self._text_height() * 4 + 90)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(max(len(self.months), 1) * 30, self.sizeHint().height())

    # ---- geometry shared by painting and tooltips

    def _text_height(self) -> int:
        return self.fontMetrics().height()

    def _slot_width(self) -> float:
        return self.width() / max(len(self.months), 1)

    def _month_at(self, point: QPoint) -> int | None:
        if not self.months:
            return None
        index = int(point.x() // self._slot_width())
        return index if 0 <= index < len(self.months) else None

    def _month_and_year(self, month: date) -> str:
        return QLocale().toString(QDate(month.year, month.month, 1), "MMMM yyyy")

    # ---- painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if not self.months:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        line = metrics.height()
        top = line + 4  # room for the value over the tallest bar
        baseline = self.height() - 2 * line - 6  # two lines below: month, and the year where it changes
        plot_height = max(baseline - top, 1)
        slot = self._slot_width()
        bar_width = min(slot * _BAR_SHARE, _MAX_BAR_WIDTH)
        tallest = max(minutes for _, minutes in self.months) or 1
        locale = QLocale()

        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(0, baseline, self.width(), baseline)
        for index, (month, minutes) in enumerate(self.months):
            centre = slot * index + slot / 2
            if minutes:
                height = max(plot_height * minutes / tallest, 2.0)  # a few minutes still show
                bar = QRectF(centre - bar_width / 2, baseline - height, bar_width, height)
                painter.fillRect(bar, palette.color(QPalette.ColorRole.Highlight))
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                painter.drawText(QRectF(centre - slot / 2, bar.top() - line - 2, slot, line),
                                 Qt.AlignmentFlag.AlignCenter, format_hours(minutes))
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(QRectF(centre - slot / 2, baseline + 3, slot, line), Qt.AlignmentFlag.AlignCenter,
                             locale.standaloneMonthName(month.month, QLocale.FormatType.ShortFormat))
            if index == 0 or month.month == 1:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(QRectF(centre - slot, baseline + 3 + line, 2 * slot, line),
                                 Qt.AlignmentFlag.AlignCenter, locale.toString(QDate(month.year, 1, 1), "yyyy"))
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self._month_at(event.pos())
            if index is None:
                QToolTip.hideText()
            else:
                month, minutes = self.months[index]
                QToolTip.showText(event.globalPos(), self.tr("{month}: {duration}").format(
                    month=self._month_and_year(month), duration=format_minutes(minutes)), self)
            return True
        return super().event(event)
