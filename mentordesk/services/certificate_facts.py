"""What a certificate states and signs, and how the signed facts travel (QR code, PDF, register).

Two layers, so the QR code stays small enough to scan from paper (about version 16 at level M, whatever
the number of outcomes):

- the **facts**: everything the certificate states, outcomes included, as canonical JSON (keys
  sorted, no spaces, UTF-8, dates as ISO text, hours with one decimal). They are embedded whole
  in the PDF. Two documents are the same certificate exactly when their canonical facts are equal.
- the **seal**: the few facts a person checks by eye (serial, holder, organisation, kind, issue
  date, hours), the signing key's id and the SHA-256 of the full facts. The seal is what is
  signed (Ed25519), and what the QR code holds, as a *token*:

    MD1.<base64url(canonical seal)>.<base64url(signature)>

Base64url without padding suits QR byte mode; "MD1" names the format and its version. The key id
is the first 16 hex digits of the SHA-256 of the raw public key, so verification picks the
trusted key without trying them all.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from mentordesk.enums import CertificateKind
from mentordesk.services.errors import DomainError

TOKEN_PREFIX = "MD1"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class CertifiedOutcome:
    """One validated learning outcome as printed: grouped by competence on the certificate."""

    competence: str  # the competence's name, e.g. "Digital"
    level: str  # the level's label on the framework's scale, e.g. "Capable"
    statement: str  # "can do" statement
    method: str  # validation method, as printed (in the certificate's language)


@dataclass(frozen=True)
class CertificateFacts:
    serial: str  # e.g. ORG-2026-000123
    kind: CertificateKind
    language: str  # e.g. "en"
    organisation: str
    holder: str  # the mentee's full name, as entered
    programme: str | None
    period_from: date | None  # first held session attended (or enrolment start)
    period_to: date | None  # last held session attended (or enrolment end)
    hours: float  # hours of mentoring attended, one decimal
    sessions: int  # held sessions attended
    issued_on: date
    place: str | None
    signatory: str | None
    signatory_role: str | None
    framework: str | None  # validation certificates: the competence framework's name
    outcomes: tuple[CertifiedOutcome, ...]  # empty for a participation certificate
    key: str  # the signing key's id: first 16 hex digits of SHA-256 of the raw public key

    def canonical(self) -> bytes:
        """The signed bytes."""
        document = {
            "v": FORMAT_VERSION,
            "serial": self.serial,
            "kind": self.kind.value,
            "lang": self.language,
            "org": self.organisation,
            "holder": self.holder,
            "programme": self.programme,
            "from": self.period_from.isoformat() if self.period_from else None,
            "to": self.period_to.isoformat() if self.period_to else None,
            "hours": f"{self.hours:.1f}",
            "sessions": self.sessions,
            "issued": self.issued_on.isoformat(),
            "place": self.place,
            "signatory": self.signatory,
            "role": self.signatory_role,
            "framework": self.framework,
            "outcomes": [[o.competence, o.level, o.statement, o.method] for o in self.outcomes],
            "key": self.key,
        }
        return _canonical_json(document)

    def sha256(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    @classmethod
    def from_canonical(cls, data: bytes) -> CertificateFacts:
        """Raises DomainError when the bytes are not facts of this format."""
        try:
            document = json.loads(data.decode("utf-8"))
            if document.get("v") != FORMAT_VERSION:
                raise ValueError("unknown version")
            facts = cls(
                serial=document["serial"], kind=CertificateKind(document["kind"]), language=document["lang"],
                organisation=document["org"], holder=document["holder"], programme=document["programme"],
                period_from=_day(document["from"]), period_to=_day(document["to"]),
                hours=float(document["hours"]), sessions=int(document["sessions"]),
                issued_on=date.fromisoformat(document["issued"]), place=document["place"],
                signatory=document["signatory"], signatory_role=document["role"],
                framework=document["framework"],
                outcomes=tuple(CertifiedOutcome(*outcome) for outcome in document["outcomes"]),
                key=document["key"],
            )
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
            raise DomainError("This is not a MentorDesk certificate's data.") from error
        if facts.canonical() != data:
            raise DomainError("The certificate's data is not in its canonical form; it may have been altered.")
        return facts


    def seal(self) -> Seal:
        return Seal(self.serial, self.kind, self.organisation, self.holder, self.issued_on,
                    f"{self.hours:.1f}", self.key, self.sha256())


@dataclass(frozen=True)
class Seal:
    """The signed summary: what the QR code holds."""

    serial: str
    kind: CertificateKind
    organisation: str
    holder: str
    issued_on: date
    hours: str  # one decimal, as signed
    key: str
    facts_sha256: str

    def canonical(self) -> bytes:
        return _canonical_json({
            "v": FORMAT_VERSION, "s": self.serial, "k": self.kind.value, "o": self.organisation,
            "h": self.holder, "i": self.issued_on.isoformat(), "t": self.hours, "key": self.key,
            "d": self.facts_sha256,
        })

    @classmethod
    def from_canonical(cls, data: bytes) -> Seal:
        """Raises DomainError when the bytes are not a seal of this format."""
        try:
            document = json.loads(data.decode("utf-8"))
            if document.get("v") != FORMAT_VERSION:
                raise ValueError("unknown version")
            seal = cls(document["s"], CertificateKind(document["k"]), document["o"], document["h"],
                       date.fromisoformat(document["i"]), document["t"], document["key"], document["d"])
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
            raise DomainError("This is not a MentorDesk certificate's seal.") from error
        if seal.canonical() != data:
            raise DomainError("The certificate's seal is not in its canonical form; it may have been altered.")
        return seal


def _canonical_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def key_id(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def fingerprint(raw_public_key: bytes) -> str:
    """The full SHA-256 of the raw public key, grouped in fours for reading aloud over the phone."""
    digest = hashlib.sha256(raw_public_key).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def encode_token(canonical_seal: bytes, signature: bytes) -> str:
    return ".".join((TOKEN_PREFIX, _b64(canonical_seal), _b64(signature)))


def decode_token(token: str) -> tuple[bytes, bytes]:
    """(canonical seal, signature); raises DomainError for anything that is not a token."""
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise DomainError("This is not a MentorDesk certificate code (it should start with MD1.).")
    try:
        return _unb64(parts[1]), _unb64(parts[2])
    except (ValueError, binascii.Error) as error:
        raise DomainError("The certificate code is damaged: it is not complete or was mistyped.") from error


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """Strict: a character outside the alphabet (a misread or mistyped code) is an error, not skipped."""
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


class Verdict(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNTRUSTED_KEY = "untrusted_key"
    BAD_SIGNATURE = "bad_signature"
    TEXT_MISMATCH = "text_mismatch"  # the PDF's visible facts differ from the signed ones
    NOT_A_CERTIFICATE = "not_a_certificate"


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    reason: str  # one sentence for the person verifying
    seal: Seal | None = None  # present when the signature is good
    facts: CertificateFacts | None = None  # present when a PDF with matching facts was verified
    signed_by: str | None = None  # the trusted key's owner name

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID
