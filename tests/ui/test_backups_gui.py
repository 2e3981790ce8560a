"""Backups in the running app: back up now, the restore drill through the dialog, settings, automatic backups,
the cloud-folder warning, and the retention dialog on start."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest
from encrypted_data import PASSPHRASE, encrypted_paths, open_encrypted
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from mentordesk.config.paths import AppPaths
from mentordesk.config.settings import load_settings
from mentordesk.db.migrate import backup_sqlite
from mentordesk.services.retention import PastRetention
from mentordesk.ui.app import AppController
from mentordesk.ui.dialogs.restore_dialog import RestoreDialog
from mentordesk.ui.dialogs.retention_dialog import RetentionDialog
from mentordesk.ui.pages.settings import SettingsPage
from mentordesk.ui.widgets.backup_settings import BackupSettingsBox


def _demo_database(template: Path, data_dir: Path) -> AppPaths:
    """A data folder holding a set-up database with a small demo caseload."""
    from mentordesk.services.workspace import open_workspace

    data_dir.mkdir(parents=True)
    backup_sqlite(template, data_dir / "mentordesk.db")
    paths = AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}")
    workspace = open_workspace(paths)
    try:
        workspace.demo.generate(mentees=5, seed=4)
    finally:
        workspace.close()
    return paths


@pytest.fixture
def demo_paths(template_database: Path, tmp_path: Path) -> AppPaths:
    return _demo_database(template_database, tmp_path / "data")


def _controller(qtbot, paths: AppPaths) -> AppController:
    controller = AppController(paths)
    qtbot.addWidget(controller.window)
    controller.start()
    qtbot.waitUntil(lambda: controller.backup_actions is not None, timeout=15_000)
    return controller


@pytest.fixture
def controller(qtbot, demo_paths: AppPaths):
    controller = _controller(qtbot, demo_paths)
    yield controller
    controller.window.close()
    controller.shutdown()


def _first_names(paths: AppPaths) -> set[str]:
    with sqlite3.connect(paths.database_file) as connection:
        return {row[0] for row in connection.execute("SELECT first_name FROM mentee")}


def test_menus_and_settings_offer_backups(controller: AppController) -> None:
    window = controller.window
    assert window.back_up_action.isEnabled() and window.restore_action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "&Back up now…" in texts and "&Restore from backup…" in texts
    settings = window.page("settings")
    assert isinstance(settings, SettingsPage)
    boxes = settings.findChildren(BackupSettingsBox)
    assert len(boxes) == 1 and boxes[0].keep.value() == 10


def test_the_number_to_keep_is_saved(controller: AppController, demo_paths: AppPaths) -> None:
    box = controller.window.page("settings").findChildren(BackupSettingsBox)[0]
    box.keep.setValue(4)
    assert load_settings(demo_paths.settings_file).backups_to_keep == 4
    controller.current_worker.set(None)  # the worker setting is written without losing it
    assert load_settings(demo_paths.settings_file).backups_to_keep == 4


def test_an_automatic_backup_on_start_and_on_exit(qtbot, demo_paths: AppPaths) -> None:
    controller = _controller(qtbot, demo_paths)
    controller.runner.wait_for_done()
    qtbot.waitUntil(lambda: any(demo_paths.backups_dir.glob("auto-*-start.db")), timeout=10_000)
    controller.window.close()
    controller.shutdown()
    assert len(list(demo_paths.backups_dir.glob("auto-*-exit.db"))) == 1


def test_back_up_now_to_a_chosen_file(qtbot, controller: AppController, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "stick" / "friday.db"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    controller.window.back_up_action.trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "Backed up to" in controller.window.statusBar().currentMessage(), timeout=5_000)


def test_back_up_now_failing_says_why(qtbot, controller: AppController, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocker / "sub" / "b.db"), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    controller.window.back_up_action.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "The backup was not made." in warnings[0] and "Cannot make the folder" in warnings[0]


def _open_restore_dialog(qtbot, controller: AppController) -> RestoreDialog:
    controller.window.restore_action.trigger()
    dialog = controller.backup_actions.dialog
    assert isinstance(dialog, RestoreDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_restore_drill_through_the_dialog(qtbot, controller: AppController, demo_paths: AppPaths) -> None:
    backups = controller.workspace.backups
    made = backups.back_up()
    original = _first_names(demo_paths)
    with sqlite3.connect(demo_paths.database_file) as connection:
        connection.execute("UPDATE mentee SET first_name = 'Changed'")
    assert _first_names(demo_paths) == {"Changed"}

    dialog = _open_restore_dialog(qtbot, controller)
    assert dialog.backup_list.count() >= 1
    row = next(row for row in range(dialog.backup_list.count())
               if dialog.backup_list.item(row).toolTip() == str(made.path))
    assert not dialog.restore_button.isEnabled()
    dialog.backup_list.setCurrentRow(row)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=10_000)
    assert "Holds 5 mentees" in dialog.preview_label.text()

    with qtbot.waitSignal(controller.backup_actions.restored, timeout=20_000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert _first_names(demo_paths) == original
    assert "Restored the backup of" in controller.window.statusBar().currentMessage()
    assert controller.window.current_page() is controller.window.page("today")
    assert any(demo_paths.backups_dir.glob("before-restore-*.db")), "the data before the restore is kept"
    # The open workspace reads the restored data: the Mentees page lists the original names again.
    assert controller.workspace.mentees is not None and controller.workspace.health.check().ok


def test_a_file_that_is_not_a_backup_cannot_be_restored(qtbot, controller: AppController, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    bogus = tmp_path / "holiday.db"
    bogus.write_bytes(b"not a database" * 100)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bogus), ""))
    dialog = _open_restore_dialog(qtbot, controller)
    qtbot.mouseClick(dialog.choose_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not a MentorDesk backup" in dialog.preview_label.text(), timeout=10_000)
    assert not dialog.restore_button.isEnabled()
    dialog.reject()


def test_an_encrypted_backup_asks_for_its_passphrase(qtbot, controller: AppController, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    secret = open_encrypted(encrypted_paths(tmp_path))
    try:
        secret.demo.generate(mentees=3, seed=8)
        sealed = secret.backups.back_up()
    finally:
        secret.close()
    asked: list[str] = []

    def answer(_parent, _title, label, _echo):
        asked.append(label)
        return PASSPHRASE, True

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sealed.path), ""))
    monkeypatch.setattr(QInputDialog, "getText", answer)
    dialog = _open_restore_dialog(qtbot, controller)
    qtbot.mouseClick(dialog.choose_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=15_000)
    assert asked and "passphrase" in asked[0]
    assert "Holds 3 mentees" in dialog.preview_label.text()
    dialog.reject()


def test_a_cloud_folder_shows_a_dismissable_warning(qtbot, template_database: Path, tmp_path: Path) -> None:
    paths = _demo_database(template_database, tmp_path / "OneDrive - Youth Centre" / "MentorDesk")
    controller = _controller(qtbot, paths)
    try:
        banner = controller.cloud_warning
        assert banner is not None and banner.isVisible()
        assert "inside OneDrive" in banner.text.text()
        qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
        assert not banner.isVisible()
    finally:
        controller.window.close()
        controller.shutdown()


def test_no_warning_elsewhere(controller: AppController) -> None:
    assert controller.cloud_warning is None


def test_records_past_retention_are_offered_for_erasure_on_start(qtbot, demo_paths: AppPaths) -> None:
    with sqlite3.connect(demo_paths.database_file) as connection:
        connection.execute("UPDATE organisation SET retention_months = 12")
        connection.execute("UPDATE programme SET end_date = '2020-06-30', start_date = '2019-01-01'")
        connection.execute("UPDATE enrolment SET started_on = '2019-02-01', ended_on = min(ended_on, '2020-06-01')")
        expected = connection.execute("SELECT count(DISTINCT mentee_id) FROM enrolment").fetchone()[0]
    controller = _controller(qtbot, demo_paths)
    try:
        qtbot.waitUntil(lambda: controller.retention_dialog is not None, timeout=10_000)
        dialog = controller.retention_dialog
        assert dialog.table.rowCount() == expected > 0
        assert dialog.erase_button.text() == f"Erase these {expected} records"
        assert dialog.not_now_button.isDefault()
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Erased" in controller.window.statusBar().currentMessage(), timeout=20_000)
        with sqlite3.connect(demo_paths.database_file) as connection:
            assert connection.execute("SELECT count(*) FROM enrolment").fetchone()[0] == 0
    finally:
        controller.window.close()
        controller.shutdown()


def test_not_now_erases_nothing(qtbot) -> None:
    records = [PastRetention(mentee_id=uuid.uuid4(), reference_code="MD-0001", name="Ana Novak",
                             ended_on=date(2020, 6, 30))]
    dialog = RetentionDialog(records, 24)
    qtbot.addWidget(dialog)
    assert dialog.erase_button.text() == "Erase this record"
    assert dialog.table.item(0, 1).text() == "Ana Novak"
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.not_now_button, Qt.MouseButton.LeftButton)


def test_the_export_dialog_proposes_the_sealed_name_and_says_why(qtbot, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QWidget

    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.mentee_csv_actions import MenteeCsvActions
    from mentordesk.ui.tasks import TaskRunner

    secret = open_encrypted(encrypted_paths(tmp_path))
    try:
        secret.demo.generate(mentees=2, seed=1)
        parent = QWidget()
        qtbot.addWidget(parent)
        statuses: list[str] = []
        actions = MenteeCsvActions(secret.mentee_csv, TaskRunner(parent), DataEvents(parent), lambda: None,
                                   statuses.append, parent)
        asked: list[tuple[str, str, str]] = []

        def save_as(_parent, title, suggested, file_filter):
            asked.append((title, suggested, file_filter))
            return str(tmp_path / "people.csv.mdsealed"), ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
        actions.choose_and_export()
        qtbot.waitUntil(lambda: bool(statuses), timeout=10_000)
        title, suggested, file_filter = asked[0]
        assert suggested.endswith("mentees.csv.mdsealed") and "*.mdsealed" in file_filter
        assert "sealed, because the data is encrypted" in title and "mentordesk unseal" in title
        assert (tmp_path / "people.csv.mdsealed").exists() and not (tmp_path / "people.csv").exists()
        assert statuses == [f"Export done: rows 2, in {tmp_path / 'people.csv.mdsealed'}."]
    finally:
        secret.close()
