"""A large toggle for one proficiency level: its key, its label and what it means, in the palette's colours."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from mentordesk.services.pathway_forms import LevelInfo

# palette() colours follow the system theme, so the buttons read the same way in dark mode.
_STYLE = """
QPushButton#levelButton {
    background: palette(base); border: 2px solid palette(mid); border-radius: 12px; padding: 0;
}
QPushButton#levelButton:hover { border-color: palette(highlight); }
QPushButton#levelButton:checked { background: palette(highlight); border-color: palette(highlight); }
QPushButton#levelButton:focus { border: 3px solid palette(text); }
QLabel#levelKey { border: 1px solid palette(mid); border-radius: 4px; padding: 0 6px; }
"""


TITLE_SCALE = 1.35


class LevelButton(QPushButton):
    """Checkable; `key` is the number typed to choose it (0 when it has none).

    A widget with a style sheet does not inherit its parent's font: give it one with setFont().
    """

    def __init__(self, key: int, level: LevelInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levelButton")
        self.setCheckable(True)
        self.setAutoDefault(False)  # Enter moves on in the self-assessment; it never presses a level
        self.setStyleSheet(_STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.rank = level.rank
        numbered = bool(key) and level.label.split()[:1] == [str(key)]  # "1 · Foundation" says its key already
        self.key_label = QLabel(str(key) if key else "")
        self.key_label.setObjectName("levelKey")
        self.key_label.setVisible(bool(key) and not numbered)
        self.title = QLabel(level.label)
        self.title.setWordWrap(True)
        self.description = QLabel(level.description or "")
        self.description.setWordWrap(True)
        self.description.setVisible(bool(level.description))
        self._fit_fonts()
        for child in (self.key_label, self.title, self.description):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the button takes every click
            child.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.key_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 14)
        column.setSpacing(6)
        column.addLayout(top)
        column.addWidget(self.description)
        column.addStretch(1)

        self.setAccessibleName(self.tr("Level {key}: {label}").format(key=key, label=level.label)
                               if key and not numbered else level.label)
        self.setAccessibleDescription(level.description or "")
        self.setToolTip(level.description or "")
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.toggled.connect(self._follow_checked)
        self._follow_checked(False)  # text on palette(base), not on the window colour

    # A QPushButton sizes itself by its own text; this one holds labels in a layout.
    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.layout().sizeHint().expandedTo(QSize(200, 120))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return max(120, self.layout().totalHeightForWidth(width))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_fonts()

    def _fit_fonts(self) -> None:
        """Children of a widget with a style sheet do not inherit its font, so they are given it here."""
        self.key_label.setFont(self.font())
        self.description.setFont(self.font())
        font = self.font()
        font.setBold(True)
        if font.pointSizeF() > 0:  # not for a font set in pixels
            font.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
        self.title.setFont(font)

    def _follow_checked(self, checked: bool) -> None:
        role = QPalette.ColorRole.HighlightedText if checked else QPalette.ColorRole.Text
        for child in (self.key_label, self.title, self.description):
            child.setForegroundRole(role)
