"""What every MentorDesk PDF is built on: an A4 page with one frame, 'Page 1 of 3' footers, metadata cut down.

ReportLab and pypdf are imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from io import BytesIO
from typing import Any


def a4_document(buffer: BytesIO, *, margin: float, top: float, bottom: float, font: str,
                on_page: Callable[[Any, Any], None] | None = None, **info: Any) -> Any:
    """A BaseDocTemplate for A4 with one frame inside the margins; `info` goes to ReportLab (title, author…).

    No frame padding, so text and tables line up with the margin and the footer; every page starts in `font`
    because the canvas would otherwise start it in Helvetica, which is not embedded.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    document = BaseDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=top,
                               bottomMargin=bottom, initialFontName=font, **info)
    frame = Frame(margin, bottom, A4[0] - 2 * margin, A4[1] - top - bottom, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    extra = {"onPage": on_page} if on_page is not None else {}
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], **extra)])
    return document


def numbered_canvas(footer_left: str, *, font: str, colour: Any, margin: float,
                    rule_colour: Any | None = None) -> type:
    """A canvas class for `build(canvasmaker=…)` whose footers read `footer_left` and 'Page 1 of 3'.

    It holds the pages back until the end, as only then is the count known; `rule_colour` draws a hairline
    above the footer.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self.saveState()
                if rule_colour is not None:
                    self.setStrokeColor(rule_colour)
                    self.setLineWidth(0.4)
                    self.line(margin, 12.5 * mm, A4[0] - margin, 12.5 * mm)
                self.setFont(font, 7.5)
                self.setFillColor(colour)
                self.drawString(margin, 9 * mm, footer_left)
                self.drawRightString(A4[0] - margin, 9 * mm, f"Page {self.getPageNumber()} of {len(self._pages)}")
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def title_and_author_only(pdf: bytes, title: str, author: str, attachments: Mapping[str, bytes] | None = None) -> bytes:
    """`pdf` with its metadata cut down to title and author (ReportLab always writes producer, creator, subject
    and keywords), and `attachments` embedded; adds nothing that varies, so the same input gives the same bytes."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    for name, data in (attachments or {}).items():
        writer.add_attachment(name, data)
    writer.metadata = {"/Title": title, "/Author": author}
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
