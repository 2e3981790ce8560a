"""The start page: today's and this week's sessions, follow-ups to do, mentees not seen lately, programmes ending.

Each item opens its record (double-click or Enter); a follow-up is ticked done with one click.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import SessionKind
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError
from mentordesk.services.follow_ups import FollowUpService
from mentordesk.services.organisation import OrganisationService
from mentordesk.services.today import (
    PROGRAMME_HORIZON_DAYS,
    Agenda,
    FollowUpItem,
    NoContactItem,
    ProgrammeItem,
    SessionItem,
    TodayService,
)
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import format_date, format_time, to_qdate
from mentordesk.ui.pages.base import Page
from mentordesk.ui.widgets.today_section import TodayRow, TodaySection

DATE_CHECK_MS = 60_000  # a page left open overnight moves on to the new day within a minute


class TodayPage(Page):
    open_mentee_requested = Signal(object)  # mentee id
    open_session_requested = Signal(object)  # session id
    open_programme_requested = Signal(object)  # programme id
    log_session_requested = Signal()

    watches = frozenset({ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS, ChangeKind.MENTEES, ChangeKind.PROGRAMMES,
                         ChangeKind.ORGANISATION, ChangeKind.WORKERS})

    def __init__(self, today: TodayService, follow_ups: FollowUpService, organisation: OrganisationService,
                 current_worker: CurrentWorker, events: DataEvents, parent: QWidget | None = None,
                 clock: Callable[[], date] = date.today) -> None:
        super().__init__(self.tr("Today"), events, parent)
        self._today = today
        self._follow_ups = follow_ups
        self._organisation = organisation
        self._current_worker = current_worker
        self._events = events
        self._clock = clock
        self._day = clock()
        self._worker_id: uuid.UUID | None = None  # the current worker, when they exist in this database
        self._worker_names: dict[uuid.UUID, str] | None = None
        self._undo: FollowUpItem | None = None
        #: The agenda on show (tests and the benchmark read it).
        self.agenda: Agenda | None = None
        current_worker.changed.connect(lambda _id: self._on_worker_changed())

        self._build_header()
        self._build_sections()
        self._build_status_row()

        self._date_timer = QTimer(self)
        self._date_timer.setInterval(DATE_CHECK_MS)
        self._date_timer.timeout.connect(self._check_date)
        self._date_timer.start()

    # ---- construction

    def _build_header(self) -> None:
        self.my_caseload = QPushButton(self.tr("My caseload"))
        self.everyone = QPushButton(self.tr("Everyone"))
        self.scope = QButtonGroup(self)
        for button in (self.my_caseload, self.everyone):
            button.setCheckable(True)
            self.scope.addButton(button)
        self.scope.buttonToggled.connect(lambda _button, checked: checked and self._show_agenda())
        self.log_session_button = QPushButton(self.tr("&Log session…"))
        self.log_session_button.clicked.connect(self.log_session_requested)

        self.date_label = QLabel()
        self.date_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.page_layout.removeWidget(self.title_label)
        titles.addWidget(self.title_label)
        titles.addWidget(self.date_label)
        header_row = QHBoxLayout()
        header_row.addLayout(titles)
        header_row.addStretch(1)
        header_row.addWidget(self.my_caseload)
        header_row.addWidget(self.everyone)
        header_row.addSpacing(18)
        header_row.addWidget(self.log_session_button)
        self.page_layout.insertLayout(0, header_row)

    def _build_sections(self) -> None:
        self.sessions_today = TodaySection(3, self.tr("Nothing planned today."), stretch_column=1,
                                           whole_columns=frozenset({0}))
        self.sessions_this_week = TodaySection(4, self.tr("Nothing else planned this week."), stretch_column=2,
                                               whole_columns=frozenset({0, 1}))
        self.programmes_ending = TodaySection(
            3, self.tr("No programme ends in the next {days} days.").format(days=PROGRAMME_HORIZON_DAYS),
            whole_columns=frozenset({1, 2}))
        self.follow_ups_overdue = TodaySection(4, self.tr("Nothing overdue."), whole_columns=frozenset({2}))
        self.follow_ups_due = TodaySection(4, self.tr("No follow-ups due this week."), whole_columns=frozenset({2}))
        self.no_contact = TodaySection(4, "", whole_columns=frozenset({2}))
        for section in self.sections():
            section.activated.connect(self._open)
        for section in (self.follow_ups_overdue, self.follow_ups_due):
            section.ticked.connect(self._tick)

        # Two columns that stack independently: when things happen, and what needs doing.
        content = QWidget()
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 6, 12, 0)  # room beside the scroll bar
        columns.setSpacing(24)
        # The second column is wider: follow-ups carry the longest texts.
        for stack, width in (((self.sessions_today, self.sessions_this_week, self.programmes_ending), 2),
                             ((self.follow_ups_overdue, self.follow_ups_due, self.no_contact), 3)):
            column = QVBoxLayout()
            column.setSpacing(18)
            for section in stack:
                column.addWidget(section)
            column.addStretch(1)
            columns.addLayout(column, width)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(content)
        self.page_layout.addWidget(self.scroll_area, 1)

    def _build_status_row(self) -> None:
        self.status_label = QLabel()
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.undo_button.clicked.connect(self._undo_tick)
        self.undo_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.status_label)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        self.page_layout.addLayout(row)

    def sections(self) -> tuple[TodaySection, ...]:
        return (self.sessions_today, self.sessions_this_week, self.programmes_ending, self.follow_ups_overdue,
                self.follow_ups_due, self.no_contact)

    # ---- refresh

    def refresh(self) -> None:
        self._day = self._clock()
        self.date_label.setText(QLocale().toString(to_qdate(self._day), QLocale.FormatType.LongFormat))
        self._update_scope()
        self._show_agenda()

    def _update_scope(self) -> None:
        """"My caseload" needs a current worker who exists in this database; default to it when there is one."""
        if self._worker_names is None:  # kept until workers change: the list costs more than a caseload's agenda
            self._worker_names = {worker.id: worker.full_name for worker in self._organisation.workers()}
        current = self._current_worker.id
        name = self._worker_names.get(current) if current else None
        self._worker_id = current if name is not None else None
        self.my_caseload.setEnabled(name is not None)
        self.my_caseload.setToolTip(
            self.tr("Sessions, follow-ups and mentees of {name}").format(name=name) if name is not None
            else self.tr("Choose who you are in Settings first."))
        if self.scope.checkedButton() is None or name is None:
            self.scope.blockSignals(True)  # the caller shows the agenda once, afterwards
            (self.my_caseload if name is not None else self.everyone).setChecked(True)
            self.scope.blockSignals(False)

    def scope_worker_id(self) -> uuid.UUID | None:
        """Whose agenda is shown: the current worker's, or None for everyone's."""
        return self._worker_id if self.my_caseload.isChecked() else None

    def _show_agenda(self) -> None:
        agenda = self._today.agenda(self._day, self.scope_worker_id())
        self.agenda = agenda
        count = QLocale().toString
        more = self._more_text

        self.sessions_today.set_content(
            self.tr("Today's sessions ({count})").format(count=count(agenda.sessions_today_total)),
            [self._session_row(item, with_day=False) for item in agenda.sessions_today],
            more(len(agenda.sessions_today), agenda.sessions_today_total))
        self.sessions_this_week.set_content(
            self.tr("Later this week ({count})").format(count=count(agenda.sessions_this_week_total)),
            [self._session_row(item, with_day=True) for item in agenda.sessions_this_week],
            more(len(agenda.sessions_this_week), agenda.sessions_this_week_total))
        self.programmes_ending.set_content(
            self.tr("Programmes ending soon ({count})").format(count=count(len(agenda.programmes_ending))),
            [self._programme_row(item) for item in agenda.programmes_ending])
        self.follow_ups_overdue.set_content(
            self.tr("Overdue follow-ups ({count})").format(count=count(agenda.follow_ups_overdue_total)),
            [self._follow_up_row(item, overdue=True) for item in agenda.follow_ups_overdue],
            more(len(agenda.follow_ups_overdue), agenda.follow_ups_overdue_total))
        self.follow_ups_due.set_content(
            self.tr("Follow-ups due this week ({count})").format(count=count(agenda.follow_ups_due_total)),
            [self._follow_up_row(item, overdue=False) for item in agenda.follow_ups_due],
            more(len(agenda.follow_ups_due), agenda.follow_ups_due_total))
        self.no_contact.set_content(
            self.tr("No session for over {days} days ({count})").format(
                days=count(agenda.inactivity_days), count=count(agenda.no_contact_total)),
            [self._no_contact_row(item) for item in agenda.no_contact],
            more(len(agenda.no_contact), agenda.no_contact_total),
            empty_text=self.tr("Everyone has had a session in the last {days} days.").format(
                days=count(agenda.inactivity_days)))

    def _more_text(self, shown: int, total: int) -> str:
        if total <= shown:
            return ""
        locale = QLocale()
        return self.tr("Showing {shown} of {total}.").format(shown=locale.toString(shown),
                                                             total=locale.toString(total))

    # ---- rows

    def _session_row(self, item: SessionItem, with_day: bool) -> TodayRow:
        when = format_time(item.start_time) if item.start_time else self.tr("Time not set")
        names = ", ".join(mentee.full_name for mentee in item.mentees) or self.tr("Nobody booked yet")
        who = self.tr("Group: {names}").format(names=names) if item.kind is SessionKind.GROUP else names
        if item.mentor_id is not None and item.mentor_id == self.scope_worker_id():
            mentor = ""  # my own session: saying so on every row is noise
        else:
            mentor = self.tr("with {name}").format(name=item.mentor) if item.mentor else self.tr("No mentor set")
        tooltip = "\n".join([format_date(item.session_date)]
                            + [f"{mentee.full_name} ({mentee.reference_code})" for mentee in item.mentees])
        day = (self._day_in_week(item.session_date),) if with_day else ()
        return TodayRow((*day, when, who, mentor), item, tooltip=tooltip)

    def _follow_up_row(self, item: FollowUpItem, overdue: bool) -> TodayRow:
        mentee = (item.mentee or "") if item.mentee_id else self.tr("Whole group")
        if overdue:
            due = self.tr("Due {date}").format(date=format_date(item.due_date))
        elif item.due_date == self._day:
            due = self.tr("Due today")
        else:
            due = self.tr("Due {day}").format(day=self._day_in_week(item.due_date))
        if item.owner_id is not None and item.owner_id == self.scope_worker_id():
            owner = ""  # mine: only someone else's name, or none, is worth reading
        else:
            owner = item.owner or self.tr("No owner")
        about = f"{item.mentee} ({item.reference_code})\n" if item.mentee_id else ""
        return TodayRow((item.text, mentee, due, owner), item, checkable=True,
                        alert=frozenset({2}) if overdue else frozenset(),
                        tooltip=about + item.text + "\n" + self.tr("Tick the box when it is done."))

    def _no_contact_row(self, item: NoContactItem) -> TodayRow:
        last = (self.tr("Last session {date}").format(date=format_date(item.last_session)) if item.last_session
                else self.tr("No session yet"))
        since = self.tr("{days} days").format(days=QLocale().toString(item.days_since)) if item.days_since else ""
        mentor = "" if self.scope_worker_id() else item.mentor or ""  # scoped: always the worker
        return TodayRow((f"{item.full_name} · {item.reference_code}", last, since, mentor), item)

    def _programme_row(self, item: ProgrammeItem) -> TodayRow:
        ends = (self.tr("Ends today") if item.end_date == self._day
                else self.tr("Ends {date}").format(date=format_date(item.end_date)))
        template = self.tr("My mentees: {count}") if self.scope_worker_id() else self.tr("Enrolled: {count}")
        return TodayRow((item.name, ends, template.format(count=QLocale().toString(item.enrolled))), item,
                        tooltip=item.name)

    @staticmethod
    def _day_in_week(day: date) -> str:
        """"Wed 25": within the coming week the weekday and the day of the month say which day."""
        return QLocale().toString(to_qdate(day), "ddd d")

    # ---- acting

    def _open(self, target: object) -> None:
        if isinstance(target, SessionItem):
            self.open_session_requested.emit(target.id)
        elif isinstance(target, NoContactItem):
            self.open_mentee_requested.emit(target.mentee_id)
        elif isinstance(target, ProgrammeItem):
            self.open_programme_requested.emit(target.id)
        elif isinstance(target, FollowUpItem):
            # The mentee's record holds the follow-up; a whole group's one lives with its session.
            if target.mentee_id is not None:
                self.open_mentee_requested.emit(target.mentee_id)
            elif target.session_id is not None:
                self.open_session_requested.emit(target.session_id)

    def _tick(self, item: object) -> None:
        assert isinstance(item, FollowUpItem)
        self._set_done(item, True)

    def _undo_tick(self) -> None:
        if self._undo is not None:
            self._set_done(self._undo, False)

    def _set_done(self, item: FollowUpItem, done: bool) -> None:
        try:
            self._follow_ups.set_done(item.id, done, actor_id=self._worker_id)
        except DomainError as error:
            self._undo = None
            self.status_label.setText(str(error))
        else:
            self._undo = item if done else None
            message = self.tr("Done: “{text}”.") if done else self.tr("Open again: “{text}”.")
            self.status_label.setText(message.format(text=item.text))
        self.undo_button.setVisible(self._undo is not None)
        self._events.emit_changed(Changes.of(ChangeKind.FOLLOW_UPS))

    # ---- staying current

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.WORKERS):
            self._worker_names = None
        super()._on_changed(changes)

    def _on_worker_changed(self) -> None:
        # A different person: their caseload is what "mine" means now.
        self._worker_names = None  # they may have been added a moment ago
        self.scope.blockSignals(True)
        (self.my_caseload if self._current_worker.id else self.everyone).setChecked(True)
        self.scope.blockSignals(False)
        self._mark_stale()

    def _check_date(self) -> None:
        if self._clock() != self._day:
            self._mark_stale()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self._refresh_now()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._clock() != self._day:
            self._stale = True
        super().showEvent(event)
