"""Loading demo data in the background, with a progress dialog that can be cancelled."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from mentordesk.services.changes import Changes
from mentordesk.services.demo import DemoService, DemoSummary
from mentordesk.services.errors import DomainError, OperationCancelled
from mentordesk.ui.events import DataEvents
from mentordesk.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

DEMO_MENTEES = 200


class DemoLoader(QObject):
    finished = Signal(object)  # DemoSummary, or None when cancelled or failed

    def __init__(
        self,
        demo: DemoService,
        runner: TaskRunner,
        events: DataEvents,
        show_status: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._demo = demo
        self._runner = runner
        self._events = events
        self._show_status = show_status
        self._parent = parent
        self.dialog: QProgressDialog | None = None
        self._task: Task | None = None

    def start(self, mentees: int | None = None) -> None:
        dialog = QProgressDialog(self.tr("Creating demo mentees, sessions and pathways…"), self.tr("Cancel"),
                                 0, 100, self._parent)
        dialog.setWindowTitle(self.tr("Loading demo data"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        self.dialog = dialog
        task = self._runner.run(
            lambda progress: self._demo.generate(mentees=mentees or DEMO_MENTEES, progress=progress),
            on_success=self._succeeded,
            on_error=self._failed,
            on_progress=self._progressed,
        )
        self._task = task
        dialog.canceled.connect(task.cancel)
        dialog.open()

    def cancel(self) -> None:
        """Stop the load (it rolls back). QProgressDialog.cancel() alone does not emit `canceled`."""
        if self._task is not None:
            self._task.cancel()

    def _progressed(self, done: int, total: int, message: str) -> None:
        if self.dialog is not None:
            self.dialog.setValue(done * 100 // max(total, 1))

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _succeeded(self, summary: DemoSummary) -> None:
        self._close_dialog()
        self._events.emit_changed(Changes.everything())
        locale = QLocale()
        self._show_status(self.tr("Loaded {mentees} demo mentees and {sessions} sessions.").format(
            mentees=locale.toString(summary.mentees), sessions=locale.toString(summary.sessions)))
        self.finished.emit(summary)

    def _failed(self, error: BaseException) -> None:
        self._close_dialog()
        if isinstance(error, OperationCancelled):
            self._show_status(self.tr("Demo data was not loaded; nothing was changed."))
        elif isinstance(error, DomainError):
            QMessageBox.warning(self._parent, self.tr("Demo data"), str(error))
        else:
            log.error("loading demo data failed", exc_info=error)
            QMessageBox.critical(self._parent, self.tr("Demo data"),
                                 self.tr("Demo data could not be loaded: {error}").format(error=error))
        self.finished.emit(None)
