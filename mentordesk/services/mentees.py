"""The caseload: finding mentees fast, and keeping each mentee's record, status and enrolment.

The table asks for ids first (filtered and sorted in SQL) and then for the rows it shows,
a screenful at a time, as Anki's browser does; nothing here loads 10,000 ORM objects.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, bindparam, exists, func, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import (
    Enrolment,
    FollowUp,
    Mentee,
    MenteeStatusChange,
    MentoringSession,
    Organisation,
    Programme,
    SessionAttendance,
    Worker,
)
from mentordesk.enums import Attendance, AuditAction, Gender, MenteeStatus, PathwayStep, SessionStatus
from mentordesk.services import audit
from mentordesk.services.access import Access, AccessDenied
from mentordesk.services.caseload import mentee_scope, reachable_mentee
from mentordesk.services.consent import ConsentState, consent_age, consent_state_expression
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError
from mentordesk.services.pathway_state import PATHWAY_COMPLETE, pathway_rank_expression, pathway_step_expression
from mentordesk.services.query_hints import unindexed
from mentordesk.services.record_changes import assign
from mentordesk.services.search_text import fold_for_search, search_text_for, sort_name_for
from mentordesk.services.validation import (
    age_on,
    checked_date,
    clean_text,
    optional_email,
    optional_phone,
    optional_text,
    required_text,
    years_before,
)


class MenteeColumn(StrEnum):
    CODE = "code"
    NAME = "name"
    AGE = "age"
    STATUS = "status"
    MENTOR = "mentor"
    PROGRAMME = "programme"
    STEP = "step"
    LAST_SESSION = "last_session"
    NEXT_FOLLOW_UP = "next_follow_up"
    CONSENT = "consent"


NOT_STARTED = "not_started"  # the step filter's value for "nothing recorded on the pathway yet"
# PATHWAY_COMPLETE (from pathway_state): the step column's value, and a filter, once all three steps are complete.


@dataclass(frozen=True)
class MenteeQuery:
    text: str = ""  # every word must appear in the name or reference code
    statuses: frozenset[MenteeStatus] = frozenset()
    mentor_id: uuid.UUID | None = None  # "My caseload" is this filter with the current worker
    programme_id: uuid.UUID | None = None
    step: PathwayStep | str | None = None  # the current step, NOT_STARTED, PATHWAY_COMPLETE, or None for any
    ids: frozenset[uuid.UUID] | None = None  # only these mentees (a dashboard figure's people), or None for any
    sort: MenteeColumn = MenteeColumn.NAME
    descending: bool = False


@dataclass(frozen=True)
class MenteeRow:
    """One line of the caseload table."""

    id: uuid.UUID
    reference_code: str
    full_name: str
    age: int | None
    status: MenteeStatus
    mentor: str | None
    programme: str | None
    step: PathwayStep | str | None  # the first step not complete, PATHWAY_COMPLETE, or None before any record
    last_session: date | None
    next_follow_up: date | None
    consent: ConsentState


@dataclass(frozen=True)
class MenteeForm:
    """What the mentee form sends, as typed."""

    first_name: str
    last_name: str
    birth_date: date | None
    preferred_name: str = ""
    gender: Gender = Gender.NOT_STATED
    email: str = ""
    phone: str = ""
    postcode: str = ""
    languages: str = ""


@dataclass(frozen=True)
class StatusChange:
    status: MenteeStatus
    previous_status: MenteeStatus | None
    changed_on: date
    reason: str | None
    changed_by: str | None


@dataclass(frozen=True)
class EnrolmentInfo:
    id: uuid.UUID
    programme_id: uuid.UUID
    programme: str
    mentor_id: uuid.UUID | None
    mentor: str | None
    started_on: date
    ended_on: date | None
    end_reason: str | None

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


@dataclass(frozen=True)
class MenteeDetail:
    id: uuid.UUID
    reference_code: str
    form: MenteeForm
    status: MenteeStatus
    age: int | None
    history: tuple[StatusChange, ...]  # newest first
    enrolments: tuple[EnrolmentInfo, ...]  # current first, then newest first

    @property
    def full_name(self) -> str:
        return f"{self.form.first_name} {self.form.last_name}"

    @property
    def current_enrolment(self) -> EnrolmentInfo | None:
        return next((e for e in self.enrolments if e.is_current), None)


class DuplicateWarning(DomainError):
    """The form looks like a person already on record; saving again with `confirmed=True` proceeds."""

    def __init__(self, matches: Sequence[str]) -> None:
        self.matches = tuple(matches)
        super().__init__(f"{', '.join(self.matches)} has the same name and birth date. Is this the same person?")


# Which status may follow which; a reason is asked for where the change needs explaining.
TRANSITIONS: dict[MenteeStatus, frozenset[MenteeStatus]] = {
    MenteeStatus.REFERRED: frozenset({MenteeStatus.ACTIVE, MenteeStatus.WITHDRAWN}),
    MenteeStatus.ACTIVE: frozenset({MenteeStatus.ON_HOLD, MenteeStatus.COMPLETED, MenteeStatus.WITHDRAWN}),
    MenteeStatus.ON_HOLD: frozenset({MenteeStatus.ACTIVE, MenteeStatus.COMPLETED, MenteeStatus.WITHDRAWN}),
    MenteeStatus.COMPLETED: frozenset({MenteeStatus.ACTIVE}),
    MenteeStatus.WITHDRAWN: frozenset({MenteeStatus.REFERRED, MenteeStatus.ACTIVE}),
}
REASON_NEEDED = frozenset({MenteeStatus.ON_HOLD, MenteeStatus.WITHDRAWN})
CODE_NUMBER = re.compile(r"(\d+)$")


class MenteeService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    # ---- finding

    def search_ids(self, query: MenteeQuery, today: date | None = None) -> list[uuid.UUID]:
        with self._sessions() as session:
            columns = _Columns(today or date.today(), consent_age(session))
            statement = _filtered(select(Mentee.id), query, columns).where(mentee_scope(self._access))
            key = columns.sort_key(query.sort)
            # Age sorts by birth date, the other way round: younger people were born later.
            descending = query.descending != (query.sort is MenteeColumn.AGE)
            order = key.desc() if descending else key.asc()
            tie = (Mentee.sort_name, Mentee.reference_code)
            return list(session.scalars(statement.order_by(order.nulls_last(), *tie)))

    def count(self, query: MenteeQuery, today: date | None = None) -> int:
        with self._sessions() as session:
            columns = _Columns(today or date.today(), consent_age(session))
            statement = _filtered(select(func.count(Mentee.id)), query, columns).where(mentee_scope(self._access))
            return session.scalar(statement) or 0

    def rows(self, ids: Sequence[uuid.UUID], today: date | None = None) -> dict[uuid.UUID, MenteeRow]:
        if not ids:
            return {}
        today = today or date.today()
        with self._sessions() as session:
            columns = _Columns(today, consent_age(session))
            statement = select(
                Mentee.id, Mentee.reference_code, Mentee.first_name, Mentee.last_name, Mentee.birth_date,
                Mentee.status, columns.mentor, columns.programme, columns.step, columns.last_session,
                columns.next_follow_up, columns.consent,
            ).where(Mentee.id.in_(list(ids)), mentee_scope(self._access))
            result = {}
            for (mentee_id, code, first, last, birth, status, mentor, programme, step, last_session,
                 next_follow_up, consent) in session.execute(statement):
                result[mentee_id] = MenteeRow(
                    id=mentee_id, reference_code=code, full_name=f"{first} {last}",
                    age=age_on(birth, today) if birth else None, status=status, mentor=mentor,
                    programme=programme, step=_step(step), last_session=last_session,
                    next_follow_up=next_follow_up, consent=ConsentState(consent),
                )
            return result

    # ---- one record

    def get(self, mentee_id: uuid.UUID, today: date | None = None) -> MenteeDetail:
        with self._sessions() as session:
            return _detail(session, reachable_mentee(session, self._access, mentee_id), today or date.today())

    def open_record(self, mentee_id: uuid.UUID, actor_id: uuid.UUID | None = None,
                    today: date | None = None) -> MenteeDetail:
        """The record as `get` reads it, and a VIEW audit event: call once when a person opens the record.

        Reloads of an open record (after a change, or another tab) go through `get` and record nothing.
        """
        detail = self.get(mentee_id, today)
        with self._sessions.begin() as session:
            audit.record(session, action=AuditAction.VIEW, entity="mentee", entity_id=mentee_id,
                         actor_id=self._access.actor(actor_id))
        return detail

    def check(self, form: MenteeForm, mentee_id: uuid.UUID | None = None,
              today: date | None = None) -> tuple[dict[str, str], tuple[str, ...]]:
        """Field errors, and the reference codes of likely duplicates, without saving anything."""
        with self._sessions() as session:
            if mentee_id is not None:
                reachable_mentee(session, self._access, mentee_id)
            return _check(session, form, mentee_id, today or date.today())

    def create(self, form: MenteeForm, actor_id: uuid.UUID | None = None, confirmed: bool = False,
               today: date | None = None) -> MenteeDetail:
        today = today or date.today()
        # A mentor's new mentee would be in nobody's caseload until enrolled; intake is the coordinators'.
        self._access.require_coordinator("add mentees")
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            values = _validated(session, form, None, today, confirmed)
            code = next_reference_code(session)
            mentee = Mentee(reference_code=code, status=MenteeStatus.REFERRED, **values,
                            search_text=search_text_for(values["first_name"], values["last_name"], code),
                            sort_name=sort_name_for(values["first_name"], values["last_name"]))
            session.add(mentee)
            session.flush()
            session.add(MenteeStatusChange(mentee_id=mentee.id, status=MenteeStatus.REFERRED, changed_on=today,
                                           reason="Added to the caseload", changed_by_id=actor_id))
            audit.record(session, action=AuditAction.CREATE, entity="mentee", entity_id=mentee.id,
                         fields=sorted(values), actor_id=actor_id)
            session.flush()
            return _detail(session, mentee, today)

    def update(self, mentee_id: uuid.UUID, form: MenteeForm, actor_id: uuid.UUID | None = None,
               confirmed: bool = False, today: date | None = None) -> MenteeDetail:
        today = today or date.today()
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            mentee = reachable_mentee(session, self._access, mentee_id)
            values = _validated(session, form, mentee_id, today, confirmed)
            changed = sorted(assign(mentee, values))
            mentee.search_text = search_text_for(mentee.first_name, mentee.last_name, mentee.reference_code)
            mentee.sort_name = sort_name_for(mentee.first_name, mentee.last_name)
            if changed:
                audit.record(session, action=AuditAction.UPDATE, entity="mentee", entity_id=mentee.id,
                             fields=changed, actor_id=actor_id)
            session.flush()
            return _detail(session, mentee, today)

    def change_status(self, mentee_id: uuid.UUID, status: MenteeStatus, changed_on: date, reason: str = "",
                      actor_id: uuid.UUID | None = None, today: date | None = None) -> MenteeDetail:
        today = today or date.today()
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            mentee = reachable_mentee(session, self._access, mentee_id)
            errors = _check_status(session, mentee, status, changed_on, clean_text(reason), today)
            if errors:
                raise ValidationError(errors)
            session.add(MenteeStatusChange(mentee_id=mentee.id, status=status, previous_status=mentee.status,
                                           changed_on=changed_on, reason=clean_text(reason) or None,
                                           changed_by_id=actor_id))
            mentee.status = status
            audit.record(session, action=AuditAction.UPDATE, entity="mentee", entity_id=mentee.id,
                         fields=("status",), actor_id=actor_id)
            session.flush()
            return _detail(session, mentee, today)

    # ---- enrolment

    def enrol(self, mentee_id: uuid.UUID, programme_id: uuid.UUID, mentor_id: uuid.UUID | None,
              started_on: date, actor_id: uuid.UUID | None = None, today: date | None = None) -> MenteeDetail:
        today = today or date.today()
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            mentee = reachable_mentee(session, self._access, mentee_id)
            if self._access.caseload_of is not None and mentor_id != self._access.caseload_of:
                raise AccessDenied("Only a coordinator can enrol a mentee with another mentor.")
            errors: dict[str, str] = {}
            programme = session.get(Programme, programme_id)
            if programme is None:
                errors["programme"] = "Choose a programme."
            elif session.scalar(select(Enrolment.id).where(Enrolment.mentee_id == mentee_id,
                                                           Enrolment.programme_id == programme_id,
                                                           Enrolment.ended_on.is_(None))):
                errors["programme"] = f"{mentee.first_name} is already enrolled in {programme.name}."
            if mentor_id is not None and session.get(Worker, mentor_id) is None:
                errors["mentor"] = "Choose a mentor from the list."
            checked_date(started_on, "The start date", today, errors, "started_on")
            if errors:
                raise ValidationError(errors)
            enrolment = Enrolment(mentee_id=mentee_id, programme_id=programme_id, mentor_id=mentor_id,
                                  started_on=started_on)
            session.add(enrolment)
            session.flush()
            audit.record(session, action=AuditAction.CREATE, entity="enrolment", entity_id=enrolment.id,
                         fields=("programme_id", "mentor_id", "started_on"), actor_id=actor_id)
            return _detail(session, mentee, today)

    def reassign(self, enrolment_id: uuid.UUID, mentor_id: uuid.UUID, on: date, reason: str,
                 actor_id: uuid.UUID | None = None, today: date | None = None) -> MenteeDetail:
        """A new mentor: the open enrolment ends on `on` and a new one starts, so history keeps both."""
        today = today or date.today()
        self._access.require_coordinator("give a mentee another mentor")
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            enrolment = session.get(Enrolment, enrolment_id)
            if enrolment is None or enrolment.ended_on is not None:
                raise NotFoundError("This enrolment has ended or no longer exists.")
            errors: dict[str, str] = {}
            if session.get(Worker, mentor_id) is None:
                errors["mentor"] = "Choose a mentor from the list."
            elif mentor_id == enrolment.mentor_id:
                errors["mentor"] = "Choose a different mentor from the current one."
            if checked_date(on, "The date", today, errors, "on") and on < enrolment.started_on:
                errors["on"] = "The date must lie between the enrolment's start and today."
            reason = clean_text(reason)
            if not reason:
                errors["reason"] = "Say why the mentor changes; it stays in the history."
            if errors:
                raise ValidationError(errors)
            enrolment.ended_on = on
            enrolment.end_reason = reason
            successor = Enrolment(mentee_id=enrolment.mentee_id, programme_id=enrolment.programme_id,
                                  mentor_id=mentor_id, started_on=on)
            session.add(successor)
            session.flush()
            audit.record(session, action=AuditAction.UPDATE, entity="enrolment", entity_id=enrolment.id,
                         fields=("ended_on", "end_reason"), actor_id=actor_id)
            audit.record(session, action=AuditAction.CREATE, entity="enrolment", entity_id=successor.id,
                         fields=("programme_id", "mentor_id", "started_on"), actor_id=actor_id)
            return _detail(session, reachable_mentee(session, self._access, enrolment.mentee_id), today)

    def caseload_counts(self, worker_id: uuid.UUID | None) -> tuple[int, int]:
        """(mentees in this worker's caseload, all mentees)."""
        with self._sessions() as session:
            everyone = session.scalar(select(func.count(Mentee.id)).where(mentee_scope(self._access))) or 0
            if worker_id is None:
                return 0, everyone
            mine = session.scalar(select(func.count(Mentee.id)).where(_in_caseload(worker_id))) or 0
            return mine, everyone


# ---- query building


class _Columns:
    """The table's derived columns as SQL, for a given day (ages, consent age)."""

    def __init__(self, today: date, age_limit: int) -> None:
        current = (
            select(Enrolment.id)
            .where(Enrolment.mentee_id == Mentee.id, Enrolment.ended_on.is_(None))
            .order_by(Enrolment.started_on.desc())
            .limit(1)
            .correlate(Mentee)
            .scalar_subquery()
        )
        self.mentor = (
            select(Worker.full_name).join(Enrolment, Enrolment.mentor_id == Worker.id)
            .where(Enrolment.id == current).correlate(Mentee).scalar_subquery()
        )
        self.programme = (
            select(Programme.name).join(Enrolment, Enrolment.programme_id == Programme.id)
            .where(Enrolment.id == current).correlate(Mentee).scalar_subquery()
        )
        self.last_session = (
            select(func.max(MentoringSession.session_date))
            .join(SessionAttendance, SessionAttendance.session_id == MentoringSession.id)
            .where(SessionAttendance.mentee_id == Mentee.id, unindexed(MentoringSession.status) == SessionStatus.HELD,
                   SessionAttendance.attendance == Attendance.ATTENDED)
            .correlate(Mentee).scalar_subquery()
        )
        self.next_follow_up = (
            select(func.min(FollowUp.due_date))
            .where(FollowUp.mentee_id == Mentee.id, unindexed(FollowUp.done_at).is_(None))
            .correlate(Mentee).scalar_subquery()
        )
        self.step = pathway_step_expression()
        self.consent = consent_state_expression(age_limit, today)

    def sort_key(self, column: MenteeColumn) -> ColumnElement:
        return {
            MenteeColumn.CODE: Mentee.reference_code,
            MenteeColumn.NAME: Mentee.sort_name,
            MenteeColumn.AGE: Mentee.birth_date,
            MenteeColumn.STATUS: Mentee.status,
            MenteeColumn.MENTOR: self.mentor,
            MenteeColumn.PROGRAMME: self.programme,
            MenteeColumn.STEP: pathway_rank_expression(),
            MenteeColumn.LAST_SESSION: self.last_session,
            MenteeColumn.NEXT_FOLLOW_UP: self.next_follow_up,
            MenteeColumn.CONSENT: self.consent,
        }[column]


def _in_caseload(worker_id: uuid.UUID) -> ColumnElement[bool]:
    return exists(select(Enrolment.id).where(Enrolment.mentee_id == Mentee.id, Enrolment.mentor_id == worker_id,
                                             Enrolment.ended_on.is_(None)).correlate(Mentee))


def _filtered(statement: Select, query: MenteeQuery, columns: _Columns) -> Select:
    for word in fold_for_search(query.text).split():
        statement = statement.where(Mentee.search_text.contains(word, autoescape=True))
    if query.statuses:
        statement = statement.where(Mentee.status.in_(sorted(query.statuses)))
    if query.mentor_id is not None:
        statement = statement.where(_in_caseload(query.mentor_id))
    if query.programme_id is not None:
        statement = statement.where(exists(select(Enrolment.id).where(
            Enrolment.mentee_id == Mentee.id, Enrolment.programme_id == query.programme_id,
            Enrolment.ended_on.is_(None)).correlate(Mentee)))
    if query.step == NOT_STARTED:
        statement = statement.where(columns.step.is_(None))
    elif query.step == PATHWAY_COMPLETE:
        statement = statement.where(columns.step == PATHWAY_COMPLETE)
    elif query.step is not None:
        statement = statement.where(columns.step == PathwayStep(query.step).value)
    if query.ids is not None:
        # Inlined rather than bound: a figure can count more mentees than some SQLite builds allow parameters.
        listed = bindparam("listed_ids", sorted(query.ids), expanding=True, literal_execute=True)
        statement = statement.where(Mentee.id.in_(listed))
    return statement


def _step(value: str | None) -> PathwayStep | str | None:
    return PATHWAY_COMPLETE if value == PATHWAY_COMPLETE else PathwayStep(value) if value else None


# ---- records



def _detail(session: Session, mentee: Mentee, today: date) -> MenteeDetail:
    changed_by = Worker.full_name.label("changed_by")
    history = session.execute(
        select(MenteeStatusChange, changed_by)
        .outerjoin(Worker, Worker.id == MenteeStatusChange.changed_by_id)
        .where(MenteeStatusChange.mentee_id == mentee.id)
        .order_by(MenteeStatusChange.changed_on.desc(), MenteeStatusChange.created_at.desc())
    ).all()
    enrolments = session.execute(
        select(Enrolment, Programme.name, Worker.full_name)
        .join(Programme, Programme.id == Enrolment.programme_id)
        .outerjoin(Worker, Worker.id == Enrolment.mentor_id)
        .where(Enrolment.mentee_id == mentee.id)
        .order_by(Enrolment.ended_on.is_not(None), Enrolment.started_on.desc())
    ).all()
    return MenteeDetail(
        id=mentee.id,
        reference_code=mentee.reference_code,
        form=MenteeForm(
            first_name=mentee.first_name, last_name=mentee.last_name, birth_date=mentee.birth_date,
            preferred_name=mentee.preferred_name or "", gender=mentee.gender, email=mentee.email or "",
            phone=mentee.phone or "", postcode=mentee.postcode or "", languages=mentee.languages or "",
        ),
        status=mentee.status,
        age=age_on(mentee.birth_date, today) if mentee.birth_date else None,
        history=tuple(
            StatusChange(change.status, change.previous_status, change.changed_on, change.reason, who)
            for change, who in history
        ),
        enrolments=tuple(
            EnrolmentInfo(e.id, e.programme_id, programme, e.mentor_id, mentor, e.started_on, e.ended_on,
                          e.end_reason)
            for e, programme, mentor in enrolments
        ),
    )


def age_range(session: Session) -> tuple[int, int]:
    row = session.execute(select(Organisation.min_mentee_age, Organisation.max_mentee_age)).first()
    return (row[0], row[1]) if row else (13, 99)


def _check(session: Session, form: MenteeForm, mentee_id: uuid.UUID | None,
           today: date) -> tuple[dict[str, str], tuple[str, ...]]:
    errors: dict[str, str] = {}
    mentee_values(session, form, today, errors)
    return errors, (() if errors else _duplicates(session, form, mentee_id))


def mentee_values(session: Session, form: MenteeForm, today: date, errors: dict[str, str],
                  ages: tuple[int, int] | None = None) -> dict[str, object]:
    """The form's cleaned values for the Mentee columns; each invalid field adds a sentence to `errors`.

    `ages` is the organisation's (youngest, oldest); pass it when checking many forms at once.
    """
    values: dict[str, object] = {
        "first_name": required_text(form.first_name, "The first name", 100, errors, "first_name"),
        "last_name": required_text(form.last_name, "The last name", 100, errors, "last_name"),
        "preferred_name": optional_text(form.preferred_name, "The preferred name", 100, errors, "preferred_name"),
        "birth_date": form.birth_date,
        "gender": form.gender,
        "email": optional_email(form.email, errors),
        "phone": optional_phone(form.phone, errors),
        "postcode": optional_text(form.postcode, "The postcode", 20, errors, "postcode"),
        "languages": optional_text(form.languages, "Languages", 200, errors, "languages"),
    }
    youngest, oldest = ages or age_range(session)
    if form.birth_date is None:
        errors["birth_date"] = "The birth date is required: consent and reports depend on the age."
    elif form.birth_date > today:
        errors["birth_date"] = "The birth date cannot be in the future."
    elif not years_before(today, oldest + 1) < form.birth_date <= years_before(today, youngest):
        errors["birth_date"] = (f"Mentees are {youngest} to {oldest} years old here; this birth date makes "
                                f"{age_on(form.birth_date, today)}.")
    return values


def _validated(session: Session, form: MenteeForm, mentee_id: uuid.UUID | None, today: date,
               confirmed: bool) -> dict[str, object]:
    errors: dict[str, str] = {}
    values = mentee_values(session, form, today, errors)
    if errors:
        raise ValidationError(errors)
    if not confirmed:
        duplicates = _duplicates(session, form, mentee_id)
        if duplicates:
            raise DuplicateWarning(duplicates)
    return values


def _duplicates(session: Session, form: MenteeForm, mentee_id: uuid.UUID | None) -> tuple[str, ...]:
    if form.birth_date is None:
        return ()
    # Compare folded names, so "Zoë" typed as "Zoe" still counts as the same person.
    first, last = fold_for_search(clean_text(form.first_name)), fold_for_search(clean_text(form.last_name))
    candidates = session.execute(
        select(Mentee.reference_code, Mentee.first_name, Mentee.last_name)
        .where(Mentee.birth_date == form.birth_date, Mentee.id != mentee_id if mentee_id else True)
    ).all()
    return tuple(code for code, f, la in candidates if fold_for_search(f) == first and fold_for_search(la) == last)


def next_reference_code(session: Session) -> str:
    """The organisation's prefix and the next number: MD-0042 after MD-0041."""
    prefix = session.scalar(select(Organisation.mentee_code_prefix)) or "MD"
    codes = session.scalars(select(Mentee.reference_code).where(Mentee.reference_code.like(f"{prefix}-%")))
    highest = max((int(m.group(1)) for code in codes if (m := CODE_NUMBER.search(code))), default=0)
    return f"{prefix}-{highest + 1:04d}"


def _check_status(session: Session, mentee: Mentee, status: MenteeStatus, changed_on: date, reason: str,
                  today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if status == mentee.status:
        errors["status"] = f"The status is already {status.value.replace('_', ' ')}."
    elif (problem := transition_problem(mentee.status, status)) is not None:
        errors["status"] = problem
    last_change = session.scalar(select(func.max(MenteeStatusChange.changed_on))
                                 .where(MenteeStatusChange.mentee_id == mentee.id))
    valid_date = checked_date(changed_on, "The date", today, errors, "changed_on")
    if valid_date is not None and last_change is not None and valid_date < last_change:
        errors["changed_on"] = f"The date cannot be before the last change ({last_change.isoformat()})."
    if status in REASON_NEEDED and not reason:
        errors["reason"] = "Say why; the reason stays in the history."
    elif len(reason) > 500:
        errors["reason"] = "The reason is too long (at most 500 characters)."
    if status is MenteeStatus.ACTIVE and not errors:
        state = session.scalar(select(consent_state_expression(consent_age(session), today))
                               .where(Mentee.id == mentee.id))
        if state != ConsentState.VALID:
            errors["status"] = CONSENT_BLOCKS[ConsentState(state)].format(name=mentee.first_name)
    return errors


def transition_problem(current: MenteeStatus, wanted: MenteeStatus) -> str | None:
    """Why `current` cannot become `wanted` in one step, or None when it can."""
    if wanted in TRANSITIONS[current]:
        return None
    return f"A {_spoken(current)} mentee cannot become {_spoken(wanted)} directly."


def _spoken(status: MenteeStatus) -> str:
    return status.value.replace("_", " ")


# Why a mentee cannot become active yet, by the state of their processing consent.
CONSENT_BLOCKS = {
    ConsentState.MISSING: "{name} cannot become active before consent to process their data is recorded.",
    ConsentState.WITHDRAWN: "{name} has withdrawn consent to process their data; record new consent first.",
    ConsentState.GUARDIAN_NEEDED: "{name} is under the digital-consent age: a parent or guardian must give "
                                  "consent before the record can be made active.",
}

