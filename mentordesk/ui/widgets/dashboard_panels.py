"""The dashboard's plain-widget parts: figure cards, the "Needs attention" list and the mentors' table.

Each part says which figure was clicked (its Drill); the page turns that into a list of mentees.
No QtCharts here: these are built with the page, the charts only when it is first shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.dashboard_data import Drill
from mentordesk.ui.style import ERROR_COLOUR
from mentordesk.ui.widgets.tables import configure_list_view

CARD_NUMBER_SCALE = 2.2


def _transparent(label: QLabel) -> QLabel:
    """A label inside a button: clicks go to the button."""
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class DashboardCard(QWidget):
    """A big number with what it counts and for when; a click (or Enter) opens the people behind it, when any.

    Painted by hand in the palette's colours, so every card looks alike whether it can be clicked or not
    and follows a switch between light and dark at once.
    """

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drill: Drill | None = None
        self.attention = False
        self._hovered = False
        self.number_label = _transparent(QLabel("—"))
        font = QFont(self.number_label.font())
        font.setPointSizeF(font.pointSizeF() * CARD_NUMBER_SCALE)
        font.setBold(True)
        self.number_label.setFont(font)
        self.caption_label = _transparent(QLabel())
        self.caption_label.setWordWrap(True)
        self.period_label = _transparent(QLabel())
        self.period_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.number_label)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.period_label)
        layout.addStretch(1)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_figure(self, number: str, caption: str, period: str, drill: Drill | None, attention: bool = False) -> None:
        self.drill = drill
        self.attention = attention
        self.number_label.setText(number)
        self.caption_label.setText(caption)
        self.period_label.setText(period)
        self.period_label.setVisible(bool(period))
        self._colour_number()
        clickable = drill is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if clickable else Qt.FocusPolicy.NoFocus)
        self.setToolTip(self.tr("Show these mentees") if clickable else "")
        self.setAccessibleName(f"{caption} {period}: {number}".strip())
        self.update()

    def _colour_number(self) -> None:
        # A figure asking for action (follow-ups overdue, consent missing) in the warning colour, lighter on dark.
        colour = attention_colour(self.palette()) if self.attention else None
        self.number_label.setStyleSheet(f"color: {colour};" if colour else "")

    # ---- looks

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        active = self.drill is not None and (self._hovered or self.hasFocus())
        border = palette.color(QPalette.ColorRole.Highlight if active else QPalette.ColorRole.Mid)
        width = 2.0 if active else 1.0
        painter.setPen(QPen(border, width))
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase if active else QPalette.ColorRole.Base))
        inset = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 6, 6)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.HoverEnter, QEvent.Type.HoverLeave):
            self._hovered = event.type() == QEvent.Type.HoverEnter
            self.update()
        elif event.type() == QEvent.Type.PaletteChange:
            self._colour_number()
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.update()

    # ---- clicking

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self._activate()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._activate()
            return
        super().keyPressEvent(event)

    def _activate(self) -> None:
        if self.drill is not None:
            self.clicked.emit()


def attention_colour(palette: QPalette) -> str:
    """The warning colour, lightened on a dark window where the usual red is too dark to read."""
    if palette.color(QPalette.ColorRole.Window).lightness() < 128:
        return QColor(ERROR_COLOUR).lighter(190).name()
    return ERROR_COLOUR


@dataclass(frozen=True)
class AttentionRow:
    text: str
    count: str  # as shown
    drill: Drill | None  # None: nothing to open (a count of nobody)


class AttentionList(QWidget):
    """One line per thing to look at, with how many; a click (or Enter) lists the people."""

    drill_requested = Signal(object)  # Drill

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[QPushButton] = []
        self.rows_layout = QVBoxLayout(self)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(0)
        self.empty = QLabel(self.tr("Nothing needs attention now."))
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.rows_layout.addWidget(self.empty)
        self.rows_layout.addStretch(1)

    def set_rows(self, rows: Sequence[AttentionRow]) -> None:
        for button in self.rows:
            self.rows_layout.removeWidget(button)
            button.deleteLater()
        self.rows = []
        for index, row in enumerate(rows):
            button = QPushButton()
            button.setFlat(True)
            line = QHBoxLayout(button)
            line.setContentsMargins(8, 4, 8, 4)
            text = _transparent(QLabel(row.text))
            count = _transparent(QLabel(row.count))
            bold = QFont(count.font())
            bold.setBold(True)
            count.setFont(bold)
            line.addWidget(text, 1)
            line.addWidget(count)
            button.setMinimumHeight(line.sizeHint().height())
            button.setAccessibleName(f"{row.text}: {row.count}")
            if row.drill is not None:
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setToolTip(self.tr("Show these mentees"))
                button.clicked.connect(lambda _checked=False, drill=row.drill: self.drill_requested.emit(drill))
            else:
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                for label in (text, count):
                    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.rows_layout.insertWidget(index, button)
            self.rows.append(button)
        self.empty.setVisible(not rows)

    def texts(self) -> list[tuple[str, str]]:
        """(what, how many) per line, as shown."""
        return [tuple(label.text() for label in button.findChildren(QLabel)) for button in self.rows]


# ---- mentors

_NAME, _CASELOAD, _HOURS = range(3)
BAR_ROLE = Qt.ItemDataRole.UserRole + 1  # the share of the largest value, 0..1, drawn as a bar
DRILL_ROLE = Qt.ItemDataRole.UserRole + 2


class _BarDelegate(QStyledItemDelegate):
    """The number at the right of its cell, and a bar of its share of the largest to its left."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        share = index.data(BAR_ROLE)
        if share is None:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        self.initStyleOption(option, index)
        text, option.text = option.text, ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        metrics = option.fontMetrics
        room = option.rect.adjusted(6, 0, -6, 0)
        number_width = max(metrics.horizontalAdvance("0000.0"), metrics.horizontalAdvance(text)) + 8
        bar_room = max(room.width() - number_width, 0)
        height = max(metrics.height() - 6, 4)
        bar = QRect(room.left(), room.center().y() - height // 2 + 1, round(bar_room * float(share)), height)
        colour = QColor(palette.color(QPalette.ColorRole.Highlight))
        colour.setAlphaF(0.55 if not selected else 0.9)
        painter.save()
        painter.fillRect(bar, colour if not selected else palette.color(QPalette.ColorRole.HighlightedText))
        painter.setPen(text_colour)
        painter.drawText(room, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()


@dataclass(frozen=True)
class MentorRow:
    name: str
    caseload: int
    hours: float
    caseload_text: str
    hours_text: str
    drill: Drill


class MentorTable(QTableWidget):
    """Caseload and hours per mentor, largest caseload first; a click (or Enter) on a row lists their mentees."""

    drill_requested = Signal(object)  # Drill

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Mentor"), self.tr("Caseload"), self.tr("Hours")])
        configure_list_view(self)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_CASELOAD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_HOURS, QHeaderView.ResizeMode.Stretch)
        self.setItemDelegateForColumn(_CASELOAD, _BarDelegate(self))
        self.setItemDelegateForColumn(_HOURS, _BarDelegate(self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.clicked.connect(lambda index: self._open(index.row()))

    def set_rows(self, rows: Sequence[MentorRow]) -> None:
        ordered = sorted(rows, key=lambda row: (-row.caseload, -row.hours, row.name.casefold()))
        most_mentees = max((row.caseload for row in ordered), default=0) or 1
        most_hours = max((row.hours for row in ordered), default=0) or 1
        self.setRowCount(len(ordered))
        for r, row in enumerate(ordered):
            name = QTableWidgetItem(row.name)
            name.setData(DRILL_ROLE, row.drill)
            name.setToolTip(self.tr("Show {name}'s mentees").format(name=row.name))
            caseload = QTableWidgetItem(row.caseload_text)
            caseload.setData(BAR_ROLE, row.caseload / most_mentees)
            hours = QTableWidgetItem(row.hours_text)
            hours.setData(BAR_ROLE, row.hours / most_hours)
            for column, item in enumerate((name, caseload, hours)):
                self.setItem(r, column, item)

    def _open(self, row: int) -> None:
        item = self.item(row, _NAME)
        if item is not None and item.data(DRILL_ROLE) is not None:
            self.drill_requested.emit(item.data(DRILL_ROLE))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._open(self.currentRow())
            return
        super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseMoveEvent(event)
        hovering = self.indexAt(event.position().toPoint()).isValid()
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if hovering else Qt.CursorShape.ArrowCursor)
