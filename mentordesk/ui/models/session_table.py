"""Every session as a lazy table model (see lazy_table.py): keys in order from SQL, rows in blocks.

The model holds keys (32-hex text), not UUIDs: 200,000 UUIDs take half a second to build.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, time
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from mentordesk.enums import SessionKind, SessionStatus
from mentordesk.services.session_list import SessionColumn, SessionKey, SessionQuery, SessionRow
from mentordesk.services.sessions import SessionService, key_of
from mentordesk.ui.labels import format_date, format_minutes, format_time, label
from mentordesk.ui.models.lazy_table import LazyTableModel
from mentordesk.ui.style import ERROR_COLOUR

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


class SessionTableModel(LazyTableModel[SessionKey, SessionRow, SessionQuery]):
    COLUMNS = tuple(TableColumn)
    CONTEXT = _CONTEXT
    HEADERS = _HEADERS

    def __init__(self, sessions: SessionService, parent: QObject | None = None) -> None:
        super().__init__(SessionQuery(), parent)
        self._sessions = sessions

    def session_id(self, row: int) -> uuid.UUID:
        return self.id_at(row)

    def session_row(self, row: int) -> SessionRow:
        return self.row_at(row)

    # ---- the lazy table's parts

    def fetch_keys(self, query: SessionQuery) -> list[SessionKey]:
        return self._sessions.search_ids(query)

    def fetch_rows(self, keys: Sequence[SessionKey]) -> dict[SessionKey, SessionRow]:
        return self._sessions.rows(keys)

    def id_of(self, key: SessionKey) -> uuid.UUID:
        return uuid.UUID(key)

    def key_of(self, session_id: uuid.UUID) -> SessionKey:
        return key_of(session_id)

    def query_sort(self, column: TableColumn) -> SessionColumn | None:
        return _SORTS.get(column)

    def display(self, row: SessionRow, column: TableColumn) -> str:
        return _display(row, column)

    def native(self, row: SessionRow, column: TableColumn) -> Any:
        return _native(row, column)

    def styled(self, row: SessionRow, column: TableColumn, role: int) -> Any:
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


def _display(row: SessionRow, column: TableColumn) -> str:
    match column:
        case TableColumn.DATE:
            day = format_date(row.session_date)
            return day if row.start_time is None else f"{day} {format_time(row.start_time)}"
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
