"""Choosing who took part: type part of a name or code, Enter adds the best match; one row per mentee.

Matching ignores accents and case ("zoe ode" finds "Zoë Ødegård") and needs every typed word,
as the Mentees page's search does. Each row has the mentee's attendance and a remove button.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import Attendance
from mentordesk.services.search_text import fold_for_search
from mentordesk.services.session_forms import HELD_ATTENDANCE, Participant
from mentordesk.services.sessions import MenteeChoice
from mentordesk.ui.labels import label
from mentordesk.ui.widgets.combo import select_data

MAX_SUGGESTIONS = 12
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class MenteePicker(QWidget):
    changed = Signal()

    def __init__(self, choices: Sequence[MenteeChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = list(choices)
        self._by_id = {choice.id: choice for choice in self._choices}
        self._suggested: list[MenteeChoice] = []
        self._rows: dict[uuid.UUID, tuple[QLabel, QComboBox, QToolButton]] = {}
        self._attendance_shown = True

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type a name or code, then Enter; add several for a group"))
        self.search.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.search)  # not setCompleter(): the line edit must not rewrite the text
        self.completer.activated[str].connect(self._add_display)  # type: ignore[index]
        self.search.textEdited.connect(self._suggest)
        self.search.installEventFilter(self)
        self.completer.popup().installEventFilter(self)  # installed after QCompleter's own: runs first

        self.hint = QLabel()
        self.hint.setEnabled(False)  # drawn in the palette's disabled (grey) colour
        self.hint.hide()
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.hint)
        column.addLayout(self.grid)

    # ---- what the form reads and restores

    def participants(self) -> tuple[Participant, ...]:
        return tuple(Participant(mentee_id, Attendance(combo.currentData()))
                     for mentee_id, (_, combo, _) in self._rows.items())

    def mentee_ids(self) -> list[uuid.UUID]:
        return list(self._rows)

    def name_of(self, mentee_id: uuid.UUID) -> str:
        choice = self._by_id.get(mentee_id)
        return choice.full_name if choice else ""

    def add(self, mentee_id: uuid.UUID, attendance: Attendance = Attendance.ATTENDED) -> bool:
        choice = self._by_id.get(mentee_id)
        if choice is None or mentee_id in self._rows:
            return False
        name = QLabel(choice.display)
        combo = QComboBox()
        for value in (Attendance.ATTENDED, Attendance.NO_SHOW, Attendance.CANCELLED):
            combo.addItem(label(value), value)
        select_data(combo, attendance if attendance in HELD_ATTENDANCE else Attendance.ATTENDED)
        combo.setAccessibleName(self.tr("Attendance of {name}").format(name=choice.full_name))
        combo.currentIndexChanged.connect(self.changed)
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(self.tr("Remove {name}").format(name=choice.full_name))
        remove.setAutoRaise(True)
        remove.clicked.connect(lambda: self.remove(mentee_id))
        row = len(self._rows)
        self.grid.addWidget(name, row, 0)
        self.grid.addWidget(combo, row, 1)
        self.grid.addWidget(remove, row, 2)
        self._rows[mentee_id] = (name, combo, remove)
        combo.setVisible(self._attendance_shown)  # only once inside the grid: before, it would be a window
        self.changed.emit()
        return True

    def remove(self, mentee_id: uuid.UUID) -> None:
        widgets = self._rows.pop(mentee_id, None)
        if widgets is None:
            return
        for widget in widgets:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        # Close the gap: re-add the remaining rows in order.
        for row, (name, combo, remove) in enumerate(self._rows.values()):
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(combo, row, 1)
            self.grid.addWidget(remove, row, 2)
        self.search.setFocus()
        self.changed.emit()

    def show_attendance(self, shown: bool) -> None:
        """Planned and cancelled sessions have no attendance to choose."""
        self._attendance_shown = shown
        for _, combo, _ in self._rows.values():
            combo.setVisible(shown)

    # ---- finding

    def matches(self, text: str) -> list[MenteeChoice]:
        words = fold_for_search(text).split()
        if not words:
            return []
        found = []
        for choice in self._choices:
            if choice.id not in self._rows and all(word in choice.search_key for word in words):
                found.append(choice)
                if len(found) == MAX_SUGGESTIONS:
                    break
        return found

    def _suggest(self, text: str) -> None:
        self._suggested = self.matches(text)
        self._model.setStringList([choice.display for choice in self._suggested])
        self._set_hint(self.tr("Nobody on the caseload matches “{text}”.").format(text=text.strip())
                       if text.strip() and not self._suggested else "")
        if self._suggested:
            self.completer.complete()
        else:
            self._hide_popup()

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup.isVisible():
            popup.hide()
            # Without a window manager (offscreen, bare X) the hidden popup can stay the active window,
            # and the dialog's Alt+letter shortcuts would then go nowhere.
            self.search.window().activateWindow()

    def _add_display(self, display: str) -> None:
        choice = next((c for c in self._suggested if c.display == display), None)
        if choice is not None:
            self._add_choice(choice)

    def _add_choice(self, choice: MenteeChoice) -> None:
        self.add(choice.id)
        self.search.clear()
        self._suggested = []
        self._set_hint("")
        self._hide_popup()
        self.search.setFocus()  # ready for the next name of a group

    def _set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _ENTER:
            popup = self.completer.popup()
            highlighted = popup.currentIndex() if watched is popup else None
            if highlighted is not None and highlighted.isValid():
                return False  # the completer adds the highlighted one
            if self.search.text().strip():
                if not self._suggested:
                    self._suggest(self.search.text())
                if self._suggested:
                    self._add_choice(self._suggested[0])
                return True  # Enter while typing a name never saves the dialog
        return super().eventFilter(watched, event)
