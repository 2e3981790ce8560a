"""The Sessions page, driven as a youth worker would: filters, opening, deleting and exporting."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mentordesk.enums import Attendance, PathwayStep, Platform, SessionMode, SessionStatus
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError
from mentordesk.services.mentees import MenteeForm, MenteeService
from mentordesk.services.organisation import OrganisationService, WorkerForm
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
from mentordesk.services.session_list import SessionQuery
from mentordesk.services.sessions import SessionService
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.models.session_table import SessionTableModel, TableColumn
from mentordesk.ui.pages.sessions import Period, SessionsPage, period_range
from mentordesk.ui.tasks import TaskRunner

TODAY = date.today()
NOW = datetime.now()


class FakeCsv:
    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[tuple[Path, list[uuid.UUID], uuid.UUID | None]] = []
        self.error = error

    def export(self, path, ids=None, actor_id=None) -> int:
        if self.error:
            raise self.error
        self.calls.append((path, list(ids), actor_id))
        return len(ids)


class FakeCalendar:
    def __init__(self) -> None:
        self.calls: list[tuple[Path, uuid.UUID | None]] = []

    def export_planned(self, path, worker_id=None, ids=None, today=None) -> int:
        self.calls.append((path, worker_id))
        return 3


@pytest.fixture
def people(session_factory):
    mentees = MenteeService(session_factory)
    organisation = OrganisationService(session_factory)
    ana = organisation.save_worker(WorkerForm("Ana Nowak"))
    ben = organisation.save_worker(WorkerForm("Ben Okafor"))
    zoe = mentees.create(MenteeForm("Zoë", "Ødegård", date(2005, 3, 1)))
    jan = mentees.create(MenteeForm("Jan", "Novák", date(2003, 7, 9)))
    return zoe, jan, ana, ben


def form(*participants: Participant, **values) -> SessionForm:
    fields = dict(participants=participants, start_time=time(10, 0), duration_minutes=60,
                  mode=SessionMode.IN_PERSON)
    fields.update(values)
    return SessionForm(**fields)


@pytest.fixture
def logged(session_factory, people):
    """Held two days ago (Ana, Zoë), a group 40 days ago (Ben, Jan no-show), planned ahead (Ana), one from
    last year cancelled (Ben)."""
    zoe, jan, ana, ben = people
    service = SessionService(session_factory)
    recent = service.log(form(Participant(zoe.id), session_date=TODAY - timedelta(days=2), mentor_id=ana.id,
                              step=PathwayStep.ASSESSMENT,
                              follow_ups=(FollowUpForm("Call the college"),)), now=NOW)
    group = service.log(form(Participant(zoe.id), Participant(jan.id, Attendance.NO_SHOW),
                             session_date=TODAY - timedelta(days=40), mentor_id=ben.id, mode=SessionMode.VIDEO_CALL,
                             platform=Platform.ZOOM, step=PathwayStep.LEARNING_OFFER), now=NOW)
    planned = service.log(form(Participant(jan.id), session_date=TODAY + timedelta(days=3), mentor_id=ana.id,
                               status=SessionStatus.PLANNED, mode=SessionMode.PHONE), now=NOW)
    old = service.log(form(Participant(zoe.id), session_date=date(TODAY.year - 1, 6, 15), mentor_id=ben.id,
                           status=SessionStatus.CANCELLED), now=NOW)
    return recent, group, planned, old


@pytest.fixture
def current_worker(people, tmp_path) -> CurrentWorker:
    worker = CurrentWorker(tmp_path / "settings.json")
    worker.set(people[2].id)
    return worker


@pytest.fixture
def events() -> DataEvents:
    return DataEvents()


@pytest.fixture
def fakes() -> tuple[FakeCsv, FakeCalendar]:
    return FakeCsv(), FakeCalendar()


@pytest.fixture
def page(qtbot, session_factory, logged, current_worker, events, fakes) -> SessionsPage:
    csv, calendar = fakes
    page = SessionsPage(SessionService(session_factory), OrganisationService(session_factory), csv, calendar,
                        TaskRunner(), current_worker, events)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def shown_ids(page: SessionsPage) -> list[uuid.UUID]:
    return page.model.ids()


def choose(combo, value) -> None:
    index = combo.findData(value.hex if isinstance(value, uuid.UUID) else value)
    assert index >= 0
    combo.setCurrentIndex(index)


def select(page: SessionsPage, session_id: uuid.UUID) -> None:
    page.table.selectRow(page.model.row_of(session_id))


def test_opening_lists_every_session_newest_first(page: SessionsPage, logged) -> None:
    recent, group, planned, old = logged
    assert shown_ids(page) == [planned.id, recent.id, group.id, old.id]
    assert page.count_label.text() == "Sessions shown: 4"
    assert page.mentor_filter.currentText() == "Everyone"
    assert [page.mentor_filter.itemText(i) for i in range(page.mentor_filter.count())] == [
        "Everyone", "Ana Nowak", "Ben Okafor"]
    assert page.stack.currentWidget() is page.table
    assert not page.date_from.isVisible()


def test_each_filter_changes_the_query_and_the_count(page: SessionsPage, logged, people) -> None:
    recent, group, planned, old = logged
    _zoe, _jan, ana, ben = people
    choose(page.mode_filter, SessionMode.VIDEO_CALL)
    assert page.model.query.mode is SessionMode.VIDEO_CALL
    assert shown_ids(page) == [group.id] and page.count_label.text() == "Sessions shown: 1"
    choose(page.mode_filter, None)
    choose(page.step_filter, PathwayStep.ASSESSMENT)
    assert shown_ids(page) == [recent.id]
    choose(page.step_filter, None)
    choose(page.status_filter, SessionStatus.PLANNED)
    assert shown_ids(page) == [planned.id]
    choose(page.status_filter, None)
    choose(page.attendance_filter, Attendance.NO_SHOW)
    assert page.model.query.attendance is Attendance.NO_SHOW and shown_ids(page) == [group.id]
    choose(page.attendance_filter, None)
    choose(page.mentor_filter, ben.id)
    assert page.model.query.mentor_id == ben.id and shown_ids(page) == [group.id, old.id]
    choose(page.mentor_filter, ana.id)
    assert shown_ids(page) == [planned.id, recent.id]
    choose(page.mentor_filter, None)
    choose(page.period_filter, Period.LAST_3_MONTHS)
    assert (page.model.query.date_from, page.model.query.date_to) == period_range(Period.LAST_3_MONTHS, TODAY)
    assert shown_ids(page) == [recent.id, group.id], "the plan lies ahead, the cancelled one a year back"
    choose(page.period_filter, Period.ALL)
    assert page.count_label.text() == "Sessions shown: 4"


def test_a_custom_period_starts_from_the_preset_and_follows_the_dates(qtbot, page: SessionsPage, logged) -> None:
    recent, group, planned, old = logged
    choose(page.period_filter, Period.YEAR)
    choose(page.period_filter, Period.CUSTOM)
    assert page.date_from.isVisible() and page.date_to.isVisible()
    assert (page.date_from.value(), page.date_to.value()) == period_range(Period.YEAR, TODAY)
    page.date_from.set_value(old.form.session_date)
    page.date_to.set_value(TODAY)
    qtbot.waitUntil(lambda: page.model.query.date_to == TODAY, timeout=2_000)
    assert shown_ids(page) == [recent.id, group.id, old.id]
    page.date_from.set_value(None)
    page.date_to.set_value(None)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=2_000)
    choose(page.period_filter, Period.ALL)
    assert not page.date_from.isVisible()


def test_the_mentee_filter_ignores_accents_and_an_unknown_name(qtbot, page: SessionsPage, logged, people) -> None:
    recent, group, _planned, old = logged
    zoe, *_ = people
    field = page.mentee_filter
    field.setFocus()
    qtbot.keyClicks(field, "zoe ode")
    suggestions = field.completer().model().stringList()
    assert suggestions == [f"Zoë Ødegård ({zoe.reference_code})"]
    field.completer().activated[str].emit(suggestions[0])
    assert page.model.query.mentee_id == zoe.id
    assert shown_ids(page) == [recent.id, group.id, old.id]
    assert page.mentee_hint.isHidden()

    field.setText("Nobody Here")
    field.resolve()
    assert page.model.query.mentee_id is None and page.model.rowCount() == 4
    assert page.mentee_hint.text() == "No mentee by that name: not filtered."
    assert not page.mentee_hint.isHidden()

    field.setText("ZOE")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert page.model.query.mentee_id == zoe.id, "a name only one mentee has is enough"
    assert field.text() == f"Zoë Ødegård ({zoe.reference_code})"
    field.clear()
    assert page.model.query.mentee_id is None and page.model.rowCount() == 4
    assert page.mentee_hint.isHidden()


def test_several_matches_filter_nothing_and_say_so(page: SessionsPage, session_factory) -> None:
    MenteeService(session_factory).create(MenteeForm("Zoe", "Smith", date(2006, 1, 1)))
    page.mentee_filter.setText("zoe")
    page.mentee_filter.resolve()
    assert page.model.query.mentee_id is None
    assert page.mentee_hint.text() == "Several mentees match: pick one."


def test_columns_that_cannot_be_sorted_leave_the_indicator_where_it_was(page: SessionsPage) -> None:
    header = page.table.horizontalHeader()
    date_column = SessionTableModel.COLUMNS.index(TableColumn.DATE)
    assert header.sortIndicatorSection() == date_column
    header.setSortIndicator(SessionTableModel.COLUMNS.index(TableColumn.MENTEES), Qt.SortOrder.AscendingOrder)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (date_column,
                                                                            Qt.SortOrder.DescendingOrder)
    duration = SessionTableModel.COLUMNS.index(TableColumn.DURATION)
    header.setSortIndicator(duration, Qt.SortOrder.AscendingOrder)
    header.setSortIndicator(SessionTableModel.COLUMNS.index(TableColumn.TOPICS), Qt.SortOrder.DescendingOrder)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (duration, Qt.SortOrder.AscendingOrder)
    assert not page.model.query.descending


def test_open_and_record_as_held_carry_the_selected_session(qtbot, page: SessionsPage, logged) -> None:
    recent, _group, planned, _old = logged
    assert not page.open_button.isEnabled() and not page.delete_button.isEnabled()
    select(page, recent.id)
    assert page.open_button.isEnabled() and not page.record_held_button.isEnabled(), "held already"
    with qtbot.waitSignal(page.open_session_requested) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [recent.id]
    page.table.setFocus()
    with qtbot.waitSignal(page.open_session_requested) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [recent.id]
    select(page, planned.id)
    assert page.record_held_button.isEnabled()
    with qtbot.waitSignal(page.record_held_requested) as recorded:
        qtbot.mouseClick(page.record_held_button, Qt.MouseButton.LeftButton)
    assert recorded.args == [planned.id]
    with qtbot.waitSignal(page.log_session_requested):
        qtbot.mouseClick(page.log_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.plan_session_requested):
        qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)


def test_delete_asks_first_then_deletes_and_announces_the_change(qtbot, page: SessionsPage, logged, events,
                                                                 monkeypatch, session_factory) -> None:
    recent, group, planned, old = logged
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_args: asked.append(text) or answer)
    changes: list[Changes] = []
    events.changed.connect(changes.append)
    select(page, group.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "Ødegård" in asked[0] and "Novák" in asked[0]
    when = page.model.data(page.model.index(page.model.row_of(group.id), 0))
    assert when in asked[0]
    assert changes == [] and page.model.rowCount() == 4, "answering No keeps it"

    answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(page.status_message):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert changes and changes[0].touches(ChangeKind.SESSIONS) and changes[0].touches(ChangeKind.FOLLOW_UPS)
    assert SessionService(session_factory).search_ids(SessionQuery()) == [k.hex for k in (planned.id, recent.id,
                                                                                          old.id)]
    assert shown_ids(page) == [planned.id, recent.id, old.id], "the page refreshed"


def test_a_refused_delete_is_explained(page: SessionsPage, logged, monkeypatch) -> None:
    recent, *_ = logged
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_args: warnings.append(text))

    def refuse(_session_id, _actor_id) -> None:
        raise DomainError("This session is locked.")

    monkeypatch.setattr(page._sessions, "delete", refuse)
    select(page, recent.id)
    page.delete_selected()
    assert warnings == ["This session is locked."] and page.model.rowCount() == 4


def test_the_selection_stays_on_its_session_when_the_list_reloads(page: SessionsPage, logged, people, events,
                                                                  session_factory) -> None:
    _recent, group, _planned, _old = logged
    zoe, *_ = people
    select(page, group.id)
    SessionService(session_factory).log(form(Participant(zoe.id), session_date=TODAY), now=NOW)
    events.emit_changed(Changes.of(ChangeKind.SESSIONS))
    assert page.model.rowCount() == 5
    assert page.selected_id() == group.id


def test_export_csv_sends_the_sessions_shown_in_order(qtbot, page: SessionsPage, logged, people, fakes,
                                                      current_worker, monkeypatch, tmp_path) -> None:
    recent, _group, planned, _old = logged
    csv, _calendar = fakes
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(tmp_path / "mine"), ""))
    choose(page.mentor_filter, people[2].id)
    with qtbot.waitSignal(page.status_message, timeout=5_000) as message:
        qtbot.mouseClick(page.export_csv_button, Qt.MouseButton.LeftButton)
    assert csv.calls == [(tmp_path / "mine.csv", [planned.id, recent.id], current_worker.id)]
    assert message.args == [f"Export done: rows 2, in {tmp_path / 'mine.csv'}."]


def test_export_calendar_uses_the_mentor_chosen(qtbot, page: SessionsPage, people, fakes, monkeypatch,
                                                tmp_path) -> None:
    _csv, calendar = fakes
    target = tmp_path / "plans.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    with qtbot.waitSignal(page.status_message, timeout=5_000):
        page.export_calendar()
    choose(page.mentor_filter, people[3].id)
    with qtbot.waitSignal(page.status_message, timeout=5_000) as message:
        qtbot.mouseClick(page.export_calendar_button, Qt.MouseButton.LeftButton)
    assert calendar.calls == [(target, None), (target, people[3].id)]
    assert message.args == [f"Calendar export done: planned sessions 3, in {target}."]


def test_an_export_that_fails_is_explained_and_a_cancelled_dialog_does_nothing(qtbot, page: SessionsPage,
                                                                               monkeypatch, tmp_path) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_args: warnings.append(text))
    page._session_csv = FakeCsv(DomainError("The folder does not exist."))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    page.export_csv()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(tmp_path / "gone" / "s.csv"), ""))
    page.export_csv()
    qtbot.waitUntil(lambda: bool(warnings), timeout=5_000)
    assert warnings == ["The folder does not exist."]


def test_empty_states_tell_no_sessions_from_no_matches(qtbot, session_factory, people, current_worker,
                                                       fakes) -> None:
    page = SessionsPage(SessionService(session_factory), OrganisationService(session_factory), *fakes,
                        TaskRunner(), current_worker, DataEvents())
    qtbot.addWidget(page)
    page.show()
    assert page.stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == "No sessions yet: log one with Ctrl+Shift+N"
    assert page.count_label.text() == "Sessions shown: 0"
    choose(page.mode_filter, SessionMode.CHAT)
    assert page.empty_label.text() == "No sessions match these filters."


@pytest.mark.parametrize(("period", "today", "first_day", "expected"), [
    (Period.ALL, date(2026, 3, 4), 1, (None, None)),
    (Period.WEEK, date(2026, 3, 4), 1, (date(2026, 3, 2), date(2026, 3, 8))),  # a Wednesday, weeks from Monday
    (Period.WEEK, date(2026, 3, 4), 7, (date(2026, 3, 1), date(2026, 3, 7))),  # weeks from Sunday
    (Period.WEEK, date(2026, 3, 8), 1, (date(2026, 3, 2), date(2026, 3, 8))),  # Sunday ends a Monday week
    (Period.MONTH, date(2028, 2, 10), 1, (date(2028, 2, 1), date(2028, 2, 29))),
    (Period.MONTH, date(2026, 12, 31), 1, (date(2026, 12, 1), date(2026, 12, 31))),
    (Period.LAST_3_MONTHS, date(2026, 5, 31), 1, (date(2026, 2, 28), date(2026, 5, 31))),
    (Period.LAST_3_MONTHS, date(2026, 2, 14), 1, (date(2025, 11, 14), date(2026, 2, 14))),
    (Period.YEAR, date(2026, 7, 1), 1, (date(2026, 1, 1), date(2026, 12, 31))),
])
def test_period_presets(period, today, first_day, expected) -> None:
    assert period_range(period, today, first_day) == expected


def test_filter_choices_are_kept_when_the_page_refreshes(page: SessionsPage, people, events) -> None:
    choose(page.mentor_filter, people[3].id)
    choose(page.mode_filter, SessionMode.VIDEO_CALL)
    events.emit_changed(Changes.of(ChangeKind.WORKERS))
    assert page.mentor_filter.currentText() == "Ben Okafor"
    assert page.model.query.mentor_id == people[3].id and page.model.query.mode is SessionMode.VIDEO_CALL


def test_a_suggestion_is_picked_with_the_keyboard(qtbot, page: SessionsPage, people) -> None:
    _zoe, jan, *_ = people
    field = page.mentee_filter
    field.setFocus()
    qtbot.keyClicks(field, "nov")
    popup = field.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2_000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert page.model.query.mentee_id == jan.id
    assert field.text() == f"Jan Novák ({jan.reference_code})"
