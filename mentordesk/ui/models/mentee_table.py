"""The caseload as a table model: ids in order from SQL, rows fetched a block at a time.

Sorting and filtering re-query ids in SQL (a proxy model would call `data()` for every row);
rows are DTOs, cached until the next change.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from mentordesk.services.consent import ConsentState
from mentordesk.services.mentees import PATHWAY_COMPLETE, MenteeColumn, MenteeQuery, MenteeRow, MenteeService
from mentordesk.ui.labels import format_date, label
from mentordesk.ui.style import ERROR_COLOUR

BLOCK = 128  # rows fetched per query: a few screens' worth

_HEADERS = {
    MenteeColumn.CODE: QT_TRANSLATE_NOOP("MenteeTableModel", "Code"),
    MenteeColumn.NAME: QT_TRANSLATE_NOOP("MenteeTableModel", "Name"),
    MenteeColumn.AGE: QT_TRANSLATE_NOOP("MenteeTableModel", "Age"),
    MenteeColumn.STATUS: QT_TRANSLATE_NOOP("MenteeTableModel", "Status"),
    MenteeColumn.MENTOR: QT_TRANSLATE_NOOP("MenteeTableModel", "Mentor"),
    MenteeColumn.PROGRAMME: QT_TRANSLATE_NOOP("MenteeTableModel", "Programme"),
    MenteeColumn.STEP: QT_TRANSLATE_NOOP("MenteeTableModel", "Pathway step"),
    MenteeColumn.LAST_SESSION: QT_TRANSLATE_NOOP("MenteeTableModel", "Last session"),
    MenteeColumn.NEXT_FOLLOW_UP: QT_TRANSLATE_NOOP("MenteeTableModel", "Next follow-up"),
    MenteeColumn.CONSENT: QT_TRANSLATE_NOOP("MenteeTableModel", "Consent"),
}
_ATTENTION = QColor(ERROR_COLOUR)


class MenteeTableModel(QAbstractTableModel):
    SortRole = Qt.ItemDataRole.UserRole
    RowRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2

    COLUMNS = tuple(MenteeColumn)

    def __init__(self, mentees: MenteeService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mentees = mentees
        self._query = MenteeQuery()
        self._ids: list[uuid.UUID] = []
        self._rows: dict[uuid.UUID, MenteeRow] = {}
        self._today = date.today()

    @property
    def query(self) -> MenteeQuery:
        return self._query

    def set_query(self, query: MenteeQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Re-run the query; called after filters change and when mentee data changed."""
        self.beginResetModel()
        self._today = date.today()
        self._ids = self._mentees.search_ids(self._query, self._today)
        self._rows.clear()
        self.endResetModel()

    def ids(self) -> list[uuid.UUID]:
        """The mentees shown, in the order shown."""
        return list(self._ids)

    def mentee_id(self, row: int) -> uuid.UUID:
        return self._ids[row]

    def row_of(self, mentee_id: uuid.UUID) -> int:
        try:
            return self._ids.index(mentee_id)
        except ValueError:
            return -1

    # ---- Qt model interface

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("MenteeTableModel", _HEADERS[self.COLUMNS[section]])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.COLUMNS[index.column()]
        if role == self.IdRole:
            return self._ids[index.row()]
        row = self._row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == self.SortRole:
            return _native(row, column)
        if role == self.RowRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            needs_attention = (column is MenteeColumn.CONSENT and row.consent is not ConsentState.VALID) or (
                column is MenteeColumn.NEXT_FOLLOW_UP and row.next_follow_up is not None
                and row.next_follow_up < self._today)
            return QBrush(_ATTENTION) if needs_attention else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is MenteeColumn.AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column is MenteeColumn.CONSENT:
            return _consent_tip(row.consent)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        query = replace(self._query, sort=self.COLUMNS[column], descending=descending)
        if query != self._query:  # the view calls this once when sorting is switched on
            self.set_query(query)

    # ---- lazy rows

    def _row(self, position: int) -> MenteeRow:
        mentee_id = self._ids[position]
        row = self._rows.get(mentee_id)
        if row is None:
            start = position - position % BLOCK
            block = [i for i in self._ids[start:start + BLOCK] if i not in self._rows]
            self._rows.update(self._mentees.rows(block, self._today))
            row = self._rows[mentee_id]
        return row


def _display(row: MenteeRow, column: MenteeColumn) -> str:
    match column:
        case MenteeColumn.CODE:
            return row.reference_code
        case MenteeColumn.NAME:
            return row.full_name
        case MenteeColumn.AGE:
            return "" if row.age is None else str(row.age)
        case MenteeColumn.STATUS:
            return label(row.status)
        case MenteeColumn.MENTOR:
            return row.mentor or ""
        case MenteeColumn.PROGRAMME:
            return row.programme or ""
        case MenteeColumn.STEP:
            if row.step == PATHWAY_COMPLETE:
                return QCoreApplication.translate("MenteeTableModel", "Complete")
            return label(row.step, QCoreApplication.translate("MenteeTableModel", "Not started"))
        case MenteeColumn.LAST_SESSION:
            return format_date(row.last_session)
        case MenteeColumn.NEXT_FOLLOW_UP:
            return format_date(row.next_follow_up)
        case MenteeColumn.CONSENT:
            return ("✓ " if row.consent is ConsentState.VALID else "⚠ ") + label(row.consent)


def _native(row: MenteeRow, column: MenteeColumn) -> Any:
    return {
        MenteeColumn.CODE: row.reference_code,
        MenteeColumn.NAME: row.full_name,
        MenteeColumn.AGE: row.age,
        MenteeColumn.STATUS: row.status.value,
        MenteeColumn.MENTOR: row.mentor,
        MenteeColumn.PROGRAMME: row.programme,
        MenteeColumn.STEP: str(row.step) if row.step else None,
        MenteeColumn.LAST_SESSION: row.last_session,
        MenteeColumn.NEXT_FOLLOW_UP: row.next_follow_up,
        MenteeColumn.CONSENT: row.consent.value,
    }[column]


def _consent_tip(state: ConsentState) -> str:
    tips = {
        ConsentState.VALID: QT_TRANSLATE_NOOP("MenteeTableModel", "Consent to process personal data is recorded."),
        ConsentState.MISSING: QT_TRANSLATE_NOOP("MenteeTableModel",
                                                "No consent to process personal data is recorded yet."),
        ConsentState.WITHDRAWN: QT_TRANSLATE_NOOP("MenteeTableModel",
                                                  "Consent to process personal data was withdrawn."),
        ConsentState.GUARDIAN_NEEDED: QT_TRANSLATE_NOOP(
            "MenteeTableModel", "Under the digital-consent age: a parent or guardian must give consent."),
    }
    return QCoreApplication.translate("MenteeTableModel", tips[state])
