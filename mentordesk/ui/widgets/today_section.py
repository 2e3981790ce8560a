"""One section of the Today page: a heading with its count, a short list, or a friendly line when empty.

The lists hold at most a hundred rows, so the model keeps them all as plain rows of text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QHeaderView, QLabel, QStyle, QTreeView, QVBoxLayout, QWidget

from mentordesk.ui.style import ERROR_COLOUR
from mentordesk.ui.widgets.headings import heading_label
from mentordesk.ui.widgets.tables import configure_list_view

MAX_VISIBLE_ROWS = 12  # longer lists scroll inside their section, so the page stays one glance
MAX_COLUMN_WIDTH = 260  # longer texts elide; the stretching column (the main text) takes the rest
MIN_STRETCH_WIDTH, MIN_STRETCH_SHARE = 160, 0.4  # what the main text keeps when the section is narrow
COLUMN_GAP = 12

_ALERT = QColor(ERROR_COLOUR)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TodayRow:
    cells: tuple[str, ...]
    target: object  # what activating (or ticking) the row acts on: the service's item
    checkable: bool = False  # a tick box in the first cell
    alert: frozenset[int] = frozenset()  # cells shown in the error colour (an overdue date)
    tooltip: str = ""


class TodayRowsModel(QAbstractTableModel):
    RowRole = Qt.ItemDataRole.UserRole + 1

    ticked = Signal(object)  # TodayRow: its box was ticked; the page decides what that does

    def __init__(self, columns: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = columns
        self._rows: list[TodayRow] = []

    def set_rows(self, rows: list[TodayRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> TodayRow:
        return self._rows[number]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else self._columns

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column] if column < len(row.cells) else ""
        if role == Qt.ItemDataRole.ForegroundRole and column in row.alert:
            return _ALERT
        if role == Qt.ItemDataRole.CheckStateRole and row.checkable and column == 0:
            return Qt.CheckState.Unchecked  # ticked rows leave the list, so a shown box is never ticked
        if role == Qt.ItemDataRole.ToolTipRole and row.tooltip:
            return row.tooltip
        if role == self.RowRole:
            return row
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0 and self._rows[index.row()].checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or not self._rows[index.row()].checkable or Qt.CheckState(value) != Qt.CheckState.Checked):
            return False
        self.ticked.emit(self._rows[index.row()])
        return True


class TodaySection(QWidget):
    activated = Signal(object)  # the row's target, on double-click or Enter
    ticked = Signal(object)  # the row's target, when its box is ticked (click or Space)

    def __init__(self, columns: int, empty_text: str, stretch_column: int = 0,
                 whole_columns: frozenset[int] = frozenset(), parent: QWidget | None = None) -> None:
        """`whole_columns` (dates, times, counts) never elide; the other columns narrow first."""
        super().__init__(parent)
        self.heading = heading_label(scale=1.15)

        self.model = TodayRowsModel(columns, self)
        # Queued: the ticked row leaves the model, which must not happen inside the view's own click handling.
        self.model.ticked.connect(lambda row: self.ticked.emit(row.target), Qt.ConnectionType.QueuedConnection)
        self.view = QTreeView()
        self.view.setModel(self.model)
        configure_list_view(self.view)
        self.view.setHeaderHidden(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Widths measured from the texts (see _fit_columns): ResizeToContents asks the model for every
        # role of every cell on each layout, which cost more than the whole agenda query.
        self._stretch_column = stretch_column
        self._whole_columns = whole_columns
        self._natural_widths: dict[int, int] = {}
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._on_activated)
        self.view.installEventFilter(self)  # Space
        self.view.viewport().installEventFilter(self)  # its new width

        self.empty_label = QLabel(empty_text)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.more_label = QLabel()
        self.more_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.more_label)
        layout.addStretch(1)

    def set_content(self, heading: str, rows: list[TodayRow], more: str = "", empty_text: str | None = None) -> None:
        """Show `rows` under `heading`; `more` says what the list leaves out (empty: nothing)."""
        self.heading.setText(heading)
        if empty_text is not None:
            self.empty_label.setText(empty_text)
        # After a tick the list comes back one row shorter: keep the place, so the next row can be ticked too.
        scrolled = self.view.verticalScrollBar().value()
        current = self.view.currentIndex().row()
        self.model.set_rows(rows)
        self.view.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.more_label.setText(more)
        self.more_label.setVisible(bool(more))
        if rows:
            self._fit_columns(rows)
            self._fit_height(len(rows))
            self.view.verticalScrollBar().setValue(scrolled)
            if current >= 0:
                self.view.setCurrentIndex(self.model.index(min(current, len(rows) - 1), 0))

    def _fit_columns(self, rows: list[TodayRow]) -> None:
        """Each column as wide as its widest text; a column with no text at all takes no room."""
        metrics = self.view.fontMetrics()
        # The delegate's text margins on both sides, and a gap so neighbouring columns do not run together.
        padding = 2 * (self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1)
        self._natural_widths = {}
        for column in range(self.model.columnCount()):
            if column != self._stretch_column:
                widest = max(metrics.horizontalAdvance(row.cells[column]) for row in rows)
                self._natural_widths[column] = min(widest + padding + COLUMN_GAP, MAX_COLUMN_WIDTH) if widest else 0
        self._apply_widths()

    def _apply_widths(self) -> None:
        """Narrow the other columns before the stretching one, the main text, gets too thin.

        Whole columns keep their width; of the rest the widest narrow first (their texts elide).
        """
        available = self.view.viewport().width()
        room = max(available - max(MIN_STRETCH_WIDTH, int(available * MIN_STRETCH_SHARE)), 0)
        whole = {c: w for c, w in self._natural_widths.items() if c in self._whole_columns}
        narrowing = {c: w for c, w in self._natural_widths.items() if c not in self._whole_columns}
        cap = _common_cap(sorted(narrowing.values()), max(room - sum(whole.values()), 0))
        for column, width in self._natural_widths.items():
            self.view.setColumnHidden(column, width == 0)  # a zero width would still get the header's minimum
            if width:
                self.view.setColumnWidth(column, width if column in whole else min(width, cap))

    def _fit_height(self, rows: int) -> None:
        row_height = self.view.sizeHintForRow(0)
        if row_height <= 0:
            row_height = self.fontMetrics().height() + 8
        self.view.setFixedHeight(min(rows, MAX_VISIBLE_ROWS) * row_height + 2 * self.view.frameWidth())

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.row(index.row()).target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize and self.model.rowCount():
            self._apply_widths()
        # Space ticks the current row's box from any column, not only when the box's own cell is current.
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Space):
            index = self.view.currentIndex()
            if index.isValid() and self.model.row(index.row()).checkable:
                self.model.ticked.emit(self.model.row(index.row()))
                return True
        return super().eventFilter(watched, event)


def _common_cap(widths: list[int], room: int) -> int:
    """The largest cap such that the ascending `widths`, each cut to it, fit into `room`."""
    for index, width in enumerate(widths):
        left = len(widths) - index  # this width and the wider ones after it share what remains
        if width * left > room:
            return max(room // left, 0)
        room -= width
    return MAX_COLUMN_WIDTH
