"""Is the data folder inside a cloud-sync folder? Sync tools are no place for a live SQLite file.

Dropbox, OneDrive, Google Drive and iCloud Drive copy files while they are being written: they
can upload (and sync to another laptop) a database without its `-wal` file, i.e. half a save,
and they keep copies of personal data in the provider's cloud, outside the organisation's
control. SQLite's own advice is not to put a live database there (sqlite.org/howtocorrupt.html).

Recognised by folder names only (no file system access), case-insensitive, for Windows and
POSIX paths alike, so a Windows path can be checked on any machine.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

_WINDOWS = re.compile(r"^[A-Za-z]:[\\/]|^\\\\|\\")


def _parts(path: str | PurePath) -> list[str]:
    text = str(path)
    pure: PurePath = PureWindowsPath(text) if _WINDOWS.search(text) else PurePosixPath(text)
    return [part.casefold() for part in pure.parts]


def _provider(part: str, following: str) -> str | None:
    if part == "dropbox" or part.startswith("dropbox (") or part.startswith("dropbox-"):
        return "Dropbox"
    if part == "onedrive" or part.startswith("onedrive - ") or part.startswith("onedrive-"):
        return "OneDrive"  # "OneDrive - Org" on Windows, "OneDrive-Personal" under macOS CloudStorage
    if part in ("google drive", "googledrive", "my drive", "shared drives") or part.startswith("googledrive-"):
        return "Google Drive"
    if part in ("icloud drive", "iclouddrive") or (part == "mobile documents" and following == "com~apple~clouddocs"):
        return "iCloud Drive"
    return None


def cloud_sync_provider(path: str | PurePath) -> str | None:
    """The sync service whose folder holds `path` ("Dropbox", "OneDrive", "Google Drive", "iCloud Drive"), or None."""
    parts = _parts(path)
    for index, part in enumerate(parts):
        provider = _provider(part, parts[index + 1] if index + 1 < len(parts) else "")
        if provider is not None:
            return provider
    return None


def cloud_warning(data_dir: str | Path) -> str | None:
    """One paragraph for people when the data folder is synced by a cloud service; None otherwise."""
    provider = cloud_sync_provider(data_dir)
    if provider is None:
        return None
    return (f"The data folder {data_dir} is inside {provider}. Sync tools copy the database while it is "
            f"being saved, which can leave a damaged copy, and they keep copies of personal data in "
            f"{provider}'s cloud. Move the data folder out of {provider} (start MentorDesk with --data-dir), "
            "and keep backups with \"Back up now\" instead.")
