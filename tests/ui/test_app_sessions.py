"""Sessions in the running app: every way in reaches the one session dialog, and a save shows everywhere.

Driven through the real AppController and MainWindow over a small caseload built with the services:
Ana (the person using MentorDesk) mentors Zoë in "Work Ready", which ends in five days, and Jan in
"Pathways 2027"; Ben mentors Mia in "Work Ready". Jan has a session planned in two days; Zoë was seen
three days ago and agreed a follow-up due today.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from mentordesk.config.paths import AppPaths
from mentordesk.enums import SessionMode, SessionStatus
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.mentees import MenteeColumn, MenteeForm
from mentordesk.services.organisation import ProgrammeForm, WorkerForm
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
from mentordesk.services.today import FollowUpItem, ProgrammeItem
from mentordesk.services.workspace import open_workspace
from mentordesk.ui.app import AppController
from mentordesk.ui.dialogs.session_dialog import SessionDialog
from mentordesk.ui.labels import format_date
from mentordesk.ui.models.mentee_table import MenteeTableModel
from mentordesk.ui.pages.mentees import MenteesPage
from mentordesk.ui.pages.sessions import SessionsPage
from mentordesk.ui.pages.today import TodayPage
from mentordesk.ui.widgets.combo import select_data
from mentordesk.ui.widgets.today_section import TodaySection

TODAY = date.today()
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@dataclass(frozen=True)
class Caseload:
    ana: uuid.UUID
    ben: uuid.UUID
    work_ready: uuid.UUID
    zoe: uuid.UUID
    jan: uuid.UUID
    mia: uuid.UUID
    planned: uuid.UUID  # Jan's, in two days
    call_college: uuid.UUID  # Zoë's follow-up, due today


@pytest.fixture
def caseload(paths: AppPaths) -> Caseload:
    workspace = open_workspace(paths)
    try:
        setup = workspace.setup.complete("Northside Youth Centre", "Ana Nowak", "Pathways 2027")
        ana = setup.worker_id
        ben = workspace.organisation.save_worker(WorkerForm("Ben Okafor")).id
        work_ready = workspace.organisation.save_programme(
            ProgrammeForm("Work Ready", TODAY - timedelta(days=100), TODAY + timedelta(days=5))).id
        mentees = workspace.mentees
        zoe = mentees.create(MenteeForm("Zoë", "Ødegård", date(2005, 3, 1))).id
        jan = mentees.create(MenteeForm("Jan", "Novák", date(2003, 7, 9))).id
        mia = mentees.create(MenteeForm("Mia", "Müller", date(2006, 1, 20))).id
        for mentee, programme, mentor in ((zoe, work_ready, ana), (jan, setup.programme_id, ana),
                                          (mia, work_ready, ben)):
            mentees.enrol(mentee, programme, mentor, TODAY)
        planned = workspace.sessions.log(SessionForm(
            (Participant(jan),), TODAY + timedelta(days=2), 60, SessionMode.IN_PERSON,
            status=SessionStatus.PLANNED, mentor_id=ana)).id
        held = workspace.sessions.log(SessionForm(
            (Participant(zoe),), TODAY - timedelta(days=3), 45, SessionMode.IN_PERSON, mentor_id=ana,
            follow_ups=(FollowUpForm("Call the college", TODAY, ana),)))
        return Caseload(ana, ben, work_ready, zoe, jan, mia, planned,
                        held.form.follow_ups[0].id)
    finally:
        workspace.close()


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch) -> list[str]:
    """Any message box or file dialog would block the test: record it instead, and refuse file choices."""
    shown: list[str] = []
    for name in ("warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text, *args, **kwargs: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: ("", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: "")
    return shown


def _start(qtbot, paths: AppPaths, worker: uuid.UUID) -> AppController:
    controller = AppController(paths)
    controller.current_worker.set(worker)
    qtbot.addWidget(controller.window)
    controller.start()
    qtbot.waitUntil(lambda: controller.session_actions is not None, timeout=15_000)
    return controller


def _stop(controller: AppController) -> None:
    controller.window.close()
    controller.shutdown()


@pytest.fixture
def app(qtbot, paths: AppPaths, caseload: Caseload) -> Iterator[AppController]:
    controller = _start(qtbot, paths, caseload.ana)
    yield controller
    _stop(controller)


def _activate(qtbot, controller: AppController) -> None:
    """Shortcuts need the active window; a dialog closed a moment ago may still hold it."""
    controller.window.activateWindow()
    qtbot.waitUntil(controller.window.isActiveWindow)


def _dialog(controller: AppController) -> SessionDialog:
    assert controller.session_actions is not None
    dialog = controller.session_actions.dialog
    assert dialog is not None, "no session dialog is open"
    return dialog


def _open_session_dialogs(controller: AppController) -> list[SessionDialog]:
    return [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, SessionDialog)
            and widget.parent() is controller.window and widget.isVisible()]


def _close(qtbot, controller: AppController) -> None:
    dialog = _dialog(controller)
    dialog.reject()
    qtbot.waitUntil(lambda: controller.session_actions.dialog is None)


def _activate_row(qtbot, section: TodaySection, target: object) -> None:
    """Enter on the row showing `target`, as a person moving through the Today page would."""
    rows = [row for row in range(section.model.rowCount()) if section.model.row(row).target == target]
    assert rows, f"{target} is not listed"
    section.view.setFocus()
    section.view.setCurrentIndex(section.model.index(rows[0], 0))
    qtbot.keyClick(section.view, Qt.Key.Key_Return)


# ---- the menu and the shortcut


def test_the_session_menu_waits_for_the_data(qtbot, paths: AppPaths, caseload: Caseload) -> None:
    controller = AppController(paths)
    qtbot.addWidget(controller.window)
    window = controller.window
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Session")
    assert [action.text() for action in menu.actions()] == ["&Log session…", "&Plan session…"]
    assert not any(action.isEnabled() for action in menu.actions())
    controller.start()
    assert not any(action.isEnabled() for action in menu.actions()), "the data opens in the background"
    window.log_session_action.trigger()  # a disabled action does nothing, even before there is anything to do
    qtbot.waitUntil(lambda: controller.session_actions is not None, timeout=15_000)
    assert all(action.isEnabled() for action in menu.actions())
    assert controller.session_actions.dialog is None
    window.plan_session_action.trigger()
    assert _dialog(controller).windowTitle() == "Plan a session"
    _close(qtbot, controller)
    _stop(controller)


@pytest.mark.parametrize("page", ["mentees", "settings"])
def test_ctrl_shift_n_logs_a_session_from_any_page_and_only_once(qtbot, app: AppController, page: str) -> None:
    window = app.window
    window.show_page(page)
    _activate(qtbot, app)
    qtbot.keyClick(window.current_page(), Qt.Key.Key_N, CTRL_SHIFT)
    dialog = _dialog(app)
    assert dialog.isVisible() and dialog.windowTitle() == "Log a session"
    assert dialog.mentor.currentData() == app.current_worker.id, "the person using MentorDesk mentors it"

    qtbot.keyClick(dialog.mentees.search, Qt.Key.Key_N, CTRL_SHIFT)  # pressed again, in the dialog
    qtbot.keyClick(window.current_page(), Qt.Key.Key_N, CTRL_SHIFT)  # and on the page beneath it
    window.log_session_action.trigger()  # and from the menu
    assert _dialog(app) is dialog
    assert _open_session_dialogs(app) == [dialog]
    _close(qtbot, app)
    assert window.current_page() is window.page(page), "closing the dialog leaves the page as it was"


def test_the_pages_buttons_open_the_dialog(qtbot, app: AppController) -> None:
    today = _today_page(app)
    qtbot.mouseClick(today.log_session_button, Qt.MouseButton.LeftButton)
    assert _dialog(app).windowTitle() == "Log a session"
    _close(qtbot, app)
    sessions = _sessions_page(app)
    qtbot.mouseClick(sessions.plan_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(app)
    assert dialog.windowTitle() == "Plan a session" and dialog.status.currentData() == SessionStatus.PLANNED
    _close(qtbot, app)
    qtbot.mouseClick(sessions.log_button, Qt.MouseButton.LeftButton)
    assert _dialog(app).status.currentData() == SessionStatus.HELD
    _close(qtbot, app)


def test_a_mentee_added_meanwhile_can_be_chosen(qtbot, app: AppController) -> None:
    app.window.log_session_action.trigger()
    assert len(_dialog(app).mentees.matches("Lena")) == 0
    _close(qtbot, app)  # the dialog read the mentees once; adding one must not leave it behind

    app.window.show_page("mentees")
    qtbot.mouseClick(app.window.current_page().add_button, Qt.MouseButton.LeftButton)
    form = app.mentee_dialog
    form.first_name.insert("Lena")
    form.last_name.insert("Kowalska")
    form.birth_date.set_value(date(2004, 5, 6))
    with qtbot.waitSignal(form.accepted):
        form.accept()
    lena = app.record_page.mentee_id
    assert app.window.current_page() is app.record_page
    qtbot.mouseClick(app.record_page.log_session_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(app)
    assert dialog.mentees.mentee_ids() == [lena], "only a mentee the dialog knows can be chosen"
    _close(qtbot, app)


# ---- a save shows everywhere


def _sessions_page(controller: AppController) -> SessionsPage:
    controller.window.show_page("sessions")
    page = controller.window.current_page()
    assert isinstance(page, SessionsPage)
    return page


def _today_page(controller: AppController) -> TodayPage:
    controller.window.show_page("today")
    page = controller.window.current_page()
    assert isinstance(page, TodayPage)
    return page


def _mentees_page(controller: AppController) -> MenteesPage:
    controller.window.show_page("mentees")
    page = controller.window.current_page()
    assert isinstance(page, MenteesPage)
    return page


def _last_session(page: MenteesPage, mentee_id: uuid.UUID) -> str:
    row = page.model.row_of(mentee_id)
    assert row >= 0, "the mentee is not listed"
    return page.model.data(page.model.index(row, MenteeTableModel.COLUMNS.index(MenteeColumn.LAST_SESSION)))


def test_planning_a_session_for_today_shows_it_everywhere(qtbot, app: AppController, caseload: Caseload) -> None:
    today = _today_page(app)
    assert today.agenda is not None and today.agenda.sessions_today_total == 0
    sessions = _sessions_page(app)
    before = sessions.model.rowCount()
    assert before == 2

    _activate(qtbot, app)
    qtbot.keyClick(sessions, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = _dialog(app)
    assert dialog.mentees.add(caseload.zoe)
    select_data(dialog.status, SessionStatus.PLANNED)
    assert dialog.windowTitle() == "Plan a session" and dialog.save_button.text() == "Plan"
    dialog.accept()
    assert dialog.error_text("participants") == "" and dialog.general_error.text() == ""
    saved = dialog.result_value
    assert saved.form.status is SessionStatus.PLANNED and saved.form.session_date == TODAY
    assert app.session_actions.dialog is None
    assert "Planned a session with Zoë Ødegård" in app.window.statusBar().currentMessage()

    assert sessions.model.rowCount() == before + 1, "the page on show refreshed at once"
    assert sessions.model.row_of(saved.id) >= 0
    app.open_mentee(caseload.zoe)
    record = app.record_page
    assert app.window.current_page() is record
    assert saved.id in [entry.session_id for entry in record.sessions_tab.data.entries]
    assert record.sessions_tab.model.rowCount() == 2
    today = _today_page(app)
    assert [item.id for item in today.agenda.sessions_today] == [saved.id]
    assert today.sessions_today.model.rowCount() == 1
    assert "Zoë Ødegård" in today.sessions_today.model.row(0).cells


def test_logging_a_held_session_with_a_follow_up_due_today(qtbot, app: AppController, caseload: Caseload) -> None:
    mentees = _mentees_page(app)
    assert _last_session(mentees, caseload.jan) == "", "Jan has only a planned session"
    app.open_mentee(caseload.jan)
    record = app.record_page
    assert record.sessions_tab.model.rowCount() == 1  # the one planned
    today_before = _today_page(app).agenda.follow_ups_due_total

    app.window.log_session_action.trigger()
    dialog = _dialog(app)
    dialog.mentees.add(caseload.jan)
    row = dialog.follow_ups.add_row()
    row.text.setText("Send the application form")
    row.due.set_value(TODAY)
    dialog.accept()
    saved = dialog.result_value
    assert saved is not None and saved.form.status is SessionStatus.HELD
    assert "Logged a session with Jan Novák" in app.window.statusBar().currentMessage()

    today = app.window.current_page()
    assert isinstance(today, TodayPage)
    assert today.agenda.follow_ups_due_total == today_before + 1
    assert "Send the application form" in [item.text for item in today.agenda.follow_ups_due]
    assert saved.id in _sessions_page(app).model.ids()
    assert _last_session(_mentees_page(app), caseload.jan) == format_date(TODAY)
    app.open_mentee(caseload.jan)
    assert record.sessions_tab.model.rowCount() == 2
    assert "Send the application form" in [f.text for f in record.sessions_tab.data.follow_ups]


# ---- the record page, the Sessions page and Today as ways in


def test_log_session_on_a_record_starts_with_that_mentee(qtbot, app: AppController, caseload: Caseload) -> None:
    app.open_mentee(caseload.mia)
    record = app.record_page
    qtbot.mouseClick(record.log_session_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(app)
    assert dialog.mentees.mentee_ids() == [caseload.mia]
    assert dialog.windowTitle() == "Log a session"
    assert dialog.banner.isHidden(), "nothing was kept from before"
    _close(qtbot, app)

    record.tabs.setCurrentWidget(record.sessions_tab)
    tab = record.sessions_tab
    assert tab.stack.currentWidget() is tab.empty, "Mia has no sessions yet"
    qtbot.mouseClick(tab.empty_log_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(app)
    assert dialog.mentees.mentee_ids() == [caseload.mia]
    dialog.accept()
    saved = dialog.result_value
    assert saved is not None and [p.mentee_id for p in saved.form.participants] == [caseload.mia]
    assert app.window.current_page() is record
    assert tab.stack.currentWidget() is tab.content and tab.model.rowCount() == 1, "the record on show lists it"

    tab.timeline.setFocus()
    tab.timeline.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.timeline, Qt.Key.Key_Return)
    dialog = _dialog(app)
    assert dialog.windowTitle() == "Edit session"
    assert dialog.mentees.mentee_ids() == [caseload.mia]
    _close(qtbot, app)


def test_record_a_planned_session_as_held(qtbot, app: AppController, caseload: Caseload) -> None:
    page = _sessions_page(app)
    assert not page.record_held_button.isEnabled()
    page.table.selectRow(page.model.row_of(caseload.planned))
    assert page.record_held_button.isEnabled()
    qtbot.mouseClick(page.record_held_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(app)
    assert dialog.windowTitle() == "Record the planned session as held"
    assert dialog.status.currentData() == SessionStatus.HELD
    assert dialog.session_date.value() == TODAY, "a session recorded now happened by today"
    assert dialog.mentees.mentee_ids() == [caseload.jan]
    dialog.accept()
    assert dialog.general_error.text() == ""
    assert app.session_actions.dialog is None

    assert app.workspace.sessions.get(caseload.planned).form.status is SessionStatus.HELD
    row = page.model.row_of(caseload.planned)
    assert page.model.session_row(row).status is SessionStatus.HELD
    assert page.selected_id() == caseload.planned, "the session stays selected"
    assert not page.record_held_button.isEnabled(), "a held session is not recorded twice"
    assert page.model.rowCount() == 2


def test_a_session_deleted_meanwhile_leaves_the_list(qtbot, app: AppController, caseload: Caseload,
                                                     no_blocking_dialogs: list[str]) -> None:
    page = _sessions_page(app)
    page.table.selectRow(page.model.row_of(caseload.planned))
    app.workspace.sessions.delete(caseload.planned)  # by another copy of MentorDesk on the same database
    qtbot.mouseClick(page.record_held_button, Qt.MouseButton.LeftButton)
    assert no_blocking_dialogs == ["This session no longer exists."]
    assert app.session_actions.dialog is None
    assert page.model.row_of(caseload.planned) < 0, "the page shows the list without it, as Delete does"


def test_today_items_open_the_programme_and_the_mentee(qtbot, app: AppController, caseload: Caseload) -> None:
    today = _today_page(app)
    agenda = today.agenda
    ending = next(item for item in agenda.programmes_ending if item.id == caseload.work_ready)
    assert isinstance(ending, ProgrammeItem)
    _activate_row(qtbot, today.programmes_ending, ending)
    mentees = app.window.current_page()
    assert isinstance(mentees, MenteesPage)
    assert mentees.programme_filter.currentData() == caseload.work_ready
    assert mentees.all_mentees.isChecked(), "a programme's mentees, whoever mentors them"
    assert set(mentees.model.ids()) == {caseload.zoe, caseload.mia}

    today = _today_page(app)
    follow_up = next(item for item in today.agenda.follow_ups_due if item.id == caseload.call_college)
    assert isinstance(follow_up, FollowUpItem)
    _activate_row(qtbot, today.follow_ups_due, follow_up)
    assert app.window.current_page() is app.record_page
    assert app.record_page.mentee_id == caseload.zoe
    assert app.window.sidebar.currentRow() == app.window.PAGES.index("mentees")


def test_a_session_on_today_opens_in_the_dialog(qtbot, app: AppController, caseload: Caseload) -> None:
    planned = app.workspace.sessions.log(SessionForm((Participant(caseload.zoe),), TODAY, 30, SessionMode.PHONE,
                                                     status=SessionStatus.PLANNED, mentor_id=caseload.ana))
    app.events.emit_changed(Changes.of(ChangeKind.SESSIONS))  # as a save elsewhere in the app announces it
    today = _today_page(app)
    assert [item.id for item in today.agenda.sessions_today] == [planned.id]
    item = today.agenda.sessions_today[0]
    _activate_row(qtbot, today.sessions_today, item)
    dialog = _dialog(app)
    assert dialog.windowTitle() == "Edit session"
    assert dialog.mentees.mentee_ids() == [caseload.zoe]
    assert dialog.mode.currentData() == SessionMode.PHONE
    _close(qtbot, app)


# ---- drafts survive quitting


def test_quitting_keeps_the_unsaved_session_and_offers_it_next_time(qtbot, paths: AppPaths,
                                                                    caseload: Caseload) -> None:
    first = _start(qtbot, paths, caseload.ana)
    first.window.log_session_action.trigger()
    dialog = _dialog(first)
    dialog.mentees.add(caseload.zoe)
    qtbot.keyClicks(dialog.notes, "Talked about the bakery apprenticeship")
    draft = paths.drafts_dir / "session.json"
    first.window.close()  # as run_gui quits: the window closes, then the controller shuts down
    assert not draft.exists(), "the draft is written a moment after typing stops; quitting must not wait for it"
    first.shutdown()
    assert draft.exists()
    content = json.loads(draft.read_text(encoding="utf-8"))["content"]
    assert content["notes"] == "Talked about the bakery apprenticeship"
    assert content["participants"] == [[str(caseload.zoe), "attended"]]
    # Gone with the process in real life; here its pending draft timer must not outlive it into the next start.
    dialog.reject()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))

    second = _start(qtbot, paths, caseload.ana)
    try:
        second.window.log_session_action.trigger()
        offered = _dialog(second)
        assert offered is not dialog
        assert offered.banner.isVisible()
        assert "Zoë Ødegård" in offered.banner.text.text()
        assert offered.notes.toPlainText() == "", "offered, not filled in unasked"
        qtbot.mouseClick(offered.banner.restore, Qt.MouseButton.LeftButton)
        assert offered.notes.toPlainText() == "Talked about the bakery apprenticeship"
        assert offered.mentees.mentee_ids() == [caseload.zoe]
        assert offered.banner.isHidden()
        offered.accept()
        assert offered.result_value is not None
        assert not draft.exists(), "saved: the draft is gone"
    finally:
        _stop(second)
