"""What a CSV import would do, before it does it: counts, and every problem with its line and column.

The dialog only shows the preview; the caller runs the import (in the background) when it is
accepted, passing `skip_invalid`. "Import" stays disabled while the file has invalid rows,
unless "Skip invalid rows" is ticked, and always when the file cannot be read as a whole
(its encoding or header) or when nothing in it would change a record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.ui.style import ERROR_STYLE

if TYPE_CHECKING:
    from mentordesk.services.mentee_csv import ImportPreview, ImportProblem

MAX_SHOWN = 1000  # a table of every problem in a 50,000-row file helps nobody


class ImportDialog(QDialog):
    LINE, COLUMN, KIND, MESSAGE = range(4)

    def __init__(self, preview: ImportPreview, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self.setWindowTitle(self.tr("Import mentees"))
        self.setMinimumSize(640, 420)

        self.heading_label = QLabel(self.tr("{file}: %Ln row(s)", "", preview.rows_total).format(file=file_name))
        font = QFont(self.heading_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading_label.setFont(font)
        self.heading_label.setWordWrap(True)

        counts = QFormLayout()
        self.new_label = QLabel(f"{preview.creates:,}")
        self.updated_label = QLabel(f"{preview.updates:,}")
        self.unchanged_label = QLabel(f"{preview.unchanged:,}")
        self.invalid_label = QLabel(f"{preview.invalid_rows:,}")
        counts.addRow(self.tr("New mentees:"), self.new_label)
        counts.addRow(self.tr("Updated mentees:"), self.updated_label)
        counts.addRow(self.tr("Unchanged:"), self.unchanged_label)
        counts.addRow(self.tr("Rows with errors:"), self.invalid_label)

        self.summary_label = QLabel(self._summary())
        self.summary_label.setWordWrap(True)
        if preview.errors:
            self.summary_label.setStyleSheet(ERROR_STYLE)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Column"), self.tr("Kind"), self.tr("Message")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (self.LINE, self.COLUMN, self.KIND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self._fill_table()
        self.table.setVisible(self.table.rowCount() > 0)
        self.truncated_label = QLabel()
        shown, total = self.table.rowCount(), len(preview.errors) + len(preview.warnings)
        if shown < total:
            self.truncated_label.setText(self.tr("Showing the first {shown} of {total} problems.").format(
                shown=f"{shown:,}", total=f"{total:,}"))
        self.truncated_label.setVisible(shown < total)

        self.skip_check = QCheckBox(self.tr("Skip invalid rows (import the {count} valid ones)").format(
            count=f"{preview.importable_rows:,}"))
        self.skip_check.setVisible(bool(preview.errors) and preview.readable)
        self.skip_check.setEnabled(preview.importable_rows > 0)
        self.skip_check.toggled.connect(self._update_buttons)

        self.buttons = QDialogButtonBox()
        self.cancel_button: QPushButton = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button: QPushButton = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button.clicked.connect(self.reject)
        self.import_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_label)
        layout.addLayout(counts)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.truncated_label)
        layout.addWidget(self.skip_check)
        layout.addWidget(self.buttons)
        self._update_buttons()

    @property
    def skip_invalid(self) -> bool:
        """Whether the caller should import with skip_invalid=True."""
        return bool(self._preview.errors) and self.skip_check.isChecked()

    def _summary(self) -> str:
        preview = self._preview
        if not preview.readable:
            return self.tr("This file cannot be imported as it is: correct the problems below and choose it again.")
        if preview.errors:
            return self.tr("Some rows are invalid, so nothing will be imported unless you skip them. "
                           "Correct them in the file, or tick \u201cSkip invalid rows\u201d.")
        if preview.importable_rows == 0:
            return self.tr("Every row matches what is already recorded: there is nothing to import.")
        if preview.warnings:
            return self.tr("The rows are valid. Check the warnings below: they may be people already on record.")
        return self.tr("All rows are valid.")

    def _fill_table(self) -> None:
        problems = [(problem, True) for problem in self._preview.errors]
        problems += [(problem, False) for problem in self._preview.warnings]
        problems.sort(key=lambda pair: pair[0].line)  # stable: errors before warnings on the same line
        problems = problems[:MAX_SHOWN]
        self.table.setRowCount(len(problems))
        for row, (problem, is_error) in enumerate(problems):
            for column, item in enumerate(self._items(problem, is_error)):
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def _items(self, problem: ImportProblem, is_error: bool) -> list[QTableWidgetItem]:
        line = QTableWidgetItem()
        line.setData(Qt.ItemDataRole.DisplayRole, problem.line)
        line.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        kind = QTableWidgetItem(self.tr("Error") if is_error else self.tr("Warning"))
        if is_error:
            kind.setForeground(Qt.GlobalColor.darkRed)
        message = QTableWidgetItem(problem.message)
        message.setToolTip(problem.message)
        return [line, QTableWidgetItem(problem.column), kind, message]

    def _update_buttons(self) -> None:
        preview = self._preview
        allowed = preview.readable and preview.importable_rows > 0
        if preview.errors:
            allowed = allowed and self.skip_check.isChecked()
        self.import_button.setEnabled(allowed)
