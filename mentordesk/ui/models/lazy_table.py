"""A large table as a model, after Anki's browser: keys in order from SQL, rows fetched a block at a time.

Sorting and filtering re-query the keys in SQL (a proxy model would call `data()` for every row);
rows are DTOs, cached until the next reload. A subclass says how keys and rows are fetched, what
each cell shows and which columns sort; the caseload and the sessions list are the two.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt

BLOCK = 128  # rows fetched per query: a few screens' worth (7 ms on 200,000 sessions)

Key = TypeVar("Key")  # what the model holds per row: an id, or anything cheaper to build a great many of
Row = TypeVar("Row")  # the row's DTO
Query = TypeVar("Query")  # a frozen dataclass with `sort` and `descending` fields


class LazyTableModel(QAbstractTableModel, Generic[Key, Row, Query]):
    SortRole = Qt.ItemDataRole.UserRole
    RowRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    KeyRole = Qt.ItemDataRole.UserRole + 3

    COLUMNS: tuple[Enum, ...] = ()
    CONTEXT = "LazyTableModel"  # the headers' translation context
    HEADERS: Mapping[Enum, str] = {}  # marked with QT_TRANSLATE_NOOP(CONTEXT, ...)
    # The roles a row is fetched for; any other is None at once: a paint asks each cell for a dozen roles.
    ROW_ROLES = frozenset({
        Qt.ItemDataRole.DisplayRole, SortRole, RowRole,
        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
    })

    def __init__(self, query: Query, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = query
        self._keys: list[Key] = []
        self._rows: dict[Key, Row] = {}
        self._today = date.today()  # the day the rows were judged on: kept until the next reload

    # ---- what a subclass says

    def fetch_keys(self, query: Query) -> list[Key]:
        """The keys the query finds, in its order."""
        raise NotImplementedError

    def fetch_rows(self, keys: Sequence[Key]) -> Mapping[Key, Row]:
        raise NotImplementedError

    def display(self, row: Row, column: Enum) -> str:
        raise NotImplementedError

    def native(self, row: Row, column: Enum) -> Any:
        """The cell's value for the sort role: numbers, dates and enum values, not their text."""
        raise NotImplementedError

    def styled(self, row: Row, column: Enum, role: int) -> Any:
        """The cell's colour, tooltip and alignment (the other roles in ROW_ROLES)."""
        return None

    def query_sort(self, column: Enum) -> Any | None:
        """What the query sorts by for this column; None where the list cannot be sorted by it."""
        return column

    def id_of(self, key: Key) -> uuid.UUID:
        return key  # by default the keys are the ids

    def key_of(self, record_id: uuid.UUID) -> Key:
        return record_id

    # ---- the list

    @property
    def query(self) -> Query:
        return self._query

    def set_query(self, query: Query) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Re-run the query; called after filters change and when the data shown changed."""
        self.beginResetModel()
        self._today = date.today()
        self._keys = self.fetch_keys(self._query)
        self._rows.clear()
        self.endResetModel()

    def keys(self) -> list[Key]:
        """The rows shown, in the order shown, as keys (cheap)."""
        return list(self._keys)

    def ids(self) -> list[uuid.UUID]:
        """The rows shown, in the order shown, as ids; from text keys that is costly for a long list
        (200,000 UUIDs take half a second), so build them off the GUI thread."""
        return list(map(self.id_of, self._keys))

    def id_at(self, row: int) -> uuid.UUID:
        return self.id_of(self._keys[row])

    def row_at(self, position: int) -> Row:
        return self._row(position)

    def row_of(self, record_id: uuid.UUID) -> int:
        """The row showing this record, or -1."""
        try:
            return self._keys.index(self.key_of(record_id))
        except ValueError:
            return -1

    def is_sortable(self, column: int) -> bool:
        return self.query_sort(self.COLUMNS[column]) is not None

    def sort_column(self) -> int:
        """The column the rows are sorted by, for the header's indicator (-1: none shown)."""
        sort = self._query.sort
        return next((i for i, column in enumerate(self.COLUMNS) if self.query_sort(column) == sort), -1)

    def sort_order(self) -> Qt.SortOrder:
        descending = self._query.descending
        return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder

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
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[self.COLUMNS[section]])
        if role == Qt.ItemDataRole.ToolTipRole and not self.is_sortable(section):
            return QCoreApplication.translate("LazyTableModel", "The list cannot be sorted by this column.")
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == self.KeyRole:
            return self._keys[index.row()]
        if role == self.IdRole:
            return self.id_of(self._keys[index.row()])
        if role not in self.ROW_ROLES:
            return None
        column = self.COLUMNS[index.column()]
        row = self._row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == self.SortRole:
            return self.native(row, column)
        if role == self.RowRole:
            return row
        return self.styled(row, column, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = self.query_sort(self.COLUMNS[column])
        if sort is None:  # not sortable: the page puts the header's indicator back
            return
        query = replace(self._query, sort=sort, descending=order == Qt.SortOrder.DescendingOrder)
        if query != self._query:  # the view calls this once when sorting is switched on
            self.set_query(query)

    # ---- lazy rows

    def _row(self, position: int) -> Row:
        key = self._keys[position]
        row = self._rows.get(key)
        if row is None:
            start = position - position % BLOCK
            block = [k for k in self._keys[start:start + BLOCK] if k not in self._rows]
            self._rows.update(self.fetch_rows(block))
            row = self._rows[key]
        return row
