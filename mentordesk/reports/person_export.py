"""The readable PDF of a person's data (GDPR Art. 15 access request).

This module only lays out what it is given: plain strings in label/value pairs and small
tables. Deciding what to include and how to word dates and codes is the service's job
(`mentordesk.services.personal_data`); reports never reach into services or the database.

ReportLab is imported inside `write_person_export_pdf()`, so importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

Pair = tuple[str, str]

# Values up to this many characters share a row with another pair.
SHORT_VALUE = 34


@dataclass(frozen=True)
class Record:
    """One record shown as label/value rows, under an optional small title."""

    fields: Sequence[Pair]
    title: str | None = None


@dataclass(frozen=True)
class SmallTable:
    """Narrow records shown as one table: a header row and one row per record."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class Section:
    """One kind of record under a heading: records, a small table, or neither (then `empty_text`)."""

    heading: str
    records: Sequence[Record] = ()
    table: SmallTable | None = None
    note: str | None = None
    empty_text: str = "No records."


@dataclass(frozen=True)
class PdfInfo:
    """Document metadata. Keep internal ids out: the file leaves the organisation."""

    author: str = ""
    subject: str = ""
    footer: str = ""  # printed at the foot of every page
    page_label: str = "Page"
    language: str = "en"


def write_person_export_pdf(
    path: Path | BinaryIO,
    title: str,
    sections: Sequence[Section],
    *,
    summary: Sequence[Pair] = (),
    summary_heading: str = "Personal details",
    intro: Sequence[str] = (),
    info: PdfInfo | None = None,
) -> None:
    """Write the document to `path`, or into a binary stream (the caller handles temp files, atomic
    replacement, and sealing when the data is encrypted).

    Order: title, intro paragraphs, the person's summary, then each section.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from mentordesk.reports.fonts import register_fonts

    info = info or PdfInfo()
    sans, bold = register_fonts()
    body = ParagraphStyle("body", fontName=sans, fontSize=9.5, leading=12.5, spaceAfter=4)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, spaceAfter=0)
    label = ParagraphStyle("label", parent=small, fontName=bold)
    styles = {
        "title": ParagraphStyle("title", fontName=bold, fontSize=17, leading=21, spaceAfter=8),
        # keepWithNext: a heading (and a section's note) never ends a page alone.
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12.5, leading=16, spaceBefore=12, spaceAfter=5,
                             textColor=colors.HexColor("#1f3a5f"), keepWithNext=1),
        "h3": ParagraphStyle("h3", fontName=bold, fontSize=9.5, leading=12, spaceBefore=6, spaceAfter=2,
                             keepWithNext=1),
        "muted": ParagraphStyle("muted", parent=body, textColor=colors.HexColor("#555555")),
        "note": ParagraphStyle("note", parent=body, textColor=colors.HexColor("#555555"), keepWithNext=1),
    }
    width = A4[0] - 36 * mm
    grid = colors.HexColor("#c9d1dc")

    def para(text: str, style: ParagraphStyle = small) -> Paragraph:
        # Values are data, not markup: escape them, and keep line breaks of notes.
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def pairs_table(pairs: Sequence[Pair]) -> Table:
        """Label/value pairs, two to a row when both values are short; a long value gets a full row."""
        rows: list[list[Any]] = []
        spans: list[int] = []
        pending: list[Any] = []
        for name, value in pairs:
            cells = [para(name, label), para(value)]
            if len(value) <= SHORT_VALUE and len(name) <= SHORT_VALUE:
                pending += cells
                if len(pending) == 4:
                    rows.append(pending)
                    pending = []
                continue
            if pending:
                rows.append(pending + ["", ""])
                pending = []
            spans.append(len(rows))
            rows.append(cells + ["", ""])
        if pending:
            rows.append(pending + ["", ""])
        table = Table(rows, colWidths=[0.19 * width, 0.31 * width] * 2)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), sans),  # blank cells would otherwise be set in Helvetica
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, grid),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *[("SPAN", (1, row), (3, row)) for row in spans],
        ]))
        return table

    def small_table(data: SmallTable) -> Table:
        rows = [[para(name, label) for name in data.columns]]
        rows += [[para(value) for value in row] for row in data.rows]
        table = Table(rows, colWidths=[width / max(1, len(data.columns))] * len(data.columns), repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), sans),  # blank cells would otherwise be set in Helvetica
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, grid),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table

    story: list[Any] = [para(title, styles["title"])]
    story += [para(text, styles["muted"]) for text in intro]
    if summary:
        story += [para(summary_heading, styles["h2"]), pairs_table(summary)]
    for section in sections:
        story.append(para(section.heading, styles["h2"]))
        if section.note:
            story.append(para(section.note, styles["note"]))
        if section.table is not None and section.table.rows:
            story.append(small_table(section.table))
        elif section.records:
            for record in section.records:
                block: list[Any] = [para(record.title, styles["h3"])] if record.title else [Spacer(1, 4)]
                block.append(pairs_table(record.fields))
                # Keeps a record's title with its rows; a record longer than a page still splits.
                story.append(KeepTogether(block))
        else:
            story.append(para(section.empty_text, styles["muted"]))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(sans, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(18 * mm, 10 * mm, info.footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{info.page_label} {doc.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        str(path) if isinstance(path, Path) else path,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=info.author,
        subject=info.subject,
        creator="MentorDesk",
        # The canvas would otherwise start every page in Helvetica, which is not embedded.
        initialFontName=sans,
        lang=info.language,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
