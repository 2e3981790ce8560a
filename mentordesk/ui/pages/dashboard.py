"""The programme dashboard: figure cards, the pathway funnel, sessions per week, competence progress,
caseload and hours per mentor, and what needs attention; every figure opens the mentees it counts.

The figures come from DashboardService (the same queries the funder report prints). The charts use
QtCharts, which is loaded the first time the page is shown, never at start-up.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, QStandardPaths, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import PathwayStep
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.dashboard_data import (
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
from mentordesk.services.errors import DomainError
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import format_date, label
from mentordesk.ui.pages.base import Page
from mentordesk.ui.tasks import TaskRunner
from mentordesk.ui.widgets.combo import combo_with_any, refill
from mentordesk.ui.widgets.dashboard_panels import AttentionList, AttentionRow, DashboardCard, MentorRow, MentorTable
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.headings import heading_label

if TYPE_CHECKING:
    from mentordesk.services.dashboard import DashboardService
    from mentordesk.services.organisation import OrganisationProfileService, OrganisationService
    from mentordesk.ui.widgets.dashboard_charts import DashboardBarChart
    from mentordesk.ui.widgets.dashboard_report_dialog import FunderReportDialog, ReportRequest

log = logging.getLogger(__name__)

_CONTEXT = "DashboardPage"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class Period(StrEnum):
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    LAST_3_MONTHS = "last_3_months"
    THIS_YEAR = "this_year"
    LAST_12_MONTHS = "last_12_months"
    CUSTOM = "custom"


_PERIOD_NAMES = {
    Period.THIS_MONTH: QT_TRANSLATE_NOOP("DashboardPage", "This month"),
    Period.LAST_MONTH: QT_TRANSLATE_NOOP("DashboardPage", "Last month"),
    Period.LAST_3_MONTHS: QT_TRANSLATE_NOOP("DashboardPage", "Last 3 months"),
    Period.THIS_YEAR: QT_TRANSLATE_NOOP("DashboardPage", "This year"),
    Period.LAST_12_MONTHS: QT_TRANSLATE_NOOP("DashboardPage", "Last 12 months"),
    Period.CUSTOM: QT_TRANSLATE_NOOP("DashboardPage", "Custom dates…"),
}


def _months_back(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    first_of_next = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return min(date(year, month + 1, 1) + timedelta(days=day.day - 1), first_of_next - timedelta(days=1))


def period_dates(period: Period, today: date) -> tuple[date, date] | None:
    """The first and last day of a preset period (None for custom dates)."""
    if period is Period.THIS_MONTH:
        return today.replace(day=1), today
    if period is Period.LAST_MONTH:
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if period is Period.LAST_3_MONTHS:
        return _months_back(today, 3) + timedelta(days=1), today
    if period is Period.THIS_YEAR:
        return date(today.year, 1, 1), today
    if period is Period.LAST_12_MONTHS:
        return _months_back(today, 12) + timedelta(days=1), today
    return None


# Cards: what each counts, and whether its figure is "now" or within the chosen period.
_CARDS = {
    "active_mentees": (QT_TRANSLATE_NOOP("DashboardPage", "Active mentees"), False),
    "sessions_month": (QT_TRANSLATE_NOOP("DashboardPage", "Sessions held"), True),
    "hours_month": (QT_TRANSLATE_NOOP("DashboardPage", "Hours of mentoring"), True),
    "certificates": (QT_TRANSLATE_NOOP("DashboardPage", "Certificates issued"), True),
    "overdue_follow_ups": (QT_TRANSLATE_NOOP("DashboardPage", "Mentees with overdue follow-ups"), False),
    "consent_missing": (QT_TRANSLATE_NOOP("DashboardPage", "Mentees without valid consent"), False),
}
_FILTER_CHOICES = (ChangeKind.PROGRAMMES, ChangeKind.WORKERS, ChangeKind.ORGANISATION)  # what the filters list
_ACTION_CARDS = frozenset({"overdue_follow_ups", "consent_missing"})  # a number above 0 asks for action
_STAGE_STEPS = {step.value: step for step in (PathwayStep.ASSESSMENT, PathwayStep.LEARNING_OFFER,
                                               PathwayStep.VALIDATION)}
COMPETENCE_LABEL_CHARS = 30


def week_span(monday: date, shown: DashboardFilter, today: date) -> tuple[date, date]:
    """The days a week's bar counts: the week, up to the period's end (not past today without one)."""
    return monday, min(monday + timedelta(days=6), shown.date_to or today)


def week_labels(days: Sequence[date]) -> list[str]:
    """Short labels under twelve narrow columns, from each bar's first day: the month named only where it
    changes ("29 Sep", "6 Oct", "13")."""
    locale = QLocale()
    labels = []
    for index, day in enumerate(days):
        named = index == 0 or day.month != days[index - 1].month
        labels.append(locale.toString(QDate(day.year, day.month, day.day), "d MMM" if named else "d"))
    if len(set(labels)) < len(labels):  # the chart's categories must differ
        return [locale.toString(QDate(day.year, day.month, day.day), "d MMM yyyy") for day in days]
    return labels


def _number(value: float, decimals: int = 0) -> str:
    locale = QLocale()
    if decimals and value != int(value):
        return locale.toString(float(value), "f", decimals)
    return locale.toString(int(round(value)))


def _short(text: str, limit: int = COMPETENCE_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip(" ,;") + "…"


class _Panel(QFrame):
    """A titled box on the dashboard."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = heading_label(title)
        self.note = QLabel()
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note.setWordWrap(True)
        self.note.hide()
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.note)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))


class DashboardPage(Page):
    show_mentees_requested = Signal(object, str)  # list of mentee ids, what they are
    status_message = Signal(str)

    # Inactivity days (organisation) change the "no session" figure.
    watches = frozenset({ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS, ChangeKind.MENTEES, ChangeKind.CONSENT,
                         ChangeKind.PATHWAY, ChangeKind.CERTIFICATES, ChangeKind.PROGRAMMES, ChangeKind.WORKERS,
                         ChangeKind.ORGANISATION})

    def __init__(self, dashboard: DashboardService, organisation: OrganisationService, runner: TaskRunner,
                 events: DataEvents, profile: OrganisationProfileService | None = None,
                 clock: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Dashboard"), events, parent)
        self._service = dashboard
        self._organisation = organisation
        self._profile = profile
        self._runner = runner
        self._clock = clock
        self.dashboard: Dashboard | None = None
        self._changed_since: set[ChangeKind] = set()  # what changed since `dashboard` was read
        self._programmes: dict[uuid.UUID, tuple[str, date | None]] = {}
        self._workers: dict[uuid.UUID, str] = {}
        self._loading_filters = False
        self._filters_stale = True
        self.dialog: FunderReportDialog | None = None
        self.funnel_chart: DashboardBarChart | None = None  # the charts are built when first shown
        self.weeks_chart: DashboardBarChart | None = None
        self.competence_chart: DashboardBarChart | None = None

        self.report_button = QPushButton(self.tr("Funder report…"))
        self.report_button.setToolTip(self.tr("An anonymised PDF and CSV of these figures for a period"))
        self.report_button.clicked.connect(self.open_report_dialog)
        self.add_title_buttons(self.report_button)

        self._build_filters()
        self.cards = {key: DashboardCard() for key in _CARDS}
        cards_row = QHBoxLayout()
        cards_row.setSpacing(10)
        for card in self.cards.values():
            card.clicked.connect(lambda _checked=False, card=card: self._card_clicked(card))
            cards_row.addWidget(card, 1)

        self.funnel_panel = _Panel(self.tr("Pathway: where mentees are"))
        self.weeks_panel = _Panel(self.tr("Sessions per week"))
        self.competence_panel = _Panel(self.tr("Competence progress"))
        self.mentor_panel = _Panel(self.tr("Caseload and hours per mentor"))
        self.attention_panel = _Panel(self.tr("Needs attention"))
        self.attention = AttentionList()
        self.attention.drill_requested.connect(self.open_drill)
        self.attention_panel.body.addWidget(self.attention)
        self.mentors = MentorTable()
        self.mentors.drill_requested.connect(self.open_drill)
        self.mentors.setMinimumHeight(240)
        self.mentor_panel.body.addWidget(self.mentors)

        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.funnel_panel, 0, 0)
        grid.addWidget(self.attention_panel, 0, 1)
        grid.addWidget(self.weeks_panel, 1, 0)
        grid.addWidget(self.mentor_panel, 1, 1)
        grid.addWidget(self.competence_panel, 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(12)
        column.addLayout(cards_row)
        column.addLayout(grid)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        self.page_layout.addLayout(self.filters_row)
        self.page_layout.addWidget(self.scroll, 1)

    def _build_filters(self) -> None:
        self.programme_filter = combo_with_any(self.tr("All programmes"), [])
        self.programme_filter.setMinimumContentsLength(22)
        self.mentor_filter = combo_with_any(self.tr("All mentors"), [])
        self.mentor_filter.setMinimumContentsLength(16)
        self.period_filter = combo_with_any(_tr(_PERIOD_NAMES[Period.THIS_MONTH]), [
            (_tr(_PERIOD_NAMES[period]), period) for period in Period if period is not Period.THIS_MONTH])
        self.period_filter.setItemData(0, Period.THIS_MONTH)
        today = self._clock()
        self.date_from = DateField(today.replace(day=1), optional=False)
        self.date_to = DateField(today, optional=False)
        self.dates_label = QLabel(self.tr("to"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Show:")))
        for combo in (self.programme_filter, self.mentor_filter, self.period_filter):
            row.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _index: self._filters_changed())
        row.addWidget(self.date_from)
        row.addWidget(self.dates_label)
        row.addWidget(self.date_to)
        row.addStretch(1)
        for field in (self.date_from, self.date_to):
            field.dateChanged.connect(lambda _date: self._filters_changed())
        self.filters_row = row
        self._show_custom_dates()

    # ---- filters

    def period(self) -> Period:
        return Period(self.period_filter.currentData())

    def period_range(self) -> tuple[date, date]:
        preset = period_dates(self.period(), self._clock())
        if preset is not None:
            return preset
        start, end = self.date_from.value(), self.date_to.value()
        assert start is not None and end is not None
        return (start, end) if start <= end else (end, start)

    def current_filter(self) -> DashboardFilter:
        start, end = self.period_range()
        return DashboardFilter(programme_id=self.programme_filter.currentData(),
                               mentor_id=self.mentor_filter.currentData(), date_from=start, date_to=end)

    def period_text(self) -> str:
        period = self.period()
        if period is Period.CUSTOM:
            start, end = self.period_range()
            return self.tr("{start} – {end}").format(start=format_date(start), end=format_date(end))
        return _tr(_PERIOD_NAMES[period]).lower()

    def _show_custom_dates(self) -> None:
        custom = self.period() is Period.CUSTOM
        for widget in (self.date_from, self.dates_label, self.date_to):
            widget.setVisible(custom)

    def _filters_changed(self) -> None:
        if self._loading_filters:
            return
        if self.period() is Period.CUSTOM and self.date_from.isHidden():
            self._start_custom_dates()
        self._show_custom_dates()
        if self.isVisible():
            self._refresh_now()
        else:
            self._stale = True

    def _start_custom_dates(self) -> None:
        """Custom dates begin as the period shown until now, to be adjusted rather than typed whole."""
        if self.dashboard is None or self.dashboard.filter.date_from is None or self.dashboard.filter.date_to is None:
            return
        self._loading_filters = True
        try:
            self.date_from.set_value(self.dashboard.filter.date_from)
            self.date_to.set_value(self.dashboard.filter.date_to)
        finally:
            self._loading_filters = False

    def _fill_filters(self) -> None:
        self._loading_filters = True
        try:
            programmes = self._organisation.programmes()
            workers = self._organisation.workers()
            self._programmes = {p.id: (p.name, p.end_date) for p in programmes}
            self._workers = {w.id: w.full_name for w in workers}
            refill(self.programme_filter, [(p.name, p.id) for p in programmes])
            refill(self.mentor_filter, [(w.full_name, w.id) for w in workers])
        finally:
            self._loading_filters = False

    # ---- showing

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self.funnel_chart is None:
            self._build_charts()  # before the refresh that Page.showEvent may run
        super().showEvent(event)

    def _build_charts(self) -> None:
        from mentordesk.ui.widgets.dashboard_charts import DashboardBarChart  # QtCharts: only now

        self.funnel_chart = DashboardBarChart(horizontal=True)
        self.weeks_chart = DashboardBarChart(stacked=True)
        self.competence_chart = DashboardBarChart(horizontal=True, value_decimals=1)
        for chart, panel in ((self.funnel_chart, self.funnel_panel), (self.weeks_chart, self.weeks_panel),
                             (self.competence_chart, self.competence_panel)):
            chart.drill_requested.connect(self.open_drill)
            panel.body.addWidget(chart)
        self.weeks_chart.setMinimumHeight(260)
        if self.dashboard is not None:
            self._fill_charts(self.dashboard)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*_FILTER_CHOICES):
            self._filters_stale = True
        self._changed_since |= changes.kinds
        super()._on_changed(changes)

    def refresh(self) -> None:
        if self._filters_stale:  # other changes leave the names to choose from as they were
            self._fill_filters()
            self._filters_stale = False
        # The service reads again only what the changes since the last read can alter (a new filter or day: all).
        self.dashboard = self._service.dashboard(self.current_filter(), today=self._clock(), since=self.dashboard,
                                                 changed=frozenset(self._changed_since))
        self._changed_since.clear()
        self._fill(self.dashboard)

    def _fill(self, dashboard: Dashboard) -> None:
        self._fill_cards(dashboard.cards)
        self._fill_attention(dashboard)
        self._fill_mentors(dashboard.mentors)
        if self.funnel_chart is not None:
            self._fill_charts(dashboard)

    def _fill_cards(self, cards: Sequence[Card]) -> None:
        by_key = {card.key: card for card in cards}
        period = self.period_text()
        for key, widget in self.cards.items():
            caption, in_period = _CARDS[key]
            card = by_key.get(key)
            widget.setVisible(card is not None)
            if card is None:
                continue
            decimals = 1 if key == "hours_month" and card.value < 100 else 0  # "41.5" but "15,931"
            widget.set_figure(_number(card.value, decimals), _tr(caption),
                              period if in_period else self.tr("now"),
                              card.drill if card.value else None,
                              attention=key in _ACTION_CARDS and card.value > 0)

    def _fill_attention(self, dashboard: Dashboard) -> None:
        rows = []
        for item in dashboard.attention:
            count = _number(item.count)
            rows.append(AttentionRow(self.drill_title(item.drill, scoped=False), count,
                                     item.drill if item.count else None))
        self.attention.set_rows(rows)

    def _fill_mentors(self, mentors: Sequence[MentorLoad]) -> None:
        self.mentors.set_rows([MentorRow(m.name, m.caseload, m.hours, _number(m.caseload), _number(m.hours, 1),
                                         m.drill) for m in mentors])
        note = self.tr("Active mentees in each caseload now; hours of sessions held {period}.")
        self.mentor_panel.set_note(note.format(period=self.period_text()) if mentors
                                   else self.tr("No mentor has mentees or sessions in this selection."))

    def _fill_charts(self, dashboard: Dashboard) -> None:
        self._fill_funnel(dashboard.funnel)
        self._fill_weeks(dashboard.weeks, dashboard.filter, dashboard.today)
        self._fill_competences(dashboard.competences, dashboard.framework)

    def _fill_funnel(self, stages: Sequence[FunnelStage]) -> None:
        from mentordesk.ui.widgets.dashboard_charts import BarSet

        assert self.funnel_chart is not None
        names = [self.stage_name(stage.stage) for stage in stages]
        self.funnel_chart.set_data(
            names, [BarSet(self.tr("Mentees"), tuple(stage.mentees for stage in stages))],
            [stage.drill if stage.mentees else None for stage in stages],
            [self.tr("{stage}: {count} mentees").format(stage=name, count=_number(stage.mentees))
             for name, stage in zip(names, stages, strict=True)])
        self.funnel_chart.setMinimumHeight(max(180, 44 * len(stages) + 40))
        self.funnel_panel.set_note(self.tr("Mentees taking part in the period (enrolled or at a session), by the "
                                           "first pathway step not yet complete; certified: holding a certificate."))

    def _fill_weeks(self, weeks: Sequence[WeekBar], shown: DashboardFilter, today: date) -> None:
        from mentordesk.ui.widgets.dashboard_charts import BarSet

        assert self.weeks_chart is not None
        spans = [week_span(w.week_start, shown, today) for w in weeks]
        tips = []
        for w, (first, last) in zip(weeks, spans, strict=True):
            counts = self.tr("{in_person} in person, {online} online").format(
                in_person=_number(w.in_person), online=_number(w.online))
            if (first, last) == (w.week_start, w.week_start + timedelta(days=6)):
                tips.append(self.tr("Week of {date}: {counts}").format(date=format_date(first), counts=counts))
            else:  # the period begins or ends inside the week: only its days count
                tips.append(self.tr("{first} – {last} (part of a week): {counts}").format(
                    first=format_date(first), last=format_date(last), counts=counts))
        self.weeks_chart.set_data(
            week_labels([first for first, _last in spans]),
            [BarSet(self.tr("In person"), tuple(w.in_person for w in weeks), "primary"),
             BarSet(self.tr("Online"), tuple(w.online for w in weeks), "secondary")],
            [w.drill if w.in_person + w.online else None for w in weeks], tips)
        self.weeks_panel.set_note(self.tr("Held sessions per week (from Monday), up to 12 weeks to the end of the "
                                          "period; a group session counts once."))

    def _fill_competences(self, competences: Sequence[CompetenceProgress], framework: str) -> None:
        from mentordesk.ui.widgets.dashboard_charts import BarSet

        assert self.competence_chart is not None
        shown = [c for c in competences if c.baseline is not None or c.latest is not None]
        self.competence_panel.heading.setText(self.tr("Competence progress: {framework}").format(
            framework=framework) if framework else self.tr("Competence progress"))
        self.competence_chart.setVisible(bool(shown))
        self.competence_chart.set_data(
            [_short(c.name) for c in shown],
            [BarSet(self.tr("Baseline"), tuple(c.baseline or 0 for c in shown), "earlier"),
             BarSet(self.tr("Latest"), tuple(c.latest or 0 for c in shown), "primary")],
            (), [self._competence_tip(c) for c in shown])
        self.competence_chart.setMinimumHeight(max(220, 34 * len(shown) + 70))
        counted = max((c.mentees for c in shown), default=0)
        self.competence_panel.set_note(
            self.tr("Average level at baseline and at each mentee's latest assessment ({count} mentees assessed).")
            .format(count=_number(counted)) if shown else self.tr("No assessments in this selection yet."))

    def _competence_tip(self, competence: CompetenceProgress) -> str:
        def level(value: float | None) -> str:
            return _number(value, 1) if value is not None else self.tr("not assessed")

        return self.tr("{name}\nbaseline {baseline}, latest {latest} ({count} mentees)").format(
            name=competence.name, baseline=level(competence.baseline), latest=level(competence.latest),
            count=_number(competence.mentees))

    # ---- words

    def stage_name(self, stage: str) -> str:
        if stage in _STAGE_STEPS:
            return label(_STAGE_STEPS[stage])
        if stage == "certified":
            return self.tr("Certified")
        if stage == "complete":
            return self.tr("Pathway complete")
        if stage == "not_started":
            return self.tr("Not started")
        return stage

    def _inactivity_days(self) -> int | None:
        profile = self._profile.profile() if self._profile is not None else None
        return profile.inactivity_days if profile is not None else None

    def drill_title(self, drill: Drill, scoped: bool = True) -> str:
        """What the listed mentees are, in the ui's words; with the dashboard's filter when `scoped`."""
        kind, value = drill.kind, drill.value
        if kind is DrillKind.ACTIVE:
            title = self.tr("Active mentees")
        elif kind is DrillKind.STEP:
            title = self.tr("At step {step}").format(step=self.stage_name(value)) if value in _STAGE_STEPS \
                else self.stage_name(value)
        elif kind is DrillKind.MENTOR:
            mentor_id = _uuid(value)
            shown = {m.mentor_id: m.name for m in self.dashboard.mentors} if self.dashboard is not None else {}
            name = shown.get(mentor_id) or self._workers.get(mentor_id) or drill.label
            title = self.tr("Caseload of {name}").format(name=name)
        elif kind is DrillKind.NO_CONTACT:
            days = self._inactivity_days()
            title = self.tr("No session for {days} days").format(days=days) if days else self.tr("No recent session")
        elif kind is DrillKind.OVERDUE_FOLLOW_UP:
            title = self.tr("Mentees with overdue follow-ups")
        elif kind is DrillKind.CONSENT_MISSING:
            title = self.tr("Mentees without valid consent")
        elif kind is DrillKind.PROGRAMME_ENDING:
            name, end = self._programmes.get(_uuid(value), (drill.label, None))
            title = self.tr("{programme} ends {date}").format(programme=name, date=format_date(end)) if end \
                else self.tr("{programme} ends soon").format(programme=name)
        elif kind is DrillKind.CERTIFIED:
            title = self.tr("Certified, {period}").format(period=self.period_text())
        elif kind is DrillKind.SESSIONS_IN_WEEK:
            title = self.tr("At a session in the week of {date}").format(date=format_date(date.fromisoformat(value)))
        else:
            title = drill.label or str(kind)
        return f"{title} · {self.scope_text()}" if scoped and self.scope_text() else title

    def scope_text(self) -> str:
        """The programme and mentor chosen, when any."""
        parts = [self.programme_filter.currentText() if self.programme_filter.currentData() else "",
                 self.mentor_filter.currentText() if self.mentor_filter.currentData() else ""]
        return " · ".join(part for part in parts if part)

    # ---- opening the mentees behind a figure

    def _card_clicked(self, card: DashboardCard) -> None:
        if card.drill is not None:
            self.open_drill(card.drill)

    def open_drill(self, drill: Drill) -> None:
        figure_filter = self.dashboard.filter if self.dashboard is not None else self.current_filter()
        today = self.dashboard.today if self.dashboard is not None else self._clock()
        ids = self._service.mentee_ids(drill, figure_filter, today=today)
        self.show_mentees_requested.emit(list(ids), self.drill_title(drill))

    # ---- the funder report

    def open_report_dialog(self) -> None:
        from mentordesk.ui.widgets.dashboard_report_dialog import FunderReportDialog

        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        programmes = [(name, programme_id) for programme_id, (name, _end) in self._programmes.items()]
        dialog = FunderReportDialog(programmes, self.period_range(), self.programme_filter.currentData(), folder,
                                    self)
        dialog.accepted.connect(lambda: self.write_report(dialog.result_value))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def write_report(self, request: ReportRequest) -> None:
        """Gathers the figures and writes the files on the task runner; the status bar says where they went."""
        service = self._service
        report_filter = DashboardFilter(programme_id=request.programme_id, date_from=request.period_from,
                                        date_to=request.period_to)

        def work(_progress: object) -> list[Path]:
            report = service.funder_report(request.period_from, request.period_to, report_filter)
            written = []
            if request.pdf is not None:
                service.write_report_pdf(report, request.pdf)
                written.append(request.pdf)
            if request.csv is not None:
                service.export_report_csv(report, request.csv)
                written.append(request.csv)
            return written

        self.report_button.setEnabled(False)
        self.status_message.emit(self.tr("Writing the funder report…"))
        self._runner.run(work, self._report_written, self._report_failed)

    def _report_written(self, paths: list[Path]) -> None:
        self.report_button.setEnabled(True)
        self.status_message.emit(self.tr("Funder report saved: {paths}.").format(
            paths=", ".join(str(path) for path in paths)))

    def _report_failed(self, error: BaseException) -> None:
        self.report_button.setEnabled(True)
        if not isinstance(error, DomainError):
            log.error("writing the funder report failed", exc_info=error)
        self.status_message.emit("")
        QMessageBox.warning(self, self.tr("Funder report"),
                            self.tr("The report could not be written: {error}").format(error=error))


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
