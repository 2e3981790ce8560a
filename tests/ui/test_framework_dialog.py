"""The framework editor, and the Settings page's Competence frameworks box on a real workspace."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QInputDialog, QMessageBox

from mentordesk.db.seed import DIGCOMP, KEY_COMPETENCES, digcomp_id
from mentordesk.services.changes import ChangeKind
from mentordesk.services.errors import ValidationError
from mentordesk.services.frameworks import FrameworkForm, FrameworkService, framework_form
from mentordesk.services.organisation import ProgrammeForm
from mentordesk.services.pathway_forms import FrameworkInfo
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.dialogs.framework_dialog import FrameworkDialog
from mentordesk.ui.dialogs.programme_dialog import ProgrammeDialog
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pages.settings import SettingsPage

OWN = FrameworkForm("Life skills", "1", "", "", (("LS1", "Home", "Cooking", "Plan a meal."),
                                                 ("LS2", "Home", "Budgeting", "")),
                    (("Low", "With help."), ("High", "Alone.")))


def recording_save(saved: list[FrameworkForm], errors: dict[str, str] | None = None):
    def save(form: FrameworkForm) -> FrameworkInfo:
        saved.append(form)
        if errors:
            raise ValidationError(errors)
        return FrameworkInfo(uuid.uuid4(), form.name, form.version or None, None, None, False, (), ())

    return save


def open_dialog(qtbot, save, initial: FrameworkForm | None = None) -> FrameworkDialog:
    dialog = FrameworkDialog(save, initial)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cells(table) -> list[list[str]]:
    return [[table.item(row, column).text() for column in range(table.columnCount())]
            for row in range(table.rowCount())]


# ---- the dialog


def test_a_new_framework_is_typed_into_its_tables(qtbot) -> None:
    saved: list[FrameworkForm] = []
    dialog = open_dialog(qtbot, recording_save(saved))
    assert dialog.windowTitle() == "New competence framework" and dialog.focusWidget() is dialog.name
    assert cells(dialog.competences.table) == [["", "", "", ""]], "one empty row to start typing in"
    assert [label for label, _ in dialog.levels.rows()] == ["Starting out", "Developing", "Capable", "Confident"]

    qtbot.keyClicks(dialog.name, "Work skills")
    table = dialog.competences.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, "W")  # typing on a cell opens its editor, which takes the following keys
    qtbot.keyClicks(table.focusWidget(), "1")
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(table.focusWidget(), "Work")
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(table.focusWidget(), "Punctuality")
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Return)  # ends the edit, keeps the dialog open
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.competences.add_button, Qt.MouseButton.LeftButton)
    assert table.rowCount() == 2 and table.currentRow() == 1
    table.item(1, 0).setText("W2")
    table.item(1, 2).setText("Teamwork")
    dialog.levels.table.setCurrentCell(3, 0)
    qtbot.mouseClick(dialog.levels.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert saved[-1].name == "Work skills"
    assert saved[-1].competences == (("W1", "Work", "Punctuality", ""), ("W2", "", "Teamwork", ""))
    assert [label for label, _ in saved[-1].levels] == ["Starting out", "Developing", "Capable"]


def test_rows_are_added_below_the_current_one_moved_and_removed(qtbot) -> None:
    dialog = open_dialog(qtbot, recording_save([]), OWN)
    editor = dialog.competences
    table = editor.table
    table.setCurrentCell(0, 2)
    assert not editor.up_button.isEnabled() and editor.down_button.isEnabled()
    editor.add_row()
    assert [row[0] for row in editor.rows()] == ["LS1", "", "LS2"] and table.currentRow() == 1
    editor.remove_row()
    assert [row[0] for row in editor.rows()] == ["LS1", "LS2"]
    table.setCurrentCell(0, 2)
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert editor.rows() == [("LS2", "Home", "Budgeting", ""), ("LS1", "Home", "Cooking", "Plan a meal.")]
    assert (table.currentRow(), table.currentColumn()) == (1, 2), "the moved row stays current"
    assert editor.up_button.isEnabled() and not editor.down_button.isEnabled()
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert [row[0] for row in editor.rows()] == ["LS1", "LS2"]
    assert table.item(0, 3).toolTip() == "Plan a meal.", "a long text is readable whole in the tooltip"
    table.item(0, 3).setText("Plan and cook a meal.")
    assert table.item(0, 3).toolTip() == "Plan and cook a meal."


def test_editing_starts_from_the_framework_and_saves_it_unchanged(qtbot) -> None:
    saved: list[FrameworkForm] = []
    dialog = open_dialog(qtbot, recording_save(saved), OWN)
    assert dialog.windowTitle() == "Edit competence framework" and dialog.save_button.text() == "Save"
    assert dialog.form_value() == OWN
    dialog.accept()
    assert saved == [OWN]


def test_a_refused_framework_shows_each_error_under_its_field_and_keeps_everything(qtbot) -> None:
    errors = {"name": "Another framework already has this name.", "competences": "Competence 2 needs a code.",
              "levels": "Level 2 needs a label."}
    saved: list[FrameworkForm] = []
    dialog = open_dialog(qtbot, recording_save(saved, errors), OWN)
    dialog.resize(1000, 700)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and len(saved) == 1
    for field, message in errors.items():
        assert dialog.error_text(field) == message
    assert dialog.form_value() == OWN
    assert dialog.width() >= 1000 and dialog.height() >= 700, "the dialog keeps the size it was given"
    assert dialog.height() >= dialog.minimumSizeHint().height()


def test_a_builtin_framework_opens_to_view_only(qtbot, workspace, session_factory) -> None:
    digcomp = FrameworkService(session_factory).get(digcomp_id())
    dialog = open_dialog(qtbot, None, framework_form(digcomp))
    assert dialog.read_only and dialog.windowTitle() == "Competence framework"
    assert dialog.name.isReadOnly() and dialog.description.isReadOnly() and dialog.source.isReadOnly()
    assert not dialog.save_button.isVisible()
    for editor in (dialog.competences, dialog.levels):
        assert editor.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert not editor.add_button.isVisible() and not editor.remove_button.isVisible()
    assert len(dialog.competences.rows()) == 21 and dialog.levels.rows()[6] == (
        "7 · Highly specialised", digcomp.levels[6].description)
    assert dialog.form_value() == framework_form(digcomp)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Rejected and dialog.result_value is None


# ---- the Settings box


@pytest.fixture
def events() -> DataEvents:
    return DataEvents()


@pytest.fixture
def frameworks(session_factory) -> FrameworkService:
    return FrameworkService(session_factory)


@pytest.fixture
def page(qtbot, workspace, frameworks: FrameworkService, events: DataEvents, tmp_path: Path) -> SettingsPage:
    frameworks.save(OWN)
    page = SettingsPage(workspace.setup, workspace.overview, workspace.organisation,
                        CurrentWorker(tmp_path / "settings.json"), workspace.paths.location_label(),
                        workspace.paths.data_dir, events, profile=workspace.profile, frameworks=frameworks)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page


def select(page: SettingsPage, name: str) -> None:
    table = page.frameworks_table
    row = next(row for row in range(table.rowCount()) if table.item(row, 0).text().startswith(name))
    table.selectRow(row)


def test_the_box_lists_builtins_first_then_ones_own(page: SettingsPage) -> None:
    assert cells(page.frameworks_table) == [
        [f"{KEY_COMPETENCES.name} (2018)", "8", "4", "Built in"],
        [DIGCOMP.name, "21", "8", "Built in"],
        ["Life skills (1)", "2", "2", "Your own"],
    ]
    assert page.frameworks_table.item(1, 0).toolTip().startswith("The European Commission's framework")
    assert not page.edit_framework_button.isEnabled() and not page.delete_framework_button.isEnabled()
    assert page.new_framework_button.isEnabled() and page.import_framework_button.isEnabled()
    select(page, DIGCOMP.name)
    assert page.edit_framework_button.text() == "View…" and not page.delete_framework_button.isEnabled()
    assert page.export_framework_button.isEnabled()
    select(page, "Life skills")
    assert page.edit_framework_button.text() == "Edit…" and page.delete_framework_button.isEnabled()


def test_a_new_framework_is_saved_listed_and_offered_to_programmes(qtbot, page: SettingsPage,
                                                                  events: DataEvents) -> None:
    qtbot.mouseClick(page.new_framework_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, FrameworkDialog) and not dialog.read_only
    dialog.name.setText("Digital basics")
    dialog.competences.table.item(0, 0).setText("D1")
    dialog.competences.table.item(0, 2).setText("Using a phone")
    with qtbot.waitSignal(events.changed) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].kinds == {ChangeKind.FRAMEWORKS}
    assert page.dialog is None
    names = [row[0] for row in cells(page.frameworks_table)]
    assert names[2:] == ["Digital basics", "Life skills (1)"]
    assert page.frameworks_table.selectionModel().selectedRows()[0].row() == 2, "the new framework is selected"

    page.add_programme()
    programme_dialog = page.dialog
    assert isinstance(programme_dialog, ProgrammeDialog)
    offered = [programme_dialog.framework.itemText(i) for i in range(programme_dialog.framework.count())]
    assert set(offered) == {KEY_COMPETENCES.name, DIGCOMP.name, "Digital basics", "Life skills"}
    programme_dialog.reject()


def test_editing_ones_own_framework_from_a_double_click(qtbot, page: SettingsPage, frameworks: FrameworkService,
                                                        events: DataEvents) -> None:
    table = page.frameworks_table
    rect = table.visualRect(table.model().index(2, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.dialog
    assert isinstance(dialog, FrameworkDialog) and dialog.form_value() == OWN
    dialog.name.setText("Life skills 2027")
    with qtbot.waitSignal(events.changed):
        dialog.accept()
    assert [f.name for f in frameworks.frameworks()][2:] == ["Life skills 2027"]
    assert cells(table)[2][0] == "Life skills 2027 (1)"


def test_a_builtin_opens_read_only_from_the_keyboard(qtbot, page: SettingsPage, events: DataEvents) -> None:
    select(page, DIGCOMP.name)
    page.frameworks_table.setFocus()
    qtbot.keyClick(page.frameworks_table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, FrameworkDialog) and dialog.read_only and dialog.name.text() == DIGCOMP.name
    with qtbot.assertNotEmitted(events.changed):
        dialog.reject()
    assert page.dialog is None


def test_export_then_import_under_another_name(qtbot, page: SettingsPage, frameworks: FrameworkService,
                                               events: DataEvents, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "exported"  # no suffix: .json is added
    suggested: list[str] = []

    def save_name(_parent, _title, directory, _filter):
        suggested.append(Path(directory).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    select(page, DIGCOMP.name)
    qtbot.mouseClick(page.export_framework_button, Qt.MouseButton.LeftButton)
    written = target.with_suffix(".json")
    assert json.loads(written.read_text(encoding="utf-8"))["name"] == DIGCOMP.name
    assert suggested == ["digcomp-2-2-the-digital-competence-framework-for-citizens.json"]
    assert str(written) in page.frameworks_note.text() and page.frameworks_note.isVisible()

    asked: list[tuple[str, str]] = []

    def new_name(_parent, _title, label, _mode, text):
        asked.append((label, text))
        return "My DigComp", True

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(written), ""))
    monkeypatch.setattr(QInputDialog, "getText", new_name)
    with qtbot.waitSignal(events.changed) as changed:
        qtbot.mouseClick(page.import_framework_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].kinds == {ChangeKind.FRAMEWORKS}
    assert asked == [(f"A framework called “{DIGCOMP.name}” exists already; import it under another name.\n\n"
                      "Import it as:", f"{DIGCOMP.name} (copy)")]
    imported = next(f for f in frameworks.frameworks() if f.name == "My DigComp")
    assert framework_form(imported) == replace(framework_form(frameworks.get(digcomp_id())), name="My DigComp")
    row = page.frameworks_table.selectionModel().selectedRows()[0].row()
    assert cells(page.frameworks_table)[row] == ["My DigComp (2.2)", "21", "8", "Your own"]


def test_an_import_cancelled_at_the_name_or_of_a_bad_file_changes_nothing(qtbot, page: SettingsPage,
                                                                          frameworks: FrameworkService,
                                                                          events: DataEvents, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    clash = tmp_path / "clash.json"
    frameworks.export_json(digcomp_id(), clash)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mentordesk-framework", "version": 1, "name": "X", "competences": [], '
                   '"levels": []}', encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: ("", False))
    with qtbot.assertNotEmitted(events.changed):
        for path in (clash, bad):
            monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, chosen=path: (str(chosen), ""))
            page.import_framework()
    assert warnings == ["bad.json cannot be imported. Add at least one competence. A proficiency scale has 2 to 10 "
                        "levels; this one has 0."]
    assert len(frameworks.frameworks()) == 3


def test_deleting_asks_first_and_refuses_a_framework_in_use(qtbot, page: SettingsPage, workspace,
                                                            frameworks: FrameworkService, events: DataEvents,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    own = next(f for f in frameworks.frameworks() if not f.is_builtin)
    programme = workspace.organisation.save_programme(ProgrammeForm("Pathways", date(2027, 1, 4),
                                                                    framework_id=own.id))
    questions: list[str] = []
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_args: (
        questions.append(text), QMessageBox.StandardButton.Yes)[1])
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    select(page, "Life skills")
    with qtbot.assertNotEmitted(events.changed):
        qtbot.mouseClick(page.delete_framework_button, Qt.MouseButton.LeftButton)
    assert questions == ["Delete “Life skills” with its 2 competences? This cannot be undone."]
    assert warnings == ["“Life skills” cannot be deleted: 1 programme uses it."]

    workspace.organisation.save_programme(ProgrammeForm("Pathways", date(2027, 1, 4), framework_id=digcomp_id()),
                                          programme.id)
    with qtbot.waitSignal(events.changed):
        qtbot.mouseClick(page.delete_framework_button, Qt.MouseButton.LeftButton)
    assert [f.name for f in frameworks.frameworks()] == [KEY_COMPETENCES.name, DIGCOMP.name]
    assert page.frameworks_table.rowCount() == 2 and page.frameworks_note.text() == "Deleted “Life skills”."
