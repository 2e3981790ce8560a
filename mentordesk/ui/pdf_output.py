"""A PDF held in memory, shown, saved or printed: what the certificate screens share.

QtPdf is imported when first needed, so the module costs nothing until a PDF is on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, QRectF, QSize, QStandardPaths
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

_CONTEXT = "PdfOutput"
PRINT_DPI = 300  # enough for text, a QR code and a logo; the printer's 1200 dpi would make 500 MB page images


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def load_pdf(data: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A document over the bytes; the buffer lives as the document's child, as long as it does."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


def pdf_file_name(name: str) -> Path:
    """A chosen name with .pdf added when the person left it out."""
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def save_pdf(parent: QWidget, data: bytes, suggested_name: str, title: str | None = None) -> Path | None:
    """Ask where, then write the bytes whole; None when the person cancelled or the file could not be written."""
    name, _ = QFileDialog.getSaveFileName(parent, title or _tr("Save as PDF"),
                                          str(documents_folder() / suggested_name), _tr("PDF documents (*.pdf)"))
    if not name:
        return None
    target = pdf_file_name(name)
    try:
        target.write_bytes(data)
    except OSError as error:
        QMessageBox.warning(parent, title or _tr("Save as PDF"),
                            _tr("The PDF could not be saved: {reason}").format(reason=error.strerror or error))
        return None
    return target


def print_pdf(parent: QWidget, data: bytes, document_name: str) -> bool:
    """The system print dialog, then every page drawn to the printer; True when it was sent."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Print {name}").format(name=document_name))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document = load_pdf(data)
    try:
        return render_pages(document, printer)
    finally:
        document.deleteLater()


def render_pages(document: QPdfDocument, printer) -> bool:  # noqa: ANN001 (QPrinter, or any paged device)
    """Each page as an image at PRINT_DPI, scaled into the printable area keeping its proportions."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, QSize(round(points.width() * PRINT_DPI / 72),
                                                round(points.height() * PRINT_DPI / 72)))
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2,
                                     width, height), image)
    finally:
        painter.end()
    return True
