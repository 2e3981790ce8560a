"""Importing and exporting the caseload as CSV from the Mentees page: file dialogs, preview, background work."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError
from mentordesk.services.mentee_csv import ImportPreview, ImportResult, MenteeCsvService
from mentordesk.ui.dialogs.import_dialog import ImportDialog
from mentordesk.ui.events import DataEvents
from mentordesk.ui.sealed_exports import choose_export_file, written_to
from mentordesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class MenteeCsvActions(QObject):
    def __init__(self, csv: MenteeCsvService, runner: TaskRunner, events: DataEvents,
                 actor: Callable[[], uuid.UUID | None], show_status: Callable[[str], None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._csv = csv
        self._runner = runner
        self._events = events
        self._actor = actor
        self._show_status = show_status
        self._parent = parent
        self.dialog: ImportDialog | None = None

    # ---- import: choose, preview (background), confirm, import (background)

    def choose_and_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self._parent, self.tr("Import mentees from CSV"), _documents(),
                                              self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if name:
            self.preview(Path(name))

    def preview(self, path: Path) -> None:
        self._runner.run(lambda _progress: self._csv.preview(path),
                         lambda preview: self._confirm(path, preview), self._failed)

    def _confirm(self, path: Path, preview: ImportPreview) -> None:
        dialog = ImportDialog(preview, path.name, self._parent)
        dialog.accepted.connect(lambda: self._import(path, dialog.skip_invalid))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _import(self, path: Path, skip_invalid: bool) -> None:
        actor = self._actor()
        self._runner.run(lambda _progress: self._csv.import_file(path, skip_invalid=skip_invalid, actor_id=actor),
                         self._imported, self._failed)

    def _imported(self, result: ImportResult) -> None:
        self._events.emit_changed(Changes.of(ChangeKind.MENTEES))
        locale = QLocale()
        message = self.tr("Import done: new mentees {new}, updated {updated}.").format(
            new=locale.toString(result.created), updated=locale.toString(result.updated))
        if result.skipped:
            message += " " + self.tr("Invalid rows skipped: {skipped}.").format(
                skipped=locale.toString(result.skipped))
        self._show_status(message)

    # ---- export

    def choose_and_export(self, ids: list[uuid.UUID] | None = None) -> None:
        path = choose_export_file(self._parent, self.tr("Export mentees to CSV"), Path(_documents()) / "mentees.csv",
                                  self.tr("CSV files (*.csv)"), self._csv)
        if path is not None:
            self.export(path, ids)

    def export(self, path: Path, ids: list[uuid.UUID] | None = None) -> None:
        def exported(count: int) -> None:
            self._show_status(self.tr("Export done: rows {count}, in {path}.").format(
                count=QLocale().toString(count), path=written_to(self._csv, path)))

        self._runner.run(lambda _progress: self._csv.export(path, ids), exported, self._failed)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, DomainError):
            log.error("CSV import or export failed", exc_info=error)
        QMessageBox.warning(self._parent, self.tr("Mentees CSV"), str(error))


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
