"""The audit trail dialog: the chain's state line, filters over the lazy table, CSV export, coordinators only."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from mentordesk.db.models import Worker
from mentordesk.enums import AuditAction, WorkerRole
from mentordesk.services.access import Access, Principal
from mentordesk.services.audit import record
from mentordesk.services.audit_trail import AuditTrailService
from mentordesk.ui.dialogs.audit_trail_dialog import AuditTrailDialog
from mentordesk.ui.models.audit_table import AuditColumn, AuditTableModel
from mentordesk.ui.tasks import TaskRunner

MENTEE = uuid.UUID("3f2a0000-0000-4000-8000-000000000001")


@pytest.fixture
def trail(session_factory) -> uuid.UUID:
    ana = uuid.uuid4()
    with session_factory.begin() as session:
        session.add(Worker(id=ana, full_name="Ana Nováková", role=WorkerRole.COORDINATOR))
    for number in range(300):
        with session_factory.begin() as session:
            entity, entity_id = ("mentee", MENTEE) if number % 3 == 0 else ("mentoring_session", uuid.uuid4())
            action = AuditAction.VIEW if number % 2 else AuditAction.UPDATE
            record(session, action=action, entity=entity, entity_id=entity_id, fields=["notes"],
                   actor_id=ana if number % 5 == 0 else None)
    return ana


def _dialog(qtbot, session_factory, access: Access | None = None) -> tuple[AuditTrailDialog, TaskRunner]:
    runner = TaskRunner()
    dialog = AuditTrailDialog(AuditTrailService(session_factory, access), runner)
    qtbot.addWidget(dialog)
    return dialog, runner


def _loaded(qtbot, dialog: AuditTrailDialog, runner: TaskRunner) -> None:
    assert dialog.load()
    dialog.show()
    runner.wait_for_done()
    qtbot.waitUntil(lambda: dialog.status is not None)


def test_the_model_passes_the_model_tester(qtmodeltester, session_factory, trail) -> None:
    model = AuditTableModel(AuditTrailService(session_factory))
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 300
    assert model.data(model.index(0, 0)) == "300"
    record_cell = model.data(model.index(model.keys().index(298), model.COLUMNS.index(AuditColumn.RECORD)))
    assert record_cell == "Mentee 3f2a0000", "a record shows as its kind and short id, never a name"
    assert model.data(model.index(0, model.COLUMNS.index(AuditColumn.TIME)), Qt.ItemDataRole.DisplayRole)


def test_intact_chain_filters_and_the_last_hash(qtbot, session_factory, trail) -> None:
    dialog, runner = _dialog(qtbot, session_factory)
    _loaded(qtbot, dialog, runner)
    assert dialog.status.intact
    assert dialog.chain_label.text().startswith("Chain intact: 300 events, last hash ")
    assert dialog.status.last_hash[:12] in dialog.chain_label.text()
    assert not dialog.show_break_button.isVisible()
    assert dialog.model.rowCount() == 300 and dialog.count_label.text() == "300 events shown"

    dialog.copy_last_hash()
    assert QGuiApplication.clipboard().text() == dialog.status.last_hash

    dialog.worker_filter.setCurrentIndex(1)  # Ana, the only named worker
    assert dialog.model.rowCount() == 60
    dialog.entity_filter.setCurrentIndex(dialog.entity_filter.findText("Mentee"))
    dialog.action_filter.setCurrentIndex(dialog.action_filter.findText("Changed"))
    # numbers 0..299 with n % 5 == 0, n % 3 == 0 and n even: every 30th
    assert dialog.model.rowCount() == 10
    dialog.clear_filters()
    qtbot.keyClicks(dialog.record_filter, "3F2A-0000")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 100)
    assert dialog.count_label.text() == "100 events shown"
    dialog.record_filter.setText("MD-0042")
    dialog.apply_filters()
    assert dialog.filter_error.isVisible() and "0-9" in dialog.filter_error.text()
    dialog.record_filter.clear()
    dialog.apply_filters()
    assert not dialog.filter_error.isVisible() and dialog.model.rowCount() == 300


def test_a_broken_chain_is_named_in_red_and_its_event_shown(qtbot, session_factory, trail) -> None:
    with session_factory.begin() as session:
        session.execute(text("UPDATE audit_event SET entity = 'worker' WHERE seq = 120"))
    dialog, runner = _dialog(qtbot, session_factory)
    dialog.action_filter.setCurrentIndex(1)
    _loaded(qtbot, dialog, runner)
    assert dialog.chain_label.text().startswith("The audit trail is broken at event 120 (recorded ")
    assert "#b3261e" in dialog.chain_label.styleSheet()
    assert dialog.show_break_button.isVisible()
    dialog.show_break_button.click()
    assert dialog.action_filter.currentIndex() == 0, "the whole trail is shown around the broken event"
    selected = dialog.table.selectionModel().selectedRows()
    assert [dialog.model.keys()[index.row()] for index in selected] == [120]


def test_export_writes_the_shown_events(qtbot, session_factory, trail, tmp_path: Path, monkeypatch) -> None:
    dialog, runner = _dialog(qtbot, session_factory)
    _loaded(qtbot, dialog, runner)
    dialog.worker_filter.setCurrentIndex(1)
    target = tmp_path / "trail.csv"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    dialog.choose_and_export()
    runner.wait_for_done()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 60 and {row["worker"] for row in rows} == {"Ana Nováková"}
    assert dialog.count_label.text() == f"Saved 60 events to {target}."


def test_a_mentor_is_told_the_trail_is_for_coordinators(qtbot, session_factory, trail, monkeypatch) -> None:
    access = Access()
    access.sign_in(Principal(uuid.uuid4(), "Bo Lind", WorkerRole.MENTOR))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, message: warnings.append(message))
    dialog, _runner = _dialog(qtbot, session_factory, access)
    assert not dialog.load()
    assert warnings == ["Only a coordinator can view the audit trail."]
    assert dialog.model.rowCount() == 0


def test_the_window_opens_it_from_the_tools_menu(qtbot, paths, monkeypatch) -> None:
    from mentordesk.ui.app import AppController

    controller = AppController(paths)
    qtbot.addWidget(controller.window)
    monkeypatch.setattr(controller, "first_start", lambda: None)
    controller.start()
    qtbot.waitUntil(lambda: controller.workspace is not None, timeout=15_000)
    qtbot.waitUntil(lambda: hasattr(controller.window, "audit_trail_action"))
    menus = [action.text() for action in controller.window.menuBar().actions()]
    assert menus.index("&Tools") == menus.index("&Help") - 1
    controller.window.audit_trail_action.trigger()
    dialog = controller.audit_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Audit trail"
    controller.runner.wait_for_done()
    qtbot.waitUntil(lambda: dialog.status is not None)
    assert dialog.chain_label.text() == "Chain intact: no events yet."
    dialog.close()
    controller.window.close()
    controller.shutdown()
