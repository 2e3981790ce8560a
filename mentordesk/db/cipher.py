"""The database key: Argon2id over a passphrase, with its parameters kept beside the data.

SQLCipher encrypts every page with a raw 256-bit key that we derive ourselves, so the costly
derivation runs once per opening (not once per connection) and its parameters can be stored
in a small plain JSON file next to the database: `<database>.cipher.json`. The file holds the
salt and costs, never the key; without the passphrase it is useless.

A `check` value (an HMAC of a fixed label under the key) lets a wrong passphrase be refused
before SQLCipher is asked to read a single page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

CIPHER_FILE_SUFFIX = ".cipher.json"
KEY_BYTES = 32
MIN_PASSPHRASE_LENGTH = 10

# OWASP's first Argon2id choice (m=46 MiB, t=1, p=1) is the floor; 64 MiB, t=3, p=2 costs ~0.08 s on this
# 2-core machine.
DEFAULT_TIME_COST = 3
DEFAULT_MEMORY_KIB = 64 * 1024
DEFAULT_PARALLELISM = 2

_CHECK_LABEL = b"mentordesk database key check v1"


class WrongPassphrase(Exception):
    """The passphrase does not open this data (raised before anything is read or changed)."""


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    time_cost: int = DEFAULT_TIME_COST
    memory_kib: int = DEFAULT_MEMORY_KIB
    parallelism: int = DEFAULT_PARALLELISM

    @classmethod
    def fresh(cls) -> KdfParams:
        return cls(salt=os.urandom(16))

    def to_json(self) -> dict:
        return {"kdf": "argon2id", "salt": base64.b64encode(self.salt).decode("ascii"),
                "time_cost": self.time_cost, "memory_kib": self.memory_kib, "parallelism": self.parallelism}

    @classmethod
    def from_json(cls, data: dict) -> KdfParams:
        if data.get("kdf") != "argon2id":
            raise ValueError(f"unknown key derivation {data.get('kdf')!r}")
        return cls(salt=base64.b64decode(data["salt"]), time_cost=int(data["time_cost"]),
                   memory_kib=int(data["memory_kib"]), parallelism=int(data["parallelism"]))


@dataclass(frozen=True)
class DatabaseKey:
    """A derived key and the parameters that derive it again from the same passphrase."""

    raw: bytes = field(repr=False)
    params: KdfParams

    def pragma(self) -> str:
        """SQLCipher's raw-key form: no second derivation inside SQLCipher."""
        return f"PRAGMA key = \"x'{self.raw.hex()}'\""

    def subkey(self, purpose: str) -> bytes:
        """An independent key for another use (e.g. sealing backups), so the database key is never reused."""
        return hmac.new(self.raw, purpose.encode("utf-8"), hashlib.sha256).digest()

    def check_value(self) -> str:
        return hmac.new(self.raw, _CHECK_LABEL, hashlib.sha256).hexdigest()


def derive_key(passphrase: str, params: KdfParams) -> DatabaseKey:
    from argon2.low_level import Type, hash_secret_raw  # imported on use: only encrypted data needs it

    raw = hash_secret_raw(passphrase.encode("utf-8"), params.salt, time_cost=params.time_cost,
                          memory_cost=params.memory_kib, parallelism=params.parallelism,
                          hash_len=KEY_BYTES, type=Type.ID)
    return DatabaseKey(raw, params)


def cipher_file(database: Path) -> Path:
    return database.with_name(database.name + CIPHER_FILE_SUFFIX)


def is_encrypted(database: Path) -> bool:
    return cipher_file(database).exists()


def write_cipher_file(database: Path, key: DatabaseKey) -> None:
    from mentordesk.config.files import atomic_write

    with atomic_write(cipher_file(database)) as file:
        json.dump({"version": 1, **key.params.to_json(), "check": key.check_value()}, file, indent=2)


def unlock(database: Path, passphrase: str) -> DatabaseKey:
    """The key for an encrypted database; WrongPassphrase if this passphrase does not open it."""
    stored = json.loads(cipher_file(database).read_text(encoding="utf-8"))
    key = derive_key(passphrase, KdfParams.from_json(stored))
    if not hmac.compare_digest(key.check_value(), stored["check"]):
        raise WrongPassphrase("That passphrase does not open this data.")
    return key
