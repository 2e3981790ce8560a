"""The follow-ups agreed in a session: one row each (what, due, owner, for whom), added and removed freely."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.session_forms import FollowUpForm
from mentordesk.ui.widgets.combo import select_data
from mentordesk.ui.widgets.date_field import DateField

Choices = Sequence[tuple[uuid.UUID, str]]


@dataclass
class _Row:
    id: uuid.UUID | None
    text: QLineEdit
    due: DateField
    owner: QComboBox
    mentee: QComboBox
    done: QCheckBox
    remove: QToolButton

    def widgets(self) -> tuple[QWidget, ...]:
        return self.done, self.text, self.due, self.owner, self.mentee, self.remove


class FollowUpRows(QWidget):
    changed = Signal()

    def __init__(self, workers: Choices, default_owner: uuid.UUID | None,
                 mentees: Callable[[], list[tuple[uuid.UUID, str]]], parent: QWidget | None = None) -> None:
        """`mentees` gives the session's participants now: a follow-up is for one of them."""
        super().__init__(parent)
        self._workers = list(workers)
        self._default_owner = default_owner
        self._mentees = mentees
        self._rows: list[_Row] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.add_button = QPushButton(self.tr("Add &follow-up"))
        self.add_button.clicked.connect(self._add_and_focus)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.grid)
        column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def add_row(self, form: FollowUpForm | None = None) -> _Row:
        row = _Row(form.id if form else None, QLineEdit(), DateField(form.due_date if form else None),
                   QComboBox(), QComboBox(), QCheckBox(), QToolButton())
        row.text.setPlaceholderText(self.tr("What is to be done"))
        row.text.setText(form.text if form else "")
        row.text.setMaxLength(500)
        row.due.setToolTip(self.tr("Due date (optional)"))
        row.owner.setToolTip(self.tr("Who does it"))
        row.owner.addItem(self.tr("No owner"), None)
        for worker_id, name in self._workers:
            row.owner.addItem(name, worker_id)
        owner = form.owner_id if form else self._default_owner
        select_data(row.owner, owner)
        row.mentee.setToolTip(self.tr("For which mentee"))
        row.done.setToolTip(self.tr("Done"))
        row.done.setChecked(bool(form and form.done))
        row.remove.setText("✕")
        row.remove.setAutoRaise(True)
        row.remove.setToolTip(self.tr("Remove this follow-up"))
        row.remove.clicked.connect(lambda: self._remove(row))
        for signal in (row.text.textEdited, row.due.dateChanged, row.owner.currentIndexChanged,
                       row.mentee.currentIndexChanged, row.done.toggled):
            signal.connect(self.changed)
        self._rows.append(row)
        self._lay_out()
        # Visibility only once inside the layout: shown before, a parentless widget becomes a window.
        self._fill_mentees(row, form.mentee_id if form else None)
        row.done.setVisible(form is not None and form.id is not None)  # new follow-ups are not done yet
        self.changed.emit()
        return row

    def _add_and_focus(self) -> None:
        text = self.add_row().text
        text.show()  # a widget just put in a layout shows a moment later, and cannot take focus before
        text.setFocus()

    def forms(self) -> tuple[FollowUpForm, ...]:
        """Rows with nothing typed are left out: an empty row is not a follow-up."""
        return tuple(
            FollowUpForm(row.text.text(), row.due.value(), row.owner.currentData(), row.mentee.currentData(),
                         row.id, row.done.isChecked())
            for row in self._rows if row.text.text().strip() or row.id is not None
        )

    def rows(self) -> list[_Row]:
        return list(self._rows)

    def participants_changed(self) -> None:
        for row in self._rows:
            self._fill_mentees(row, row.mentee.currentData())

    def _fill_mentees(self, row: _Row, chosen: uuid.UUID | None) -> None:
        row.mentee.blockSignals(True)
        row.mentee.clear()
        for mentee_id, name in self._mentees():
            row.mentee.addItem(name, mentee_id)
        select_data(row.mentee, chosen)
        row.mentee.setVisible(row.mentee.count() > 1)  # one mentee: nothing to choose
        row.mentee.blockSignals(False)

    def _remove(self, row: _Row) -> None:
        self._rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._lay_out()
        self.add_button.setFocus()
        self.changed.emit()

    def _lay_out(self) -> None:
        for number, row in enumerate(self._rows):
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, number, column)
        previous: QWidget | None = None
        for row in self._rows:  # keyboard order: row by row, then the add button
            for widget in (row.text, row.due, row.owner, row.mentee, row.done, row.remove):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        if previous is not None:
            QWidget.setTabOrder(previous, self.add_button)
