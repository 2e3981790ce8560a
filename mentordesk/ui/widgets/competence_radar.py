"""Competence levels as a radar (QtCharts): one closed polygon per series, competences around, levels outwards.

QtCharts is a module the rest of the app never needs: only the Pathway tab imports this one, the
first time it is shown, so loading it never lies on the path to the first window.

The legend is drawn beside the chart rather than by QtCharts, whose one-row legend elides the
series' names to nothing in a chart this size; it wraps into two columns instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QPolarChart, QValueAxis
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.pathway_forms import FrameworkInfo, RadarSeries

# Competence names go round the chart on two short lines (longer ones are cut); past MANY_COMPETENCES
# the codes are shown instead, as the names would leave no room for the chart.
LINE_CHARS = 13
MAX_WORD_CHARS = 16
MANY_COMPETENCES = 12

# Okabe–Ito colours (told apart with colour blindness), lighter variants on dark windows; each series
# also gets its own dash pattern so the chart reads in greyscale.
_LIGHT_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
_DARK_COLOURS = ("#56b4e9", "#e69f00", "#2fd1a0", "#e89ac7", "#f0e442", "#ff8c5a")
_DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)


def short_label(name: str, width: int = LINE_CHARS, lines: int = 2) -> list[str]:
    """The name in at most `lines` lines of about `width` characters, cut with "…" where it goes on."""
    words = name.split()
    result: list[str] = []
    current = ""
    for word in words:
        if len(word) > MAX_WORD_CHARS:
            word = word[:MAX_WORD_CHARS - 1] + "…"
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width or not current:
            current = candidate
            continue
        result.append(current)
        current = word
        if len(result) == lines:  # more words follow: end the last line on a word that carries meaning
            last = result[-1].split()
            if len(last) > 1 and len(last[-1]) <= 3:  # "and", "of", "&": the cut reads better before them
                last.pop()
            return [*result[:-1], " ".join(last).rstrip(",;:") + "…"]
    result.append(current)
    return result


def axis_labels(framework: FrameworkInfo) -> list[str]:
    """One short, unique label per competence (rich text): its name on two short lines, or codes when crowded."""
    names = ["<br>".join(escape(line) for line in short_label(c.name)) for c in framework.competences]
    if len(names) > MANY_COMPETENCES or len(set(names)) < len(names):
        return [escape(c.code) for c in framework.competences]
    return names


def series_pen(index: int, palette: QPalette) -> QPen:
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    colours = _DARK_COLOURS if dark else _LIGHT_COLOURS
    pen = QPen(QColor(colours[index % len(colours)]), 2.5 if index % 2 == 0 else 2.0)
    pen.setStyle(_DASHES[index % len(_DASHES)])
    return pen


def polygon(levels: Sequence[int | None]) -> list[QPointF]:
    """The series' points (competence index, level), closed by repeating the first at the full turn.

    Competences not assessed are left out and their neighbours joined; when the first competence is
    one of them the line across the top is drawn through where the neighbours' join crosses it.
    """
    count = len(levels)
    known = [(index, level) for index, level in enumerate(levels) if level is not None]
    if not known:
        return []
    points = [QPointF(index, level) for index, level in known]
    first_index, first_level = known[0]
    last_index, last_level = known[-1]
    if first_index == 0:
        points.append(QPointF(count, first_level))
    elif len(known) > 1:
        span = count - last_index + first_index  # the angular distance across the top
        crossing = last_level + (first_level - last_level) * (count - last_index) / span
        points.insert(0, QPointF(0, crossing))
        points.append(QPointF(count, crossing))
    return points


class CompetenceRadar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework: FrameworkInfo | None = None
        self.series: tuple[RadarSeries, ...] = ()

        self.chart = QPolarChart()
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.setBackgroundRoundness(0)
        self.chart.legend().hide()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # the chart must be right at once
        self.angular_axis = QCategoryAxis()
        self.angular_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.radial_axis = QValueAxis()
        self.radial_axis.setLabelFormat("%d")
        self.chart.addAxis(self.angular_axis, QPolarChart.PolarOrientation.PolarOrientationAngular)
        self.chart.addAxis(self.radial_axis, QPolarChart.PolarOrientation.PolarOrientationRadial)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(380, 280)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.legend = QWidget()
        self.legend_layout = QGridLayout(self.legend)
        self.legend_layout.setContentsMargins(8, 0, 8, 0)
        self.legend_layout.setHorizontalSpacing(16)
        self.legend_layout.setVerticalSpacing(2)
        chart_page = QWidget()
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.setSpacing(2)
        chart_layout.addWidget(self.view, 1)
        chart_layout.addWidget(self.legend)
        self.chart_page = chart_page

        self.empty = QLabel(self.tr("No levels yet: the chart draws the self and mentor levels once an "
                                    "assessment is recorded."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setMinimumSize(260, 120)

        # Shown one at a time without a stack, whose size would be the chart's even while it is empty.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.chart_page)
        self.chart_page.hide()
        self.setAccessibleName(self.tr("Competence levels chart"))
        self._apply_palette()

    # ---- showing

    def set_data(self, framework: FrameworkInfo, series: Sequence[RadarSeries]) -> None:
        self.framework, self.series = framework, tuple(series)
        self.chart.removeAllSeries()
        drawn = [s for s in self.series if any(level is not None for level in s.levels)]
        if not framework.competences or not drawn:
            self.chart_page.hide()
            self.empty.show()
            self.setAccessibleDescription(self.empty.text())
            return
        count = len(framework.competences)
        for label in self.angular_axis.categoriesLabels():
            self.angular_axis.remove(label)
        self.angular_axis.setStartValue(0)
        for index, text in enumerate(axis_labels(framework)):
            self.angular_axis.append(text, index)
        self.angular_axis.setRange(0, count)
        top = max([*(level.rank for level in framework.levels),
                   *(level for s in drawn for level in s.levels if level is not None)])
        self.radial_axis.setRange(0, top)
        self.radial_axis.setTickCount(top + 1)
        palette = self.palette()
        for index, data in enumerate(drawn):
            line = QLineSeries()
            line.setName(data.name)
            line.append(polygon(data.levels))
            line.setPen(series_pen(index, palette))
            line.setPointsVisible(True)
            self.chart.addSeries(line)
            line.attachAxis(self.angular_axis)
            line.attachAxis(self.radial_axis)
            line.hovered.connect(lambda point, state, name=data.name: self._hovered(name, point, state))
        self._fill_legend(drawn)
        self.empty.hide()
        self.chart_page.show()
        self.setAccessibleDescription(self._describe(drawn))

    def line_series(self) -> list[QLineSeries]:
        return [s for s in self.chart.series() if isinstance(s, QLineSeries)]

    def _describe(self, drawn: Sequence[RadarSeries]) -> str:
        assert self.framework is not None
        parts = []
        for data in drawn:
            levels = ", ".join(f"{c.name} {level}" for c, level in zip(self.framework.competences, data.levels,
                                                                         strict=False) if level is not None)
            parts.append(f"{data.name}: {levels}")
        return "; ".join(parts)

    def _hovered(self, name: str, point: QPointF, state: bool) -> None:
        if not state or self.framework is None:
            QToolTip.hideText()
            return
        count = len(self.framework.competences)
        index = round(point.x()) % count
        level = round(point.y())
        competence = self.framework.competences[index]
        level_label = self.framework.level_label(level)
        QToolTip.showText(QCursor.pos(), self.tr("{competence}\n{series}: {level}").format(
            competence=competence.name, series=name,
            level=f"{level} · {level_label}" if level_label else str(level)), self)

    # ---- theme

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
            if self.framework is not None:
                self.set_data(self.framework, self.series)

    def _apply_palette(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        self.chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Window))
        self.chart.setPlotAreaBackgroundVisible(False)
        self.view.setBackgroundBrush(palette.color(QPalette.ColorRole.Window))
        font = QFont(self.font())
        for axis in (self.angular_axis, self.radial_axis):
            axis.setLabelsColor(text)
            axis.setLabelsFont(font)
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        self.radial_axis.setLabelsFont(small)
        self.radial_axis.setLabelsColor(palette.color(QPalette.ColorRole.PlaceholderText))

    def _fill_legend(self, drawn: Sequence[RadarSeries]) -> None:
        while self.legend_layout.count():
            item = self.legend_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        palette = self.palette()
        columns = 2 if len(drawn) > 2 else len(drawn)
        for index, data in enumerate(drawn):
            entry = QWidget()
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(6)
            sample = QLabel()
            sample.setPixmap(_line_sample(series_pen(index, palette), self.devicePixelRatioF()))
            name = QLabel(data.name)
            name.setTextFormat(Qt.TextFormat.PlainText)
            row.addWidget(sample)
            row.addWidget(name, 1)
            self.legend_layout.addWidget(entry, index // columns, index % columns)

    def legend_names(self) -> list[str]:
        names = []
        for index in range(self.legend_layout.count()):
            entry = self.legend_layout.itemAt(index).widget()
            names.extend(label.text() for label in entry.findChildren(QLabel) if label.text())
        return names


def _line_sample(pen: QPen, ratio: float) -> QPixmap:
    """A short stroke in the series' colour and dash pattern, as the legend's key."""
    pixmap = QPixmap(int(30 * ratio), int(12 * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(pen)
    painter.drawLine(QPointF(1, 6), QPointF(29, 6))
    painter.setBrush(pen.color())
    painter.drawEllipse(QPointF(15, 6), 2.5, 2.5)
    painter.end()
    return pixmap
