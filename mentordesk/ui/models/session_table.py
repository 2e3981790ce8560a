"""Every session as a table model: keys in order from SQL, rows fetched a block at a time.

The model holds keys (32-hex text), not UUIDs: 200,000 UUIDs take half a second to build.
Sorting and filtering re-query keys in SQL; rows are DTOs, cached until the next reload.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    Qt,
    QTime,
)
from PySide6.QtGui import QBrush, QColor

from mentordesk.enums import SessionKind, SessionStatus
from mentordesk.services.session_list import SessionColumn, SessionKey, SessionQuery, SessionRow
from mentordesk.services.sessions import SessionService, key_of
from mentordesk.ui.labels import format_date, format_minutes, label
from mentordesk.ui.style import ERROR_COLOUR

BLOCK = 128  # rows fetched per query: a few screens' worth (7 ms on 200,000 sessions)
_CONTEXT = "SessionTableModel"


class TableColumn(StrEnum):
    """The table's columns: the list's own, and open follow-ups, which the list cannot sort by."""

    DATE = "date"
    MENTEES = "mentees"
    DURATION = "duration"
    MODE = "mode"
    STEP = "step"
    STATUS = "status"
    MENTOR = "mentor"
    TOPICS = "topics"
    FOLLOW_UPS = "follow_ups"


# Sorting by mentees takes over a second on 200,000 sessions and topics have no useful order:
# those columns (and follow-ups) keep the current sort.
_SORTS = {
    TableColumn.DATE: SessionColumn.DATE,
    TableColumn.DURATION: SessionColumn.DURATION,
    TableColumn.MODE: SessionColumn.MODE,
    TableColumn.STEP: SessionColumn.STEP,
    TableColumn.STATUS: SessionColumn.STATUS,
    TableColumn.MENTOR: SessionColumn.MENTOR,
}

_HEADERS = {
    TableColumn.DATE: QT_TRANSLATE_NOOP("SessionTableModel", "Date"),
    TableColumn.MENTEES: QT_TRANSLATE_NOOP("SessionTableModel", "Mentees"),
    TableColumn.DURATION: QT_TRANSLATE_NOOP("SessionTableModel", "Duration"),
    TableColumn.MODE: QT_TRANSLATE_NOOP("SessionTableModel", "Mode"),
    TableColumn.STEP: QT_TRANSLATE_NOOP("SessionTableModel", "Pathway step"),
    TableColumn.STATUS: QT_TRANSLATE_NOOP("SessionTableModel", "Status"),
    TableColumn.MENTOR: QT_TRANSLATE_NOOP("SessionTableModel", "Mentor"),
    TableColumn.TOPICS: QT_TRANSLATE_NOOP("SessionTableModel", "Topics"),
    TableColumn.FOLLOW_UPS: QT_TRANSLATE_NOOP("SessionTableModel", "Follow-ups open"),
}
_ATTENTION = QColor(ERROR_COLOUR)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class SessionTableModel(QAbstractTableModel):
    SortRole = Qt.ItemDataRole.UserRole
    RowRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    KeyRole = Qt.ItemDataRole.UserRole + 3

    COLUMNS = tuple(TableColumn)

    def __init__(self, sessions: SessionService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._query = SessionQuery()
        self._keys: list[SessionKey] = []
        self._rows: dict[SessionKey, SessionRow] = {}
        self._today = date.today()

    @property
    def query(self) -> SessionQuery:
        return self._query

    def set_query(self, query: SessionQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Re-run the query; called after filters change and when session data changed."""
        self.beginResetModel()
        self._today = date.today()
        self._keys = self._sessions.search_ids(self._query)
        self._rows.clear()
        self.endResetModel()

    def keys(self) -> list[SessionKey]:
        """The sessions shown, in the order shown, as keys (cheap)."""
        return list(self._keys)

    def ids(self) -> list[uuid.UUID]:
        """The sessions shown as UUIDs; costly for a long list, so build them off the GUI thread."""
        return [uuid.UUID(key) for key in self._keys]

    def session_id(self, row: int) -> uuid.UUID:
        return uuid.UUID(self._keys[row])

    def session_row(self, row: int) -> SessionRow:
        return self._row(row)

    def row_of(self, session_id: uuid.UUID) -> int:
        try:
            return self._keys.index(key_of(session_id))
        except ValueError:
            return -1

    def is_sortable(self, column: int) -> bool:
        return self.COLUMNS[column] in _SORTS

    def sort_column(self) -> int:
        """The column the rows are sorted by, for the header's indicator."""
        return next(self.COLUMNS.index(c) for c, sort in _SORTS.items() if sort is self._query.sort)

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._query.descending else Qt.SortOrder.AscendingOrder

    # ---- Qt model interface

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(_CONTEXT, _HEADERS[self.COLUMNS[section]])
        if role == Qt.ItemDataRole.ToolTipRole and not self.is_sortable(section):
            return QCoreApplication.translate(_CONTEXT, "The list cannot be sorted by this column.")
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == self.KeyRole:
            return self._keys[index.row()]
        if role == self.IdRole:
            return uuid.UUID(self._keys[index.row()])
        if role not in _ROW_ROLES:  # first: a paint asks each cell for a dozen roles
            return None
        column = self.COLUMNS[index.column()]
        row = self._row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == self.SortRole:
            return _native(row, column)
        if role == self.RowRole:
            return row
        overdue = row.status is SessionStatus.PLANNED and row.session_date < self._today
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_ATTENTION) if overdue else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if overdue:
                return QCoreApplication.translate(
                    _CONTEXT, "Planned for a day that has passed: record it as held or cancel it")
            return _tip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (TableColumn.DURATION, TableColumn.FOLLOW_UPS):
            return _RIGHT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = _SORTS.get(self.COLUMNS[column])
        if sort is None:  # not sortable: the page puts the header's indicator back
            return
        query = replace(self._query, sort=sort, descending=order == Qt.SortOrder.DescendingOrder)
        if query != self._query:  # the view calls this once when sorting is switched on
            self.set_query(query)

    # ---- lazy rows

    def _row(self, position: int) -> SessionRow:
        key = self._keys[position]
        row = self._rows.get(key)
        if row is None:
            start = position - position % BLOCK
            block = [k for k in self._keys[start:start + BLOCK] if k not in self._rows]
            self._rows.update(self._sessions.rows(block))
            row = self._rows[key]
        return row


_ROW_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, SessionTableModel.SortRole, SessionTableModel.RowRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
})


def _display(row: SessionRow, column: TableColumn) -> str:
    match column:
        case TableColumn.DATE:
            day = format_date(row.session_date)
            if row.start_time is None:
                return day
            start = QLocale().toString(QTime(row.start_time.hour, row.start_time.minute),
                                       QLocale.FormatType.ShortFormat)
            return f"{day} {start}"
        case TableColumn.MENTEES:
            return row.mentees
        case TableColumn.DURATION:
            return format_minutes(row.duration_minutes)
        case TableColumn.MODE:
            return label(row.mode) + (f" · {label(row.platform)}" if row.platform else "")
        case TableColumn.STEP:
            return label(row.step)
        case TableColumn.STATUS:
            return _status(row)
        case TableColumn.MENTOR:
            return row.mentor or ""
        case TableColumn.TOPICS:
            return ", ".join(row.topics)
        case TableColumn.FOLLOW_UPS:
            return QLocale().toString(row.open_follow_ups) if row.open_follow_ups else ""


def _status(row: SessionRow) -> str:
    text = label(row.status)
    if row.kind is SessionKind.GROUP and row.status is SessionStatus.HELD and row.no_shows:
        # Counts are written without plurals, as elsewhere in the ui: "Held · no-shows: 2".
        text += " · " + QCoreApplication.translate(_CONTEXT, "no-shows: {count}").format(
            count=QLocale().toString(row.no_shows))
    return text


def _native(row: SessionRow, column: TableColumn) -> Any:
    return {
        TableColumn.DATE: datetime.combine(row.session_date, row.start_time or time.min),
        TableColumn.MENTEES: row.mentees,
        TableColumn.DURATION: row.duration_minutes,
        TableColumn.MODE: row.mode.value,
        TableColumn.STEP: row.step.value,
        TableColumn.STATUS: row.status.value,
        TableColumn.MENTOR: row.mentor,
        TableColumn.TOPICS: ", ".join(row.topics),
        TableColumn.FOLLOW_UPS: row.open_follow_ups,
    }[column]


def _tip(row: SessionRow, column: TableColumn) -> str | None:
    """Whatever a narrow column may cut off."""
    if column is TableColumn.MENTEES and row.mentee_count > 1:
        return QCoreApplication.translate(_CONTEXT, "Group session, mentees: {count}").format(
            count=QLocale().toString(row.mentee_count))
    if column is TableColumn.TOPICS and row.topics:
        return "\n".join(row.topics)
    if column is TableColumn.MENTOR and row.programme:
        return QCoreApplication.translate(_CONTEXT, "Programme: {programme}").format(programme=row.programme)
    return None
