"""Encryption as a person meets it: protected at setup, unlocked at start, encrypted and rekeyed from Settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mentordesk.config.paths import AppPaths
from mentordesk.services.encryption import data_is_encrypted
from mentordesk.services.workspace import open_workspace
from mentordesk.ui.app import AppController
from mentordesk.ui.dialogs.passphrase_dialog import PassphraseDialog, PassphraseMode
from mentordesk.ui.pages.security_box import SecurityBox

PASSPHRASE = "violet harbour kettle 42"
NEW_PASSPHRASE = "seven quiet lanterns"


@pytest.fixture
def fresh_paths(tmp_path: Path) -> AppPaths:
    data_dir = tmp_path / "MentorDesk"
    return AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}")


@pytest.fixture
def encrypted_paths(fresh_paths: AppPaths) -> AppPaths:
    workspace = open_workspace(fresh_paths)
    workspace.setup.complete("Northside Youth Centre", "Ana Nowak", "Pathways 2027")
    workspace.encryption.encrypt(PASSPHRASE)
    workspace.close()
    return fresh_paths


@pytest.fixture
def make_controller(qtbot):
    made = []

    def make(paths: AppPaths) -> AppController:
        controller = AppController(paths)
        qtbot.addWidget(controller.window)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.window.close()
        controller.shutdown()


@pytest.fixture
def save_sheet_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Say yes to the recovery sheet, and save it here."""
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    return target


def _settings_security(controller: AppController) -> SecurityBox:
    controller.window.show_page("settings")
    return controller.window.current_page().findChild(SecurityBox)


def test_setup_protects_the_data_and_offers_the_recovery_sheet(qtbot, make_controller, fresh_paths: AppPaths,
                                                               save_sheet_to: Path) -> None:
    controller = make_controller(fresh_paths)
    controller.start()
    qtbot.waitUntil(lambda: controller.setup_dialog is not None, timeout=15_000)
    dialog = controller.setup_dialog
    for field, text in ((dialog.organisation, "Northside Youth Centre"), (dialog.worker, "Ana Nowak"),
                        (dialog.programme, "Pathways 2027")):
        qtbot.keyClicks(field.edit, text)
    assert dialog.protect.isChecked() and "recommended" in dialog.protect.text()

    qtbot.keyClicks(dialog.passphrase_fields.passphrase.edit, "short")
    assert "Too short" in dialog.passphrase_fields.strength.text()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "at least 10" in dialog.passphrase_fields.passphrase.error.text()
    assert controller.workspace.setup.needs_setup(), "nothing is saved while the passphrase is refused"

    dialog.passphrase_fields.passphrase.edit.setText(PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase_fields.repeat.edit, PASSPHRASE + "x")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.passphrase_fields.repeat.error.text()
    dialog.passphrase_fields.repeat.edit.setText(PASSPHRASE)
    said: list[str] = []
    controller.security.status_message.connect(said.append)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: len(said) == 2, timeout=30_000)  # the sheet is saved after the encryption
    assert save_sheet_to.exists()
    assert data_is_encrypted(fresh_paths) and controller.workspace.key is not None
    assert "rows were checked" in said[0] and "Saved the recovery sheet" in said[1]
    security = _settings_security(controller)
    assert security.change_button.isVisible() and not security.encrypt_button.isVisible()
    assert controller.window.current_page().organisation_name.text() == "Northside Youth Centre"


def test_encrypted_data_asks_for_the_passphrase_and_says_when_it_is_wrong(qtbot, make_controller,
                                                                        encrypted_paths: AppPaths) -> None:
    controller = make_controller(encrypted_paths)
    controller.start()
    dialog = controller.unlock_dialog
    assert dialog is not None and dialog.isVisible() and controller.workspace is None
    qtbot.keyClicks(dialog.passphrase.edit, "not the passphrase")
    qtbot.keyClick(dialog.passphrase.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.passphrase.error.isVisible(), timeout=15_000)
    assert dialog.passphrase.error.text() == "That passphrase does not open this data."
    assert dialog.isVisible() and controller.workspace is None

    # Return tries again: Open is the default again (disabling it while busy had made Quit the default).
    assert dialog.open_button.isDefault() and not dialog.quit_button.isDefault()
    dialog.passphrase.edit.setText(PASSPHRASE)
    qtbot.keyClick(dialog.passphrase.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.workspace is not None, timeout=15_000)
    assert controller.window.isVisible()
    assert controller.unlock_dialog is None and controller.setup_dialog is None
    assert _settings_security(controller).sheet_button.isVisible()


def test_quitting_the_unlock_dialog_closes_the_app(qtbot, make_controller, encrypted_paths: AppPaths) -> None:
    controller = make_controller(encrypted_paths)
    controller.start()
    qtbot.mouseClick(controller.unlock_dialog.quit_button, Qt.MouseButton.LeftButton)
    assert not controller.window.isVisible() and controller.workspace is None


def test_the_recovery_key_opens_and_asks_for_a_new_passphrase(qtbot, make_controller, encrypted_paths: AppPaths,
                                                               save_sheet_to: Path) -> None:
    workspace = open_workspace(encrypted_paths, passphrase=PASSPHRASE)
    recovery_key = workspace.encryption.recovery_key()
    workspace.close()
    controller = make_controller(encrypted_paths)
    controller.start()
    controller.unlock_dialog.passphrase.edit.setText(recovery_key)
    qtbot.mouseClick(controller.unlock_dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.security is not None and controller.security.dialog is not None,
                    timeout=15_000)
    dialog = controller.security.dialog
    assert isinstance(dialog, PassphraseDialog) and dialog.mode is PassphraseMode.RECOVERED
    assert not dialog.old.isVisible()
    dialog.new.passphrase.edit.setText(NEW_PASSPHRASE)
    dialog.new.repeat.edit.setText(NEW_PASSPHRASE)
    said: list[str] = []
    controller.security.status_message.connect(said.append)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(said) == 2, timeout=30_000)
    assert save_sheet_to.exists()
    controller.window.close()
    controller.shutdown()
    reopened = open_workspace(encrypted_paths, passphrase=NEW_PASSPHRASE)
    assert reopened.encryption.recovery_key() != recovery_key
    reopened.close()


def test_settings_encrypts_then_changes_the_passphrase(qtbot, make_controller, fresh_paths: AppPaths,
                                                       save_sheet_to: Path) -> None:
    workspace = open_workspace(fresh_paths)
    workspace.setup.complete("Northside Youth Centre", "Ana Nowak", "Pathways 2027")
    workspace.close()
    controller = make_controller(fresh_paths)
    controller.start()
    qtbot.waitUntil(lambda: controller.workspace is not None, timeout=15_000)
    security = _settings_security(controller)
    assert security.encrypt_button.isVisible() and not security.sheet_button.isVisible()
    assert "not encrypted" in security.state.text()

    qtbot.mouseClick(security.encrypt_button, Qt.MouseButton.LeftButton)
    dialog = security.actions.dialog
    assert isinstance(dialog, PassphraseDialog) and dialog.mode is PassphraseMode.ENCRYPT
    dialog.new.passphrase.edit.setText(PASSPHRASE)
    dialog.new.repeat.edit.setText(PASSPHRASE)
    said: list[str] = []
    security.actions.status_message.connect(said.append)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(said) == 2, timeout=30_000)
    assert save_sheet_to.exists()
    assert security.change_button.isVisible() and "is encrypted" in security.state.text()
    assert "rows were checked" in said[0] and security.note.text() == said[-1]
    save_sheet_to.unlink()

    qtbot.mouseClick(security.change_button, Qt.MouseButton.LeftButton)
    dialog = security.actions.dialog
    assert dialog.mode is PassphraseMode.CHANGE
    dialog.old.edit.setText("not the passphrase")
    dialog.new.passphrase.edit.setText(NEW_PASSPHRASE)
    dialog.new.repeat.edit.setText(NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.old.error.isVisible(), timeout=15_000)
    assert dialog.old.error.text() == "That passphrase does not open this data." and dialog.isVisible()
    dialog.old.edit.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(said) == 4, timeout=30_000)
    assert save_sheet_to.exists()
    # The pages still read the data, on the engine reopened under the new key.
    controller.window.show_page("mentees")
    assert controller.workspace.setup.organisation().name == "Northside Youth Centre"
    controller.window.close()
    controller.shutdown()
    reopened = open_workspace(fresh_paths, passphrase=NEW_PASSPHRASE)
    reopened.close()


def test_a_refused_passphrase_leaves_the_action_the_default_button(qtbot) -> None:
    dialog = PassphraseDialog(PassphraseMode.CHANGE)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_busy(True)
    dialog.show_errors({"old_passphrase": "That passphrase does not open this data."})
    assert dialog.ok_button.isDefault() and not dialog.cancel_button.isDefault()
    assert dialog.old.error.text() == "That passphrase does not open this data." and dialog.old.isEnabled()
