"""Background work on a QThreadPool, with results, errors and progress delivered on the GUI thread.

Work functions receive a `Progress` (report and cancellation, no Qt) and must never touch widgets.
The pool has one thread: database writes stay serial, as SQLite wants one writer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from mentordesk.services.progress import Progress

log = logging.getLogger(__name__)

Work = Callable[[Progress], Any]


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the worker are queued to it."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class Task(QObject):
    """A handle on one piece of background work."""

    finished = Signal()

    def __init__(
        self,
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_success = on_success
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self.relay = _Relay(self)
        self.relay.succeeded.connect(self._succeeded)
        self.relay.failed.connect(self._failed)
        self.relay.progressed.connect(self._progressed)
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self) -> Progress:
        return Progress(report=self.relay.progressed.emit, cancelled=self._cancel.is_set)

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self.done = True
        try:
            self._on_success(result)
        finally:
            self.finished.emit()

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self.done = True
        try:
            self._on_error(error)
        finally:
            self.finished.emit()

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, message: str) -> None:
        if self._on_progress is not None and not self.done:
            self._on_progress(done, total, message)


class _Runnable(QRunnable):
    def __init__(self, work: Work, task: Task) -> None:
        super().__init__()
        self._work = work
        self._relay = task.relay
        self._progress = task.progress()

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as error:  # delivered to the GUI thread, which decides what to show
            if not isinstance(error, Exception):
                log.exception("background task ended abnormally")
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: set[Task] = set()

    def run(
        self,
        work: Work,
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = Task(on_success, on_error, on_progress, self)
        self._running.add(task)
        task.finished.connect(lambda: self._done(task))
        self._pool.start(_Runnable(work, task))
        return task

    def _done(self, task: Task) -> None:
        self._running.discard(task)
        task.deleteLater()  # a long session runs many tasks; none should outlive its result

    def wait_for_done(self, timeout_ms: int = -1) -> bool:
        """Block until queued work has run (shutdown and tests); results still arrive via the event loop."""
        return self._pool.waitForDone(timeout_ms)

    @property
    def busy(self) -> bool:
        return bool(self._running)
