"""Certificates: who may have one, what it states, issuing and the register, and checking one offline.

Issuing takes the next serial ("<prefix>-<year>-<6 digits>") under SQLite's write lock, gathers the
facts from the database, signs their seal with the organisation's key (`KeyService`), renders the
PDF (`reports.certificate`) and records the register entry in one transaction: a certificate
exists in the register exactly when its document could be made.

No copy of the PDF is kept. The register keeps the canonical facts, and Ed25519 signatures are
deterministic (RFC 8032), so re-signing the stored seal with the same key gives the same token and
a re-print gives the same bytes. (A PDF kept in the data folder would also outlive an erasure,
which clears the entry's payload and file name.)

Verification trusts nothing in the file but the signature: the seal's signature is checked against
a key trusted here (our own or an imported partner's), the embedded facts must hash to the seal's
digest, every fact must appear in the visible text as printed, and the local register says whether
it was revoked.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from mentordesk.config.files import atomic_write_bytes
from mentordesk.db.base import utcnow
from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import (
    Certificate,
    Competence,
    CompetenceFramework,
    Enrolment,
    LearningOutcome,
    Mentee,
    MentoringSession,
    Organisation,
    ProficiencyLevel,
    Programme,
    SessionAttendance,
    TrustedKey,
)
from mentordesk.enums import Attendance, AuditAction, CertificateKind, SessionStatus, ValidationMethod, ValidationPhase
from mentordesk.reports.certificate import CertificateSheet, read_certificate_pdf, render_certificate, visible_facts
from mentordesk.reports.certificate_texts import languages
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.caseload import mentee_scope, reachable_mentee, reachable_record
from mentordesk.services.certificate_facts import (
    FORMAT_VERSION,
    CertificateFacts,
    CertifiedOutcome,
    Seal,
    Verdict,
    Verification,
    decode_token,
    encode_token,
)
from mentordesk.services.errors import DomainError, NotFoundError, OperationCancelled, ValidationError
from mentordesk.services.keys import KeyService
from mentordesk.services.lookup import require, require_mentee
from mentordesk.services.open_badges import export_open_badge
from mentordesk.services.progress import Progress
from mentordesk.services.query_hints import unindexed
from mentordesk.services.search_text import fold_for_search
from mentordesk.services.validation import one_line

PREVIEW_SERIAL = "PREVIEW"
REASON_LENGTH = 500
SEQUENCE_DIGITS = 6
_VALIDATED = (ValidationPhase.ASSESSED, ValidationPhase.CERTIFIED)
_MISSING = "This certificate is not in the register."

# The certificate's language is chosen when issuing: the PDF's wording is in reports/certificate_texts,
# the validation methods' names (which the facts state, so they are signed) here; a language needs both.
METHOD_LABELS: dict[str, dict[ValidationMethod, str]] = {
    "en": {
        ValidationMethod.OBSERVATION: "Observation",
        ValidationMethod.PORTFOLIO: "Portfolio",
        ValidationMethod.INTERVIEW: "Interview",
        ValidationMethod.TEST: "Test",
        ValidationMethod.SELF_DECLARATION: "Self-declaration confirmed by the mentor",
    },
}

# What a certificate states, for the audit trail (names only).
ISSUE_FIELDS = ("holder", "hours", "issued_on", "kind", "language", "organisation", "outcomes", "period",
                "programme", "serial", "sessions", "signatory")


@dataclass(frozen=True)
class Eligibility:
    """Which kinds of certificate a mentee may receive now, and why not."""

    validation: bool
    participation: bool
    validation_reason: str | None = None  # one sentence when `validation` is False
    participation_reason: str | None = None

    def allows(self, kind: CertificateKind) -> bool:
        return self.validation if CertificateKind(kind) is CertificateKind.VALIDATION else self.participation

    def reason(self, kind: CertificateKind) -> str | None:
        if CertificateKind(kind) is CertificateKind.VALIDATION:
            return self.validation_reason
        return self.participation_reason


@dataclass(frozen=True)
class CertificateInfo:
    """One register entry."""

    id: uuid.UUID
    serial: str
    kind: CertificateKind
    language: str
    mentee_id: uuid.UUID | None  # None once the holder's data was erased
    holder: str  # the name signed on it; the mentee's name for entries without signed facts; "" once erased
    reference_code: str | None
    programme_id: uuid.UUID | None
    programme: str | None
    issued_on: date
    issued_by_id: uuid.UUID | None
    payload_sha256: str
    key_fingerprint: str
    file_name: str | None
    revoked_at: datetime | None
    revoke_reason: str | None
    erased: bool
    reprintable: bool  # the signed facts are kept (not erased, not a demo entry)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class CertificateQuery:
    text: str = ""  # every word must appear in the serial or the holder's name or reference code
    programme_id: uuid.UUID | None = None
    kind: CertificateKind | None = None
    revoked: bool | None = None  # True: only revoked, False: only in force, None: both
    issued_from: date | None = None
    issued_to: date | None = None
    mentee_id: uuid.UUID | None = None


@dataclass(frozen=True)
class IssuedCertificate:
    info: CertificateInfo
    pdf: bytes


@dataclass(frozen=True)
class SkippedMentee:
    mentee_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class BatchResult:
    issued: tuple[CertificateInfo, ...]
    skipped: tuple[SkippedMentee, ...]
    files: tuple[Path, ...]  # one "<serial>.pdf" per issued certificate
    cancelled: bool = False  # stopped between two certificates; those issued before stay issued


class WriteFailed(DomainError):
    """A certificate file could not be written (so it was not issued either)."""


@dataclass
class _Gathered:
    facts: CertificateFacts
    programme_id: uuid.UUID | None
    outcome_ids: list[uuid.UUID] = field(default_factory=list)
    logo: Path | None = None
    signature_image: Path | None = None


class CertificateService:
    def __init__(self, sessions: SessionFactory, keys: KeyService, access: Access | None = None) -> None:
        self._sessions = sessions
        self._keys = keys
        self._access = access if access is not None else Access()

    # ---- who may have which certificate, and what it states

    def eligibility(self, mentee_id: uuid.UUID) -> Eligibility:
        with self._sessions() as session:
            reachable_mentee(session, self._access, mentee_id)
            return _eligibility(session, mentee_id)

    def facts(self, mentee_id: uuid.UUID, kind: CertificateKind, language: str = "en",
              issued_on: date | None = None, serial: str = PREVIEW_SERIAL,
              programme_id: uuid.UUID | None = None) -> CertificateFacts:
        """What a certificate issued now would state (nothing is saved). `programme_id`: the programme
        to name instead of the mentee's current one."""
        kind, language = _checked_choice(kind, language)
        self._require_reachable(mentee_id)  # before the key: making it is a write
        signer = self._own_key_id()
        with self._sessions() as session:
            return _gather(session, mentee_id, kind, language, issued_on or date.today(), serial, signer,
                           programme_id).facts

    def preview(self, mentee_id: uuid.UUID, kind: CertificateKind, language: str = "en",
                programme_id: uuid.UUID | None = None) -> bytes:
        """The document as it would be issued today, marked PREVIEW: not registered, not audited, not signed
        (its QR code carries a blank signature, so a printed preview never verifies)."""
        kind, language = _checked_choice(kind, language)
        self._require_reachable(mentee_id)  # before the key: making it is a write
        signer = self._own_key_id()
        with self._sessions() as session:
            gathered = _gather(session, mentee_id, kind, language, date.today(), PREVIEW_SERIAL, signer,
                               programme_id)
        token = encode_token(gathered.facts.seal().canonical(), bytes(64))
        return render_certificate(_sheet(gathered, token, preview=True))

    # ---- issuing

    def issue(self, mentee_id: uuid.UUID, kind: CertificateKind, language: str = "en",
              actor_id: uuid.UUID | None = None, issued_on: date | None = None,
              programme_id: uuid.UUID | None = None, write_to: Path | None = None) -> IssuedCertificate:
        """Sign, render and register a certificate; its outcomes become CERTIFIED. All or nothing.

        With `write_to`, the PDF is written there (whole) before the entry is committed, so there is
        never an entry whose file failed to be written, nor a file for an entry that failed to commit.
        """
        target = None if write_to is None else (lambda _serial: Path(write_to))
        return self._issue(mentee_id, kind, language, actor_id, issued_on, programme_id, target)[0]

    def _issue(self, mentee_id: uuid.UUID, kind: CertificateKind, language: str, actor_id: uuid.UUID | None,
               issued_on: date | None, programme_id: uuid.UUID | None,
               target: Callable[[str], Path] | None) -> tuple[IssuedCertificate, Path | None]:
        kind, language = _checked_choice(kind, language)
        actor_id = self._access.actor(actor_id)
        self._require_reachable(mentee_id)
        day = issued_on or date.today()
        signer = self._own_key_id()  # before the write lock: creating the key writes in its own transaction
        written: Path | None = None
        try:
            with self._sessions.begin() as session:
                info, pdf = self._register_issue(session, mentee_id, kind, language, actor_id, day, signer,
                                                 programme_id, target)
                if target is not None:  # written before the commit: a failed write rolls the entry back
                    written = _write_whole(target(info.serial), pdf)
        except BaseException:
            if written is not None:  # the commit failed: no file for a certificate that does not exist
                written.unlink(missing_ok=True)
            raise
        return IssuedCertificate(info, pdf), written

    def _register_issue(self, session: Session, mentee_id: uuid.UUID, kind: CertificateKind, language: str,
                        actor_id: uuid.UUID | None, day: date, signer: str, programme_id: uuid.UUID | None,
                        target: Callable[[str], Path] | None) -> tuple[CertificateInfo, bytes]:
        reachable_mentee(session, self._access, mentee_id)
        reason = _eligibility(session, mentee_id).reason(kind)
        if reason is not None:
            raise DomainError(reason)
        serial = _next_serial(session, day.year)
        gathered = _gather(session, mentee_id, kind, language, day, serial, signer, programme_id)
        facts = gathered.facts
        token = self._token(facts.seal())
        pdf = render_certificate(_sheet(gathered, token))
        canonical = facts.canonical()
        row = Certificate(
            serial=serial, kind=kind, language=language, mentee_id=mentee_id, programme_id=gathered.programme_id,
            issued_by_id=actor_id, issued_on=day, payload=canonical.decode("utf-8"),
            payload_sha256=facts.sha256(), key_fingerprint=self._own_fingerprint(session, signer),
            file_name=(target(serial).name if target else f"{serial}.pdf")[:255],
        )
        session.add(row)
        session.flush()
        audit.record(session, action=AuditAction.ISSUE, entity="certificate", entity_id=row.id,
                     fields=ISSUE_FIELDS, actor_id=actor_id)
        if gathered.outcome_ids:
            changed = list(session.scalars(
                select(LearningOutcome.id).where(LearningOutcome.id.in_(gathered.outcome_ids),
                                                 LearningOutcome.phase != ValidationPhase.CERTIFIED)))
            if changed:
                session.execute(update(LearningOutcome).where(LearningOutcome.id.in_(changed))
                                .values(phase=ValidationPhase.CERTIFIED, updated_at=utcnow()))
                for outcome_id in changed:
                    audit.record(session, action=AuditAction.UPDATE, entity="learning_outcome",
                                 entity_id=outcome_id, fields=["phase"], actor_id=actor_id)
        return _info_of(session, row.id), pdf

    def reprint(self, certificate_id: uuid.UUID, actor_id: uuid.UUID | None = None,
                action: AuditAction = AuditAction.EXPORT) -> bytes:
        """The issued document again, byte for byte: the stored facts, re-signed (Ed25519 is deterministic).

        Recorded as `action`: EXPORT when it is saved or printed, VIEW when it is only shown.
        """
        with self._sessions() as session:
            row = reachable_record(session, self._access, Certificate, certificate_id, _MISSING)
            facts = self._reprintable_facts(row)
            logo, signature_image = _images(session)
            gathered = _Gathered(facts, row.programme_id, logo=logo, signature_image=signature_image)
        self._signing_key(row.serial, facts)
        data = render_certificate(_sheet(gathered, self._token(facts.seal())))
        with self._sessions.begin() as session:
            audit.record(session, action=action, entity="certificate", entity_id=certificate_id, fields=["pdf"],
                         actor_id=actor_id)
        return data

    @staticmethod
    def _reprintable_facts(row: Certificate) -> CertificateFacts:
        if row.erased or row.payload is None:
            raise DomainError(f"Certificate {row.serial} cannot be printed again: the holder's data was erased.")
        try:
            facts = CertificateFacts.from_canonical(row.payload.encode("utf-8"))
        except DomainError as error:
            raise DomainError(f"Certificate {row.serial} cannot be printed again: the register holds no signed "
                              "facts for it (a demo entry, or one made by another program).") from error
        if facts.sha256() != row.payload_sha256:
            raise DomainError(f"Certificate {row.serial} cannot be printed again: its stored facts were changed "
                              "since it was issued.")
        return facts

    def _signing_key(self, serial: str, facts: CertificateFacts) -> Ed25519PrivateKey:
        """Our key, when it is the one that signed these facts."""
        own = self._keys.own_key(create=False)
        if own is None or own.key_id != facts.key:
            raise DomainError(f"Certificate {serial} was signed with a former key of this organisation, so it "
                              "cannot be printed or exported again here; issue a new certificate instead.")
        return self._keys.private_key()

    def revoke(self, certificate_id: uuid.UUID, reason: str, actor_id: uuid.UUID | None = None) -> CertificateInfo:
        self._access.require_coordinator("revoke certificates")
        actor_id = self._access.actor(actor_id)
        text = one_line(reason)
        if not text:
            raise ValidationError({"reason": "Give the reason for revoking the certificate; it is shown to "
                                             "whoever checks it."})
        if len(text) > REASON_LENGTH:
            raise ValidationError({"reason": f"The reason is too long (at most {REASON_LENGTH} characters)."})
        with self._sessions.begin() as session:
            row = reachable_record(session, self._access, Certificate, certificate_id, _MISSING)
            if row.revoked_at is not None:
                raise DomainError(f"Certificate {row.serial} was already revoked on {row.revoked_at.date():%Y-%m-%d}.")
            row.revoked_at, row.revoke_reason = utcnow(), text
            session.flush()
            audit.record(session, action=AuditAction.REVOKE, entity="certificate", entity_id=row.id,
                         fields=["revoke_reason", "revoked_at"], actor_id=actor_id)
            return _info_of(session, row.id)

    def open_badge(self, certificate_id: uuid.UUID, path: Path, actor_id: uuid.UUID | None = None) -> Path:
        """The certificate as an Open Badges 3.0 credential (.jwt), signed with the key that signed it."""
        with self._sessions() as session:
            row = reachable_record(session, self._access, Certificate, certificate_id, _MISSING)
            facts = self._reprintable_facts(row)
        private = self._signing_key(row.serial, facts)
        actor_id = self._access.actor(actor_id)
        written = export_open_badge(facts, private, private.public_key(), facts.organisation, Path(path))
        with self._sessions.begin() as session:
            audit.record(session, action=AuditAction.EXPORT, entity="certificate", entity_id=certificate_id,
                         fields=["open_badge"], actor_id=actor_id)
        return written

    # ---- the register

    def register(self, query: CertificateQuery | None = None) -> list[CertificateInfo]:
        """Register entries matching every filter given, newest first."""
        query = query or CertificateQuery()
        with self._sessions() as session:
            reachable = mentee_scope(self._access, Certificate.mentee_id)
            statement = _info_select().where(*_conditions(query), reachable).order_by(
                Certificate.issued_on.desc(), func.length(Certificate.serial).desc(), Certificate.serial.desc())
            return [_info(row) for row in session.execute(statement)]

    def get(self, certificate_id: uuid.UUID) -> CertificateInfo:
        with self._sessions() as session:
            reachable_record(session, self._access, Certificate, certificate_id, _MISSING)
            return _info_of(session, certificate_id)

    def mentee_by_reference(self, reference: str) -> uuid.UUID:
        """The mentee with this reference code (any letter case), for the command line."""
        code = one_line(reference)
        with self._sessions() as session:
            reachable = mentee_scope(self._access)
            found = session.scalars(select(Mentee.id).where(Mentee.reference_code == code, reachable)).first() or \
                session.scalars(select(Mentee.id).where(func.upper(Mentee.reference_code) == code.upper(),
                                                        reachable)).first()
        if found is None:
            raise NotFoundError(f"No mentee has the reference code {code!r}.")
        return found

    # ---- batches

    def eligible_mentees(self, programme_id: uuid.UUID, kind: CertificateKind) -> list[uuid.UUID]:
        """Mentees ever enrolled in the programme who may have this kind of certificate and hold none in force
        for this programme, by name."""
        kind = CertificateKind(kind)
        with self._sessions() as session:
            require(session, Programme, programme_id, "This programme no longer exists.")
            enrolled = select(Enrolment.mentee_id).where(Enrolment.programme_id == programme_id)
            held = select(Certificate.mentee_id).where(
                Certificate.programme_id == programme_id, Certificate.kind == kind,
                Certificate.revoked_at.is_(None), Certificate.mentee_id.is_not(None))
            statement = (select(Mentee.id).where(Mentee.id.in_(enrolled), Mentee.id.not_in(held),
                                                 _eligible_expression(kind), mentee_scope(self._access))
                         .order_by(Mentee.sort_name, Mentee.id))
            return list(session.scalars(statement))

    def issue_batch(self, programme_id: uuid.UUID, kind: CertificateKind, language: str, target_dir: Path,
                    actor_id: uuid.UUID | None = None, progress: Progress | None = None) -> BatchResult:
        """A certificate for every eligible mentee of the programme, each in its own transaction and written to
        `target_dir` as "<serial>.pdf" (whole files only). Cancelling stops between two certificates."""
        kind, language = _checked_choice(kind, language)
        progress = progress or Progress()
        target_dir = Path(target_dir)
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DomainError(f"Cannot create the folder {target_dir}: {error.strerror or error}.") from error
        mentees = self.eligible_mentees(programme_id, kind)
        issued: list[CertificateInfo] = []
        skipped: list[SkippedMentee] = []
        files: list[Path] = []
        total = len(mentees)
        for number, mentee_id in enumerate(mentees):
            try:
                progress.step(number, total, f"Issuing certificate {number + 1:,} of {total:,}…")
            except OperationCancelled:
                return BatchResult(tuple(issued), tuple(skipped), tuple(files), cancelled=True)
            try:
                result, path = self._issue(mentee_id, kind, language, actor_id, None, programme_id,
                                           lambda serial: target_dir / f"{serial}.pdf")
            except WriteFailed as failed:  # the disk, not the mentee: the next file would fail too
                count = len(issued)
                raise WriteFailed(f"{failed} {count:,} {'certificate was' if count == 1 else 'certificates were'} "
                                  "issued and written before this.") from failed
            except DomainError as refused:  # gone or no longer eligible since the list was made
                skipped.append(SkippedMentee(mentee_id, str(refused)))
                continue
            issued.append(result.info)
            assert path is not None
            files.append(path)
        progress.report(total, total, "Done.")
        return BatchResult(tuple(issued), tuple(skipped), tuple(files))

    # ---- verification

    def verify_pdf(self, source: Path | bytes) -> Verification:
        """Check a certificate PDF: signature, embedded facts, visible text, then the register."""
        if isinstance(source, bytes):
            data = source
        else:
            try:
                data = Path(source).read_bytes()
            except OSError as error:
                return Verification(Verdict.NOT_A_CERTIFICATE,
                                    f"Cannot read {Path(source).name}: {error.strerror or error}.")
        try:
            contents = read_certificate_pdf(data)
        except DomainError as error:
            return Verification(Verdict.NOT_A_CERTIFICATE, str(error))
        checked = self._check_seal(contents.token)
        if isinstance(checked, Verification):
            return checked
        seal, owner = checked
        altered = Verification(Verdict.BAD_SIGNATURE, "The certificate's embedded data does not match its signature; "
                                                      "the file has been altered.", seal=seal, signed_by=owner)
        if hashlib.sha256(contents.facts).hexdigest() != seal.facts_sha256:
            return altered
        try:
            facts = CertificateFacts.from_canonical(contents.facts)
        except DomainError:
            return altered
        if facts.seal() != seal:
            return altered
        missing = _missing_text(facts, contents.text)
        if missing is not None:
            return Verification(Verdict.TEXT_MISMATCH, missing, seal=seal, signed_by=owner)
        return self._against_register(seal, owner, facts)

    def verify_token(self, text: str) -> Verification:
        """Check the QR code's text: its signature and the register (the visible text is not at hand)."""
        checked = self._check_seal(text)
        if isinstance(checked, Verification):
            return checked
        seal, owner = checked
        return self._against_register(seal, owner, None)

    def _check_seal(self, token: str) -> Verification | tuple[Seal, str]:
        try:
            canonical, signature = decode_token(token)
            seal = Seal.from_canonical(canonical)
        except DomainError as error:
            return Verification(Verdict.NOT_A_CERTIFICATE, str(error))
        if seal.serial == PREVIEW_SERIAL:
            return Verification(Verdict.NOT_A_CERTIFICATE, "This is a preview, not an issued certificate.")
        trusted = self._keys.public_key(seal.key)
        if trusted is None:
            known = self._keys.find(seal.key)
            if known is not None and known.distrusted_at is not None:
                reason = (f"It was signed with the key of {known.owner_name}, which is no longer trusted here "
                          f"(since {known.distrusted_at.date():%Y-%m-%d}).")
            else:
                reason = (f"It was signed with a key that is not trusted here (key {seal.key}); import the "
                          "issuing organisation's public key to check it.")
            return Verification(Verdict.UNTRUSTED_KEY, reason)
        owner, raw = trusted
        try:
            Ed25519PublicKey.from_public_bytes(raw).verify(signature, canonical)
        except (InvalidSignature, ValueError):
            return Verification(Verdict.BAD_SIGNATURE, f"The signature does not match the certificate's data: it was "
                                                       f"altered, or not issued by {owner}.")
        return seal, owner

    def _against_register(self, seal: Seal, owner: str, facts: CertificateFacts | None) -> Verification:
        with self._sessions() as session:
            row = session.execute(
                select(Certificate.revoked_at, Certificate.revoke_reason)
                .where(Certificate.serial == seal.serial, Certificate.payload_sha256 == seal.facts_sha256)
            ).first()
            own = self._keys.own_key(create=False)
        what = (f"certificate {seal.serial}, issued by {seal.organisation} to {seal.holder} "
                f"on {seal.issued_on:%Y-%m-%d}")
        if row is not None and row.revoked_at is not None:
            return Verification(Verdict.REVOKED, f"This {what} was revoked on {row.revoked_at.date():%Y-%m-%d}: "
                                                 f"{row.revoke_reason}", seal=seal, facts=facts, signed_by=owner)
        if row is not None:
            reason = f"Valid: {what}, is in this register and not revoked."
        elif own is not None and own.key_id == seal.key:
            reason = (f"Valid: {what}, is signed with this organisation's key, but this register has no entry for "
                      "it (issued from another copy, or before a restore), so revocation cannot be checked here.")
        else:
            reason = (f"Valid: {what}, is signed with the trusted key of {owner}; it is in their register, not "
                      "this one, so revocation cannot be checked here.")
        if facts is None:
            reason = reason.removesuffix(".") + "; compare the printed facts with these."
        return Verification(Verdict.VALID, reason, seal=seal, facts=facts, signed_by=owner)

    def _require_reachable(self, mentee_id: uuid.UUID) -> None:
        with self._sessions() as session:
            reachable_mentee(session, self._access, mentee_id)

    # ---- the key

    def _own_key_id(self) -> str:
        info = self._keys.own_key(create=True)
        assert info is not None
        return info.key_id

    def _token(self, seal: Seal) -> str:
        canonical = seal.canonical()
        signature, signer = self._keys.sign(canonical)
        if signer != seal.key:  # the key file changed under us: never sign facts that name another key
            raise DomainError("The organisation's signing key changed while issuing; try again.")
        return encode_token(canonical, signature)

    @staticmethod
    def _own_fingerprint(session: Session, signer: str) -> str:
        return session.scalar(select(TrustedKey.fingerprint).where(TrustedKey.is_own,
                                                                   TrustedKey.fingerprint.startswith(signer)))


# ---- eligibility


def _attended_held(mentee_id: ColumnElement | uuid.UUID) -> ColumnElement[bool]:
    return and_(SessionAttendance.mentee_id == mentee_id, SessionAttendance.attendance == Attendance.ATTENDED,
                unindexed(MentoringSession.status) == SessionStatus.HELD)


def _has_session(mentee_id: ColumnElement | uuid.UUID) -> ColumnElement[bool]:
    return (select(SessionAttendance.session_id)
            .join(MentoringSession, MentoringSession.id == SessionAttendance.session_id)
            .where(_attended_held(mentee_id)).exists())


def _has_outcome(mentee_id: ColumnElement | uuid.UUID) -> ColumnElement[bool]:
    return (select(LearningOutcome.id)
            .where(LearningOutcome.mentee_id == mentee_id, LearningOutcome.phase.in_(_VALIDATED)).exists())


def _eligible_expression(kind: CertificateKind) -> ColumnElement[bool]:
    return _has_outcome(Mentee.id) if kind is CertificateKind.VALIDATION else _has_session(Mentee.id)


def _eligibility(session: Session, mentee_id: uuid.UUID) -> Eligibility:
    outcome, attended = session.execute(select(_has_outcome(mentee_id), _has_session(mentee_id))).one()
    return Eligibility(
        validation=bool(outcome),
        participation=bool(attended),
        validation_reason=None if outcome else (
            "A validation certificate needs at least one assessed learning outcome; assess one on the pathway first."),
        participation_reason=None if attended else (
            "A participation certificate needs at least one session that was held and attended."),
    )


def _checked_choice(kind: CertificateKind | str, language: str) -> tuple[CertificateKind, str]:
    try:
        kind = CertificateKind(kind)
    except ValueError:
        raise ValidationError({"kind": "Choose a validation or a participation certificate."}) from None
    available = languages()
    if language not in available or language not in METHOD_LABELS:
        names = ", ".join(name for code, name in available.items() if code in METHOD_LABELS)
        raise ValidationError({"language": f"Certificates can be issued in {names}; choose one of these."})
    return kind, language


# ---- the facts


def _gather(session: Session, mentee_id: uuid.UUID, kind: CertificateKind, language: str, issued_on: date,
            serial: str, signer: str, programme_id: uuid.UUID | None) -> _Gathered:
    mentee = require_mentee(session, mentee_id)
    organisation = session.scalars(select(Organisation).limit(1)).first()
    if organisation is None:
        raise DomainError("Set up the organisation before issuing certificates.")
    programme = _programme(session, mentee_id, programme_id)
    count, minutes, first, last = session.execute(
        select(func.count(), func.coalesce(func.sum(MentoringSession.duration_minutes), 0),
               func.min(MentoringSession.session_date), func.max(MentoringSession.session_date))
        .select_from(SessionAttendance)
        .join(MentoringSession, MentoringSession.id == SessionAttendance.session_id)
        .where(_attended_held(mentee_id))
    ).one()
    if first is None and programme is not None:  # no session yet: the enrolment's dates
        first, last = programme[2], programme[3]
    outcomes: list[CertifiedOutcome] = []
    outcome_ids: list[uuid.UUID] = []
    frameworks: list[str] = []
    if kind is CertificateKind.VALIDATION:
        labels = METHOD_LABELS[language]
        for row in _outcome_rows(session, mentee_id):
            outcomes.append(CertifiedOutcome(competence=row.competence, level=row.level_label or str(row.level),
                                             statement=row.statement, method=labels[row.method]))
            outcome_ids.append(row.id)
            if row.framework not in frameworks:
                frameworks.append(row.framework)
    facts = CertificateFacts(
        serial=serial, kind=kind, language=language, organisation=organisation.name,
        holder=f"{mentee.first_name} {mentee.last_name}",
        programme=programme[1] if programme else None,
        period_from=first, period_to=last,
        hours=float((Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
        sessions=count, issued_on=issued_on, place=organisation.place,
        signatory=organisation.signatory_name, signatory_role=organisation.signatory_role,
        framework="; ".join(frameworks) or None, outcomes=tuple(outcomes), key=signer,
    )
    logo, signature_image = _images(session)
    return _Gathered(facts, programme[0] if programme else None, outcome_ids, logo, signature_image)


def _programme(session: Session, mentee_id: uuid.UUID,
               programme_id: uuid.UUID | None) -> tuple[uuid.UUID, str, date, date | None] | None:
    """(id, name, started, ended) of the programme to name: the one asked for, else the current enrolment's,
    else the latest one's."""
    statement = (select(Programme.id, Programme.name, Enrolment.started_on, Enrolment.ended_on)
                 .join(Programme, Programme.id == Enrolment.programme_id)
                 .where(Enrolment.mentee_id == mentee_id)
                 .order_by(Enrolment.ended_on.is_not(None), Enrolment.started_on.desc(), Enrolment.id).limit(1))
    if programme_id is not None:
        row = session.execute(statement.where(Enrolment.programme_id == programme_id)).first()
        if row is None:  # not enrolled there: the programme still names what the certificate is for
            programme = require(session, Programme, programme_id, "This programme no longer exists.")
            return programme.id, programme.name, programme.start_date, programme.end_date
        return tuple(row)  # type: ignore[return-value]
    row = session.execute(statement).first()
    return None if row is None else tuple(row)  # type: ignore[return-value]


def _outcome_rows(session: Session, mentee_id: uuid.UUID) -> Iterable:
    """Assessed and certified outcomes, grouped by framework and then by the competence's place in it."""
    return session.execute(
        select(LearningOutcome.id, LearningOutcome.statement, LearningOutcome.level, LearningOutcome.method,
               Competence.name.label("competence"), CompetenceFramework.name.label("framework"),
               ProficiencyLevel.label.label("level_label"))
        .join(Competence, Competence.id == LearningOutcome.competence_id)
        .join(CompetenceFramework, CompetenceFramework.id == Competence.framework_id)
        .outerjoin(ProficiencyLevel, and_(ProficiencyLevel.framework_id == Competence.framework_id,
                                          ProficiencyLevel.rank == LearningOutcome.level))
        .where(LearningOutcome.mentee_id == mentee_id, LearningOutcome.phase.in_(_VALIDATED))
        .order_by(CompetenceFramework.name, Competence.position, Competence.code, LearningOutcome.level.desc(),
                  LearningOutcome.assessed_on, LearningOutcome.statement, LearningOutcome.id)
    )


def _images(session: Session) -> tuple[Path | None, Path | None]:
    """The organisation's logo and signature image, when set and still on disk."""
    row = session.execute(select(Organisation.logo_path, Organisation.signature_image_path).limit(1)).first()
    if row is None:
        return None, None
    return tuple(Path(p) if p and Path(p).is_file() else None for p in row)  # type: ignore[return-value]


def _sheet(gathered: _Gathered, token: str, preview: bool = False) -> CertificateSheet:
    return CertificateSheet(facts=gathered.facts, token=token, preview=preview, logo=gathered.logo,
                            signature_image=gathered.signature_image)


def _next_serial(session: Session, year: int) -> str:
    """The next "<prefix>-<year>-<sequence>"; called under the write lock, so two issues never share one."""
    prefix = session.scalar(select(Organisation.certificate_prefix).limit(1)) or "MD"
    stem = f"{prefix}-{year}-"
    # A range on the unique index; a longer tail (past 999,999) sorts by length first.
    last = session.scalar(
        select(Certificate.serial).where(Certificate.serial > stem, Certificate.serial < stem + "\uffff")
        .order_by(func.length(Certificate.serial).desc(), Certificate.serial.desc()).limit(1))
    tail = last.removeprefix(stem) if last else ""
    number = int(tail) + 1 if tail.isdigit() else 1
    return f"{stem}{number:0{SEQUENCE_DIGITS}d}"


# ---- the register


_INFO_COLUMNS = (Certificate.id, Certificate.serial, Certificate.kind, Certificate.language, Certificate.mentee_id,
                 Certificate.programme_id, Certificate.issued_on, Certificate.issued_by_id, Certificate.payload,
                 Certificate.payload_sha256, Certificate.key_fingerprint, Certificate.file_name, Certificate.revoked_at,
                 Certificate.revoke_reason, Certificate.erased)


def _info_select() -> Select:
    """Columns, not entities: the register of 10,000 entries loads as tuples."""
    return (select(*_INFO_COLUMNS, Mentee.first_name, Mentee.last_name, Mentee.reference_code,
                   Programme.name.label("programme"))
            .outerjoin(Mentee, Mentee.id == Certificate.mentee_id)
            .outerjoin(Programme, Programme.id == Certificate.programme_id))


def _conditions(query: CertificateQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for word in fold_for_search(query.text).split():
        pattern = f"%{word}%"
        conditions.append(or_(Certificate.serial.ilike(pattern), Mentee.search_text.like(pattern)))
    if query.programme_id is not None:
        conditions.append(Certificate.programme_id == query.programme_id)
    if query.kind is not None:
        conditions.append(Certificate.kind == CertificateKind(query.kind))
    if query.revoked is not None:
        conditions.append(Certificate.revoked_at.is_not(None) if query.revoked else Certificate.revoked_at.is_(None))
    if query.issued_from is not None:
        conditions.append(Certificate.issued_on >= query.issued_from)
    if query.issued_to is not None:
        conditions.append(Certificate.issued_on <= query.issued_to)
    if query.mentee_id is not None:
        conditions.append(Certificate.mentee_id == query.mentee_id)
    return conditions


def _info_of(session: Session, certificate_id: uuid.UUID) -> CertificateInfo:
    row = session.execute(_info_select().where(Certificate.id == certificate_id)).first()
    if row is None:
        raise NotFoundError(_MISSING)
    return _info(row)


def _info(row: Row) -> CertificateInfo:
    facts = _stored_facts(row.payload, row.erased)
    name = f"{row.first_name} {row.last_name}" if row.first_name is not None else ""
    return CertificateInfo(
        id=row.id, serial=row.serial, kind=row.kind, language=row.language, mentee_id=row.mentee_id,
        holder=facts.holder if facts else name, reference_code=row.reference_code, programme_id=row.programme_id,
        programme=row.programme, issued_on=row.issued_on, issued_by_id=row.issued_by_id,
        payload_sha256=row.payload_sha256, key_fingerprint=row.key_fingerprint, file_name=row.file_name,
        revoked_at=row.revoked_at, revoke_reason=row.revoke_reason, erased=row.erased, reprintable=facts is not None,
    )


def _stored_facts(payload: str | None, erased: bool) -> CertificateFacts | None:
    # Canonical facts sort "v" last: other payloads (demo entries) are told apart without parsing them.
    if erased or not payload or not payload.endswith(f',"v":{FORMAT_VERSION}}}'):
        return None
    try:
        return CertificateFacts.from_canonical(payload.encode("utf-8"))
    except DomainError:
        return None


# ---- verification


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _missing_text(facts: CertificateFacts, text: str) -> str | None:
    """One sentence naming the first signed fact the visible text does not show, or None."""
    visible = _normal(text)
    for expected in visible_facts(facts):
        if _normal(expected) not in visible:
            what = _what(facts, expected)
            return (f"The printed text does not match the signed data: {what} should read \u201c{expected}\u201d; "
                    "the document has been altered.")
    return None


def _what(facts: CertificateFacts, printed: str) -> str:
    """Which fact a printed line states, for the sentence that names what differs."""
    candidates = [(facts.holder, "the holder's name"), (facts.serial, "the serial"),
                  *((outcome.statement, "a learning outcome") for outcome in facts.outcomes),
                  (facts.programme or "", "the programme"), (facts.organisation, "the organisation")]
    for value, what in candidates:
        if value and _normal(value) in printed:
            return what
    return "a signed fact"


def _write_whole(target: Path, data: bytes) -> Path:
    """Never half a PDF under the real name; the disk's refusal as a WriteFailed the batch can count."""
    try:
        atomic_write_bytes(target, data)
    except OSError as error:
        raise WriteFailed(f"Cannot write {target}: {error.strerror or error}.") from error
    return target


__all__ = ["PREVIEW_SERIAL", "BatchResult", "CertificateInfo", "CertificateQuery", "CertificateService",
           "Eligibility", "IssuedCertificate", "SkippedMentee"]
