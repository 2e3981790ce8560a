"""Who is using this laptop: the worker whose caseload "My caseload" shows and who is recorded as actor.

While no worker has a password the person picks themselves in Settings. Once accounts are on, the
worker is whoever signed in, and picking someone else means signing in as them: `guard()` hands
every such pick to the sign-in flow, which calls `set_signed_in()` when it succeeds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from mentordesk.config.settings import load_settings, save_settings


class CurrentWorker(QObject):
    changed = Signal(object)  # uuid.UUID | None
    lock_after_changed = Signal(int)  # minutes

    def __init__(self, settings_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._file = settings_file
        self._settings = load_settings(settings_file)
        self._guard: Callable[[uuid.UUID | None], bool] | None = None

    @property
    def id(self) -> uuid.UUID | None:
        return self._settings.current_worker_id

    def set(self, worker_id: uuid.UUID | None) -> None:
        if worker_id == self.id:
            return
        if self._guard is not None and self._guard(worker_id):
            return  # the sign-in flow decides; it calls set_signed_in() on success
        self.set_signed_in(worker_id)

    def guard(self, hook: Callable[[uuid.UUID | None], bool] | None) -> None:
        """`hook(worker_id)` returns True when it takes the pick over (accounts on: sign in first)."""
        self._guard = hook

    def refuse(self) -> None:
        """A pick was not allowed: pickers showing it go back to the current worker."""
        self.changed.emit(self.id)

    def set_signed_in(self, worker_id: uuid.UUID | None) -> None:
        if worker_id == self.id:
            return
        # Read again first: other settings in the file (backups to keep) may have changed since.
        self._settings = load_settings(self._file).with_worker(worker_id)
        save_settings(self._file, self._settings)
        self.changed.emit(worker_id)

    @property
    def lock_after_minutes(self) -> int:
        return self._settings.lock_after_minutes

    def set_lock_after(self, minutes: int) -> None:
        settings = self._settings.with_lock_after(minutes)
        if settings == self._settings:
            return
        self._settings = settings
        save_settings(self._file, settings)
        self.lock_after_changed.emit(settings.lock_after_minutes)
