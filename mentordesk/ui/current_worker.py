"""Who is using this laptop: the worker whose caseload "My caseload" shows and who is recorded as actor.

Accounts with sign-in come later; until then the person picks themselves in Settings.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from mentordesk.config.settings import load_settings, save_settings


class CurrentWorker(QObject):
    changed = Signal(object)  # uuid.UUID | None

    def __init__(self, settings_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._file = settings_file
        self._settings = load_settings(settings_file)

    @property
    def id(self) -> uuid.UUID | None:
        return self._settings.current_worker_id

    def set(self, worker_id: uuid.UUID | None) -> None:
        if worker_id == self.id:
            return
        # Read again first: other settings in the file (backups to keep) may have changed since.
        self._settings = load_settings(self._file).with_worker(worker_id)
        save_settings(self._file, self._settings)
        self.changed.emit(worker_id)
