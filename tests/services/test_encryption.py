"""Encryption at rest through the workspace: encrypt in place, change the passphrase, open, recover."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentordesk.config.paths import AppPaths
from mentordesk.db import rekey
from mentordesk.db.cipher import cipher_file
from mentordesk.db.migrate import backup_sqlite
from mentordesk.enums import AuditAction
from mentordesk.services.audit_trail import AuditQuery
from mentordesk.services.encryption import (
    PassphraseRequired,
    Strength,
    WrongPassphraseError,
    check_new_passphrase,
    data_is_encrypted,
    passphrase_strength,
)
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.mentees import MenteeForm
from mentordesk.services.workspace import open_workspace

PASSPHRASE = "violet harbour kettle 42"
NEW_PASSPHRASE = "seven quiet lanterns"
TODAY = date(2026, 11, 24)


def _counts(database: Path, key) -> dict[str, int]:
    connection = rekey.connect(database, key)
    try:
        return rekey.table_counts(connection)
    finally:
        connection.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def encrypted(paths: AppPaths) -> AppPaths:
    workspace = open_workspace(paths)
    workspace.mentees.create(MenteeForm("Zoë", "Ødegård", date(2005, 3, 1)), today=TODAY)
    workspace.encryption.encrypt(PASSPHRASE, PASSPHRASE)
    workspace.close()
    return paths


def test_encrypting_keeps_every_row_and_the_running_workspace_works_on(paths: AppPaths) -> None:
    workspace = open_workspace(paths)
    try:
        workspace.demo.generate(mentees=25, seed=3)
        database = paths.database_file
        before = _counts(database, None)
        result = workspace.encryption.encrypt(PASSPHRASE, PASSPHRASE)
        assert workspace.key is not None and data_is_encrypted(paths)
        assert _counts(database, workspace.key) == before
        assert result.rows == sum(before.values()) and result.tables == len(before)
        assert not rekey.is_plain_sqlite(database)
        # The services the ui holds work on, on the new engine.
        created = workspace.mentees.create(MenteeForm("Jan", "Novák", date(2003, 7, 9)), today=TODAY)
        assert workspace.mentees.get(created.id).full_name == created.full_name
        assert workspace.health.check().ok
    finally:
        workspace.close()
    assert _counts(database, workspace.key)["mentee"] == before["mentee"] + 1


def test_encrypted_data_needs_its_passphrase_and_a_wrong_one_changes_nothing(encrypted: AppPaths) -> None:
    before = _files(encrypted.data_dir)
    with pytest.raises(PassphraseRequired):
        open_workspace(encrypted)
    with pytest.raises(WrongPassphraseError, match="That passphrase does not open this data."):
        open_workspace(encrypted, passphrase="not the passphrase at all")
    assert _files(encrypted.data_dir) == before
    workspace = open_workspace(encrypted, passphrase=PASSPHRASE)
    try:
        assert workspace.encryption.status().encrypted
    finally:
        workspace.close()


def test_the_encryption_status_names_the_file_and_the_key_derivation(paths: AppPaths) -> None:
    workspace = open_workspace(paths)
    try:
        plain = workspace.encryption.status()
        assert plain.supported and not plain.encrypted and plain.kdf is None and plain.cipher_file is None
        workspace.encryption.encrypt(PASSPHRASE)
        status = workspace.encryption.status()
        assert status.encrypted and status.cipher_file == cipher_file(paths.database_file)
        assert status.kdf is not None and status.kdf.algorithm == "Argon2id" and status.kdf.memory_kib >= 64 * 1024
        assert status.kdf.time_cost >= 3
    finally:
        workspace.close()


@pytest.mark.parametrize(("passphrase", "repeat", "field", "words"), [
    ("          ", None, "passphrase", "Choose a passphrase"),
    ("short", None, "passphrase", "at least 10"),
    ("long enough now", "long enough n0w", "repeat", "differ"),
    ("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST-UVWX", None, "passphrase", "recovery key"),
])
def test_a_weak_or_mistyped_passphrase_is_refused_next_to_its_field(passphrase, repeat, field, words) -> None:
    with pytest.raises(ValidationError) as refused:
        check_new_passphrase(passphrase, repeat)
    assert list(refused.value.errors) == [field] and words in refused.value.errors[field]


def test_a_refused_passphrase_leaves_the_data_plain(paths: AppPaths) -> None:
    workspace = open_workspace(paths)
    try:
        with pytest.raises(ValidationError):
            workspace.encryption.encrypt("short", "short")
        assert workspace.key is None and not data_is_encrypted(paths)
    finally:
        workspace.close()


def test_strength_grows_with_length_and_variety() -> None:
    assert passphrase_strength("abc") is Strength.TOO_SHORT
    assert passphrase_strength("aaaaaaaaaaaa") is Strength.WEAK
    assert passphrase_strength("Tr0ub4dor&3x") is Strength.FAIR
    assert passphrase_strength("correct horse battery staple") is Strength.STRONG


def test_changing_the_passphrase_rekeys_and_the_old_one_stops_working(encrypted: AppPaths) -> None:
    workspace = open_workspace(encrypted, passphrase=PASSPHRASE)
    try:
        old_key, old_recovery = workspace.key, workspace.encryption.recovery_key()
        with pytest.raises(ValidationError) as refused:
            workspace.encryption.change_passphrase("not the current one", NEW_PASSPHRASE, NEW_PASSPHRASE)
        assert "old_passphrase" in refused.value.errors
        with pytest.raises(ValidationError) as refused:
            workspace.encryption.change_passphrase(PASSPHRASE, "short")
        assert "passphrase" in refused.value.errors and workspace.key is old_key
        workspace.encryption.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
        assert workspace.key.raw != old_key.raw and workspace.encryption.recovery_key() != old_recovery
        assert workspace.mentees.create(MenteeForm("Jan", "Novák", date(2003, 7, 9)), today=TODAY)
    finally:
        workspace.close()
    with pytest.raises(WrongPassphraseError):
        open_workspace(encrypted, passphrase=PASSPHRASE)
    with pytest.raises(WrongPassphraseError, match="older sheet"):
        open_workspace(encrypted, passphrase=old_recovery)
    reopened = open_workspace(encrypted, passphrase=NEW_PASSPHRASE)
    try:
        assert _counts(encrypted.database_file, reopened.key)["mentee"] == 2
    finally:
        reopened.close()


def test_the_recovery_key_opens_the_data_and_sets_a_new_passphrase(encrypted: AppPaths) -> None:
    workspace = open_workspace(encrypted, passphrase=PASSPHRASE)
    recovery = workspace.encryption.recovery_key()
    workspace.close()
    workspace = open_workspace(encrypted, passphrase=recovery.lower().replace("-", " "))
    try:
        assert workspace.opened_with_recovery_key
        workspace.encryption.change_passphrase(recovery, NEW_PASSPHRASE, NEW_PASSPHRASE)
    finally:
        workspace.close()
    reopened = open_workspace(encrypted, passphrase=NEW_PASSPHRASE)
    assert not reopened.opened_with_recovery_key
    reopened.close()


def test_plaintext_copies_are_removed_or_sealed_after_the_verified_swap(paths: AppPaths) -> None:
    older = backup_sqlite(paths.database_file, paths.backups_dir / "daily-20261101.db")
    workspace = open_workspace(paths)
    try:
        assert workspace.encryption.status().plain_backups == 1
        result = workspace.encryption.encrypt(PASSPHRASE)
        key = workspace.key
        assert result.sealed == (older,) and result.left == ()
        assert [path.name.startswith("before-encryption-") for path in result.removed] == [True]
        assert not result.removed[0].exists()
        assert sorted(path.name for path in paths.backups_dir.iterdir()) == ["daily-20261101.db"]
        assert not rekey.is_plain_sqlite(older) and _counts(older, key) == _counts(paths.database_file, key)
        assert workspace.encryption.status().plain_backups == 0
        # A new passphrase puts the copies under the old key under the new one, so they restore with it.
        workspace.encryption.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
        assert _counts(older, workspace.key)["mentee"] == 0
    finally:
        workspace.close()
    assert not [path for path in paths.data_dir.iterdir() if path.name.endswith(("-wal", "-shm", ".rekey"))]


def test_a_new_file_that_does_not_verify_changes_nothing(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = open_workspace(paths)
    try:
        def fail(*_args: object) -> None:
            raise rekey.RekeyFailed("The new file does not hold the same rows (tables mentees).")

        monkeypatch.setattr(rekey, "verify", fail)
        with pytest.raises(DomainError, match="Nothing was changed"):
            workspace.encryption.encrypt(PASSPHRASE)
        assert workspace.key is None and not data_is_encrypted(paths) and rekey.is_plain_sqlite(paths.database_file)
        assert not rekey.new_file(paths.database_file).exists()
        assert workspace.setup.needs_setup()  # still open, on the plain file
    finally:
        workspace.close()


def test_a_crash_after_the_rename_leaves_encrypted_data_that_opens(paths: AppPaths,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = open_workspace(paths)
    real_promote = rekey._promote_pending

    def power_cut(_database: Path) -> None:
        monkeypatch.setattr(rekey, "_promote_pending", real_promote)  # once: recovery then finishes the step
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(rekey, "_promote_pending", power_cut)
    with pytest.raises(KeyboardInterrupt):
        workspace.encryption.encrypt(PASSPHRASE)
    # The process would have died here; what is on disk is what matters.
    assert workspace.key is not None  # recovered in the same run, and reopened under the key on disk
    assert workspace.setup.needs_setup()
    workspace.close()
    reopened = open_workspace(paths, passphrase=PASSPHRASE)
    try:
        assert reopened.setup.needs_setup()
    finally:
        reopened.close()


def test_a_crash_between_the_pending_key_and_the_rename_leaves_plain_data(paths: AppPaths,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = open_workspace(paths)
    workspace.close()
    real_swap = rekey.swap_in

    def die_before_rename(database: Path, new: Path, key, *, after_commit=None) -> None:
        from mentordesk.config.files import atomic_write

        with atomic_write(rekey.pending_cipher_file(database)) as file:
            file.write('{"database_salt": "' + new.read_bytes()[:16].hex() + '"}')
        raise KeyboardInterrupt("power cut")

    workspace = open_workspace(paths)
    monkeypatch.setattr(rekey, "swap_in", die_before_rename)
    with pytest.raises(KeyboardInterrupt):
        workspace.encryption.encrypt(PASSPHRASE)
    monkeypatch.setattr(rekey, "swap_in", real_swap)
    assert workspace.key is None
    workspace.close()
    assert not data_is_encrypted(paths) and not rekey.pending_cipher_file(paths.database_file).exists()
    reopened = open_workspace(paths)
    reopened.close()


def test_leftover_plain_backups_are_sealed_when_encrypted_data_opens(encrypted: AppPaths,
                                                                      schema_0001_database: Path) -> None:
    workspace = open_workspace(encrypted, passphrase=PASSPHRASE)
    key = workspace.key
    workspace.close()
    leftover = encrypted.backups_dir / "before-encryption-20261124T000000Z.db"
    backup_sqlite(schema_0001_database, leftover)
    workspace = open_workspace(encrypted, passphrase=PASSPHRASE)
    workspace.close()
    assert not rekey.is_plain_sqlite(leftover) and _counts(leftover, key)


def test_reads_during_the_swap_are_refused_not_run_against_the_file(paths: AppPaths) -> None:
    workspace = open_workspace(paths)
    try:
        with workspace.closed_for_swap():
            with pytest.raises(DomainError, match="changing how the data is encrypted"):
                workspace.setup.needs_setup()
        assert workspace.setup.needs_setup()  # reopened as it was
    finally:
        workspace.close()


def test_a_before_migration_backup_of_encrypted_data_is_encrypted(tmp_path: Path, schema_0001_database: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = backup_sqlite(schema_0001_database, data / "mentordesk.db")
    from mentordesk.db.cipher import KdfParams, derive_key

    key = derive_key(PASSPHRASE, KdfParams.fresh())
    counts = rekey.export(database, None, rekey.new_file(database), key)
    rekey.swap_in(database, rekey.new_file(database), key)
    paths = AppPaths(data, f"sqlite:///{database}")
    workspace = open_workspace(paths, passphrase=PASSPHRASE)
    try:
        backup = workspace.migration.backup
        assert backup is not None and not rekey.is_plain_sqlite(backup)
        assert _counts(backup, key) == counts
    finally:
        workspace.close()


def test_the_recovery_sheet_has_the_key_and_never_the_passphrase(encrypted: AppPaths, tmp_path: Path) -> None:
    from pypdf import PdfReader

    workspace = open_workspace(encrypted, passphrase=PASSPHRASE)
    try:
        workspace.setup.complete("Northside Youth Centre", "Ana Nowak", "Pathways 2027")
        sheet = workspace.encryption.write_recovery_sheet(tmp_path / "sheet.pdf", today=TODAY)
        recovery = workspace.encryption.recovery_key()
        newest = workspace.audit.page(AuditQuery(), 0, 1)[0]
    finally:
        workspace.close()
    assert (newest.action, newest.entity) == (AuditAction.EXPORT, "recovery_sheet")  # the key left the app
    reader = PdfReader(sheet)
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert all(group in text for group in recovery.split("-"))
    assert "Northside Youth Centre" in text and "24 November 2026" in text and "Argon2id" in text
    assert str(encrypted.database_file) in text.replace("\n", "")
    assert PASSPHRASE not in text and PASSPHRASE.encode() not in sheet.read_bytes()
    assert reader.metadata.title == "MentorDesk recovery sheet"


def test_plain_data_has_no_recovery_key(workspace) -> None:
    with pytest.raises(DomainError, match="not encrypted"):
        workspace.encryption.recovery_key()
