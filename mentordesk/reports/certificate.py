"""The certificate PDF: one A4 page that states the facts, carries the QR code and embeds the signed data.

This module only lays out what it is given: the certificate's facts (signed elsewhere), the token for
the QR code and the organisation's images. Choosing the facts, signing and the register are the
certificate service's job. Every fixed text comes from `certificate_texts`, in the facts' language.

The signed data travels inside the PDF as an attached file, `mentordesk-certificate.json`
({"token": …, "facts": canonical facts as text}), so `mentordesk verify` can check the signature and
then that the visible text states the signed facts (`visible_facts`). Names are kept on one line and
nothing is hyphenated or split inside a word, so the text extracted from the PDF equals what was entered.

The same sheet always gives the same bytes (the register's re-print depends on it): ReportLab runs in
invariant mode (fixed dates; the file id a hash of title, organisation and serial), images are
scaled deterministically, and the attachment carries no dates.

ReportLab and pypdf are imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from mentordesk.enums import CertificateKind
from mentordesk.reports.certificate_texts import CertificateTexts, certificate_texts
from mentordesk.reports.pdf_common import a4_document, title_and_author_only
from mentordesk.services.certificate_facts import CertificateFacts, CertifiedOutcome
from mentordesk.services.errors import DomainError

ATTACHMENT = "mentordesk-certificate.json"

# Outcome table font sizes tried in turn to keep the certificate on one page; content that fits none
# of them is printed at the first (most readable) size over as many pages as it needs.
OUTCOME_FONT_STEPS = (9.0, 8.0)
# The holder's name shrinks from the first size to the last to stay on one line; a name too long even
# then wraps at its spaces (never inside a word).
NAME_SIZES = (30, 28, 26, 24, 22, 20, 18, 16)
# The QR code with its quiet zone of four modules: the code itself is about 34 mm wide. An MD1 token of
# about 415 characters makes a version 16 symbol (81 modules of 0.42 mm), which a phone reads from paper.
QR_SIZE_MM = 38
QR_QUIET_ZONE = 4
LOGO_BOX_MM = (40, 14)
SIGNATURE_BOX_MM = (55, 17)
# Images are embedded at most this sharp in their box: a camera-sized logo is scaled down once, not
# embedded whole (hundreds of kilobytes) in every certificate of a batch.
IMAGE_DPI = 300

NAVY = "#1f3a5f"
INK = "#14202e"
GOLD = "#a8874e"
MUTED = "#5a6270"
GRID = "#d5dbe3"
SHADE = "#eef2f7"
WATERMARK = "#e3e7ee"


@dataclass(frozen=True)
class CertificateSheet:
    """Everything printed: the facts, the QR code's token and the organisation's images."""

    facts: CertificateFacts
    token: str  # the MD1 token the QR code holds
    preview: bool = False  # a PREVIEW watermark across the page
    logo: Path | None = None
    signature_image: Path | None = None


@dataclass(frozen=True)
class PdfContents:
    """What a certificate PDF carries: the embedded token and canonical facts, and its visible text."""

    token: str
    facts: bytes  # canonical facts, as embedded
    text: str  # visible text of all pages, whitespace normalised


def render_certificate(sheet: CertificateSheet) -> bytes:
    """The certificate as PDF bytes: A4, one page whenever the content allows; the same sheet gives the same bytes.

    Raises DomainError for a language without texts, or a logo or signature image that cannot be read.
    """
    texts = certificate_texts(sheet.facts.language)
    modules = qr_modules(sheet.token)
    for size in OUTCOME_FONT_STEPS:
        # A layout measured too tall for one page is not built at all: building is most of the time.
        built = _layout(sheet, texts, modules, size, only_if_one_page=True)
        if built is not None and built[1] == 1:
            return _embed(built[0], sheet)
    built = _layout(sheet, texts, modules, OUTCOME_FONT_STEPS[0], only_if_one_page=False)
    assert built is not None
    return _embed(built[0], sheet)


def read_certificate_pdf(data: bytes) -> PdfContents:
    """The embedded token and facts and the visible text; DomainError for a file that is not a MentorDesk certificate.

    The facts are returned as embedded, not checked: whether they are canonical and signed is for the verifier.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(BytesIO(data))
        attached = [] if reader.is_encrypted else reader.attachments.get(ATTACHMENT, [])
        if not attached:
            raise DomainError("This PDF is not a MentorDesk certificate.")
        text = normalise(" ".join(page.extract_text() for page in reader.pages))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise DomainError("This file is not a readable PDF.") from error
    if len(attached) > 1:
        raise DomainError("This PDF carries the data of more than one certificate; it may have been altered.")
    try:
        document = json.loads(attached[0].decode("utf-8"))
        token, facts = document["token"], document["facts"]
        if not isinstance(token, str) or not isinstance(facts, str):
            raise TypeError("token and facts are text")
    except (ValueError, KeyError, TypeError) as error:
        raise DomainError("The certificate data inside this PDF is damaged.") from error
    return PdfContents(token=token, facts=facts.encode("utf-8"), text=text)


def visible_facts(facts: CertificateFacts) -> tuple[str, ...]:
    """The strings that must appear in the certificate's visible text, exactly as printed (whitespace normalised).

    Each is one printed piece together with the next, in reading order ("Hours of mentoring 24.5 Sessions
    attended 18"), so every value is checked with what stands on both sides of it: a name lengthened, a
    digit added to the hours or a level moved to another outcome leaves some string unmatched.
    """
    pieces = [normalise(piece) for piece in _printed(facts, certificate_texts(facts.language))]
    return tuple(f"{first} {second}" for first, second in zip(pieces, pieces[1:], strict=False))


def _printed(facts: CertificateFacts, texts: CertificateTexts) -> list[str]:
    """Every text on the certificate in the order it is drawn, which is the order it is extracted in."""
    pieces = [facts.organisation, _title(facts, texts), texts.certifies, facts.holder,
              texts.took_part_in if facts.programme else texts.took_part]
    if facts.programme:
        pieces.append(facts.programme)
    for label, value in _figures(facts, texts):
        pieces += [label, value]
    if _lists_outcomes(facts):
        pieces.append(texts.outcomes_heading)
        if facts.framework:
            pieces.append(texts.framework.format(framework=facts.framework))
        pieces += [texts.column_outcome, texts.column_level, texts.column_method]
        for competence, outcomes in _by_competence(facts.outcomes):
            pieces.append(competence)
            for outcome in outcomes:
                pieces += [outcome.statement, outcome.level, outcome.method]
    pieces.append(_issued(facts, texts))
    pieces += [name for name in (facts.signatory, facts.signatory_role) if name]
    pieces += [texts.serial.format(serial=facts.serial), texts.verify.format(key=_key_groups(facts.key))]
    return pieces


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces: line breaks differ between the page and the extracted text."""
    return " ".join(text.split())


def _title(facts: CertificateFacts, texts: CertificateTexts) -> str:
    return texts.title_validation if facts.kind is CertificateKind.VALIDATION else texts.title_participation


def _figures(facts: CertificateFacts, texts: CertificateTexts) -> list[tuple[str, str]]:
    """The (label, value) pairs in the row under the programme."""
    period = texts.format_period(facts.period_from, facts.period_to)
    return [
        *(((texts.period, period),) if period else ()),
        (texts.hours, texts.format_hours(facts.hours)),
        (texts.sessions, str(facts.sessions)),
    ]


def _issued(facts: CertificateFacts, texts: CertificateTexts) -> str:
    day = texts.format_date(facts.issued_on)
    return texts.issued_at.format(place=facts.place, date=day) if facts.place else texts.issued.format(date=day)


def _lists_outcomes(facts: CertificateFacts) -> bool:
    return facts.kind is CertificateKind.VALIDATION and bool(facts.outcomes)


def _by_competence(outcomes: Iterable[CertifiedOutcome]) -> list[tuple[str, list[CertifiedOutcome]]]:
    """Outcomes grouped by competence, competences in the order they first appear (the service's order)."""
    groups: dict[str, list[CertifiedOutcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.competence, []).append(outcome)
    return list(groups.items())


def _key_groups(key: str) -> str:
    """The key id as the start of the fingerprint people compare: '1A2B 3C4D 5E6F 7A8B'."""
    key = key.upper()
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def _embed(pdf: bytes, sheet: CertificateSheet) -> bytes:
    """Attach the signed data and leave only the title and author in the metadata; adds nothing that varies."""
    data = {"token": sheet.token, "facts": sheet.facts.canonical().decode("utf-8")}
    texts = certificate_texts(sheet.facts.language)
    # The holder's name stays out of the metadata as on the agreement: search tools index it.
    return title_and_author_only(pdf, _title(sheet.facts, texts), sheet.facts.organisation,
                                 {ATTACHMENT: json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")})


def _print_image(path: Path, box_mm: tuple[float, float], what: str) -> tuple[bytes, int, int]:
    """The image's bytes and pixel size, scaled down to IMAGE_DPI in its box; DomainError naming an unreadable file."""
    try:
        modified = path.stat()
        return _scaled_image(str(path), modified.st_mtime_ns, modified.st_size, box_mm)
    except (OSError, ValueError) as error:
        raise DomainError(f"The {what} {path.name} cannot be read as an image.") from error


@lru_cache(maxsize=8)
def _scaled_image(path: str, _modified: int, _size: int, box_mm: tuple[float, float]) -> tuple[bytes, int, int]:
    """Cached per file version: a batch reads and scales the logo once, not once per certificate."""
    from PIL import Image

    data = Path(path).read_bytes()
    with Image.open(BytesIO(data)) as image:
        image.load()
        most = tuple(round(side / 25.4 * IMAGE_DPI) for side in box_mm)
        if image.width <= most[0] and image.height <= most[1]:
            return data, image.width, image.height
        scaled = image.convert("RGBA" if image.mode in ("P", "LA", "PA") or "transparency" in image.info
                               else "RGB")
        scaled.thumbnail(most, Image.Resampling.LANCZOS)
        output = BytesIO()
        scaled.save(output, format="PNG")
        return output.getvalue(), scaled.width, scaled.height


@lru_cache(maxsize=32)
def qr_modules(token: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (True = dark), error correction level M, the smallest version that holds the token.

    Encoding is half the time of a certificate (about 30 ms, pure Python): the preview, the issued
    document and a print of the same certificate share it.
    """
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(token)
    code.make()
    return tuple(tuple(bool(module) for module in row) for row in code.modules)


def _layout(sheet: CertificateSheet, texts: CertificateTexts, modules: tuple[tuple[bool, ...], ...],
            outcome_size: float, *, only_if_one_page: bool) -> tuple[bytes, int] | None:
    """One layout of the certificate at the given outcome font size: the PDF and its page count.

    None, without building, when `only_if_one_page` and the content measures taller than one page.
    """
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        HRFlowable,
        Image,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.flowables import Flowable, TopPadder

    from mentordesk.reports.fonts import register_fonts

    sans, bold = register_fonts()
    facts = sheet.facts
    navy, ink, gold, muted, grid, shade = (colors.HexColor(c) for c in (NAVY, INK, GOLD, MUTED, GRID, SHADE))
    page_width, page_height = A4
    margin, top, bottom = 20 * mm, 19 * mm, 19 * mm
    width = page_width - 2 * margin

    # splitLongWords=0: a word wider than its column overflows rather than being cut, which would put a
    # space inside it in the extracted text and fail verification.
    base = ParagraphStyle("base", fontName=sans, fontSize=10, leading=13, textColor=ink, splitLongWords=0)

    def style(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    centred = {"alignment": TA_CENTER}
    styles = {
        "organisation": style("organisation", fontName=bold, fontSize=12, leading=15, textColor=navy, **centred),
        "title": style("title", fontSize=23, leading=28, textColor=navy, **centred),
        "lead": style("lead", fontSize=10.5, leading=13, textColor=muted, **centred),
        "programme": style("programme", fontName=bold, fontSize=13, leading=16, textColor=navy, **centred),
        "figure_label": style("figure_label", fontSize=8, leading=10, textColor=muted, **centred),
        "figure": style("figure", fontName=bold, fontSize=11.5, leading=14, textColor=ink, **centred),
        "heading": style("heading", fontName=bold, fontSize=12, leading=15, textColor=navy),
        "framework": style("framework", fontSize=8.5, leading=11, textColor=muted),
        "cell": style("cell", fontSize=outcome_size, leading=outcome_size * 1.25),
        "cell_head": style("cell_head", fontName=bold, fontSize=outcome_size * 0.92, leading=outcome_size * 1.2,
                           textColor=navy),
        "competence": style("competence", fontName=bold, fontSize=outcome_size + 0.5,
                            leading=(outcome_size + 0.5) * 1.2, textColor=navy),
        "issued": style("issued", fontSize=10, leading=13),
        "signatory": style("signatory", fontName=bold, fontSize=11, leading=14),
        "role": style("role", fontSize=9, leading=12, textColor=muted),
        "serial": style("serial", fontName=bold, fontSize=8, leading=10, textColor=ink),
        "verify": style("verify", fontSize=7.5, leading=9.5, textColor=muted),
    }

    def para(text: str, style_name: str) -> Paragraph:
        # Values are data, not markup: escape them; line breaks people typed become spaces.
        return Paragraph(escape(normalise(text)), styles[style_name])

    def picture(path: Path, box_mm: tuple[float, float], what: str) -> Image:
        data, pixels_wide, pixels_high = _print_image(path, box_mm, what)
        scale = min(box_mm[0] * mm / pixels_wide, box_mm[1] * mm / pixels_high)
        return Image(BytesIO(data), width=pixels_wide * scale, height=pixels_high * scale)

    def letterhead() -> Any:
        """The organisation's name, after its logo on the same line when there is one: centred together."""
        if not sheet.logo:
            return para(facts.organisation, "organisation")
        logo = picture(sheet.logo, LOGO_BOX_MM, "logo")
        gap = 4 * mm
        name_style = styles["organisation"]
        name_width = min(stringWidth(normalise(facts.organisation), name_style.fontName, name_style.fontSize) + 1,
                         width - logo.drawWidth - gap)
        name = Paragraph(escape(normalise(facts.organisation)), ParagraphStyle("letterhead", parent=name_style,
                                                                              alignment=TA_LEFT))
        return plain(Table([[logo, name]], colWidths=[logo.drawWidth + gap, name_width], hAlign="CENTER"),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"))

    def holder() -> Paragraph:
        # The largest size that keeps the name on one line.
        name = normalise(facts.holder)
        size = next((s for s in NAME_SIZES if stringWidth(name, bold, s) <= width), NAME_SIZES[-1])
        name_style = style("holder", fontName=bold, fontSize=size, leading=size * 1.15, **centred)
        return Paragraph(escape(name), name_style)

    def rule(fraction: float, before: float, after: float) -> HRFlowable:
        return HRFlowable(width=f"{fraction * 100:.0f}%", thickness=0.8, color=gold, hAlign="CENTER",
                          spaceBefore=before, spaceAfter=after)

    def plain(table: Table, *commands: tuple[Any, ...]) -> Table:
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), sans),  # blank cells would otherwise be set in Helvetica
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *commands,
        ]))
        return table

    def figures() -> Table:
        pairs = _figures(facts, texts)
        cells = [[para(label, "figure_label"), Spacer(1, 2), para(value, "figure")] for label, value in pairs]
        # The period gets the room its two dates need; the two numbers share the rest.
        shares = [0.46, 0.27, 0.27] if len(cells) == 3 else [0.5, 0.5]
        return plain(
            Table([cells], colWidths=[share * width for share in shares]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, gold),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, gold),
            ("LINEBEFORE", (1, 0), (-1, 0), 0.4, grid),
        )

    def outcomes() -> list[Any]:
        rows: list[list[Any]] = [[para(texts.column_outcome, "cell_head"), para(texts.column_level, "cell_head"),
                                  para(texts.column_method, "cell_head")]]
        commands: list[tuple[Any, ...]] = []
        for competence, group in _by_competence(facts.outcomes):
            row = len(rows)
            rows.append([para(competence, "competence"), "", ""])
            commands += [("SPAN", (0, row), (-1, row)), ("TOPPADDING", (0, row), (-1, row), outcome_size * 0.6),
                         ("BOTTOMPADDING", (0, row), (-1, row), 0)]
            rows += [[para(o.statement, "cell"), para(o.level, "cell"), para(o.method, "cell")] for o in group]
            commands.append(("LINEBELOW", (0, row + 1), (-1, row + len(group)), 0.25, grid))
        table = plain(
            # The header is not repeated on a second page: the text must read on without it (visible_facts).
            Table(rows, colWidths=[0.6 * width, 0.17 * width, 0.23 * width]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), shade),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), outcome_size * 0.25),
            ("BOTTOMPADDING", (0, 0), (-1, -1), outcome_size * 0.35),
            *commands,
        )
        heading: list[Any] = [para(texts.outcomes_heading, "heading")]
        if facts.framework:
            heading.append(para(texts.framework.format(framework=facts.framework), "framework"))
        return [*heading, Spacer(1, 4), table]

    class QrCode(Flowable):
        """The modules as one filled path of horizontal runs: no seams between modules when rasterised,
        and a hundredth of the time of ReportLab's widget, which makes a shape object per run."""

        def __init__(self, size: float) -> None:
            super().__init__()
            self.width = self.height = size

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            module = self.width / (len(modules) + 2 * QR_QUIET_ZONE)
            path = self.canv.beginPath()
            for row_number, row in enumerate(modules):
                y = self.height - (row_number + QR_QUIET_ZONE + 1) * module
                column = 0
                while column < len(row):
                    if row[column]:
                        start = column
                        while column < len(row) and row[column]:
                            column += 1
                        path.rect((start + QR_QUIET_ZONE) * module, y, (column - start) * module, module)
                    else:
                        column += 1
            self.canv.setFillColor(colors.black)
            self.canv.drawPath(path, stroke=0, fill=1)

    def closing() -> Table:
        """Place and date, the signature, how to verify and the QR code: together at the foot of the page.

        The verification text sits beside the code it explains rather than in a page footer, which
        would cost a band of every page. The place and date span both text columns so they stay on one line.
        """
        shares = (0.42, 0.33, 0.25)
        signature: Any = (picture(sheet.signature_image, SIGNATURE_BOX_MM, "signature image")
                          if sheet.signature_image else Spacer(1, 14 * mm))
        signature.hAlign = "LEFT"
        block: list[list[Any]] = [[signature]]
        if facts.signatory:
            block.append([para(facts.signatory, "signatory")])
        if facts.signatory_role:
            block.append([para(facts.signatory_role, "role")])
        signed = plain(
            Table(block, colWidths=[shares[0] * width - 6 * mm]),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("BOTTOMPADDING", (0, 0), (0, 0), 2),
            ("LINEBELOW", (0, 0), (0, 0), 0.8, ink),
            ("TOPPADDING", (0, 1), (0, 1), 3),
        )
        verify = [para(texts.serial.format(serial=facts.serial), "serial"), Spacer(1, 3),
                  para(texts.verify.format(key=_key_groups(facts.key)), "verify")]
        return plain(
            Table([[para(_issued(facts, texts), "issued"), "", QrCode(QR_SIZE_MM * mm)], [signed, verify, ""]],
                  colWidths=[share * width for share in shares]),
            ("SPAN", (0, 0), (1, 0)),
            ("SPAN", (2, 0), (2, 1)),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("ALIGN", (2, 0), (2, 0), "RIGHT"),
            ("BOTTOMPADDING", (0, 0), (1, 0), 4),
            # The code's quiet zone is white space already: the text ends level with the modules, not the zone.
            ("BOTTOMPADDING", (1, 1), (1, 1), QR_QUIET_ZONE * 0.6),
        )

    # Spacers that share out the height the content leaves free, so a short certificate is spread
    # over the page rather than leaving a hole above the signature; weights say how much each gets.
    weights = {"top": 0.3, "title": 1.0, "holder": 0.8, "figures": 0.8, "outcomes": 0.6, "closing": 1.2}
    stretch = {name: Spacer(1, 0) for name in weights}

    story: list[Any] = [stretch["top"], letterhead(), Spacer(1, 4 * mm), stretch["title"]]
    story += [
        para(_title(facts, texts), "title"),
        rule(0.2, 3, 3.5 * mm),
        stretch["holder"],
        para(texts.certifies, "lead"),
        Spacer(1, 1.5 * mm),
        holder(),
        Spacer(1, 1 * mm),
        para(texts.took_part_in if facts.programme else texts.took_part, "lead"),
    ]
    if facts.programme:
        story += [Spacer(1, 1 * mm), para(facts.programme, "programme")]
    story += [Spacer(1, 4 * mm), stretch["figures"], figures()]
    if _lists_outcomes(facts):
        story += [Spacer(1, 5 * mm), stretch["outcomes"], *outcomes()]
    closing_block = closing()
    story += [Spacer(1, 5 * mm), stretch["closing"], TopPadder(closing_block)]

    frame_height = page_height - top - bottom
    used = sum(f.wrap(width, frame_height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story[:-1])
    free = frame_height - used - closing_block.wrap(width, frame_height)[1] - 3 * mm  # 3 mm for rounding
    if free < 0 and only_if_one_page:
        return None
    if free > 0:
        in_story = [name for name, spacer in stretch.items() if spacer in story]
        unit = free / sum(weights[name] for name in in_story)
        for name in in_story:
            stretch[name].height = unit * weights[name]

    def decorate(canvas: Any, _document: Any) -> None:
        """Borders on every page, and the preview watermark under the content."""
        canvas.saveState()
        canvas.setStrokeColor(navy)
        canvas.setLineWidth(1.6)
        canvas.rect(10 * mm, 10 * mm, page_width - 20 * mm, page_height - 20 * mm)
        canvas.setStrokeColor(gold)
        canvas.setLineWidth(0.6)
        canvas.rect(12.5 * mm, 12.5 * mm, page_width - 25 * mm, page_height - 25 * mm)
        if sheet.preview:
            canvas.setFillColor(colors.HexColor(WATERMARK))
            canvas.setFont(bold, 110)
            canvas.translate(page_width / 2, page_height / 2)
            canvas.rotate(55)
            canvas.drawCentredString(0, -38, texts.preview)
        canvas.restoreState()

    buffer = BytesIO()
    document = a4_document(
        buffer, margin=margin, top=top, bottom=bottom, font=sans, on_page=decorate,
        title=_title(facts, texts),
        author=facts.organisation,
        # In invariant mode the file id is a hash of these fields, so the serial makes it the certificate's
        # own (the same for a re-print); the metadata is cut down to title and author afterwards.
        subject=facts.serial,
        creator="MentorDesk",
        # Fixed creation date and file id: the same sheet gives the same bytes.
        invariant=1,
    )
    document.build(story)
    return buffer.getvalue(), document.page
