"""The background helper: work runs off the GUI thread; results, errors and progress come back on it."""

from __future__ import annotations

import threading

import pytest

from mentordesk.services.errors import DomainError, OperationCancelled
from mentordesk.services.progress import Progress
from mentordesk.ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp):
    runner = TaskRunner()
    yield runner
    runner.wait_for_done()


def test_result_arrives_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def work(progress: Progress) -> int:
        seen["worker_thread"] = threading.get_ident()
        return 42

    def on_success(result: int) -> None:
        seen["result"] = result
        seen["callback_thread"] = threading.get_ident()

    runner.run(work, on_success=on_success, on_error=pytest.fail)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["worker_thread"] != gui_thread
    assert seen["callback_thread"] == gui_thread
    qtbot.waitUntil(lambda: not runner.busy)


def test_error_and_progress_are_delivered(qtbot, runner: TaskRunner) -> None:
    reports: list[tuple[int, int, str]] = []
    errors: list[BaseException] = []

    def work(progress: Progress) -> None:
        progress.step(1, 2, "half")
        raise DomainError("The file is not a CSV file.")

    runner.run(work, on_success=pytest.fail, on_error=errors.append, on_progress=lambda *r: reports.append(r))
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "The file is not a CSV file."
    assert reports == [(1, 2, "half")]


def test_cancelled_work_stops_at_its_next_step(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def work(progress: Progress) -> None:
        started.set()
        release.wait(5)
        progress.step(1, 10)

    task = runner.run(work, on_success=pytest.fail, on_error=errors.append)
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], OperationCancelled)
