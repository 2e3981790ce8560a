"""Unsaved forms kept on disk as they are typed, so a closed dialog or a crash loses nothing.

A draft is whatever the form chooses to store (plain JSON values), under a name such as
"session" or "session-<id>". Drafts are small, written whole or not at all, readable by the
user only, and deleted once the form is saved or the person discards them.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mentordesk.config.files import atomic_write

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
_VERSION = 1


@dataclass(frozen=True)
class Draft:
    content: dict[str, Any]
    saved_at: datetime  # UTC


class DraftStore:
    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def save(self, name: str, content: dict[str, Any], now: datetime | None = None) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        saved_at = (now or datetime.now(UTC)).isoformat()
        with atomic_write(self._file(name)) as handle:
            json.dump({"version": _VERSION, "saved_at": saved_at, "content": content}, handle, ensure_ascii=False)

    def load(self, name: str) -> Draft | None:
        """The draft, or None when there is none or it cannot be read (it is then set aside, not lost)."""
        path = self._file(name)
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("version") != _VERSION or not isinstance(stored.get("content"), dict):
                raise ValueError("not a draft of this version")
            return Draft(stored["content"], datetime.fromisoformat(stored["saved_at"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("draft %s could not be read (%s); kept as %s.unreadable", name, error, path.name)
            path.replace(path.with_suffix(".unreadable"))
            return None

    def discard(self, name: str) -> None:
        self._file(name).unlink(missing_ok=True)

    def _file(self, name: str) -> Path:
        if not _NAME.match(name):
            raise ValueError(f"draft names are lower-case words and hyphens, got {name!r}")
        return self._directory / f"{name}.json"
