"""The recovery key: the raw database key written for people, to open the data when the passphrase is lost.

32 key bytes and a 3-byte checksum make 35 bytes, 56 base32 characters, printed as 14 groups of four
("ABCD-EFGH-…"). The checksum catches a mistyped group before any key is tried. Reading it back forgives
case, spaces and dashes, and the digits 0, 1 and 8, which base32 does not use, for the letters O, I and B.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

from mentordesk.db.cipher import KEY_BYTES, DatabaseKey, KdfParams, WrongPassphrase, cipher_file

GROUP = 4
_CHECKSUM_BYTES = 3
_CHECKSUM_LABEL = b"mentordesk recovery key v1"
_LENGTH = 56  # base32 characters for KEY_BYTES + _CHECKSUM_BYTES bytes
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_FORGIVEN = str.maketrans({"0": "O", "1": "I", "8": "B"})


class RecoveryKeyMistyped(WrongPassphrase):
    """Shaped like a recovery key, but its checksum does not match: a group was typed wrong."""


def format_recovery_key(raw: bytes) -> str:
    if len(raw) != KEY_BYTES:
        raise ValueError("a recovery key holds a 32-byte key")
    text = base64.b32encode(raw + _checksum(raw)).decode("ascii")
    return "-".join(text[i:i + GROUP] for i in range(0, len(text), GROUP))


def _normalised(text: str) -> str:
    return "".join(text.split()).replace("-", "").upper().translate(_FORGIVEN)


def looks_like_recovery_key(text: str) -> bool:
    """True for 56 base32 characters (grouped or not); a passphrase this shape is vanishingly unlikely."""
    normalised = _normalised(text)
    return len(normalised) == _LENGTH and set(normalised) <= _ALPHABET


def parse_recovery_key(text: str) -> bytes:
    """The raw key; RecoveryKeyMistyped when the text is not a recovery key or its checksum fails."""
    if not looks_like_recovery_key(text):
        raise RecoveryKeyMistyped("That is not a recovery key: it has 14 groups of 4 letters and digits.")
    data = base64.b32decode(_normalised(text))
    raw, checksum = data[:KEY_BYTES], data[KEY_BYTES:]
    if not hmac.compare_digest(checksum, _checksum(raw)):
        raise RecoveryKeyMistyped("That recovery key has a typing mistake; compare it group by group with the "
                                  "recovery sheet.")
    return raw


def unlock_with_recovery_key(database: Path, text: str) -> DatabaseKey:
    """The key for an encrypted database from its recovery key; WrongPassphrase if it belongs to other data."""
    raw = parse_recovery_key(text)
    stored = json.loads(cipher_file(database).read_text(encoding="utf-8"))
    key = DatabaseKey(raw, KdfParams.from_json(stored))
    if not hmac.compare_digest(key.check_value(), stored["check"]):
        raise WrongPassphrase("That recovery key does not open this data (it may be from an older sheet: the key "
                              "changes with each new passphrase).")
    return key


def _checksum(raw: bytes) -> bytes:
    return hashlib.sha256(_CHECKSUM_LABEL + raw).digest()[:_CHECKSUM_BYTES]
