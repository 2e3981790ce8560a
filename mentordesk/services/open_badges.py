"""A certificate as an Open Badges 3.0 AchievementCredential, signed with the organisation's Ed25519 key.

Proof format: the OB 3.0 "JSON Web Token Proof Format" (VC-JWT), alg EdDSA.

- OB 3.0 section 8 (Proofs) names two formats: the JSON Web Token Proof Format (8.2) and Linked
  Data Proofs (8.3) - https://www.imsglobal.org/spec/ob/v3p0/#data-integrity. The JWT format is
  specified in OB itself, step by step: the JOSE header may hold only `alg`, `kid`, `jwk` and `typ`
  ("JWT"); the payload is the credential with the claims `iss` (issuer.id), `jti` (id), `nbf`
  (validFrom), `sub` (credentialSubject.id); and how a verifier checks them. The credential is the
  payload itself, as in W3C VC-JOSE-COSE for VC 2.0; the `vc` claim wrapper belongs to VCDM 1.1.
- Linked Data Proofs are named only as the VC-DI-EDDSA suite, and the OB Implementation Guide
  ("Selecting proof methods and crypto algorithms") names eddsa-rdfc-2022 as the option tested,
  which needs RDF Dataset Canonicalization and the JSON-LD contexts: an RDF library we do not
  ship. eddsa-jcs-2022 (JSON canonicalisation, no RDF) appears nowhere in OB 3.0, so a JWT it is.
- `alg`: OB asks RS256 "as a minimum" for conformance and permits other algorithms, "but their
  use limits interoperability". EdDSA (RFC 8037) lets the badge carry the same signature as the
  PDF's QR code: one key, one fingerprint for partners to trust. An RS256 key would be a second one.
- Offline: the issuer is a did:key (https://w3c-ccg.github.io/did-method-key/): the identifier is
  the public key itself, multicodec ed25519-pub (0xed 0x01) + the 32 raw bytes, base58btc with the
  multibase prefix "z". The header names it twice: `kid` (the did:key's verification method) for
  verifiers that resolve DIDs, `jwk` (RFC 8037 OKP) for those that do not. Nothing is fetched.
  Trust never comes from the token: `verify` takes the caller's trusted keys.
- File: OB 3.0 "Document Formats": a VC-JWT file holds exactly the Compact JWS, extension .jwt or
  .jws, and "MUST represent exactly one OpenBadgeCredential". No decoded .json copy is written
  beside it: it would carry no proof, so it could be altered and still look official, and a
  wallet could import it as a second, unverifiable credential. `read_credential` shows the content.

The holder is named by a salted SHA-256 of their full name (an IdentityObject with
identityType "name", hashed true), not the name itself. The PDF shows the name; this file is made
to be uploaded to wallets, backpacks and profile pages (third parties, sometimes public), and
its holders are often minors. Data minimisation and protection by design (GDPR articles 5(1)(c)
and 25) favour the hash, and OB's IdentityObject "strongly recommends" it when the plain value
would leak personal data. Someone the holder shows the badge to checks the name they are told with
`holder_matches`. The salt is unique per certificate so equal names do not give equal hashes
across certificates; it is derived from the serial (not random) so exporting the same certificate
again gives the same file. `credentialSubject.id` is a per-certificate urn:uuid: it satisfies the
`sub` claim OB requires without an identifier that could link a person's badges together.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import json
import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from mentordesk.enums import CertificateKind
from mentordesk.services.certificate_facts import CertificateFacts, key_id
from mentordesk.services.csv_files import exported_file
from mentordesk.services.errors import DomainError

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
FILE_SUFFIXES = (".jwt", ".jws")  # OB 3.0 Document Formats: a VC-JWT file SHOULD end so
ED25519_PUB_MULTICODEC = b"\xed\x01"  # varint of 0xed, the multicodec "ed25519-pub"
_HEADER_MEMBERS = {"alg", "kid", "jwk", "typ"}  # OB 3.0 8.2: "Additional JOSE Headers are NOT allowed"
# validFrom is the issue date at 00:00 UTC; east of UTC the issue day starts up to 14 hours earlier,
# so a badge exported early on its issue day is not "not yet valid" anywhere.
_NOT_BEFORE_LEEWAY = timedelta(hours=14)
# Names the credential's derived ids: uuid5 of this and "<what>/<key id>/<serial>".
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:mentordesk:open-badges-3.0")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_LANGUAGE = re.compile(r"[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?")  # OB's LanguageCode pattern


@dataclass(frozen=True)
class Wording:
    """The sentences the credential adds around the facts; English built in, replaceable per language."""

    validation_name: str = "Validated learning outcomes"
    participation_name: str = "Participation in mentoring"
    with_programme: str = "{name}: {programme}"
    validation_description: str = "{count} learning outcomes validated by {organisation}."
    participation_description: str = "Took part in mentoring with {organisation}."
    framework: str = "Competence framework: {framework}."
    attendance: str = "{sessions} mentoring sessions attended, {hours} hours in total."
    period: str = "From {start} to {end}."
    outcome: str = "{statement} (level: {level}; validated by: {method})"
    credential_description: str = "Certificate {serial}, issued by {organisation} on {issued}."


ENGLISH = Wording()


# ---- did:key

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"  # the Bitcoin alphabet


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_BASE58[remainder])
    zeros = len(data) - len(data.lstrip(b"\0"))  # each leading zero byte is one "1"
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    """Raises ValueError for a character outside the alphabet."""
    number = 0
    for character in text:
        index = _BASE58.find(character)
        if index < 0:
            raise ValueError(f"{character!r} is not a base58btc digit")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def did_key(raw_public_key: bytes) -> str:
    """The did:key of an Ed25519 public key (32 raw bytes)."""
    if len(raw_public_key) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return "did:key:z" + base58btc_encode(ED25519_PUB_MULTICODEC + raw_public_key)


def public_key_of_did(did: str) -> bytes:
    """The raw Ed25519 key a did:key (or its key's DID URL, did:key:z…#z…) stands for; DomainError otherwise."""
    identifier, _, fragment = did.partition("#")
    multibase = identifier.removeprefix("did:key:")
    try:
        if multibase == identifier or not multibase.startswith("z") or fragment not in ("", multibase):
            raise ValueError("not an Ed25519 did:key")
        decoded = base58btc_decode(multibase[1:])
    except ValueError:
        raise DomainError("The credential's issuer is not a did:key of an Ed25519 key.") from None
    if len(decoded) != 34 or not decoded.startswith(ED25519_PUB_MULTICODEC):
        raise DomainError("The credential's issuer is not a did:key of an Ed25519 key.")
    return decoded[2:]


def _verification_method(did: str) -> str:
    return f"{did}#{did.removeprefix('did:key:')}"


# ---- the credential

def credential(facts: CertificateFacts, issuer_key_public: bytes, issuer_name: str, *,
               wording: Wording = ENGLISH) -> dict[str, Any]:
    """The AchievementCredential stating `facts`, issued by the holder of `issuer_key_public` (32 raw bytes).

    Deterministic: the same facts and key give the same credential.
    """
    if key_id(issuer_key_public) != facts.key:
        raise DomainError("The certificate was signed with another key than the one given for its badge.")
    issuer = did_key(issuer_key_public)
    issued = _midnight_utc(facts.issued_on)
    profile: dict[str, Any] = {"id": issuer, "type": ["Profile"], "name": issuer_name}
    if facts.signatory:
        profile["official"] = facts.signatory
    subject: dict[str, Any] = {
        "id": _urn("subject", facts),
        "type": ["AchievementSubject"],
        "identifier": [_holder_identity(facts.holder, _salt(facts))],
        "achievement": _achievement(facts, wording),
    }
    if facts.period_from:
        subject["activityStartDate"] = _midnight_utc(facts.period_from)
    if facts.period_to:
        subject["activityEndDate"] = _midnight_utc(facts.period_to)
    if facts.kind is CertificateKind.VALIDATION and facts.outcomes:
        subject["result"] = [
            {"type": ["Result"], "resultDescription": _urn(f"result/{index}", facts), "value": outcome.level}
            for index, outcome in enumerate(facts.outcomes)
        ]
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": _urn("credential", facts),
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": subject["achievement"]["name"],
        "description": wording.credential_description.format(
            serial=facts.serial, organisation=facts.organisation, issued=facts.issued_on.isoformat()),
        "issuer": profile,
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def _achievement(facts: CertificateFacts, wording: Wording) -> dict[str, Any]:
    validation = facts.kind is CertificateKind.VALIDATION
    name = wording.validation_name if validation else wording.participation_name
    if facts.programme:
        name = wording.with_programme.format(name=name, programme=facts.programme)
    if validation:
        description = wording.validation_description.format(count=len(facts.outcomes),
                                                             organisation=facts.organisation)
    else:
        description = wording.participation_description.format(organisation=facts.organisation)
    achievement: dict[str, Any] = {
        "id": _urn("achievement", facts),
        "type": ["Achievement"],
        "achievementType": "Certificate" if validation else "Achievement",
        "name": name,
        "description": description,
        "criteria": {"narrative": _narrative(facts, wording)},
    }
    if _LANGUAGE.fullmatch(facts.language):
        achievement["inLanguage"] = facts.language  # the outcomes, levels and methods are in this language
    if validation and facts.outcomes:
        achievement["resultDescription"] = [
            {"id": _urn(f"result/{index}", facts), "type": ["ResultDescription"],
             "name": f"{outcome.competence}: {outcome.statement}", "resultType": "PerformanceLevel"}
            for index, outcome in enumerate(facts.outcomes)
        ]
        achievement["tag"] = list(dict.fromkeys(outcome.competence for outcome in facts.outcomes))
    return achievement


def _narrative(facts: CertificateFacts, wording: Wording) -> str:
    """Markdown: the validated outcomes grouped by competence (as printed), then attendance and period."""
    paragraphs = []
    if facts.framework:
        paragraphs.append(wording.framework.format(framework=facts.framework))
    by_competence: dict[str, list[str]] = defaultdict(list)
    for outcome in facts.outcomes:
        by_competence[outcome.competence].append("- " + wording.outcome.format(
            statement=outcome.statement, level=outcome.level, method=outcome.method))
    for competence, lines in by_competence.items():
        paragraphs.append(f"**{competence}**\n\n" + "\n".join(lines))
    paragraphs.append(wording.attendance.format(sessions=facts.sessions, hours=f"{facts.hours:.1f}"))
    if facts.period_from and facts.period_to:
        paragraphs.append(wording.period.format(start=facts.period_from.isoformat(),
                                                end=facts.period_to.isoformat()))
    return "\n\n".join(paragraphs)


def _urn(what: str, facts: CertificateFacts) -> str:
    # The key id keeps two organisations that chose the same serial prefix apart.
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{what}/{facts.key}/{facts.serial}')}"


def _salt(facts: CertificateFacts) -> str:
    return uuid.uuid5(_NAMESPACE, f"salt/{facts.key}/{facts.serial}").hex


def _identity_hash(name: str, salt: str) -> str:
    # OB IdentityHash: "sha256$" + hex of SHA-256 over the UTF-8 identifier with the salt appended.
    # NFC, so "ë" typed as one character or as e + diaeresis is the same name.
    return "sha256$" + hashlib.sha256((unicodedata.normalize("NFC", name.strip()) + salt).encode()).hexdigest()


def _holder_identity(name: str, salt: str) -> dict[str, Any]:
    return {"type": "IdentityObject", "identityType": "name", "hashed": True,
            "identityHash": _identity_hash(name, salt), "salt": salt}


def holder_matches(credential: dict[str, Any], name: str) -> bool:
    """Whether `name` is the holder's name: for someone a badge is shown to, who is told the name."""
    identities = credential.get("credentialSubject", {}).get("identifier", [])
    return any(
        identity.get("identityType") == "name" and identity.get("hashed") is True
        and identity.get("identityHash", "").lower() == _identity_hash(name, identity.get("salt", ""))
        for identity in identities if isinstance(identity, dict)
    )


def _midnight_utc(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


# ---- the proof: a Compact JWS (RFC 7515) with EdDSA (RFC 8037)

def encode_jws(header: dict[str, Any], payload: bytes, private_key: Ed25519PrivateKey) -> str:
    """BASE64URL(UTF8(header)) . BASE64URL(payload) . BASE64URL(Ed25519 signature of the first two)."""
    signing_input = _b64(_json(header)) + "." + _b64(payload)
    return signing_input + "." + _b64(private_key.sign(signing_input.encode("ascii")))


def sign(credential: dict[str, Any], private_key: Ed25519PrivateKey) -> str:
    """The credential as a VC-JWT (OB 3.0 section 8.2): the Compact JWS that is the Open Badge."""
    raw = _raw(private_key.public_key())
    issuer_id = _issuer_id(credential)
    if issuer_id != did_key(raw):
        raise DomainError("The credential names another issuer than the key signing it.")
    header = {"alg": "EdDSA", "typ": "JWT", "kid": _verification_method(issuer_id),
              "jwk": {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw)}}
    claims = {"iss": issuer_id, "jti": credential["id"], "nbf": _numeric_date(credential["validFrom"])}
    subject_id = credential["credentialSubject"].get("id")
    if subject_id is not None:
        claims["sub"] = subject_id
    if "validUntil" in credential:
        claims["exp"] = _numeric_date(credential["validUntil"])
    return encode_jws(header, _json({**credential, **claims}), private_key)


def read_credential(token: str | bytes) -> dict[str, Any]:
    """The JWT's payload, NOT verified: for showing what a badge says next to `verify`'s verdict."""
    return _parse(token)[1]


def verify(token: str | bytes, trusted_public_keys: Iterable[Ed25519PublicKey | bytes], *,
           now: datetime | None = None) -> tuple[bool, str]:
    """(valid, one sentence for the person verifying), checked offline against `trusted_public_keys`."""
    try:
        header, payload, signing_input, signature = _parse(token)
        raw = public_key_of_did(_issuer_id(payload))
        _check_header(header, raw)
    except DomainError as error:
        return False, str(error)
    if raw not in {key if isinstance(key, bytes) else _raw(key) for key in trusted_public_keys}:
        return False, f"The credential was not signed by a trusted key (its key id is {key_id(raw)})."
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, signing_input)
    except InvalidSignature:
        return False, "The signature does not match the credential: it was altered or signed with another key."
    problem = _claims_problem(payload, now or datetime.now(UTC))
    if problem:
        return False, problem
    return True, f"The credential is valid: signed by the trusted key {key_id(raw)}."


def _parse(token: str | bytes) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """(header, payload, signing input, signature) of a Compact JWS; DomainError when it is none."""
    try:
        text = token.decode("ascii") if isinstance(token, bytes) else token
    except UnicodeDecodeError:
        text = ""
    parts = text.strip().split(".")
    if len(parts) != 3:
        raise DomainError("This is not an Open Badge in JWT form: it should be three parts separated by dots.")
    try:
        header, payload = json.loads(_unb64(parts[0])), json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except (ValueError, binascii.Error):
        raise DomainError("The Open Badge is damaged: it is incomplete or was changed by hand.") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise DomainError("The Open Badge is damaged: it is incomplete or was changed by hand.")
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def _check_header(header: dict[str, Any], raw: bytes) -> None:
    """Only EdDSA (never "none", never a MAC keyed with a public key), and any key named must be the issuer's."""
    if header.get("alg") != "EdDSA" or not set(header) <= _HEADER_MEMBERS or header.get("typ", "JWT") != "JWT":
        raise DomainError("The Open Badge is not signed in a way MentorDesk checks (EdDSA, OB 3.0 header).")
    jwk = header.get("jwk")
    if "kid" in header and header["kid"] != _verification_method(did_key(raw)):
        raise DomainError("The Open Badge's header names another key than its issuer.")
    if jwk is not None and jwk != {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw)}:
        raise DomainError("The Open Badge's header names another key than its issuer.")


def _claims_problem(payload: dict[str, Any], now: datetime) -> str | None:
    """OB 3.0 8.2 "Verify a Credential VC-JWT Signature": the claims repeat the credential's own fields."""
    types = payload.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types \
            or not {"AchievementCredential", "OpenBadgeCredential"} & set(types):
        return "The signed data is not an Open Badges AchievementCredential."
    subject = payload.get("credentialSubject")
    expires: int | None = None
    try:
        valid_from = _numeric_date(payload["validFrom"])
        consistent = (payload.get("iss") == _issuer_id(payload) and payload.get("jti") == payload.get("id")
                      and isinstance(subject, dict) and payload.get("sub") == subject.get("id")
                      and payload.get("nbf") == valid_from)
        expires = _numeric_date(payload["validUntil"]) if "validUntil" in payload else None
    except (KeyError, TypeError, ValueError, DomainError):
        consistent = False
    if not consistent or (expires is not None and payload.get("exp") != expires):
        return "The Open Badge's claims do not match its content (issuer, id, subject or dates)."
    if datetime.fromtimestamp(valid_from, UTC) > now + _NOT_BEFORE_LEEWAY:
        return f"The credential is not valid before {payload['validFrom']}."
    if expires is not None and datetime.fromtimestamp(expires, UTC) <= now:
        return f"The credential expired on {payload['validUntil']}."
    return None


def _issuer_id(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str):
        raise DomainError("The credential does not name its issuer.")
    return issuer_id


def _numeric_date(timestamp: str) -> int:
    """JWT NumericDate (seconds since 1970 UTC) of an OB DateTimeZ; ValueError without a time zone."""
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        raise ValueError("a DateTimeZ carries its time zone")
    return calendar.timegm(moment.utctimetuple())


def _json(document: dict[str, Any]) -> bytes:
    # Sorted keys, no spaces: the same credential always gives the same token.
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """Strict base64url without padding: other characters, or another spelling of the same bytes, are errors."""
    if not _BASE64URL.fullmatch(text):
        raise ValueError("not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(data) != text:
        raise ValueError("not the canonical base64url of its bytes")
    return data


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# ---- the file

def export_open_badge(facts: CertificateFacts, private_key: Ed25519PrivateKey, public_key: Ed25519PublicKey,
                      issuer_name: str, path: Path, *, wording: Wording = ENGLISH) -> Path:
    """Write the certificate's Open Badge (a .jwt file holding the Compact JWS) whole or not at all.

    A `path` not ending in .jwt or .jws gets .jwt; returns the path written. Exporting the same
    facts again writes the same bytes. DomainError for mismatched keys or a folder that cannot be written.
    """
    raw = _raw(public_key)
    if _raw(private_key.public_key()) != raw:
        raise DomainError("The private and public keys given for the Open Badge are not one key pair.")
    token = sign(credential(facts, raw, issuer_name, wording=wording), private_key)
    target = Path(path)
    if target.suffix.lower() not in FILE_SUFFIXES:
        target = target.with_suffix(".jwt")
    with exported_file(target, encoding="ascii", newline="") as handle:
        handle.write(token)  # exactly the Compact JWS: no newline, as OB's Document Formats asks
    return target
