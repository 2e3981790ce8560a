"""The import preview dialog: counts, every problem with line and column, and an Import button that waits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mentordesk.services.mentee_csv import ImportPreview, ImportProblem
from mentordesk.ui.dialogs.import_dialog import MAX_SHOWN, ImportDialog

ERRORS = (
    ImportProblem(5, "email", "This does not look like an email address (name@example.org)."),
    ImportProblem(9, "reference_code", "No mentee has the code MD-9999; leave the code empty to add a new mentee."),
)
WARNINGS = (ImportProblem(3, "", "MD-0001 has the same name and birth date. Is this the same person?"),)


def _dialog(qtbot, preview: ImportPreview) -> ImportDialog:
    dialog = ImportDialog(preview, "mentees.csv")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _cells(dialog: ImportDialog) -> list[tuple[str, ...]]:
    table = dialog.table
    return [tuple(table.item(row, column).text() for column in range(table.columnCount()))
            for row in range(table.rowCount())]


def test_a_clean_file_shows_its_counts_and_can_be_imported(qtbot) -> None:
    preview = ImportPreview(creates=10, updates=2, unchanged=3, errors=(), warnings=(), rows_total=15)
    dialog = _dialog(qtbot, preview)
    assert (dialog.new_label.text(), dialog.updated_label.text(), dialog.unchanged_label.text(),
            dialog.invalid_label.text()) == ("10", "2", "3", "0")
    assert dialog.heading_label.text() == "mentees.csv: 15 row(s)"
    assert not dialog.table.isVisible() and not dialog.skip_check.isVisible()
    assert dialog.import_button.isEnabled() and not dialog.skip_invalid
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def test_errors_and_warnings_are_listed_by_line(qtbot) -> None:
    preview = ImportPreview(creates=4, updates=1, unchanged=0, errors=ERRORS, warnings=WARNINGS, rows_total=7)
    dialog = _dialog(qtbot, preview)
    assert dialog.table.isVisible()
    assert _cells(dialog) == [
        ("3", "", "Warning", WARNINGS[0].message),
        ("5", "email", "Error", ERRORS[0].message),
        ("9", "reference_code", "Error", ERRORS[1].message),
    ]
    assert dialog.invalid_label.text() == "2"
    assert not dialog.truncated_label.isVisible()


def test_import_waits_for_skip_invalid_rows(qtbot) -> None:
    preview = ImportPreview(creates=4, updates=1, unchanged=0, errors=ERRORS, warnings=(), rows_total=7)
    dialog = _dialog(qtbot, preview)
    assert dialog.skip_check.isVisible() and "5 valid" in dialog.skip_check.text()
    assert not dialog.import_button.isEnabled()
    dialog.skip_check.setChecked(True)
    assert dialog.import_button.isEnabled() and dialog.skip_invalid
    dialog.skip_check.setChecked(False)
    assert not dialog.import_button.isEnabled()
    dialog.skip_check.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.skip_invalid


def test_an_unreadable_file_cannot_be_imported_at_all(qtbot) -> None:
    header = (ImportProblem(1, "nickname", "Unknown column 'nickname'."),)
    preview = ImportPreview(creates=0, updates=0, unchanged=0, errors=header, warnings=(), rows_total=3,
                            readable=False)
    dialog = _dialog(qtbot, preview)
    assert not dialog.skip_check.isVisible() and not dialog.import_button.isEnabled()
    assert "cannot be imported" in dialog.summary_label.text()
    assert _cells(dialog) == [("1", "nickname", "Error", "Unknown column 'nickname'.")]


def test_nothing_to_change_means_nothing_to_import(qtbot) -> None:
    dialog = _dialog(qtbot, ImportPreview(creates=0, updates=0, unchanged=8, errors=(), warnings=(), rows_total=8))
    assert not dialog.import_button.isEnabled()
    assert "nothing to import" in dialog.summary_label.text()


def test_a_huge_list_is_cut_short_and_says_so(qtbot) -> None:
    errors = tuple(ImportProblem(line, "email", "Bad email.") for line in range(2, MAX_SHOWN + 102))
    preview = ImportPreview(creates=0, updates=0, unchanged=0, errors=errors, warnings=(), rows_total=len(errors))
    dialog = _dialog(qtbot, preview)
    assert dialog.table.rowCount() == MAX_SHOWN
    assert dialog.truncated_label.isVisible() and "1,100" in dialog.truncated_label.text()
    assert not dialog.skip_check.isEnabled(), "no valid row to import"


def test_cancel_rejects(qtbot) -> None:
    dialog = _dialog(qtbot, ImportPreview(creates=1, updates=0, unchanged=0, errors=(), warnings=(), rows_total=1))
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
