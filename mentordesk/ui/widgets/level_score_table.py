"""Per competence of a framework: the self level and the mentor level side by side, a note and the evidence seen.

The column headings stay in view while the rows scroll (DigComp has 21 competences), and the table is as
tall as its rows until it would outgrow the screen.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.pathway_forms import CompetenceInfo, FrameworkInfo, ScoreForm
from mentordesk.ui.widgets.combo import select_data
from mentordesk.ui.widgets.pathway_dialog_fields import competence_text, level_combo

COLUMNS = 5  # competence, self, mentor, note, evidence seen
SCREEN_MARGIN = 400  # what a dialog around the table needs of the screen's height
MIN_ROWS_HEIGHT = 220


@dataclass
class ScoreRow:
    competence: CompetenceInfo
    name: QLabel
    self_level: QComboBox
    mentor_level: QComboBox
    note: QLineEdit
    evidence: QLineEdit

    def widgets(self) -> tuple[QWidget, ...]:
        return self.name, self.self_level, self.mentor_level, self.note, self.evidence

    def score(self) -> ScoreForm | None:
        """None when nothing was entered for this competence."""
        score = ScoreForm(self.competence.id, self.self_level.currentData(), self.mentor_level.currentData(),
                          self.note.text().strip(), self.evidence.text().strip())
        empty = (score.self_level, score.mentor_level, score.note, score.evidence) == (None, None, "", "")
        return None if empty else score

    def fill(self, score: ScoreForm | None) -> None:
        select_data(self.self_level, score.self_level if score else None)
        select_data(self.mentor_level, score.mentor_level if score else None)
        self.note.setText(score.note if score else "")
        self.evidence.setText(score.evidence if score else "")


class LevelScoreTable(QWidget):
    def __init__(self, framework: FrameworkInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ScoreRow] = []
        self._grid_widget = _Rows()
        self._grid = QGridLayout(self._grid_widget)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        self._first_row = 0
        row_number = 0
        area = None
        for competence in framework.competences:
            if competence.area and competence.area != area:  # DigComp-like frameworks: a heading per area
                area = competence.area
                heading = QLabel(area)
                heading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                self._grid.addWidget(heading, row_number, 0, 1, COLUMNS)
                row_number += 1
            row = self._row(framework, competence)
            if not self.rows:
                self._first_row = row_number
            for column, widget in enumerate(row.widgets()):
                self._grid.addWidget(widget, row_number, column)
            self.rows.append(row)
            row_number += 1
        for column, stretch in enumerate((3, 0, 0, 2, 2)):
            self._grid.setColumnStretch(column, stretch)
        self._grid.setRowStretch(row_number, 1)

        self.headings = []
        self._header = QWidget()
        for text, tip in ((self.tr("Competence"), self.tr("Hover a competence to read what it means")),
                          (self.tr("Self"), self.tr("The young person's own view")),
                          (self.tr("Mentor"), self.tr("The mentor's assessment")),
                          (self.tr("Note"), ""),
                          (self.tr("Evidence seen"), self.tr("What was seen or shown, e.g. a CV they wrote"))):
            heading = QLabel(text, self._header)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setToolTip(tip)
            self.headings.append(heading)
        self._header.setFixedHeight(self.headings[0].sizeHint().height() + 4)

        self.area = _RowsArea()
        self.area.setWidget(self._grid_widget)
        self._grid_widget.resized.connect(self._align_headings)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self._header)
        column.addWidget(self.area, 1)
        if self.rows:
            self.setFocusProxy(self.rows[0].self_level)

    def _row(self, framework: FrameworkInfo, competence: CompetenceInfo) -> ScoreRow:
        name = QLabel(competence_text(competence))
        name.setWordWrap(True)
        name.setMinimumWidth(220)
        name.setToolTip(f"<b>{html.escape(competence.name)}</b><br>{html.escape(competence.description or '')}")
        row = ScoreRow(competence, name, level_combo(framework), level_combo(framework), QLineEdit(), QLineEdit())
        row.self_level.setAccessibleName(self.tr("Self level: {name}").format(name=competence.name))
        row.mentor_level.setAccessibleName(self.tr("Mentor level: {name}").format(name=competence.name))
        row.note.setAccessibleName(self.tr("Note: {name}").format(name=competence.name))
        row.evidence.setAccessibleName(self.tr("Evidence seen: {name}").format(name=competence.name))
        for edit in (row.note, row.evidence):
            edit.setMaxLength(1000)
            edit.setMinimumWidth(140)
        return row

    def _align_headings(self) -> None:
        """Each heading over its column: the rows' grid decides the columns, the header follows."""
        if not self.rows:
            return
        # cellRect() counts from inside the grid's margins
        offset = self._grid_widget.mapTo(self, QPoint(0, 0)).x() - self._header.x() + self._grid.contentsRect().x()
        for column, heading in enumerate(self.headings):
            cell = self._grid.cellRect(self._first_row, column)
            heading.setGeometry(cell.x() + offset, 0, cell.width(), self._header.height())

    # ---- values

    def scores(self) -> tuple[ScoreForm, ...]:
        """The rows something was entered in, in the framework's order."""
        return tuple(score for row in self.rows if (score := row.score()) is not None)

    def fill(self, scores: tuple[ScoreForm, ...]) -> None:
        by_competence = {score.competence_id: score for score in scores}
        for row in self.rows:
            row.fill(by_competence.get(row.competence.id))

    def self_levels(self) -> dict[uuid.UUID, int]:
        return {row.competence.id: row.self_level.currentData() for row in self.rows
                if row.self_level.currentData() is not None}

    def set_self_levels(self, levels: Mapping[uuid.UUID, int]) -> None:
        """Replaces the whole Self column: a competence missing from `levels` goes back to not assessed."""
        for row in self.rows:
            select_data(row.self_level, levels.get(row.competence.id))


class _Rows(QWidget):
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)  # the grid has placed its cells by now
        self.resized.emit()


class _RowsArea(QScrollArea):
    """As tall as its rows when they fit the screen; scrolls when the framework is long."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        content = self.widget().sizeHint() if self.widget() else QSize(600, MIN_ROWS_HEIGHT)
        room = self.screen().availableGeometry().height() - SCREEN_MARGIN
        frame = 2 * self.frameWidth()
        height = min(content.height() + frame, max(MIN_ROWS_HEIGHT, room))
        return QSize(content.width() + self.verticalScrollBar().sizeHint().width() + frame, height)
