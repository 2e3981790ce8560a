"""The three pathway steps side by side: a numbered circle per step joined by lines, its state and what is missing.

State shows three ways so it reads without colour: the circle (a tick when complete, filled while
in progress, an outline before it starts), the colour, and a written status. The step to work on
next (the first one not complete) sits on a tinted card with its missing items in full colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from mentordesk.services.pathway_forms import StepState, StepStatus
from mentordesk.ui.labels import label

BADGE_SIZE = 34
_LINE_WIDTH = 3
_CARD_RADIUS = 8

# Status words, with a glyph that repeats what the circle shows.
_STATUS_TEXT = {
    StepStatus.COMPLETE: ("✓", QT_TRANSLATE_NOOP("PathwayStepper", "Complete")),
    StepStatus.IN_PROGRESS: ("●", QT_TRANSLATE_NOOP("PathwayStepper", "In progress")),
    StepStatus.NOT_STARTED: ("○", QT_TRANSLATE_NOOP("PathwayStepper", "Not started")),
}


def status_words(status: StepStatus) -> str:
    return QCoreApplication.translate("PathwayStepper", _STATUS_TEXT[status][1])


def status_text(status: StepStatus) -> str:
    return f"{_STATUS_TEXT[status][0]} {status_words(status)}"


def complete_colour(palette: QPalette) -> QColor:
    """A green that stays readable: darker on light windows, lighter on dark ones."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#5cb85f" if dark else "#2e7d32")


def status_colour(status: StepStatus, palette: QPalette) -> QColor:
    if status is StepStatus.COMPLETE:
        return complete_colour(palette)
    if status is StepStatus.IN_PROGRESS:
        return palette.color(QPalette.ColorRole.Highlight)
    return palette.color(QPalette.ColorRole.PlaceholderText)


class StepBadge(QWidget):
    """The numbered circle: outline (not started), filled with the number (in progress), a tick (complete)."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.status = StepStatus.NOT_STARTED
        self.current = False
        self.setFixedSize(BADGE_SIZE + 6, BADGE_SIZE + 6)  # room for the current step's ring

    def set_state(self, status: StepStatus, current: bool) -> None:
        self.status, self.current = status, current
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        colour = status_colour(self.status, palette)
        circle = QRectF(3, 3, BADGE_SIZE, BADGE_SIZE)
        if self.current:
            ring = QColor(colour)
            ring.setAlpha(90)
            painter.setPen(QPen(ring, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle.adjusted(-1.5, -1.5, 1.5, 1.5))
        if self.status is StepStatus.NOT_STARTED:
            painter.setPen(QPen(colour, 2))
            painter.setBrush(palette.color(QPalette.ColorRole.Window))
            painter.drawEllipse(circle.adjusted(1, 1, -1, -1))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(circle)
        if self.status is StepStatus.COMPLETE:
            tick = QPainterPath(QPointF(circle.left() + BADGE_SIZE * 0.28, circle.top() + BADGE_SIZE * 0.52))
            tick.lineTo(circle.left() + BADGE_SIZE * 0.44, circle.top() + BADGE_SIZE * 0.68)
            tick.lineTo(circle.left() + BADGE_SIZE * 0.74, circle.top() + BADGE_SIZE * 0.34)
            painter.setPen(QPen(QColor("white"), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                Qt.PenJoinStyle.RoundJoin))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        else:
            font = QFont(self.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText)
                           if self.status is StepStatus.IN_PROGRESS else colour)
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, self.locale().toString(self.number))
        painter.end()


class StepColumn(QWidget):
    """One step: its circle, name, written status and the list of what is still missing."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge = StepBadge(number)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.status_label = QLabel()
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.missing_label = QLabel()
        self.missing_label.setTextFormat(Qt.TextFormat.PlainText)  # sentences from the service, never markup
        self.missing_label.setWordWrap(True)
        self.missing_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.missing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(4)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.status_label)
        layout.addSpacing(2)
        layout.addWidget(self.missing_label, 1)
        self.state: StepState | None = None
        self.current = False

    def set_state(self, state: StepState, current: bool) -> None:
        self.state, self.current = state, current
        self.badge.set_state(state.status, current)
        self.title.setText(label(state.step))
        title_font = QFont(self.font())
        title_font.setBold(True)
        if current:
            title_font.setPointSizeF(title_font.pointSizeF() * 1.12)
        self.title.setFont(title_font)
        status_font = QFont(self.font())
        status_font.setBold(current)
        self.status_label.setFont(status_font)
        self.status_label.setText(status_text(state.status))
        self.status_label.setStyleSheet(f"color: {status_colour(state.status, self.palette()).name()};")
        if state.missing:
            heading = self.tr("Still needed:")
            self.missing_label.setText("\n".join([heading, *(f"• {item}" for item in state.missing)]))
        else:
            self.missing_label.setText(self.tr("Nothing missing.") if state.status is StepStatus.COMPLETE else "")
        # A list reads from the left; the one short line sits under the centred status.
        self.missing_label.setAlignment(Qt.AlignmentFlag.AlignTop | (
            Qt.AlignmentFlag.AlignLeft if state.missing else Qt.AlignmentFlag.AlignHCenter))
        # Only the step to work on now speaks in full colour; the others step back.
        self.missing_label.setForegroundRole(QPalette.ColorRole.WindowText if current
                                             else QPalette.ColorRole.PlaceholderText)
        missing = "; ".join(state.missing) if state.missing else self.tr("nothing missing")
        self.setAccessibleName(self.tr("{step}: {status}{current}. Still needed: {missing}").format(
            step=label(state.step), status=status_words(state.status),
            current=self.tr(" (current step)") if current else "", missing=missing))


class PathwayStepper(QWidget):
    """Assessment → Learning offer → Validation; `set_steps` with the service's three StepStates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = [StepColumn(number) for number in (1, 2, 3)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        for column in self.columns:
            layout.addWidget(column, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.steps: tuple[StepState, ...] = ()

    def set_steps(self, steps: Sequence[StepState]) -> None:
        """The three states in order; the first step not complete is the current one (none when all are)."""
        self.steps = tuple(steps)
        current = next((i for i, state in enumerate(self.steps) if state.status is not StepStatus.COMPLETE), None)
        for index, (column, state) in enumerate(zip(self.columns, self.steps, strict=True)):
            column.set_state(state, index == current)
        self.update()

    @property
    def current_index(self) -> int | None:
        return next((i for i, column in enumerate(self.columns) if column.current), None)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), 3 * 150), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """The current step's card and the lines joining the circles; the columns paint over them."""
        if not self.steps:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        for column in self.columns:
            if column.current:
                tint = QColor(palette.color(QPalette.ColorRole.Highlight))
                tint.setAlpha(28)
                border = QColor(palette.color(QPalette.ColorRole.Highlight))
                border.setAlpha(110)
                painter.setPen(QPen(border, 1.5))
                painter.setBrush(tint)
                painter.drawRoundedRect(QRectF(column.geometry()).adjusted(1, 1, -1, -1), _CARD_RADIUS, _CARD_RADIUS)
        for left, right in zip(self.columns, self.columns[1:], strict=False):
            start = left.badge.mapTo(self, left.badge.rect().center())
            end = right.badge.mapTo(self, right.badge.rect().center())
            half = BADGE_SIZE / 2 + 6
            done = left.state is not None and left.state.status is StepStatus.COMPLETE
            colour = complete_colour(palette) if done else palette.color(QPalette.ColorRole.Mid)
            painter.setPen(QPen(colour, _LINE_WIDTH, Qt.PenStyle.SolidLine if done else Qt.PenStyle.DashLine,
                                Qt.PenCapStyle.FlatCap))
            painter.drawLine(QPointF(start.x() + half, start.y()), QPointF(end.x() - half, end.y()))
        painter.end()
