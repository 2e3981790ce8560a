"""Writing a file whole or not at all, so a crash or a full disk never leaves half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TextIO


@contextmanager
def atomic_write(target: Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A temporary file beside `target` (same file system), fsynced, then renamed over it.

    The file is readable by its owner only (mkstemp's mode): what MentorDesk writes is often personal.
    """
    with _replacing(target, "w", encoding=encoding, newline=newline) as file:
        yield file


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """`data` as the whole of `target`, with atomic_write's guarantees; an OSError leaves no temporary behind."""
    with _replacing(target, "wb") as file:
        file.write(data)


@contextmanager
def atomic_write_stream(target: Path) -> Iterator[IO[bytes]]:
    """A binary stream that becomes `target` whole on a normal exit (large files written as they come)."""
    with _replacing(target, "wb") as file:
        yield file


@contextmanager
def _replacing(target: Path, mode: str, **options) -> Iterator[IO]:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, mode, **options) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fsync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable (POSIX); Windows has no directory handles to sync (NTFS journals it)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
