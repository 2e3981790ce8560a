"""The Sessions table model: what each column shows, sorting in SQL, rows fetched a block at a time."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtGui import QColor

from mentordesk.enums import Attendance, PathwayStep, Platform, SessionMode, SessionStatus
from mentordesk.services.mentees import MenteeForm, MenteeService
from mentordesk.services.organisation import OrganisationService, WorkerForm
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
from mentordesk.services.session_list import SessionColumn, SessionQuery
from mentordesk.services.sessions import SessionService, key_of
from mentordesk.ui.models.lazy_table import BLOCK
from mentordesk.ui.models.session_table import SessionTableModel, TableColumn
from mentordesk.ui.style import ERROR_COLOUR

TODAY = date.today()
NOW = datetime.now()


def column(name: TableColumn) -> int:
    return SessionTableModel.COLUMNS.index(name)


class CountingSessions:
    """The real service, counting the queries the model makes."""

    def __init__(self, service: SessionService) -> None:
        self._service = service
        self.searches = 0
        self.fetched: list[int] = []

    def search_ids(self, query: SessionQuery):
        self.searches += 1
        return self._service.search_ids(query)

    def rows(self, keys):
        self.fetched.append(len(keys))
        return self._service.rows(keys)


@pytest.fixture
def service(session_factory) -> SessionService:
    return SessionService(session_factory)


@pytest.fixture
def people(session_factory):
    mentees = MenteeService(session_factory)
    mentor = OrganisationService(session_factory).save_worker(WorkerForm("Ana Nowak"))
    zoe = mentees.create(MenteeForm("Zoë", "Ødegård", date(2005, 3, 1)))
    jan = mentees.create(MenteeForm("Jan", "Novák", date(2003, 7, 9)))
    eva = mentees.create(MenteeForm("Eva", "Horváth", date(2004, 1, 2)))
    return zoe, jan, eva, mentor


def session(*participants: Participant, **values) -> SessionForm:
    fields = dict(participants=participants, session_date=TODAY - timedelta(days=1), start_time=time(10, 0),
                  duration_minutes=60, mode=SessionMode.IN_PERSON)
    fields.update(values)
    return SessionForm(**fields)


@pytest.fixture
def logged(service, people):
    """A group session with a no-show and a follow-up, a short one-to-one, a plan overdue and one ahead."""
    zoe, jan, eva, mentor = people
    group = service.log(session(Participant(zoe.id), Participant(jan.id, Attendance.NO_SHOW), Participant(eva.id),
                                session_date=TODAY - timedelta(days=3), start_time=time(14, 5), duration_minutes=90,
                                mode=SessionMode.VIDEO_CALL, platform=Platform.ZOOM, step=PathwayStep.LEARNING_OFFER,
                                topics=("CV", "Interview practice"), mentor_id=mentor.id,
                                follow_ups=(FollowUpForm("Send the CV", TODAY + timedelta(days=4)),)), now=NOW)
    short = service.log(session(Participant(jan.id), session_date=TODAY - timedelta(days=2), start_time=None,
                                duration_minutes=45), now=NOW)
    overdue = service.log(session(Participant(zoe.id), status=SessionStatus.PLANNED,
                                  session_date=TODAY - timedelta(days=5)), now=NOW - timedelta(days=6))
    ahead = service.log(session(Participant(eva.id), status=SessionStatus.PLANNED,
                                session_date=TODAY + timedelta(days=7), duration_minutes=120), now=NOW)
    return group, short, overdue, ahead


def test_model_passes_qt_model_tester(qtmodeltester, workspace, service) -> None:
    workspace.demo.generate(mentees=15, seed=3)
    model = SessionTableModel(service)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == service.count(SessionQuery()) > BLOCK
    assert model.columnCount() == len(TableColumn) == 9
    assert model.headerData(column(TableColumn.DATE), Qt.Orientation.Horizontal) == "Date"
    assert model.headerData(column(TableColumn.FOLLOW_UPS), Qt.Orientation.Horizontal) == "Follow-ups open"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.WhatsThisRole) is None


def shown(model: SessionTableModel, session_id: uuid.UUID, role=Qt.ItemDataRole.DisplayRole) -> dict:
    row = model.row_of(session_id)
    return {name: model.data(model.index(row, column(name)), role) for name in TableColumn}


def test_each_column_shows_the_session_as_people_say_it(service, logged, people) -> None:
    group, short, _overdue, ahead = logged
    model = SessionTableModel(service)
    model.reload()
    assert model.rowCount() == 4
    assert shown(model, group.id) == {
        TableColumn.DATE: f"{_date(group.form.session_date)} {_time(14, 5)}",
        TableColumn.MENTEES: "Eva Horváth, Jan Novák +1",
        TableColumn.DURATION: "1 h 30 min",
        TableColumn.MODE: "Video call · Zoom",
        TableColumn.STEP: "2 · Learning offer",
        TableColumn.STATUS: "Held · no-shows: 1",
        TableColumn.MENTOR: "Ana Nowak",
        TableColumn.TOPICS: "CV, Interview practice",
        TableColumn.FOLLOW_UPS: "1",
    }
    assert shown(model, short.id) == {
        TableColumn.DATE: _date(short.form.session_date),
        TableColumn.MENTEES: "Jan Novák",
        TableColumn.DURATION: "45 min",
        TableColumn.MODE: "In person",
        TableColumn.STEP: "General",
        TableColumn.STATUS: "Held",
        TableColumn.MENTOR: "",
        TableColumn.TOPICS: "",
        TableColumn.FOLLOW_UPS: "",
    }
    assert shown(model, ahead.id)[TableColumn.DURATION] == "2 h"
    assert shown(model, ahead.id)[TableColumn.STATUS] == "Planned"
    tips = shown(model, group.id, Qt.ItemDataRole.ToolTipRole)
    assert tips[TableColumn.MENTEES] == "Group session, mentees: 3"
    assert tips[TableColumn.TOPICS] == "CV\nInterview practice"


def test_roles_give_native_values_the_row_and_its_id(service, logged) -> None:
    group, short, *_ = logged
    model = SessionTableModel(service)
    model.reload()
    row = model.row_of(group.id)
    native = shown(model, group.id, SessionTableModel.SortRole)
    assert native[TableColumn.DATE] == datetime.combine(group.form.session_date, time(14, 5))
    assert native[TableColumn.DURATION] == 90
    assert native[TableColumn.FOLLOW_UPS] == 1
    assert native[TableColumn.MODE] == SessionMode.VIDEO_CALL.value
    assert model.data(model.index(row, 3), SessionTableModel.RowRole).id == group.id
    assert model.data(model.index(row, 0), SessionTableModel.IdRole) == group.id
    assert model.data(model.index(row, 0), SessionTableModel.KeyRole) == key_of(group.id)
    assert model.session_id(row) == group.id
    assert model.keys()[row] == key_of(group.id) and model.ids()[row] == group.id
    assert model.row_of(uuid.uuid4()) == -1
    right = model.data(model.index(row, column(TableColumn.DURATION)), Qt.ItemDataRole.TextAlignmentRole)
    assert right == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def test_rows_are_fetched_a_block_at_a_time(workspace, service) -> None:
    workspace.demo.generate(mentees=15, seed=3)
    counting = CountingSessions(service)
    model = SessionTableModel(counting)
    model.reload()
    total = model.rowCount()
    assert total > BLOCK + 10 and counting.fetched == [], "opening fetches keys only"
    model.data(model.index(0, 0))
    model.data(model.index(BLOCK - 1, 4))
    assert counting.fetched == [BLOCK], "one query for the first block"
    model.data(model.index(BLOCK + 3, 0))
    model.data(model.index(BLOCK, 0), SessionTableModel.RowRole)
    assert counting.fetched == [BLOCK, min(BLOCK, total - BLOCK)]
    model.data(model.index(5, 0), SessionTableModel.IdRole)
    model.data(model.index(total - 1, 0), SessionTableModel.KeyRole)
    assert len(counting.fetched) == 2, "ids and keys need no row"
    model.reload()
    model.data(model.index(0, 0))
    assert counting.fetched[-1] == BLOCK, "a reload forgets the cached rows"


def test_sorting_requeries_in_sql_except_for_mentees_topics_and_follow_ups(service, logged) -> None:
    counting = CountingSessions(service)
    model = SessionTableModel(counting)
    model.reload()
    assert (model.sort_column(), model.sort_order()) == (column(TableColumn.DATE), Qt.SortOrder.DescendingOrder)
    dates = [model.data(model.index(r, column(TableColumn.DATE)), SessionTableModel.SortRole) for r in range(4)]
    assert dates == sorted(dates, reverse=True)

    model.sort(column(TableColumn.DURATION), Qt.SortOrder.AscendingOrder)
    minutes = [model.data(model.index(r, column(TableColumn.DURATION)), SessionTableModel.SortRole)
               for r in range(4)]
    assert minutes == sorted(minutes) and minutes[0] == 45
    assert model.query.sort is SessionColumn.DURATION and not model.query.descending
    assert model.sort_column() == column(TableColumn.DURATION)
    searches = counting.searches
    for name in (TableColumn.MENTEES, TableColumn.TOPICS, TableColumn.FOLLOW_UPS):
        assert not model.is_sortable(column(name))
        assert model.headerData(column(name), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        model.sort(column(name), Qt.SortOrder.DescendingOrder)
    assert counting.searches == searches, "no query for a column that cannot be sorted"
    assert model.query.sort is SessionColumn.DURATION and not model.query.descending
    assert model.headerData(column(TableColumn.MENTOR), Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.ToolTipRole) is None
    model.sort(column(TableColumn.MENTOR), Qt.SortOrder.DescendingOrder)
    assert model.query.sort is SessionColumn.MENTOR and model.query.descending


def test_a_plan_whose_day_has_passed_stands_out(service, logged) -> None:
    group, _short, overdue, ahead = logged
    model = SessionTableModel(service)
    model.reload()
    for name in (TableColumn.DATE, TableColumn.STATUS):
        brush = model.data(model.index(model.row_of(overdue.id), column(name)), Qt.ItemDataRole.ForegroundRole)
        assert brush.color() == QColor(ERROR_COLOUR)
    tip = model.data(model.index(model.row_of(overdue.id), column(TableColumn.DATE)), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Planned for a day that has passed: record it as held or cancel it"
    for calm in (group, ahead):
        foreground = shown(model, calm.id, Qt.ItemDataRole.ForegroundRole)
        assert set(foreground.values()) == {None}
        assert shown(model, calm.id, Qt.ItemDataRole.ToolTipRole)[TableColumn.DATE] is None


def _date(value: date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat)


def _time(hour: int, minute: int) -> str:
    return QLocale().toString(QTime(hour, minute), QLocale.FormatType.ShortFormat)
