"""Access export and erasure of one mentee: found from the metadata, nothing of anyone else, nothing left.

The expected tables are computed here from `Base.metadata` on their own, so a table added to
the models is covered by these checks without editing them.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, Table, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from mentordesk.config.paths import AppPaths
from mentordesk.db.base import Base
from mentordesk.db.models import (
    AuditEvent,
    Certificate,
    EvidenceFile,
    LearningOutcome,
    Mentee,
    MentoringSession,
    SessionAttendance,
)
from mentordesk.enums import AuditAction, SessionKind
from mentordesk.services.audit import verify_chain
from mentordesk.services.demo import DemoService
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError
from mentordesk.services.personal_data import PersonalDataService
from mentordesk.services.search_text import fold_for_search

TODAY = date(2026, 3, 15)
MENTEES = 25
FIRST_MARKER = "Zzqxmarkerová"
LAST_MARKER = "Qqzyxmarkeriç"
UUID_TEXT = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)


def _tables_with_fk_path_to_mentee() -> set[str]:
    """Independently of the service: mentee, and every table with a chain of foreign keys to it."""
    found = {"mentee"}
    grew = True
    while grew:
        grew = False
        for table in Base.metadata.tables.values():
            if table.name not in found and any(fk.column.table.name in found for fk in table.foreign_keys):
                found.add(table.name)
                grew = True
    return found


def _mentee_columns() -> list[tuple[Table, str]]:
    """Every (table, column) holding a foreign key to mentee.id."""
    return sorted(
        ((table, column.name) for table in Base.metadata.sorted_tables for column in table.columns
         if any(fk.column.table.name == "mentee" for fk in column.foreign_keys)),
        key=lambda pair: (pair[0].name, pair[1]),
    )


@dataclass
class Caseload:
    engine: Engine
    sessions: sessionmaker[Session]
    service: PersonalDataService
    data_dir: Path
    mentee_id: uuid.UUID
    code: str
    evidence: list[Path]


@pytest.fixture
def caseload(paths: AppPaths, engine: Engine, session_factory: sessionmaker[Session]) -> Iterator[Caseload]:
    """25 demo mentees; the one with the most kinds of record, given two evidence files."""
    DemoService(session_factory).generate(mentees=MENTEES, seed=3, today=TODAY)
    with session_factory.begin() as session:
        mentee_id, code = _richest_mentee(session)
        outcome_id = session.scalars(select(LearningOutcome.id).where(LearningOutcome.mentee_id == mentee_id)).first()
        evidence = []
        for number in range(2):
            stored = f"evidence/{uuid.uuid4().hex}.txt"
            path = paths.data_dir / stored
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"portfolio page {number}", encoding="utf-8")
            evidence.append(path)
            session.add(EvidenceFile(outcome_id=outcome_id, original_name=f"Portfolio {number}.txt",
                                     stored_path=stored, sha256="0" * 64, size_bytes=16))
    yield Caseload(engine, session_factory, PersonalDataService(session_factory, paths.data_dir), paths.data_dir,
                   mentee_id, code, evidence)


def _richest_mentee(session: Session) -> tuple[uuid.UUID, str]:
    """A mentee with group sessions, consents, assessments, outcomes, a certificate and follow-ups."""
    def has(table: str) -> str:
        return f"(SELECT count(*) FROM {table} t WHERE t.mentee_id = m.id)"

    rows = session.execute(text(f"""
        SELECT m.id, m.reference_code,
               (SELECT count(*) FROM session_attendance a JOIN mentoring_session s ON s.id = a.session_id
                 WHERE a.mentee_id = m.id AND s.kind = 'group') AS groups_attended
          FROM mentee m
         WHERE {has('consent_record')} > 0 AND {has('assessment')} > 0 AND {has('learning_outcome')} > 0
           AND {has('certificate')} > 0 AND {has('follow_up')} > 0 AND {has('learning_activity')} > 0
         ORDER BY groups_attended DESC, m.reference_code
    """)).all()
    assert rows and rows[0].groups_attended > 0, "the demo data should hold a mentee with every kind of record"
    return uuid.UUID(hex=rows[0].id), rows[0].reference_code


def _other_mentees(session: Session, mentee_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    return [(row.id, row.reference_code) for row in
            session.execute(select(Mentee.id, Mentee.reference_code).where(Mentee.id != mentee_id))]


def _counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


# --------------------------------------------------------------------------- access


def test_collect_covers_every_table_linked_to_mentees_and_no_one_else(caseload: Caseload) -> None:
    collected = caseload.service.collect(caseload.mentee_id)

    expected = _tables_with_fk_path_to_mentee()
    assert expected <= set(collected)
    # Sessions have no key to a mentee: they are reached through the mentee's attendance rows.
    assert set(collected) - expected == {"mentoring_session"}
    assert collected["mentee"][0]["reference_code"] == caseload.code
    for table in ("consent_record", "assessment", "assessment_score", "learning_outcome", "evidence_file",
                  "certificate", "mentoring_session", "session_attendance", "follow_up", "activity_competence"):
        assert collected[table], f"{table} should hold records of this mentee"

    # Every key to a mentee names this mentee (or nobody).
    for table, column in _mentee_columns():
        for row in collected[table.name]:
            assert row[column] in (None, str(caseload.mentee_id)), (table.name, column)

    # JSON-ready, and no other mentee's id or reference code anywhere.
    dumped = json.dumps(collected, ensure_ascii=False)
    with caseload.sessions() as session:
        others = _other_mentees(session, caseload.mentee_id)
    for other_id, other_code in others:
        assert str(other_id) not in dumped and other_id.hex not in dumped
        assert not re.search(re.escape(other_code) + r"(?!\d)", dumped), other_code


def test_a_group_session_is_included_with_only_this_mentees_attendance(caseload: Caseload) -> None:
    collected = caseload.service.collect(caseload.mentee_id)
    with caseload.sessions() as session:
        attended = set(session.scalars(
            select(SessionAttendance.session_id).where(SessionAttendance.mentee_id == caseload.mentee_id)))
        group_ids = set(session.scalars(select(MentoringSession.id).where(
            MentoringSession.id.in_(attended), MentoringSession.kind == SessionKind.GROUP)))
        crowded = {session_id for session_id in group_ids if session.scalar(
            select(func.count()).select_from(SessionAttendance).where(SessionAttendance.session_id == session_id)) > 1}
    assert crowded, "the chosen mentee should share group sessions with others"
    assert {row["id"] for row in collected["mentoring_session"]} == {str(i) for i in attended}
    assert len(collected["session_attendance"]) == len(attended)
    assert {row["mentee_id"] for row in collected["session_attendance"]} == {str(caseload.mentee_id)}


def test_collect_refuses_an_unknown_mentee(caseload: Caseload) -> None:
    with pytest.raises(NotFoundError):
        caseload.service.collect(uuid.uuid4())


def test_export_writes_json_and_a_readable_pdf_and_records_it(caseload: Caseload, tmp_path: Path) -> None:
    actor = uuid.uuid4()
    folder = tmp_path / "exports"
    result = caseload.service.export(caseload.mentee_id, folder, actor_id=actor)

    assert result.json_path == folder / f"{caseload.code}-personal-data.json"
    assert result.pdf_path == folder / f"{caseload.code}-personal-data.pdf"
    assert sorted(path.name for path in folder.iterdir()) == sorted([result.json_path.name, result.pdf_path.name])

    document = json.loads(result.json_path.read_text(encoding="utf-8"))
    header = document["header"]
    assert header["organisation"] and header["generated_at"] and header["purposes"]
    assert "Article 15" in header["gdpr_article_15"]
    assert set(document["tables"]) == set(caseload.service.collect(caseload.mentee_id))
    assert header["tables"] == {name: len(rows) for name, rows in document["tables"].items()}
    worker_names = document["references"]["worker"]
    assert worker_names and all(isinstance(name, str) for name in worker_names.values())

    with caseload.sessions() as session:
        mentee = session.get(Mentee, caseload.mentee_id)
        assert mentee is not None
        full_name = f"{mentee.first_name} {mentee.last_name}"
    reader = PdfReader(result.pdf_path)
    pdf_text = "\n".join(page.extract_text() for page in reader.pages)
    assert full_name in pdf_text
    assert caseload.code in pdf_text
    assert "Consent records" in pdf_text and "Mentoring sessions" in pdf_text
    metadata = reader.metadata
    assert metadata is not None and metadata.title == f"Personal data held about {full_name}"
    assert not any(UUID_TEXT.search(str(value)) for value in metadata.values())

    with caseload.sessions() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None
        assert (event.action, event.entity, event.entity_id, event.actor_id) == (
            AuditAction.EXPORT, "mentee", caseload.mentee_id, actor)
        assert "mentee" in event.fields and "consent_record" in event.fields
        assert verify_chain(session) is None


def test_export_of_an_unknown_mentee_writes_nothing(caseload: Caseload, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    with pytest.raises(NotFoundError):
        caseload.service.export(uuid.uuid4(), folder)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_failed_export_leaves_the_earlier_files_and_no_record(caseload: Caseload, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import mentordesk.reports.person_export as person_export

    folder = tmp_path / "exports"
    first = caseload.service.export(caseload.mentee_id, folder)
    earlier = {path: path.read_bytes() for path in (first.json_path, first.pdf_path)}
    with caseload.sessions() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent))

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(person_export, "write_person_export_pdf", disk_full)
    with pytest.raises(DomainError, match="No space left on device"):
        caseload.service.export(caseload.mentee_id, folder)

    assert sorted(folder.iterdir()) == sorted(earlier), "no temporary file is left behind"
    assert all(path.read_bytes() == content for path, content in earlier.items())
    with caseload.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


# --------------------------------------------------------------------------- erasure


@pytest.mark.parametrize("typed", ["", "md-0000", "erase", "MD-"])
def test_a_wrong_confirmation_changes_nothing(caseload: Caseload, typed: str) -> None:
    before = _counts(caseload.sessions)
    with pytest.raises(ValidationError) as refused:
        caseload.service.erase(caseload.mentee_id, typed)
    assert refused.value.errors == {"confirmation": f"Type the reference code {caseload.code} to confirm."}
    assert _counts(caseload.sessions) == before
    assert all(path.exists() for path in caseload.evidence)


def test_erasing_an_unknown_mentee_is_refused(caseload: Caseload) -> None:
    with pytest.raises(NotFoundError):
        caseload.service.erase(uuid.uuid4(), "MD-0001")


def _mark_names(caseload: Caseload) -> None:
    """Give the mentee distinctive names, in every place the demo data repeats them."""
    full = f"{FIRST_MARKER} {LAST_MARKER}"
    with caseload.sessions.begin() as session:
        mentee_hex = caseload.mentee_id.hex
        session.execute(text("UPDATE mentee SET first_name = :first, last_name = :last, search_text = :search "
                             "WHERE id = :id"),
                        {"first": FIRST_MARKER, "last": LAST_MARKER, "id": mentee_hex,
                         "search": fold_for_search(f"{full} {caseload.code}")})
        session.execute(text("UPDATE case_note SET text = text || :extra WHERE mentee_id = :id"),
                        {"extra": f" ({full})", "id": mentee_hex})
        session.execute(text("UPDATE plan_agreement SET mentee_signatory = :name WHERE mentee_id = :id"),
                        {"name": full, "id": mentee_hex})
        session.execute(text("UPDATE certificate SET payload = :payload WHERE mentee_id = :id"),
                        {"payload": json.dumps({"mentee": {"name": full}}, ensure_ascii=False), "id": mentee_hex})


def _file_bytes(database: Path) -> bytes:
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _checkpoint(engine: Engine) -> None:
    raw = engine.raw_connection()
    try:
        assert raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    finally:
        raw.close()


def test_erase_removes_every_trace_and_keeps_the_certificate_register(caseload: Caseload, tmp_path: Path) -> None:
    database = caseload.data_dir / "mentordesk.db"
    markers = [FIRST_MARKER.encode(), LAST_MARKER.encode(), fold_for_search(LAST_MARKER).encode()]
    _mark_names(caseload)
    caseload.service.export(caseload.mentee_id, tmp_path)  # an earlier audit event names the mentee's id
    _checkpoint(caseload.engine)
    assert all(marker in database.read_bytes() for marker in markers), "the names are in the file before"

    mentee_id = caseload.mentee_id
    with caseload.sessions() as session:
        attended = set(session.scalars(
            select(SessionAttendance.session_id).where(SessionAttendance.mentee_id == mentee_id)))
        others_in = {session_id: session.scalar(select(func.count()).select_from(SessionAttendance).where(
            SessionAttendance.session_id == session_id, SessionAttendance.mentee_id != mentee_id))
            for session_id in attended}
        certificates = {row.serial: row.payload_sha256 for row in session.scalars(
            select(Certificate).where(Certificate.mentee_id == mentee_id))}
    shared = {session_id for session_id, count in others_in.items() if count}
    sole = attended - shared
    assert shared and sole and certificates
    before = _counts(caseload.sessions)

    actor = uuid.uuid4()
    result = caseload.service.erase(mentee_id, f"  {caseload.code} ", actor_id=actor)

    assert result.reference_code == caseload.code
    assert result.certificates_kept == len(certificates)
    assert result.files_deleted == 2 and not any(path.exists() for path in caseload.evidence)
    assert result.wal_cleared
    assert result.rows_deleted["mentee"] == 1
    assert result.rows_deleted["mentoring_session"] == len(sole)
    assert result.rows_deleted["session_attendance"] == len(attended)
    assert result.rows_deleted["evidence_file"] == 2

    # Exactly the reported rows are gone; every other row of every table is still there.
    after = _counts(caseload.sessions)
    assert after == {name: count - result.rows_deleted.get(name, 0) for name, count in before.items()
                     if name != "audit_event"} | {"audit_event": before["audit_event"] + 1}

    with caseload.sessions() as session:
        # No row anywhere still points at the mentee (columns generated from the metadata).
        for table, column in _mentee_columns():
            hex_id = mentee_id.hex
            leftover = session.scalar(text(f"SELECT count(*) FROM {table.name} WHERE {column} = :id"), {"id": hex_id})
            assert leftover == 0, f"{table.name}.{column}"
        assert session.get(Mentee, mentee_id) is None

        # One-to-one sessions went with the mentee; shared sessions stay for the others.
        assert session.scalar(select(func.count()).select_from(MentoringSession).where(
            MentoringSession.id.in_(sole))) == 0
        for session_id in shared:
            assert session.get(MentoringSession, session_id) is not None
            assert session.scalar(select(func.count()).select_from(SessionAttendance).where(
                SessionAttendance.session_id == session_id)) == others_in[session_id]

        # The register keeps each serial and its facts, without the person.
        for serial, payload_hash in certificates.items():
            entry = session.scalars(select(Certificate).where(Certificate.serial == serial)).one()
            assert entry.erased and entry.mentee_id is None and entry.payload is None and entry.file_name is None
            assert entry.payload_sha256 == payload_hash and entry.key_fingerprint and entry.issued_on

        # One pseudonymous event: which tables changed, not whose.
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None
        assert (event.action, event.entity, event.entity_id, event.actor_id) == (
            AuditAction.ERASE, "mentee", None, actor)
        assert set(event.fields) == set(result.rows_deleted) | {"certificate"}
        stored = json.dumps([str(value) for value in session.execute(
            text("SELECT * FROM audit_event WHERE seq = :seq"), {"seq": event.seq}).one()], ensure_ascii=False)
        for forbidden in (caseload.code, FIRST_MARKER, LAST_MARKER, mentee_id.hex, str(mentee_id)):
            assert forbidden not in stored
        assert verify_chain(session) is None

    # The key proof: the names are in neither the database file nor its WAL.
    raw = _file_bytes(database)
    for marker in markers:
        assert raw.find(marker) == -1, f"{marker!r} is still in the database or its WAL"


def test_after_erasure_the_mentee_cannot_be_exported_or_erased_again(caseload: Caseload, tmp_path: Path) -> None:
    caseload.service.erase(caseload.mentee_id, caseload.code)
    with pytest.raises(NotFoundError):
        caseload.service.export(caseload.mentee_id, tmp_path)
    with pytest.raises(NotFoundError):
        caseload.service.erase(caseload.mentee_id, caseload.code)
