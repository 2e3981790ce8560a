"""Topics as comma-separated tags, each completed from the topics already in use."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class _LastTagCompleter(QCompleter):
    """Completes the tag after the last comma and keeps the tags before it."""

    def __init__(self, topics: Sequence[str], field: QLineEdit) -> None:
        super().__init__(QStringListModel(list(topics)), field)
        self._field = field
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt override)
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802 (Qt override)
        before = self._field.text().rsplit(",", 1)[0] if "," in self._field.text() else ""
        chosen = str(index.data())
        return f"{before}, {chosen}, " if before else f"{chosen}, "


class TopicsField(QLineEdit):
    def __init__(self, known: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("e.g. CV, interview practice, housing"))
        self.setCompleter(_LastTagCompleter(known, self))

    def topics(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.text().split(",") if part.strip())

    def set_topics(self, topics: Sequence[str]) -> None:
        self.setText(", ".join(topics))
