"""Settings of this installation (not of the organisation's data): who is using this laptop.

Stored as JSON in the data folder and written atomically (temporary file, fsync, rename), so
a crash mid-write leaves the old file, never a truncated one.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from mentordesk.config.files import atomic_write

SETTINGS_FILE = "settings.json"
DEFAULT_BACKUPS_TO_KEEP = 10
MAX_BACKUPS_TO_KEEP = 365


DEFAULT_LOCK_MINUTES = 10
LOCK_MINUTES_RANGE = (1, 240)


@dataclass(frozen=True)
class LocalSettings:
    current_worker_id: uuid.UUID | None = None
    # When workers have passwords, the window locks after this many idle minutes.
    lock_after_minutes: int = DEFAULT_LOCK_MINUTES
    backups_to_keep: int = DEFAULT_BACKUPS_TO_KEEP  # automatic backups kept in the backups folder

    def with_worker(self, worker_id: uuid.UUID | None) -> LocalSettings:
        return replace(self, current_worker_id=worker_id)

    def with_lock_after(self, minutes: int) -> LocalSettings:
        low, high = LOCK_MINUTES_RANGE
        return replace(self, lock_after_minutes=min(max(int(minutes), low), high))

    def with_backups_to_keep(self, count: int) -> LocalSettings:
        return replace(self, backups_to_keep=min(max(1, count), MAX_BACKUPS_TO_KEEP))


def load_settings(path: Path) -> LocalSettings:
    """Missing or unreadable settings fall back to defaults; they hold nothing that cannot be chosen again."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        worker = data.get("current_worker_id")
        settings = LocalSettings(current_worker_id=uuid.UUID(worker) if worker else None)
        minutes = data.get("lock_after_minutes")
        if isinstance(minutes, int):
            settings = settings.with_lock_after(minutes)
        keep = data.get("backups_to_keep", DEFAULT_BACKUPS_TO_KEEP)
        return settings.with_backups_to_keep(keep if isinstance(keep, int) else DEFAULT_BACKUPS_TO_KEEP)
    except (OSError, ValueError, TypeError, AttributeError):
        return LocalSettings()


def save_settings(path: Path, settings: LocalSettings) -> None:
    data = {"current_worker_id": str(settings.current_worker_id) if settings.current_worker_id else None,
            "lock_after_minutes": settings.lock_after_minutes, "backups_to_keep": settings.backups_to_keep}
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as file:
        json.dump(data, file, indent=2)
