"""A strip above the pages that says something the person should act on, until they dismiss it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QWidget

# Amber with dark text: a warning, not an error, and readable whatever the palette.
_STYLE = ("#warningBanner { background: #fff4ce; border: 1px solid #e0b400; border-radius: 6px; }"
          "#warningBanner QLabel { color: #3d2e00; }")


class WarningBanner(QFrame):
    dismissed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningBanner")
        self.setStyleSheet(_STYLE)
        symbol = QLabel()
        symbol.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(24, 24))
        symbol.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Hide this warning until MentorDesk starts again."))
        self.dismiss_button.clicked.connect(self._dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(10)
        row.addWidget(symbol)
        row.addWidget(self.text, 1)
        row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
