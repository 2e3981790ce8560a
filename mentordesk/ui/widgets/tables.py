"""How the lists of records look and behave: one look for the caseload, the sessions, the timeline and Today."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

from mentordesk.ui.models.lazy_table import LazyTableModel

ROW_PADDING = 10  # pixels a table row adds to the text's height


def configure_list_view(view: QAbstractItemView) -> None:
    """A read-only list: whole rows selected one at a time, striped, one line a row.

    A table also hides its row numbers and lets its columns be widened, the last taking what is left;
    a tree shows no branches, its rows being one level deep.
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    if isinstance(view, QTreeView):
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
    elif isinstance(view, QTableView):
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + ROW_PADDING)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)


def lazy_table_view(model: LazyTableModel, widths: Mapping[Enum, int]) -> QTableView:
    """A list view over a lazy table, sorted by clicking a header, with these starting column widths."""
    view = QTableView()
    view.setModel(model)
    configure_list_view(view)
    # The indicator first: switching sorting on sorts by it, and the model skips an unchanged sort.
    view.horizontalHeader().setSortIndicator(model.sort_column(), model.sort_order())
    view.setSortingEnabled(True)
    for column, width in widths.items():
        view.setColumnWidth(model.COLUMNS.index(column), width)
    return view
