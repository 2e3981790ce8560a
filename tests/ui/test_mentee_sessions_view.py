"""A mentee's Sessions tab: summary figures, hours by month, the timeline and ticking follow-ups."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QStyle, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem

from mentordesk.enums import Attendance, SessionMode, SessionStatus
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.consent import ConsentService
from mentordesk.services.follow_ups import FollowUpService
from mentordesk.services.mentees import MenteeForm, MenteeService
from mentordesk.services.organisation import OrganisationService, WorkerForm
from mentordesk.services.personal_data import PersonalDataService
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
from mentordesk.services.sessions import SessionService
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import format_date
from mentordesk.ui.models.session_timeline import first_line
from mentordesk.ui.pages.mentee_record import MenteeRecordPage
from mentordesk.ui.style import ERROR_COLOUR
from mentordesk.ui.tasks import TaskRunner
from mentordesk.ui.widgets.mentee_sessions_view import MenteeSessionsView
from mentordesk.ui.widgets.monthly_hours_chart import months_to_show

NOW = datetime(2026, 11, 24, 15, 30)
TODAY = NOW.date()


@pytest.fixture
def sessions(session_factory) -> SessionService:
    return SessionService(session_factory)


@pytest.fixture
def people(session_factory):
    mentees = MenteeService(session_factory)
    mentor = OrganisationService(session_factory).save_worker(WorkerForm("Ana Nowak"))
    zoe = mentees.create(MenteeForm("Zoë", "Ødegård", date(2005, 3, 1)), today=TODAY)
    jan = mentees.create(MenteeForm("Jan", "Novák", date(2003, 7, 9)), today=TODAY)
    ola = mentees.create(MenteeForm("Ola", "Berg", date(2004, 1, 2)), today=TODAY)
    return zoe, jan, ola, mentor


def _session(mentee, day: date, minutes: int, **changes) -> SessionForm:
    values = dict(participants=(Participant(mentee.id),), session_date=day, start_time=time(10, 0),
                  duration_minutes=minutes, mode=SessionMode.IN_PERSON)
    values.update(changes)
    return SessionForm(**values)


@pytest.fixture
def zoe_sessions(sessions: SessionService, people):
    """Zoë's year: 4 h 5 min attended in 4 sessions (one over a year ago), a no-show, a cancelled session,
    a group session with Jan, a plan that was never recorded, one ahead, and three follow-ups."""
    zoe, jan, _, mentor = people
    log = sessions.log
    log(_session(zoe, date(2025, 10, 15), 50), now=NOW)
    log(_session(zoe, date(2026, 9, 10), 90, notes="\n  Practised interview answers.  \nThen the CV.",
                 mentor_id=mentor.id, follow_ups=(
                     FollowUpForm("Send the CV to the bakery", date(2026, 11, 1)),
                     FollowUpForm("Call the youth centre", date(2026, 9, 20), done=True),
                 )), now=NOW)
    log(_session(zoe, date(2026, 9, 22), 45), now=NOW)
    log(_session(zoe, date(2026, 10, 5), 30, participants=(Participant(zoe.id, Attendance.NO_SHOW),)), now=NOW)
    log(_session(zoe, date(2026, 10, 20), 60, status=SessionStatus.CANCELLED), now=NOW)
    log(_session(zoe, date(2026, 11, 3), 60, participants=(Participant(zoe.id), Participant(jan.id)),
                 mode=SessionMode.VIDEO_CALL), now=NOW)
    log(_session(zoe, date(2026, 11, 10), 60, status=SessionStatus.PLANNED), now=datetime(2026, 11, 1, 9, 0))
    log(_session(zoe, date(2026, 12, 3), 45, status=SessionStatus.PLANNED,
                 follow_ups=(FollowUpForm("Bring ID", date(2026, 12, 10)),)), now=NOW)
    return sessions.for_mentee(zoe.id)


@pytest.fixture
def view(qtbot) -> MenteeSessionsView:
    view = MenteeSessionsView()
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    return view


def test_summary_and_hours_by_month(view: MenteeSessionsView, zoe_sessions) -> None:
    view.show_sessions(zoe_sessions, today=TODAY)
    summary = view.summary.text()
    assert "4 h 5 min" in summary
    assert "Sessions attended: 4" in summary and "No-shows: 1" in summary
    assert f"Next planned: {format_date(date(2026, 12, 3))}" in summary
    assert "Planned sessions to record: 1" in summary and ERROR_COLOUR in summary
    months = view.chart.months
    assert len(months) == 12 and months[0] == (date(2025, 12, 1), 0) and months[-1][0] == date(2026, 11, 1), \
        "the last twelve months up to now; October 2025 falls outside"
    assert dict(months)[date(2026, 9, 1)] == 135 and dict(months)[date(2026, 11, 1)] == 60
    assert dict(months)[date(2026, 10, 1)] == 0, "a no-show and a cancelled session add no hours"
    assert "September 2026: 2 h 15 min" in view.chart.accessibleDescription()
    assert view.stack.currentWidget() is view.content


@pytest.mark.parametrize(("data", "expected"), [
    ((), []),
    (((date(2026, 11, 1), 30),), [(date(2026, 11, 1), 30)]),
    (((date(2026, 8, 1), 30),), [(date(2026, 8, 1), 30), (date(2026, 9, 1), 0), (date(2026, 10, 1), 0),
                                 (date(2026, 11, 1), 0)]),
    (((date(2023, 2, 1), 20), (date(2024, 1, 1), 40), (date(2024, 3, 1), 60)),
     [(date(2023, 4, 1), 0)] + [(date(2023, m, 1), 0) for m in range(5, 13)]
     + [(date(2024, 1, 1), 40), (date(2024, 2, 1), 0), (date(2024, 3, 1), 60)]),
])
def test_months_shown_end_now_while_recent_else_at_the_last_hours(data, expected) -> None:
    assert months_to_show(data, TODAY) == expected


def test_timeline_rows(qtmodeltester, view: MenteeSessionsView, zoe_sessions) -> None:
    view.show_sessions(zoe_sessions, today=TODAY)
    model = view.model
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(zoe_sessions.entries) == 8

    def text(row: int, column: int) -> str:
        return model.data(model.index(row, column))

    assert text(0, model.DATE) == format_date(date(2026, 12, 3)) and text(0, model.ATTENDANCE) == "Planned"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).italic()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None, "a plan ahead is not an error"
    assert text(1, model.ATTENDANCE) == "Planned, not recorded"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole).color() == QColor(ERROR_COLOUR)
    assert text(2, model.GROUP) == "Group of 2" and text(2, model.HOW) == "Video call"
    assert text(3, model.ATTENDANCE) == "Cancelled" and text(4, model.ATTENDANCE) == "No-show"
    sept = 6
    assert text(sept, model.DURATION) == "1 h 30 min" and text(sept, model.MENTOR) == "Ana Nowak"
    assert text(sept, model.NOTES) == "Practised interview answers."
    assert "Then the CV." in model.data(model.index(sept, model.NOTES), Qt.ItemDataRole.ToolTipRole)
    assert text(sept, model.GROUP) == "" and text(sept, model.TIME) != ""


def test_first_line_of_notes() -> None:
    assert first_line(None) == "" and first_line(" \n\n  a <b> \nb") == "a <b>"


def test_follow_ups_open_first_overdue_in_red(view: MenteeSessionsView, zoe_sessions) -> None:
    view.show_sessions(zoe_sessions, today=TODAY)
    items = [view.follow_ups.topLevelItem(i) for i in range(view.follow_ups.topLevelItemCount())]
    assert [(i.text(0), i.checkState(0)) for i in items] == [
        ("Send the CV to the bakery", Qt.CheckState.Unchecked), ("Bring ID", Qt.CheckState.Unchecked),
        ("Call the youth centre", Qt.CheckState.Checked)]
    assert items[0].foreground(1).color() == QColor(ERROR_COLOUR)
    assert items[1].foreground(1).color() != QColor(ERROR_COLOUR)
    assert items[2].text(1).startswith("Done ")
    assert "open: 2" in view.follow_ups_heading.text() and "overdue: 1" in view.follow_ups_heading.text()


def test_double_click_and_enter_open_the_session(qtbot, view: MenteeSessionsView, zoe_sessions) -> None:
    view.show_sessions(zoe_sessions, today=TODAY)
    tree = view.timeline
    rect = tree.visualRect(view.model.index(2, 1))
    with qtbot.waitSignal(view.open_session_requested) as opened:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [zoe_sessions.entries[2].session_id]
    tree.setFocus()
    tree.setCurrentIndex(view.model.index(5, 0))
    with qtbot.waitSignal(view.open_session_requested) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [zoe_sessions.entries[5].session_id]


def test_empty_state_offers_to_log(qtbot, view: MenteeSessionsView, sessions, people) -> None:
    ola = people[2]
    view.show_sessions(sessions.for_mentee(ola.id), today=TODAY)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.title_label.text() == "No sessions yet"
    with qtbot.waitSignal(view.log_session_requested):
        qtbot.mouseClick(view.empty_log_button, Qt.MouseButton.LeftButton)


# ---- on the record page


@pytest.fixture
def record(qtbot, session_factory, tmp_path) -> MenteeRecordPage:
    page = MenteeRecordPage(
        MenteeService(session_factory), ConsentService(session_factory), OrganisationService(session_factory),
        PersonalDataService(session_factory, tmp_path), TaskRunner(), CurrentWorker(tmp_path / "settings.json"),
        DataEvents(), sessions=SessionService(session_factory), follow_ups=FollowUpService(session_factory))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    return page


def _click_check_box(qtbot, tree: QTreeWidget, item: QTreeWidgetItem) -> None:
    """Click where the style draws the item's check box, as a person would."""
    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    option.rect = tree.visualItemRect(item)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def test_one_click_ticks_a_follow_up_through_the_service_and_refreshes(qtbot, record: MenteeRecordPage,
                                                                       zoe_sessions, people, monkeypatch) -> None:
    zoe = people[0]
    record.show_mentee(zoe.id)
    record.tabs.setCurrentWidget(record.sessions_tab)
    view = record.sessions_tab
    assert view.follow_ups.topLevelItemCount() == 3
    calls = []
    set_done = record._follow_ups.set_done
    monkeypatch.setattr(record._follow_ups, "set_done", lambda *args, **kw: calls.append(args) or set_done(*args, **kw))
    changes: list[Changes] = []
    record._events.changed.connect(changes.append)
    first = view.follow_ups.topLevelItem(0)
    ticked = first.data(0, Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(record.status_message) as message:
        _click_check_box(qtbot, view.follow_ups, first)
    assert calls == [(ticked, True)] and message.args == ["Follow-up marked done."]
    assert changes == [Changes.of(ChangeKind.FOLLOW_UPS)]
    after = {view.follow_ups.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): view.follow_ups.topLevelItem(i)
             for i in range(view.follow_ups.topLevelItemCount())}
    assert after[ticked].checkState(0) == Qt.CheckState.Checked, "the list was read again"
    assert "open: 1" in view.follow_ups_heading.text()
    assert not next(f for f in record._sessions.for_mentee(zoe.id).follow_ups if f.id == ticked).is_open

    with qtbot.waitSignal(record.status_message) as message:  # and undone
        _click_check_box(qtbot, view.follow_ups, after[ticked])
    assert calls[-1] == (ticked, False) and message.args == ["Follow-up opened again."]
    assert "open: 2" in view.follow_ups_heading.text()


def test_space_ticks_the_current_follow_up_and_the_next_one_comes_under_the_cursor(
        qtbot, record: MenteeRecordPage, zoe_sessions, people) -> None:
    record.show_mentee(people[0].id)
    record.tabs.setCurrentWidget(record.sessions_tab)
    tree = record.sessions_tab.follow_ups
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0))
    for text in ("Send the CV to the bakery", "Bring ID"):
        assert tree.currentItem().text(0) == text
        with qtbot.waitSignal(record.status_message):
            qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert "open: 0" in record.sessions_tab.follow_ups_heading.text()
    assert all(not f.is_open for f in record._sessions.for_mentee(people[0].id).follow_ups)


def test_ticking_a_follow_up_deleted_meanwhile_warns_and_refreshes(qtbot, record: MenteeRecordPage,
                                                                   zoe_sessions, people, monkeypatch) -> None:
    record.show_mentee(people[0].id)
    view = record.sessions_tab
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    bring_id = next(view.follow_ups.topLevelItem(i) for i in range(3) if view.follow_ups.topLevelItem(i).text(0)
                    == "Bring ID")
    record._sessions.delete(zoe_sessions.entries[0].session_id)  # its follow-up goes with it
    bring_id.setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings == ["This follow-up no longer exists."]
    assert view.follow_ups.topLevelItemCount() == 2 and view.model.rowCount() == 7


def test_record_page_refreshes_the_tab_and_forwards_requests(qtbot, record: MenteeRecordPage, zoe_sessions,
                                                             people) -> None:
    zoe, _, ola, _ = people
    record.show_mentee(zoe.id)
    view = record.sessions_tab
    assert view.model.rowCount() == 8
    record._sessions.log(_session(zoe, TODAY - timedelta(days=1), 20), now=NOW)
    record._events.emit_changed(Changes.of(ChangeKind.SESSIONS))
    assert view.model.rowCount() == 9

    with qtbot.waitSignal(record.log_session_requested) as logged:
        qtbot.mouseClick(record.log_session_button, Qt.MouseButton.LeftButton)
    assert logged.args == [zoe.id]
    with qtbot.waitSignal(record.open_session_requested) as opened:
        view.timeline.activated.emit(view.model.index(3, 0))
    assert opened.args == [view.model.entry(3).session_id]

    record.show_mentee(ola.id)
    assert view.stack.currentWidget() is view.empty
    with qtbot.waitSignal(record.log_session_requested) as logged:
        qtbot.mouseClick(view.empty_log_button, Qt.MouseButton.LeftButton)
    assert logged.args == [ola.id]
