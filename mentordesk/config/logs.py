"""A log file in the data folder: where unexpected errors leave their details."""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_FILE = "mentordesk.log"
MAX_BYTES = 1_000_000


def configure_logging(data_dir: Path) -> Path | None:
    """Log to `data_dir/mentordesk.log`; returns None when the folder cannot be written.

    The file is rotated once, at start, when it has grown past MAX_BYTES: a plain FileHandler
    avoids importing logging.handlers (socket, pickle, …) on the path to the first window.
    """
    log_file = data_dir / LOG_FILE
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if log_file.exists() and log_file.stat().st_size > MAX_BYTES:
            os.replace(log_file, log_file.with_name(LOG_FILE + ".1"))
        handler = logging.FileHandler(log_file, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file
