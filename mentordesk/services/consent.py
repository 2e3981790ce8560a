"""Consent (GDPR Art. 6-8): per-purpose records, given or withdrawn, by the mentee or a guardian.

History is append-only (a database trigger refuses updates); the current state of a purpose
is its latest record. Below the organisation's digital-consent age only a guardian can give it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, or_, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import ConsentRecord, Mentee, Organisation
from mentordesk.enums import AuditAction, ConsentAction, ConsentGiver, ConsentMethod, ConsentPurpose
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.caseload import reachable_mentee
from mentordesk.services.errors import ValidationError
from mentordesk.services.validation import checked_date, clean_text, years_before

# The record in force is the one with the latest date of effect (paper forms are often entered late),
# then the one recorded last.
LATEST_FIRST = (ConsentRecord.effective_on.desc(), ConsentRecord.recorded_at.desc())


class ConsentState(StrEnum):
    """Whether personal data may be processed, as the caseload table flags it."""

    VALID = "valid"
    MISSING = "missing"
    WITHDRAWN = "withdrawn"
    GUARDIAN_NEEDED = "guardian_needed"  # given by the mentee, who is under the consent age


@dataclass(frozen=True)
class ConsentEntry:
    """What the consent form sends."""

    purpose: ConsentPurpose
    action: ConsentAction
    method: ConsentMethod
    notice_version: str
    effective_on: date | None  # None when the form left it empty: refused with a message
    given_by: ConsentGiver = ConsentGiver.SELF
    guardian_name: str = ""
    guardian_relationship: str = ""


@dataclass(frozen=True)
class ConsentEvent:
    id: uuid.UUID
    purpose: ConsentPurpose
    action: ConsentAction
    given_by: ConsentGiver
    guardian_name: str | None
    guardian_relationship: str | None
    method: ConsentMethod
    notice_version: str
    effective_on: date
    recorded_at: datetime


@dataclass(frozen=True)
class ConsentSummary:
    state: ConsentState  # of processing consent, the one the record cannot do without
    under_consent_age: bool  # only a parent or guardian can give consent today
    by_purpose: dict[ConsentPurpose, ConsentAction | None]
    history: tuple[ConsentEvent, ...]  # newest first


class ConsentService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def summary(self, mentee_id: uuid.UUID, today: date | None = None) -> ConsentSummary:
        with self._sessions() as session:
            mentee = reachable_mentee(session, self._access, mentee_id)
            records = session.scalars(
                select(ConsentRecord)
                .where(ConsentRecord.mentee_id == mentee_id)
                .order_by(*LATEST_FIRST)
            ).all()
            age_limit = consent_age(session)
        history = tuple(event_of(record) for record in records)
        latest: dict[ConsentPurpose, ConsentEvent] = {}
        for event in history:
            latest.setdefault(event.purpose, event)
        today = today or date.today()
        state = state_of(latest.get(ConsentPurpose.PROCESSING), mentee.birth_date, age_limit, today)
        return ConsentSummary(
            state=state,
            under_consent_age=mentee.birth_date is not None and mentee.birth_date > years_before(today, age_limit),
            by_purpose={purpose: (latest[purpose].action if purpose in latest else None) for purpose in ConsentPurpose},
            history=history,
        )

    def record(self, mentee_id: uuid.UUID, entry: ConsentEntry, actor_id: uuid.UUID | None = None,
               today: date | None = None) -> ConsentEvent:
        today = today or date.today()
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            mentee = reachable_mentee(session, self._access, mentee_id)
            age_limit = consent_age(session)
            errors = _check(entry, mentee, age_limit, today)
            if errors:
                raise ValidationError(errors)
            guardian = entry.given_by is ConsentGiver.GUARDIAN
            record = ConsentRecord(
                mentee_id=mentee_id,
                purpose=entry.purpose,
                action=entry.action,
                given_by=entry.given_by,
                guardian_name=clean_text(entry.guardian_name) if guardian else None,
                guardian_relationship=clean_text(entry.guardian_relationship) if guardian else None,
                method=entry.method,
                notice_version=clean_text(entry.notice_version),
                effective_on=entry.effective_on,
                recorded_by_id=actor_id,
                recorded_at=datetime.now(UTC),
            )
            session.add(record)
            session.flush()
            audit.record(session, action=AuditAction.CREATE, entity="consent_record", entity_id=record.id,
                         fields=("purpose", "action", "given_by", "method", "notice_version"), actor_id=actor_id)
            return event_of(record)


def state_of(latest: ConsentEvent | None, birth_date: date | None, consent_age: int, today: date) -> ConsentState:
    """The rule the SQL expression below mirrors; kept in Python for the mentee page and tests."""
    if latest is None:
        return ConsentState.MISSING
    if latest.action is ConsentAction.WITHDRAWN:
        return ConsentState.WITHDRAWN
    under_age = birth_date is not None and birth_date > years_before(today, consent_age)
    if under_age and latest.given_by is not ConsentGiver.GUARDIAN:
        return ConsentState.GUARDIAN_NEEDED
    return ConsentState.VALID


def consent_state_expression(consent_age: int, today: date) -> ColumnElement[str]:
    """The processing-consent state of `Mentee` as one SQL expression, for the caseload table."""
    latest = (
        select(ConsentRecord.id)
        .where(ConsentRecord.mentee_id == Mentee.id, ConsentRecord.purpose == ConsentPurpose.PROCESSING)
        .order_by(*LATEST_FIRST)
        .limit(1)
        .correlate(Mentee)
        .scalar_subquery()
    )

    def latest_column(column):  # noqa: ANN001, ANN202 (a column of ConsentRecord)
        return select(column).where(ConsentRecord.id == latest).correlate(Mentee).scalar_subquery()

    action = latest_column(ConsentRecord.action)
    given_by = latest_column(ConsentRecord.given_by)
    under_age = and_(Mentee.birth_date.is_not(None), Mentee.birth_date > years_before(today, consent_age))
    return case(
        (action.is_(None), ConsentState.MISSING.value),
        (action == ConsentAction.WITHDRAWN.value, ConsentState.WITHDRAWN.value),
        (and_(under_age, or_(given_by.is_(None), given_by != ConsentGiver.GUARDIAN.value)),
         ConsentState.GUARDIAN_NEEDED.value),
        else_=ConsentState.VALID.value,
    )


def consent_age(session: Session) -> int:
    age = session.scalar(select(Organisation.digital_consent_age))
    return age if age is not None else 16



def _check(entry: ConsentEntry, mentee: Mentee, consent_age: int, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not clean_text(entry.notice_version):
        errors["notice_version"] = "Say which version of the privacy notice the person was given."
    elif len(clean_text(entry.notice_version)) > 40:
        errors["notice_version"] = "The notice version is too long (at most 40 characters)."
    checked_date(entry.effective_on, "The date of consent", today, errors, "effective_on")
    if entry.given_by is ConsentGiver.GUARDIAN:
        if not clean_text(entry.guardian_name):
            errors["guardian_name"] = "Give the name of the parent or guardian."
        elif len(clean_text(entry.guardian_name)) > 200:
            errors["guardian_name"] = "The guardian's name is too long (at most 200 characters)."
        if not clean_text(entry.guardian_relationship):
            errors["guardian_relationship"] = "Say how the guardian is related to the mentee (e.g. mother)."
        elif len(clean_text(entry.guardian_relationship)) > 100:
            errors["guardian_relationship"] = "The relationship is too long (at most 100 characters)."
    elif entry.action is ConsentAction.GIVEN and mentee.birth_date is not None and "effective_on" not in errors:
        if mentee.birth_date > years_before(entry.effective_on, consent_age):
            errors["given_by"] = (f"{mentee.first_name} was under {consent_age} on that date: a parent or guardian "
                                  "must give this consent.")
    return errors


def event_of(record: ConsentRecord) -> ConsentEvent:
    return ConsentEvent(
        id=record.id,
        purpose=record.purpose,
        action=record.action,
        given_by=record.given_by,
        guardian_name=record.guardian_name,
        guardian_relationship=record.guardian_relationship,
        method=record.method,
        notice_version=record.notice_version,
        effective_on=record.effective_on,
        recorded_at=record.recorded_at,
    )

