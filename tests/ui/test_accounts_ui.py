"""Sign-in on start, the lock (idle and Ctrl+L), switching worker, and Settings' accounts box."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from mentordesk.config.paths import AppPaths
from mentordesk.enums import WorkerRole
from mentordesk.services.mentees import MenteeForm, MenteeQuery
from mentordesk.services.organisation import WorkerForm
from mentordesk.services.workspace import open_workspace
from mentordesk.ui.app import AppController
from mentordesk.ui.widgets.accounts_box import AccountsBox

COORDINATOR_PASSWORD = "coordinator pass 1"
MENTOR_PASSWORD = "mentor password 1"


@pytest.fixture
def accounts_on(paths: AppPaths) -> AppPaths:
    """Cora (coordinator) and Mina (mentor) have passwords; Mina mentors Mara, Otto mentors Theo."""
    workspace = open_workspace(paths)
    try:
        setup = workspace.setup.complete("Centre", "Cora Coordinator", "Pathways")
        mina = workspace.organisation.save_worker(WorkerForm("Mina Mentor", WorkerRole.MENTOR)).id
        otto = workspace.organisation.save_worker(WorkerForm("Otto Other", WorkerRole.MENTOR)).id
        for first, mentor in (("Mara", mina), ("Theo", otto)):
            mentee = workspace.mentees.create(MenteeForm(first, "Example", date(2004, 1, 1))).id
            workspace.mentees.enrol(mentee, setup.programme_id, mentor, date.today() - timedelta(days=5))
        workspace.accounts.set_password(setup.worker_id, COORDINATOR_PASSWORD)
        workspace.accounts.sign_in(setup.worker_id, COORDINATOR_PASSWORD)
        workspace.accounts.set_password(mina, MENTOR_PASSWORD)
    finally:
        workspace.close()
    return paths


@pytest.fixture
def controller(qtbot, accounts_on: AppPaths):
    controller = AppController(accounts_on)
    qtbot.addWidget(controller.window)
    yield controller
    controller.window.close()
    controller.shutdown()


def _sign_in(qtbot, controller: AppController, worker: str, password: str) -> None:
    qtbot.waitUntil(lambda: controller.sign_in_dialog is not None and controller.sign_in_dialog.isVisible(),
                    timeout=15_000)
    form = controller.sign_in_dialog.form
    form.worker.setCurrentIndex(form.worker.findText(worker, Qt.MatchFlag.MatchStartsWith))
    form.password.clear()
    qtbot.keyClicks(form.password, password)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)


def _signed_in_as_mina(qtbot, controller: AppController) -> None:
    controller.start()
    _sign_in(qtbot, controller, "Mina Mentor", MENTOR_PASSWORD)
    qtbot.waitUntil(lambda: controller.window.sidebar.isEnabled(), timeout=15_000)


def test_sign_in_comes_before_the_pages_and_shows_errors_under_the_field(qtbot, controller: AppController) -> None:
    controller.start()
    _sign_in(qtbot, controller, "Mina Mentor", "a wrong password")
    form = controller.sign_in_dialog.form
    assert not form.password_error.isHidden() and form.password_error.text() == "The password is not right."
    assert not controller.window.sidebar.isEnabled(), "no page is built before someone signs in"
    assert form.worker.count() == 2, "only workers with a password are offered"
    for _ in range(2):
        qtbot.keyClicks(form.password, "wrong again")
        qtbot.keyClick(form.password, Qt.Key.Key_Return)
    form.password.clear()
    qtbot.keyClicks(form.password, MENTOR_PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    assert form.password_error.text().startswith("Too many wrong passwords: wait ")

    controller.workspace.accounts._clock = _later  # ten minutes on: the wait is over
    qtbot.keyClicks(form.password, MENTOR_PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.window.sidebar.isEnabled(), timeout=15_000)
    workspace = controller.workspace
    assert workspace.access.caseload_of == controller.current_worker.id
    assert len(workspace.mentees.search_ids(MenteeQuery())) == 1
    mentees = controller.window.page("mentees")
    assert mentees.add_button.isHidden() and mentees.import_button.isHidden()
    # choices that would change nothing for a mentor are not offered either
    assert controller.window.page("today").everyone.isHidden()
    assert controller.window.page("dashboard").mentor_filter.isHidden()
    assert controller.window.signed_in_button.text() == "Signed in: Mina Mentor"


def _later():
    from datetime import UTC, datetime

    return datetime.now(UTC) + timedelta(minutes=10)


def test_cancelling_the_sign_in_closes_the_window(qtbot, controller: AppController) -> None:
    controller.start()
    qtbot.waitUntil(lambda: controller.sign_in_dialog is not None and controller.sign_in_dialog.isVisible(),
                    timeout=15_000)
    controller.sign_in_dialog.reject()
    qtbot.waitUntil(lambda: not controller.window.isVisible())


def test_ctrl_l_locks_and_the_same_worker_gets_everything_back(qtbot, controller: AppController) -> None:
    _signed_in_as_mina(qtbot, controller)
    window = controller.window
    content = window.centralWidget()
    draft = QDialog(window)
    draft.setWindowTitle("a half-typed session")
    draft.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = controller.lock
    assert lock.locked and window.centralWidget() is lock.screen
    assert not content.isVisible() and not draft.isVisible()
    assert not any(action.isEnabled() for action in window.findChildren(QAction))
    shown = " ".join(label.text() for label in lock.screen.findChildren(QLabel))
    assert "Mara" not in shown and "Mina Mentor" in shown

    form = lock.screen.form
    qtbot.keyClicks(form.password, "not it at all")
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    assert lock.locked and form.password_error.text() == "The password is not right."
    form.password.clear()
    qtbot.keyClicks(form.password, MENTOR_PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    assert not lock.locked and window.centralWidget() is content
    assert draft.isVisible(), "what was being typed comes back"
    assert window.load_demo_action.isEnabled() and lock.action.isEnabled()


def test_idle_time_locks_and_someone_else_signing_in_closes_the_others_dialogs(
        qtbot, controller: AppController) -> None:
    _signed_in_as_mina(qtbot, controller)
    window, lock = controller.window, controller.lock
    assert lock.timer.interval() == 10 * 60_000, "ten minutes unless Settings say otherwise"
    draft = QDialog(window)
    draft.show()
    lock.timer.timeout.emit()  # as if ten minutes passed without a key or a click
    assert lock.locked and not draft.isVisible()
    qtbot.mouseClick(lock.screen.switch_button, Qt.MouseButton.LeftButton)
    form = lock.screen.form
    form.worker.setCurrentIndex(form.worker.findText("Cora", Qt.MatchFlag.MatchStartsWith))
    qtbot.keyClicks(form.password, COORDINATOR_PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    assert not lock.locked
    assert draft.result() == QDialog.DialogCode.Rejected and not draft.isVisible()
    assert controller.workspace.access.principal.name == "Cora Coordinator"
    assert controller.current_worker.id == controller.workspace.access.principal.worker_id
    assert not window.page("mentees").add_button.isHidden()
    assert not window.page("today").everyone.isHidden() and not window.page("dashboard").mentor_filter.isHidden()
    assert window.current_page() is window.page("today")


def test_activity_keeps_the_lock_away(qtbot, controller: AppController) -> None:
    _signed_in_as_mina(qtbot, controller)
    lock = controller.lock
    lock.timer.stop()
    qtbot.keyClick(controller.window.sidebar, Qt.Key.Key_Down)
    assert lock.timer.isActive(), "a key press starts the idle time again"
    controller.current_worker.set_lock_after(3)
    assert lock.timer.interval() == 3 * 60_000


def test_picking_another_worker_in_settings_means_signing_in(qtbot, controller: AppController, monkeypatch) -> None:
    _signed_in_as_mina(qtbot, controller)
    settings = controller.window.page("settings")
    settings.refresh()
    cora = settings.you_are.findText("Cora", Qt.MatchFlag.MatchStartsWith)
    settings.you_are.setCurrentIndex(cora)
    dialog = controller.sign_in_dialog
    assert dialog.isVisible() and dialog.form.worker.currentText().startswith("Cora")
    dialog.reject()
    assert controller.workspace.access.principal.name == "Mina Mentor"
    assert settings.you_are.currentText().startswith("Mina"), "the picker goes back to who is signed in"


def test_accounts_box_turns_sign_in_on_with_a_coordinators_password(qtbot, workspace, monkeypatch) -> None:
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents

    setup = workspace.setup.complete("Centre", "Cora Coordinator", "Pathways")
    workspace.organisation.save_worker(WorkerForm("Mina Mentor", WorkerRole.MENTOR))
    events = DataEvents()
    box = AccountsBox(workspace.accounts, CurrentWorker(workspace.paths.settings_file), events)
    qtbot.addWidget(box)
    assert box.state.text().startswith("No worker has a password")
    informed = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: informed.append(args[2]))
    box.table.selectRow([box.table.item(r, 0).text() for r in range(2)].index("Mina Mentor"))
    box.set_password()
    box.dialog.password.setText(MENTOR_PASSWORD)
    box.dialog.again.setText(MENTOR_PASSWORD)
    box.dialog.accept()
    assert "first password must be a coordinator's" in box.dialog.error_text("password")
    box.dialog.reject()
    box.table.selectRow([box.table.item(r, 0).text() for r in range(2)].index("Cora Coordinator"))
    box.set_password()
    box.dialog.password.setText(COORDINATOR_PASSWORD)
    box.dialog.again.setText("something else")
    box.dialog.accept()
    assert box.dialog.error_text("again") == "The two passwords differ."
    box.dialog.again.setText(COORDINATOR_PASSWORD)
    box.dialog.accept()
    assert workspace.accounts.accounts_on() and informed and "Sign-in is on" in informed[0]
    assert box.state.text().startswith("Workers with a password sign in")
    assert workspace.accounts.verify_password(setup.worker_id, COORDINATOR_PASSWORD).name == "Cora Coordinator"
