"""Add or edit a competence framework of one's own: its competences and its proficiency scale; built-ins are
only viewed.

Both tables are edited in place. Their row numbers are the ones the service's messages name ("Competence 3
needs a code."); a level's row number is its rank.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.frameworks import MAX_LEVELS, NAME_MAX, SOURCE_MAX, VERSION_MAX, FrameworkForm
from mentordesk.services.pathway_forms import FrameworkInfo
from mentordesk.ui.widgets.form_dialog import FormDialog

Save = Callable[[FrameworkForm], FrameworkInfo]  # raises ValidationError to refuse

#: Rows each table shows at least: the competences table takes the room to spare, the levels table fits its rows.
VISIBLE_COMPETENCES = 6
VISIBLE_LEVELS = 4


class FrameworkDialog(FormDialog):
    """`save` stores the form (a new framework, or the one being edited); `result_value` is the saved framework.

    With `save` None the dialog only shows `initial` (a built-in framework): nothing can be changed.
    """

    def __init__(self, save: Save | None, initial: FrameworkForm | None = None,
                 parent: QWidget | None = None) -> None:
        self.read_only = save is None
        editing = initial is not None
        title = (self.tr("Competence framework") if self.read_only
                 else self.tr("Edit competence framework") if editing else self.tr("New competence framework"))
        super().__init__(title, self.tr("Save") if editing else self.tr("Add framework"), parent)
        self._save = save
        self.setMinimumWidth(960)

        self.name = self.add_field("name", self.tr("&Name:"), QLineEdit())
        self.name.setMaxLength(NAME_MAX)
        self.name.setPlaceholderText(self.tr("e.g. Life skills for independent living"))
        self.version = self.add_field("version", self.tr("&Version:"), QLineEdit())
        self.version.setMaxLength(VERSION_MAX)
        self.version.setPlaceholderText(self.tr("e.g. 2024 (optional)"))
        self.source = self.add_field("source", self.tr("S&ource:"), QLineEdit())
        self.source.setMaxLength(SOURCE_MAX)
        self.source.setPlaceholderText(self.tr("Where it is published, or who wrote it (optional)"))
        self.description = self.add_field("description", self.tr("&Description:"), QPlainTextEdit())
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 12)
        _keep_height(self.description.parentWidget())  # the competences take the room the dialog has to spare

        self.competences = RowsEditor([self.tr("Code"), self.tr("Area"), self.tr("Competence"),
                                       self.tr("Description")], self.tr("&Add competence"), self.read_only,
                                      visible_rows=VISIBLE_COMPETENCES)
        header = self.competences.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 170)
        header.resizeSection(2, 260)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.add_field("competences", self.tr("&Competences:"), self.competences)

        self.levels = RowsEditor([self.tr("Label"), self.tr("What it means")], self.tr("Add &level"), self.read_only,
                                 visible_rows=VISIBLE_LEVELS, fit_rows=MAX_LEVELS)
        header = self.levels.table.horizontalHeader()
        header.resizeSection(0, 200)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.levels.table.setToolTip(self.tr("Row 1 is the lowest level. Assessments and outcomes keep a level's "
                                             "number: moving a level changes what recorded levels mean."))
        self.add_field("levels", self.tr("&Levels:"), self.levels)

        self._fill(initial or FrameworkForm("", competences=(("", "", "", ""),), levels=self._starting_scale()))
        if self.read_only:
            note = QLabel(self.tr("A built-in framework cannot be changed. To adapt it, export it and import the "
                                  "file under another name: the copy is yours to change."))
            note.setWordWrap(True)
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.layout_.insertWidget(0, note)
            for field in (self.name, self.version, self.source):
                field.setReadOnly(True)
            self.description.setReadOnly(True)
            self.save_button.hide()
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
            self.competences.table.setFocus()
        else:
            self.name.setFocus()
        available = self.screen().availableGeometry()
        self.resize(min(1040, available.width()), min(720, available.height() - 60))

    def _starting_scale(self) -> tuple[tuple[str, str], ...]:
        """A new framework starts with a four-step scale to adapt, not an empty table."""
        return (
            (self.tr("Starting out"), self.tr("I am just beginning: I need help with most of this.")),
            (self.tr("Developing"), self.tr("I can do some of this with help or support.")),
            (self.tr("Capable"), self.tr("I can do this on my own in familiar situations.")),
            (self.tr("Confident"), self.tr("I can do this in new situations and can help others.")),
        )

    def _fill(self, form: FrameworkForm) -> None:
        self.name.setText(form.name)
        self.version.setText(form.version)
        self.source.setText(form.source)
        self.description.setPlainText(form.description)
        self.competences.set_rows(form.competences)
        self.levels.set_rows(form.levels)

    def form_value(self) -> FrameworkForm:
        return FrameworkForm(
            name=self.name.text(),
            version=self.version.text(),
            description=self.description.toPlainText(),
            source=self.source.text(),
            competences=tuple((code, area, name, text) for code, area, name, text in self.competences.rows()),
            levels=tuple((label, text) for label, text in self.levels.rows()),
        )

    def submit(self) -> FrameworkInfo | None:
        return None if self._save is None else self._save(self.form_value())

    def accept(self) -> None:
        if self.read_only:
            self.reject()
            return
        super().accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        size = self.size()
        super().show_errors(errors)  # which fits the dialog to its contents: keep the size chosen, only grow
        self.resize(size.expandedTo(self.minimumSizeHint()))


class RowsEditor(QWidget):
    """A table edited in place, with buttons to add, remove and move rows.

    Rows are one line while editing (a cell edits as one line); read-only, long texts wrap so they can be read.
    With `fit_rows` the table is as tall as its rows, up to that many; otherwise it takes the room there is.
    """

    def __init__(self, headers: Sequence[str], add_text: str, read_only: bool, *, visible_rows: int,
                 fit_rows: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read_only = read_only
        self._visible_rows = visible_rows
        self._fit_rows = fit_rows
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setHighlightSections(False)
        rows = self.table.verticalHeader()
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        rows.setDefaultSectionSize(self._line_height())
        self.table.itemChanged.connect(_show_whole_text)
        self.setFocusProxy(self.table)

        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.table.currentCellChanged.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
            button.setAutoDefault(False)  # Return in a cell saves the dialog, not "Add"
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(buttons)

        if read_only:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.table.setWordWrap(True)
            # Rows follow their wrapped text, measured again once the table has its width (and whenever it
            # changes): the stretched column's width is only known after the layout settles.
            self._refit = QTimer(self)  # one fit for a burst of resizes; stops with the editor
            self._refit.setSingleShot(True)
            self._refit.timeout.connect(self._fit)
            self.table.viewport().installEventFilter(self)
            for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
                button.hide()
        else:
            triggers = QAbstractItemView.EditTrigger
            self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                                       | triggers.SelectedClicked)
            self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
            self.table.setWordWrap(False)
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        if fit_rows is None:
            self.table.setMinimumHeight(self._height(visible_rows * self._line_height()))
        else:
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._update_buttons()

    def _line_height(self) -> int:
        return self.table.fontMetrics().lineSpacing() + 10

    def _height(self, rows_height: int) -> int:
        return self.table.horizontalHeader().sizeHint().height() + rows_height + 2 * self.table.frameWidth()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._refit.start(0)
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        if self._read_only:
            self.table.resizeRowsToContents()
            for row in range(self.table.rowCount()):  # the room around the text that editable rows have
                self.table.setRowHeight(row, max(self.table.rowHeight(row) + 6, self._line_height()))
        if self._fit_rows is not None:
            shown = range(min(max(self.table.rowCount(), self._visible_rows), self._fit_rows))
            rows = self.table.verticalHeader()
            self.table.setFixedHeight(self._height(sum(
                rows.sectionSize(row) if row < self.table.rowCount() else self._line_height() for row in shown)))

    # ---- the rows

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self._insert(self.table.rowCount(), values)
        self._fit()
        self._update_buttons()

    def rows(self) -> list[tuple[str, ...]]:
        return [tuple(self._text(row, column) for column in range(self.table.columnCount()))
                for row in range(self.table.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _insert(self, row: int, values: Sequence[str]) -> None:
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            item = QTableWidgetItem(values[column] if column < len(values) else "")
            _show_whole_text(item)
            self.table.setItem(row, column, item)

    # ---- acting

    def add_row(self) -> None:
        """A new empty row below the current one (or at the end), its first cell open for typing."""
        current = self.table.currentRow()
        row = current + 1 if current >= 0 else self.table.rowCount()
        self._insert(row, ())
        self._fit()
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self._update_buttons()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        column = max(self.table.currentColumn(), 0)
        self.table.removeRow(row)
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), column)
        self._fit()
        self._update_buttons()

    def move_row(self, step: int) -> None:
        row, column = self.table.currentRow(), max(self.table.currentColumn(), 0)
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        for col in range(self.table.columnCount()):
            moving, other = self.table.takeItem(row, col), self.table.takeItem(target, col)
            self.table.setItem(target, col, moving)
            self.table.setItem(row, col, other)
        self.table.setCurrentCell(target, column)
        self._update_buttons()

    def _update_buttons(self, *_args: int) -> None:
        row, count = self.table.currentRow(), self.table.rowCount()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)


def _show_whole_text(item: QTableWidgetItem) -> None:
    """Long descriptions do not fit their cell: the tooltip shows them whole."""
    if item.toolTip() != item.text():  # setToolTip emits itemChanged again: stop there
        item.setToolTip(item.text())


def _keep_height(widget: QWidget | None) -> None:
    if widget is not None:
        widget.setSizePolicy(widget.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)
