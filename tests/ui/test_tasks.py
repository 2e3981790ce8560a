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


class _Witness:
    """Notes the thread it is finally released on (a Qt widget released on the worker crashes the process)."""

    def __init__(self, released_on: list[int]) -> None:
        self._released_on = released_on

    def __del__(self) -> None:
        self._released_on.append(threading.get_ident())


@pytest.mark.parametrize("fails", [False, True])
def test_the_work_and_what_it_holds_are_released_on_the_gui_thread(qtbot, runner: TaskRunner, fails: bool) -> None:
    released_on: list[int] = []
    witness = _Witness(released_on)
    outcome: list[object] = []

    def work(_progress: Progress, held: _Witness = witness) -> str:
        if fails:
            raise DomainError("refused")
        return "done"

    runner.run(work, on_success=outcome.append, on_error=outcome.append)
    del work, witness  # the runner's task is now the last holder
    qtbot.waitUntil(lambda: bool(outcome))
    runner.wait_for_done()  # the worker has dropped everything it had
    outcome.clear()  # an error's traceback holds the work's frame, and with it the witness
    qtbot.waitUntil(lambda: bool(released_on))
    assert released_on == [threading.get_ident()]
