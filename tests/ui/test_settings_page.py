"""The Settings page on a real workspace: workers, programmes and who is using this laptop."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mentordesk.enums import WorkerRole
from mentordesk.services.changes import ChangeKind
from mentordesk.services.organisation import ProgrammeForm, WorkerForm
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.dialogs.programme_dialog import ProgrammeDialog
from mentordesk.ui.dialogs.worker_dialog import WorkerDialog
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pages.settings import SettingsPage


@pytest.fixture
def current_worker(tmp_path: Path) -> CurrentWorker:
    return CurrentWorker(tmp_path / "settings.json")


@pytest.fixture
def events() -> DataEvents:
    return DataEvents()


@pytest.fixture
def page(qtbot, workspace, current_worker: CurrentWorker, events: DataEvents) -> SettingsPage:
    organisation = workspace.organisation
    organisation.save_worker(WorkerForm("Ana Nowak", WorkerRole.COORDINATOR, "Coordinator"))
    organisation.save_worker(WorkerForm("Old Mentor", is_active=False))
    organisation.save_programme(ProgrammeForm("Pathways 2027", date(2027, 1, 4), date(2027, 7, 2), 26, 30))
    page = SettingsPage(workspace.setup, workspace.overview, organisation, current_worker,
                        workspace.paths.location_label(), workspace.paths.data_dir, events,
                        profile=workspace.profile, frameworks=workspace.frameworks)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page


def _column(table, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def _combo_items(page: SettingsPage) -> list[str]:
    return [page.you_are.itemText(index) for index in range(page.you_are.count())]


def test_the_page_lists_workers_and_programmes(page: SettingsPage) -> None:
    assert _column(page.workers_table, 0) == ["Ana Nowak", "Old Mentor"]
    assert [page.workers_table.item(0, column).text() for column in range(5)] == [
        "Ana Nowak", "Coordinator", "Coordinator", "0", "Yes"]
    assert page.workers_table.item(1, 4).text() == "No"
    assert _combo_items(page) == ["Ana Nowak (Coordinator)"], "only active workers can be chosen"
    assert page.you_are.currentIndex() == -1 and page.you_are.placeholderText()
    row = [page.programmes_table.item(0, column).text() for column in range(6)]
    assert row[0] == "Pathways 2027" and "–" in row[1] and row[2:4] == ["26", "30"] and row[5] == "0"
    assert row[4].startswith("Key Competences")
    assert not page.edit_worker_button.isEnabled() and not page.edit_programme_button.isEnabled()


def test_adding_a_worker_shows_them_in_the_table_and_in_you_are(qtbot, page: SettingsPage, workspace,
                                                               events: DataEvents) -> None:
    qtbot.mouseClick(page.add_worker_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, WorkerDialog) and dialog.isVisible()
    dialog.full_name.insert("Émilie Dubois")
    qtbot.keyClicks(dialog.email, "emilie@example")
    with qtbot.assertNotEmitted(events.changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "email address" in dialog.error_text("email")
    assert dialog.full_name.text() == "Émilie Dubois"

    qtbot.keyClicks(dialog.email, ".org")
    with qtbot.waitSignal(events.changed) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].kinds == {ChangeKind.WORKERS}
    assert page.dialog is None
    names = _column(page.workers_table, 0)
    assert sorted(names) == ["Ana Nowak", "Old Mentor", "Émilie Dubois"]
    selected = page.workers_table.selectionModel().selectedRows()
    assert names[selected[0].row()] == "Émilie Dubois", "the new worker is selected"
    assert "Émilie Dubois (Mentor)" in _combo_items(page)
    assert [w.email for w in workspace.organisation.workers() if w.full_name == "Émilie Dubois"] == [
        "emilie@example.org"]


def test_choosing_who_you_are_is_remembered(page: SettingsPage, current_worker: CurrentWorker,
                                            workspace, tmp_path: Path) -> None:
    ana = next(w for w in workspace.organisation.workers() if w.full_name == "Ana Nowak")
    page.you_are.setCurrentIndex(page.you_are.findText("Ana Nowak (Coordinator)"))
    assert current_worker.id == ana.id
    assert CurrentWorker(tmp_path / "settings.json").id == ana.id

    current_worker.set(None)  # changed elsewhere: the combo follows
    assert page.you_are.currentIndex() == -1
    current_worker.set(uuid.UUID(str(ana.id)))  # an equal id, not the same object
    assert page.you_are.currentText() == "Ana Nowak (Coordinator)"


def test_editing_a_worker_from_a_double_click(qtbot, page: SettingsPage, events: DataEvents) -> None:
    table = page.workers_table
    rect = table.visualRect(table.model().index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.dialog
    assert isinstance(dialog, WorkerDialog) and dialog.full_name.text() == "Old Mentor"
    dialog.is_active.setChecked(True)
    with qtbot.waitSignal(events.changed):
        dialog.accept()
    assert _column(table, 4) == ["Yes", "Yes"]
    assert _combo_items(page) == ["Ana Nowak (Coordinator)", "Old Mentor (Mentor)"]


def test_editing_a_programme_name_updates_the_table(qtbot, page: SettingsPage, workspace, events: DataEvents) -> None:
    page.programmes_table.selectRow(0)
    assert page.edit_programme_button.isEnabled()
    page.programmes_table.setFocus()
    qtbot.keyClick(page.programmes_table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ProgrammeDialog) and dialog.name.text() == "Pathways 2027"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Pathways 2027 (Spring)")
    with qtbot.waitSignal(events.changed) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].kinds == {ChangeKind.PROGRAMMES}
    assert _column(page.programmes_table, 0) == ["Pathways 2027 (Spring)"]
    saved = workspace.organisation.programmes()[0]
    assert (saved.name, saved.planned_weeks, saved.end_date) == ("Pathways 2027 (Spring)", 26, date(2027, 7, 2))


def test_adding_a_programme_with_a_taken_name_is_refused_in_the_dialog(qtbot, page: SettingsPage) -> None:
    qtbot.mouseClick(page.add_programme_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ProgrammeDialog)
    qtbot.keyClicks(dialog.name, "pathways 2027")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("name") == "Another programme already has this name."
    dialog.reject()
    assert page.dialog is None
    assert _column(page.programmes_table, 0) == ["Pathways 2027"]


def test_organisation_rules_are_edited_with_errors_under_their_fields(qtbot, page: SettingsPage, workspace) -> None:
    if workspace.profile.profile() is None:
        workspace.setup.complete("Centre", "Ana", "Pathways")
        page.refresh()
    assert "Guardian consent below 16" in page.rules.text()
    qtbot.mouseClick(page.edit_organisation_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.mentee_prefix.setText("no spaces!")
    dialog.consent_age.setValue(14)
    dialog.accept()
    assert dialog.isVisible() and "capital letters" in dialog.error_text("mentee_code_prefix")
    dialog.mentee_prefix.setText("NYC")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert workspace.profile.profile().digital_consent_age == 14
    assert "Guardian consent below 14" in page.rules.text() and "NYC-0001" in page.rules.text()
