"""Certificate facts and seal: canonical bytes round-trip, anything altered is refused, tokens stay small."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mentordesk.enums import CertificateKind
from mentordesk.services.certificate_facts import (
    CertificateFacts,
    CertifiedOutcome,
    Seal,
    decode_token,
    encode_token,
    fingerprint,
    key_id,
)
from mentordesk.services.errors import DomainError

FACTS = CertificateFacts(
    "DYC-2026-000123", CertificateKind.VALIDATION, "en", "Demo Youth Centre", "Zoë Ødegård-Łukasiewicz",
    "Digital Skills Bridge", date(2026, 3, 1), date(2026, 11, 20), 44.0, 36, date(2026, 11, 24), "Brussels",
    "Ana Nowak", "Coordinator", "Key Competences for Lifelong Learning",
    tuple(CertifiedOutcome("Digital", "Capable", f"I can send a CV by email ({n}).", "Portfolio") for n in range(8)),
    "0123456789abcdef",
)


def test_facts_and_seal_round_trip_through_their_canonical_bytes() -> None:
    assert CertificateFacts.from_canonical(FACTS.canonical()) == FACTS
    assert Seal.from_canonical(FACTS.seal().canonical()) == FACTS.seal()
    assert "Zoë Ødegård-Łukasiewicz".encode() in FACTS.canonical(), "names are kept as typed, in UTF-8"


def test_any_change_to_the_facts_changes_the_seal() -> None:
    assert replace(FACTS, hours=44.1).seal() != FACTS.seal()
    outcomes = (replace(FACTS.outcomes[0], level="Confident"), *FACTS.outcomes[1:])
    assert replace(FACTS, outcomes=outcomes).seal().facts_sha256 != FACTS.seal().facts_sha256


def test_bytes_not_in_canonical_form_are_refused() -> None:
    spaced = FACTS.seal().canonical().replace(b'","', b'", "', 1)
    with pytest.raises(DomainError, match="canonical"):
        Seal.from_canonical(spaced)
    with pytest.raises(DomainError):
        CertificateFacts.from_canonical(b'{"v": 2}')


def test_tokens_fit_a_qr_code_scannable_from_paper() -> None:
    token = encode_token(FACTS.seal().canonical(), bytes(64))
    assert len(token.encode()) <= 450, "QR version 16 at level M holds 450 bytes"
    assert decode_token(token) == (FACTS.seal().canonical(), bytes(64))
    for damaged in ("", "MD2.abc.def", token[:-3] + "!!!", "MD1.only-two"):
        with pytest.raises(DomainError):
            decode_token(damaged)


def test_key_ids_and_fingerprints() -> None:
    raw = bytes(range(32))
    assert len(key_id(raw)) == 16 and fingerprint(raw).replace(" ", "").lower().startswith(key_id(raw))
