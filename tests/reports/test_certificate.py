"""The certificate PDF: one page for ten outcomes, names in every European script extracted exactly, the same
bytes on every re-print, metadata without ids, the signed data embedded and read back, and a QR code that a
decoder reads from the rendered page as the token."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from mentordesk.enums import CertificateKind
from mentordesk.reports.certificate import (
    ATTACHMENT,
    OUTCOME_FONT_STEPS,
    CertificateSheet,
    read_certificate_pdf,
    render_certificate,
    visible_facts,
)
from mentordesk.reports.certificate_texts import CATALOGUE, ENGLISH, certificate_texts, languages
from mentordesk.services.certificate_facts import (
    CertificateFacts,
    CertifiedOutcome,
    encode_token,
    key_id,
)
from mentordesk.services.errors import DomainError

LATIN = "Zoë Ødegård-Łukasiewicz"
GREEK = "Σταυρούλα Παπαδοπούλου"
CYRILLIC = "Дмитрий Соколов"
ORGANISATION = "Jugendzentrum Über-Grenzen e.V."
UUID_TEXT = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)

# Ten validated outcomes over four of the Key Competences, with their levels and every validation method.
OUTCOMES = tuple(CertifiedOutcome(*outcome) for outcome in (
    ("Digital", "Capable", "Can create and format a CV in a word processor and save it as a PDF to send to employers.",
     "Portfolio"),
    ("Digital", "Capable", "Can search for job offers online and judge whether a posting is trustworthy.",
     "Observation"),
    ("Digital", "Developing", "Can fill in online application forms, attach documents and keep track of replies.",
     "Observation"),
    ("Personal, social and learning to learn", "Confident",
     "Can plan a week with work, training and rest, and keep to the plan for a month.", "Interview"),
    ("Personal, social and learning to learn", "Capable",
     "Can ask for help and feedback at work and use it to improve.", "Interview"),
    ("Personal, social and learning to learn", "Confident",
     "Can reflect on own strengths and name three of them with examples.", "Self-declaration confirmed by the mentor"),
    ("Entrepreneurship", "Capable", "Can prepare and serve espresso-based drinks to a standard customers pay for.",
     "Test"),
    ("Entrepreneurship", "Developing", "Can handle cash and card payments and close the till at the end of a shift.",
     "Observation"),
    ("Literacy", "Capable", "Can write a clear e-mail to an employer asking about an interview date.", "Portfolio"),
    ("Literacy", "Developing", "Can read a work safety instruction and explain it to a colleague in own words.",
     "Interview"),
))

_KEY = Ed25519PrivateKey.generate()
_RAW_PUBLIC = _KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _facts(**changes: Any) -> CertificateFacts:
    facts = CertificateFacts(
        serial="JUG-2026-000123", kind=CertificateKind.VALIDATION, language="en", organisation=ORGANISATION,
        holder=LATIN, programme="Next Step 2026 – Youth Employment Mentoring", period_from=date(2026, 3, 2),
        period_to=date(2026, 6, 30), hours=24.5, sessions=18, issued_on=date(2026, 7, 3), place="Frankfurt (Oder)",
        signatory=GREEK, signatory_role="Head of Youth Services",
        framework="Key Competences for Lifelong Learning (2018)", outcomes=OUTCOMES, key=key_id(_RAW_PUBLIC),
    )
    return replace(facts, **changes)


def _participation(**changes: Any) -> CertificateFacts:
    return _facts(kind=CertificateKind.PARTICIPATION, framework=None, outcomes=(), **changes)


def _sheet(facts: CertificateFacts | None = None, **changes: Any) -> CertificateSheet:
    """A sheet with a real token: the signed seal of the facts, as the service makes it."""
    facts = facts or _facts()
    seal = facts.seal().canonical()
    return replace(CertificateSheet(facts=facts, token=encode_token(seal, _KEY.sign(seal))), **changes)


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))


def _outcome_font_size(reader: PdfReader) -> float:
    """The size the first outcome's statement was set in."""
    sizes: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.startswith("Can create and format"):
            sizes.append(size)

    reader.pages[0].extract_text(visitor_text=visit)
    assert sizes, "the first outcome is on the first page"
    return sizes[0]


def _many_outcomes(count: int) -> tuple[CertifiedOutcome, ...]:
    return tuple(replace(OUTCOMES[i % len(OUTCOMES)], competence=OUTCOMES[i % len(OUTCOMES)].competence
                         + ("" if i < len(OUTCOMES) else f" ({i // len(OUTCOMES) + 1})")) for i in range(count))


@pytest.fixture(scope="module")
def validation_pdf() -> bytes:
    return render_certificate(_sheet())


def test_a_validation_certificate_with_ten_outcomes_is_one_page_stating_every_fact(validation_pdf: bytes) -> None:
    reader = _reader(validation_pdf)
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4
    text = read_certificate_pdf(validation_pdf).text
    facts = visible_facts(_facts())
    assert len(facts) > 20
    for expected in facts:
        assert expected in text, expected
    for expected in ("Certificate of validated learning", "Hours of mentoring 24.5", "Sessions attended 18",
                     "Period 2 March 2026 – 30 June 2026", "Issued in Frankfurt (Oder) on 3 July 2026",
                     "Certificate no. JUG-2026-000123", "mentordesk verify",
                     "Can reflect on own strengths and name three of them with examples. Confident "
                     "Self-declaration confirmed by the mentor"):
        assert expected in text, expected
    # Grouped by competence: each competence is printed once, before its outcomes.
    for competence in ("Digital", "Personal, social and learning to learn", "Entrepreneurship", "Literacy"):
        assert text.count(f" {competence} Can ") == 1, competence


def test_the_outcome_text_shrinks_one_step_before_a_second_page() -> None:
    normal, smaller = OUTCOME_FONT_STEPS
    assert _outcome_font_size(_reader(render_certificate(_sheet(_facts(outcomes=OUTCOMES[:4]))))) == normal
    seen_smaller = False
    for count in range(6, 20):
        reader = _reader(render_certificate(_sheet(_facts(outcomes=_many_outcomes(count)))))
        size = _outcome_font_size(reader)
        if len(reader.pages) == 1:
            seen_smaller = seen_smaller or size == smaller
        else:
            # Spilling over anyway: the readable size, and the signature and code close the last page.
            assert size == normal, count
            last = reader.pages[-1].extract_text()
            assert GREEK in last and "Certificate no. JUG-2026-000123" in last
            text = read_certificate_pdf(render_certificate(_sheet(_facts(outcomes=_many_outcomes(count))))).text
            assert all(expected in text for expected in visible_facts(_facts(outcomes=_many_outcomes(count))))
            break
    else:
        pytest.fail("some number of outcomes needs a second page")
    assert seen_smaller, "some certificate fits one page only thanks to the smaller outcome text"


@pytest.mark.parametrize("name", [LATIN, GREEK, CYRILLIC, "Дмитрий Александрович Соколов-Микитов"])
def test_names_in_every_script_come_back_out_exactly_and_on_one_line(name: str) -> None:
    facts = _facts(holder=name, signatory=name, organisation="Κέντρο Νέων «Ηλιαχτίδα» – Центр „Възраждане“",
                   place="Łódź")
    pdf = render_certificate(_sheet(facts))
    lines = [line.strip() for line in _reader(pdf).pages[0].extract_text().splitlines()]
    assert name in lines, "the holder's name is one line of its own, not hyphenated or split"
    text = read_certificate_pdf(pdf).text
    assert text.count(name) == 2  # holder and signatory
    assert all(expected in text for expected in visible_facts(facts))
    assert "\ufffd" not in text


def test_values_are_printed_as_typed_not_read_as_markup() -> None:
    facts = _participation(programme="Work & Skills <b>2026</b>", holder="Ana <i>Ruiz</i> & Co")
    text = read_certificate_pdf(render_certificate(_sheet(facts))).text
    assert "Work & Skills <b>2026</b>" in text and "Ana <i>Ruiz</i> & Co" in text


def test_a_participation_certificate_states_sessions_and_hours_and_no_outcomes() -> None:
    facts = _participation(period_from=None, place=None, signatory_role=None)
    pdf = render_certificate(_sheet(facts))
    assert len(_reader(pdf).pages) == 1
    text = read_certificate_pdf(pdf).text
    assert all(expected in text for expected in visible_facts(facts))
    assert "Certificate of participation" in text and "until 30 June 2026" in text
    assert "Issued on 3 July 2026" in text
    assert "Validated learning outcomes" not in text and "Learning outcome" not in text


def test_every_signed_fact_that_changes_changes_what_must_be_visible(validation_pdf: bytes) -> None:
    """What verification relies on: a PDF whose text states other facts than the signed ones is caught."""
    text = read_certificate_pdf(validation_pdf).text
    changed_level = (replace(OUTCOMES[0], level="Confident"), *OUTCOMES[1:])
    moved = (replace(OUTCOMES[0], competence="Literacy"), *OUTCOMES[1:])
    for changes in ({"holder": "Zoë Ødegård"}, {"hours": 4.5}, {"sessions": 1}, {"serial": "JUG-2026-00012"},
                    {"issued_on": date(2026, 7, 4)}, {"period_to": date(2026, 6, 3)}, {"outcomes": changed_level},
                    {"outcomes": moved}, {"outcomes": OUTCOMES[:9]}, {"outcomes": OUTCOMES[1:]},
                    {"kind": CertificateKind.PARTICIPATION}, {"programme": "Next Step"}, {"key": "0" * 16},
                    {"signatory_role": "Head"}, {"place": None}, {"framework": None}):
        assert any(expected not in text for expected in visible_facts(_facts(**changes))), changes


@pytest.mark.parametrize("printed, altered", [
    (LATIN, f"{LATIN}-Smith"), (LATIN, f"Dr {LATIN}"), ("24.5", "124.5"), ("24.5", "24.55"),
    ("attended 18", "attended 180"),
    ("Developing Interview", "Confident Interview"), ("JUG-2026-000123", "JUG-2026-0001234"),
    ("Head of Youth Services", "Head of Youth Services and Director"),
])
def test_visible_text_edited_around_a_signed_value_no_longer_matches(validation_pdf: bytes, printed: str,
                                                                    altered: str) -> None:
    text = read_certificate_pdf(validation_pdf).text
    assert all(expected in text for expected in visible_facts(_facts()))
    assert text.count(printed) == 1, printed
    edited = text.replace(printed, altered)
    assert not all(expected in edited for expected in visible_facts(_facts())), altered


def test_the_same_sheet_gives_the_same_bytes_here_and_in_another_process(validation_pdf: bytes,
                                                                        tmp_path: Path) -> None:
    sheet = _sheet()
    assert render_certificate(sheet) == validation_pdf
    assert render_certificate(replace(sheet, preview=True)) != validation_pdf
    # A re-print happens in another process, after other documents: fonts and ids must not depend on history.
    sheet_file = tmp_path / "sheet.json"
    sheet_file.write_text(json.dumps({"facts": sheet.facts.canonical().decode("utf-8"), "token": sheet.token}),
                          encoding="utf-8")
    code = (
        "import json, sys; from dataclasses import replace; "
        "from mentordesk.reports.certificate import CertificateSheet, render_certificate; "
        "from mentordesk.services.certificate_facts import CertificateFacts; "
        "data = json.loads(open(sys.argv[1], encoding='utf-8').read()); "
        "facts = CertificateFacts.from_canonical(data['facts'].encode('utf-8')); "
        "render_certificate(CertificateSheet(replace(facts, holder='Σ', outcomes=()), 'MD1.x.y', preview=True)); "
        "sys.stdout.buffer.write(render_certificate(CertificateSheet(facts, data['token'])))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(sheet_file)], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == validation_pdf


def test_metadata_holds_the_title_and_organisation_only(validation_pdf: bytes) -> None:
    reader = _reader(validation_pdf)
    metadata = reader.metadata
    assert metadata is not None
    assert dict(metadata) == {"/Title": "Certificate of validated learning", "/Author": ORGANISATION}
    assert "/Metadata" not in reader.trailer["/Root"]  # no XMP packet either
    # The file id is the certificate's own: another serial, another id; no dates anywhere in the file.
    other = _reader(render_certificate(_sheet(_facts(serial="JUG-2026-000124"))))
    assert reader.trailer["/ID"] != other.trailer["/ID"]
    assert b"CreationDate" not in validation_pdf and b"ModDate" not in validation_pdf
    for private in (LATIN, "JUG-2026-000123", _facts().key, "Frankfurt"):
        assert all(private not in str(value) for value in metadata.values()), private
    assert not any(UUID_TEXT.search(str(value)) for value in metadata.values())


def test_the_signed_data_is_embedded_and_read_back(validation_pdf: bytes) -> None:
    sheet = _sheet()
    contents = read_certificate_pdf(validation_pdf)
    assert contents.token == sheet.token
    assert contents.facts == sheet.facts.canonical()
    assert CertificateFacts.from_canonical(contents.facts) == sheet.facts
    attached = _reader(validation_pdf).attachments[ATTACHMENT]
    assert json.loads(attached[0]) == {"token": sheet.token, "facts": sheet.facts.canonical().decode("utf-8")}


def test_reading_refuses_what_is_not_a_certificate(validation_pdf: bytes) -> None:
    with pytest.raises(DomainError, match="not a readable PDF"):
        read_certificate_pdf(b"%PDF-1.4 this is not really a PDF")
    plain = PdfWriter()
    plain.add_blank_page(595, 842)
    with pytest.raises(DomainError, match="This PDF is not a MentorDesk certificate."):
        read_certificate_pdf(_written(plain))

    def with_attachment(*data: bytes) -> bytes:
        writer = PdfWriter(clone_from=_reader(validation_pdf))
        writer.root_object.pop("/Names")
        for item in data:
            writer.add_attachment(ATTACHMENT, item)
        return _written(writer)

    for damaged in (b"{not json", b'{"token": 1, "facts": "x"}', b'["MD1"]', b"\xff\xfe"):
        with pytest.raises(DomainError, match="damaged"):
            read_certificate_pdf(with_attachment(damaged))
    with pytest.raises(DomainError, match="more than one certificate"):
        read_certificate_pdf(with_attachment(b'{"token": "a", "facts": "b"}', b'{"token": "c", "facts": "d"}'))


def _written(writer: PdfWriter) -> bytes:
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def test_the_qr_code_rendered_from_the_page_decodes_to_the_token(validation_pdf: bytes) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    dpi = 150  # a phone photo of a printed page resolves at least this much
    page = pdfium.PdfDocument(validation_pdf)[0]
    image = page.render(scale=dpi / 72).to_pil()
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == [_sheet().token]
    assert codes[0].ec_level == "M"
    # About 35 mm across (the modules, without the quiet zone), so it scans from paper.
    position = codes[0].position
    width_mm = (position.top_right.x - position.top_left.x) / dpi * 25.4
    assert 30 <= width_mm <= 38, width_mm


def test_logo_and_signature_images_are_drawn_and_unreadable_ones_refused(tmp_path: Path) -> None:
    logo, signature, broken = tmp_path / "logo.png", tmp_path / "signature.png", tmp_path / "broken.png"
    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 190, 190), fill=(31, 58, 95))
    image.save(logo)
    ImageDraw.Draw(image).line([(220, 150), (400, 60), (580, 140)], fill=(20, 30, 80), width=6)
    image.save(signature)
    broken.write_bytes(b"not an image")
    pdf = render_certificate(_sheet(logo=logo, signature_image=signature))
    reader = _reader(pdf)
    assert len(reader.pages) == 1
    assert len(reader.pages[0].images) == 2
    assert render_certificate(_sheet(logo=logo, signature_image=signature)) == pdf
    # A camera-sized logo is embedded at print resolution (300 dpi in its 40 × 14 mm box), not whole.
    Image.new("RGB", (4000, 1000), (31, 58, 95)).save(logo)
    embedded = _reader(render_certificate(_sheet(logo=logo))).pages[0].images[0].image
    assert embedded is not None and embedded.size == (472, 118)
    with pytest.raises(DomainError, match="logo broken.png"):
        render_certificate(_sheet(logo=broken))
    with pytest.raises(DomainError, match="signature image"):
        render_certificate(_sheet(signature_image=tmp_path / "missing.png"))


def test_fonts_are_embedded(validation_pdf: bytes) -> None:
    fonts = {}
    for font in _reader(validation_pdf).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"


def test_a_preview_carries_the_watermark_and_the_same_facts() -> None:
    text = read_certificate_pdf(render_certificate(_sheet(preview=True))).text
    assert "PREVIEW" in text
    assert all(expected in text for expected in visible_facts(_facts()))
    assert "PREVIEW" not in read_certificate_pdf(render_certificate(_sheet())).text


def test_the_language_catalogue() -> None:
    texts = certificate_texts("en")
    assert texts.format_date(date(2026, 2, 27)) == "27 February 2026"
    assert texts.format_period(date(2026, 3, 2), date(2026, 6, 30)) == "2 March 2026 – 30 June 2026"
    assert texts.format_period(date(2026, 3, 2), date(2026, 3, 2)) == "2 March 2026"
    assert texts.format_period(None, date(2026, 6, 30)) == "until 30 June 2026"
    assert texts.format_period(date(2026, 3, 2), None) == "from 2 March 2026"
    assert texts.format_period(None, None) is None
    assert [texts.format_hours(hours) for hours in (24.5, 40.0, 0.0)] == ["24.5", "40.0", "0.0"]
    # Every language has every text: a missing or misspelt key fails here, not while issuing.
    for code in CATALOGUE:
        assert certificate_texts(code).code == code
        assert CATALOGUE[code].keys() == ENGLISH.keys(), code
        assert len(certificate_texts(code).months) == 12
    assert languages()["en"] == "English"
    with pytest.raises(DomainError, match=r"“xx”.*English \(en\)"):
        certificate_texts("xx")
    with pytest.raises(DomainError, match="English"):
        render_certificate(_sheet(_facts(language="xx")))


def test_a_language_added_as_a_dict_prints_its_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    german = dict(ENGLISH, language_name="Deutsch", title_validation="Nachweis validierter Lernergebnisse",
                  hours="Stunden Mentoring", date="{day}. {month} {year}", decimal_separator=",",
                  months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                          "Oktober", "November", "Dezember"))
    monkeypatch.setitem(CATALOGUE, "de", german)
    facts = _facts(language="de")
    text = read_certificate_pdf(render_certificate(_sheet(facts))).text
    for expected in ("Nachweis validierter Lernergebnisse", "Stunden Mentoring 24,5", "3. Juli 2026"):
        assert expected in text
    assert all(expected in text for expected in visible_facts(facts))


def test_importing_the_modules_loads_neither_reportlab_nor_pypdf() -> None:
    code = ("import sys, mentordesk.reports.certificate, mentordesk.reports.certificate_texts; "
            "print([m for m in ('reportlab', 'pypdf') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
