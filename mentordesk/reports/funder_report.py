"""The funder report: an anonymised progress report on the mentoring programme, as Erasmus+ / ESF+ funders ask for.

It prints the figures it is given (services/dashboard_data.FunderReport, the same numbers the dashboard
shows) and adds none of its own except totals. No names reach it; a group the service suppressed
(Count.value None) prints as "fewer than 5" and is left out of every chart and total, and a total that
misses such a group reads "at least", so nothing printed lets a reader work a small group out.

ReportLab is imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from mentordesk.reports.pdf_common import a4_document, numbered_canvas, title_and_author_only
from mentordesk.reports.plan_agreement import MONTHS, format_day, format_hours, format_span
from mentordesk.services.dashboard_data import SMALL_GROUP, Count, FunderReport, WeekBar

TITLE = "Mentoring programme report"
NO_DATA = "No data for this period."
SMALL_GROUPS_LEFT_OUT = f"Groups smaller than {SMALL_GROUP} are not shown."

NAVY = "#1f3a5f"
INK = "#1d232b"
MUTED = "#5b6470"
GRID = "#c9d1dc"
SHADE = "#eef2f7"
BAR = "#3f7cac"
ONLINE = "#e0a458"
# Slices and legend keys: distinguishable in colour and in grey print.
PALETTE = ("#1f3a5f", "#3f7cac", "#8fbcdb", "#e0a458", "#b5523b", "#6a994e", "#8d6a9f", "#a3a3a3")
# The funnel darkens step by step towards certification.
FUNNEL = ("#a9c8e2", "#7fb3d5", "#3f7cac", "#1f3a5f", "#142840")


def render_funder_report(report: FunderReport) -> bytes:
    """The report as PDF bytes: A4, a cover block and key figures, then one section per figure with a table
    and a chart, and the methodology last. Metadata: title and author only."""
    pdf = _build(report, produced_on=date.today())
    return title_and_author_only(pdf, f"{TITLE}, {period_text(report)}", report.organisation)


def period_text(report: FunderReport) -> str:
    return f"{format_day(report.period_from)} \u2013 {format_day(report.period_to)}"


def scope_text(report: FunderReport) -> str:
    """What the figures cover. The filter carries ids only, and a mentor's name would identify people."""
    parts = []
    if report.filter.programme_id is not None:
        parts.append(f"the programme \u201c{report.programme}\u201d" if report.programme else "one programme")
    if report.filter.mentor_id is not None:
        parts.append("one mentor\u2019s mentees")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] if parts else "All programmes and mentors"


def total_text(counts: Sequence[Count]) -> str:
    """The sum of the groups shown; 'at least N' when a suppressed group is missing from it.

    When only suppressed groups hold anyone, the most they can hold together: 'fewer than 5' for one group,
    'fewer than 9' for two (4 + 4), which says no more than the table does.
    """
    shown = sum(count.value for count in counts if count.value is not None)
    hidden = sum(count.value is None for count in counts)
    if not hidden:
        return str(shown)
    if not shown:
        return f"fewer than {(SMALL_GROUP - 1) * hidden + 1}"
    return f"at least {shown}"


def key_figures(report: FunderReport) -> tuple[tuple[str, str], ...]:
    """(label, value) for the row of key figures on the first page, as printed."""
    return (
        ("Participants", total_text(report.participants_by_status)),
        ("Hours of mentoring", format_hours(report.hours_total)),
        ("Sessions held", total_text(report.sessions_by_mode)),
        ("Outcomes validated", total_text(report.outcomes_by_competence)),
        ("Certificates issued", total_text(report.certificates)),
    )


def week_label(week: WeekBar) -> str:
    """'5 Jan': under a bar in the chart."""
    return f"{week.week_start.day}\u00a0{MONTHS[week.week_start.month - 1][:3]}"


def short_day(day: date) -> str:
    """'5 Jan 2026', unbreakable."""
    return format_span(day, day)


def _build(report: FunderReport, produced_on: date) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        KeepInFrame,
        KeepTogether,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    from mentordesk.reports.fonts import register_fonts

    sans, bold = register_fonts()
    navy, ink, muted, grid, shade = (colors.HexColor(c) for c in (NAVY, INK, MUTED, GRID, SHADE))
    margin, top, bottom = 18 * mm, 15 * mm, 17 * mm
    width, page_height = A4[0] - 2 * margin, A4[1] - top - bottom
    table_width, gap = 0.44 * width, 0.04 * width
    chart_width = width - table_width - gap
    charts = _Charts(sans, bold)

    body = ParagraphStyle("body", fontName=sans, fontSize=9, leading=12, textColor=ink)
    styles = {
        "organisation": ParagraphStyle("organisation", parent=body, fontName=bold, fontSize=11, leading=14,
                                       textColor=navy),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=20, leading=24, spaceBefore=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=10.5, leading=14, textColor=muted,
                                   spaceAfter=8),
        "fact_label": ParagraphStyle("fact_label", parent=body, fontSize=7.5, leading=9.5, textColor=muted),
        "fact": ParagraphStyle("fact", parent=body, fontName=bold, fontSize=9, leading=11.5),
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=12.5, leading=16, textColor=navy,
                             spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=10.5, leading=13.5, textColor=navy,
                             spaceBefore=9, spaceAfter=2, keepWithNext=1),
        "lead": ParagraphStyle("lead", parent=body, fontSize=8.5, leading=11, textColor=muted, spaceAfter=4,
                               keepWithNext=1),
        "figure": ParagraphStyle("figure", parent=body, fontName=bold, fontSize=16, leading=19, textColor=navy,
                                 alignment=TA_CENTER),
        "figure_label": ParagraphStyle("figure_label", parent=body, fontSize=8, leading=10, textColor=muted,
                                       alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "cell_head": ParagraphStyle("cell_head", parent=body, fontName=bold, fontSize=8.5, leading=10.5),
        "number": ParagraphStyle("number", parent=body, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "number_head": ParagraphStyle("number_head", parent=body, fontName=bold, fontSize=8.5, leading=10.5,
                                      alignment=TA_RIGHT),
        "note": ParagraphStyle("note", parent=body, fontSize=7.5, leading=9.5, textColor=muted),
        "method": ParagraphStyle("method", parent=body, fontSize=8.5, leading=11.5, leftIndent=13, bulletIndent=2,
                                 spaceAfter=3, bulletFontName=sans, bulletFontSize=8.5),
    }

    def para(text: str, style: str) -> Paragraph:
        return Paragraph(escape(text), styles[style])

    def plain(table: Table, *commands: tuple[Any, ...]) -> Table:
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), sans),  # blank cells would otherwise be set in Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *commands,
        ]))
        return table

    def cover() -> list[Any]:
        facts = [("Reporting period", period_text(report)), ("Scope", scope_text(report)),
                 ("Produced on", format_day(produced_on))]
        cells = [[para(label, "fact_label"), para(value, "fact")] for label, value in facts]
        facts_table = plain(
            Table([cells], colWidths=[0.42 * width, 0.36 * width, 0.22 * width]),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, navy),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, navy),
            ("LINEBEFORE", (1, 0), (-1, 0), 0.3, grid),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (1, 0), (-1, -1), 6),
        )
        return [para(report.organisation, "organisation"), para(TITLE, "title"),
                para("Progress report on participants, activities and results", "subtitle"), facts_table]

    def figures_row() -> list[Any]:
        cells = []
        for label, value in key_figures(report):
            # "at least" / "fewer than" goes on a small line of its own above the number: the numbers stay on
            # one line each and level with each other.
            qualifier, _, number = value.rpartition(" ")
            cells.append([para(qualifier or "\u00a0", "figure_label"), para(number, "figure"),
                          Spacer(1, 2), para(label, "figure_label")])
        row = plain(
            Table([cells], colWidths=[width / len(cells)] * len(cells)),
            ("BACKGROUND", (0, 0), (-1, -1), shade),
            ("LINEBEFORE", (1, 0), (-1, 0), 1.5, colors.white),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        )
        parts: list[Any] = [para("Key figures", "h1"), row]
        if any(not value[0].isdigit() for _, value in key_figures(report)):
            parts += [Spacer(1, 3), para(f"\u201cAt least\u201d, \u201cfewer than\u201d: a total does not count "
                                         f"groups of fewer than {SMALL_GROUP}; see Methodology.", "note")]
        return parts

    def figures_table(heading: str, counts: Sequence[Count], value_heading: str,
                      totals: Sequence[tuple[str, str]] = ()) -> Table:
        rows: list[list[Any]] = [[para(heading, "cell_head"), para(value_heading, "number_head")]]
        commands: list[tuple[Any, ...]] = []
        if not counts:
            rows.append([para(NO_DATA, "note"), ""])
            commands.append(("SPAN", (0, 1), (-1, 1)))
        rows += [[para(count.label, "cell"), para(count.shown, "number")] for count in counts]
        if counts:
            for label, value in totals:
                commands.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.6, navy))
                rows.append([para(label, "cell_head"), para(value, "number_head")])
        # The number column is as wide as its widest figure ("at least 35196" in bold) needs.
        widest = max(stringWidth(value, bold, styles["number_head"].fontSize)
                     for value in [value_heading, *(count.shown for count in counts), *(v for _, v in totals)])
        numbers = max(0.3 * table_width, widest + 10)
        return figures_grid(rows, [table_width - numbers, numbers], commands)

    def figures_grid(rows: list[list[Any]], widths: list[float], commands: list[tuple[Any, ...]]) -> Table:
        return plain(
            Table(rows, colWidths=widths, repeatRows=1),
            ("BACKGROUND", (0, 0), (-1, 0), shade),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, grid),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            *commands,
        )

    def chart_block(drawing: Any | None, counts: Sequence[Count]) -> list[Any]:
        block: list[Any] = [drawing] if drawing is not None else []
        if any(count.value is None for count in counts):
            block.append(para(SMALL_GROUPS_LEFT_OUT, "note"))
        return block

    def section(heading: str, lead: str, table: Table, chart: list[Any], chapter: str = "") -> list[Any]:
        # A chapter heading travels with its first section: never alone at the foot of a page.
        parts: list[Any] = [para(chapter, "h1")] if chapter else []
        parts.append(para(heading, "h2"))
        if lead:
            parts.append(para(lead, "lead"))
        tallest = max(table.wrap(table_width, page_height)[1],
                      sum(part.wrap(chart_width, page_height)[1] for part in chart))
        if tallest < 0.8 * page_height:
            return [KeepTogether([*parts, plain(Table([[table, "", chart]], colWidths=[table_width, gap,
                                                                                        chart_width]))])]
        # Longer than a page (a framework of many competences): a table row cannot break, so the table stands
        # alone and breaks across pages with its header repeated; the chart follows, shrunk to a page if need be.
        return [*parts, table, Spacer(1, 6), KeepInFrame(chart_width, 0.9 * page_height, chart, mode="shrink",
                                                         hAlign="LEFT")]

    def counts_section(heading: str, lead: str, counts: Sequence[Count], column: str, value_heading: str,
                       chart: str, totals: Sequence[tuple[str, str]] | None = None, chapter: str = "",
                       **chart_options: Any) -> list[Any]:
        shown = [count for count in counts if count.value is not None]
        if chart == "pie":
            drawing = charts.pie(shown, chart_width)
        else:
            drawing = charts.bars(shown, chart_width, horizontal=chart == "hbar", **chart_options)
        if totals is None:
            totals = (("Total", total_text(counts)),)
        table = figures_table(column, counts, value_heading, totals)
        return section(heading, lead, table, chart_block(drawing, counts), chapter)

    def weeks_section() -> list[Any]:
        rows: list[list[Any]] = [[para("Week of", "cell_head"), para("In person", "number_head"),
                                  para("Online", "number_head"), para("Total", "number_head")]]
        for week in report.weeks:
            rows.append([para(short_day(week.week_start), "cell"), para(str(week.in_person), "number"),
                         para(str(week.online), "number"), para(str(week.in_person + week.online), "number")])
        table = figures_grid(rows, [f * table_width for f in (0.31, 0.25, 0.22, 0.22)], [])
        last = report.weeks[-1].week_start + timedelta(days=6)
        lead = (f"Sessions held each week from {short_day(report.weeks[0].week_start)} to {short_day(last)}, "
                "in person and online (phone, video call, chat and other remote modes).")
        return section("Sessions per week", lead, table, [charts.weeks(report.weeks, chart_width)])

    def methodology() -> list[Any]:
        points = (
            "<b>Participants</b> are the young people registered as mentees in the programmes this report covers, "
            "each counted once; every participant appears in one group of each participant table.",
            "<b>Hours of mentoring</b> are the hours of held sessions that participants attended in the period. "
            "Planned and cancelled sessions, and sessions a participant missed, do not count.",
            "<b>Sessions</b> are mentoring sessions held in the period, each counted once however many "
            "participants attended it.",
            "<b>Outcomes validated</b> are learning outcomes validated in the period (step 3 of the Upskilling "
            "Pathway); <b>certificates</b> are those issued in the period and not revoked.",
            f"<b>Small groups.</b> To protect participants\u2019 privacy, any group of fewer than {SMALL_GROUP} is "
            f"shown as \u201cfewer than {SMALL_GROUP}\u201d and left out of the charts. A total that leaves such "
            "a group out counts only the groups shown and reads \u201cat least\u201d; where every group is that "
            "small it gives only the most they could hold together. The report contains no names or other "
            "personal details.",
        )
        # One block: a definition left alone on a last page reads like an afterthought.
        return [KeepTogether([para("Methodology", "h1"), *(Paragraph(point, styles["method"], bulletText="\u2022")
                                                          for point in points)])]

    dosage_totals = (("Total hours of mentoring", format_hours(report.hours_total)),)
    story: list[Any] = [*cover(), *figures_row()]
    story += [
        *counts_section("Participants by status", "", report.participants_by_status, "Status",
                       "Participants", "hbar", chapter="Participants"),
        *counts_section("Participants by gender", "", report.participants_by_gender, "Gender",
                       "Participants", "pie"),
        *counts_section("Participants by age", "", report.participants_by_age_band, "Age band", "Participants",
                       "vbar"),
        *counts_section("Hours of mentoring per participant",
                       "Participants by the hours of mentoring they attended in the period.",
                       report.hours_per_participant, "Hours attended", "Participants", "vbar",
                       totals=dosage_totals, chapter="Activities"),
        *counts_section("Sessions by mode", "", report.sessions_by_mode, "Mode", "Sessions", "pie"),
    ]
    if report.weeks:
        story += weeks_section()
    story += [
        *counts_section("Progress on the Upskilling Pathway",
                       "Participants by the step of the pathway they have reached, from skills assessment to "
                       "certification.", report.pathway, "Step", "Participants", "hbar", totals=(),
                       chapter="Results", colours=FUNNEL),
        *counts_section("Learning outcomes validated per competence", "", report.outcomes_by_competence,
                       "Competence", "Outcomes", "hbar"),
        *counts_section("Certificates issued", "", report.certificates, "Kind", "Certificates", "hbar"),
    ]
    story += methodology()

    footer_left = f"{report.organisation} \u00b7 {TITLE} \u00b7 {period_text(report)}"

    buffer = BytesIO()
    document = a4_document(buffer, margin=margin, top=top, bottom=bottom, font=sans, title=TITLE,
                           author=report.organisation)
    document.build(story, canvasmaker=numbered_canvas(footer_left, font=sans, colour=muted, margin=margin,
                                                      rule_colour=grid))
    return buffer.getvalue()


class _Charts:
    """ReportLab graphics for the sections: every text in the report's font, values labelled on the bars."""

    LABEL_SIZE = 7.5

    def __init__(self, sans: str, bold: str) -> None:
        self.sans, self.bold = sans, bold

    def bars(self, counts: Sequence[Count], width: float, *, horizontal: bool,
             colours: Sequence[str] = ()) -> Any | None:
        """One bar per group shown, in the table's order; None when no group has anything to chart."""
        from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
        from reportlab.lib import colors
        from reportlab.pdfbase.pdfmetrics import stringWidth

        values = [count.value or 0 for count in counts]
        if not values or max(values) <= 0:
            return None
        if horizontal:
            pitch = min(15.0, max(9.0, 300 / len(counts)))  # a long list of competences packs closer
            labels = [self._fit(count.label, 0.42 * width) for count in counts]
            label_width = max(stringWidth(label, self.sans, self.LABEL_SIZE) for label in labels)
            height = pitch * len(counts) + 18
            chart: Any = HorizontalBarChart()
            chart.x, chart.y = label_width + 6, 14
            chart.width, chart.height = width - chart.x - 22, pitch * len(counts)
            chart.categoryAxis.reverseDirection = 1  # the first group on top, as in the table
            chart.categoryAxis.labels.boxAnchor = "e"
            chart.categoryAxis.labels.dx = -4
            chart.barLabels.boxAnchor = "w"
            chart.barLabels.dx = 3
            label_room = stringWidth(str(max(values)), self.sans, self.LABEL_SIZE) + 6
            step, top = _nice_axis(max(values), room=label_room / chart.width)
        else:
            height = 112.0
            labels = [count.label for count in counts]
            chart = VerticalBarChart()
            chart.x, chart.y = 26, 20
            # At most 70 points a group: one or two groups would otherwise stand as slabs across the chart.
            chart.width, chart.height = min(width - chart.x - 4, 70.0 * len(counts)), height - chart.y - 10
            chart.categoryAxis.labels.boxAnchor = "n"
            chart.categoryAxis.labels.dy = -3
            chart.categoryAxis.labels.maxWidth = chart.width / len(counts) - 4
            chart.barLabels.boxAnchor = "s"
            chart.barLabels.dy = 2
            step, top = _nice_axis(max(values), room=(self.LABEL_SIZE + 4) / chart.height)
        chart.data = [values]
        chart.categoryAxis.categoryNames = labels
        chart.categoryAxis.labels.fontName = self.sans
        chart.categoryAxis.labels.fontSize = self.LABEL_SIZE
        chart.categoryAxis.strokeColor = colors.HexColor(MUTED)
        chart.categoryAxis.tickShift = 0
        chart.categoryAxis.visibleTicks = 0
        self._value_axis(chart.valueAxis, step, top)
        chart.barSpacing = 0
        chart.groupSpacing = 6 if horizontal else 10
        chart.bars.strokeColor = None
        chart.bars[0].fillColor = colors.HexColor(BAR)
        for index, colour in enumerate(colours[:len(counts)]):
            chart.bars[(0, index)].fillColor = colors.HexColor(colour)
        chart.barLabelFormat = "%d"
        chart.barLabels.fontName = self.sans
        chart.barLabels.fontSize = self.LABEL_SIZE
        chart.barLabels.fillColor = colors.HexColor(INK)
        chart.barLabels.boxFillColor = colors.white  # a gridline behind a value would strike it through
        chart.barLabels.topPadding = chart.barLabels.bottomPadding = 0
        chart.barLabels.leftPadding = chart.barLabels.rightPadding = 1
        drawing = self._drawing(width, height)
        drawing.add(chart)
        return drawing

    def pie(self, counts: Sequence[Count], width: float) -> Any | None:
        """Slices for the groups above zero, with a legend of label and value; None when there are none."""
        from reportlab.graphics.charts.piecharts import Pie
        from reportlab.graphics.shapes import Rect, String
        from reportlab.lib import colors

        counts = [count for count in counts if count.value]
        if not counts:
            return None
        size = 92.0
        key_pitch = 13.0
        height = max(size + 8, key_pitch * len(counts) + 8)
        drawing = self._drawing(width, height)
        pie = Pie()
        pie.x, pie.y = 4, (height - size) / 2
        pie.width = pie.height = size
        pie.data = [count.value for count in counts]
        pie.labels = None
        pie.startAngle, pie.direction = 90, "clockwise"
        pie.slices.strokeColor = colors.white
        pie.slices.strokeWidth = 1
        for index in range(len(counts)):
            pie.slices[index].fillColor = colors.HexColor(PALETTE[index % len(PALETTE)])
        drawing.add(pie)
        total = sum(count.value or 0 for count in counts)
        left = size + 20
        first = height / 2 + key_pitch * (len(counts) - 1) / 2
        for index, count in enumerate(counts):
            y = first - index * key_pitch
            drawing.add(Rect(left, y - 3, 8, 8, fillColor=colors.HexColor(PALETTE[index % len(PALETTE)]),
                             strokeColor=None))
            share = 100 * (count.value or 0) / total
            # The share is of the groups charted, so it stays right when a small group is left out.
            text = f"{self._fit(count.label, width - left - 70)}  {count.value} ({share:.0f}%)"
            drawing.add(String(left + 13, y - 1, text, fontName=self.sans, fontSize=self.LABEL_SIZE + 0.5,
                               fillColor=colors.HexColor(INK)))
        return drawing

    def weeks(self, weeks: Sequence[WeekBar], width: float) -> Any:
        """Stacked bars per week, in person below online, with a legend above."""
        from reportlab.graphics.charts.barcharts import VerticalBarChart
        from reportlab.graphics.shapes import Rect, String
        from reportlab.lib import colors

        height = 150.0
        drawing = self._drawing(width, height)
        chart = VerticalBarChart()
        chart.x, chart.y = 26, 26
        chart.width, chart.height = width - chart.x - 4, height - chart.y - 24
        chart.data = [[week.in_person for week in weeks], [week.online for week in weeks]]
        chart.categoryAxis.style = "stacked"
        chart.categoryAxis.categoryNames = [week_label(week) for week in weeks]
        chart.categoryAxis.labels.fontName = self.sans
        chart.categoryAxis.labels.fontSize = self.LABEL_SIZE - 1
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.angle = 40
        chart.categoryAxis.labels.dx = 3
        chart.categoryAxis.labels.dy = -2
        chart.categoryAxis.strokeColor = colors.HexColor(MUTED)
        chart.categoryAxis.visibleTicks = 0
        most = max((week.in_person + week.online for week in weeks), default=0)
        self._value_axis(chart.valueAxis, *_nice_axis(max(most, 1)))
        chart.bars.strokeColor = None
        chart.groupSpacing = 5
        chart.bars[0].fillColor = colors.HexColor(NAVY)
        chart.bars[1].fillColor = colors.HexColor(ONLINE)
        drawing.add(chart)
        x = chart.x
        for name, colour in (("In person", NAVY), ("Online", ONLINE)):
            drawing.add(Rect(x, height - 10, 8, 8, fillColor=colors.HexColor(colour), strokeColor=None))
            drawing.add(String(x + 12, height - 8.5, name, fontName=self.sans, fontSize=self.LABEL_SIZE + 0.5,
                               fillColor=colors.HexColor(INK)))
            x += 70
        return drawing

    def _drawing(self, width: float, height: float) -> Any:
        from reportlab.graphics.shapes import Drawing

        drawing = Drawing(width, height)
        # Without this every chart starts in Helvetica, a font the PDF would name but not embed.
        drawing.initialFontName = self.sans
        return drawing

    def _value_axis(self, axis: Any, step: int, top: int) -> None:
        from reportlab.lib import colors

        axis.valueMin, axis.valueMax, axis.valueStep = 0, top, step
        axis.labels.fontName = self.sans
        axis.labels.fontSize = self.LABEL_SIZE - 0.5
        axis.labels.fillColor = colors.HexColor(MUTED)
        axis.labelTextFormat = "%d"
        axis.visibleAxis = 0
        axis.visibleTicks = 0
        axis.visibleGrid = 1
        axis.gridStrokeColor = colors.HexColor(GRID)
        axis.gridStrokeWidth = 0.4

    def _fit(self, text: str, room: float) -> str:
        """The label shortened with an ellipsis to fit `room` points; the table beside the chart has it whole."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if stringWidth(text, self.sans, self.LABEL_SIZE) <= room:
            return text
        while text and stringWidth(text + "\u2026", self.sans, self.LABEL_SIZE) > room:
            text = text[:-1]
        return text.rstrip() + "\u2026"


def _nice_axis(most: int, room: float = 0.0) -> tuple[int, int]:
    """A whole-number step of 1, 2 or 5 times a power of ten giving about four gridlines, and the axis top.

    `room`: the share of the axis to keep free beyond the longest bar, for its value label.
    """
    most = math.ceil(most / (1 - room))
    step = 1
    while most / step > 5:
        for factor in (2, 2.5, 2):  # 1, 2, 5, 10, 20, 50, ...
            step = int(step * factor)
            if most / step <= 5:
                break
    return step, -(-most // step) * step
