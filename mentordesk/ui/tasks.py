"""Background work on a QThreadPool, with results, errors and progress delivered on the GUI thread.

Work functions receive a `Progress` (report and cancellation, no Qt) and must never touch widgets.
The pool has one thread: database writes stay serial, as SQLite wants one writer.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from mentordesk.services.progress import Progress

log = logging.getLogger(__name__)

Work = Callable[[Progress], Any]


class _Relay(QObject):
    """Lives on the GUI thread as long as its runner; the worker's signals are queued to it.

    One per runner rather than one per task: a task's objects are then never released on the worker thread
    (a Qt wrapper freed there, after the GUI thread dropped its own references, crashes the process).
    """

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int, str)


class Task:
    """A handle on one piece of background work: plain Python, owned by the GUI thread.

    It keeps the work function until its outcome is handled here on the GUI thread, so the closure (often
    holding widgets) is released on this thread, never on the worker's. Not a QObject: nothing to delete
    later, so nothing left for Qt to delete after its runner is gone.
    """

    def __init__(
        self,
        work: Work,
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None,
    ) -> None:
        self.work: Work | None = work
        self._on_success = on_success
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def succeeded(self, result: Any) -> None:
        self.done = True
        self.work = None
        self._on_success(result)

    def failed(self, error: BaseException) -> None:
        self.done = True
        self.work = None
        self._on_error(error)

    def progressed(self, done: int, total: int, message: str) -> None:
        if self._on_progress is not None and not self.done:
            self._on_progress(done, total, message)


class _Runnable(QRunnable):
    """Runs on the worker thread; holds its own reference to the work only while running it."""

    def __init__(self, number: int, work: Work, progress: Progress, relay: _Relay) -> None:
        super().__init__()
        self._number = number
        self._work: Work | None = work
        self._progress = progress
        self._relay = relay

    def run(self) -> None:
        work, self._work = self._work, None
        assert work is not None
        try:
            result = work(self._progress)
        except BaseException as error:  # delivered to the GUI thread, which decides what to show
            del work  # before the outcome reaches the GUI thread, whose Task still holds it
            if not isinstance(error, Exception):
                log.exception("background task ended abnormally")
            self._relay.failed.emit(self._number, error)
        else:
            del work
            self._relay.succeeded.emit(self._number, result)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: dict[int, Task] = {}
        self._numbers = itertools.count()
        self._relay = _Relay(self)
        self._relay.succeeded.connect(self._succeeded)
        self._relay.failed.connect(self._failed)
        self._relay.progressed.connect(self._progressed)

    def run(
        self,
        work: Work,
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        number = next(self._numbers)
        task = Task(work, on_success, on_error, on_progress)
        self._running[number] = task
        progressed = self._relay.progressed
        progress = Progress(report=lambda done, total, message: progressed.emit(number, done, total, message),
                            cancelled=task.is_cancelled)
        self._pool.start(_Runnable(number, work, progress, self._relay))
        return task

    @Slot(int, object)
    def _succeeded(self, number: int, result: Any) -> None:
        self._running.pop(number).succeeded(result)

    @Slot(int, object)
    def _failed(self, number: int, error: BaseException) -> None:
        self._running.pop(number).failed(error)

    @Slot(int, int, int, str)
    def _progressed(self, number: int, done: int, total: int, message: str) -> None:
        task = self._running.get(number)
        if task is not None:
            task.progressed(done, total, message)

    def wait_for_done(self, timeout_ms: int = -1) -> bool:
        """Block until queued work has run (shutdown and tests); results still arrive via the event loop."""
        return self._pool.waitForDone(timeout_ms)

    @property
    def busy(self) -> bool:
        return bool(self._running)
