"""Sealed files: backups and exports of encrypted data, under AES-GCM, readable only with the passphrase.

Layout (all integers big-endian):

    MAGIC (8 bytes) | header length (4) | header (UTF-8 JSON) | SHA-256 of MAGIC and header (32) | chunk*

    chunk = ciphertext length (4) | AES-GCM ciphertext and tag of up to CHUNK_BYTES plaintext bytes

The header holds the format version, what the file is (`purpose`: "backup" or "export"), when it was
made, the Argon2id parameters of the database key (so the passphrase alone opens it, on any machine),
a per-file salt and a check value. Nothing in it is personal.

Keys: the database key's subkey for the purpose, then one key per file (HMAC of the subkey and the
file's random salt), so chunk nonces can simply count from 0 and never repeat under one key. Each
chunk's associated data binds the header's digest, the chunk's index and whether it is the last
one: an edited header, reordered, missing or appended chunks, or a truncated file all fail to open.
The header's plain digest tells a damaged header from a wrong passphrase, which the check value
then tells from damaged contents ("does not open this file" against "was changed").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from mentordesk.db.cipher import DatabaseKey, KdfParams
from mentordesk.services.errors import DomainError

MAGIC = b"MDSEAL\x00\x01"
FORMAT_VERSION = 1
CHUNK_BYTES = 1 << 20
SEALED_SUFFIX = ".mdsealed"
BACKUP_SUFFIX = ".mdbackup"
BACKUP_PURPOSE = "backup"
EXPORT_PURPOSE = "export"

_LENGTH = struct.Struct(">I")
_TAG_BYTES = 16
_MAX_HEADER_BYTES = 64 * 1024
_CHECK_LABEL = b"mentordesk sealed file check v1"
_FILE_KEY_LABEL = b"mentordesk sealed file key v1"


#: Where a service gets the database key from (it can change while the app runs); None for plain data.
KeySource = Callable[[], "DatabaseKey | None"]


def no_key() -> DatabaseKey | None:
    return None


class SealedFileError(DomainError):
    """A sealed file that cannot be opened: not one, damaged, or the wrong passphrase (one sentence)."""


class WrongSealKey(SealedFileError):
    """The key (the passphrase) is not the one this file was sealed with."""


@dataclass(frozen=True)
class SealedHeader:
    purpose: str
    created: datetime
    kdf: KdfParams
    salt: bytes
    check: str
    raw: bytes  # the header's bytes as stored: their digest is bound into every chunk

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(MAGIC + self.raw).digest()


def sealed_path(path: Path) -> Path:
    """`people.csv` -> `people.csv.mdsealed` (unchanged when it already ends so)."""
    return path if path.name.endswith(SEALED_SUFFIX) else path.with_name(path.name + SEALED_SUFFIX)


def export_path(path: Path, key: DatabaseKey | None) -> Path:
    """Where an export of `path` goes: the sealed name when the data is encrypted."""
    return sealed_path(path) if key is not None else path


class SealedExports:
    """For a service whose exports are sealed while the data is encrypted: its key, and the file an export writes."""

    def __init__(self, key: KeySource = no_key) -> None:
        self._key = key  # the database key when the data is encrypted: exports are sealed then

    def file_for(self, path: Path | str) -> Path:
        """The file an export to `path` writes: `path`, or `path.mdsealed` when the data is encrypted."""
        return export_path(Path(path), self._key())


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _file_key(key: DatabaseKey, purpose: str, salt: bytes) -> bytes:
    return hmac.new(key.subkey(purpose), _FILE_KEY_LABEL + salt, hashlib.sha256).digest()


def _check_value(file_key: bytes) -> str:
    return hmac.new(file_key, _CHECK_LABEL, hashlib.sha256).hexdigest()


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _associated(digest: bytes, index: int, last: bool) -> bytes:
    return digest + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


# ---- writing


class _SealingWriter(io.RawIOBase):
    """A binary stream that encrypts what is written to it, a chunk at a time, into `out`."""

    def __init__(self, out: BinaryIO, key: DatabaseKey, purpose: str, created: datetime | None = None) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # on use: off the start-up path

        super().__init__()
        salt = os.urandom(16)
        file_key = _file_key(key, purpose, salt)
        created = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        header = json.dumps({
            "format": FORMAT_VERSION,
            "purpose": purpose,
            "created": created.isoformat().replace("+00:00", "Z"),
            "kdf": key.params.to_json(),
            "salt": base64.b64encode(salt).decode("ascii"),
            "chunk_bytes": CHUNK_BYTES,
            "check": _check_value(file_key),
        }, sort_keys=True).encode("utf-8")
        self._digest = hashlib.sha256(MAGIC + header).digest()
        self._aes = AESGCM(file_key)
        self._out = out
        self._pending = bytearray()
        self._index = 0
        self._finished = False
        out.write(MAGIC + _LENGTH.pack(len(header)) + header + self._digest)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if self._finished:
            raise ValueError("the sealed file is already finished")
        self._pending += data
        # Keep at least one byte back: the last chunk must be written with the last flag.
        while len(self._pending) > CHUNK_BYTES:
            self._emit(bytes(self._pending[:CHUNK_BYTES]), last=False)
            del self._pending[:CHUNK_BYTES]
        return len(data)

    def finish(self) -> None:
        """Write the last chunk (possibly empty): without it, the file reads as truncated."""
        if not self._finished:
            self._emit(bytes(self._pending), last=True)
            self._pending.clear()
            self._finished = True

    def _emit(self, plain: bytes, last: bool) -> None:
        sealed = self._aes.encrypt(_nonce(self._index), plain, _associated(self._digest, self._index, last))
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._index += 1


@contextmanager
def sealed_writer(out: BinaryIO, key: DatabaseKey, purpose: str,
                  created: datetime | None = None) -> Iterator[BinaryIO]:
    """A binary stream whose bytes land sealed in `out`; finished on a normal exit only."""
    writer = _SealingWriter(out, key, purpose, created)
    buffered = io.BufferedWriter(writer, buffer_size=CHUNK_BYTES)
    yield buffered  # type: ignore[misc]
    buffered.flush()
    writer.finish()


@contextmanager
def sealed_text(out: BinaryIO, key: DatabaseKey, purpose: str, encoding: str = "utf-8",
                newline: str | None = None) -> Iterator[io.TextIOWrapper]:
    """A text stream whose encoded text lands sealed in `out` (for CSV and calendar exports)."""
    with sealed_writer(out, key, purpose) as binary:
        text = io.TextIOWrapper(binary, encoding=encoding, newline=newline)
        yield text
        text.flush()
        text.detach()  # the sealing writer finishes the file; closing the wrapper must not


def seal_file(source: Path, out: BinaryIO, key: DatabaseKey, purpose: str) -> None:
    """`source`'s bytes, sealed into `out`."""
    with open(source, "rb") as file, sealed_writer(out, key, purpose) as sealed:
        while block := file.read(CHUNK_BYTES):
            sealed.write(block)


# ---- reading


def read_header(file: BinaryIO, name: str = "This file") -> SealedHeader:
    """The header at the start of `file` (left positioned at the first chunk)."""
    if file.read(len(MAGIC)) != MAGIC:
        raise SealedFileError(f"{name} is not a MentorDesk sealed file or backup.")
    length_bytes = file.read(_LENGTH.size)
    if len(length_bytes) < _LENGTH.size:
        raise SealedFileError(f"{name} is damaged: it ends before its header.")
    (length,) = _LENGTH.unpack(length_bytes)
    raw = file.read(length) if length <= _MAX_HEADER_BYTES else b""
    stored_digest = file.read(32)
    try:
        if len(raw) != length or not raw or stored_digest != hashlib.sha256(MAGIC + raw).digest():
            raise ValueError("short or altered header")
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT_VERSION:
            raise SealedFileError(f"{name} was made by a newer MentorDesk (format {data.get('format')}); "
                                  "update MentorDesk to open it.")
        created = datetime.fromisoformat(str(data["created"]).replace("Z", "+00:00"))
        return SealedHeader(purpose=str(data["purpose"]), created=created, kdf=KdfParams.from_json(data["kdf"]),
                            salt=base64.b64decode(data["salt"]), check=str(data["check"]), raw=raw)
    except SealedFileError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise SealedFileError(f"{name} is damaged: its header cannot be read.") from error


def header_of(path: Path) -> SealedHeader:
    try:
        with open(path, "rb") as file:
            return read_header(file, path.name)
    except OSError as error:
        raise SealedFileError(f"Cannot read {path}: {error.strerror or error}.") from error


def unseal(source: BinaryIO, key: DatabaseKey, out: BinaryIO, name: str = "This file") -> SealedHeader:
    """Decrypt `source` into `out`. Raises WrongSealKey or SealedFileError; `out` may then hold a part."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = read_header(source, name)
    file_key = _file_key(key, header.purpose, header.salt)
    if not hmac.compare_digest(_check_value(file_key), header.check):
        raise WrongSealKey(f"That passphrase does not open {name}.")
    aes = AESGCM(file_key)
    damaged = f"{name} is damaged or was changed after it was made; it cannot be opened."
    index = 0
    while True:
        length_bytes = source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise SealedFileError(damaged)  # ended before a last chunk: truncated
        (length,) = _LENGTH.unpack(length_bytes)
        if length < _TAG_BYTES or length > CHUNK_BYTES + _TAG_BYTES:
            raise SealedFileError(damaged)
        sealed = source.read(length)
        if len(sealed) != length:
            raise SealedFileError(damaged)
        # Which chunk is last is not stored in the clear: it is whichever authenticates as last.
        last = not source.peek(1) if isinstance(source, io.BufferedReader) else _at_end(source)
        try:
            plain = aes.decrypt(_nonce(index), sealed, _associated(header.digest, index, last))
        except InvalidTag:
            raise SealedFileError(damaged) from None
        out.write(plain)
        if last:
            return header
        index += 1


def _at_end(source: BinaryIO) -> bool:
    position = source.tell()
    at_end = not source.read(1)
    source.seek(position)
    return at_end


def unseal_bytes(data: bytes, key: DatabaseKey) -> bytes:
    out = io.BytesIO()
    unseal(io.BytesIO(data), key, out)
    return out.getvalue()


def unseal_path(path: Path, key: DatabaseKey, out: BinaryIO) -> SealedHeader:
    try:
        with open(path, "rb") as source:
            return unseal(source, key, out, path.name)
    except OSError as error:
        raise SealedFileError(f"Cannot read {path}: {error.strerror or error}.") from error
