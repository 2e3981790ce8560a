"""The first-start dialog: errors next to their fields, nothing typed is lost, demo on offer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mentordesk.services.errors import ValidationError
from mentordesk.ui.dialogs.setup_dialog import SetupDialog


class FakeSetup:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def complete(self, organisation: str, worker: str, programme: str) -> None:
        self.calls.append((organisation, worker, programme))
        errors = {}
        if not organisation.strip():
            errors["organisation_name"] = "The organisation's name is required."
        if not worker.strip():
            errors["worker_name"] = "Your name is required."
        if errors:
            raise ValidationError(errors)


@pytest.fixture
def setup() -> FakeSetup:
    return FakeSetup()


@pytest.fixture
def dialog(qtbot, setup: FakeSetup) -> SetupDialog:
    dialog = SetupDialog(submit=setup.complete)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_refused_input_shows_errors_by_the_fields_and_keeps_the_text(qtbot, dialog: SetupDialog) -> None:
    qtbot.keyClicks(dialog.programme.edit, "Wege ins Leben")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.organisation.error.isVisible()
    assert dialog.organisation.error.text() == "The organisation's name is required."
    assert dialog.worker.error.text() == "Your name is required."
    assert not dialog.programme.error.isVisible()
    assert dialog.programme.text() == "Wege ins Leben"
    assert dialog.focusWidget() is dialog.organisation.edit

    qtbot.keyClicks(dialog.organisation.edit, "Centre Jeunesse Evry")
    assert not dialog.organisation.error.isVisible(), "typing clears the field's error"


def test_valid_input_is_submitted_from_the_keyboard(qtbot, dialog: SetupDialog, setup: FakeSetup) -> None:
    # QTest types ASCII only; accented letters arrive as an input method would deliver them.
    qtbot.keyClicks(dialog.organisation.edit, "Centrum ")
    dialog.organisation.edit.insert("Młodzieżowe")
    qtbot.keyClick(dialog.organisation.edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.worker.edit, "Zsofia Kovacs")
    qtbot.keyClick(dialog.worker.edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.programme.edit, "Paths 2027")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.programme.edit, Qt.Key.Key_Return)
    assert setup.calls[-1] == ("Centrum Młodzieżowe", "Zsofia Kovacs", "Paths 2027")
    assert not dialog.wants_demo()


def test_explore_with_demo_data_skips_the_form(qtbot, dialog: SetupDialog, setup: FakeSetup) -> None:
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.wants_demo() and setup.calls == []
