"""The mentoring agreement PDF: names in every European script come back out exactly, an ordinary plan
fits one page (shrinking the table font first), a long plan still renders, and the metadata carries no ids."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from mentordesk.reports.plan_agreement import (
    TABLE_FONT_STEPS,
    TITLE,
    AgreementActivity,
    AgreementSheet,
    format_hours,
    format_span,
    render_agreement,
)

UUID_TEXT = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)

LATIN = "Zoë Ødegård-Łukasiewicz"
GREEK = "Σταυρούλα Παπαδοπούλου"
CYRILLIC = "Дмитрий Соколов"
ORGANISATION = "Jugendzentrum Über-Grenzen e.V."
CODE = "MD-0042"
NOTE = "Meetings on Tuesdays at 16:00 <b>in the café</b> & bus tickets paid by the programme."

KEY = (
    "Literacy competence",
    "Multilingual competence",
    "Mathematical competence and competence in science, technology and engineering",
    "Digital competence",
    "Personal, social and learning to learn competence",
    "Citizenship competence",
    "Entrepreneurship competence",
    "Cultural awareness and expression competence",
)

# A full, realistic plan: long provider names in three scripts, several target competences per activity.
PLAN = (
    AgreementActivity("Barista basics and café service", "Course", "Κέντρο Επαγγελματικής Κατάρτισης Αθηνών",
                      "In person", date(2026, 3, 2), date(2026, 4, 24), 40, (KEY[6], KEY[4])),
    AgreementActivity("CV and interview workshop", "Workshop", "Младежки център „Възраждане“", "In person",
                      date(2026, 3, 10), date(2026, 3, 10), 3, (KEY[0],)),
    AgreementActivity("Digital skills for work (Excel, e-mail, online forms)", "Online course", "Code Club Łódź",
                      "Online", date(2026, 3, 16), date(2026, 5, 29), 24.5, (KEY[3], KEY[2])),
    AgreementActivity("Work placement in the community kitchen", "Work placement", "Café Ærø – Social Enterprise",
                      "In person", date(2026, 5, 4), date(2026, 6, 26), 120, (KEY[6], KEY[4], KEY[0])),
    AgreementActivity("Volunteering at the summer festival", "Volunteering", "Festival Žižkov", "In person",
                      date(2026, 7, 1), None, None, (KEY[5], KEY[7])),
    AgreementActivity("English conversation group", "Course", "Volkshochschule Köln", "Blended",
                      date(2025, 11, 3), date(2026, 2, 27), 30, (KEY[1],)),
    AgreementActivity("Weekly mentoring meeting", "Mentoring", "", "In person", date(2026, 3, 2),
                      date(2026, 12, 18), 20, (KEY[4],)),
    AgreementActivity("First-aid certificate", "Other", "Red Cross", "In person", None, date(2026, 4, 30), 8, ()),
)


def _sheet(activities: tuple[AgreementActivity, ...] = PLAN, **changes: Any) -> AgreementSheet:
    sheet = AgreementSheet(
        organisation=ORGANISATION,
        programme="Next Step 2026",
        mentee_name=LATIN,
        mentee_code=CODE,
        mentor_name=CYRILLIC,
        agreed_on=date(2026, 2, 27),
        mentee_signatory=LATIN,
        mentor_signatory=CYRILLIC,
        needs="Builds confidence slowly; reading long texts is hard. Needs a regular routine and someone to call "
              "before interviews.",
        goals="Find a paid job in hospitality by autumn 2026. Get a barista and a first-aid certificate.",
        activities=activities,
        note=NOTE,
        framework="The 8 Key Competences for Lifelong Learning (2018)",
    )
    return replace(sheet, **changes)


def _long_plan(count: int) -> tuple[AgreementActivity, ...]:
    return tuple(replace(PLAN[i % len(PLAN)], title=f"{PLAN[i % len(PLAN)].title} (no. {i + 1})")
                 for i in range(count))


def _reader(sheet: AgreementSheet) -> PdfReader:
    return PdfReader(BytesIO(render_agreement(sheet)))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _table_font_size(reader: PdfReader) -> float:
    """The size the activity table's header was set in."""
    sizes: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if "Target competences" in text:
            sizes.append(size)

    reader.pages[0].extract_text(visitor_text=visit)
    assert sizes, "the activity table has its header"
    return sizes[0]


@pytest.mark.parametrize("mentee", [LATIN, GREEK])
def test_names_in_every_script_come_back_out_exactly(mentee: str) -> None:
    reader = _reader(_sheet(mentee_name=mentee, mentee_signatory=mentee))
    # Table cells wrap: compare with every run of whitespace made one space.
    text = re.sub(r"\s+", " ", _text(reader))
    for expected in (TITLE, ORGANISATION, mentee, CYRILLIC, "Κέντρο", "„Възраждане“", "Code Club Łódź",
                     "Café Ærø", "Festival Žižkov", "Volkshochschule Köln", "27 February 2026"):
        assert expected in text, expected
    # Notes are data, not markup: tags and ampersands print as typed.
    assert "<b>in the café</b> & bus tickets" in text
    assert "\ufffd" not in text


def test_a_plan_of_eight_activities_is_exactly_one_page_with_everything_on_it() -> None:
    reader = _reader(_sheet())
    assert len(reader.pages) == 1
    text = _text(reader)
    for activity in PLAN:
        assert activity.title.split(" (")[0] in re.sub(r"\s+", " ", text), activity.title
    for expected in ("Goals", "Identified needs", "Learning activities", "Type / format", "Target competences",
                     "Total hours", "245.5", "Our agreement", "The mentee agrees to:", "The mentor agrees to:",
                     "Signature", "Date", "Page 1 of 1", f"{LATIN} ({CODE})"):
        assert expected in text, expected


def test_the_table_font_shrinks_one_step_before_a_second_page() -> None:
    normal, smaller = TABLE_FONT_STEPS
    assert _table_font_size(_reader(_sheet(PLAN[:3]))) == normal
    seen_smaller = False
    for count in range(6, 14):
        reader = _reader(_sheet(_long_plan(count)))
        size = _table_font_size(reader)
        if len(reader.pages) == 1:
            seen_smaller = seen_smaller or size == smaller
        else:
            # Spilling over anyway: the readable size, and every later plan spills too.
            assert size == normal, count
            break
    assert seen_smaller, "some plan fits one page only thanks to the smaller table font"


def test_a_long_plan_runs_over_pages_with_its_header_repeated_and_signatures_at_the_end() -> None:
    plan = _long_plan(40)
    reader = _reader(_sheet(plan))
    pages = len(reader.pages)
    assert pages >= 2
    texts = [page.extract_text() for page in reader.pages]
    flat = re.sub(r"\s+", " ", "\n".join(texts))
    for activity in plan:
        assert activity.title in flat, activity.title
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
    assert all("Target competences" in text for text in texts if "(no. " in text)
    total = sum(activity.hours or 0 for activity in plan)
    assert format_hours(total) in texts[-1]
    assert "Signature" in texts[-1] and CYRILLIC in texts[-1] and LATIN in texts[-1]


def test_metadata_names_the_title_and_organisation_only() -> None:
    reader = _reader(_sheet())
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == TITLE
    assert metadata.author == ORGANISATION
    assert not metadata.subject
    for value in metadata.values():
        value = str(value)
        assert not UUID_TEXT.search(value), value
        for private in (CODE, LATIN, CYRILLIC, "Tuesdays", "confidence"):
            assert private not in value, (private, value)


def test_fonts_are_embedded() -> None:
    reader = _reader(_sheet())
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"


def test_an_empty_plan_still_makes_a_page_to_sign() -> None:
    reader = _reader(_sheet((), programme=None, mentor_name=None, goals="", needs="", note="", framework=""))
    assert len(reader.pages) == 1
    text = _text(reader)
    assert "No activities are planned yet." in text
    assert "Other arrangements" not in text and "Total hours" not in text
    assert CYRILLIC in text  # the signatory stands in for the missing mentor name


def test_long_goals_are_stacked_and_break_across_pages() -> None:
    goals = "\n".join(f"Goal {i}: find a paid job in hospitality by autumn 2026." for i in range(1, 80))
    reader = _reader(_sheet(goals=goals))
    assert len(reader.pages) >= 2
    text = _text(reader)
    assert "Goal 1:" in text and "Goal 79:" in text


def test_date_spans_and_hours_read_naturally() -> None:
    assert format_span(date(2026, 3, 2), date(2026, 4, 24)) == "2\u00a0Mar \u2013 24\u00a0Apr\u00a02026"
    assert format_span(date(2025, 11, 3), date(2026, 2, 27)) == "3\u00a0Nov\u00a02025 \u2013 27\u00a0Feb\u00a02026"
    assert format_span(date(2026, 3, 10), date(2026, 3, 10)) == "10\u00a0Mar\u00a02026"
    assert format_span(date(2026, 7, 1), None) == "from 1\u00a0Jul\u00a02026"
    assert format_span(None, date(2026, 4, 30)) == "until 30\u00a0Apr\u00a02026"
    assert format_span(None, None) == "\u2014"
    assert [format_hours(h) for h in (40.0, 24.5, 1.25, 1227.5, 0.0, None)] == [
        "40", "24.5", "1.25", "1227.5", "0", "\u2014"]


def test_importing_the_module_does_not_load_reportlab() -> None:
    code = "import sys, mentordesk.reports.plan_agreement; print('reportlab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
