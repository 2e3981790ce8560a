"""Topics as comma-separated tags, each completed from the topics already in use.

The completer is driven by hand, as in Qt's custom-completer example: QLineEdit's own completer
would match the whole text ("CV, hou") instead of the tag being typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class TopicsField(QLineEdit):
    def __init__(self, known: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("e.g. CV, interview practice, housing"))
        self._known = QStringListModel(list(known), self)  # owned here: the completer does not keep it alive
        self.completer_ = QCompleter(self._known, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setWidget(self)
        self.completer_.activated[str].connect(self._complete_tag)  # type: ignore[index]
        self.textEdited.connect(self._suggest)

    def topics(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.text().split(",") if part.strip())

    def set_topics(self, topics: Sequence[str]) -> None:
        self.setText(", ".join(topics))

    def _suggest(self, text: str) -> None:
        typing = text.rsplit(",", 1)[-1].strip()
        if typing and self.cursorPosition() == len(text):
            self.completer_.setCompletionPrefix(typing)
            if self.completer_.completionCount():
                self.completer_.complete()
                return
        self.completer_.popup().hide()

    def _complete_tag(self, chosen: str) -> None:
        before = self.text().rsplit(",", 1)[0] if "," in self.text() else ""
        self.setText(f"{before}, {chosen}, " if before else f"{chosen}, ")
