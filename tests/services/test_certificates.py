"""Certificates: eligibility, the facts, issuing and the register, batches, and verification that every
kind of tampering fails."""

from __future__ import annotations

import base64
import json
import os
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader, PdfWriter
from row_builder import RowBuilder
from sqlalchemy import select, update

from mentordesk.db.models import (
    AuditEvent,
    Certificate,
    Competence,
    Enrolment,
    LearningOutcome,
    Mentee,
    Organisation,
)
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import (
    Attendance,
    AuditAction,
    CertificateKind,
    SessionStatus,
    ValidationMethod,
    ValidationPhase,
)
from mentordesk.reports.certificate import CertificateSheet, read_certificate_pdf, render_certificate
from mentordesk.reports.certificate_texts import languages
from mentordesk.services.certificate_facts import (
    CertificateFacts,
    CertifiedOutcome,
    Verdict,
    decode_token,
    encode_token,
    fingerprint,
    key_id,
)
from mentordesk.services.certificates import (
    METHOD_LABELS,
    CertificateQuery,
    CertificateService,
    WriteFailed,
)
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError
from mentordesk.services.keys import KeyService
from mentordesk.services.progress import Progress
from mentordesk.services.search_text import search_text_for
from mentordesk.services.setup import SetupService

LATIN = "Zoë Ødegård-Łukasiewicz"
GREEK = "Σταυρούλα Παπαδοπούλου"
ISSUED = date(2026, 6, 30)


class World:
    """An organisation with a key, a programme, and mentees in every state a certificate cares about."""

    def __init__(self, session_factory, folder: Path) -> None:
        self.sessions = session_factory
        self.keys = KeyService(session_factory, folder / "keys")
        setup = SetupService(session_factory).complete("Jugendzentrum Süd", "Ana Nowak", "Wege 2026",
                                                       today=date(2026, 1, 5), keys=self.keys)
        self.worker_id, self.programme_id = setup.worker_id, setup.programme_id
        with session_factory.begin() as session:
            session.execute(update(Organisation).values(place="Graz", signatory_name="Ana Nowak",
                                                        signatory_role="Koordinatorin", certificate_prefix="JZS"))
        self.service = CertificateService(session_factory, self.keys)
        self.rows = RowBuilder(session_factory)
        with session_factory() as session:
            self.competences = list(session.scalars(
                select(Competence.id).where(Competence.framework_id == key_competences_id())
                .order_by(Competence.position)))

    def mentee(self, first: str, last: str, *, minutes: tuple[int, ...] = (), outcomes: int = 0,
               programme_id: uuid.UUID | None = None) -> uuid.UUID:
        mentee_id = self.rows.mentee(first, last)
        with self.sessions.begin() as session:
            mentee = session.get(Mentee, mentee_id)
            mentee.search_text = search_text_for(first, last, mentee.reference_code)
            session.add(Enrolment(mentee_id=mentee_id, programme_id=programme_id or self.programme_id,
                                  started_on=date(2026, 1, 10)))
        for number, duration in enumerate(minutes):
            self.rows.session(date(2026, 2, 3 + number * 7), attendees={mentee_id: Attendance.ATTENDED},
                              duration_minutes=duration, status=SessionStatus.HELD)
        for number in range(outcomes):
            self.outcome(mentee_id, self.competences[(3 * number) % len(self.competences)],
                         f"I can do task {number + 1}.")
        return mentee_id

    def outcome(self, mentee_id: uuid.UUID, competence_id: uuid.UUID, statement: str,
                phase: ValidationPhase = ValidationPhase.ASSESSED, level: int = 3,
                method: ValidationMethod = ValidationMethod.OBSERVATION) -> uuid.UUID:
        row = LearningOutcome(id=uuid.uuid4(), mentee_id=mentee_id, competence_id=competence_id, level=level,
                              statement=statement, method=method, phase=phase, assessed_on=date(2026, 3, 1))
        with self.sessions.begin() as session:
            session.add(row)
        return row.id


@pytest.fixture
def world(session_factory, tmp_path: Path) -> World:
    return World(session_factory, tmp_path)


@pytest.fixture
def zoe(world: World) -> uuid.UUID:
    """Three held sessions attended (and some that do not count), outcomes in three phases."""
    mentee_id = world.mentee("Zoë", "Ødegård-Łukasiewicz", minutes=(90, 60, 45))
    world.rows.session(date(2026, 1, 20), attendees={mentee_id: Attendance.NO_SHOW}, duration_minutes=60)
    world.rows.session(date(2026, 7, 20), attendees={mentee_id: Attendance.EXPECTED}, duration_minutes=60,
                       status=SessionStatus.PLANNED)
    digital, learning = world.competences[3], world.competences[4]
    world.outcome(mentee_id, learning, "I can plan my week and keep to it.", method=ValidationMethod.INTERVIEW)
    world.outcome(mentee_id, digital, "I can write a CV in a word processor.", level=2)
    world.outcome(mentee_id, digital, "I can keep my passwords safe.", phase=ValidationPhase.CERTIFIED, level=4,
                  method=ValidationMethod.SELF_DECLARATION)
    world.outcome(mentee_id, digital, "Only documented so far.", phase=ValidationPhase.DOCUMENTED)
    return mentee_id


# ---- eligibility and facts


def test_eligibility_names_what_is_missing(world: World, zoe: uuid.UUID) -> None:
    assert world.service.eligibility(zoe).allows(CertificateKind.VALIDATION)
    assert world.service.eligibility(zoe).allows(CertificateKind.PARTICIPATION)
    nobody = world.mentee("Jan", "Nowak")
    world.outcome(nobody, world.competences[0], "Identified only.", phase=ValidationPhase.IDENTIFIED)
    world.rows.session(date(2026, 2, 1), attendees={nobody: Attendance.ATTENDED}, status=SessionStatus.CANCELLED)
    empty = world.service.eligibility(nobody)
    assert not empty.validation and not empty.participation
    assert "assessed learning outcome" in empty.reason(CertificateKind.VALIDATION)
    assert "held and attended" in empty.reason(CertificateKind.PARTICIPATION)
    sessions_only = world.service.eligibility(world.mentee("Eva", "Horváth", minutes=(30,)))
    assert (sessions_only.validation, sessions_only.participation) == (False, True)
    assert sessions_only.reason(CertificateKind.PARTICIPATION) is None
    with pytest.raises(NotFoundError):
        world.service.eligibility(uuid.uuid4())


def test_facts_come_from_the_database(world: World, zoe: uuid.UUID) -> None:
    facts = world.service.facts(zoe, CertificateKind.VALIDATION, issued_on=ISSUED)
    own = world.keys.own_key()
    assert own is not None
    assert (facts.serial, facts.organisation, facts.holder, facts.programme) == (
        "PREVIEW", "Jugendzentrum Süd", LATIN, "Wege 2026")
    assert (facts.period_from, facts.period_to) == (date(2026, 2, 3), date(2026, 2, 17))
    assert (facts.hours, facts.sessions) == (3.3, 3)  # 195 minutes: 3.25 h, rounded half up
    assert (facts.place, facts.signatory, facts.signatory_role) == ("Graz", "Ana Nowak", "Koordinatorin")
    assert facts.framework == "Key Competences for Lifelong Learning" and facts.key == own.key_id
    with world.sessions() as session:
        digital, learning = session.scalars(select(Competence.name).where(
            Competence.id.in_(world.competences[3:5])).order_by(Competence.position)).all()
    # Grouped by the competence's place in the framework; within one, the higher level first.
    assert facts.outcomes == (
        CertifiedOutcome(digital, "Confident", "I can keep my passwords safe.",
                         "Self-declaration confirmed by the mentor"),
        CertifiedOutcome(digital, "Developing", "I can write a CV in a word processor.", "Observation"),
        CertifiedOutcome(learning, "Capable", "I can plan my week and keep to it.", "Interview"),
    )
    participation = world.service.facts(zoe, CertificateKind.PARTICIPATION, issued_on=ISSUED)
    assert participation.outcomes == () and participation.framework is None and participation.hours == 3.3


def test_facts_without_sessions_take_the_enrolment_dates(world: World) -> None:
    mentee_id = world.mentee("Ilse", "Öztürk", outcomes=1)
    facts = world.service.facts(mentee_id, CertificateKind.VALIDATION, issued_on=ISSUED)
    assert (facts.period_from, facts.period_to, facts.hours, facts.sessions) == (date(2026, 1, 10), None, 0.0, 0)


def test_unknown_language_and_kind_are_refused(world: World, zoe: uuid.UUID) -> None:
    with pytest.raises(ValidationError) as refused:
        world.service.facts(zoe, CertificateKind.VALIDATION, language="xx")
    assert "English" in refused.value.errors["language"]
    with pytest.raises(ValidationError):
        world.service.issue(zoe, "diploma")  # type: ignore[arg-type]


def test_every_certificate_language_names_the_validation_methods() -> None:
    for code in languages():
        assert set(METHOD_LABELS.get(code, {})) == set(ValidationMethod), code


# ---- issuing, re-printing, revoking


def test_issue_registers_signs_and_certifies_the_outcomes(world: World, zoe: uuid.UUID) -> None:
    issued = world.service.issue(zoe, CertificateKind.VALIDATION, actor_id=world.worker_id, issued_on=ISSUED)
    info = issued.info
    assert (info.serial, info.holder, info.programme, info.kind, info.issued_on) == (
        "JZS-2026-000001", LATIN, "Wege 2026", CertificateKind.VALIDATION, ISSUED)
    assert info.reprintable and not info.revoked and info.file_name == "JZS-2026-000001.pdf"
    contents = read_certificate_pdf(issued.pdf)
    facts = CertificateFacts.from_canonical(contents.facts)
    assert facts.serial == info.serial and facts.issued_on == ISSUED and len(facts.outcomes) == 3
    assert LATIN in contents.text
    with world.sessions() as session:
        row = session.get(Certificate, info.id)
        own = world.keys.own_key()
        assert row.payload.encode() == facts.canonical() and row.payload_sha256 == facts.sha256()
        assert own is not None and row.key_fingerprint.startswith(own.key_id) and len(row.key_fingerprint) == 64
        assert row.issued_by_id == world.worker_id
        phases = dict(session.execute(select(LearningOutcome.statement, LearningOutcome.phase)
                                      .where(LearningOutcome.mentee_id == zoe)).all())
        events = list(session.execute(select(AuditEvent.action, AuditEvent.entity).order_by(AuditEvent.seq)))
    assert phases["I can write a CV in a word processor."] is ValidationPhase.CERTIFIED
    assert phases["Only documented so far."] is ValidationPhase.DOCUMENTED
    assert (AuditAction.ISSUE, "certificate") in events
    assert events.count((AuditAction.UPDATE, "learning_outcome")) == 2  # the one certified already is unchanged
    second = world.service.issue(zoe, CertificateKind.PARTICIPATION, issued_on=ISSUED).info
    assert second.serial == "JZS-2026-000002"
    assert world.service.issue(zoe, CertificateKind.PARTICIPATION, issued_on=date(2027, 1, 2)).info.serial \
        == "JZS-2027-000001"


def test_issue_refuses_an_ineligible_mentee_and_registers_nothing(world: World) -> None:
    mentee_id = world.mentee("Eva", "Horváth", minutes=(30,))
    with pytest.raises(DomainError, match="assessed learning outcome"):
        world.service.issue(mentee_id, CertificateKind.VALIDATION)
    assert world.service.register() == []


def test_a_failed_render_registers_nothing(world: World, zoe: uuid.UUID, monkeypatch) -> None:
    def broken(sheet: CertificateSheet) -> bytes:
        raise DomainError("The logo cannot be read.")

    monkeypatch.setattr("mentordesk.services.certificates.render_certificate", broken)
    with pytest.raises(DomainError, match="logo"):
        world.service.issue(zoe, CertificateKind.VALIDATION)
    assert world.service.register() == []
    with world.sessions() as session:
        assert session.scalar(select(LearningOutcome.phase).where(
            LearningOutcome.statement == "I can plan my week and keep to it.")) is ValidationPhase.ASSESSED


def test_reprint_gives_the_same_bytes(world: World, zoe: uuid.UUID) -> None:
    issued = world.service.issue(zoe, CertificateKind.VALIDATION, issued_on=ISSUED)
    # Another service over the same data (the app restarted): nothing is cached between the two.
    again = CertificateService(world.sessions, KeyService(world.sessions, world.keys.private_key_file.parent))
    assert again.reprint(issued.info.id) == issued.pdf


def test_reprint_refuses_entries_without_signed_facts(world: World, zoe: uuid.UUID) -> None:
    issued = world.service.issue(zoe, CertificateKind.PARTICIPATION, issued_on=ISSUED).info
    with world.sessions.begin() as session:
        session.execute(update(Certificate).where(Certificate.id == issued.id)
                        .values(payload='{"serial":"x"}'))
    with pytest.raises(DomainError, match="no signed facts"):
        world.service.reprint(issued.id)
    assert not world.service.get(issued.id).reprintable
    with world.sessions.begin() as session:
        session.execute(update(Certificate).where(Certificate.id == issued.id)
                        .values(payload=None, erased=True, mentee_id=None))
    with pytest.raises(DomainError, match="erased"):
        world.service.reprint(issued.id)
    assert world.service.get(issued.id).holder == ""
    with pytest.raises(NotFoundError):
        world.service.reprint(uuid.uuid4())


def test_reprint_refuses_a_certificate_signed_with_a_former_key(world: World, zoe: uuid.UUID) -> None:
    issued = world.service.issue(zoe, CertificateKind.PARTICIPATION, issued_on=ISSUED).info
    world.keys.private_key_file.unlink()
    keys = KeyService(world.sessions, world.keys.private_key_file.parent)
    keys.own_key()
    with pytest.raises(DomainError, match="former key"):
        CertificateService(world.sessions, keys).reprint(issued.id)


def test_open_badge_is_signed_with_the_certificates_key(world: World, zoe: uuid.UUID, tmp_path: Path) -> None:
    from mentordesk.services import open_badges

    info = world.service.issue(zoe, CertificateKind.VALIDATION, issued_on=ISSUED).info
    written = world.service.open_badge(info.id, tmp_path / "badge", actor_id=world.worker_id)
    assert written.name == "badge.jwt"
    own = world.keys.public_key(info.key_fingerprint[:16])
    assert own is not None
    valid, reason = open_badges.verify(written.read_text(), [own[1]], now=datetime(2026, 7, 1, tzinfo=UTC))
    assert valid, reason
    assert open_badges.holder_matches(open_badges.read_credential(written.read_text()), LATIN)
    with world.sessions() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).one()
    assert (event.entity, event.entity_id, event.fields) == ("certificate", info.id, ["open_badge"])


def test_revoke_needs_a_reason_and_happens_once(world: World, zoe: uuid.UUID) -> None:
    info = world.service.issue(zoe, CertificateKind.PARTICIPATION, issued_on=ISSUED).info
    with pytest.raises(ValidationError) as refused:
        world.service.revoke(info.id, "   ")
    assert "reason" in refused.value.errors["reason"]
    revoked = world.service.revoke(info.id, "Issued to the wrong person.", actor_id=world.worker_id)
    assert revoked.revoked and revoked.revoke_reason == "Issued to the wrong person."
    with pytest.raises(DomainError, match="already revoked"):
        world.service.revoke(info.id, "Again.")
    with world.sessions() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.REVOKE)).one()
    assert (event.entity_id, event.fields, event.actor_id) == (info.id, ["revoke_reason", "revoked_at"],
                                                               world.worker_id)


def test_register_filters(world: World, zoe: uuid.UUID) -> None:
    other_programme = world.rows.programme("Youthpass 2026")
    greek = world.mentee("Σταυρούλα", "Παπαδοπούλου", minutes=(60,), programme_id=other_programme)
    first = world.service.issue(zoe, CertificateKind.VALIDATION, issued_on=date(2026, 5, 1)).info
    second = world.service.issue(greek, CertificateKind.PARTICIPATION, issued_on=date(2026, 6, 1)).info
    third = world.service.issue(zoe, CertificateKind.PARTICIPATION, issued_on=date(2026, 6, 1)).info
    world.service.revoke(second.id, "Wrong dates.")

    def serials(**filters: object) -> list[str]:
        return [info.serial for info in world.service.register(CertificateQuery(**filters))]

    assert serials() == [third.serial, second.serial, first.serial]  # newest first, then by serial
    assert serials(text="zoe odegard") == [third.serial, first.serial]  # folded: no accents needed
    assert serials(text="ΣΤΑΥΡΟΎΛΑ") == [second.serial]
    assert serials(text="2026-000001") == [first.serial]
    assert serials(programme_id=other_programme) == [second.serial]
    assert serials(kind=CertificateKind.VALIDATION) == [first.serial]
    assert serials(revoked=True) == [second.serial]
    assert serials(revoked=False) == [third.serial, first.serial]
    assert serials(issued_from=date(2026, 5, 2)) == [third.serial, second.serial]
    assert serials(issued_to=date(2026, 5, 1)) == [first.serial]
    assert serials(mentee_id=greek) == [second.serial]
    assert serials(text="nobody") == []
    assert world.service.get(second.id).holder == GREEK
    with pytest.raises(NotFoundError):
        world.service.get(uuid.uuid4())


# ---- batches


def _no_partial_files(folder: Path) -> bool:
    return all(path.suffix == ".pdf" and not path.name.startswith(".") for path in folder.iterdir())


def test_batch_issues_each_eligible_mentee_once(world: World, zoe: uuid.UUID, tmp_path: Path) -> None:
    greek = world.mentee("Σταυρούλα", "Παπαδοπούλου", minutes=(60,), outcomes=1)
    world.mentee("Eva", "Horváth", minutes=(30,))  # no assessed outcome: not eligible for validation
    world.mentee("Anna", "Other", outcomes=1, programme_id=world.rows.programme("Elsewhere"))
    assert set(world.service.eligible_mentees(world.programme_id, CertificateKind.VALIDATION)) == {zoe, greek}
    reports: list[tuple[int, int]] = []
    folder = tmp_path / "out"
    result = world.service.issue_batch(world.programme_id, CertificateKind.VALIDATION, "en", folder,
                                       actor_id=world.worker_id,
                                       progress=Progress(report=lambda done, total, _m: reports.append((done, total))))
    assert not result.cancelled and result.skipped == ()
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{i.serial}.pdf" for i in result.issued)
    assert [path.name for path in result.files] == [f"{i.serial}.pdf" for i in result.issued]
    assert {i.holder for i in result.issued} == {LATIN, GREEK}
    assert reports[0] == (0, 2) and reports[-1] == (2, 2)
    for info, path in zip(result.issued, result.files, strict=True):
        assert world.service.verify_pdf(path).valid
        assert world.service.reprint(info.id) == path.read_bytes()
    # Both now hold one in force: a second run has nobody left.
    assert world.service.eligible_mentees(world.programme_id, CertificateKind.VALIDATION) == []
    world.service.revoke(result.issued[0].id, "Reissued with a corrected name.")
    assert world.service.eligible_mentees(world.programme_id, CertificateKind.VALIDATION) == \
        [result.issued[0].mentee_id]


def test_batch_skips_a_mentee_no_longer_eligible(world: World, zoe: uuid.UUID, tmp_path: Path,
                                                 monkeypatch) -> None:
    """Between listing and issuing someone may change the record: that mentee is skipped with the reason."""
    changed = world.mentee("Eva", "Horváth", minutes=(30,))
    monkeypatch.setattr(world.service, "eligible_mentees", lambda programme_id, kind: [changed, zoe])
    result = world.service.issue_batch(world.programme_id, CertificateKind.VALIDATION, "en", tmp_path / "out")
    assert [i.mentee_id for i in result.issued] == [zoe] and len(result.files) == 1
    assert [s.mentee_id for s in result.skipped] == [changed]
    assert "assessed learning outcome" in result.skipped[0].reason


def test_batch_cancel_stops_between_certificates(world: World, zoe: uuid.UUID, tmp_path: Path) -> None:
    for number in range(3):
        world.mentee("Mentee", f"Number {number}", minutes=(60,))
    steps = 0

    def cancelled() -> bool:
        nonlocal steps
        steps += 1
        return steps > 2

    folder = tmp_path / "out"
    result = world.service.issue_batch(world.programme_id, CertificateKind.PARTICIPATION, "en", folder,
                                       progress=Progress(cancelled=cancelled))
    assert result.cancelled and len(result.issued) == 2
    assert len(world.service.register()) == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in result.files)
    assert _no_partial_files(folder)


def test_batch_stops_when_a_file_cannot_be_written_and_registers_only_written_ones(
        world: World, zoe: uuid.UUID, tmp_path: Path, monkeypatch) -> None:
    world.mentee("Eva", "Horváth", minutes=(30,))
    real_replace = os.replace
    calls = 0

    def full_disk(source, target):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", full_disk)
    folder = tmp_path / "out"
    with pytest.raises(WriteFailed, match="No space left on device.*1 certificate was issued"):
        world.service.issue_batch(world.programme_id, CertificateKind.PARTICIPATION, "en", folder)
    assert len(world.service.register()) == 1 and len(list(folder.iterdir())) == 1
    assert _no_partial_files(folder)


# ---- verification


def _reattach(pdf: bytes, document: dict) -> bytes:
    """The same pages with another embedded certificate data file."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    (attachment,) = list(writer.attachment_list)
    attachment.content = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _embedded(pdf: bytes) -> dict:
    contents = read_certificate_pdf(pdf)
    return {"token": contents.token, "facts": contents.facts.decode("utf-8")}


@pytest.fixture
def issued(world: World, zoe: uuid.UUID):
    return world.service.issue(zoe, CertificateKind.VALIDATION, issued_on=ISSUED)


def test_an_issued_certificate_verifies(world: World, issued, tmp_path: Path) -> None:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(issued.pdf)
    result = world.service.verify_pdf(path)
    assert result.verdict is Verdict.VALID, result.reason
    assert result.facts is not None and result.facts.holder == LATIN
    assert result.seal is not None and result.seal.serial == issued.info.serial
    assert result.signed_by == "Jugendzentrum Süd"
    assert "in this register and not revoked" in result.reason
    token = world.service.verify_token(read_certificate_pdf(issued.pdf).token)
    assert token.valid and token.facts is None and token.seal == result.seal


def test_names_in_every_script_are_extracted_exactly(world: World) -> None:
    for first, last in (("Zoë", "Ødegård-Łukasiewicz"), ("Σταυρούλα", "Παπαδοπούλου"), ("Дмитрий", "Шевченко")):
        mentee_id = world.mentee(first, last, minutes=(60,))
        pdf = world.service.issue(mentee_id, CertificateKind.PARTICIPATION, issued_on=ISSUED).pdf
        text = read_certificate_pdf(pdf).text
        assert f"{first} {last}" in text
        assert world.service.verify_pdf(pdf).valid


def test_a_changed_byte_in_the_embedded_facts_fails(world: World, issued) -> None:
    document = _embedded(issued.pdf)
    document["facts"] = document["facts"].replace('"hours":"3.3"', '"hours":"9.3"')
    result = world.service.verify_pdf(_reattach(issued.pdf, document))
    assert result.verdict is Verdict.BAD_SIGNATURE and "altered" in result.reason


def test_a_changed_visible_name_fails(world: World, issued) -> None:
    facts = CertificateFacts.from_canonical(read_certificate_pdf(issued.pdf).facts)
    token = read_certificate_pdf(issued.pdf).token
    forged = render_certificate(CertificateSheet(replace(facts, holder="Zoë Ødegård-Łukasiewska"), token))
    # As rendered, the embedded facts name the forged holder: they no longer match the seal's digest.
    assert world.service.verify_pdf(forged).verdict is Verdict.BAD_SIGNATURE
    # With the original signed data put back inside, the page still shows the forged name.
    result = world.service.verify_pdf(_reattach(forged, _embedded(issued.pdf)))
    assert result.verdict is Verdict.TEXT_MISMATCH
    assert "the holder's name" in result.reason and LATIN in result.reason


def test_a_changed_visible_outcome_fails(world: World, issued) -> None:
    facts = CertificateFacts.from_canonical(read_certificate_pdf(issued.pdf).facts)
    token = read_certificate_pdf(issued.pdf).token
    outcomes = (replace(facts.outcomes[0], level="Expert"), *facts.outcomes[1:])
    forged = render_certificate(CertificateSheet(replace(facts, outcomes=outcomes), token))
    result = world.service.verify_pdf(_reattach(forged, _embedded(issued.pdf)))
    assert result.verdict is Verdict.TEXT_MISMATCH and "learning outcome" in result.reason


def test_a_seal_changed_after_signing_fails(world: World, issued) -> None:
    seal_bytes, signature = decode_token(read_certificate_pdf(issued.pdf).token)
    altered = encode_token(seal_bytes.replace(b'"t":"3.3"', b'"t":"9.3"'), signature)
    result = world.service.verify_token(altered)
    assert result.verdict is Verdict.BAD_SIGNATURE and "Jugendzentrum Süd" in result.reason


def _signed_elsewhere(world: World, private: Ed25519PrivateKey, **changes: object) -> bytes:
    """A certificate like Zoë's, signed with another organisation's key."""
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    facts = CertificateFacts(
        serial="PARTNER-2026-000042", kind=CertificateKind.PARTICIPATION, language="en",
        organisation="Κέντρο Νεότητας Πάτρας", holder=GREEK, programme="Νέοι στην πράξη",
        period_from=date(2026, 2, 1), period_to=date(2026, 5, 1), hours=12.5, sessions=9, issued_on=ISSUED,
        place="Πάτρα", signatory=None, signatory_role=None, framework=None, outcomes=(), key=key_id(raw))
    facts = replace(facts, **changes)
    seal = facts.seal().canonical()
    return render_certificate(CertificateSheet(facts, encode_token(seal, private.sign(seal))))


def _trust(world: World, private: Ed25519PrivateKey, folder: Path) -> str:
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    path = folder / "partner.json"
    path.write_text(json.dumps({"format": "mentordesk-public-key", "version": 1, "owner": "Κέντρο Νεότητας Πάτρας",
                                "public_key": base64.b64encode(raw).decode(), "fingerprint": fingerprint(raw)}))
    return world.keys.import_trusted(path).key_id


def test_untrusted_and_distrusted_keys_fail_and_a_trusted_partner_verifies(world: World, tmp_path: Path) -> None:
    partner = Ed25519PrivateKey.generate()
    pdf = _signed_elsewhere(world, partner)
    untrusted = world.service.verify_pdf(pdf)
    assert untrusted.verdict is Verdict.UNTRUSTED_KEY and "import" in untrusted.reason
    partner_key = _trust(world, partner, tmp_path)
    trusted = world.service.verify_pdf(pdf)
    assert trusted.verdict is Verdict.VALID, trusted.reason
    assert trusted.signed_by == "Κέντρο Νεότητας Πάτρας" and "their register" in trusted.reason
    assert trusted.facts is not None and trusted.facts.holder == GREEK
    world.keys.distrust(partner_key)
    distrusted = world.service.verify_pdf(pdf)
    assert distrusted.verdict is Verdict.UNTRUSTED_KEY and "no longer trusted" in distrusted.reason


def test_facts_naming_our_key_but_signed_with_another_fail(world: World, issued) -> None:
    own = world.keys.own_key()
    assert own is not None
    pdf = _signed_elsewhere(world, Ed25519PrivateKey.generate(), key=own.key_id)
    assert world.service.verify_pdf(pdf).verdict is Verdict.BAD_SIGNATURE


def test_a_revoked_certificate_fails_with_its_reason(world: World, issued) -> None:
    world.service.revoke(issued.info.id, "Issued by mistake.")
    result = world.service.verify_pdf(issued.pdf)
    today = datetime.now(UTC).date().isoformat()
    assert result.verdict is Verdict.REVOKED
    assert "Issued by mistake." in result.reason and today in result.reason
    assert world.service.verify_token(read_certificate_pdf(issued.pdf).token).verdict is Verdict.REVOKED


def test_what_is_not_a_certificate_says_so(world: World, zoe: uuid.UUID, tmp_path: Path) -> None:
    preview = world.service.preview(zoe, CertificateKind.VALIDATION, "en")
    assert "PREVIEW" in read_certificate_pdf(preview).text
    assert world.service.register() == []  # a preview registers nothing
    result = world.service.verify_pdf(preview)
    assert result.verdict is Verdict.NOT_A_CERTIFICATE and "preview" in result.reason
    assert world.service.verify_pdf(b"%PDF-1.4 nonsense").verdict is Verdict.NOT_A_CERTIFICATE
    assert world.service.verify_pdf(tmp_path / "missing.pdf").verdict is Verdict.NOT_A_CERTIFICATE
    assert world.service.verify_token("hello").verdict is Verdict.NOT_A_CERTIFICATE
    assert world.service.verify_token("MD1.###.###").verdict is Verdict.NOT_A_CERTIFICATE


def test_the_qr_code_read_from_the_rendered_page_verifies(world: World, issued) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    document = pdfium.PdfDocument(issued.pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    codes = [code for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(codes) == 1
    assert codes[0].text == read_certificate_pdf(issued.pdf).token
    result = world.service.verify_token(codes[0].text)
    assert result.verdict is Verdict.VALID, result.reason
    assert result.seal is not None and result.seal.holder == LATIN
