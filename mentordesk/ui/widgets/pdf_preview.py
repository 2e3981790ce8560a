"""A PDF shown in the window (QtPdf), whole pages fitted, with a line of text instead when there is none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from mentordesk.ui.pdf_output import load_pdf

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument


class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtPdfWidgets import QPdfView  # QtPdf loads with the first preview, not at start-up

        self.document: QPdfDocument | None = None
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setBackgroundRole(QPalette.ColorRole.Dark)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(24)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.message)
        self._stack.setCurrentWidget(self.message)

    def show_pdf(self, data: bytes) -> None:
        document = load_pdf(data, self)
        self.view.setDocument(document)
        self._drop_document()
        self.document = document
        self._stack.setCurrentWidget(self.view)

    def show_message(self, text: str) -> None:
        """No document: a sentence in its place (why there is nothing to see, or that it is on its way)."""
        self.view.setDocument(None)
        self._drop_document()
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    def _drop_document(self) -> None:
        if self.document is not None:
            self.document.deleteLater()
            self.document = None
