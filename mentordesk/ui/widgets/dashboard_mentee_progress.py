"""One mentee's progress on their record's Overview: the pathway steps with their dates, hours by month,
and the competence radar.

The step dates are read from what the record already loads (the pathway overview and the certificate
register): when the first assessment was made, the first activity began, the plan was agreed, the first
outcome was assessed and the first certificate issued. The radar (QtCharts) is built the first time
this is shown, never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont, QPalette, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mentordesk.enums import PathwayStep, ValidationPhase
from mentordesk.services.pathway_forms import PathwayOverview, StepStatus
from mentordesk.services.sessions import MenteeSessions
from mentordesk.ui.labels import format_date, format_minutes, label
from mentordesk.ui.widgets.headings import heading_label
from mentordesk.ui.widgets.monthly_hours_chart import MonthlyHoursChart, months_to_show

if TYPE_CHECKING:
    from mentordesk.services.certificates import CertificateInfo
    from mentordesk.ui.widgets.competence_radar import CompetenceRadar

_CONTEXT = "MenteeProgress"
CERTIFICATE_STEP = "certificate"  # the fourth stop on the timeline, after the three pathway steps
RADAR_HEIGHT = 420


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


@dataclass(frozen=True)
class TimelineStop:
    key: PathwayStep | str  # a pathway step, or CERTIFICATE_STEP
    status: StepStatus
    dates: tuple[tuple[str, date | None], ...]  # (what happened, when; None: not yet), caption marked for tr


_FIRST_ASSESSMENT = QT_TRANSLATE_NOOP("MenteeProgress", "First assessment")
_LATEST_ASSESSMENT = QT_TRANSLATE_NOOP("MenteeProgress", "Latest assessment")
_FIRST_ACTIVITY = QT_TRANSLATE_NOOP("MenteeProgress", "First activity")
_PLAN_AGREED = QT_TRANSLATE_NOOP("MenteeProgress", "Plan agreed")
_FIRST_OUTCOME = QT_TRANSLATE_NOOP("MenteeProgress", "First outcome assessed")
_FIRST_CERTIFICATE = QT_TRANSLATE_NOOP("MenteeProgress", "First certificate")


def _first(dates: Sequence[date | None]) -> date | None:
    return min((day for day in dates if day is not None), default=None)


def timeline(overview: PathwayOverview, certificates: Sequence[CertificateInfo] = ()) -> list[TimelineStop]:
    """The pathway's three steps and the certificate, each with its status and the dates that mark it."""
    states = {state.step: state.status for state in overview.steps}
    assessed = [a.assessed_on for a in overview.assessments]
    assessment_dates: list[tuple[str, date | None]] = [(_FIRST_ASSESSMENT, _first(assessed))]
    if len(assessed) > 1:
        assessment_dates.append((_LATEST_ASSESSMENT, max(assessed)))
    in_force = [c.issued_on for c in certificates if not c.revoked]
    return [
        TimelineStop(PathwayStep.ASSESSMENT, states[PathwayStep.ASSESSMENT], tuple(assessment_dates)),
        TimelineStop(PathwayStep.LEARNING_OFFER, states[PathwayStep.LEARNING_OFFER], (
            (_FIRST_ACTIVITY, _first([a.form.start_date for a in overview.activities])),
            (_PLAN_AGREED, _first([a.form.agreed_on for a in overview.agreements])))),
        TimelineStop(PathwayStep.VALIDATION, states[PathwayStep.VALIDATION], (
            (_FIRST_OUTCOME, _first([o.form.assessed_on for o in overview.outcomes
                                     if o.form.phase in (ValidationPhase.ASSESSED, ValidationPhase.CERTIFIED)])),)),
        TimelineStop(CERTIFICATE_STEP, StepStatus.COMPLETE if in_force else StepStatus.NOT_STARTED, (
            (_FIRST_CERTIFICATE, _first(in_force)),)),
    ]


_MARKS = {StepStatus.COMPLETE: "✓", StepStatus.IN_PROGRESS: "●", StepStatus.NOT_STARTED: "○"}
_STATUS_WORDS = {
    StepStatus.COMPLETE: QT_TRANSLATE_NOOP("MenteeProgress", "complete"),
    StepStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("MenteeProgress", "in progress"),
    StepStatus.NOT_STARTED: QT_TRANSLATE_NOOP("MenteeProgress", "not started"),
}


class PathwayTimeline(QWidget):
    """Four stops side by side: each step's state (by mark and word) and its dates, "not yet" where none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stops: list[TimelineStop] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(2)

    def set_stops(self, stops: Sequence[TimelineStop]) -> None:
        self.stops = list(stops)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for column, stop in enumerate(self.stops):
            self.grid.setColumnStretch(column, 1)
            name = label(stop.key) if isinstance(stop.key, PathwayStep) else self.tr("Certificate")
            title = QLabel(f"{_MARKS[stop.status]}  {name}")
            font = QFont(title.font())
            font.setBold(stop.status is not StepStatus.NOT_STARTED)
            title.setFont(font)
            if stop.status is StepStatus.NOT_STARTED:
                title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            title.setToolTip(_tr(_STATUS_WORDS[stop.status]))
            title.setAccessibleName(f"{name}: {_tr(_STATUS_WORDS[stop.status])}")
            self.grid.addWidget(title, 0, column)
            rule = QFrame()
            rule.setFrameShape(QFrame.Shape.HLine)
            rule.setForegroundRole(QPalette.ColorRole.Highlight if stop.status is StepStatus.COMPLETE
                                   else QPalette.ColorRole.Mid)
            self.grid.addWidget(rule, 1, column)
            for row, (caption, day) in enumerate(stop.dates, start=2):
                text = QLabel(self.tr("{what}: {when}").format(
                    what=_tr(caption), when=format_date(day) if day else self.tr("not yet")))
                if day is None:
                    text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                self.grid.addWidget(text, row, column, Qt.AlignmentFlag.AlignTop)

    def texts(self) -> list[list[str]]:
        """Each stop's lines as shown, for tests and screen readers."""
        columns: list[list[str]] = [[] for _ in self.stops]
        for index in range(self.grid.count()):
            widget = self.grid.itemAt(index).widget()
            _row, column, _rows, _columns = self.grid.getItemPosition(index)
            if isinstance(widget, QLabel):
                columns[column].append(widget.text())
        return columns


class MenteeProgress(QWidget):
    """The Overview's progress: the timeline across, then hours by month beside the radar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: PathwayOverview | None = None
        self.certificates: tuple[CertificateInfo, ...] = ()
        self.radar: CompetenceRadar | None = None  # built when first shown

        self.timeline = PathwayTimeline()
        self.no_pathway = QLabel(self.tr("Nothing on the pathway yet: it starts with a baseline assessment on the "
                                         "Pathway tab."))
        self.no_pathway.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.no_pathway.setWordWrap(True)
        self.hours_heading = heading_label(self.tr("Hours by month"))
        self.hours_total = QLabel()
        self.hours_chart = MonthlyHoursChart()
        self.no_hours = QLabel(self.tr("No sessions attended yet."))
        self.no_hours.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.radar_heading = heading_label(self.tr("Competence levels"))
        self.radar_box = QVBoxLayout()
        self.radar_box.setContentsMargins(0, 0, 0, 0)

        hours = QVBoxLayout()
        hours.setSpacing(6)  # a nested layout would take its parent's 24
        hours.addWidget(self.hours_heading)
        hours.addWidget(self.hours_total)
        hours.addWidget(self.hours_chart)
        hours.addWidget(self.no_hours)
        hours.addStretch(1)
        radar = QVBoxLayout()
        radar.setSpacing(6)
        radar.addWidget(self.radar_heading)
        radar.addLayout(self.radar_box, 1)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addLayout(hours, 3)
        row.addLayout(radar, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading_label(self.tr("Pathway")))
        layout.addWidget(self.timeline)
        layout.addWidget(self.no_pathway)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addStretch(1)
        self.show_hours(None)
        self._show_pathway()

    # ---- data

    def show_hours(self, sessions: MenteeSessions | None, today: date | None = None) -> None:
        months = months_to_show(sessions.minutes_by_month, today or date.today()) if sessions else []
        self.hours_chart.set_months(months)
        self.hours_chart.setVisible(bool(months))
        self.no_hours.setVisible(not months)
        self.hours_total.setVisible(bool(months))
        if sessions is not None:
            self.hours_total.setText(self.tr("{duration} in {count} sessions attended").format(
                duration=format_minutes(sessions.minutes_total), count=self.locale().toString(sessions.held)))

    def show_pathway(self, overview: PathwayOverview | None) -> None:
        self.overview = overview
        self._show_pathway()

    def show_certificates(self, certificates: Sequence[CertificateInfo]) -> None:
        self.certificates = tuple(certificates)
        self._show_pathway()

    def _show_pathway(self) -> None:
        overview = self.overview
        started = overview is not None and any(s.status is not StepStatus.NOT_STARTED for s in overview.steps)
        self.timeline.setVisible(started)
        self.no_pathway.setVisible(not started)
        if overview is not None:
            self.timeline.set_stops(timeline(overview, self.certificates))
            if self.radar is not None:
                self.radar.set_data(overview.framework, overview.radar)
        self.radar_heading.setVisible(overview is not None)
        if self.radar is not None:
            self.radar.setVisible(overview is not None)

    # ---- the radar, built late

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.radar is None:
            from mentordesk.ui.widgets.competence_radar import CompetenceRadar  # QtCharts: only now

            self.radar = CompetenceRadar()
            self.radar.setMaximumHeight(RADAR_HEIGHT)  # beside the hours, not the whole page's height
            self.radar_box.addWidget(self.radar)
            self._show_pathway()
