"""The self-assessment screen, made for a young person at the laptop: one competence at a time, in large type,
the levels as large buttons, and everything doable with the keys 1–9, the arrows and Enter alone.

The answers end on a summary page where any can be changed; "Done" accepts the dialog and `levels()` gives
them (competence id -> rank) to whoever opened it.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.pathway_forms import FrameworkInfo
from mentordesk.ui.dialogs.confirm import confirm
from mentordesk.ui.widgets.level_button import LevelButton

QUESTION_PAGE, SUMMARY_PAGE = 0, 1
FONT_SCALE = 1.2  # the whole screen reads larger than the worker's dialogs
MAX_LEVEL_HEIGHT = 170  # taller cards only spread the same words thinner
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SelfAssessmentScreen(QDialog):
    """`levels` are the answers to start from (competence id -> rank), e.g. an earlier self-assessment."""

    def __init__(self, framework: FrameworkInfo, levels: Mapping[uuid.UUID, int] | None = None,
                 person_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._competences = framework.competences
        ranks = {level.rank for level in framework.levels}
        self._chosen = {competence_id: rank for competence_id, rank in (levels or {}).items()
                        if rank in ranks and framework.competence(competence_id) is not None}
        self._index = 0
        self._changing = False  # arrived from the summary's "Change": moving on goes straight back there
        self.setWindowTitle(self.tr("Self-assessment"))
        self.setFont(scaled_font(self.font(), FONT_SCALE))

        self.stack = QStackedWidget()
        self.stack.addWidget(self._question_page(framework, person_name))
        self.stack.addWidget(self._summary_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.addWidget(self.stack)

        self._apply_scaled_fonts()
        # Keys are read before any child acts on them: Enter must move on even when a button has the focus.
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)
        available = self.screen().availableGeometry()
        self.resize(min(1100, int(available.width() * 0.9)), min(780, int(available.height() * 0.9)))
        if self._competences:
            self.show_competence(0)
        else:
            self.show_summary()

    # ---- building

    def _question_page(self, framework: FrameworkInfo, person_name: str) -> QWidget:
        self.progress_text = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, max(1, len(self._competences)))
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(14)
        self.full_screen_button = QPushButton(self.tr("Full screen"))
        self.full_screen_button.setToolTip(self.tr("Full screen on and off (F11)"))
        self.full_screen_button.clicked.connect(self.toggle_full_screen)
        top = QHBoxLayout()
        top.addWidget(self.progress_text)
        top.addWidget(self.progress, 1)
        top.addWidget(self.full_screen_button)

        self.area_label = _muted(QLabel())
        self.name_label = _scaled(QLabel(), 2.0, bold=True)
        self.name_label.setWordWrap(True)
        self.name_label.setAccessibleName(self.tr("Competence"))
        self.description_label = _scaled(QLabel(), 1.15)
        self.description_label.setWordWrap(True)
        self.prompt_label = _scaled(QLabel(
            self.tr("{name}, which one is most like you?").format(name=person_name) if person_name
            else self.tr("Which one is most like you?")), 1.1, bold=True)

        self.level_buttons: list[LevelButton] = []
        grid = QGridLayout()
        grid.setSpacing(14)
        columns = len(framework.levels) if len(framework.levels) <= 4 else math.ceil(len(framework.levels) / 2)
        for position, level in enumerate(framework.levels):
            key = position + 1 if position < 9 else 0
            button = LevelButton(key, level)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setMaximumHeight(MAX_LEVEL_HEIGHT)
            button.clicked.connect(lambda _checked=False, key=key or position + 1: self.choose_key(key))
            grid.addWidget(button, position // max(columns, 1), position % max(columns, 1))
            self.level_buttons.append(button)
        for column in range(columns):
            grid.setColumnStretch(column, 1)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 8, 0, 8)
        column.setSpacing(10)
        column.addWidget(self.area_label)
        column.addWidget(self.name_label)
        column.addWidget(self.description_label)
        column.addSpacing(14)
        column.addWidget(self.prompt_label)
        column.addLayout(grid, 3)  # the buttons take most of the room, up to their largest
        column.addStretch(1)

        self.back_button = _nav_button(self.tr("← Back"))
        self.back_button.clicked.connect(self.back)
        self.next_button = _nav_button(self.tr("Next →"))
        self.next_button.clicked.connect(self.next)
        last_key = min(9, len(framework.levels))
        self.keys_hint = _muted(QLabel(self.tr("Keys: 1–{last} choose · ← → move · Enter next").format(last=last_key)))
        self.keys_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.keys_hint, 1)
        bottom.addWidget(self.next_button)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(_scrolling(content), 1)
        layout.addLayout(bottom)
        return page

    def _summary_page(self) -> QWidget:
        heading = _scaled(QLabel(self.tr("Your answers")), 1.6, bold=True)
        explanation = QLabel(self.tr("Check them together. Anything can still be changed."))
        explanation.setWordWrap(True)

        self.change_buttons: list[QPushButton] = []
        self.summary_choices: list[QLabel] = []
        rows = QWidget()
        grid = QGridLayout(rows)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for row, competence in enumerate(self._competences):
            name = QLabel(competence.name)
            name.setWordWrap(True)
            choice = _scaled(QLabel(), 1.0, bold=True)
            choice.setWordWrap(True)
            change = QPushButton(self.tr("Change"))
            change.setFlat(True)
            change.setAutoDefault(False)
            change.setCursor(Qt.CursorShape.PointingHandCursor)
            change.setStyleSheet("QPushButton { color: palette(link); text-decoration: underline; padding: 2px 8px; }")
            change.setAccessibleName(self.tr("Change the answer for {name}").format(name=competence.name))
            change.clicked.connect(lambda _checked=False, index=row: self.change(index))
            grid.addWidget(name, row, 0)
            grid.addWidget(choice, row, 1)
            grid.addWidget(change, row, 2)
            self.change_buttons.append(change)
            self.summary_choices.append(choice)
        grid.setRowStretch(len(self._competences), 1)

        self.summary_back_button = _nav_button(self.tr("← Back"))
        self.summary_back_button.clicked.connect(self.back)
        self.summary_back_button.setEnabled(bool(self._competences))
        self.done_button = _nav_button(self.tr("Done ✓"))
        self.done_button.setAccessibleName(self.tr("Done"))
        self.done_button.clicked.connect(self.accept)
        hint = _muted(QLabel(self.tr("Enter: done · ←: back")))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_back_button)
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.done_button)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addSpacing(8)
        layout.addWidget(_scrolling(rows), 1)
        layout.addLayout(bottom)
        return page

    def _apply_scaled_fonts(self) -> None:
        for button in self.findChildren(QPushButton):  # styled buttons do not inherit the screen's font
            button.setFont(self.font())
        for label in self.findChildren(QLabel):
            factor = label.property("fontFactor")
            if factor:
                font = scaled_font(self.font(), float(factor))
                font.setBold(bool(label.property("fontBold")))
                label.setFont(font)

    # ---- the answers

    def levels(self) -> dict[uuid.UUID, int]:
        """The answers given, in the framework's order; a competence left unanswered is absent."""
        return {c.id: self._chosen[c.id] for c in self._competences if c.id in self._chosen}

    @property
    def index(self) -> int:
        return self._index

    def on_summary(self) -> bool:
        return self.stack.currentIndex() == SUMMARY_PAGE

    def choose_key(self, key: int) -> None:
        """Pick the level typed (1 = the lowest); picking the chosen one again takes the answer back."""
        if self.on_summary() or not 1 <= key <= len(self.level_buttons):
            return
        competence_id = self._competences[self._index].id
        rank = self.level_buttons[key - 1].rank
        if self._chosen.get(competence_id) == rank:
            del self._chosen[competence_id]
        else:
            self._chosen[competence_id] = rank
        self._show_choice()
        self.level_buttons[key - 1].setFocus()

    # ---- moving

    def show_competence(self, index: int) -> None:
        self._index = index
        competence = self._competences[index]
        total = len(self._competences)
        self.stack.setCurrentIndex(QUESTION_PAGE)
        self.progress_text.setText(self.tr("{number} of {total}").format(number=index + 1, total=total))
        self.progress.setValue(index + 1)
        self.area_label.setText(competence.area or "")
        self.area_label.setVisible(bool(competence.area))
        self.name_label.setText(competence.name)
        self.description_label.setText(competence.description or "")
        self.description_label.setVisible(bool(competence.description))
        self.back_button.setEnabled(index > 0)
        last = self._changing or index == total - 1
        self.next_button.setText(self.tr("See my answers →") if last else self.tr("Next →"))
        self._show_choice()
        chosen = next((b for b in self.level_buttons if b.isChecked()), None)
        (chosen or (self.level_buttons[0] if self.level_buttons else self.next_button)).setFocus()

    def show_summary(self) -> None:
        self._changing = False
        for competence, label in zip(self._competences, self.summary_choices, strict=True):
            rank = self._chosen.get(competence.id)
            label.setText(self._level_label(rank) if rank is not None else self.tr("Not answered"))
            label.setForegroundRole(QPalette.ColorRole.WindowText if rank is not None
                                    else QPalette.ColorRole.PlaceholderText)
        self.stack.setCurrentIndex(SUMMARY_PAGE)
        self.done_button.setFocus()

    def next(self) -> None:
        if self.on_summary():
            return
        if self._changing or self._index >= len(self._competences) - 1:
            self.show_summary()
        else:
            self.show_competence(self._index + 1)

    def back(self) -> None:
        if self.on_summary():
            if self._competences:
                self.show_competence(len(self._competences) - 1)
        elif self._index > 0:
            self.show_competence(self._index - 1)

    def change(self, index: int) -> None:
        self._changing = True
        self.show_competence(index)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            self.full_screen_button.setText(self.tr("Full screen"))
        else:
            self.showFullScreen()
            self.full_screen_button.setText(self.tr("Leave full screen"))

    # ---- keys and closing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and self._key(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        """True when the key was one of the screen's own."""
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Alt+letter, Tab with Shift and the like keep their usual meaning
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.reject()
        elif key == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif key in _ENTER:
            focused = self.focusWidget()
            if not self.on_summary():
                self.next()
            elif focused in self.change_buttons or focused is self.summary_back_button:
                focused.click()
            else:
                self.done_button.click()
        elif key == Qt.Key.Key_Left:
            self.back()
        elif key == Qt.Key.Key_Right and not self.on_summary():
            self.next()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not self.on_summary():
            self.choose_key(key - Qt.Key.Key_0)
        else:
            return False
        return True

    def reject(self) -> None:
        """Esc, the window's close button or Cancel: ask first, the answers would be lost."""
        if confirm(self, self.tr("Stop the self-assessment?"),
                   self.tr("Stop now? The answers given on this screen will not be kept.")):
            super().reject()

    def _show_choice(self) -> None:
        rank = self._chosen.get(self._competences[self._index].id)
        for button in self.level_buttons:
            button.setChecked(button.rank == rank)

    def _level_label(self, rank: int) -> str:
        button = next(b for b in self.level_buttons if b.rank == rank)
        return button.title.text()


def _scaled(label: QLabel, factor: float, bold: bool = False) -> QLabel:
    """Marked to be `factor` times the screen's font once the screen is built (see `_apply_scaled_fonts`)."""
    label.setProperty("fontFactor", factor)
    label.setProperty("fontBold", bold)
    return label


def scaled_font(font: QFont, factor: float) -> QFont:
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:  # a font set in pixels
        font.setPixelSize(round(font.pixelSize() * factor))
    return font


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _nav_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setMinimumHeight(48)
    button.setMinimumWidth(160)
    return button


def _scrolling(content: QWidget) -> QScrollArea:
    """Small screens scroll instead of squeezing the buttons."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area
