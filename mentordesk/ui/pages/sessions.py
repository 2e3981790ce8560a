"""Every session in one table: filters by period, mentor, mentee, mode, step, status and attendance;
open, record as held, delete, and export to CSV or a calendar file."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QStandardPaths,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from mentordesk.enums import Attendance, PathwayStep, SessionMode, SessionStatus
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError, NotFoundError
from mentordesk.services.organisation import OrganisationService
from mentordesk.services.search_text import fold_for_search
from mentordesk.services.session_list import SessionQuery
from mentordesk.services.sessions import MenteeChoice, SessionService
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.dialogs.confirm import confirm
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import label
from mentordesk.ui.models.session_table import SessionTableModel, TableColumn
from mentordesk.ui.pages.base import Page
from mentordesk.ui.sealed_exports import choose_export_file, written_to
from mentordesk.ui.style import ERROR_STYLE
from mentordesk.ui.tasks import TaskRunner
from mentordesk.ui.widgets.combo import combo_with_any, refill
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.tables import lazy_table_view

log = logging.getLogger(__name__)

DATE_DELAY_MS = 300  # typing a date changes it digit by digit: query once the typing pauses
MAX_SUGGESTIONS = 50
T = TypeVar("T")


class Period(StrEnum):
    ALL = "all"
    WEEK = "week"
    MONTH = "month"
    LAST_3_MONTHS = "last_3_months"
    YEAR = "year"
    CUSTOM = "custom"


_PERIODS = {
    Period.ALL: QT_TRANSLATE_NOOP("SessionsPage", "All time"),
    Period.WEEK: QT_TRANSLATE_NOOP("SessionsPage", "This week"),
    Period.MONTH: QT_TRANSLATE_NOOP("SessionsPage", "This month"),
    Period.LAST_3_MONTHS: QT_TRANSLATE_NOOP("SessionsPage", "Last 3 months"),
    Period.YEAR: QT_TRANSLATE_NOOP("SessionsPage", "This year"),
    Period.CUSTOM: QT_TRANSLATE_NOOP("SessionsPage", "Custom…"),
}


def period_range(period: Period, today: date, first_day_of_week: int = 1) -> tuple[date | None, date | None]:
    """The first and last day of a preset period; None where it is open. Days of the week run 1 (Monday) to 7."""
    match period:
        case Period.WEEK:
            start = today - timedelta(days=(today.isoweekday() - first_day_of_week) % 7)
            return start, start + timedelta(days=6)
        case Period.MONTH:
            following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
            return today.replace(day=1), following - timedelta(days=1)
        case Period.LAST_3_MONTHS:
            return _months_before(today, 3), today
        case Period.YEAR:
            return today.replace(month=1, day=1), today.replace(month=12, day=31)
    return None, None


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


class SessionsPage(Page):
    log_session_requested = Signal()
    plan_session_requested = Signal()
    open_session_requested = Signal(object)  # session id
    record_held_requested = Signal(object)  # session id of a planned session
    status_message = Signal(str)

    watches = frozenset({ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS, ChangeKind.MENTEES, ChangeKind.WORKERS,
                         ChangeKind.PROGRAMMES})

    def __init__(self, sessions: SessionService, organisation: OrganisationService, session_csv, calendar,
                 runner: TaskRunner, current_worker: CurrentWorker, events: DataEvents,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Sessions"), events, parent)
        self._sessions = sessions
        self._organisation = organisation
        self._session_csv = session_csv
        self._calendar = calendar
        self._runner = runner
        self._current_worker = current_worker
        self._events = events
        self._loading_filters = False
        self._last_period = Period.ALL  # the preset a custom period starts from

        self.export_csv_button = QPushButton(self.tr("Export CSV…"))
        self.export_csv_button.setToolTip(self.tr("The sessions listed, in the order shown, as a CSV file."))
        self.export_csv_button.clicked.connect(self.export_csv)
        self.export_calendar_button = QPushButton(self.tr("Export planned to calendar (.ics)…"))
        self.export_calendar_button.setToolTip(self.tr(
            "Planned sessions as a calendar file for Outlook, Google or Apple Calendar: the chosen mentor's, "
            "or everyone's."))
        self.export_calendar_button.clicked.connect(self.export_calendar)
        self.plan_button = QPushButton(self.tr("&Plan session…"))
        self.plan_button.clicked.connect(self.plan_session_requested)
        self.log_button = QPushButton(self.tr("&Log session…"))
        self.log_button.setToolTip(self.tr("Log a session that took place (Ctrl+Shift+N)"))
        self.log_button.clicked.connect(self.log_session_requested)
        self.add_title_buttons(self.export_csv_button, self.export_calendar_button, self.plan_button, self.log_button)

        self._build_filters()
        self._build_table()

        self.count_label = QLabel()
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.record_held_button = QPushButton(self.tr("&Record as held…"))
        self.record_held_button.clicked.connect(self.record_selected_as_held)
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)
        bottom_row = QHBoxLayout()
        bottom_row.addWidget(self.count_label)
        bottom_row.addStretch(1)
        for button in (self.open_button, self.record_held_button, self.delete_button):
            bottom_row.addWidget(button)
        self.page_layout.addLayout(bottom_row)
        self._update_actions()

    # ---- building

    def _build_filters(self) -> None:
        self.period_filter = QComboBox()
        self.period_filter.setAccessibleName(self.tr("Period"))
        for period, text in _PERIODS.items():
            self.period_filter.addItem(QCoreApplication.translate("SessionsPage", text), period.value)
        self.period_filter.currentIndexChanged.connect(lambda _index: self._on_period_changed())
        self.date_from = DateField()
        self.date_from.setAccessibleName(self.tr("From"))
        self.date_from.setToolTip(self.tr("From this day (leave blank for no start)"))
        self.date_to = DateField()
        self.date_to.setAccessibleName(self.tr("To"))
        self.date_to.setToolTip(self.tr("Up to and including this day (leave blank for no end)"))
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(DATE_DELAY_MS)
        self._date_timer.timeout.connect(self._apply)
        for field in (self.date_from, self.date_to):
            field.dateChanged.connect(lambda _date: self._date_timer.start())
            field.hide()

        self.mentor_filter = combo_with_any(self.tr("Everyone"), [])
        self.mentor_filter.setAccessibleName(self.tr("Mentor"))
        self.mentee_filter = MenteeFilterField(self._sessions.mentee_choices)
        self.mentee_filter.setPlaceholderText(self.tr("Mentee: name or code"))
        self.mentee_filter.setAccessibleName(self.tr("Mentee"))
        self.mentee_filter.setMinimumWidth(200)
        self.mentee_filter.changed.connect(self._on_mentee_changed)
        self.mentee_hint = QLabel()
        self.mentee_hint.setStyleSheet(ERROR_STYLE)
        self.mentee_hint.hide()

        self.mode_filter = combo_with_any(self.tr("Any mode"), _choices(SessionMode))
        self.step_filter = combo_with_any(self.tr("Any step"), _choices(PathwayStep))
        self.status_filter = combo_with_any(self.tr("Any status"), _choices(
            (SessionStatus.HELD, SessionStatus.PLANNED, SessionStatus.CANCELLED)))
        self.attendance_filter = combo_with_any(self.tr("Any attendance"), _choices(
            (Attendance.ATTENDED, Attendance.NO_SHOW, Attendance.CANCELLED, Attendance.EXPECTED)))
        self.attendance_filter.setToolTip(self.tr("Sessions where someone (the chosen mentee, when one is "
                                                  "chosen) had this attendance"))
        for combo, name in ((self.mode_filter, self.tr("Mode")), (self.step_filter, self.tr("Pathway step")),
                            (self.status_filter, self.tr("Status")), (self.attendance_filter, self.tr("Attendance"))):
            combo.setAccessibleName(name)
        for combo in (self.mentor_filter, self.mode_filter, self.step_filter, self.status_filter,
                      self.attendance_filter):
            combo.currentIndexChanged.connect(lambda _index: self._apply())

        first = QHBoxLayout()
        first.addWidget(self.period_filter)
        first.addWidget(self.date_from)
        first.addWidget(self.date_to)
        first.addWidget(self.mentor_filter, 1)
        first.addWidget(self.mentee_filter, 2)
        first.addWidget(self.mentee_hint)
        second = QHBoxLayout()
        for combo in (self.mode_filter, self.step_filter, self.status_filter, self.attendance_filter):
            second.addWidget(combo, 1)
        second.addStretch(1)
        self.page_layout.addLayout(first)
        self.page_layout.addLayout(second)

    def _build_table(self) -> None:
        self.model = SessionTableModel(self._sessions, self)
        self.table = lazy_table_view(self.model, _WIDTHS)
        # After the view's own connection, which sorts.
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._keep_sortable_indicator)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        delete_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, activated=self.delete_selected)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)  # not while typing in a filter

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        self.page_layout.addWidget(self.stack, 1)

    # ---- refresh and filters

    def refresh(self) -> None:
        self._fill_mentors()
        self.mentee_filter.forget_choices()  # mentees may have been added, renamed or erased
        self._apply()

    def _fill_mentors(self) -> None:
        self._loading_filters = True
        try:
            refill(self.mentor_filter, [(worker.full_name, worker.id.hex) for worker in self._organisation.workers()])
        finally:
            self._loading_filters = False

    def _on_period_changed(self) -> None:
        custom = self._period() is Period.CUSTOM
        if not custom:
            self._last_period = self._period()
        elif self.date_from.value() is None and self.date_to.value() is None:
            # Start from what was shown, so "this month" can be stretched by a few days.
            start, end = period_range(self._last_period, date.today(), _first_day_of_week())
            for field, value in ((self.date_from, start), (self.date_to, end)):
                field.blockSignals(True)
                field.set_value(value)
                field.blockSignals(False)
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self._apply()

    def _on_mentee_changed(self) -> None:
        self.mentee_hint.setText(self.mentee_filter.problem)
        self.mentee_hint.setVisible(bool(self.mentee_filter.problem))
        self._apply()

    def _period(self) -> Period:
        return Period(self.period_filter.currentData())

    def _dates(self) -> tuple[date | None, date | None]:
        period = self._period()
        if period is Period.CUSTOM:
            return self.date_from.value(), self.date_to.value()
        return period_range(period, date.today(), _first_day_of_week())

    def query(self) -> SessionQuery:
        date_from, date_to = self._dates()
        mentee = self.mentee_filter.mentee
        return replace(
            self.model.query,
            date_from=date_from,
            date_to=date_to,
            mentor_id=self.mentor_id(),
            mentee_id=mentee.id if mentee else None,
            mode=_chosen(self.mode_filter, SessionMode),
            step=_chosen(self.step_filter, PathwayStep),
            status=_chosen(self.status_filter, SessionStatus),
            attendance=_chosen(self.attendance_filter, Attendance),
        )

    def mentor_id(self) -> uuid.UUID | None:
        return _chosen(self.mentor_filter, uuid.UUID)

    def _apply(self) -> None:
        if self._loading_filters:
            return
        self._date_timer.stop()
        selected = self.selected_id()
        query = self.query()
        self.model.set_query(query)
        shown = self.model.rowCount()
        self.count_label.setText(self.tr("Sessions shown: {count}").format(count=QLocale().toString(shown)))
        filtered = query != SessionQuery(sort=query.sort, descending=query.descending)
        self.empty_label.setText(self.tr("No sessions match these filters.") if filtered
                                 else self.tr("No sessions yet: log one with Ctrl+Shift+N"))
        self.stack.setCurrentWidget(self.table if shown else self.empty_label)
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._update_actions()

    def _keep_sortable_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        if not self.model.is_sortable(column):
            self.table.horizontalHeader().setSortIndicator(self.model.sort_column(), self.model.sort_order())

    # ---- the selected session

    def selected_id(self) -> uuid.UUID | None:
        row = self._selected_row()
        return None if row is None else self.model.session_id(row)

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_actions(self) -> None:
        row = self._selected_row()
        self.open_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        planned = row is not None and self.model.session_row(row).status is SessionStatus.PLANNED
        self.record_held_button.setEnabled(planned)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_session_requested.emit(self.model.session_id(index.row()))

    def open_selected(self) -> None:
        if (row := self._selected_row()) is not None:
            self.open_session_requested.emit(self.model.session_id(row))

    def record_selected_as_held(self) -> None:
        row = self._selected_row()
        if row is not None and self.model.session_row(row).status is SessionStatus.PLANNED:
            self.record_held_requested.emit(self.model.session_id(row))

    def delete_selected(self) -> None:
        position = self._selected_row()
        if position is None:
            return
        row = self.model.session_row(position)
        title = self.tr("Delete session")
        when = self.model.data(self.model.index(position, SessionTableModel.COLUMNS.index(TableColumn.DATE)))
        question = self.tr("Delete the session of {when} with {mentees}? Its attendance and the follow-ups agreed "
                           "in it are deleted too. This cannot be undone.").format(when=when, mentees=row.mentees)
        if not confirm(self, title, question):
            return
        try:
            self._sessions.delete(row.id, self._current_worker.id)
        except NotFoundError as error:  # deleted meanwhile: show it, and the list without it
            QMessageBox.warning(self, title, str(error))
        except DomainError as error:
            QMessageBox.warning(self, title, str(error))
            return
        else:
            self.status_message.emit(self.tr("Session deleted."))
        self._events.emit_changed(Changes.of(ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS))

    # ---- exports, in the background

    def export_csv(self) -> None:
        name = choose_export_file(self, self.tr("Export sessions to CSV"), Path(_documents()) / "sessions.csv",
                                  self.tr("CSV files (*.csv)"), self._session_csv)
        if name is None:
            return
        path = _with_suffix(name, ".csv")
        keys, actor = self.model.keys(), self._current_worker.id
        done = self.tr("Export done: rows {count}, in {path}.")
        # The UUIDs are built on the worker thread: 200,000 of them take half a second.
        self._runner.run(
            lambda _progress: self._session_csv.export(path, ids=[uuid.UUID(key) for key in keys], actor_id=actor),
            lambda count: self.status_message.emit(done.format(count=QLocale().toString(count),
                                                               path=written_to(self._session_csv, path))),
            self._export_failed)

    def export_calendar(self) -> None:
        name = choose_export_file(self, self.tr("Export planned sessions to a calendar file"),
                                  Path(_documents()) / "planned-sessions.ics", self.tr("Calendar files (*.ics)"),
                                  self._calendar)
        if name is None:
            return
        path = _with_suffix(name, ".ics")
        mentor = self.mentor_id()
        done = self.tr("Calendar export done: planned sessions {count}, in {path}.")
        self._runner.run(
            lambda _progress: self._calendar.export_planned(path, worker_id=mentor),
            lambda count: self.status_message.emit(done.format(count=QLocale().toString(count),
                                                               path=written_to(self._calendar, path))),
            self._export_failed)

    def _export_failed(self, error: BaseException) -> None:
        if not isinstance(error, DomainError):
            log.error("sessions export failed", exc_info=error)
        QMessageBox.warning(self, self.tr("Export"), str(error))


class MenteeFilterField(QLineEdit):
    """A mentee typed or picked from suggestions, accents ignored; text that names no single mentee filters nothing.

    The choices are read on first use, not when the page opens: 10,000 mentees are not needed to show it.
    """

    changed = Signal()  # `mentee` or `problem` changed

    def __init__(self, load: Callable[[], Sequence[MenteeChoice]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self._choices: Sequence[MenteeChoice] | None = None
        self.mentee: MenteeChoice | None = None
        self.problem = ""  # why the text filters nothing, shown as a hint
        self._suggested: dict[str, MenteeChoice] = {}
        self._suggestions = QStringListModel(self)
        completer = QCompleter(self._suggestions, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.setClearButtonEnabled(True)
        completer.activated[str].connect(self._picked)  # after the line edit took the text
        self.textEdited.connect(self._suggest)
        self.editingFinished.connect(self.resolve)
        self.textChanged.connect(lambda text: text or self.resolve())  # the clear button

    def choices(self) -> Sequence[MenteeChoice]:
        if self._choices is None:
            self._choices = self._load()
        return self._choices

    def forget_choices(self) -> None:
        """Read the mentees again when next needed; the one chosen is checked now."""
        self._choices = None
        if self.mentee is not None:
            current = next((c for c in self.choices() if c.id == self.mentee.id), None)
            if current is None:
                self._set(None, QCoreApplication.translate("SessionsPage", "That mentee no longer exists."))
            elif current != self.mentee:
                self.mentee = current  # renamed: same filter, new name
                self.setText(current.display)

    def matching(self, text: str, limit: int | None = None) -> list[MenteeChoice]:
        words = fold_for_search(text.replace("(", " ").replace(")", " ")).split()
        if not words:
            return []
        found = []
        for choice in self.choices():
            if all(word in choice.search_key for word in words):
                found.append(choice)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def resolve(self) -> None:
        """Filter by the mentee the text names, if it names exactly one."""
        text = self.text().strip()
        if not text:
            self._set(None, "")
            return
        if self.mentee is not None and text == self.mentee.display:
            return
        exact = [c for c in self.choices() if c.display.casefold() == text.casefold()]
        found = exact or self.matching(text, limit=2)
        if len(found) == 1:
            self._set(found[0], "")
            self.setText(found[0].display)
        elif found:
            self._set(None, QCoreApplication.translate("SessionsPage", "Several mentees match: pick one."))
        else:
            self._set(None, QCoreApplication.translate("SessionsPage", "No mentee by that name: not filtered."))

    def _suggest(self, text: str) -> None:
        found = self.matching(text, MAX_SUGGESTIONS)
        self._suggested = {choice.display: choice for choice in found}
        self._suggestions.setStringList(list(self._suggested))

    def _picked(self, display: str) -> None:
        choice = self._suggested.get(display)
        if choice is None:
            self.resolve()
        else:
            self._set(choice, "")

    def _set(self, mentee: MenteeChoice | None, problem: str) -> None:
        if (mentee, problem) == (self.mentee, self.problem):
            return
        self.mentee, self.problem = mentee, problem
        self.changed.emit()


_WIDTHS = {  # fits 1180 pixels; follow-ups takes what is left
    TableColumn.DATE: 115, TableColumn.MENTEES: 160, TableColumn.DURATION: 85, TableColumn.MODE: 135,
    TableColumn.STEP: 110, TableColumn.STATUS: 105, TableColumn.MENTOR: 125, TableColumn.TOPICS: 160,
}


def _choices(values: Iterable[StrEnum]) -> list[tuple[str, str]]:
    # Combo boxes hold plain text: Qt hands enums back as str, and finds other Python objects by identity only.
    return [(label(value), value.value) for value in values]


def _chosen(combo: QComboBox, parse: Callable[[str], T]) -> T | None:
    data = combo.currentData()
    return parse(data) if data else None


def _first_day_of_week() -> int:
    return QLocale().firstDayOfWeek().value


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _with_suffix(path: Path, suffix: str) -> Path:
    """Some file dialogs leave the extension to the user; calendars and spreadsheets look for it."""
    return path if path.suffix else path.with_suffix(suffix)
