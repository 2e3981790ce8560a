"""Paths are resolved once, in main(), and passed to whoever needs them."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mentordesk import APP_NAME

DATA_DIR_ENV = "MENTORDESK_DATA_DIR"
DATABASE_URL_ENV = "MENTORDESK_DATABASE_URL"
DATABASE_FILE = "mentordesk.db"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    database_url: str

    @property
    def database_file(self) -> Path | None:
        """The SQLite file, when the database is one (an explicit URL may point elsewhere)."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and self.database_url != prefix + ":memory:":
            return Path(self.database_url.removeprefix(prefix).split("?", 1)[0])
        return None

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def window_state_file(self) -> Path:
        return self.data_dir / "window.ini"

    def location_label(self) -> str:
        """Where the data lives, for people: the file, or the URL without its password."""
        if self.database_file is not None:
            return str(self.database_file)
        return _hide_password(self.database_url)


def resolve_paths(
    data_dir: str | None = None,
    database_url: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> AppPaths:
    """Command-line values win over the environment, which wins over the platform's user data folder."""
    chosen_dir = data_dir or environ.get(DATA_DIR_ENV)
    if chosen_dir:
        directory = Path(chosen_dir).expanduser().resolve()
    else:
        from platformdirs import user_data_path

        directory = user_data_path(APP_NAME, appauthor=False)
    url = database_url or environ.get(DATABASE_URL_ENV) or f"sqlite:///{directory / DATABASE_FILE}"
    return AppPaths(data_dir=directory, database_url=url)


def resource_path(*parts: str) -> Path:
    """A file under `resources/`, from a source checkout or from inside the PyInstaller bundle."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    root = Path(bundle_root) if bundle_root else Path(__file__).resolve().parents[2]
    return root.joinpath("resources", *parts)


def _hide_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
