"""`mentordesk certificate` and `mentordesk verify`: a written certificate, exit 0 only when valid."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.__main__ import main
from mentordesk.config.paths import AppPaths
from mentordesk.db.models import Certificate, Competence, LearningOutcome, SessionAttendance
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import Attendance, SessionMode, ValidationMethod, ValidationPhase
from mentordesk.reports.certificate import read_certificate_pdf
from mentordesk.services.certificate_facts import CertificateFacts
from mentordesk.services.mentees import MenteeForm

NAME = "Zoë Ødegård-Łukasiewicz"


@pytest.fixture
def data_dir(paths: AppPaths) -> str:
    """An organisation, and one mentee (MD-0001) with a held session and an assessed outcome."""
    from mentordesk.services.workspace import open_workspace

    workspace = open_workspace(paths)
    try:
        workspace.setup.complete("Jugendzentrum Süd", "Ana Nowak", "Wege 2026", keys=workspace.keys)
        mentee = workspace.mentees.create(MenteeForm(first_name="Zoë", last_name="Ødegård-Łukasiewicz",
                                                     birth_date=date(2005, 4, 1)), confirmed=True)
    finally:
        workspace.close()
    _session_and_outcome(paths, mentee.id)
    return str(paths.data_dir)


@contextmanager
def _database(paths: AppPaths) -> Iterator:
    from mentordesk.db.engine import make_engine, make_session_factory

    engine = make_engine(paths.database_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _session_and_outcome(paths: AppPaths, mentee_id: uuid.UUID) -> None:
    """Rows written directly, to state the situation exactly."""
    from mentordesk.db.models import MentoringSession

    with _database(paths) as sessions:
        with sessions.begin() as session:
            meeting = MentoringSession(id=uuid.uuid4(), session_date=date(2026, 2, 3), duration_minutes=90,
                                       mode=SessionMode.IN_PERSON)
            session.add(meeting)
            session.flush()
            session.add(SessionAttendance(session_id=meeting.id, mentee_id=mentee_id,
                                          attendance=Attendance.ATTENDED))
            competence = session.scalars(select(Competence.id).where(
                Competence.framework_id == key_competences_id())).first()
            session.add(LearningOutcome(mentee_id=mentee_id, competence_id=competence, level=2,
                                        statement="I can write a CV.", method=ValidationMethod.PORTFOLIO,
                                        phase=ValidationPhase.ASSESSED))


def test_certificate_then_verify(data_dir: str, tmp_path: Path, capsys) -> None:
    target = tmp_path / "out" / "certificate.pdf"
    target.parent.mkdir()
    assert main(["--data-dir", data_dir, "certificate", "--mentee", "md-0001", "--out", str(target)]) == 0
    out = capsys.readouterr().out
    serial = CertificateFacts.from_canonical(read_certificate_pdf(target.read_bytes()).facts).serial
    assert out == f"Issued validation certificate {serial} to {NAME} and wrote it to {target}.\n"
    assert [p.name for p in target.parent.iterdir()] == ["certificate.pdf"]  # no temporary file left

    assert main(["--data-dir", data_dir, "verify", str(target)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Valid:")
    assert lines[1:] == [f"Holder: {NAME}", f"Serial: {serial}",
                         "Issuer: Jugendzentrum Süd",
                         f"Issued on: {date.today().isoformat()}"]

    token = read_certificate_pdf(target.read_bytes()).token
    assert main(["--data-dir", data_dir, "verify", "--code", token]) == 0
    assert f"Serial: {serial}" in capsys.readouterr().out


def test_verify_fails_with_one_sentence(data_dir: str, tmp_path: Path, capsys) -> None:
    target = tmp_path / "certificate.pdf"
    assert main(["--data-dir", data_dir, "certificate", "--mentee", "MD-0001", "--kind", "participation",
                 "--out", str(target)]) == 0
    capsys.readouterr()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(target.read_bytes().replace(b"%%EOF", b"%%EOX")[:-200])
    for args in (["verify", str(damaged)], ["verify", str(tmp_path / "missing.pdf")], ["verify", "--code", "MD1.x.y"]):
        assert main(["--data-dir", data_dir, *args]) == 1, args
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("mentordesk: Not valid: ") and len(captured.err.strip().splitlines()) == 1


def test_verify_a_revoked_certificate_exits_1(data_dir: str, paths: AppPaths, tmp_path: Path, capsys) -> None:
    from mentordesk.services.workspace import open_workspace

    target = tmp_path / "certificate.pdf"
    assert main(["--data-dir", data_dir, "certificate", "--mentee", "MD-0001", "--out", str(target)]) == 0
    workspace = open_workspace(paths)
    try:
        (info,) = workspace.certificates.register()
        workspace.certificates.revoke(info.id, "Issued by mistake.")
    finally:
        workspace.close()
    capsys.readouterr()
    assert main(["--data-dir", data_dir, "verify", str(target)]) == 1
    assert "revoked" in capsys.readouterr().err


def test_certificate_refusals_write_nothing(data_dir: str, paths: AppPaths, tmp_path: Path, capsys) -> None:

    target = tmp_path / "certificate.pdf"
    cases = [
        (["--mentee", "MD-9999"], "No mentee has the reference code 'MD-9999'."),
        (["--mentee", "MD-0001", "--language", "xx"], "Certificates can be issued in English"),
    ]
    for extra, message in cases:
        assert main(["--data-dir", data_dir, "certificate", *extra, "--out", str(target)]) == 1
        assert message in capsys.readouterr().err
    # Participation is possible, validation is not once the outcome is only documented.
    with _database(paths) as sessions, sessions.begin() as session:
        session.execute(LearningOutcome.__table__.update().values(phase=ValidationPhase.DOCUMENTED))
    assert main(["--data-dir", data_dir, "certificate", "--mentee", "MD-0001", "--out", str(target)]) == 1
    assert "assessed learning outcome" in capsys.readouterr().err
    assert main(["--data-dir", data_dir, "certificate", "--mentee", "MD-0001", "--out",
                 str(tmp_path / "no-such-folder" / "c.pdf"), "--kind", "participation"]) == 1
    assert "Cannot write" in capsys.readouterr().err
    assert not target.exists()
    with _database(paths) as sessions, sessions() as session:
        # A file that could not be written: no register entry either.
        assert session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_verify_needs_a_file_or_a_code(data_dir: str, capsys) -> None:
    assert main(["--data-dir", data_dir, "verify"]) == 2
    assert "Give either a certificate PDF or --code" in capsys.readouterr().err
