"""The recovery key round-trips, forgives what people get wrong when copying, and catches a typo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mentordesk.db.cipher import KdfParams, WrongPassphrase, derive_key, write_cipher_file
from mentordesk.db.recovery_key import (
    RecoveryKeyMistyped,
    format_recovery_key,
    looks_like_recovery_key,
    parse_recovery_key,
    unlock_with_recovery_key,
)

FAST = dict(time_cost=1, memory_kib=8, parallelism=1)


def test_a_key_prints_as_14_groups_of_4_and_reads_back() -> None:
    raw = os.urandom(32)
    text = format_recovery_key(raw)
    groups = text.split("-")
    assert len(groups) == 14 and all(len(group) == 4 for group in groups)
    assert parse_recovery_key(text) == raw


def test_reading_forgives_case_spaces_and_look_alike_digits() -> None:
    raw = bytes(range(32))
    text = format_recovery_key(raw)
    sloppy = " ".join(text.split("-")).lower().replace("o", "0").replace("i", "1").replace("b", "8")
    assert parse_recovery_key(sloppy) == raw


def test_one_wrong_character_is_caught_by_the_checksum() -> None:
    text = format_recovery_key(bytes(32))
    wrong = ("B" if text[0] != "B" else "C") + text[1:]
    assert looks_like_recovery_key(wrong)
    with pytest.raises(RecoveryKeyMistyped, match="typing mistake"):
        parse_recovery_key(wrong)


def test_a_passphrase_does_not_look_like_a_recovery_key() -> None:
    assert not looks_like_recovery_key("correct horse battery staple")
    assert not looks_like_recovery_key(format_recovery_key(bytes(32))[:-5])


def test_the_recovery_key_unlocks_its_own_data_only(tmp_path: Path) -> None:
    database = tmp_path / "mentordesk.db"
    key = derive_key("a long passphrase", KdfParams(salt=os.urandom(16), **FAST))
    write_cipher_file(database, key)
    assert unlock_with_recovery_key(database, format_recovery_key(key.raw)).raw == key.raw
    with pytest.raises(WrongPassphrase, match="does not open"):
        unlock_with_recovery_key(database, format_recovery_key(os.urandom(32)))
