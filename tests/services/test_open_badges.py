"""Open Badges 3.0 export: valid against 1EdTech's schema, verifiable offline, refused when altered or foreign."""

from __future__ import annotations

import base64
import copy
import json
import re
import socket
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft201909Validator, FormatChecker

from mentordesk.enums import CertificateKind
from mentordesk.services.certificate_facts import CertificateFacts, CertifiedOutcome, key_id
from mentordesk.services.errors import DomainError
from mentordesk.services.open_badges import (
    OB_CONTEXT,
    VC_CONTEXT,
    base58btc_decode,
    base58btc_encode,
    credential,
    did_key,
    encode_jws,
    export_open_badge,
    holder_matches,
    public_key_of_did,
    read_credential,
    sign,
    verify,
)

# The repository sits beside the shared folder: /work/main -> /work/shared.
STANDARD = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "openbadges-3.0"

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def raw(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


HOLDER = "Zoë Ødegård-Łukasiewicz"
VALIDATION = CertificateFacts(
    "DYC-2026-000123", CertificateKind.VALIDATION, "en", "Demo Youth Centre", HOLDER,
    "Digital Skills Bridge", date(2026, 3, 1), date(2026, 11, 20), 44.0, 36, date(2026, 11, 24), "Brussels",
    "Ana Nowak", "Coordinator", "Key Competences for Lifelong Learning",
    (CertifiedOutcome("Digital", "Capable", "I can send a CV by email.", "Portfolio"),
     CertifiedOutcome("Digital", "Confident", "I can keep my passwords safe.", "Observation"),
     CertifiedOutcome("Literacy", "Capable", "I can write a cover letter.", "Interview")),
    key_id(raw(KEY)),
)
PARTICIPATION = replace(
    VALIDATION, serial="DYC-2026-000124", kind=CertificateKind.PARTICIPATION, holder="Σταυρούλα Παπαδοπούλου",
    language="el", programme=None, period_from=None, period_to=None, framework=None, outcomes=(), signatory=None,
)
AFTER_ISSUE = datetime(2026, 12, 1, tzinfo=UTC)


def token_for(facts: CertificateFacts = VALIDATION) -> str:
    return sign(credential(facts, raw(KEY), "Demo Youth Centre"), KEY)


def segments(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, payload, signature = token.split(".")
    return json.loads(unb64(header)), json.loads(unb64(payload)), signature


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64json(document: dict[str, Any]) -> str:
    return b64(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())


# ---- the official schema

def schema(strict: bool = False) -> dict[str, Any]:
    if not STANDARD.is_dir():
        pytest.skip(f"The 1EdTech Open Badges 3.0 schema folder is absent: {STANDARD} (../shared beside the repo).")
    document = json.loads((STANDARD / "achievementcredential.schema.json").read_text(encoding="utf-8"))
    if strict:
        # As 1EdTech checks its own examples: no property outside the OB 3.0 data model (a typo, an invented term).
        def close(node: object) -> None:
            if isinstance(node, dict):
                if "properties" in node:
                    node["additionalProperties"] = False
                for value in node.values():
                    close(value)
            elif isinstance(node, list):
                for value in node:
                    close(value)
        close(document)
    return document


def format_checker() -> FormatChecker:
    """jsonschema only checks "date-time" with an optional package; OB's DateTimeZ needs the zone, so check here."""
    checker = FormatChecker()

    @checker.checks("date-time")
    def date_time(value: object) -> bool:
        return not isinstance(value, str) or bool(
            re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value)
            and datetime.fromisoformat(value).tzinfo is not None)

    return checker


def schema_errors(document: dict[str, Any], strict: bool = False) -> list[str]:
    validator = Draft201909Validator(schema(strict), format_checker=format_checker())
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]


@pytest.mark.parametrize("facts", [VALIDATION, PARTICIPATION], ids=["validation", "participation"])
def test_the_credential_and_the_jwt_payload_validate_against_the_official_schema(facts: CertificateFacts) -> None:
    document = credential(facts, raw(KEY), "Demo Youth Centre")
    assert schema_errors(document, strict=True) == []
    _, payload, _ = segments(sign(document, KEY))
    assert schema_errors(payload) == [], "the JWT payload is the credential plus the claims OB 3.0 names"
    assert {key: payload[key] for key in document} == document


def test_the_schema_check_is_able_to_fail() -> None:
    document = credential(VALIDATION, raw(KEY), "Demo Youth Centre")
    broken = copy.deepcopy(document)
    broken["validFrom"] = "2026-11-24T00:00:00"  # no time zone
    del broken["credentialSubject"]["achievement"]["criteria"]
    broken["credentialSubject"]["achievement"]["narative"] = "typo"
    errors = schema_errors(broken, strict=True)
    assert any(error.startswith("validFrom") for error in errors)
    assert any("criteria" in error for error in errors)
    assert any("narative" in error for error in errors)


def test_the_contexts_are_those_the_schema_and_the_shipped_context_name() -> None:
    document = credential(VALIDATION, raw(KEY), "Demo Youth Centre")
    assert document["@context"] == [VC_CONTEXT, OB_CONTEXT]
    if STANDARD.is_dir():
        context = json.loads((STANDARD / "context-3.0.3.json").read_text(encoding="utf-8"))["@context"]
        assert {"AchievementCredential", "AchievementSubject", "Achievement", "Profile", "IdentityObject",
                "ResultDescription", "Result"} <= set(context)


# ---- what the credential says

def test_the_credential_states_the_certificate() -> None:
    document = credential(VALIDATION, raw(KEY), "Demo Youth Centre")
    assert document["id"].startswith("urn:uuid:")
    assert document["issuer"] == {"id": did_key(raw(KEY)), "type": ["Profile"], "name": "Demo Youth Centre",
                                  "official": "Ana Nowak"}
    assert document["validFrom"] == document["awardedDate"] == "2026-11-24T00:00:00Z"
    subject = document["credentialSubject"]
    assert (subject["activityStartDate"], subject["activityEndDate"]) == ("2026-03-01T00:00:00Z",
                                                                         "2026-11-20T00:00:00Z")
    achievement = subject["achievement"]
    assert achievement["name"] == "Validated learning outcomes: Digital Skills Bridge"
    narrative = achievement["criteria"]["narrative"]
    for outcome in VALIDATION.outcomes:
        assert f"{outcome.statement} (level: {outcome.level}; validated by: {outcome.method})" in narrative
    assert narrative.index("**Digital**") < narrative.index("**Literacy**")
    assert "36 mentoring sessions attended, 44.0 hours in total." in narrative
    # Each outcome's level is a Result pointing at its ResultDescription.
    names = {description["id"]: description["name"] for description in achievement["resultDescription"]}
    assert {names[result["resultDescription"]]: result["value"] for result in subject["result"]} == {
        "Digital: I can send a CV by email.": "Capable",
        "Digital: I can keep my passwords safe.": "Confident",
        "Literacy: I can write a cover letter.": "Capable",
    }
    assert achievement["tag"] == ["Digital", "Literacy"]


def test_a_participation_credential_states_attendance_and_no_results() -> None:
    subject = credential(PARTICIPATION, raw(KEY), "Demo Youth Centre")["credentialSubject"]
    assert "result" not in subject and "resultDescription" not in subject["achievement"]
    assert subject["achievement"]["achievementType"] == "Achievement"
    assert subject["achievement"]["inLanguage"] == "el"
    assert subject["achievement"]["criteria"]["narrative"] == "36 mentoring sessions attended, 44.0 hours in total."


def test_ids_are_derived_from_the_serial_so_exports_repeat_exactly() -> None:
    first, again = credential(VALIDATION, raw(KEY), "X"), credential(VALIDATION, raw(KEY), "X")
    assert first == again and token_for() == token_for()
    other = credential(replace(VALIDATION, serial="DYC-2026-000125"), raw(KEY), "X")
    assert other["id"] != first["id"]
    assert other["credentialSubject"]["id"] != first["credentialSubject"]["id"], "no id links a person's badges"
    assert other["credentialSubject"]["identifier"][0]["salt"] != first["credentialSubject"]["identifier"][0]["salt"]


def test_the_holder_is_named_by_a_salted_hash_not_in_clear() -> None:
    token = token_for()
    payload_text = unb64(token.split(".")[1]).decode("utf-8")
    for part in ("Zoë", "Ødegård", "Łukasiewicz", "Zo\\u00eb"):
        assert part not in payload_text
    identity = read_credential(token)["credentialSubject"]["identifier"]
    assert len(identity) == 1 and identity[0]["identityType"] == "name" and identity[0]["hashed"] is True
    assert re.fullmatch(r"sha256\$[0-9a-f]{64}", identity[0]["identityHash"])
    document = read_credential(token)
    assert holder_matches(document, HOLDER)
    assert holder_matches(document, unicodedata.normalize("NFD", HOLDER) + " "), "typed another way, same name"
    assert not holder_matches(document, "Zoe Odegard-Lukasiewicz")
    assert not holder_matches(document, "Σταυρούλα Παπαδοπούλου")


def test_a_credential_for_another_key_than_the_facts_name_is_refused() -> None:
    with pytest.raises(DomainError):
        credential(VALIDATION, raw(OTHER_KEY), "Demo Youth Centre")
    with pytest.raises(DomainError):
        sign(credential(VALIDATION, raw(KEY), "Demo Youth Centre"), OTHER_KEY)


# ---- the proof

def test_the_jwt_follows_ob_3_section_8_2() -> None:
    header, payload, _ = segments(token_for())
    issuer = did_key(raw(KEY))
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": f"{issuer}#{issuer.removeprefix('did:key:')}",
                      "jwk": {"kty": "OKP", "crv": "Ed25519", "x": b64(raw(KEY))}}
    assert "d" not in header["jwk"]
    assert payload["iss"] == payload["issuer"]["id"] == issuer
    assert payload["jti"] == payload["id"]
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["nbf"] == int(datetime(2026, 11, 24, tzinfo=UTC).timestamp())
    assert "vc" not in payload, "VC 2.0: the payload is the credential, not a VCDM 1.1 `vc` wrapper"


def test_the_jws_encoding_matches_rfc_8037_appendix_a4() -> None:
    key = Ed25519PrivateKey.from_private_bytes(unb64("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"))
    assert b64(raw(key)) == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    assert encode_jws({"alg": "EdDSA"}, b"Example of Ed25519 signing", key) == (
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg")


def test_it_verifies_offline_with_the_trusted_key(monkeypatch: pytest.MonkeyPatch) -> None:
    token = token_for()

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("verification tried to use the network")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, no_network)
    ok, reason = verify(token, [raw(OTHER_KEY), KEY.public_key()], now=AFTER_ISSUE)
    assert ok, reason
    assert key_id(raw(KEY)) in reason
    assert verify(token + "\n", [raw(KEY)], now=AFTER_ISSUE)[0], "a file's trailing newline is not a change"


def leaves(node: object, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for index, value in enumerate(node) for leaf in leaves(value, (*path, index))]
    return [path]


def altered(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return f"{value}x"


def test_any_change_to_any_field_fails() -> None:
    header_segment, _, signature = token_for().split(".")
    _, payload, _ = segments(token_for())
    paths = leaves(payload)
    assert len(paths) > 40
    for path in paths:
        changed = copy.deepcopy(payload)
        node = changed
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = altered(node[path[-1]])
        ok, reason = verify(f"{header_segment}.{b64json(changed)}.{signature}", [raw(KEY)], now=AFTER_ISSUE)
        assert not ok, path
    for key in payload:
        shorter = {name: value for name, value in payload.items() if name != key}
        assert not verify(f"{header_segment}.{b64json(shorter)}.{signature}", [raw(KEY)], now=AFTER_ISSUE)[0], key


def test_a_signature_from_another_key_fails() -> None:
    document = credential(VALIDATION, raw(KEY), "Demo Youth Centre")
    _, payload, _ = segments(token_for())
    # Our issuer and our key in the header, but the other key's signature.
    header, _, _ = segments(token_for())
    forged = encode_jws(header, json.dumps(payload).encode(), OTHER_KEY)
    ok, reason = verify(forged, [raw(KEY)], now=AFTER_ISSUE)
    assert not ok and "signature does not match" in reason
    # A whole badge re-issued under the other key (its own did:key) is not trusted.
    foreign = dict(document, issuer={"id": did_key(raw(OTHER_KEY)), "type": ["Profile"], "name": "Demo Youth Centre"})
    ok, reason = verify(sign(foreign, OTHER_KEY), [raw(KEY)], now=AFTER_ISSUE)
    assert not ok and "not signed by a trusted key" in reason
    assert not verify(token_for(), [], now=AFTER_ISSUE)[0]


def test_headers_outside_ob_3_or_naming_another_key_fail_even_when_signed_by_the_issuer() -> None:
    header, payload, _ = segments(token_for())
    body = json.dumps(payload).encode()
    assert verify(encode_jws(header, body, KEY), [raw(KEY)], now=AFTER_ISSUE)[0]
    for bad in ({"alg": "none"}, dict(header, alg="HS256"), dict(header, typ="vc+jwt"), dict(header, x5u="https://x"),
                dict(header, jwk={"kty": "OKP", "crv": "Ed25519", "x": b64(raw(OTHER_KEY))}),
                dict(header, jwk=dict(header["jwk"], d="private")),
                dict(header, kid=did_key(raw(OTHER_KEY)))):
        ok, reason = verify(encode_jws(bad, body, KEY), [raw(KEY)], now=AFTER_ISSUE)
        assert not ok and "header" in reason, (bad, reason)
    # "none" with an empty signature: nothing to check is not a pass.
    assert not verify(f"{b64json({'alg': 'none'})}.{b64json(payload)}.", [raw(KEY)], now=AFTER_ISSUE)[0]


@pytest.mark.parametrize("text", ["", "a.b", "MD1.abc.def", "not base64!.e30.e30", "e30.e30.e30.e30", "e30.W10.AA"])
def test_what_is_not_a_badge_gets_one_sentence(text: str) -> None:
    ok, reason = verify(text, [raw(KEY)], now=AFTER_ISSUE)
    assert not ok and reason.endswith(".") and reason.count(". ") == 0


def test_validity_dates() -> None:
    token = token_for()
    assert not verify(token, [raw(KEY)], now=datetime(2026, 11, 23, 9, tzinfo=UTC))[0], "not valid yet"
    # 01:00 on the issue day at UTC+14 is still the day before in UTC.
    assert verify(token, [raw(KEY)], now=datetime(2026, 11, 23, 11, tzinfo=UTC))[0]
    expiring = dict(credential(VALIDATION, raw(KEY), "Demo Youth Centre"), validUntil="2027-01-01T00:00:00Z")
    assert verify(sign(expiring, KEY), [raw(KEY)], now=AFTER_ISSUE)[0]
    ok, reason = verify(sign(expiring, KEY), [raw(KEY)], now=datetime(2027, 1, 2, tzinfo=UTC))
    assert not ok and "expired" in reason


# ---- did:key and base58btc

def test_did_key_matches_the_did_method_key_test_vectors() -> None:
    # w3c-ccg/did-method-key, test-vectors/ed25519-x25519.json: Ed25519 keys from the seeds 0 and 1.
    zero = Ed25519PrivateKey.from_private_bytes(bytes(32))
    one = Ed25519PrivateKey.from_private_bytes(bytes(31) + b"\x01")
    assert did_key(raw(zero)) == "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
    assert did_key(raw(one)) == "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG"
    assert base58btc_encode(raw(zero)) == "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS"
    assert public_key_of_did("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp") == raw(zero)
    did = did_key(raw(KEY))
    assert public_key_of_did(f"{did}#{did.removeprefix('did:key:')}") == raw(KEY)


@pytest.mark.parametrize("did", ["did:key:zTjsVPtY", "did:web:example.com", "did:key:u7QE", "did:key:z0OIl",
                                 "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#other",
                                 "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169"])
def test_what_is_not_an_ed25519_did_key_is_refused(did: str) -> None:
    with pytest.raises(DomainError):
        public_key_of_did(did)


def test_base58btc_matches_the_ietf_draft_vectors() -> None:
    # draft-msporny-base58, section 5 (test vectors).
    vectors = {b"Hello World!": "2NEpo7TZRRrLZSi2U",
               b"The quick brown fox jumps over the lazy dog.":
                   "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
               bytes.fromhex("0000287fb4cd"): "11233QC4"}
    for data, text in vectors.items():
        assert base58btc_encode(data) == text
        assert base58btc_decode(text) == data
    assert base58btc_encode(b"") == "" and base58btc_decode("111") == bytes(3)


# ---- the file

def test_export_writes_the_compact_jws_whole(tmp_path: Path) -> None:
    path = export_open_badge(VALIDATION, KEY, KEY.public_key(), "Demo Youth Centre", tmp_path / "zoe.jwt")
    assert path == tmp_path / "zoe.jwt"
    text = path.read_text(encoding="ascii")
    assert text == token_for() and "\n" not in text
    assert verify(text, [raw(KEY)], now=AFTER_ISSUE)[0]
    again = export_open_badge(VALIDATION, KEY, KEY.public_key(), "Demo Youth Centre", tmp_path / "again.json")
    assert again == tmp_path / "again.jwt", "a VC-JWT file ends in .jwt (OB 3.0 Document Formats)"
    assert again.read_bytes() == path.read_bytes(), "the same certificate exports to the same bytes"
    assert sorted(item.name for item in tmp_path.iterdir()) == ["again.jwt", "zoe.jwt"], "no temporary file left"


def test_export_refuses_keys_that_are_not_one_pair_and_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(DomainError):
        export_open_badge(VALIDATION, KEY, OTHER_KEY.public_key(), "Demo Youth Centre", tmp_path / "a.jwt")
    with pytest.raises(DomainError, match="does not exist"):
        export_open_badge(VALIDATION, KEY, KEY.public_key(), "Demo Youth Centre", tmp_path / "no" / "a.jwt")
