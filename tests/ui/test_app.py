"""The whole shell as a person meets it: first start, setup, demo data, navigation, remembered geometry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QMessageBox

from mentordesk.config.paths import AppPaths
from mentordesk.ui import demo_loader
from mentordesk.ui.app import AppController
from mentordesk.ui.pages.mentees import MenteesPage
from mentordesk.ui.pages.settings import SettingsPage


@pytest.fixture
def fresh_paths(tmp_path: Path) -> AppPaths:
    """A data folder with no database yet: the very first start."""
    data_dir = tmp_path / "MentorDesk"
    return AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}")


@pytest.fixture
def controller(qtbot, fresh_paths: AppPaths, monkeypatch):
    monkeypatch.setattr(demo_loader, "DEMO_MENTEES", 12)  # keep the demo small in tests
    controller = AppController(fresh_paths)
    qtbot.addWidget(controller.window)
    yield controller
    controller.window.close()
    controller.shutdown()


def _open(qtbot, controller: AppController) -> None:
    controller.start()
    qtbot.waitUntil(lambda: controller.workspace is not None, timeout=15_000)


def test_first_start_shows_the_shell_then_asks_for_setup(qtbot, controller: AppController,
                                                          fresh_paths: AppPaths) -> None:
    window = controller.window
    controller.start()
    assert window.isVisible()
    assert str(fresh_paths.database_file) in window.location_label.text()
    qtbot.waitUntil(lambda: controller.setup_dialog is not None and controller.setup_dialog.isVisible(),
                    timeout=15_000)
    assert fresh_paths.database_file.exists()
    assert [window.sidebar.item(row).text() for row in range(window.sidebar.count())] == [
        "Today", "Mentees", "Sessions", "Certificates", "Dashboard", "Settings"]

    dialog = controller.setup_dialog
    qtbot.keyClicks(dialog.organisation.edit, "Northside Youth Centre")
    qtbot.keyClicks(dialog.worker.edit, "Ana Nowak")
    qtbot.keyClicks(dialog.programme.edit, "Pathways 2027")
    assert dialog.protect.isChecked(), "protecting the data is recommended, so on unless unticked"
    dialog.protect.setChecked(False)  # tests/ui/test_app_encryption.py sets up with a passphrase
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.setup_dialog is None)

    window.activateWindow()  # shortcuts need an active window; the closing dialog may have held it
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    settings = window.current_page()
    assert isinstance(settings, SettingsPage)
    assert settings.organisation_name.text() == "Northside Youth Centre"
    assert settings.counts.text().startswith("Mentees: 0 (0 active)")
    assert settings.load_demo.isEnabled()


def test_explore_with_demo_data_loads_in_the_background(qtbot, controller: AppController) -> None:
    _open(qtbot, controller)
    qtbot.waitUntil(lambda: controller.setup_dialog is not None)
    qtbot.mouseClick(controller.setup_dialog.demo_button, Qt.MouseButton.LeftButton)
    assert controller.demo_loader is not None
    with qtbot.waitSignal(controller.demo_loader.finished, timeout=30_000) as finished:
        pass
    summary = finished.args[0]
    assert summary is not None and summary.mentees == 12

    window = controller.window
    window.sidebar.setCurrentRow(5)
    settings = window.current_page()
    assert settings.counts.text().startswith("Mentees: 12")
    assert not settings.load_demo.isEnabled(), "demo data only goes into an empty caseload"
    assert settings.organisation_name.text() != "Not set up yet"
    assert "Loaded 12 demo mentees" in window.statusBar().currentMessage()

    window.sidebar.setCurrentRow(1)
    mentees = window.current_page()
    assert isinstance(mentees, MenteesPage)
    assert controller.current_worker.id is not None, "exploring the demo acts as its busiest mentor"
    assert mentees.my_caseload.isChecked() and mentees.model.rowCount() > 0
    qtbot.mouseClick(mentees.all_mentees, Qt.MouseButton.LeftButton)
    assert mentees.model.rowCount() == 12
    assert mentees.all_mentees.text() == "All mentees (12)"


def test_quitting_setup_closes_the_window(qtbot, controller: AppController) -> None:
    _open(qtbot, controller)
    qtbot.waitUntil(lambda: controller.setup_dialog is not None)
    qtbot.mouseClick(controller.setup_dialog.quit_button, Qt.MouseButton.LeftButton)
    assert not controller.window.isVisible()


def test_navigation_shortcuts_switch_pages(qtbot, controller: AppController) -> None:
    _open(qtbot, controller)
    qtbot.waitUntil(lambda: controller.setup_dialog is not None)
    controller.setup_dialog.reject = lambda: None  # keep the window open; setup is not under test here
    controller.setup_dialog.close()
    window = controller.window
    for row, key in enumerate(window.PAGES):
        window.go_actions[row].trigger()
        assert window.sidebar.currentRow() == row
        assert window.stack.currentIndex() == row, key


def test_window_geometry_and_page_are_remembered(qtbot, fresh_paths: AppPaths, monkeypatch) -> None:
    first = AppController(fresh_paths)
    qtbot.addWidget(first.window)
    _open(qtbot, first)
    qtbot.waitUntil(lambda: first.setup_dialog is not None)
    first.workspace.setup.complete("Org", "Ana", "Programme")
    first.setup_dialog.accept()
    first.window.resize(QSize(781, 571))
    first.window.sidebar.setCurrentRow(2)
    first.window.close()
    first.shutdown()

    second = AppController(fresh_paths)
    qtbot.addWidget(second.window)
    assert second.window.size() == QSize(781, 571)
    _open(qtbot, second)
    assert second.window.sidebar.currentRow() == 2
    assert second.setup_dialog is None, "setup is asked only once"
    second.window.close()
    second.shutdown()


def test_a_database_that_cannot_be_opened_is_explained(qtbot, tmp_path: Path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "mentordesk.db").write_bytes(b"this is not a database, it is a shopping list" * 100)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    controller = AppController(AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}"))
    qtbot.addWidget(controller.window)
    controller.start()
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert "could not open your data" in shown[0] and "not a database" in shown[0]
    assert not controller.window.isVisible()
    controller.shutdown()


def test_add_a_young_mentee_with_guardian_consent_and_make_them_active(qtbot, controller: AppController) -> None:
    from datetime import date

    from mentordesk.services.consent import ConsentState

    _open(qtbot, controller)
    qtbot.waitUntil(lambda: controller.setup_dialog is not None)
    dialog = controller.setup_dialog
    for field, text in ((dialog.organisation, "Northside Youth Centre"), (dialog.worker, "Ana Nowak"),
                        (dialog.programme, "Pathways 2027")):
        qtbot.keyClicks(field.edit, text)
    dialog.protect.setChecked(False)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    window = controller.window
    window.show_page("mentees")
    mentees = window.current_page()
    qtbot.mouseClick(mentees.add_button, Qt.MouseButton.LeftButton)

    form = controller.mentee_dialog
    qtbot.keyClicks(form.first_name, "Mia")
    form.last_name.insert("Müller-Łęcka")
    fourteen = date.today().replace(year=date.today().year - 14, day=1)
    form.birth_date.set_value(fourteen)
    with qtbot.waitSignal(form.accepted):
        qtbot.keyClick(form.first_name, Qt.Key.Key_Return)
    record = controller.record_page
    assert window.stack.currentWidget() is record
    assert record.name_label.text() == "Mia Müller-Łęcka"
    assert "Consent: Missing" in record.facts_label.text()

    record.enrol()
    with qtbot.waitSignal(record.dialog.accepted):
        record.dialog.accept()
    record.record_consent()
    consent = record.dialog
    assert consent.by_guardian.isChecked(), "under 16: the guardian is asked for"
    consent.guardian_name.insert("Anna Müller")
    qtbot.keyClicks(consent.guardian_relationship, "mother")
    qtbot.keyClicks(consent.notice_version, "2026-01")
    with qtbot.waitSignal(consent.accepted):
        consent.accept()
    assert record.consent_summary.state is ConsentState.VALID
    record.change_status()
    with qtbot.waitSignal(record.dialog.accepted):
        record.dialog.accept()  # referred -> active is the first choice
    assert record.detail.status.value == "active"
    assert "Mentor: Ana Nowak" in record.facts_label.text()

    window.activateWindow()  # shortcuts need the active window; the closed dialogs held it
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(record, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is mentees
    assert mentees.model.rowCount() == 1
    assert mentees.my_caseload.text() == "My caseload (1)", "Ana set MentorDesk up, so she is the one using it"


def test_a_worker_remembered_from_another_database_is_forgotten(qtbot, controller: AppController) -> None:
    import uuid

    controller.current_worker.set(uuid.uuid4())  # as after switching --database-url
    _open(qtbot, controller)
    assert controller.current_worker.id is None


def test_quitting_during_a_demo_load_cancels_it_and_keeps_nothing(qtbot, controller: AppController,
                                                                   fresh_paths: AppPaths, monkeypatch) -> None:
    monkeypatch.setattr(demo_loader, "DEMO_MENTEES", 3000)  # long enough to be still running when we quit
    _open(qtbot, controller)
    qtbot.waitUntil(lambda: controller.setup_dialog is not None)
    qtbot.mouseClick(controller.setup_dialog.demo_button, Qt.MouseButton.LeftButton)
    controller.window.close()
    controller.shutdown()  # must cancel the load, not wait for 3,000 mentees

    from mentordesk.services.workspace import open_workspace

    workspace = open_workspace(fresh_paths)
    try:
        assert workspace.overview.counts().mentees == 0, "a cancelled load rolls back whole"
    finally:
        workspace.close()
