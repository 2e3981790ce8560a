"""The personal-data PDF: every European script comes back out as it went in, fonts embedded, no ids."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from mentordesk.reports.fonts import SANS, SANS_BOLD, register_fonts
from mentordesk.reports.person_export import PdfInfo, Record, Section, SmallTable, write_person_export_pdf

UUID_TEXT = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)

GREEK = "Ελένη Παπαδοπούλου"
CYRILLIC = "Димитър Иванов"
LATIN = ("Łukasz Wacławiak-Şahin", "Žaneta Dvořáková", "Ærøskøbing", "Ödön Győri", "Mãe Conceição")
NOTE = "Met at the café; talked about the CV & the <interview> at 10:30."


def _write(path: Path) -> None:
    write_person_export_pdf(
        path,
        f"Personal data held about {GREEK}",
        [
            Section("Case notes", records=[
                Record(title="3 March 2026", fields=[("Text", NOTE), ("Author", CYRILLIC)]),
            ]),
            Section("Session attendance",
                    table=SmallTable(["Session", "Attendance"], [[name, "Attended"] for name in LATIN])),
            Section("Evidence files"),
        ],
        summary=[("First name", GREEK), ("Languages", "Greek, Bulgarian")],
        intro=["This is a copy of the personal data held about you."],
        info=PdfInfo(author="Младежки център", subject="Copy of personal data (GDPR Article 15)",
                     footer="Младежки център · MD-0042"),
    )


def test_greek_cyrillic_and_latin_diacritics_come_back_out_exactly(tmp_path: Path) -> None:
    path = tmp_path / "export.pdf"
    _write(path)
    reader = PdfReader(path)
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    for expected in (f"Personal data held about {GREEK}", GREEK, CYRILLIC, *LATIN, NOTE, "No records."):
        assert expected in lines, expected


def test_fonts_are_embedded_and_metadata_has_no_ids(tmp_path: Path) -> None:
    path = tmp_path / "export.pdf"
    _write(path)
    reader = PdfReader(path)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts, "the document uses fonts"
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"

    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == f"Personal data held about {GREEK}"
    assert metadata.author == "Младежки център"
    assert not any(UUID_TEXT.search(str(value)) for value in metadata.values())


def test_register_fonts_is_idempotent() -> None:
    assert register_fonts() == (SANS, SANS_BOLD)
    assert register_fonts() == (SANS, SANS_BOLD)
