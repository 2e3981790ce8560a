"""The Dashboard page: cards, charts and lists show the figures they are given; every figure opens its
mentees on the Mentees page; the charts follow the palette; the page refreshes on the changes it shows.

Most tests drive the page with a hand-made Dashboard (a stand-in service), so each figure is known.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QChart
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.dashboard_data import (
    AttentionItem,
    Card,
    CompetenceProgress,
    Dashboard,
    DashboardFilter,
    Drill,
    DrillKind,
    FunnelStage,
    MentorLoad,
    WeekBar,
)
from mentordesk.services.mentees import MenteeQuery
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import format_date
from mentordesk.ui.pages.dashboard import DashboardPage, Period, period_dates, week_labels
from mentordesk.ui.pages.mentees import MenteesPage
from mentordesk.ui.tasks import TaskRunner

TODAY = date(2026, 3, 18)  # a Wednesday
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def hand_made(dashboard_filter: DashboardFilter, mentor_id: uuid.UUID) -> Dashboard:
    # As the service gives them: up to 12 weeks to the period's end, none wholly before it.
    end = dashboard_filter.date_to or TODAY
    mondays = [end - timedelta(days=end.weekday(), weeks=back) for back in range(11, -1, -1)]
    start = dashboard_filter.date_from or date.min
    mondays = [m for m in mondays if m + timedelta(days=6) >= start]
    weeks = tuple(WeekBar(monday, 10 + i, 3 * (i % 4), Drill(DrillKind.SESSIONS_IN_WEEK, monday.isoformat()))
                  for i, monday in enumerate(mondays))
    return Dashboard(
        filter=dashboard_filter, today=TODAY,
        cards=(Card("active_mentees", 21, Drill(DrillKind.ACTIVE)), Card("sessions_month", 37),
               Card("hours_month", 41.5), Card("certificates", 3, Drill(DrillKind.CERTIFIED)),
               Card("overdue_follow_ups", 4, Drill(DrillKind.OVERDUE_FOLLOW_UP)),
               Card("consent_missing", 0, Drill(DrillKind.CONSENT_MISSING))),
        funnel=(FunnelStage("assessment", 9, Drill(DrillKind.STEP, "assessment")),
                FunnelStage("learning_offer", 6, Drill(DrillKind.STEP, "learning_offer")),
                FunnelStage("validation", 4, Drill(DrillKind.STEP, "validation")),
                FunnelStage("certified", 2, Drill(DrillKind.CERTIFIED))),
        weeks=weeks,
        competences=(CompetenceProgress(uuid.uuid4(), "KC1", "Literacy", 1.5, 2.25, 12),
                     CompetenceProgress(uuid.uuid4(), "KC2", "Digital", 2.0, 3.0, 12),
                     CompetenceProgress(uuid.uuid4(), "KC3", "Citizenship", None, None, 0)),
        framework="Key Competences",
        mentors=(MentorLoad(uuid.uuid4(), "Ana Nowak", 5, 12.5, Drill(DrillKind.MENTOR, str(uuid.uuid4()))),
                 MentorLoad(mentor_id, "Jonas Berger", 11, 20.0, Drill(DrillKind.MENTOR, str(mentor_id)))),
        attention=(AttentionItem(Drill(DrillKind.NO_CONTACT), 7), AttentionItem(Drill(DrillKind.OVERDUE_FOLLOW_UP), 4),
                   AttentionItem(Drill(DrillKind.CONSENT_MISSING), 0)),
    )


class StandInService:
    """Answers with the hand-made dashboard; a drill lists a slice of real mentees chosen by its kind."""

    def __init__(self, mentee_ids: list[uuid.UUID], mentor_id: uuid.UUID) -> None:
        self.mentee_ids_all = mentee_ids
        self.mentor_id = mentor_id
        self.asked: list[DashboardFilter] = []
        self.refreshes: list[tuple[Dashboard | None, frozenset[ChangeKind]]] = []  # (since, changed) per call
        self.drills: list[tuple[Drill, DashboardFilter]] = []
        self.written: list[tuple[str, Path]] = []

    def dashboard(self, dashboard_filter: DashboardFilter, today: date | None = None, *,
                  since: Dashboard | None = None, changed: frozenset[ChangeKind] = frozenset()) -> Dashboard:
        self.asked.append(dashboard_filter)
        self.refreshes.append((since, changed))
        return hand_made(dashboard_filter, self.mentor_id)

    def mentee_ids(self, drill: Drill, dashboard_filter: DashboardFilter, today: date | None = None) -> list:
        self.drills.append((drill, dashboard_filter))
        start = list(DrillKind).index(drill.kind) + len(drill.value) % 3
        return self.mentee_ids_all[start:start + 4]

    def funder_report(self, period_from: date, period_to: date, dashboard_filter: DashboardFilter) -> object:
        return ("report", period_from, period_to, dashboard_filter)

    def write_report_pdf(self, report: object, path: Path) -> None:
        path.write_bytes(b"%PDF-")
        self.written.append(("pdf", path))

    def export_report_csv(self, report: object, path: Path) -> None:
        path.write_text("figure,value\n")
        self.written.append(("csv", path))


@pytest.fixture
def demo(workspace):
    workspace.demo.generate(mentees=30, seed=5)
    return workspace


@pytest.fixture
def service(demo) -> StandInService:
    busiest = max(demo.organisation.workers(), key=lambda w: w.caseload)
    return StandInService(demo.mentees.search_ids(MenteeQuery()), busiest.id)


@pytest.fixture
def events() -> DataEvents:
    return DataEvents()


@pytest.fixture
def page(qtbot, demo, service, events) -> DashboardPage:
    page = DashboardPage(service, demo.organisation, TaskRunner(), events, profile=demo.profile,
                         clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1280, 1400)
    page.show()
    qtbot.waitExposed(page)
    return page


def requested(qtbot, page: DashboardPage, action) -> tuple[list, str]:
    with qtbot.waitSignal(page.show_mentees_requested, timeout=1000) as signal:
        action()
    return signal.args[0], signal.args[1]


# ---- figures shown


def test_cards_show_the_figures_with_what_and_when(page: DashboardPage) -> None:
    shown = {key: (card.number_label.text(), card.caption_label.text(), card.period_label.text())
             for key, card in page.cards.items()}
    assert shown == {
        "active_mentees": ("21", "Active mentees", "now"),
        "sessions_month": ("37", "Sessions held", "this month"),
        "hours_month": ("41.5", "Hours of mentoring", "this month"),
        "certificates": ("3", "Certificates issued", "this month"),
        "overdue_follow_ups": ("4", "Mentees with overdue follow-ups", "now"),
        "consent_missing": ("0", "Mentees without valid consent", "now"),
    }
    assert page.cards["overdue_follow_ups"].number_label.styleSheet()  # four overdue: in the warning colour
    assert not page.cards["consent_missing"].number_label.styleSheet()
    # No one behind a zero, and no list for sessions or hours: those cards do not take clicks.
    assert page.cards["consent_missing"].drill is None and page.cards["sessions_month"].drill is None
    assert page.cards["active_mentees"].focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_charts_lists_and_table_hold_the_figures(page: DashboardPage) -> None:
    funnel = page.funnel_chart
    assert funnel.categories == ["1 · Assessment", "2 · Learning offer", "3 · Validation", "Certified"]
    assert funnel.sets[0].values == (9, 6, 4, 2)
    # Drawn bottom-up by QtCharts: reversed, so step 1 is at the top.
    assert [funnel.bar_sets[0].at(i) for i in range(4)] == [2, 4, 6, 9]
    assert funnel.bar_centre(0).y() < funnel.bar_centre(3).y()
    weeks = page.weeks_chart  # whole weeks up to today, the 18th, whatever the period's start (1 March)
    assert [s.name for s in weeks.sets] == ["In person", "Online"]
    assert weeks.sets[0].values == (10, 11, 12, 13) and weeks.sets[1].values == (0, 3, 6, 9)
    assert weeks.categories == week_labels([date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9), MONDAY])
    assert weeks.tooltips[0] == f"Week of {format_date(date(2026, 2, 23))}: 10 in person, 0 online"
    assert weeks.tooltips[1] == f"Week of {format_date(date(2026, 3, 2))}: 11 in person, 3 online"
    assert weeks.tooltips[3].startswith(f"{format_date(MONDAY)} – {format_date(TODAY)} (part of a week)")
    competences = page.competence_chart
    assert competences.categories == ["Literacy", "Digital"]  # never assessed: left out
    assert competences.sets[0].values == (1.5, 2.0) and competences.sets[1].values == (2.25, 3.0)
    assert page.competence_panel.heading.text() == "Competence progress: Key Competences"
    assert "12 mentees assessed" in page.competence_panel.note.text()
    assert page.attention.texts() == [("No session for 21 days", "7"), ("Mentees with overdue follow-ups", "4"),
                                      ("Mentees without valid consent", "0")]
    table = page.mentors
    assert [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())] == [
        ["Jonas Berger", "11", "20"], ["Ana Nowak", "5", "12.5"]]  # the largest caseload first


def test_week_labels_name_the_month_only_where_it_changes() -> None:
    mondays = [date(2026, 9, 21) + timedelta(weeks=i) for i in range(4)]
    assert week_labels(mondays) == ["21 Sep", "28", "5 Oct", "12"]


def test_period_presets() -> None:
    assert period_dates(Period.THIS_MONTH, TODAY) == (date(2026, 3, 1), TODAY)
    assert period_dates(Period.LAST_MONTH, TODAY) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_dates(Period.LAST_3_MONTHS, TODAY) == (date(2025, 12, 19), TODAY)
    assert period_dates(Period.THIS_YEAR, TODAY) == (date(2026, 1, 1), TODAY)
    assert period_dates(Period.LAST_12_MONTHS, date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))
    assert period_dates(Period.LAST_3_MONTHS, date(2026, 5, 31)) == (date(2026, 3, 1), date(2026, 5, 31))
    assert period_dates(Period.CUSTOM, TODAY) is None


def test_filters_ask_the_service_again(qtbot, page: DashboardPage, service: StandInService, demo) -> None:
    assert service.asked[-1] == DashboardFilter(date_from=date(2026, 3, 1), date_to=TODAY)
    programme = demo.organisation.programmes()[0]
    page.programme_filter.setCurrentIndex(1)
    assert service.asked[-1].programme_id == page.programme_filter.currentData() == programme.id
    page.period_filter.setCurrentIndex(page.period_filter.findData(Period.LAST_MONTH))
    assert (service.asked[-1].date_from, service.asked[-1].date_to) == (date(2026, 2, 1), date(2026, 2, 28))
    assert not page.date_from.isVisible()
    page.period_filter.setCurrentIndex(page.period_filter.findData(Period.CUSTOM))
    assert page.date_from.isVisible() and page.date_to.isVisible()
    # Custom dates start from the period shown until then, and show the same figures.
    assert (page.date_from.value(), page.date_to.value()) == (date(2026, 2, 1), date(2026, 2, 28))
    assert (service.asked[-1].date_from, service.asked[-1].date_to) == (date(2026, 2, 1), date(2026, 2, 28))
    page.date_from.set_value(date(2025, 9, 1))
    page.date_to.set_value(date(2025, 12, 31))
    assert (service.asked[-1].date_from, service.asked[-1].date_to) == (date(2025, 9, 1), date(2025, 12, 31))
    assert page.cards["sessions_month"].period_label.text() == (
        f"{format_date(date(2025, 9, 1))} – {format_date(date(2025, 12, 31))}")


# ---- drill-down


def test_clicking_a_bar_asks_for_that_weeks_mentees(qtbot, page: DashboardPage, service: StandInService) -> None:
    chart = page.weeks_chart
    week = 2
    ids, title = requested(qtbot, page, lambda: qtbot.mouseClick(
        chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_centre(week, 1)))
    drill, used_filter = service.drills[-1]
    assert drill == Drill(DrillKind.SESSIONS_IN_WEEK, "2026-03-09")
    assert used_filter == page.dashboard.filter
    assert ids == service.mentee_ids(drill, used_filter)
    assert title.startswith("At a session in the week of ")


def test_clicking_a_funnel_stage_and_the_keyboard(qtbot, page: DashboardPage, service: StandInService) -> None:
    chart = page.funnel_chart
    _ids, title = requested(qtbot, page, lambda: qtbot.mouseClick(
        chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_centre(1)))
    assert service.drills[-1][0] == Drill(DrillKind.STEP, "learning_offer")
    assert title == "At step 2 · Learning offer"
    chart.setFocus()
    for _ in range(4):  # the first press lands on step 1, the fourth on "Certified"
        qtbot.keyClick(chart, Qt.Key.Key_Down)
    assert chart.current == 3 and chart.bar_sets[0].selectedBars() == [0]  # drawn bottom-up
    requested(qtbot, page, lambda: qtbot.keyClick(chart, Qt.Key.Key_Return))
    assert service.drills[-1][0] == Drill(DrillKind.CERTIFIED)


def test_cards_rows_and_attention_items_open_their_mentees(qtbot, page: DashboardPage,
                                                           service: StandInService) -> None:
    _ids, title = requested(qtbot, page, lambda: qtbot.mouseClick(page.cards["active_mentees"],
                                                                  Qt.MouseButton.LeftButton))
    assert (service.drills[-1][0], title) == (Drill(DrillKind.ACTIVE), "Active mentees")
    page.cards["overdue_follow_ups"].setFocus()
    requested(qtbot, page, lambda: qtbot.keyClick(page.cards["overdue_follow_ups"], Qt.Key.Key_Space))
    assert service.drills[-1][0].kind is DrillKind.OVERDUE_FOLLOW_UP

    count = len(service.drills)
    qtbot.mouseClick(page.cards["sessions_month"], Qt.MouseButton.LeftButton)  # no list behind it
    qtbot.mouseClick(page.attention.rows[2], Qt.MouseButton.LeftButton)  # nobody: a zero
    assert len(service.drills) == count

    row_rect = page.mentors.visualRect(page.mentors.model().index(0, 0))
    _ids, title = requested(qtbot, page, lambda: qtbot.mouseClick(
        page.mentors.viewport(), Qt.MouseButton.LeftButton, pos=row_rect.center()))
    assert service.drills[-1][0] == Drill(DrillKind.MENTOR, str(service.mentor_id))
    assert title == "Caseload of Jonas Berger"
    _ids, title = requested(qtbot, page, lambda: qtbot.mouseClick(page.attention.rows[0],
                                                                  Qt.MouseButton.LeftButton))
    assert (service.drills[-1][0].kind, title) == (DrillKind.NO_CONTACT, "No session for 21 days")


def test_a_title_names_the_programme_chosen(qtbot, page: DashboardPage, demo) -> None:
    page.programme_filter.setCurrentIndex(1)
    _ids, title = requested(qtbot, page, lambda: qtbot.mouseClick(page.cards["active_mentees"],
                                                                  Qt.MouseButton.LeftButton))
    assert title == f"Active mentees · {page.programme_filter.currentText()}"


def test_the_mentees_page_shows_the_ids_until_the_chip_is_cleared(qtbot, demo, page: DashboardPage,
                                                                  service: StandInService, tmp_path) -> None:
    worker = CurrentWorker(tmp_path / "settings.json")
    worker.set(service.mentor_id)
    mentees = MenteesPage(demo.mentees, demo.organisation, worker, DataEvents())
    qtbot.addWidget(mentees)
    mentees.resize(1200, 700)
    mentees.show()
    page.show_mentees_requested.connect(mentees.show_ids)
    mine = mentees.model.rowCount()
    ids, title = requested(qtbot, page, lambda: qtbot.mouseClick(page.cards["active_mentees"],
                                                                 Qt.MouseButton.LeftButton))
    assert len(ids) == 4
    assert set(mentees.model.ids()) == set(ids)
    assert mentees.ids_chip.isVisible() and not mentees.filters_bar.isVisible()
    assert mentees.ids_label.text() == f"Showing: {title} (4)"
    assert mentees.count_label.text() == "Mentees shown: 4"
    mentees.refresh()  # a change elsewhere keeps the same people listed
    assert set(mentees.model.ids()) == set(ids)

    qtbot.mouseClick(mentees.clear_ids_button, Qt.MouseButton.LeftButton)
    assert not mentees.ids_chip.isVisible() and mentees.filters_bar.isVisible()
    assert mentees.model.rowCount() == mine  # back to the filters as they were: My caseload
    assert mentees.model.query.ids is None


def test_escape_clears_the_list_and_the_programme_link_replaces_it(qtbot, demo, tmp_path) -> None:
    mentees = MenteesPage(demo.mentees, demo.organisation, CurrentWorker(tmp_path / "s.json"), DataEvents())
    qtbot.addWidget(mentees)
    mentees.show()
    everyone = demo.mentees.search_ids(MenteeQuery())
    mentees.show_ids(everyone[:2], "Two")
    assert mentees.model.rowCount() == 2
    with qtbot.waitActive(mentees):  # shortcuts need the active window
        mentees.activateWindow()
    mentees.table.setFocus()
    qtbot.keyClick(mentees.table, Qt.Key.Key_Escape)
    assert mentees.model.rowCount() == 30 and not mentees.ids_chip.isVisible()
    mentees.show_ids([], "Nobody")
    assert mentees.model.rowCount() == 0 and mentees.ids_label.text() == "Showing: Nobody (0)"
    programme = demo.organisation.programmes()[0]
    mentees.show_programme(programme.id)
    assert not mentees.ids_chip.isVisible()
    assert mentees.model.rowCount() == demo.mentees.count(MenteeQuery(programme_id=programme.id)) > 0


# ---- palette and refresh


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#262626"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                         (QPalette.ColorRole.Base, "#1c1c1c"), (QPalette.ColorRole.Text, "#eeeeee"),
                         (QPalette.ColorRole.Mid, "#5a5a5a"), (QPalette.ColorRole.PlaceholderText, "#a0a0a0")):
        palette.setColor(role, QColor(colour))
    return palette


def test_a_palette_switch_restyles_the_charts(qtbot, page: DashboardPage) -> None:
    chart = page.weeks_chart
    light_bar = chart.bar_sets[0].color().name()
    assert chart.chart_.theme() is QChart.ChartTheme.ChartThemeLight
    app = QApplication.instance()
    original = app.palette()
    try:
        app.setPalette(dark_palette())
        qtbot.waitUntil(lambda: chart.chart_.theme() is QChart.ChartTheme.ChartThemeDark, timeout=1000)
        for each in (page.funnel_chart, page.weeks_chart, page.competence_chart):
            assert each.chart_.backgroundBrush().color().name() == "#262626"
            assert each.category_axis.labelsColor().name() == "#eeeeee"
        assert chart.bar_sets[0].color().name() != light_bar  # a lighter blue on the dark window
        assert page.funnel_chart.bar_sets[0].labelColor().name() == "#eeeeee"
        assert page.cards["overdue_follow_ups"].number_label.styleSheet() != "color: #b3261e;"
    finally:
        app.setPalette(original)
    qtbot.waitUntil(lambda: chart.chart_.theme() is QChart.ChartTheme.ChartThemeLight, timeout=1000)
    assert chart.bar_sets[0].color().name() == light_bar


def test_refreshes_on_the_changes_it_shows_and_only_when_visible(qtbot, page: DashboardPage, events: DataEvents,
                                                                   service: StandInService) -> None:
    asked = len(service.asked)
    events.emit_changed(Changes.of(ChangeKind.SESSIONS))
    assert len(service.asked) == asked + 1
    events.emit_changed(Changes.of(ChangeKind.FRAMEWORKS))  # shown nowhere here
    assert len(service.asked) == asked + 1
    page.hide()
    events.emit_changed(Changes.of(ChangeKind.CERTIFICATES))
    events.emit_changed(Changes.of(ChangeKind.CONSENT))
    assert len(service.asked) == asked + 1
    shown = page.dashboard
    page.show()
    assert len(service.asked) == asked + 2  # once, on showing
    # … handing back what it showed and everything changed since, so the service reads again only what they alter
    assert service.refreshes[-1] == (shown, {ChangeKind.FRAMEWORKS, ChangeKind.CERTIFICATES, ChangeKind.CONSENT})
    assert service.refreshes[-1][0] is shown


def test_charts_are_built_only_when_the_page_is_first_shown(qtbot, demo, service) -> None:
    page = DashboardPage(service, demo.organisation, TaskRunner(), DataEvents(), clock=lambda: TODAY)
    qtbot.addWidget(page)
    assert page.funnel_chart is None and service.asked == []
    page.show()
    assert page.funnel_chart is not None and page.funnel_chart.categories


def test_building_the_pages_leaves_qtcharts_unloaded() -> None:
    code = ("import sys; import mentordesk.ui.app, mentordesk.ui.pages.factory, mentordesk.ui.pages.dashboard; "
            "print('PySide6.QtCharts' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "False"


# ---- the funder report


def test_the_report_dialog_checks_then_writes_on_the_task_runner(qtbot, page: DashboardPage,
                                                                 service: StandInService, tmp_path) -> None:
    page.open_report_dialog()
    dialog = page.dialog
    assert (dialog.period_from.value(), dialog.period_to.value()) == (date(2026, 3, 1), TODAY)
    dialog.period_from.set_value(date(2026, 4, 1))
    dialog.pdf.wanted.setChecked(False)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error_text("period_to") == "The period must end on or after the day it starts."
    assert dialog.error_text("pdf") == "Choose where to save the PDF, the CSV or both."

    dialog.period_from.set_value(date(2026, 1, 1))
    dialog.pdf.wanted.setChecked(True)
    dialog.pdf.path.setText(str(tmp_path / "report"))
    dialog.csv.wanted.setChecked(True)
    dialog.csv.path.setText(str(tmp_path / "figures.csv"))
    messages: list[str] = []
    page.status_message.connect(messages.append)
    dialog.accept()
    qtbot.waitUntil(lambda: len(service.written) == 2 and page.report_button.isEnabled(), timeout=3000)
    assert service.written == [("pdf", tmp_path / "report.pdf"), ("csv", tmp_path / "figures.csv")]
    assert messages[-1] == f"Funder report saved: {tmp_path / 'report.pdf'}, {tmp_path / 'figures.csv'}."


def test_a_failing_report_says_why(qtbot, monkeypatch, page: DashboardPage, service: StandInService,
                                   tmp_path) -> None:
    from mentordesk.services.errors import DomainError
    from mentordesk.ui.widgets.dashboard_report_dialog import ReportRequest

    def refuse(*_args) -> None:
        raise DomainError("No sessions in this period.")

    monkeypatch.setattr(service, "funder_report", refuse)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    page.write_report(ReportRequest(date(2026, 1, 1), TODAY, None, tmp_path / "r.pdf", None))
    qtbot.waitUntil(lambda: bool(warnings), timeout=3000)
    assert warnings == ["The report could not be written: No sessions in this period."]
    assert page.report_button.isEnabled() and not (tmp_path / "r.pdf").exists()


def test_filter_choices_are_read_again_only_when_they_change(qtbot, page: DashboardPage, demo, events,
                                                             monkeypatch) -> None:
    from mentordesk.services.organisation import ProgrammeForm

    read: list[str] = []
    programmes = demo.organisation.programmes
    monkeypatch.setattr(demo.organisation, "programmes", lambda *a, **k: read.append("p") or programmes(*a, **k))
    events.emit_changed(Changes.of(ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS))
    assert read == []
    demo.organisation.save_programme(ProgrammeForm("Summer Bridge 2026", date(2026, 6, 1)))
    events.emit_changed(Changes.of(ChangeKind.PROGRAMMES))
    assert read == ["p"]
    assert page.programme_filter.findText("Summer Bridge 2026") > 0


# ---- with the real service


@pytest.fixture
def real_page(qtbot, demo, events) -> DashboardPage:
    page = DashboardPage(demo.dashboard, demo.organisation, TaskRunner(), events, profile=demo.profile)
    qtbot.addWidget(page)
    page.resize(1280, 1400)
    page.show()
    return page


def test_the_page_shows_the_services_figures_and_each_opens_as_many_mentees(qtbot, demo,
                                                                            real_page: DashboardPage) -> None:
    page = real_page
    expected = demo.dashboard.dashboard(page.current_filter(), today=date.today())
    assert page.dashboard == expected
    by_key = {card.key: card for card in expected.cards}
    assert page.cards["active_mentees"].number_label.text() == str(int(by_key["active_mentees"].value)) != "0"
    ids, _title = requested(qtbot, page, lambda: qtbot.mouseClick(page.cards["active_mentees"],
                                                                  Qt.MouseButton.LeftButton))
    assert len(ids) == by_key["active_mentees"].value
    stage = max(range(len(expected.funnel)), key=lambda i: expected.funnel[i].mentees)
    ids, _title = requested(qtbot, page, lambda: qtbot.mouseClick(
        page.funnel_chart.viewport(), Qt.MouseButton.LeftButton, pos=page.funnel_chart.bar_centre(stage)))
    assert len(ids) == expected.funnel[stage].mentees > 0
    assert [page.mentors.item(r, 0).text() for r in range(page.mentors.rowCount())] == [
        m.name for m in sorted(expected.mentors, key=lambda m: (-m.caseload, -m.hours, m.name.casefold()))]


def test_in_the_app_a_figure_opens_the_mentees_page_with_its_people(qtbot, paths) -> None:
    from mentordesk.services.workspace import open_workspace
    from mentordesk.ui.app import AppController

    prepared = open_workspace(paths)
    prepared.demo.generate(mentees=20, seed=3)
    prepared.close()
    controller = AppController(paths)
    qtbot.addWidget(controller.window)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.workspace is not None, timeout=15_000)
        controller.window.show_page("dashboard")
        dashboard = controller.window.page("dashboard")
        active = {card.key: card for card in dashboard.dashboard.cards}["active_mentees"]
        qtbot.mouseClick(dashboard.cards["active_mentees"], Qt.MouseButton.LeftButton)
        mentees = controller.window.current_page()
        assert isinstance(mentees, MenteesPage)
        assert mentees.model.rowCount() == active.value > 0
        assert mentees.ids_label.text() == f"Showing: Active mentees ({int(active.value)})"
        qtbot.mouseClick(mentees.clear_ids_button, Qt.MouseButton.LeftButton)
        assert mentees.filters_bar.isVisible() and not mentees.ids_chip.isVisible()
    finally:
        controller.window.close()
        controller.shutdown()


def test_the_funder_report_is_written_by_the_real_service(qtbot, real_page: DashboardPage, tmp_path) -> None:
    from mentordesk.ui.widgets.dashboard_report_dialog import ReportRequest

    messages: list[str] = []
    real_page.status_message.connect(messages.append)
    pdf, csv = tmp_path / "report.pdf", tmp_path / "report.csv"
    real_page.write_report(ReportRequest(date.today() - timedelta(days=365), date.today(), None, pdf, csv))
    qtbot.waitUntil(lambda: real_page.report_button.isEnabled(), timeout=20_000)
    assert messages[-1] == f"Funder report saved: {pdf}, {csv}."
    assert pdf.read_bytes().startswith(b"%PDF-") and csv.read_text(encoding="utf-8-sig").strip()
