"""The organisation's Ed25519 signing key, and the public keys whose certificates we trust.

The private key lives in one PEM file in the data folder (`keys/organisation-ed25519.pem`), created
with mode 0600 by `os.open(O_CREAT | O_EXCL)` so it is never readable by others, not even for the
moment between creating and restricting it. Its public key is recorded as a TrustedKey with
`is_own`, beside the partner organisations' keys imported from their exported files, so one table
answers "do we trust the key that signed this?".

The database keeps the key's SHA-256 as 64 hex digits (what `TrustedKey.fingerprint` holds); people
see the grouped form (`certificate_facts.fingerprint`) and certificates name the key by its id, the
first 16 of those hex digits.

If the database and the key file disagree (the data folder was moved without `keys/`, or the
database restored from another copy), the file wins: it is the key that can sign. A recorded own
key without its file stays trusted as a former key, so what it signed still verifies.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.db.base import utcnow
from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import Organisation, TrustedKey
from mentordesk.enums import AuditAction
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.certificate_facts import fingerprint, key_id
from mentordesk.services.csv_files import exported_file
from mentordesk.services.errors import DomainError, NotFoundError

PRIVATE_KEY_FILE = "organisation-ed25519.pem"
PUBLIC_KEY_FORMAT = "mentordesk-public-key"
PUBLIC_KEY_VERSION = 1
MAX_KEY_FILE_BYTES = 64 * 1024  # a public key file is a few hundred bytes; anything large is something else
_FORMER_OWN_NOTE = "A former key of this organisation: its file is no longer in the data folder."


@dataclass(frozen=True)
class KeyInfo:
    id: uuid.UUID
    owner_name: str
    fingerprint: str  # grouped for reading aloud: "3F2A 9C01 …"
    key_id: str  # the 16 hex digits certificates name their key by
    is_own: bool
    trusted_at: datetime
    distrusted_at: datetime | None

    @property
    def trusted(self) -> bool:
        return self.distrusted_at is None


class KeyService:
    def __init__(self, sessions: SessionFactory, keys_dir: Path, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()
        self._keys_dir = Path(keys_dir)
        # The loaded private key and its id: signing 500 certificates should not read the file 500 times.
        self._signer: tuple[Ed25519PrivateKey, str] | None = None

    @property
    def private_key_file(self) -> Path:
        return self._keys_dir / PRIVATE_KEY_FILE

    # ---- our own key

    def own_key(self, create: bool = True) -> KeyInfo | None:
        """The key this copy signs with, recorded as trusted; created first when there is none and `create`.

        None only when there is no key file and `create` is False.
        """
        private = self._load_private()
        if private is None:
            if not create:
                return None
            private = self._create_private()
        raw = _raw_public(private.public_key())
        info = self._record_own(raw)
        self._signer = (private, info.key_id)
        return info

    def sign(self, data: bytes) -> tuple[bytes, str]:
        """(Ed25519 signature, key id) with the organisation's key, created on first use."""
        if self._signer is None:
            self.own_key(create=True)
        assert self._signer is not None
        private, signer_id = self._signer
        return private.sign(data), signer_id

    def private_key(self) -> Ed25519PrivateKey:
        """The organisation's key itself, for a signer that builds its own signing input (the Open Badges
        JWS). Services only: it is never shown, exported or passed to the ui."""
        if self._signer is None:
            self.own_key(create=True)
        assert self._signer is not None
        return self._signer[0]

    def export_public(self, path: Path) -> Path:
        """Write our public key for partner organisations to import (written whole, replacing `path`)."""
        info = self.own_key(create=True)
        assert info is not None
        with self._sessions() as session:
            raw = session.scalar(select(TrustedKey.public_key).where(TrustedKey.id == info.id))
        document = {
            "format": PUBLIC_KEY_FORMAT,
            "version": PUBLIC_KEY_VERSION,
            "owner": info.owner_name,
            "public_key": base64.b64encode(raw).decode("ascii"),
            "fingerprint": info.fingerprint,
        }
        with exported_file(Path(path)) as handle:
            handle.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return Path(path)

    # ---- partner organisations' keys

    def import_trusted(self, path: Path, actor_id: uuid.UUID | None = None) -> KeyInfo:
        """Trust a partner's exported public key; a key distrusted earlier is trusted again."""
        self._access.require_coordinator("trust other organisations' keys")
        actor_id = self._access.actor(actor_id)
        path = Path(path)
        owner, raw = _read_public_key_file(path)
        digest = hashlib.sha256(raw).hexdigest()
        with self._sessions.begin() as session:
            row = session.scalar(select(TrustedKey).where(TrustedKey.fingerprint == digest))
            if row is not None and row.is_own:
                raise DomainError("This is your organisation's own key; it is trusted already.")
            if row is not None and row.distrusted_at is None:
                raise DomainError(f"The key of {row.owner_name} in {path.name} is already trusted.")
            if row is not None:
                row.distrusted_at = None
                row.trusted_at = utcnow()
                row.owner_name = owner
                audit.record(session, action=AuditAction.UPDATE, entity="trusted_key", entity_id=row.id,
                             fields=["distrusted_at", "owner_name", "trusted_at"], actor_id=actor_id)
            else:
                row = TrustedKey(fingerprint=digest, public_key=raw, owner_name=owner, is_own=False,
                                 trusted_at=utcnow())
                session.add(row)
                session.flush()
                audit.record(session, action=AuditAction.CREATE, entity="trusted_key", entity_id=row.id,
                             fields=["fingerprint", "owner_name", "public_key"], actor_id=actor_id)
            return _info(row)

    def trusted(self) -> list[KeyInfo]:
        """Every recorded key, our own first, then by owner; distrusted ones included (see `KeyInfo.trusted`)."""
        with self._sessions() as session:
            rows = session.scalars(select(TrustedKey).order_by(TrustedKey.is_own.desc(),
                                                               TrustedKey.distrusted_at.is_not(None),
                                                               TrustedKey.owner_name, TrustedKey.fingerprint))
            return [_info(row) for row in rows]

    def distrust(self, key_id: str, actor_id: uuid.UUID | None = None) -> KeyInfo:
        """Stop trusting a partner's key: what it signed no longer verifies here. Our own key cannot be."""
        self._access.require_coordinator("distrust other organisations' keys")
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            row = _row_by_key_id(session, key_id)
            if row is None:
                raise NotFoundError("This key is not in the list of trusted keys.")
            if row.is_own:
                raise DomainError("Your organisation's own key cannot be distrusted: every certificate you "
                                  "issued would stop verifying.")
            if row.distrusted_at is None:
                row.distrusted_at = utcnow()
                audit.record(session, action=AuditAction.UPDATE, entity="trusted_key", entity_id=row.id,
                             fields=["distrusted_at"], actor_id=actor_id)
            return _info(row)

    def find(self, key_id: str) -> KeyInfo | None:
        """The recorded key with this id, trusted or not (verification tells 'distrusted' from 'unknown')."""
        with self._sessions() as session:
            row = _row_by_key_id(session, key_id)
            return None if row is None else _info(row)

    def public_key(self, key_id: str) -> tuple[str, bytes] | None:
        """(owner, raw public key) of a key trusted now, or None: what verification checks a signature with."""
        with self._sessions() as session:
            row = _row_by_key_id(session, key_id)
            if row is None or row.distrusted_at is not None:
                return None
            return row.owner_name, row.public_key

    # ---- the key file and its row

    def _load_private(self) -> Ed25519PrivateKey | None:
        path = self.private_key_file
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise DomainError(f"Cannot read the organisation's key {path}: {error.strerror or error}.") from error
        _restrict(path)
        try:
            private = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm) as error:
            raise DomainError(f"The organisation's key file {path} is damaged; restore it from a backup.") from error
        if not isinstance(private, Ed25519PrivateKey):
            raise DomainError(f"The organisation's key file {path} does not hold an Ed25519 key.")
        return private

    def _create_private(self) -> Ed25519PrivateKey:
        """A new key, written whole under its final name; if another process won the race, its key is used."""
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        try:
            self._keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            _create_exclusive(self.private_key_file, pem)
        except FileExistsError:
            pass  # another process created the key first: use that one
        except OSError as error:
            raise DomainError(f"Cannot create the organisation's key in {self._keys_dir}: "
                              f"{error.strerror or error}.") from error
        loaded = self._load_private()
        assert loaded is not None
        return loaded

    def _record_own(self, raw: bytes) -> KeyInfo:
        """Make sure the row for the key in the file exists, is marked ours and carries the organisation's name."""
        digest = hashlib.sha256(raw).hexdigest()
        with self._sessions() as session:
            row = session.scalar(select(TrustedKey).where(TrustedKey.fingerprint == digest))
            others = session.scalar(select(TrustedKey.id).where(TrustedKey.is_own, TrustedKey.fingerprint != digest)
                                    .limit(1))
            name = _organisation_name(session)
            if row is not None and row.is_own and row.distrusted_at is None and others is None \
                    and row.owner_name == name:
                return _info(row)
        with self._sessions.begin() as session:
            for former in session.scalars(select(TrustedKey).where(TrustedKey.is_own,
                                                                    TrustedKey.fingerprint != digest)):
                former.is_own = False
                former.note = _FORMER_OWN_NOTE
                audit.record(session, action=AuditAction.UPDATE, entity="trusted_key", entity_id=former.id,
                             fields=["is_own", "note"])
            row = session.scalar(select(TrustedKey).where(TrustedKey.fingerprint == digest))
            name = _organisation_name(session)
            if row is None:
                row = TrustedKey(fingerprint=digest, public_key=raw, owner_name=name, is_own=True, trusted_at=utcnow())
                session.add(row)
                session.flush()
                audit.record(session, action=AuditAction.CREATE, entity="trusted_key", entity_id=row.id,
                             fields=["fingerprint", "is_own", "owner_name", "public_key"])
            else:
                row.is_own, row.distrusted_at, row.owner_name = True, None, name
                audit.record(session, action=AuditAction.UPDATE, entity="trusted_key", entity_id=row.id,
                             fields=["distrusted_at", "is_own", "owner_name"])
            return _info(row)


def _organisation_name(session: Session) -> str:
    return session.scalar(select(Organisation.name).limit(1)) or "This organisation"


def _row_by_key_id(session: Session, wanted: str) -> TrustedKey | None:
    wanted = wanted.strip().lower()
    if len(wanted) != 16 or any(c not in "0123456789abcdef" for c in wanted):
        return None
    return session.scalars(select(TrustedKey).where(TrustedKey.fingerprint.startswith(wanted, autoescape=True))
                           .order_by(TrustedKey.distrusted_at.is_not(None)).limit(1)).first()


def _info(row: TrustedKey) -> KeyInfo:
    return KeyInfo(id=row.id, owner_name=row.owner_name, fingerprint=fingerprint(row.public_key),
                   key_id=key_id(row.public_key), is_own=row.is_own, trusted_at=row.trusted_at,
                   distrusted_at=row.distrusted_at)


def _raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _read_public_key_file(path: Path) -> tuple[str, bytes]:
    """(owner, raw key) from an exported public key file; one sentence for whatever is wrong with it."""
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise DomainError(f"{path.name} is not a MentorDesk public key file (it is far too large).")
        data = path.read_bytes()
    except OSError as error:
        raise DomainError(f"Cannot read {path.name}: {error.strerror or error}.") from error
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise DomainError(f"{path.name} is not a MentorDesk public key file.") from error
    if not isinstance(document, dict) or document.get("format") != PUBLIC_KEY_FORMAT:
        raise DomainError(f"{path.name} is not a MentorDesk public key file.")
    if document.get("version") != PUBLIC_KEY_VERSION:
        raise DomainError(f"{path.name} is a public key file of a newer MentorDesk; update MentorDesk to import it.")
    owner = document.get("owner")
    if not isinstance(owner, str) or not owner.strip() or len(owner.strip()) > 200:
        raise DomainError(f"{path.name} does not name the organisation that owns the key.")
    try:
        raw = base64.b64decode(str(document.get("public_key", "")), validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as error:
        raise DomainError(f"The public key in {path.name} is damaged; ask for the file again.") from error
    if document.get("fingerprint") != fingerprint(raw):
        raise DomainError(f"The fingerprint in {path.name} does not match its key; the file may have been altered.")
    return owner.strip(), raw


def _create_exclusive(target: Path, data: bytes) -> None:
    """Write `data` to `target` readable by the owner only; FileExistsError when `target` exists.

    Written under a temporary name and hard-linked into place, so the key file never exists half
    written; where the file system has no hard links, it is created in place with O_EXCL.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    handle = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, target)  # refuses an existing name: a key is never replaced
            return
        except FileExistsError:
            raise
        except OSError:
            pass  # no hard links here (FAT, some network shares)
    finally:
        temporary.unlink(missing_ok=True)
    handle = os.open(target, flags, 0o600)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _restrict(path: Path) -> None:
    """Take away group and other permissions if someone added them (a copied or restored file)."""
    if os.name != "posix":
        return
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass  # a read-only medium: the key is still usable

