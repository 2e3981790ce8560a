"""The Today page, driven as a youth worker would on a small hand-built caseload."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from mentordesk.db.models import (
    Enrolment,
    FollowUp,
    Mentee,
    MenteeStatusChange,
    MentoringSession,
    Programme,
    SessionAttendance,
    Worker,
)
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import Attendance, MenteeStatus, SessionMode, SessionStatus
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.follow_ups import FollowUpService
from mentordesk.services.organisation import OrganisationService
from mentordesk.services.today import TodayService
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pages.today import TodayPage
from mentordesk.ui.style import ERROR_COLOUR
from mentordesk.ui.widgets.today_section import TodayRow, TodayRowsModel, TodaySection

TODAY = date(2026, 11, 24)


class Data:
    """Me and a colleague, one mentee each, in a programme that ends next week."""

    def __init__(self, session_factory) -> None:
        self._factory = session_factory
        self.me, self.colleague = uuid.uuid4(), uuid.uuid4()
        self.mine, self.theirs = uuid.uuid4(), uuid.uuid4()
        self.programme = uuid.uuid4()
        self.my_session, self.their_session = uuid.uuid4(), uuid.uuid4()
        self.overdue, self.due_today, self.their_follow_up = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        rows: list[object] = [
            Worker(id=self.me, full_name="Marta Nowak"), Worker(id=self.colleague, full_name="Jonas Šimkus"),
            Programme(id=self.programme, name="Work Ready", start_date=TODAY - timedelta(days=200),
                      end_date=TODAY + timedelta(days=5), framework_id=key_competences_id()),
        ]
        for mentee_id, first, code in ((self.mine, "Zsófia", "MD-0001"), (self.theirs, "Ana", "MD-0002")):
            rows.append(Mentee(id=mentee_id, reference_code=code, first_name=first, last_name="Horváth",
                               sort_name=f"horvath {first.lower()}", status=MenteeStatus.ACTIVE))
        self._add(*rows)  # parents first: the rows below refer to them
        for mentee_id, mentor in ((self.mine, self.me), (self.theirs, self.colleague)):
            self._add(MenteeStatusChange(mentee_id=mentee_id, status=MenteeStatus.ACTIVE,
                                         changed_on=TODAY - timedelta(days=100)),
                      Enrolment(mentee_id=mentee_id, programme_id=self.programme, mentor_id=mentor,
                                started_on=TODAY - timedelta(days=100)))
        self.session(self.my_session, TODAY, self.me, self.mine, SessionStatus.PLANNED, time(10))
        self.session(self.their_session, TODAY + timedelta(days=2), self.colleague, self.theirs,
                     SessionStatus.PLANNED)
        self.session(uuid.uuid4(), TODAY - timedelta(days=40), self.me, self.mine, SessionStatus.HELD)
        self.session(uuid.uuid4(), TODAY - timedelta(days=3), self.colleague, self.theirs, SessionStatus.HELD)
        self._add(
            FollowUp(id=self.overdue, text="Send the CV", due_date=TODAY - timedelta(days=2), mentee_id=self.mine,
                     owner_id=self.me),
            FollowUp(id=self.due_today, text="Call the college", due_date=TODAY, mentee_id=self.mine,
                     owner_id=self.me),
            FollowUp(id=self.their_follow_up, text="Book the room", due_date=TODAY + timedelta(days=1),
                     mentee_id=self.theirs, owner_id=self.colleague),
        )

    def _add(self, *rows: object) -> None:
        with self._factory.begin() as session:
            session.add_all(rows)

    def session(self, session_id: uuid.UUID, day: date, mentor: uuid.UUID, mentee: uuid.UUID,
                status: SessionStatus, start: time | None = None) -> None:
        self._add(MentoringSession(id=session_id, session_date=day, status=status, mentor_id=mentor, start_time=start,
                                   duration_minutes=60, mode=SessionMode.IN_PERSON))
        self._add(SessionAttendance(session_id=session_id, mentee_id=mentee,
                                    attendance=Attendance.ATTENDED if status is SessionStatus.HELD
                                    else Attendance.EXPECTED))

    def follow_up(self, text: str, due: date, mentee: uuid.UUID, owner: uuid.UUID) -> None:
        self._add(FollowUp(text=text, due_date=due, mentee_id=mentee, owner_id=owner))

    def done_at(self, follow_up_id: uuid.UUID):
        with self._factory() as session:
            return session.get(FollowUp, follow_up_id).done_at


class Clock:
    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def data(session_factory) -> Data:
    return Data(session_factory)


@pytest.fixture
def current_worker(tmp_path, data: Data) -> CurrentWorker:
    worker = CurrentWorker(tmp_path / "settings.json")
    worker.set(data.me)
    return worker


@pytest.fixture
def events() -> DataEvents:
    return DataEvents()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_page(qtbot, session_factory, current_worker, events, clock) -> TodayPage:
    page = TodayPage(TodayService(session_factory), FollowUpService(session_factory),
                     OrganisationService(session_factory), current_worker, events, clock=clock)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


@pytest.fixture
def page(qtbot, session_factory, data, current_worker, events, clock) -> TodayPage:
    return make_page(qtbot, session_factory, current_worker, events, clock)


def cells(section: TodaySection) -> list[tuple[str, ...]]:
    model = section.model
    return [tuple(model.data(model.index(r, c)) for c in range(model.columnCount())) for r in range(model.rowCount())]


def row_centre(section: TodaySection, row: int) -> QPoint:
    return section.view.visualRect(section.model.index(row, 1)).center()


def double_click(qtbot, section: TodaySection, row: int) -> None:
    """A real double-click: QTest's alone skips the first press the view needs."""
    qtbot.mouseClick(section.view.viewport(), Qt.MouseButton.LeftButton, pos=row_centre(section, row))
    qtbot.mouseDClick(section.view.viewport(), Qt.MouseButton.LeftButton, pos=row_centre(section, row))


def check_box_centre(section: TodaySection, row: int) -> QPoint:
    option = QStyleOptionViewItem()
    option.initFrom(section.view)
    option.rect = section.view.visualRect(section.model.index(row, 0))
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    return section.view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option,
                                               section.view).center()


def test_my_caseload_lists_fill_with_headings_and_counts(page: TodayPage, data: Data) -> None:
    assert page.my_caseload.isChecked() and page.my_caseload.isEnabled()
    assert page.sessions_today.heading.text() == "Today's sessions (1)"
    when, who, mentor = cells(page.sessions_today)[0]
    assert (who, mentor) == ("Zsófia Horváth", "") and when, "my own sessions do not repeat my name"
    assert page.sessions_this_week.view.isHidden()
    assert page.sessions_this_week.empty_label.text() == "Nothing else planned this week."
    assert not page.sessions_this_week.empty_label.isHidden()
    assert cells(page.follow_ups_overdue)[0][:2] == ("Send the CV", "Zsófia Horváth")
    assert cells(page.follow_ups_due) == [("Call the college", "Zsófia Horváth", "Due today", "")]
    assert page.no_contact.heading.text() == "No session for over 21 days (1)"
    assert cells(page.no_contact)[0][2] == "40 days"
    assert cells(page.programmes_ending)[0][0::2] == ("Work Ready", "My mentees: 1")


def test_overdue_dates_stand_out(page: TodayPage) -> None:
    overdue, due = page.follow_ups_overdue.model, page.follow_ups_due.model
    assert overdue.data(overdue.index(0, 2), Qt.ItemDataRole.ForegroundRole).name() == ERROR_COLOUR
    assert overdue.data(overdue.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert due.data(due.index(0, 2), Qt.ItemDataRole.ForegroundRole) is None


def test_switching_to_everyone_shows_colleagues_work(qtbot, page: TodayPage, data: Data) -> None:
    qtbot.mouseClick(page.everyone, Qt.MouseButton.LeftButton)
    assert page.scope_worker_id() is None
    assert [row[2:] for row in cells(page.sessions_this_week)] == [("Ana Horváth", "with Jonas Šimkus")]
    assert page.follow_ups_due.heading.text() == "Follow-ups due this week (2)"
    assert [row[3] for row in cells(page.follow_ups_due)] == ["Marta Nowak", "Jonas Šimkus"]
    assert cells(page.programmes_ending)[0][2] == "Enrolled: 2"
    qtbot.mouseClick(page.my_caseload, Qt.MouseButton.LeftButton)
    assert page.scope_worker_id() == data.me
    assert page.follow_ups_due.heading.text() == "Follow-ups due this week (1)"


def test_one_click_ticks_a_follow_up_done_and_undo_brings_it_back(qtbot, page: TodayPage, data: Data,
                                                                  events: DataEvents) -> None:
    seen: list[Changes] = []
    events.changed.connect(seen.append)
    section = page.follow_ups_overdue
    qtbot.mouseClick(section.view.viewport(), Qt.MouseButton.LeftButton, pos=check_box_centre(section, 0))
    qtbot.waitUntil(lambda: section.model.rowCount() == 0)
    assert data.done_at(data.overdue) is not None
    assert seen == [Changes.of(ChangeKind.FOLLOW_UPS)]
    assert section.heading.text() == "Overdue follow-ups (0)"
    assert section.empty_label.text() == "Nothing overdue."
    assert page.status_label.text() == "Done: “Send the CV”."
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert data.done_at(data.overdue) is None
    assert [row[0] for row in cells(section)] == ["Send the CV"]
    assert page.undo_button.isHidden()


def test_clicking_elsewhere_on_a_row_does_not_tick_it_but_space_does(qtbot, page: TodayPage, data: Data) -> None:
    section = page.follow_ups_due
    qtbot.mouseClick(section.view.viewport(), Qt.MouseButton.LeftButton, pos=row_centre(section, 0))
    qtbot.wait(10)
    assert section.model.rowCount() == 1 and data.done_at(data.due_today) is None
    qtbot.keyClick(section.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: section.model.rowCount() == 0)
    assert data.done_at(data.due_today) is not None


def test_space_ticks_one_row_after_another(qtbot, page: TodayPage, data: Data, events: DataEvents) -> None:
    section = page.follow_ups_overdue
    data.follow_up("Print the certificate", TODAY - timedelta(days=3), data.mine, data.me)
    data.follow_up("Ring the youth club", TODAY - timedelta(days=1), data.mine, data.me)
    events.emit_changed(Changes.of(ChangeKind.FOLLOW_UPS))
    assert [row[0] for row in cells(section)] == ["Print the certificate", "Send the CV", "Ring the youth club"]
    section.view.setFocus()
    section.view.setCurrentIndex(section.model.index(1, 2))
    qtbot.keyClick(section.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: section.model.rowCount() == 2)
    assert section.view.currentIndex().row() == 1, "the place is kept: the next row is current"
    qtbot.keyClick(section.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    assert [row[0] for row in cells(section)] == ["Print the certificate"]
    assert data.done_at(data.overdue) is not None


def test_double_click_and_enter_open_the_right_record(qtbot, page: TodayPage, data: Data) -> None:
    cases = (
        (page.sessions_today, page.open_session_requested, data.my_session),
        (page.follow_ups_overdue, page.open_mentee_requested, data.mine),
        (page.no_contact, page.open_mentee_requested, data.mine),
        (page.programmes_ending, page.open_programme_requested, data.programme),
    )
    for section, signal, expected in cases:
        with qtbot.waitSignal(signal, check_params_cb=lambda opened, want=expected: opened == want):
            double_click(qtbot, section, 0)
        section.view.setFocus()
        section.view.setCurrentIndex(section.model.index(0, 1))
        with qtbot.waitSignal(signal, check_params_cb=lambda opened, want=expected: opened == want):
            qtbot.keyClick(section.view, Qt.Key.Key_Return)
    with qtbot.waitSignal(page.log_session_requested):
        qtbot.mouseClick(page.log_session_button, Qt.MouseButton.LeftButton)


def test_a_new_current_worker_gets_their_own_agenda(page: TodayPage, data: Data, current_worker) -> None:
    current_worker.set(data.colleague)
    assert page.my_caseload.isChecked()
    assert [row[2] for row in cells(page.sessions_this_week)] == ["Ana Horváth"]
    assert page.sessions_today.model.rowCount() == 0
    current_worker.set(None)
    assert page.everyone.isChecked() and not page.my_caseload.isEnabled()
    assert page.follow_ups_due.heading.text() == "Follow-ups due this week (2)"


def test_a_worker_remembered_from_another_database_means_everyone(page: TodayPage, current_worker) -> None:
    current_worker.set(uuid.uuid4())
    assert page.everyone.isChecked() and not page.my_caseload.isEnabled()
    assert page.scope_worker_id() is None
    assert page.follow_ups_due.heading.text() == "Follow-ups due this week (2)"


def test_the_page_moves_on_to_a_new_day(page: TodayPage, clock: Clock) -> None:
    before = page.date_label.text()
    clock.day = TODAY + timedelta(days=1)
    page._date_timer.timeout.emit()
    assert page.date_label.text() != before
    assert [row[0] for row in cells(page.follow_ups_overdue)] == ["Send the CV", "Call the college"]
    assert [row[0] for row in cells(page.sessions_today)] == []


def test_changes_elsewhere_refresh_the_page(page: TodayPage, data: Data, events: DataEvents) -> None:
    data.session(uuid.uuid4(), TODAY, data.me, data.mine, SessionStatus.PLANNED, time(16))
    assert page.sessions_today.model.rowCount() == 1
    events.emit_changed(Changes.of(ChangeKind.CONSENT))  # not something the page shows
    assert page.sessions_today.model.rowCount() == 1
    events.emit_changed(Changes.of(ChangeKind.SESSIONS))
    assert page.sessions_today.model.rowCount() == 2


def test_an_empty_start_says_so_kindly(qtbot, session_factory, tmp_path, events, clock) -> None:
    page = make_page(qtbot, session_factory, CurrentWorker(tmp_path / "settings.json"), events, clock)
    assert page.everyone.isChecked() and not page.my_caseload.isEnabled()
    assert page.my_caseload.toolTip() == "Choose who you are in Settings first."
    texts = {section.empty_label.text() for section in page.sections() if not section.empty_label.isHidden()}
    assert texts == {"Nothing planned today.", "Nothing else planned this week.", "Nothing overdue.",
                     "No follow-ups due this week.", "Everyone has had a session in the last 21 days.",
                     "No programme ends in the next 14 days."}


def test_rows_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = TodayRowsModel(2)
    model.set_rows([TodayRow(("Send the CV", "Due today"), object(), checkable=True, alert=frozenset({1})),
                    TodayRow(("Work Ready", "Ends today"), object())])
    qtmodeltester.check(model, force_py=True)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(model.index(1, 0), Qt.ItemDataRole.CheckStateRole) is None


def test_a_narrow_section_keeps_dates_whole_and_hides_empty_columns(qtbot) -> None:
    section = TodaySection(4, "", whole_columns=frozenset({2}))
    qtbot.addWidget(section)
    section.resize(320, 200)
    section.show()
    name, due = "Someone with a rather long name indeed", "Due 31/12/2026"
    section.set_content("Overdue", [TodayRow(("Send the CV to the college", name, due, ""), object())])
    metrics = section.view.fontMetrics()
    assert section.view.isColumnHidden(3)
    assert section.view.columnWidth(2) > metrics.horizontalAdvance(due)
    assert section.view.columnWidth(1) < metrics.horizontalAdvance(name), "names narrow before dates do"
    assert section.view.columnWidth(0) >= 0.4 * section.view.viewport().width() - 1, "the main text keeps room"
