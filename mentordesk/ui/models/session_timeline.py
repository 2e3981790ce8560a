"""One mentee's sessions, newest first, as a table model over the service's timeline entries.

A mentee has at most a few hundred sessions, so the model holds them all; the order is the
timeline's own and is not re-sorted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from mentordesk.enums import SessionKind, SessionStatus
from mentordesk.services.sessions import TimelineEntry
from mentordesk.ui.labels import format_date, format_minutes, format_time, label
from mentordesk.ui.style import ERROR_COLOUR

_CONTEXT = "SessionTimelineModel"
_HEADERS = (
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Date"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Time"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Duration"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "How"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Step"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Topics"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Attendance"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Mentor"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Group"),
    QT_TRANSLATE_NOOP("SessionTimelineModel", "Notes"),
)
_MAX_TOOLTIP = 1500  # characters of notes in a tooltip; the session itself shows them all


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class SessionTimelineModel(QAbstractTableModel):
    (DATE, TIME, DURATION, HOW, STEP, TOPICS, ATTENDANCE, MENTOR, GROUP, NOTES) = range(len(_HEADERS))
    EntryRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []
        self._today = date.today()

    def set_entries(self, entries: Sequence[TimelineEntry], today: date | None = None) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._today = today or date.today()
        self.endResetModel()

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def is_past_due(self, entry: TimelineEntry) -> bool:
        """Planned for a day that has gone by without being recorded as held or cancelled."""
        return entry.status is SessionStatus.PLANNED and entry.session_date < self._today

    # ---- Qt model interface

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADERS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == self.EntryRole:
            return entry
        if role == self.IdRole:
            return entry.session_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.is_past_due(entry):
                return QBrush(QColor(ERROR_COLOUR))
            if entry.status is SessionStatus.CANCELLED:
                return QBrush(QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText))
            return None
        if role == Qt.ItemDataRole.FontRole and entry.status is SessionStatus.PLANNED:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        return None

    def _display(self, entry: TimelineEntry, column: int) -> str:
        if column == self.DATE:
            return format_date(entry.session_date)
        if column == self.TIME:
            return format_time(entry.start_time)
        if column == self.DURATION:
            return format_minutes(entry.duration_minutes)
        if column == self.HOW:
            return " · ".join([label(entry.mode)] + ([label(entry.platform)] if entry.platform else []))
        if column == self.STEP:
            return label(entry.step)
        if column == self.TOPICS:
            return ", ".join(entry.topics)
        if column == self.ATTENDANCE:
            if self.is_past_due(entry):
                return _tr("Planned, not recorded")
            if entry.status is SessionStatus.HELD:
                return label(entry.attendance)
            return label(entry.status)
        if column == self.MENTOR:
            return entry.mentor or ""
        if column == self.GROUP:
            return _tr("Group of {count}").format(count=QLocale().toString(entry.others + 1)) \
                if entry.kind is SessionKind.GROUP else ""
        if column == self.NOTES:
            return first_line(entry.notes)
        return ""

    def _tooltip(self, entry: TimelineEntry, column: int) -> str | None:
        if self.is_past_due(entry):
            return _tr("This session was planned for a day that has passed: open it to record it as held "
                       "or cancelled.")
        if column == self.NOTES and entry.notes:
            notes = entry.notes.strip()
            notes = notes if len(notes) <= _MAX_TOOLTIP else notes[:_MAX_TOOLTIP] + "…"
            return "<p>" + escape(notes).replace("\n", "<br>") + "</p>"  # what people typed is never markup
        if column == self.TOPICS and entry.topics:
            return ", ".join(entry.topics)
        return None


def first_line(text: str | None) -> str:
    """The first line with something on it: the notes column shows only that, elided to fit."""
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""
