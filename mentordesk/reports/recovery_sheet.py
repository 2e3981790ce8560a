"""The recovery sheet: one A4 page with the recovery key, to print and lock away.

It holds what opens the data when the passphrase is lost (the recovery key: the raw database key,
in groups with a checksum) and what is needed to find and understand it; never the passphrase.
This module only lays out what it is given; the encryption service fills it in.

ReportLab is imported inside `render_recovery_sheet()`, so importing this module is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from mentordesk.reports.pdf_common import a4_document, title_and_author_only
from mentordesk.reports.plan_agreement import format_day

TITLE = "MentorDesk recovery sheet"
GROUPS_PER_ROW = 7

NAVY = "#1f3a5f"
MUTED = "#555555"
GRID = "#c9d1dc"
SHADE = "#eef2f7"


@dataclass(frozen=True)
class RecoverySheet:
    organisation: str | None
    location: str  # where the data lives: the database file
    written_on: date
    recovery_key: str  # "ABCD-EFGH-…", 14 groups
    kdf: str  # "Argon2id: 64 MiB memory, 3 passes, 2 lanes"
    salt: str  # base64, as stored beside the data


INSTRUCTIONS = (
    "This key opens the MentorDesk data named above when its passphrase is forgotten. Anyone who has this "
    "sheet and a copy of the data can read every record in it: keep it as you would keep the key to a locked "
    "cabinet of case files.",
    "<b>Print this page, then delete the PDF file</b> (and empty the recycle bin or trash). Keep the paper "
    "locked away, apart from the laptop, where a coordinator can reach it.",
    "To use it: start MentorDesk and type the recovery key where it asks for the passphrase (capitals, spaces "
    "and dashes do not matter). MentorDesk then asks you to choose a new passphrase.",
    "The key changes whenever the passphrase is changed: a sheet printed before that no longer opens the data. "
    "Shred it and print the new one.",
    "The passphrase itself is not on this sheet, and MentorDesk never stores it.",
)


def render_recovery_sheet(sheet: RecoverySheet) -> bytes:
    """The sheet as PDF bytes: one A4 page; title and author are its only metadata."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle

    from mentordesk.reports.fonts import register_fonts

    sans, bold = register_fonts()
    navy, muted, grid, shade = (colors.HexColor(c) for c in (NAVY, MUTED, GRID, SHADE))
    margin = 20 * mm
    width = A4[0] - 2 * margin
    body = ParagraphStyle("body", fontName=sans, fontSize=10, leading=14)
    label = ParagraphStyle("label", parent=body, fontName=bold)
    organisation = ParagraphStyle("organisation", fontName=bold, fontSize=11, leading=14, textColor=navy)
    title = ParagraphStyle("title", fontName=bold, fontSize=20, leading=25, spaceBefore=2, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=12, spaceAfter=5, textColor=navy)
    muted_style = ParagraphStyle("muted", parent=body, fontSize=9, leading=12, textColor=muted)
    # Fits "WWWW", the widest group, in a seventh of the width: a group must never wrap.
    group = ParagraphStyle("group", fontName=bold, fontSize=15, leading=19, alignment=TA_CENTER)
    number = ParagraphStyle("number", fontName=sans, fontSize=7, leading=9, alignment=TA_CENTER, textColor=muted)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    groups = sheet.recovery_key.split("-")
    rows = []
    for start in range(0, len(groups), GROUPS_PER_ROW):
        chunk = groups[start:start + GROUPS_PER_ROW]
        rows.append([para(str(start + i + 1), number) for i in range(len(chunk))])
        rows.append([para(text, group) for text in chunk])
    key_table = Table(rows, colWidths=[width / GROUPS_PER_ROW] * GROUPS_PER_ROW)
    key_table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), shade),
        ("BOX", (0, 0), (-1, -1), 0.8, navy),
        ("FONTNAME", (0, 0), (-1, -1), sans),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        *[("LINEBELOW", (0, row), (-1, row), 0.25, grid) for row in range(1, len(rows) - 1, 2)],
    ]))

    facts = Table([
        [para("Data", label), para(sheet.location)],
        [para("Written on", label), para(format_day(sheet.written_on))],
        [para("Key derivation", label), para(sheet.kdf)],
        [para("Salt", label), para(sheet.salt)],
    ], colWidths=[0.22 * width, 0.78 * width])
    facts.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), sans),
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, navy),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, navy),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))

    instructions = ListFlowable(
        [ListItem(Paragraph(text, body), leftIndent=14, value=i + 1) for i, text in enumerate(INSTRUCTIONS)],
        bulletType="1", bulletFontName=bold, bulletFontSize=10, leftIndent=14, spaceBefore=2)

    story = [
        para(sheet.organisation or "MentorDesk", organisation),
        para(TITLE, title),
        para("Confidential: opens all mentoring records below without the passphrase.", muted_style),
        Spacer(1, 6 * mm),
        para("Recovery key", h2),
        key_table,
        Spacer(1, 2 * mm),
        para("Fourteen groups of four letters and digits. A mistyped group is caught when the key is typed in.",
             muted_style),
        para("What it opens", h2),
        facts,
        para("What to do with this sheet", h2),
        instructions,
    ]
    buffer = BytesIO()
    document = a4_document(buffer, margin=margin, top=18 * mm, bottom=18 * mm, font=sans, title=TITLE,
                           author=sheet.organisation or "MentorDesk")
    document.build(story)
    return title_and_author_only(buffer.getvalue(), TITLE, sheet.organisation or "MentorDesk")
