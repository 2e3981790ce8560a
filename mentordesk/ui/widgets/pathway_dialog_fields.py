"""Fields the pathway dialogs share: level and worker combos, enum combos, short multi-line notes."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from enum import StrEnum

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from mentordesk.services.pathway_forms import CompetenceInfo, FrameworkInfo, LevelInfo
from mentordesk.ui.labels import label
from mentordesk.ui.widgets.combo import select_data

NOT_ASSESSED = "—"  # a level combo's empty choice: a dash reads as "nothing yet" in every language


def level_text(level: LevelInfo) -> str:
    """"2 · Developing"; a label that already says its number ("Level 2", "Foundation 2") stays as it is."""
    if str(level.rank) in level.label.split():
        return level.label
    return f"{level.rank} · {level.label}"


def competence_text(competence: CompetenceInfo) -> str:
    return f"{competence.code}  {competence.name}" if competence.code else competence.name


def level_combo(framework: FrameworkInfo, empty: str | None = NOT_ASSESSED) -> QComboBox:
    """The framework's levels (data: rank), each with its description as a tooltip; `empty` first (data None)."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    if empty is not None:
        combo.addItem(empty, None)
    for level in framework.levels:
        combo.addItem(level_text(level), level.rank)
        if level.description:
            combo.setItemData(combo.count() - 1, level.description, Qt.ItemDataRole.ToolTipRole)
    return combo


def worker_combo(workers: Sequence[tuple[uuid.UUID, str]], nobody: str, selected: uuid.UUID | None = None,
                 selected_name: str | None = None) -> QComboBox:
    """`nobody` (data None) then the workers; a selected worker no longer listed (left, inactive) is kept."""
    combo = QComboBox()
    combo.addItem(nobody, None)
    for worker_id, name in workers:
        combo.addItem(name, worker_id)
    if selected is not None and not select_data(combo, selected):
        combo.addItem(selected_name or str(selected), selected)
        combo.setCurrentIndex(combo.count() - 1)
    return combo


def enum_combo(members: Iterable[StrEnum]) -> QComboBox:
    """Labelled enum members; read back with `Enum(combo.currentData())`: Qt returns the value as plain str."""
    combo = QComboBox()
    for member in members:
        combo.addItem(label(member), member)
    return combo


class NotesEdit(QPlainTextEdit):
    """Opens `lines` tall and grows with the dialog; Tab moves on (these are notes, not code)."""

    def __init__(self, lines: int, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * self._lines + margins.top() + margins.bottom() + 10
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def notes_edit(lines: int, placeholder: str = "") -> NotesEdit:
    return NotesEdit(lines, placeholder)
