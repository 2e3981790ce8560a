"""Encryption at rest: encrypting plain data in place, changing the passphrase, the recovery sheet.

The database is encrypted by SQLCipher under a key derived from the passphrase (db/cipher.py);
putting it under a new key is an export into a new file, verified, then swapped in by one rename
(db/rekey.py explains the order that keeps every crash recoverable). The workspace's engine is
closed around the swap and reopened under the new key (`Workspace.reopen`), so the services
and pages the ui holds keep working.

Plaintext copies: encrypting makes a backup first, as every risky change does. Once the new file
has verified, that backup holds exactly the same rows in plaintext: it is overwritten with zeros
and deleted. Older plain SQLite files in the backups folder (backups made before, before-migration
copies) are put under the new key in place, so they stay restorable and stop being readable; a
new passphrase does the same to copies under the old key. The old plain database is overwritten
with zeros after the swap (where the system allows: not on Windows). Zeroing is best effort:
SSDs and copy-on-write file systems may keep older blocks, which full-disk encryption covers.

This module is cheap to import (no SQLAlchemy, no ReportLab at import time): the ui asks
`data_is_encrypted()` before the window opens the data.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mentordesk.config.paths import AppPaths
from mentordesk.db import rekey
from mentordesk.db.cipher import (
    MIN_PASSPHRASE_LENGTH,
    DatabaseKey,
    KdfParams,
    WrongPassphrase,
    cipher_file,
    derive_key,
    is_encrypted,
    unlock,
)
from mentordesk.db.recovery_key import format_recovery_key, looks_like_recovery_key, unlock_with_recovery_key
from mentordesk.enums import AuditAction
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.progress import Progress

if TYPE_CHECKING:
    from mentordesk.db.engine import SessionFactory

log = logging.getLogger(__name__)

__all__ = ["MIN_PASSPHRASE_LENGTH", "EncryptionService", "PassphraseRequired", "WrongPassphraseError"]

WRONG_PASSPHRASE = "That passphrase does not open this data."


class PassphraseRequired(DomainError):
    """The data is encrypted and no passphrase (or key) was given to open it."""

    def __init__(self) -> None:
        super().__init__("This data is encrypted; its passphrase is needed to open it.")


class WrongPassphraseError(DomainError):
    """The passphrase (or recovery key) does not open this data; nothing was read or changed."""


class Strength(StrEnum):
    TOO_SHORT = "too_short"
    WEAK = "weak"
    FAIR = "fair"
    STRONG = "strong"


@dataclass(frozen=True)
class KdfSummary:
    algorithm: str
    memory_kib: int
    time_cost: int
    parallelism: int

    def describe(self) -> str:
        return (f"{self.algorithm}: {self.memory_kib // 1024} MiB memory, {self.time_cost} passes, "
                f"{self.parallelism} lanes")


@dataclass(frozen=True)
class EncryptionStatus:
    supported: bool  # a SQLite file: a database elsewhere (another URL) is not encrypted by MentorDesk
    encrypted: bool
    database: Path | None
    cipher_file: Path | None  # the key's parameters, beside the data (never the key)
    kdf: KdfSummary | None
    plain_backups: int  # unencrypted SQLite copies in the backups folder


@dataclass(frozen=True)
class EncryptionResult:
    tables: int
    rows: int  # verified in the new file before it was swapped in
    removed: tuple[Path, ...]  # the backup made first, deleted once the new file verified (same rows)
    sealed: tuple[Path, ...]  # older backups now under the new key
    left: tuple[Path, ...]  # backups that could not be put under the new key (the reason is in the log)
    seconds: float


class KeyHost(Protocol):
    """What the service needs from the workspace: where the data is, its key, and a way to swap the file."""

    paths: AppPaths
    key: DatabaseKey | None

    def closed_for_swap(self) -> AbstractContextManager[None]: ...

    def reopen(self, key: DatabaseKey | None) -> None: ...


def data_is_encrypted(paths: AppPaths) -> bool:
    """Whether opening needs a passphrase; cheap (one file lookup), for the ui before anything opens."""
    return paths.database_file is not None and is_encrypted(paths.database_file)


def check_new_passphrase(passphrase: str, repeat: str | None = None) -> None:
    """ValidationError ({"passphrase": …} / {"repeat": …}) unless `passphrase` may protect the data."""
    if not passphrase.strip():
        raise ValidationError({"passphrase": "Choose a passphrase: a few unrelated words are strong and easy to "
                                             "remember."})
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError({"passphrase": f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; "
                                             f"this one has {len(passphrase)}."})
    if looks_like_recovery_key(passphrase):
        raise ValidationError({"passphrase": "This is shaped like a recovery key; choose a passphrase of your "
                                             "own."})
    if repeat is not None and repeat != passphrase:
        raise ValidationError({"repeat": "The two passphrases differ; type it again."})


def passphrase_strength(passphrase: str) -> Strength:
    """A rough guide for the person choosing: length counts most, then variety; not a guarantee."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH or not passphrase.strip():
        return Strength.TOO_SHORT
    pool = sum(size for test, size in ((str.islower, 26), (str.isupper, 26), (str.isdigit, 10))
               if any(test(ch) for ch in passphrase))
    pool += 33 if any(not ch.isalnum() for ch in passphrase) else 0
    # Repeated characters add little: count distinct ones beyond the first few repeats.
    effective = min(len(passphrase), 3 * len(set(passphrase)))
    bits = effective * math.log2(max(pool, 2))
    words = len(passphrase.split())
    if bits >= 80 or (words >= 4 and len(passphrase) >= 20):
        return Strength.STRONG
    if bits >= 55:
        return Strength.FAIR
    return Strength.WEAK


def key_for(database: Path, passphrase: str | None = None, key: DatabaseKey | None = None) -> DatabaseKey | None:
    """The key that opens `database` (None for plain data), from a passphrase, a recovery key or a key.

    An interrupted key change is finished or undone first (db/rekey.py); otherwise nothing is written.
    Raises PassphraseRequired, WrongPassphraseError, or DomainError when the key file is damaged.
    """
    try:
        rekey.recover(database)
    except rekey.RekeyFailed as error:
        raise DomainError(str(error)) from error
    if not is_encrypted(database):
        return None
    try:
        if key is not None:
            stored = json.loads(cipher_file(database).read_text(encoding="utf-8"))
            if key.check_value() != stored["check"]:
                raise WrongPassphrase(WRONG_PASSPHRASE)
            return key
        if passphrase is None or passphrase == "":
            raise PassphraseRequired()
        if looks_like_recovery_key(passphrase):
            return unlock_with_recovery_key(database, passphrase)
        return unlock(database, passphrase)
    except WrongPassphrase as error:
        raise WrongPassphraseError(str(error)) from error
    except (OSError, ValueError, KeyError) as error:
        raise DomainError(f"The key file {cipher_file(database)} is damaged or unreadable ({error}); the data "
                          f"cannot be opened without it.") from error


class EncryptionService:
    def __init__(self, host: KeyHost, sessions: SessionFactory, access: Access | None = None) -> None:
        self._host = host
        self._sessions = sessions
        # The passphrase and the recovery key open every caseload: they are a coordinator's to set and print.
        self._access = access if access is not None else Access()

    # ---- reading

    def status(self) -> EncryptionStatus:
        database = self._host.paths.database_file
        key = self._host.key
        kdf = None
        if key is not None:
            params = key.params
            kdf = KdfSummary("Argon2id", params.memory_kib, params.time_cost, params.parallelism)
        return EncryptionStatus(
            supported=database is not None, encrypted=key is not None, database=database,
            cipher_file=cipher_file(database) if key is not None and database is not None else None,
            kdf=kdf, plain_backups=len(self._plain_backups()))

    def recovery_key(self) -> str:
        """The recovery key, grouped for people; DomainError for plain data."""
        self._access.require_coordinator("see the recovery key")
        return format_recovery_key(self._key().raw)

    def write_recovery_sheet(self, target: Path, today: date | None = None) -> Path:
        """The one-page recovery sheet as PDF at `target` (written whole or not at all)."""
        from mentordesk.config.files import atomic_write_bytes
        from mentordesk.reports.recovery_sheet import RecoverySheet, render_recovery_sheet
        from mentordesk.services.setup import SetupService

        self._access.require_coordinator("print the recovery sheet")
        key = self._key()
        organisation = SetupService(self._sessions).organisation()
        status = self.status()
        assert status.kdf is not None
        sheet = RecoverySheet(
            organisation=organisation.name if organisation else None,
            location=self._host.paths.location_label(), written_on=today or date.today(),
            recovery_key=format_recovery_key(key.raw), kdf=status.kdf.describe(),
            salt=base64.b64encode(key.params.salt).decode("ascii"))
        pdf = render_recovery_sheet(sheet)
        try:
            atomic_write_bytes(target, pdf)
        except OSError as error:
            raise DomainError(f"Could not write the recovery sheet to {target}: {error.strerror or error}.") from error
        with self._sessions.begin() as session:  # the key to every record left the app: say who took it
            audit.record(session, action=AuditAction.EXPORT, entity="recovery_sheet", entity_id=None,
                         actor_id=self._access.actor())
        return target

    # ---- changing

    def encrypt(self, passphrase: str, repeat: str | None = None, progress: Progress | None = None) -> EncryptionResult:
        """Encrypt plain data in place under a key derived from `passphrase` (see the module's text)."""
        self._access.require_coordinator("encrypt the data")
        check_new_passphrase(passphrase, repeat)
        self._database()
        if self._host.key is not None:
            raise DomainError("The data is encrypted already; change its passphrase instead.")
        return self._put_under(derive_key(passphrase, KdfParams.fresh()), "encryption", progress or Progress())

    def change_passphrase(self, old: str, new: str, repeat: str | None = None,
                          progress: Progress | None = None) -> EncryptionResult:
        """Put the data under a key from `new`; `old` is the current passphrase or the recovery key.

        The salt is new too, so the key changes even if the passphrase does not: an old recovery sheet
        and backups under the old key stop opening it.
        """
        self._access.require_coordinator("change the passphrase")
        current = self._key()
        database = self._database()
        try:
            given = unlock_with_recovery_key(database, old) if looks_like_recovery_key(old) else unlock(database, old)
        except WrongPassphrase as error:
            raise ValidationError({"old_passphrase": str(error)}) from error
        if given.raw != current.raw:
            raise ValidationError({"old_passphrase": WRONG_PASSPHRASE})
        check_new_passphrase(new, repeat)
        return self._put_under(derive_key(new, KdfParams.fresh()), "passphrase-change", progress or Progress())

    def seal_plain_backups(self, progress: Progress | None = None) -> EncryptionResult:
        """Put plain SQLite copies left in the backups folder (by an interrupted encryption) under the key."""
        start = time.perf_counter()
        sealed, left = self._seal_backups(None, self._key(), progress or Progress())
        return EncryptionResult(0, 0, (), sealed, left, time.perf_counter() - start)

    # ---- inside

    def _key(self) -> DatabaseKey:
        if self._host.key is None:
            raise DomainError("The data is not encrypted, so it has no recovery key.")
        return self._host.key

    def _database(self) -> Path:
        database = self._host.paths.database_file
        if database is None:
            raise DomainError(f"Only a MentorDesk data file can be encrypted; the data is at "
                              f"{self._host.paths.location_label()}.")
        return database

    def _put_under(self, key: DatabaseKey, label: str, progress: Progress) -> EncryptionResult:
        database, old = self._database(), self._host.key
        start = time.perf_counter()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = self._host.paths.backups_dir / f"before-{label}-{stamp}.db"
        new = rekey.new_file(database)
        with self._host.closed_for_swap():
            try:
                progress.step(0, 4, "Backing up the data")
                from mentordesk.db.migrate import backup_sqlite

                backup_sqlite(database, backup, key=old)
                progress.step(1, 4, "Writing the data under the new key")
                counts = rekey.export(database, old, new, key)
                progress.step(2, 4, "Checking the new file")
                rekey.verify(new, key, counts)
                progress.step(3, 4, "Swapping the new file in")
                # The plain file is zeroed right after the rename (its last moment on disk); a file under
                # the old key is ciphertext and needs no scrub.
                rekey.swap_in(database, new, key, after_commit=(lambda: None) if old is None else None)
            except BaseException as error:
                self._reopen_after_failure(database, old, key)
                if isinstance(error, rekey.RekeyFailed):
                    raise DomainError(f"{error} Nothing was changed.") from error
                if isinstance(error, OSError):
                    raise DomainError(f"Could not write the new file: {error.strerror or error}. Nothing was "
                                      f"changed.") from error
                if _is_database_error(error):
                    raise DomainError(f"The data could not be read to encrypt it: {error}. Nothing was "
                                      f"changed.") from error
                raise
            self._host.reopen(key)
        progress.report(4, 4, "Removing plaintext copies")
        removed = self._remove_backup(backup, plain=old is None)
        sealed, left = self._seal_backups(old, key, progress)
        seconds = time.perf_counter() - start
        log.info("The data was put under a new key (%s) in %.1f s; %d backups sealed.", label, seconds, len(sealed))
        return EncryptionResult(len(counts), sum(counts.values()), removed, sealed, left, seconds)

    def _reopen_after_failure(self, database: Path, old: DatabaseKey | None, new: DatabaseKey) -> None:
        """Bring the files to a whole state and reopen under whichever key they are under now."""
        try:
            rekey.recover(database)
        finally:
            self._host.reopen(self._key_on_disk(database, old, new))

    @staticmethod
    def _key_on_disk(database: Path, old: DatabaseKey | None, new: DatabaseKey) -> DatabaseKey | None:
        if not is_encrypted(database):
            return None
        check = json.loads(cipher_file(database).read_text(encoding="utf-8")).get("check")
        return new if check == new.check_value() else old

    @staticmethod
    def _remove_backup(backup: Path, *, plain: bool) -> tuple[Path, ...]:
        if not backup.exists():
            return ()
        try:
            if plain:
                rekey.scrub_and_remove(backup)
            else:
                backup.unlink()
        except OSError as error:
            log.warning("The backup made before the key change could not be removed (%s): %s", backup, error)
            return ()
        return (backup,)

    def _backup_files(self) -> Iterator[Path]:
        folder = self._host.paths.backups_dir
        if folder.is_dir():
            yield from sorted(path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())

    def _plain_backups(self) -> list[Path]:
        return [path for path in self._backup_files() if rekey.is_plain_sqlite(path)]

    def _seal_backups(self, old: DatabaseKey | None, key: DatabaseKey,
                      progress: Progress) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
        """Put every plain SQLite file (and every file under `old`) in the backups folder under `key`."""
        candidates = [path for path in self._backup_files()
                      if not path.name.endswith(rekey.NEW_FILE_SUFFIX)
                      and (rekey.is_plain_sqlite(path) or (old is not None and _opens_with(path, old)))]
        sealed: list[Path] = []
        left: list[Path] = []
        for index, path in enumerate(candidates):
            progress.report(index, len(candidates), "Encrypting older backups")
            try:
                rekey.rekey_copy(path, old if not rekey.is_plain_sqlite(path) else None, key)
            except (rekey.RekeyFailed, OSError) as error:
                log.warning("A backup could not be put under the new key (%s): %s", path, error)
                left.append(path)
            except Exception as error:
                if not _is_database_error(error):
                    raise
                log.warning("A backup could not be read to put it under the new key (%s): %s", path, error)
                left.append(path)
            else:
                sealed.append(path)
        return tuple(sealed), tuple(left)


def _opens_with(path: Path, key: DatabaseKey) -> bool:
    try:
        connection = rekey.connect(path, key)
    except Exception:
        return False
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except Exception:
        return False
    finally:
        connection.close()


def _is_database_error(error: BaseException) -> bool:
    import sqlite3

    import sqlcipher3

    return isinstance(error, (sqlite3.DatabaseError, sqlcipher3.DatabaseError))
