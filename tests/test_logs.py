from __future__ import annotations

import logging
from pathlib import Path

from mentordesk.config import logs


def test_errors_reach_the_log_file_and_big_logs_are_rotated(tmp_path: Path, monkeypatch) -> None:
    old = tmp_path / logs.LOG_FILE
    old.write_text("x" * (logs.MAX_BYTES + 1))
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        log_file = logs.configure_logging(tmp_path)
        logging.getLogger("mentordesk.test").error("something broke")
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in set(root.handlers) - set(handlers):
            handler.close()
            root.removeHandler(handler)
    assert log_file == old
    assert "something broke" in log_file.read_text(encoding="utf-8")
    assert (tmp_path / (logs.LOG_FILE + ".1")).stat().st_size == logs.MAX_BYTES + 1


def test_an_unwritable_folder_means_no_log_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert logs.configure_logging(blocker / "data") is None
