"""The dashboard's bar charts (QtCharts), in the palette's colours, each bar able to open its mentees.

QtCharts is heavy to load: the Dashboard page imports this module the first time it is shown, never
at start-up. One chart class serves the funnel (horizontal), the weeks (stacked columns) and the
competences (grouped horizontal bars): categories, one or more named sets of values, and per category
the Drill a click opens (or None). Bars are clickable with the mouse; with the keyboard the arrows
choose a category and Enter opens it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QLocale, QMargins, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFocusEvent, QFont, QKeyEvent, QPainter, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from mentordesk.services.dashboard_data import Drill

# Okabe–Ito colours (told apart with colour blindness), lighter variants on dark windows. A set names
# its colour by role: "primary" and "secondary" for two things compared, "earlier" for a baseline.
_LIGHT = {"primary": "#0072b2", "secondary": "#e69f00", "earlier": "#9ecae9", "done": "#009e73"}
_DARK = {"primary": "#56b4e9", "secondary": "#e69f00", "earlier": "#2f6a8f", "done": "#2fd1a0"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def role_colour(role: str, palette: QPalette) -> QColor:
    return QColor((_DARK if is_dark(palette) else _LIGHT)[role])


@dataclass(frozen=True)
class BarSet:
    name: str
    values: tuple[float, ...]  # one per category
    colour: str = "primary"  # a role above


class DashboardBarChart(QChartView):
    """Bars by category; `horizontal` lists the categories top to bottom, `stacked` piles the sets."""

    drill_requested = Signal(object)  # Drill

    def __init__(self, horizontal: bool = False, stacked: bool = False, value_decimals: int = 0,
                 show_values: bool = True, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.horizontal, self.stacked = horizontal, stacked
        self.value_decimals = value_decimals
        self.show_values = show_values
        self.categories: list[str] = []
        self.sets: list[BarSet] = []
        self.drills: list[Drill | None] = []
        self.tooltips: list[str] = []
        self.current = -1  # the category the keyboard is on
        self.series: QAbstractBarSeries | None = None
        self.bar_sets: list[QBarSet] = []

        chart = self.chart_
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # right at once, and on every refresh
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.legend().setVisible(False)
        self.category_axis = QBarCategoryAxis()
        self.value_axis = QValueAxis()
        self.value_axis.setLabelFormat("%d")
        category_side = Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
        value_side = Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
        chart.addAxis(self.category_axis, category_side)
        chart.addAxis(self.value_axis, value_side)
        self.category_axis.setGridLineVisible(False)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)
        self.restyle()

    # ---- data

    def set_data(self, categories: Sequence[str], sets: Sequence[BarSet], drills: Sequence[Drill | None] = (),
                 tooltips: Sequence[str] = ()) -> None:
        self.categories = list(categories)
        self.sets = list(sets)
        self.drills = list(drills) or [None] * len(self.categories)
        self.tooltips = list(tooltips) or list(self.categories)
        self.current = min(self.current, len(self.categories) - 1)
        chart = self.chart_
        chart.removeAllSeries()
        series_class = {(False, False): QBarSeries, (False, True): QStackedBarSeries,
                        (True, False): QHorizontalBarSeries, (True, True): QHorizontalStackedBarSeries}
        series = series_class[self.horizontal, self.stacked]()
        self.bar_sets = []
        for data in self.sets:
            bar_set = QBarSet(data.name)
            bar_set.append([float(value) for value in self._ordered(data.values)])
            bar_set.clicked.connect(self._clicked)
            bar_set.hovered.connect(self._hovered)
            self.bar_sets.append(bar_set)
        # Side by side across a horizontal chart the first set is drawn lowest; reversed, the bars read in the
        # sets' order from the top, and the legend is reversed back.
        for bar_set in reversed(self.bar_sets) if self._sets_reversed() else self.bar_sets:
            series.append(bar_set)
        chart.legend().setReverseMarkers(self._sets_reversed())
        series.setBarWidth(0.8 if self.stacked or len(self.sets) > 1 else 0.62)
        if self.show_values:
            series.setLabelsVisible(True)
            series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd
                                     if not self.stacked else QAbstractBarSeries.LabelsPosition.LabelsCenter)
            series.setLabelsPrecision(max(self.value_decimals + 1, 1) if self.value_decimals else 6)
        chart.addSeries(series)
        self.series = series
        self.category_axis.clear()
        self.category_axis.append(self._ordered(self.categories))
        series.attachAxis(self.category_axis)
        series.attachAxis(self.value_axis)
        top = self._axis_top()
        self.value_axis.setRange(0, top)
        if self.value_decimals == 0:
            self.value_axis.setTickCount(5)  # applyNiceNumbers keeps the count: five gives steps like 1,500
            self.value_axis.applyNiceNumbers()
        else:  # levels: a tick on each whole level, labelled as such
            self.value_axis.setTickCount(int(top) + 1)
        chart.legend().setVisible(len(self.sets) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._colour_sets()
        self.setAccessibleDescription(self.describe())

    def describe(self) -> str:
        """Every figure as text, for screen readers."""
        parts = []
        for index, category in enumerate(self.categories):
            values = ", ".join(f"{data.name} {self._number(data.values[index])}" for data in self.sets)
            parts.append(f"{category}: {values}")
        return "; ".join(parts)

    def _ordered(self, values: Sequence) -> list:
        # A horizontal chart draws its first category at the bottom; people read the first at the top.
        return list(reversed(values)) if self.horizontal else list(values)

    def _sets_reversed(self) -> bool:
        return self.horizontal and not self.stacked

    def _index(self, drawn_index: int) -> int:
        return len(self.categories) - 1 - drawn_index if self.horizontal else drawn_index

    def _axis_top(self) -> float:
        if self.stacked:
            tallest = max((sum(data.values[i] for data in self.sets) for i in range(len(self.categories))),
                          default=0)
        else:
            tallest = max((value for data in self.sets for value in data.values), default=0)
        if self.value_decimals:
            return max(math.ceil(tallest + 0.3), 1)  # whole levels, with room for the value after the bar
        # Room beyond the longest bar for its value, drawn outside its end.
        return max(tallest * (1.12 if self.show_values and not self.stacked else 1.0), 1)

    def _number(self, value: float) -> str:
        if self.value_decimals:
            return QLocale().toString(float(value), "f", self.value_decimals)
        return QLocale().toString(int(round(value)))

    # ---- opening a bar's mentees

    def _clicked(self, drawn_index: int) -> None:
        self.open_category(self._index(drawn_index))

    def open_category(self, index: int) -> None:
        if 0 <= index < len(self.drills) and self.drills[index] is not None:
            self.drill_requested.emit(self.drills[index])

    def _hovered(self, state: bool, drawn_index: int) -> None:
        index = self._index(drawn_index)
        if not state or not 0 <= index < len(self.tooltips):
            QToolTip.hideText()
            self.unsetCursor()
            return
        if self.drills[index] is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos(), self.tooltips[index], self)

    def bar_centre(self, index: int, set_index: int = 0) -> QPoint:
        """Where the bar of `set_index` in category `index` is drawn, in this view's coordinates."""
        assert self.series is not None
        drawn = len(self.categories) - 1 - index if self.horizontal else index
        values = [data.values[index] for data in self.sets]
        if self.stacked:
            along = sum(values[:set_index]) + values[set_index] / 2
            across = float(drawn)
        else:
            along = values[set_index] / 2
            width = self.series.barWidth() / len(self.sets)
            position = len(self.sets) - 1 - set_index if self._sets_reversed() else set_index
            across = drawn - self.series.barWidth() / 2 + width * (position + 0.5)
        point = QPointF(along, across) if self.horizontal else QPointF(across, along)
        in_chart = self.chart_.mapToPosition(point, self.series)
        return self.mapFromScene(self.chart_.mapToScene(in_chart))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        forward = (Qt.Key.Key_Down, Qt.Key.Key_Right) if self.horizontal else (Qt.Key.Key_Right, Qt.Key.Key_Down)
        backward = (Qt.Key.Key_Up, Qt.Key.Key_Left) if self.horizontal else (Qt.Key.Key_Left, Qt.Key.Key_Up)
        if self.categories and key in (*forward, *backward):
            step = 1 if key in forward else -1
            self.current = (self.current + step) % len(self.categories) if self.current >= 0 else 0
            self._show_current()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current >= 0:
            self.open_category(self.current)
        else:
            super().keyPressEvent(event)

    def _show_current(self) -> None:
        drawn = self._ordered(list(range(len(self.categories))))
        for bar_set in self.bar_sets:
            bar_set.deselectAllBars()
            if self.current >= 0:
                bar_set.selectBar(drawn.index(self.current))
        if 0 <= self.current < len(self.tooltips):
            QToolTip.showText(self.mapToGlobal(self.bar_centre(self.current)), self.tooltips[self.current], self)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        for bar_set in self.bar_sets:
            bar_set.deselectAllBars()
        self.current = -1

    # ---- palette

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.restyle()

    def restyle(self) -> None:
        """The chart in the window's colours: a dark theme on a dark palette, text and grid from the palette."""
        palette = self.palette()
        chart = self.chart_
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if is_dark(palette) else QChart.ChartTheme.ChartThemeLight)
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        chart.setBackgroundBrush(window)
        chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        chart.setPlotAreaBackgroundVisible(False)
        self.setBackgroundBrush(window)
        font = QFont(self.font())
        for axis in (self.category_axis, self.value_axis):
            axis.setLabelsColor(text)
            axis.setLabelsFont(font)
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)
        self.value_axis.setLabelsColor(palette.color(QPalette.ColorRole.PlaceholderText))
        legend = chart.legend()
        legend.setLabelColor(text)
        legend.setFont(font)
        self._colour_sets()

    def _colour_sets(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        for data, bar_set in zip(self.sets, self.bar_sets, strict=True):
            colour = role_colour(data.colour, palette)
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour)
            bar_set.setSelectedColor(palette.color(QPalette.ColorRole.Highlight).lighter(130)
                                     if is_dark(palette) else colour.darker(150))
            # Inside a stacked bar the value sits on the colour; outside a bar, on the window.
            inside = self.stacked
            bar_set.setLabelColor(_readable_on(colour) if inside else text)
            bar_set.setLabelFont(QFont(self.font()))
        self._show_values_that_fit()

    def _show_values_that_fit(self) -> None:
        """Values inside stacked bars only while the thinnest piece can hold one; otherwise none (tooltips tell)."""
        if self.series is None:
            return
        visible = self.show_values
        if visible and self.stacked:
            thinnest = min((value for data in self.sets for value in data.values if value), default=0)
            along = self.chart_.plotArea().width() if self.horizontal else self.chart_.plotArea().height()
            top = self.value_axis.max() or 1
            visible = not thinnest or along * thinnest / top >= self.fontMetrics().height() + 2
        self.series.setLabelsVisible(visible)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._show_values_that_fit()


def _readable_on(colour: QColor) -> QColor:
    """Black or white, whichever contrasts more with `colour` (by relative luminance, as WCAG measures it)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())
    return QColor("#000000") if luminance > 0.179 else QColor("#ffffff")
