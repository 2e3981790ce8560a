"""The funder report PDF: every figure printed where it belongs, small groups shown as "fewer than 5" and never
as a number (not in a table, a chart or a total), no names, and it still renders when there is nothing to report."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from mentordesk.reports.funder_report import TITLE, render_funder_report, total_text
from mentordesk.services.dashboard_data import (
    Count,
    DashboardFilter,
    Drill,
    DrillKind,
    FunderReport,
    WeekBar,
)

ORGANISATION = "Jugendzentrum Über-Grenzen e.V."
UUID_TEXT = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)

# People behind the figures. The figures reach the report with drill-downs whose labels name them (as the
# dashboard's may): the report must print the counts and never the people.
MENTOR = "Zoë Ødegård-Łukasiewicz"
MENTEE = "Σταυρούλα Παπαδοπούλου"

# What the suppressed groups really hold. The report never receives these numbers; the test checks that
# nothing printed adds up to them either, so each is chosen to make its totals unlike any printed figure.
HIDDEN = {"Withdrawn": 3, "Non-binary": 2, "Age not recorded": 4, "40 h and more": 1, "Social media group": 2,
          "Citizenship competence": 3}


def _counts(*pairs: tuple[str, int]) -> tuple[Count, ...]:
    """Counts as the service sends them: the hidden groups arrive without their value."""
    return tuple(Count(label, None if label in HIDDEN else value) for label, value in pairs)


WEEKS = tuple(
    WeekBar(date(2026, 1, 5) + timedelta(weeks=i), in_person=30 + i, online=11 + 2 * i,
            drill=Drill(DrillKind.SESSIONS_IN_WEEK, str(date(2026, 1, 5) + timedelta(weeks=i)),
                        f"Mentees of {MENTOR} with a session that week, e.g. {MENTEE}"))
    for i in range(12)
)

REPORT = FunderReport(
    organisation=ORGANISATION,
    period_from=date(2026, 1, 1),
    period_to=date(2026, 6, 30),
    filter=DashboardFilter(date_from=date(2026, 1, 1), date_to=date(2026, 6, 30)),
    participants_by_status=_counts(("Referred", 12), ("Active", 141), ("On hold", 9), ("Completed", 57),
                                   ("Withdrawn", 3)),
    participants_by_gender=_counts(("Female", 113), ("Male", 96), ("Non-binary", 2), ("Not stated", 11)),
    participants_by_age_band=_counts(("15–17", 38), ("18–24", 131), ("25–29", 49), ("Age not recorded", 4)),
    hours_total=2871.25,
    hours_per_participant=_counts(("No hours yet", 27), ("Under 5 h", 66), ("5–10 h", 71), ("10–20 h", 57),
                                  ("40 h and more", 1)),
    sessions_by_mode=_counts(("In person", 1904), ("Phone", 388), ("Video call", 516), ("Chat", 61),
                             ("Social media group", 2)),
    pathway=_counts(("Skills assessment", 88), ("Learning offer", 63), ("Validation", 31), ("Certified", 17)),
    outcomes_by_competence=_counts(
        ("Literacy competence", 44), ("Digital competence", 71),
        ("Mathematical competence and competence in science, technology and engineering", 26),
        ("Personal, social and learning to learn competence", 58), ("Citizenship competence", 3)),
    certificates=_counts(("Participation", 48), ("Validation of learning", 19)),
    weeks=WEEKS,
)

# The totals as a funder reads them, worked out by hand from the counts above.
TOTALS = {
    "participants": "at least 219",  # 12 + 141 + 9 + 57; Withdrawn is hidden
    "gender": "at least 220",  # 113 + 96 + 11
    "age": "at least 218",  # 38 + 131 + 49
    "sessions": "at least 2869",  # 1904 + 388 + 516 + 61
    "outcomes": "at least 199",  # 44 + 71 + 26 + 58
    "certificates": "67",  # 48 + 19, nothing hidden
}


def _reader(report: FunderReport = REPORT) -> PdfReader:
    return PdfReader(BytesIO(render_funder_report(report)))


def _text(reader: PdfReader) -> str:
    """All pages' text with each run of whitespace made one space: cells wrap and dates hold no-break spaces."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture(scope="module")
def text() -> str:
    return _text(_reader())


def _table(heading: str, counts: tuple[Count, ...], *totals: str) -> str:
    """A section's table as it reads out of the PDF: each group's label followed by its value."""
    rows = " ".join(f"{count.label} {'fewer than 5' if count.value is None else count.value}" for count in counts)
    return " ".join([heading, rows, *totals])


def test_every_figure_is_printed_in_its_table(text: str) -> None:
    tables = (
        _table("Status Participants", REPORT.participants_by_status, "Total", TOTALS["participants"]),
        _table("Gender Participants", REPORT.participants_by_gender, "Total", TOTALS["gender"]),
        _table("Age band Participants", REPORT.participants_by_age_band, "Total", TOTALS["age"]),
        _table("Hours attended Participants", REPORT.hours_per_participant, "Total hours of mentoring 2871.25"),
        _table("Mode Sessions", REPORT.sessions_by_mode, "Total", TOTALS["sessions"]),
        _table("Step Participants", REPORT.pathway),
        _table("Competence Outcomes", REPORT.outcomes_by_competence, "Total", TOTALS["outcomes"]),
        _table("Kind Certificates", REPORT.certificates, "Total", TOTALS["certificates"]),
    )
    for table in tables:
        assert table in text, table
    weeks = " ".join(f"{w.week_start.day} {w.week_start:%b %Y} {w.in_person} {w.online} {w.in_person + w.online}"
                     for w in WEEKS)
    assert f"Week of In person Online Total {weeks}" in text
    assert "5 Jan 2026 to 29 Mar 2026" in text  # the weeks' span, up to the last week's Sunday


def test_key_figures_and_cover(text: str) -> None:
    assert text.startswith(f"{ORGANISATION} {TITLE} ")
    assert "Reporting period 1 January 2026 – 30 June 2026" in text
    assert "Scope All programmes and mentors" in text
    assert f"Produced on {date.today().day} {date.today():%B %Y}" in text
    key = ("Key figures at least 219 Participants 2871.25 Hours of mentoring at least 2869 Sessions held "
           "at least 199 Outcomes validated 67 Certificates issued")
    assert key in text
    assert "“At least”, “fewer than”: a total does not count groups of fewer than 5; see Methodology." in text
    for part in ("Methodology", "Participants are the young people", "Hours of mentoring are the hours of held "
                 "sessions", "any group of fewer than 5 is shown as “fewer than 5” and left out of the charts"):
        assert part in text, part


def test_charts_carry_the_groups_shown_and_leave_out_the_small_ones() -> None:
    # Without the weeks, whose legend says "In person" again.
    text = _text(_reader(replace(REPORT, weeks=())))
    for counts in (REPORT.participants_by_status, REPORT.participants_by_gender, REPORT.participants_by_age_band,
                   REPORT.hours_per_participant, REPORT.sessions_by_mode, REPORT.outcomes_by_competence):
        for count in counts:
            # Once in the table, and once more in the chart unless the group is too small; long labels
            # are shortened in a chart, so the chart's copy is matched by the label's start.
            start = count.label[:18]
            found = len(re.findall(re.escape(start), text))
            assert found == (1 if count.value is None else 2), (count.label, found)
    # A slice's legend gives its value and its share of the groups charted.
    assert "Female 113 (51%) Male 96 (44%) Not stated 11 (5%)" in text
    # Six sections leave a small group out, and say so under their chart.
    assert text.count("Groups smaller than 5 are not shown.") == 6


def test_no_suppressed_number_reaches_the_page(text: str) -> None:
    assert text.count("fewer than 5") >= len(HIDDEN)
    for label, hidden in HIDDEN.items():
        assert f"{label} fewer than 5" in text, label
        assert not re.search(rf"{re.escape(label)} {hidden}\b", text), label
    # Nor can a total be used to work a small group out: the exact totals are nowhere.
    exact = {
        "participants": 12 + 141 + 9 + 57 + 3,
        "gender": 113 + 96 + 2 + 11,
        "age": 38 + 131 + 49 + 4,
        "sessions": 1904 + 388 + 516 + 61 + 2,
        "outcomes": 44 + 71 + 26 + 58 + 3,
    }
    numbers = set(re.findall(r"\d+(?:\.\d+)?", text))
    for what, value in exact.items():
        assert str(value) not in numbers, what


def test_no_names_and_no_ids_anywhere() -> None:
    programme = uuid.uuid4()
    reader = _reader(replace(REPORT, filter=DashboardFilter(programme_id=programme, mentor_id=uuid.uuid4())))
    text = _text(reader)
    assert "Scope One programme, one mentor’s mentees" in text
    metadata = reader.metadata
    assert metadata is not None
    printed = [text, *(str(value) for value in metadata.values())]
    for piece in printed:
        for name in (MENTOR, MENTEE, *MENTOR.split(), *MENTEE.split()):
            assert name not in piece, name
        assert not UUID_TEXT.search(piece)


def test_metadata_is_the_title_and_author_only() -> None:
    metadata = _reader().metadata
    assert metadata is not None
    assert dict(metadata) == {"/Title": f"{TITLE}, 1 January 2026 – 30 June 2026", "/Author": ORGANISATION}


def test_a4_two_to_four_pages_numbered_with_embedded_fonts_only() -> None:
    reader = _reader()
    pages = len(reader.pages)
    assert 2 <= pages <= 4
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        assert f"Page {number} of {pages}" in page.extract_text()
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            # A chart would otherwise fall back to Helvetica, which is named but not embedded.
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font.get_object()
    # The week-by-week section is the longest; without it the report is shorter, not broken.
    assert len(_reader(replace(REPORT, weeks=())).pages) <= pages


def test_renders_with_every_section_empty() -> None:
    empty = FunderReport(
        organisation=ORGANISATION, period_from=date(2026, 1, 1), period_to=date(2026, 1, 31),
        filter=DashboardFilter(), participants_by_status=(), participants_by_gender=(),
        participants_by_age_band=(), hours_total=0.0, hours_per_participant=(), sessions_by_mode=(), pathway=(),
        outcomes_by_competence=(), certificates=(),
    )
    reader = _reader(empty)
    text = _text(reader)
    assert text.count("No data for this period.") == 8
    assert "Key figures 0 Participants 0 Hours of mentoring 0 Sessions held 0 Outcomes validated 0 " \
           "Certificates issued" in text
    assert "Sessions per week" not in text
    assert not re.search(r"at least \d", text)
    assert "Groups smaller than 5 are not shown." not in text


def test_renders_when_every_group_is_too_small_or_zero() -> None:
    small = replace(
        REPORT,
        participants_by_status=(Count("Active", None), Count("Completed", None)),
        participants_by_gender=(Count("Female", 0), Count("Male", None)),
        sessions_by_mode=(Count("In person", 0), Count("Phone", 0)),
        certificates=(Count("Participation", None),),
        weeks=tuple(replace(week, in_person=0, online=0) for week in WEEKS),
    )
    text = _text(_reader(small))
    assert "Status Participants Active fewer than 5 Completed fewer than 5 Total fewer than 9" in text
    assert "Gender Participants Female 0 Male fewer than 5 Total fewer than 5" in text
    assert "Mode Sessions In person 0 Phone 0 Total 0" in text
    assert "Kind Certificates Participation fewer than 5 Total fewer than 5" in text


def test_a_framework_of_many_competences_breaks_across_pages() -> None:
    """A table row cannot break over a page: a list longer than a page must not be laid out as one."""
    competences = tuple(Count(f"Competence area {i}", 100 + i) for i in range(70))
    text = _text(_reader(replace(REPORT, outcomes_by_competence=competences)))
    for count in competences:
        assert f"{count.label} {count.value} " in text, count.label
    assert f"Total {sum(range(100, 170))}" in text
    assert text.count("Competence Outcomes") >= 2  # the header again on the next page


def test_totals_say_at_least_when_a_group_is_left_out() -> None:
    assert total_text((Count("a", 7), Count("b", 5))) == "12"
    assert total_text((Count("a", 7), Count("b", None))) == "at least 7"
    assert total_text((Count("a", 0), Count("b", None))) == "fewer than 5"
    assert total_text((Count("a", None), Count("b", None), Count("c", None))) == "fewer than 13"  # 4 + 4 + 4
    assert total_text(()) == "0"


def test_the_programme_is_named_and_the_mentor_is_not() -> None:
    filtered = DashboardFilter(programme_id=uuid.uuid4(), mentor_id=uuid.uuid4())
    text = _text(_reader(replace(REPORT, filter=filtered, programme="Wege 2026")))
    assert "Scope The programme “Wege 2026”, one mentor’s mentees" in text
