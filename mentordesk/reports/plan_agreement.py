"""The one-page mentoring agreement: the individual learning plan, printed to be signed on paper.

This module only lays out what it is given: plain strings, dates and numbers. Choosing the
activities, translating their kind and format into labels and naming the signatories is the
pathway service's job; reports never reach into services or the database.

ReportLab is imported inside `render_agreement()`, so importing this module is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from mentordesk.reports.pdf_common import a4_document, numbered_canvas

TITLE = "Individual learning plan and mentoring agreement"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DASH = "\u2014"

# Table font sizes tried in turn to keep the plan on one page; a plan that fits none of them is
# printed at the first (most readable) size over as many pages as it needs.
TABLE_FONT_STEPS = (8.5, 7.5)
# Goals and needs share a row (side by side) while each fits in this many lines; longer texts are
# stacked so they can break across pages (a table row cannot).
SIDE_BY_SIDE_LINES = 12

NAVY = "#1f3a5f"
MUTED = "#555555"
GRID = "#c9d1dc"
SHADE = "#eef2f7"


@dataclass(frozen=True)
class AgreementActivity:
    """One row of the plan. `kind` and `format` are already human labels ("Workshop", "Online")."""

    title: str
    kind: str
    provider: str
    format: str
    start: date | None
    end: date | None
    hours: float | None
    competences: tuple[str, ...]  # names of the target competences, in the framework's order


@dataclass(frozen=True)
class AgreementSheet:
    """Everything printed on the agreement. No internal ids: the paper leaves the organisation."""

    organisation: str
    programme: str | None
    mentee_name: str
    mentee_code: str
    mentor_name: str | None
    agreed_on: date
    mentee_signatory: str
    mentor_signatory: str
    needs: str
    goals: str
    activities: tuple[AgreementActivity, ...]
    note: str
    framework: str


def render_agreement(sheet: AgreementSheet) -> bytes:
    """The agreement as PDF bytes: A4, one page whenever the plan allows.

    The table font shrinks one step before the plan is allowed onto a second page; a plan too long
    for one page even then is printed at the normal size, the signatures kept with the promises.
    """
    first: bytes | None = None
    for size in TABLE_FONT_STEPS:
        pdf, pages = _build(sheet, size)
        if pages == 1:
            return pdf
        first = first or pdf
    assert first is not None
    return first


def format_day(day: date) -> str:
    """'27 February 2026': the document is in English, whatever the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_span(start: date | None, end: date | None) -> str:
    """'3 Mar – 30 Apr 2026'; the year once when both dates share it; 'from …' / 'until …' when open."""
    def short(day: date, year: bool = True) -> str:
        text = f"{day.day}\u00a0{MONTHS[day.month - 1][:3]}"
        return f"{text}\u00a0{day.year}" if year else text

    if start and end:
        if start == end:
            return short(start)
        return f"{short(start, year=start.year != end.year)} \u2013 {short(end)}"
    if start:
        return f"from {short(start)}"
    if end:
        return f"until {short(end)}"
    return DASH


def format_hours(hours: float | None) -> str:
    """'40', '24.5', '1.25': at most two decimals, no trailing zeros."""
    if hours is None:
        return DASH
    return f"{hours:.2f}".rstrip("0").rstrip(".")


def _build(sheet: AgreementSheet, table_size: float) -> tuple[bytes, int]:
    """One layout of the agreement at the given table font size; returns the PDF and its page count."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    from mentordesk.reports.fonts import register_fonts

    sans, bold = register_fonts()
    navy, muted, grid, shade = (colors.HexColor(c) for c in (NAVY, MUTED, GRID, SHADE))
    margin, top, bottom = 18 * mm, 14 * mm, 16 * mm
    width = A4[0] - 2 * margin

    body = ParagraphStyle("body", fontName=sans, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    label = ParagraphStyle("label", parent=body, fontName=bold)
    styles = {
        "organisation": ParagraphStyle("organisation", fontName=bold, fontSize=10, leading=13, textColor=navy),
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, spaceBefore=2, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=11, leading=14, spaceBefore=9, spaceAfter=3,
                             textColor=navy, keepWithNext=1),
        "h3": ParagraphStyle("h3", fontName=bold, fontSize=9.5, leading=12.5, spaceAfter=2, textColor=navy,
                             keepWithNext=1),
        "muted": ParagraphStyle("muted", parent=small, textColor=muted, spaceAfter=4),
        "framework": ParagraphStyle("framework", parent=small, fontSize=8, leading=10, textColor=muted,
                                    alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", parent=body, fontSize=table_size, leading=table_size * 1.25),
        "cell_head": ParagraphStyle("cell_head", parent=body, fontName=bold, fontSize=table_size,
                                    leading=table_size * 1.25),
        "number": ParagraphStyle("number", parent=body, fontSize=table_size, leading=table_size * 1.25,
                                 alignment=TA_RIGHT),
        "number_head": ParagraphStyle("number_head", parent=body, fontName=bold, fontSize=table_size,
                                      leading=table_size * 1.25, alignment=TA_RIGHT),
        "signer": ParagraphStyle("signer", parent=body, fontName=bold, fontSize=10.5, leading=13),
        "caption": ParagraphStyle("caption", parent=small, fontSize=7.5, leading=9, textColor=muted),
    }

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        # Values are data, not markup: escape them, and keep the line breaks people typed.
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def text_or_dash(text: str | None) -> str:
        return text.strip() if text and text.strip() else DASH

    mentor = sheet.mentor_name or sheet.mentor_signatory

    def facts() -> Table:
        rows = [
            [para("Mentee", label), para(text_or_dash(sheet.mentee_name)), para("Programme", label),
             para(text_or_dash(sheet.programme))],
            [para("Mentor", label), para(text_or_dash(mentor)), para("Agreed on", label),
             para(format_day(sheet.agreed_on))],
        ]
        table = Table(rows, colWidths=[0.11 * width, 0.4 * width, 0.16 * width, 0.33 * width])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), sans),  # blank cells would otherwise be set in Helvetica
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, navy),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, navy),
            ("LINEBELOW", (0, 0), (-1, 0), 0.25, grid),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ]))
        return table

    def goals_and_needs() -> list[Any]:
        blocks = [("Goals", sheet.goals), ("Identified needs", sheet.needs)]
        texts = [para(text_or_dash(text)) for _, text in blocks]
        column = width / 2 - 5 * mm
        if all(text.wrap(column, A4[1])[1] <= SIDE_BY_SIDE_LINES * body.leading for text in texts):
            cells = [[para(heading, styles["h3"]), text] for (heading, _), text in zip(blocks, texts, strict=True)]
            table = Table([cells], colWidths=[width / 2] * 2)
            table.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), sans),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 5 * mm),
                ("LEFTPADDING", (1, 0), (1, -1), 5 * mm),
                ("LINEBEFORE", (1, 0), (1, -1), 0.25, grid),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]))
            return [Spacer(1, 9), table]
        story: list[Any] = []
        for heading, text in blocks:
            story += [para(heading, styles["h2"]), para(text_or_dash(text))]
        return story

    def activities() -> list[Any]:
        cell, head, number = styles["cell"], styles["cell_head"], styles["number"]
        rows: list[list[Any]] = [[
            para("Activity", head), para("Type / format", head), para("Provider", head), para("Dates", head),
            para("Hours", styles["number_head"]), para("Target competences", head),
        ]]
        for activity in sheet.activities:
            kind = "\n".join(part for part in (activity.kind, activity.format) if part)
            rows.append([
                para(activity.title, cell), para(text_or_dash(kind), cell),
                para(text_or_dash(activity.provider), cell), para(format_span(activity.start, activity.end), cell),
                para(format_hours(activity.hours), number),
                para("\n".join(activity.competences) or DASH, cell),
            ])
        extra: list[tuple[Any, ...]] = []
        if not sheet.activities:
            rows.append([para("No activities are planned yet.", styles["muted"]), "", "", "", "", ""])
            extra.append(("SPAN", (0, 1), (-1, 1)))
        elif any(activity.hours is not None for activity in sheet.activities):
            total = sum(activity.hours or 0.0 for activity in sheet.activities)
            rows.append([para("Total hours", head), "", "", "", para(format_hours(total), styles["number_head"]),
                         ""])
            extra += [("SPAN", (0, -1), (3, -1)), ("LINEABOVE", (0, -1), (-1, -1), 0.6, navy)]
        fractions = (0.195, 0.15, 0.16, 0.135, 0.08, 0.28)
        table = Table(rows, colWidths=[f * width for f in fractions], repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), sans),
            ("BACKGROUND", (0, 0), (-1, 0), shade),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, grid),
            ("TOPPADDING", (0, 0), (-1, -1), table_size * 0.3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), table_size * 0.35),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (4, 0), (4, -1), 1),  # right-aligned hours: room for "1227.5" and the header
            *extra,
        ]))
        heading = para("Learning activities", styles["h2"])
        if not sheet.framework:
            return [heading, table]
        # The framework is named on the heading's line, right-aligned: it explains a column, not the page.
        framework = para(f"Competences: {sheet.framework}", styles["framework"])
        row = Table([[heading, framework]], colWidths=[0.3 * width, 0.7 * width])
        row.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), sans),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [Spacer(1, styles["h2"].spaceBefore), row, Spacer(1, styles["h2"].spaceAfter + 1), table]

    def commitments() -> list[Any]:
        mentee_promises = (
            "take part in the activities above, or say early when one is not working out;",
            f"meet {sheet.mentor_signatory or 'the mentor'} regularly to talk about how it is going;",
            "keep certificates and examples of their work to show at reviews.",
        )
        mentor_promises = (
            "help find, arrange and prepare the activities;",
            f"meet {sheet.mentee_signatory or 'the mentee'} regularly, listen, and review the plan together;",
            "treat what is shared in confidence, within the organisation’s rules.",
        )
        # bulletFontName: ReportLab would set the bullet in Helvetica, which is not embedded.
        bullet = ParagraphStyle("bullet", parent=body, leftIndent=9, bulletIndent=0, spaceAfter=1.5,
                                bulletFontName=sans, bulletFontSize=8)

        def column(heading: str, promises: tuple[str, ...]) -> list[Any]:
            return [para(heading, styles["h3"]), *(Paragraph(escape(p), bullet, bulletText="•") for p in promises)]

        table = Table([[column("The mentee agrees to:", mentee_promises),
                        column("The mentor agrees to:", mentor_promises)]], colWidths=[width / 2] * 2)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), sans),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 5 * mm),
            ("LEFTPADDING", (1, 0), (1, -1), 5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        intro = "We have talked this plan through together and can change it whenever we both agree."
        return [para("Our agreement", styles["h2"]), para(intro), Spacer(1, 5), table]

    def signature(role: str, name: str) -> Table:
        block_width = (width - 10 * mm) / 2
        widths = [0.56 * block_width, 0.06 * block_width, 0.38 * block_width]
        rows = [
            [para(role, styles["h3"]), "", ""],
            [para(text_or_dash(name), styles["signer"]), "", ""],
            ["", "", para(format_day(sheet.agreed_on))],
            [para("Signature", styles["caption"]), "", para("Date", styles["caption"])],
        ]
        table = Table(rows, colWidths=widths, rowHeights=[None, None, 12 * mm, None])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), sans),
            ("SPAN", (0, 0), (-1, 0)),
            ("SPAN", (0, 1), (-1, 1)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 2), (-1, 2), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LINEABOVE", (0, 3), (0, 3), 0.8, colors.black),
            ("LINEABOVE", (2, 3), (2, 3), 0.8, colors.black),
        ]))
        return table

    def signatures() -> Table:
        table = Table([[signature("Mentee", sheet.mentee_signatory), "",
                        signature("Mentor", sheet.mentor_signatory)]],
                      colWidths=[(width - 10 * mm) / 2, 10 * mm, (width - 10 * mm) / 2])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), sans),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    story: list[Any] = [para(sheet.organisation, styles["organisation"]), para(TITLE, styles["title"]), facts()]
    story += goals_and_needs()
    story += activities()
    if sheet.note.strip():
        # One run-in paragraph: a heading of its own would cost a line the signatures may need.
        note = Paragraph(f"<b>Other arrangements:</b> {escape(sheet.note.strip())}".replace("\n", "<br/>"), body)
        story += [Spacer(1, 8), note]
    # The promises and both signatures stay on one page: a signature never sits apart from what it signs.
    story.append(KeepTogether([*commitments(), Spacer(1, 10), signatures()]))

    # The mentee's code is the organisation's filing reference: on every page, so loose pages find their folder.
    mentee = f"{sheet.mentee_name} ({sheet.mentee_code})" if sheet.mentee_code else sheet.mentee_name
    footer_left = f"{mentee} · agreed on {format_day(sheet.agreed_on)}"

    buffer = BytesIO()
    document = a4_document(buffer, margin=margin, top=top, bottom=bottom, font=sans, title=TITLE,
                           author=sheet.organisation, subject="", creator="MentorDesk")
    document.build(story, canvasmaker=numbered_canvas(footer_left, font=sans, colour=muted, margin=margin))
    return buffer.getvalue(), document.page
