"""The session dialog: keyboard only, errors under their fields, planned to held, and drafts that survive."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mentordesk.config.drafts import DraftStore
from mentordesk.enums import Attendance, Platform, SessionMode, SessionStatus
from mentordesk.services.mentees import MenteeForm
from mentordesk.services.organisation import WorkerForm
from mentordesk.services.session_forms import Participant, SessionForm
from mentordesk.services.sessions import SessionService
from mentordesk.ui.dialogs.session_dialog import NEW_SESSION_DRAFT, SessionDialog


@pytest.fixture
def people(workspace):
    mentor = workspace.organisation.save_worker(WorkerForm("Ana Nowak"))
    zoe = workspace.mentees.create(MenteeForm("Zoë", "Ødegård", date(2005, 3, 1)))
    jan = workspace.mentees.create(MenteeForm("Jan", "Novák", date(2003, 7, 9)))
    return mentor, zoe, jan


@pytest.fixture
def sessions(workspace) -> SessionService:
    return workspace.sessions


def make_dialog(qtbot, workspace, sessions, mentor, **kwargs) -> SessionDialog:
    dialog = SessionDialog(sessions, sessions.mentee_choices(), sessions.known_topics(),
                           [(mentor.id, mentor.full_name)], DraftStore(workspace.paths.drafts_dir), mentor.id,
                           **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "the keyboard must always be somewhere"
    return widget


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def test_a_group_session_with_a_follow_up_is_logged_from_the_keyboard_alone(qtbot, workspace, sessions,
                                                                             people) -> None:
    mentor, zoe, jan = people
    dialog = make_dialog(qtbot, workspace, sessions, mentor)
    assert QApplication.focusWidget() is dialog.mentees.search, "typing starts with who took part"

    type_text("zoe ode")  # accents need not be typed
    press(Qt.Key.Key_Return)
    type_text("nova")
    press(Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter adds a mentee; it never saves"
    press(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("45")
    press(Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    type_text("v")  # Video call
    press(Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    type_text("z")  # Zoom
    press(Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    type_text("CV, interview practice")
    press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    type_text("Practised answers for the bakery job.")
    press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # a button's mnemonic clicks it a moment later
    qtbot.waitUntil(lambda: bool(dialog.follow_ups.rows())
                    and QApplication.focusWidget() is dialog.follow_ups.rows()[0].text)
    type_text("Send the CV to the bakery")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    saved = dialog.result_value
    assert {p.full_name for p in saved.participants} == {"Zoë Ødegård", "Jan Novák"}
    assert (saved.form.duration_minutes, saved.form.mode, saved.form.platform) == (
        45, SessionMode.VIDEO_CALL, Platform.ZOOM)
    assert saved.form.topics == ("CV", "interview practice")
    assert saved.form.notes == "Practised answers for the bakery job."
    assert saved.form.mentor_id == mentor.id and saved.form.session_date == date.today()
    (follow_up,) = saved.follow_ups
    assert follow_up.text == "Send the CV to the bakery" and follow_up.owner_id == mentor.id
    assert DraftStore(workspace.paths.drafts_dir).load(NEW_SESSION_DRAFT) is None, "saved: the draft is gone"


def test_errors_appear_under_their_fields_and_nothing_typed_is_lost(qtbot, workspace, sessions, people) -> None:
    mentor, zoe, _ = people
    dialog = make_dialog(qtbot, workspace, sessions, mentor)
    dialog.duration.setCurrentText("800")
    dialog.notes.setPlainText("Keep me")
    dialog.session_date.set_value(date.today() + timedelta(days=3))
    dialog.follow_ups.add_row().due.set_value(date.today())
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error_text("participants") == "Choose at least one mentee."
    assert "between 1 and 720 minutes" in dialog.error_text("duration_minutes")
    assert dialog.error_text("session_date") == "A held session cannot be in the future; plan it instead."
    assert dialog.notes.toPlainText() == "Keep me"
    assert dialog.error_text("follow_ups") == ""  # an empty row is no follow-up

    dialog.mentees.add(zoe.id)
    select = dialog.status.findText("Planned")
    dialog.status.setCurrentIndex(select)
    dialog.duration.setCurrentText("90")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert dialog.result_value.form.status is SessionStatus.PLANNED


def test_a_planned_session_is_recorded_as_held(qtbot, workspace, sessions, people) -> None:
    mentor, zoe, jan = people
    planned = sessions.log(SessionForm((Participant(zoe.id), Participant(jan.id)), date.today() + timedelta(days=1),
                                       60, SessionMode.IN_PERSON, start_time=time(9, 0),
                                       status=SessionStatus.PLANNED, mentor_id=mentor.id))
    dialog = make_dialog(qtbot, workspace, sessions, mentor, detail=planned,
                         start=planned.form.recorded_as_held(date.today()))
    assert dialog.windowTitle() == "Record the planned session as held"
    assert dialog.session_date.value() == date.today()
    dialog.start_time.setTime(dialog.start_time.minimumTime())  # time not known: leave blank
    _, combo, _ = dialog.mentees._rows[jan.id]
    combo.setCurrentIndex(combo.findText("No-show"))
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    held = sessions.get(planned.id)
    assert held.form.status is SessionStatus.HELD
    assert {p.full_name: p.attendance for p in held.participants} == {
        "Zoë Ødegård": Attendance.ATTENDED, "Jan Novák": Attendance.NO_SHOW}


def test_closing_by_mistake_keeps_a_draft_that_comes_back(qtbot, workspace, sessions, people) -> None:
    mentor, zoe, _ = people
    first = make_dialog(qtbot, workspace, sessions, mentor)
    first.mentees.add(zoe.id)
    first.notes.setPlainText("Zoë wants to visit the bakery")
    with qtbot.waitSignal(first.draft_kept):
        first.reject()

    second = make_dialog(qtbot, workspace, sessions, mentor)
    assert second.banner.isVisible() and "Zoë Ødegård" in second.banner.text.text()
    assert second.mentees.mentee_ids() == [], "nothing is restored without asking"
    second.banner.restore.click()
    assert second.mentees.mentee_ids() == [zoe.id]
    assert second.notes.toPlainText() == "Zoë wants to visit the bakery"
    second.banner.hide()
    second.discard_draft()
    assert DraftStore(workspace.paths.drafts_dir).load(NEW_SESSION_DRAFT) is None


_CHILD = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest
    from mentordesk.config.drafts import DraftStore
    from mentordesk.config.paths import AppPaths
    from mentordesk.services.workspace import open_workspace
    from mentordesk.ui.dialogs.session_dialog import SessionDialog

    app = QApplication([])
    data = Path(sys.argv[1])
    workspace = open_workspace(AppPaths(data, f"sqlite:///{data / 'mentordesk.db'}"))
    sessions = workspace.sessions
    dialog = SessionDialog(sessions, sessions.mentee_choices(), (), [], DraftStore(workspace.paths.drafts_dir), None)
    dialog.show()
    QTest.keyClicks(dialog.mentees.search, "zoe")
    QTest.keyClick(dialog.mentees.search, Qt.Key.Key_Return)
    QTest.keyClicks(dialog.notes, "Typed just before the laptop died")
    draft = workspace.paths.drafts_dir / "session.json"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "died" not in (draft.read_text("utf-8") if draft.exists() else ""):
        app.processEvents()
        time.sleep(0.02)
    os.kill(os.getpid(), signal.SIGKILL)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_dialogs_draft_comes_back(qtbot, workspace, sessions, people) -> None:
    mentor, zoe, _ = people
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.run([sys.executable, "-c", _CHILD, str(workspace.paths.data_dir)], env=env,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -9, child.stderr

    dialog = make_dialog(qtbot, workspace, sessions, mentor)
    assert dialog.banner.isVisible()
    dialog.restore_draft()
    assert dialog.mentees.mentee_ids() == [zoe.id]
    assert dialog.notes.toPlainText() == "Typed just before the laptop died"


def test_a_broken_draft_file_does_not_stop_the_dialog(qtbot, workspace, sessions, people) -> None:
    mentor, *_ = people
    drafts = Path(workspace.paths.drafts_dir)
    drafts.mkdir(parents=True, exist_ok=True)
    (drafts / "session.json").write_text('{"version": 1, "saved_at": "2026-11-24T10:00:00+00:00", '
                                         '"content": {"participants": [["not-a-uuid", "attended"]], '
                                         '"duration": "x", "session_date": "soon"}}', encoding="utf-8")
    dialog = make_dialog(qtbot, workspace, sessions, mentor)
    dialog.restore_draft()
    assert dialog.mentees.mentee_ids() == [] and dialog.session_date.value() == date.today()
