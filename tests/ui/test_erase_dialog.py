"""The erase dialog: nothing happens until the code is typed; refusals stay in the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.ui.dialogs.erase_dialog import EraseDialog

CODE = "MD-0042"


class FakeErase:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.calls: list[str] = []

    def __call__(self, confirmation: str) -> str:
        self.calls.append(confirmation)
        if self.error is not None:
            raise self.error
        return "erased"


def _dialog(qtbot, erase: FakeErase) -> EraseDialog:
    dialog = EraseDialog(CODE, "Zsófia Kovács", erase)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_explains_what_goes_and_what_stays(qtbot) -> None:
    dialog = _dialog(qtbot, FakeErase())
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Zsófia Kovács" in shown and CODE in shown
    assert "Deleted:" in shown and "Kept:" in shown and "certificate" in shown
    assert not dialog.error_label.isVisible()


def test_the_button_waits_for_the_exact_code(qtbot) -> None:
    erase = FakeErase()
    dialog = _dialog(qtbot, erase)
    assert not dialog.erase_button.isEnabled()

    qtbot.keyClicks(dialog.code_edit, "md-0042")
    assert not dialog.erase_button.isEnabled(), "the code is compared exactly"
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "MD-004")
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    assert erase.calls == [] and dialog.isVisible(), "Return does nothing before the code is complete"

    qtbot.keyClicks(dialog.code_edit, "2")
    assert dialog.erase_button.isEnabled()
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Backspace)
    assert not dialog.erase_button.isEnabled()


@pytest.mark.parametrize("error", [
    DomainError("The database is busy; nothing was erased."),
    ValidationError({"confirmation": f"Type the reference code {CODE} to confirm."}),
])
def test_a_refused_erasure_keeps_the_dialog_open_with_the_reason(qtbot, error: Exception) -> None:
    erase = FakeErase(error)
    dialog = _dialog(qtbot, erase)
    qtbot.keyClicks(dialog.code_edit, CODE)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    assert erase.calls == [CODE]
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.error_label.isVisible() and dialog.error_label.text() == str(error)
    assert dialog.erase_button.isEnabled(), "the person may try again"

    qtbot.keyClicks(dialog.code_edit, " ")
    assert not dialog.error_label.isVisible(), "editing the code clears the message"


def test_a_successful_erasure_accepts_the_dialog(qtbot) -> None:
    erase = FakeErase()
    dialog = _dialog(qtbot, erase)
    qtbot.keyClicks(dialog.code_edit, CODE)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert erase.calls == [CODE]
    assert dialog.erase_result == "erased"


def test_return_erases_once_the_code_is_typed(qtbot) -> None:
    erase = FakeErase()
    dialog = _dialog(qtbot, erase)
    qtbot.keyClicks(dialog.code_edit, CODE)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    assert erase.calls == [CODE]


def test_cancel_erases_nothing(qtbot) -> None:
    erase = FakeErase()
    dialog = _dialog(qtbot, erase)
    qtbot.keyClicks(dialog.code_edit, CODE)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert erase.calls == []
