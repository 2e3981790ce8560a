"""The organisation's signing key (file mode, one key per data folder) and trusted partner keys."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from mentordesk.db.models import AuditEvent, TrustedKey
from mentordesk.enums import AuditAction
from mentordesk.services.certificate_facts import fingerprint, key_id
from mentordesk.services.errors import DomainError, NotFoundError
from mentordesk.services.keys import PRIVATE_KEY_FILE, KeyService
from mentordesk.services.setup import SetupService


@pytest.fixture
def keys(session_factory, tmp_path: Path) -> KeyService:
    SetupService(session_factory).complete("Jugendzentrum Süd", "Ana", "Wege")
    return KeyService(session_factory, tmp_path / "keys")


def _partner_file(folder: Path, owner: str = "Πολιτιστικό Κέντρο Νέων", **changes: object) -> tuple[Path, bytes]:
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw,
                                                                 serialization.PublicFormat.Raw)
    document = {"format": "mentordesk-public-key", "version": 1, "owner": owner,
                "public_key": base64.b64encode(raw).decode("ascii"), "fingerprint": fingerprint(raw)}
    document.update(changes)
    path = folder / f"partner-{raw.hex()[:8]}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path, raw


def test_own_key_is_created_once_with_a_private_file_and_recorded_as_trusted(keys: KeyService,
                                                                             session_factory) -> None:
    assert keys.own_key(create=False) is None
    first = keys.own_key()
    assert first is not None and first.is_own and first.trusted
    assert first.owner_name == "Jugendzentrum Süd"
    assert keys.own_key() == first
    path = keys.private_key_file
    assert path.name == PRIVATE_KEY_FILE
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    assert [p.name for p in path.parent.iterdir()] == [PRIVATE_KEY_FILE]  # no temporary file left behind
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert first.key_id == key_id(raw) and first.fingerprint == fingerprint(raw)
    with session_factory() as session:
        rows = list(session.scalars(select(TrustedKey)))
    assert [(row.public_key, row.is_own) for row in rows] == [(raw, True)]


def test_the_file_is_created_with_mode_0600_from_the_start(keys: KeyService, monkeypatch) -> None:
    """Never world-readable for a moment: the mode is given to os.open, not set afterwards with chmod."""
    opened: list[tuple[int, int]] = []
    real_open = os.open

    def spy(path, flags, mode=0o777, *args, **kwargs):
        opened.append((flags, mode))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: pytest.fail("the key file must not need a chmod"))
    keys.own_key()
    assert opened and all(flags & os.O_EXCL and flags & os.O_CREAT and mode == 0o600 for flags, mode in opened)


def test_sign_uses_the_own_key_and_the_signature_verifies(keys: KeyService) -> None:
    signature, signer = keys.sign("Zoë".encode())
    info = keys.own_key()
    assert info is not None and signer == info.key_id
    owner, raw = keys.public_key(signer)
    assert owner == "Jugendzentrum Süd"
    Ed25519PublicKey.from_public_bytes(raw).verify(signature, "Zoë".encode())


def test_a_second_service_on_the_same_folder_uses_the_same_key(keys: KeyService, session_factory,
                                                               tmp_path: Path) -> None:
    first = keys.own_key()
    again = KeyService(session_factory, tmp_path / "keys").own_key(create=False)
    assert again == first


def test_a_key_file_loosened_by_a_copy_is_restricted_again(keys: KeyService) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    keys.own_key()
    os.chmod(keys.private_key_file, 0o644)
    KeyService(keys._sessions, keys.private_key_file.parent).own_key(create=False)
    assert stat.S_IMODE(keys.private_key_file.stat().st_mode) == 0o600


def test_a_damaged_key_file_is_refused_not_replaced(keys: KeyService) -> None:
    keys.private_key_file.parent.mkdir(parents=True)
    keys.private_key_file.write_text("not a key")
    with pytest.raises(DomainError, match="damaged"):
        keys.own_key()
    assert keys.private_key_file.read_text() == "not a key"


def test_a_lost_key_file_gives_a_new_key_and_the_old_one_stays_trusted(keys: KeyService) -> None:
    old = keys.own_key()
    keys.private_key_file.unlink()
    new = KeyService(keys._sessions, keys.private_key_file.parent).own_key()
    assert new is not None and old is not None and new.key_id != old.key_id
    listed = {info.key_id: info for info in keys.trusted()}
    assert listed[new.key_id].is_own and not listed[old.key_id].is_own
    assert listed[old.key_id].trusted  # what the old key signed still verifies
    assert keys.public_key(old.key_id) is not None


def test_export_and_import_between_two_organisations(keys: KeyService, tmp_path: Path, paths) -> None:
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.db.migrate import backup_sqlite

    exported = keys.export_public(tmp_path / "our-key.json")
    document = json.loads(exported.read_text(encoding="utf-8"))
    own = keys.own_key()
    assert own is not None
    assert document == {"format": "mentordesk-public-key", "version": 1, "owner": "Jugendzentrum Süd",
                        "public_key": document["public_key"], "fingerprint": own.fingerprint}
    assert "PRIVATE" not in exported.read_text()

    # A partner organisation: its own (fresh) database and key folder.
    partner_db = tmp_path / "partner.db"
    backup_sqlite(paths.database_file, partner_db)
    engine = make_engine(f"sqlite:///{partner_db}")
    try:
        partner_sessions = make_session_factory(engine)
        with partner_sessions.begin() as session:
            session.execute(TrustedKey.__table__.delete())
        partner = KeyService(partner_sessions, tmp_path / "partner-keys")
        imported = partner.import_trusted(exported)
        assert (imported.owner_name, imported.key_id, imported.is_own) == ("Jugendzentrum Süd", own.key_id, False)
        assert partner.public_key(own.key_id) == ("Jugendzentrum Süd", base64.b64decode(document["public_key"]))
    finally:
        engine.dispose()


def test_import_refuses_our_own_key_and_duplicates(keys: KeyService, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="own key"):
        keys.import_trusted(keys.export_public(tmp_path / "ours.json"))
    path, _raw = _partner_file(tmp_path)
    keys.import_trusted(path)
    with pytest.raises(DomainError, match="already trusted"):
        keys.import_trusted(path)


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n", "not a MentorDesk public key file"),
    (b"[1, 2]", "not a MentorDesk public key file"),
    (json.dumps({"format": "something-else"}).encode(), "not a MentorDesk public key file"),
    (json.dumps({"format": "mentordesk-public-key", "version": 2}).encode(), "newer MentorDesk"),
])
def test_import_refuses_files_that_are_not_key_files(keys: KeyService, tmp_path: Path, content: bytes,
                                                     message: str) -> None:
    path = tmp_path / "key.json"
    path.write_bytes(content)
    with pytest.raises(DomainError, match=message):
        keys.import_trusted(path)
    assert keys.trusted() == []


def test_import_refuses_damaged_keys_and_wrong_fingerprints(keys: KeyService, tmp_path: Path) -> None:
    cases = [
        (_partner_file(tmp_path, public_key="AAAA")[0], "damaged"),
        (_partner_file(tmp_path, public_key="not base64!")[0], "damaged"),
        (_partner_file(tmp_path, fingerprint="0000 1111")[0], "does not match"),
        (_partner_file(tmp_path, owner="  ")[0], "does not name"),
        (tmp_path / "missing.json", "Cannot read"),
    ]
    for path, message in cases:
        with pytest.raises(DomainError, match=message):
            keys.import_trusted(path)
    assert keys.trusted() == []


def test_distrust_stops_verification_and_reimport_trusts_again(keys: KeyService, tmp_path: Path,
                                                               session_factory) -> None:
    path, raw = _partner_file(tmp_path)
    info = keys.import_trusted(path)
    assert keys.public_key(info.key_id) == ("Πολιτιστικό Κέντρο Νέων", raw)
    distrusted = keys.distrust(info.key_id)
    assert not distrusted.trusted
    assert keys.public_key(info.key_id) is None
    assert keys.find(info.key_id) == distrusted  # known, but not trusted: verification says so
    again = keys.import_trusted(path)
    assert again.trusted and again.id == info.id
    with session_factory() as session:
        actions = [(e.action, e.fields) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == info.id).order_by(AuditEvent.seq))]
    assert actions == [(AuditAction.CREATE, ["fingerprint", "owner_name", "public_key"]),
                       (AuditAction.UPDATE, ["distrusted_at"]),
                       (AuditAction.UPDATE, ["distrusted_at", "owner_name", "trusted_at"])]


def test_own_key_cannot_be_distrusted_and_unknown_ids_are_refused(keys: KeyService) -> None:
    own = keys.own_key()
    assert own is not None
    with pytest.raises(DomainError, match="cannot be distrusted"):
        keys.distrust(own.key_id)
    with pytest.raises(NotFoundError):
        keys.distrust("0123456789abcdef")
    assert keys.public_key("0123456789abcdef") is None
    assert keys.public_key("%%%%") is None


def test_trusted_lists_own_first_then_partners_then_distrusted(keys: KeyService, tmp_path: Path) -> None:
    keys.own_key()
    b = keys.import_trusted(_partner_file(tmp_path, owner="Bravo")[0])
    keys.import_trusted(_partner_file(tmp_path, owner="Alpha")[0])
    keys.distrust(b.key_id)
    assert [(k.owner_name, k.is_own, k.trusted) for k in keys.trusted()] == [
        ("Jugendzentrum Süd", True, True), ("Alpha", False, True), ("Bravo", False, False)]


def test_setup_creates_the_key(session_factory, tmp_path: Path) -> None:
    keys = KeyService(session_factory, tmp_path / "keys")
    SetupService(session_factory).complete("Centre", "Ana", "Pathways", keys=keys)
    own = keys.own_key(create=False)
    assert own is not None and own.owner_name == "Centre"


def test_workspace_keeps_keys_in_the_data_folder(workspace) -> None:
    workspace.setup.complete("Centre", "Ana", "Pathways", keys=workspace.keys)
    assert (workspace.paths.data_dir / "keys" / PRIVATE_KEY_FILE).is_file()
