"""CSV from the Mentees page: a preview first, nothing imported from a bad file, then the import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from mentordesk.services.changes import ChangeKind
from mentordesk.services.mentees import MenteeQuery
from mentordesk.ui.events import DataEvents
from mentordesk.ui.mentee_csv_actions import MenteeCsvActions
from mentordesk.ui.tasks import TaskRunner

HEADER = "reference_code,first_name,last_name,preferred_name,birth_date,gender,email,phone,postcode,languages,status"


def make_actions(qtbot, workspace, messages: list[str]) -> tuple[MenteeCsvActions, DataEvents]:
    parent = QWidget()
    qtbot.addWidget(parent)
    events = DataEvents()
    actions = MenteeCsvActions(workspace.mentee_csv, TaskRunner(parent), events, lambda: None, messages.append,
                               parent)
    return actions, events


def test_a_file_with_a_bad_row_is_previewed_and_imports_nothing(qtbot, workspace, tmp_path: Path) -> None:
    messages: list[str] = []
    actions, _events = make_actions(qtbot, workspace, messages)
    source = tmp_path / "mentees.csv"
    source.write_text(f"{HEADER}\n,Jana,Dvořáková,,2004-02-03,female,,,,,referred\n"
                      f",Luca,,,2031-01-01,male,,,,,referred\n", encoding="utf-8")
    actions.preview(source)
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible(), timeout=10_000)
    dialog = actions.dialog
    assert dialog.table.rowCount() >= 2, "both problems of line 3 are listed"
    assert not dialog.import_button.isEnabled(), "a bad row blocks the import until invalid rows are skipped"
    dialog.skip_check.setChecked(True)
    assert dialog.import_button.isEnabled() and dialog.skip_invalid
    dialog.reject()
    assert workspace.mentees.count(MenteeQuery()) == 0


def test_import_then_export_from_the_page(qtbot, workspace, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: messages.append(str(args[-1])))
    messages: list[str] = []
    actions, events = make_actions(qtbot, workspace, messages)
    changed = []
    events.changed.connect(changed.append)
    source = tmp_path / "mentees.csv"
    source.write_text(f"{HEADER}\n,Jana,Dvořáková,,2004-02-03,female,,,,,referred\n", encoding="utf-8")
    actions.preview(source)
    qtbot.waitUntil(lambda: actions.dialog is not None, timeout=10_000)
    actions.dialog.accept()
    qtbot.waitUntil(lambda: bool(changed), timeout=10_000)
    assert changed[0].touches(ChangeKind.MENTEES)
    assert messages[-1] == "Import done: new mentees 1, updated 0."
    assert workspace.mentees.count(MenteeQuery(text="dvorakova")) == 1

    target = tmp_path / "out.csv"
    actions.export(target)
    qtbot.waitUntil(lambda: target.exists(), timeout=10_000)
    qtbot.waitUntil(lambda: messages[-1].startswith("Export done: rows 1,"), timeout=10_000)
    assert "Dvořáková" in target.read_text(encoding="utf-8-sig")
