"""The sealed-file envelope, and exports of encrypted data sealed in it."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from encrypted_data import MARKER, PASSPHRASE, encrypted_paths, fast_params, files_holding, open_encrypted
from sqlalchemy import select, update

from mentordesk.db.cipher import derive_key
from mentordesk.db.models import Mentee, MentoringSession
from mentordesk.enums import SessionStatus
from mentordesk.services import sealed_files
from mentordesk.services.sealed_files import CHUNK_BYTES, SealedFileError, WrongSealKey
from mentordesk.services.workspace import Workspace

KEY = derive_key(PASSPHRASE, fast_params())


def _seal(data: bytes, purpose: str = sealed_files.EXPORT_PURPOSE) -> bytes:
    out = io.BytesIO()
    with sealed_files.sealed_writer(out, KEY, purpose) as sealed:
        sealed.write(data)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 1000, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES + 7])
def test_round_trip_of_every_size(size: int) -> None:
    data = os.urandom(size)
    sealed = _seal(data)
    assert size < 32 or data[:32] not in sealed
    assert sealed_files.unseal_bytes(sealed, KEY) == data
    header = sealed_files.read_header(io.BytesIO(sealed))
    assert header.purpose == "export" and header.kdf == KEY.params


def test_two_files_of_the_same_bytes_differ() -> None:
    assert _seal(b"same") != _seal(b"same"), "a fresh salt per file: no nonce is ever reused under one key"


def _chunks(sealed: bytes) -> tuple[bytes, list[bytes]]:
    offset = len(sealed_files.MAGIC) + 4 + int.from_bytes(sealed[8:12], "big") + 32
    head, chunks = sealed[:offset], []
    while offset < len(sealed):
        length = 4 + int.from_bytes(sealed[offset:offset + 4], "big")
        chunks.append(sealed[offset:offset + length])
        offset += length
    return head, chunks


def test_reordered_dropped_or_swapped_chunks_are_refused() -> None:
    head, chunks = _chunks(_seal(os.urandom(3 * CHUNK_BYTES + 5)))
    assert len(chunks) == 4
    for changed in ([chunks[1], chunks[0], *chunks[2:]], chunks[:-1], [*chunks[:2], chunks[3]],
                    [*chunks, chunks[-1]]):
        with pytest.raises(SealedFileError, match="damaged or was changed"):
            sealed_files.unseal_bytes(head + b"".join(changed), KEY)


def test_a_chunk_from_another_file_is_refused() -> None:
    head, chunks = _chunks(_seal(b"a" * 10))
    _, other = _chunks(_seal(b"a" * 10))
    with pytest.raises(SealedFileError):
        sealed_files.unseal_bytes(head + other[0], KEY)


def test_a_wrong_key_is_told_apart_from_damage() -> None:
    sealed = _seal(b"hello")
    with pytest.raises(WrongSealKey, match="passphrase does not open"):
        sealed_files.unseal_bytes(sealed, derive_key("another passphrase", fast_params()))
    with pytest.raises(SealedFileError, match="not a MentorDesk sealed file"):
        sealed_files.unseal_bytes(b"PK\x03\x04 a zip file", KEY)
    with pytest.raises(SealedFileError, match="header cannot be read"):
        sealed_files.unseal_bytes(sealed[:20], KEY)


def test_sealed_names() -> None:
    assert sealed_files.sealed_path(Path("a/people.csv")) == Path("a/people.csv.mdsealed")
    assert sealed_files.sealed_path(Path("people.csv.mdsealed")) == Path("people.csv.mdsealed")
    assert sealed_files.export_path(Path("people.csv"), None) == Path("people.csv")
    assert sealed_files.export_path(Path("people.csv"), KEY) == Path("people.csv.mdsealed")


# ---- exports of encrypted data


@pytest.fixture
def secret(tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_encrypted(encrypted_paths(tmp_path))
    workspace.demo.generate(mentees=5, seed=2)
    with workspace.backups._engine().begin() as connection:  # noqa: SLF001
        first = connection.scalar(select(Mentee.id).order_by(Mentee.reference_code).limit(1))
        connection.execute(update(Mentee).where(Mentee.id == first).values(first_name=MARKER))
        planned = connection.scalars(select(MentoringSession.id).limit(3)).all()
        connection.execute(update(MentoringSession).where(MentoringSession.id.in_(planned)).values(
            status=SessionStatus.PLANNED, session_date=date.today() + timedelta(days=3)))
    yield workspace
    workspace.close()


def _unsealed(path: Path, workspace: Workspace) -> bytes:
    out = io.BytesIO()
    sealed_files.unseal_path(path, derive_key(PASSPHRASE, sealed_files.header_of(path).kdf), out)
    return out.getvalue()


def test_every_export_of_encrypted_data_is_sealed(secret: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    assert secret.mentee_csv.file_for(out / "people.csv") == out / "people.csv.mdsealed"
    assert secret.mentee_csv.export(out / "people.csv") == 5
    assert secret.session_csv.export(out / "sessions.csv") > 0
    assert secret.calendar.export_planned(out / "planned.ics") > 0
    person = secret.personal_data.export(_first_mentee(secret), out)
    assert person.json_path.name.endswith(".json.mdsealed") and person.pdf_path.name.endswith(".pdf.mdsealed")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["people.csv.mdsealed", "sessions.csv.mdsealed", "planned.ics.mdsealed", person.json_path.name,
         person.pdf_path.name]), "only sealed files, no plaintext temporary left"
    assert files_holding(tmp_path, MARKER) == [], "the marker is in no file: data, exports, temporaries"

    people = _unsealed(out / "people.csv.mdsealed", secret).decode("utf-8-sig")
    assert MARKER in people
    assert "\r\n" in people, "the CSV conventions hold inside the seal"
    assert MARKER in _unsealed(person.json_path, secret).decode("utf-8")
    assert _unsealed(person.pdf_path, secret).startswith(b"%PDF")
    assert b"BEGIN:VCALENDAR" in _unsealed(out / "planned.ics.mdsealed", secret)


def _first_mentee(workspace: Workspace):
    with workspace.backups._engine().connect() as connection:  # noqa: SLF001
        return connection.scalar(select(Mentee.id).order_by(Mentee.reference_code).limit(1))


def test_plain_data_exports_stay_plain(workspace: Workspace, tmp_path: Path) -> None:
    workspace.demo.generate(mentees=2, seed=2)
    assert workspace.mentee_csv.file_for(tmp_path / "people.csv") == tmp_path / "people.csv"
    workspace.mentee_csv.export(tmp_path / "people.csv")
    assert (tmp_path / "people.csv").read_bytes().startswith(b"\xef\xbb\xbf")
