"""Backups and restore of the data file.

A backup is made with SQLite's backup API from a connection of its own, so it is one consistent
snapshot while the application keeps working (never a file copy, which can catch half a
transaction). Plain data gives a `.db` file that SQLite opens as it is. Encrypted data is copied
under the same SQLCipher key (no plaintext byte is written), then sealed in an AES-GCM envelope
(`.mdbackup`, services/sealed_files.py) that carries the key's Argon2id parameters: the passphrase
alone opens it, on any computer, and a truncated or altered file is refused.

Automatic backups (`auto-…` in the backups folder) are made on start once a day and on exit, and
only those rotate: the newest N stay. Backups made by hand, before a migration or before a restore,
and anything elsewhere, are never deleted.

Restore, in two steps so the swap is short and can run where nothing else uses the data:

1. `prepare_restore` works on copies in a folder beside the data file: it opens the backup (the
   current key, or the passphrase it was made with), re-keys it to the current key (or plain, as the
   current data is), migrates an older schema to head, verifies it (integrity_check,
   foreign_key_check), and only then backs up the current data. A failure leaves the data untouched.
2. `finish_restore` refuses while a connection is checked out, disposes the engine's pool,
   empties the WAL into the current file, and renames the staged file over it. The engine opens
   new connections, with the same pragmas and key, on the restored file at its next use: the
   services need not be rebuilt; the ui refreshes every page.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from mentordesk.config.files import atomic_write_stream, fsync_folder
from mentordesk.config.paths import AppPaths
from mentordesk.db import copies
from mentordesk.db.cipher import DatabaseKey, derive_key, is_encrypted
from mentordesk.services import sealed_files
from mentordesk.services.access import Access
from mentordesk.services.errors import DomainError
from mentordesk.services.progress import Progress

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
PLAIN_SUFFIX = ".db"
BACKUP_SUFFIX = sealed_files.BACKUP_SUFFIX
AUTOMATIC_PREFIX = "auto-"
MANUAL_PREFIX = "mentordesk-"
BEFORE_RESTORE_PREFIX = "before-restore-"
_STAMP = "%Y%m%dT%H%M%SZ"
_STAMPED = re.compile(r"(\d{8}T\d{6}Z)")
#: What a preview counts: table -> the label the DTO field carries.
_COUNTED = ("mentee", "mentoring_session", "certificate", "worker")


class PassphraseNeeded(DomainError):
    """The backup was sealed under another passphrase than the current data's: ask for it."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime  # UTC
    size: int  # bytes
    encrypted: bool
    automatic: bool


@dataclass(frozen=True)
class BackupPreview:
    path: Path
    created: datetime  # UTC: from the sealed header, the file name's stamp, or the file's time
    revision: str | None  # the schema revision the backup is at
    mentees: int
    sessions: int
    certificates: int
    workers: int
    encrypted: bool


@dataclass(frozen=True)
class StagedRestore:
    """A backup made ready to replace the data (prepare_restore), and the backup of the data before it."""

    preview: BackupPreview
    staged: Path
    folder: Path
    before: BackupInfo


@dataclass(frozen=True)
class RestoreResult:
    preview: BackupPreview
    before: BackupInfo  # the data as it was, backed up first


class BackupService:
    def __init__(self, engine: Callable[[], Engine], paths: AppPaths,
                 key: Callable[[], DatabaseKey | None] = lambda: None,
                 keep: Callable[[], int] = lambda: DEFAULT_KEEP, access: Access | None = None) -> None:
        self._engine = engine  # the workspace's current one: a new key means a new engine
        self._paths = paths
        self._key = key
        self._keep = keep
        self._access = access if access is not None else Access()

    @property
    def folder(self) -> Path:
        return self._paths.backups_dir

    # ---- making backups

    def default_name(self, prefix: str = MANUAL_PREFIX, reason: str = "") -> str:
        stamp = datetime.now(UTC).strftime(_STAMP)
        suffix = BACKUP_SUFFIX if self._key() is not None else PLAIN_SUFFIX
        return f"{prefix}{stamp}{'-' + reason if reason else ''}{suffix}"

    def back_up(self, target: Path | None = None, progress: Progress | None = None) -> BackupInfo:
        """Back the data up to `target` (a file; a folder gets a timestamped name), by default into the
        backups folder. Encrypted data always ends in `.mdbackup`: the name gets it when missing.

        A copy taken elsewhere holds every mentee: only a coordinator may take one (a signed-in mentor
        reaches only their caseload). The automatic ones stay in the data folder, for anyone.
        """
        if target is not None:
            self._access.require_coordinator("back the data up to another place")
        if target is None:
            target = self.folder / self.default_name()
        elif target.is_dir():
            target = target / self.default_name()
        return self._back_up(target, progress)

    def automatic(self, reason: str, now: datetime | None = None) -> BackupInfo | None:
        """An automatic backup: on "start" at most once a (local) day, on "exit" always; then rotation.

        Returns None when none was needed (already one today; no data set up yet).
        """
        now = now or datetime.now(UTC)
        if not self._holds_data():
            return None
        if reason == "start" and any(info.created.astimezone().date() == now.astimezone().date()
                                     for info in self.list_backups() if info.automatic):
            return None
        name = self.default_name(AUTOMATIC_PREFIX, reason)
        info = self._back_up(self.folder / _unique(self.folder, name), None)
        self._rotate()
        return info

    def list_backups(self) -> list[BackupInfo]:
        """The backups in the backups folder, newest first."""
        try:
            entries = list(self.folder.iterdir())
        except FileNotFoundError:
            return []
        found = [info for entry in entries if (info := _info(entry)) is not None]
        # Names carry seconds; within one second the file's own time orders them.
        return sorted(found, key=lambda info: (info.created, _mtime_ns(info.path)), reverse=True)

    def _back_up(self, target: Path, progress: Progress | None) -> BackupInfo:
        database = self._database()
        key = self._key()
        if key is None and is_encrypted(database):
            raise DomainError("The data is encrypted and locked; unlock it to back it up.")
        if key is not None and not target.name.endswith(BACKUP_SUFFIX):
            target = target.with_name(target.name + BACKUP_SUFFIX)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DomainError(f"Cannot make the folder {target.parent}: {error.strerror or error}.") from error
        # The copy lands beside the target, hidden, and appears under its name only when whole.
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(handle)
        partial = Path(name)
        partial.unlink()  # SQLite makes the file; an empty one would be taken for a database of another kind

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress.step(done, total, "Backing up")

        try:
            copies.backup_file(database, partial, key, report)
            if key is None:
                os.replace(partial, target)
                fsync_folder(target.parent)
            else:
                with atomic_write_stream(target) as out:
                    sealed_files.seal_file(partial, out, key, sealed_files.BACKUP_PURPOSE)
        except copies.database_errors() as error:
            raise DomainError(f"The backup could not be made: {error}.") from error
        except FileNotFoundError:
            raise DomainError(f"The folder {target.parent} does not exist.") from None
        except PermissionError:
            raise DomainError(f"MentorDesk is not allowed to write in {target.parent}.") from None
        except OSError as error:
            raise DomainError(f"Cannot write the backup {target}: {error.strerror or error}.") from None
        finally:
            for leftover in (partial, partial.with_name(partial.name + "-journal")):
                leftover.unlink(missing_ok=True)
        info = _info(target)
        assert info is not None
        return info

    def _rotate(self) -> None:
        keep = max(1, self._keep())
        automatic = [info for info in self.list_backups() if info.automatic]
        for old in automatic[keep:]:
            try:
                old.path.unlink()
            except OSError as error:  # a backup that stays is no loss; say so in the log only
                log.warning("An old automatic backup could not be removed (%s): %s", old.path, error)

    def _holds_data(self) -> bool:
        connection = copies.connect(self._database(), self._key())
        try:
            counts = copies.table_counts(connection, ("organisation", "mentee"))
        finally:
            connection.close()
        return any(counts.values())

    def _database(self) -> Path:
        database = self._paths.database_file
        if database is None:
            raise DomainError("Backups work on data kept in a SQLite file; this data is kept elsewhere "
                              f"({self._paths.location_label()}).")
        return database

    # ---- reading backups

    def preview(self, file: Path, passphrase: str | None = None) -> BackupPreview:
        """What `file` holds: its date and counts. Raises DomainError (PassphraseNeeded when it is sealed
        under another passphrase) when it is not a MentorDesk backup or cannot be opened."""
        folder = self._work_folder()
        try:
            path, key, created = self._open_backup(file, passphrase, folder)
            return _preview(file, path, key, created)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _open_backup(self, file: Path, passphrase: str | None,
                     folder: Path) -> tuple[Path, DatabaseKey | None, datetime]:
        """A working copy of the backup in `folder`, the key it opens with, and when it was made."""
        if not file.is_file():
            raise DomainError(f"There is no backup file at {file}.")
        if sealed_files.is_sealed(file):
            header = sealed_files.header_of(file)
            if header.purpose != sealed_files.BACKUP_PURPOSE:
                raise DomainError(f"{file.name} is a sealed export, not a backup; "
                                  "open it with 'mentordesk unseal'.")
            key = self._key_for(header.kdf, passphrase, file)
            copy = folder / "backup.db"
            try:
                with open(copy, "wb") as out:
                    sealed_files.unseal_path(file, key, out)
            except sealed_files.WrongSealKey:
                if passphrase is None:  # the current key has the same parameters but is another passphrase's
                    raise PassphraseNeeded(_passphrase_needed(file)) from None
                raise
            return copy, key, header.created
        created = _stamp_of(file.name) or datetime.fromtimestamp(file.stat().st_mtime, UTC)
        copy = folder / "backup.db"
        # A plain backup; or a bare SQLCipher file under the current key (a copy of an encrypted data file).
        for key in dict.fromkeys((None, self._key())):
            try:
                copies.backup_file(file, copy, key)
                _check_is_mentordesk(copy, key, file)
                return copy, key, created
            except copies.database_errors():
                copy.unlink(missing_ok=True)
        raise DomainError(f"{file.name} is not a MentorDesk backup (or it is damaged).")

    def _key_for(self, kdf: object, passphrase: str | None, file: Path) -> DatabaseKey:
        current = self._key()
        if passphrase is None:
            if current is not None and current.params == kdf:
                return current
            raise PassphraseNeeded(_passphrase_needed(file))
        return derive_key(passphrase, kdf)  # type: ignore[arg-type]

    def _work_folder(self) -> Path:
        """A private folder beside the data file: the restored file is renamed from it, on one file system."""
        parent = self._database().parent
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=parent, prefix=".restore-"))

    # ---- restoring

    def restore(self, file: Path, passphrase: str | None = None, progress: Progress | None = None) -> RestoreResult:
        """Replace the data with the backup's; the current data is backed up first. See the module's note."""
        return self.finish_restore(self.prepare_restore(file, passphrase, progress))

    def prepare_restore(self, file: Path, passphrase: str | None = None,
                        progress: Progress | None = None) -> StagedRestore:
        """Everything but the swap: the data is not touched (apart from the backup of it)."""
        self._access.require_coordinator("restore a backup")
        from mentordesk.db.engine import make_engine, make_session_factory
        from mentordesk.db.migrate import is_known_revision, upgrade_to_head
        from mentordesk.db.seed import ensure_builtin_frameworks

        progress = progress or Progress()
        folder = self._work_folder()
        try:
            progress.step(0, 4, "Opening the backup")
            path, key, created = self._open_backup(file, passphrase, folder)
            preview = _preview(file, path, key, created)
            if preview.revision is not None and not is_known_revision(preview.revision):
                raise DomainError(f"{file.name} was made by a newer MentorDesk (schema {preview.revision}); "
                                  "update MentorDesk to restore it.")
            progress.step(1, 4, "Preparing the restored data")
            target_key = self._key()
            staged = folder / "restored.db"
            try:
                if _same_key(key, target_key):
                    path.rename(staged)  # already a private working copy: no second copy of 300 MB
                else:
                    copies.export_rekeyed(path, key, staged, target_key)
                    path.unlink()
                engine = make_engine(f"sqlite:///{staged}", key=target_key)
                try:
                    upgrade_to_head(engine)
                    with make_session_factory(engine).begin() as session:
                        ensure_builtin_frameworks(session)
                finally:
                    engine.dispose()
                progress.step(2, 4, "Checking the restored data")
                if not copies.checkpoint(staged, target_key):
                    raise DomainError("The restored data could not be finished; nothing was changed.")
                found = copies.problems(staged, target_key)
            except copies.database_errors() as error:
                raise DomainError(f"{file.name} cannot be restored: {error}. Nothing was changed.") from error
            if found:
                raise DomainError(f"{file.name} cannot be restored: {'; '.join(found)}. Nothing was changed.")
            progress.step(3, 4, "Backing up the current data")
            before = self._back_up(self.folder / _unique(self.folder, self.default_name(BEFORE_RESTORE_PREFIX)),
                                   None)
            return StagedRestore(preview=preview, staged=staged, folder=folder, before=before)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def finish_restore(self, staged: StagedRestore) -> RestoreResult:
        """Swap the staged file in. Call with no work under way on the data (the GUI waits for its runner)."""
        database = self._database()
        try:
            engine = self._engine()
            checked_out = getattr(engine.pool, "checkedout", lambda: 0)
            if checked_out():
                raise DomainError("MentorDesk is still working on the data; try the restore again in a moment. "
                                  "Nothing was changed.")
            engine.dispose()
            if database.exists() and not copies.checkpoint(database, self._key()):
                raise DomainError("Another program has the data open; close it and try again. Nothing was changed.")
            for sidecar in ("-wal", "-shm"):
                database.with_name(database.name + sidecar).unlink(missing_ok=True)
            os.replace(staged.staged, database)
            fsync_folder(database.parent)
        finally:
            shutil.rmtree(staged.folder, ignore_errors=True)
        log.info("Restored the data from %s; the data before is in %s", staged.preview.path, staged.before.path)
        return RestoreResult(preview=staged.preview, before=staged.before)


# ---- helpers


def _passphrase_needed(file: Path) -> str:
    return f"{file.name} is encrypted; enter the passphrase the data had when it was backed up."


def _same_key(first: DatabaseKey | None, second: DatabaseKey | None) -> bool:
    if first is None or second is None:
        return first is second
    return first.raw == second.raw


def _check_is_mentordesk(path: Path, key: DatabaseKey | None, file: Path) -> None:
    connection = copies.connect(path, key)
    try:
        counts = copies.table_counts(connection, ("mentee", "organisation"))
        revision = copies.schema_revision(connection)
    finally:
        connection.close()
    if revision is None or counts["mentee"] is None:
        raise DomainError(f"{file.name} is a database, but not a MentorDesk backup.")


def _preview(file: Path, path: Path, key: DatabaseKey | None, created: datetime) -> BackupPreview:
    try:
        connection = copies.connect(path, key)
        try:
            counts = copies.table_counts(connection, _COUNTED)
            revision = copies.schema_revision(connection)
        finally:
            connection.close()
    except copies.database_errors() as error:
        raise DomainError(f"{file.name} is not a MentorDesk backup (or it is damaged).") from error
    if revision is None or counts["mentee"] is None:
        raise DomainError(f"{file.name} is a database, but not a MentorDesk backup.")
    return BackupPreview(path=file, created=created, revision=revision, mentees=counts["mentee"] or 0,
                         sessions=counts["mentoring_session"] or 0, certificates=counts["certificate"] or 0,
                         workers=counts["worker"] or 0, encrypted=key is not None)


def _stamp_of(name: str) -> datetime | None:
    match = _STAMPED.search(name)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def _info(path: Path) -> BackupInfo | None:
    name = path.name
    if name.startswith(".") or not (name.endswith(PLAIN_SUFFIX) or name.endswith(BACKUP_SUFFIX)):
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    created = _stamp_of(name) or datetime.fromtimestamp(stat.st_mtime, UTC)
    return BackupInfo(path=path, created=created, size=stat.st_size, encrypted=name.endswith(BACKUP_SUFFIX),
                      automatic=name.startswith(AUTOMATIC_PREFIX))


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _unique(folder: Path, name: str) -> str:
    """`name`, or `name` with -2, -3… before its suffix when a backup of that second already exists."""
    stem, dot, suffix = name.partition(".")
    candidate, number = name, 2
    while (folder / candidate).exists():
        candidate = f"{stem}-{number}{dot}{suffix}"
        number += 1
    return candidate

