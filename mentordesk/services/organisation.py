"""The organisation's people and programmes: workers and programmes, listed and edited in Settings."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import CompetenceFramework, Enrolment, Organisation, Programme, Worker
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import AuditAction, WorkerRole
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.accounts import lockout_problem
from mentordesk.services.errors import NotFoundError, ValidationError
from mentordesk.services.lookup import require
from mentordesk.services.record_changes import assign
from mentordesk.services.search_text import fold_for_search
from mentordesk.services.validation import optional_email, optional_phone, optional_text, required_text


@dataclass(frozen=True)
class WorkerForm:
    full_name: str
    role: WorkerRole = WorkerRole.MENTOR
    job_title: str = ""
    email: str = ""
    phone: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class WorkerInfo:
    id: uuid.UUID
    full_name: str
    role: WorkerRole
    job_title: str | None
    email: str | None
    phone: str | None
    is_active: bool
    caseload: int  # mentees with an open enrolment with this worker

    def form(self) -> WorkerForm:
        return WorkerForm(self.full_name, self.role, self.job_title or "", self.email or "", self.phone or "",
                          self.is_active)


@dataclass(frozen=True)
class ProgrammeForm:
    name: str
    start_date: date | None
    end_date: date | None = None
    planned_weeks: int | None = None
    target_hours: int | None = None
    funder: str = ""
    description: str = ""
    framework_id: uuid.UUID | None = None  # None: the built-in Key Competences


@dataclass(frozen=True)
class ProgrammeInfo:
    id: uuid.UUID
    name: str
    start_date: date
    end_date: date | None
    planned_weeks: int | None
    target_hours: int | None
    funder: str | None
    description: str | None
    framework_id: uuid.UUID
    framework: str
    enrolled: int  # open enrolments

    def form(self) -> ProgrammeForm:
        return ProgrammeForm(self.name, self.start_date, self.end_date, self.planned_weeks, self.target_hours,
                             self.funder or "", self.description or "", self.framework_id)


class OrganisationService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    # ---- workers

    def workers(self, active_only: bool = False) -> list[WorkerInfo]:
        caseload = (
            select(func.count(Enrolment.id))
            .where(Enrolment.mentor_id == Worker.id, Enrolment.ended_on.is_(None))
            .correlate(Worker).scalar_subquery()
        )
        statement = select(Worker, caseload)
        if active_only:
            statement = statement.where(Worker.is_active)
        with self._sessions() as session:
            workers = [_worker_info(worker, count) for worker, count in session.execute(statement)]
        # Sorted here: SQLite's lower() folds ASCII only, so "Émilie" would sort after "Zoe".
        return sorted(workers, key=lambda worker: fold_for_search(worker.full_name))

    def save_worker(self, form: WorkerForm, worker_id: uuid.UUID | None = None,
                    actor_id: uuid.UUID | None = None) -> WorkerInfo:
        self._access.require_coordinator("add or change workers")
        actor_id = self._access.actor(actor_id)
        errors: dict[str, str] = {}
        values = {
            "full_name": required_text(form.full_name, "The name", 200, errors, "full_name"),
            "role": form.role,
            "job_title": optional_text(form.job_title, "The job title", 200, errors, "job_title"),
            "email": optional_email(form.email, errors),
            "phone": optional_phone(form.phone, errors),
            "is_active": form.is_active,
        }
        if errors:
            raise ValidationError(errors)
        with self._sessions.begin() as session:
            worker = require(session, Worker, worker_id, "This worker no longer exists.") if worker_id else Worker()
            if worker_id and (problem := lockout_problem(session, worker, form.role, form.is_active)):
                raise ValidationError({"role" if form.is_active else "is_active": problem})
            changed = sorted(name for name, value in values.items() if getattr(worker, name, None) != value)
            for name, value in values.items():
                setattr(worker, name, value)
            session.add(worker)
            session.flush()
            audit.record(session, action=AuditAction.UPDATE if worker_id else AuditAction.CREATE, entity="worker",
                         entity_id=worker.id, fields=changed, actor_id=actor_id)
            return _worker_info(worker, _caseload(session, worker.id))

    # ---- programmes

    def programmes(self, include_archived: bool = False) -> list[ProgrammeInfo]:
        enrolled = (
            select(func.count(Enrolment.id))
            .where(Enrolment.programme_id == Programme.id, Enrolment.ended_on.is_(None))
            .correlate(Programme).scalar_subquery()
        )
        statement = (
            select(Programme, CompetenceFramework.name, enrolled)
            .join(CompetenceFramework, CompetenceFramework.id == Programme.framework_id)
            .order_by(Programme.start_date.desc(), Programme.name)
        )
        if not include_archived:
            statement = statement.where(Programme.is_archived.is_(False))
        with self._sessions() as session:
            return [_programme_info(p, framework, count) for p, framework, count in session.execute(statement)]

    def frameworks(self) -> list[tuple[uuid.UUID, str]]:
        with self._sessions() as session:
            # The Key Competences first: a new programme's default, the framework Youthpass describes learning in.
            return list(session.execute(select(CompetenceFramework.id, CompetenceFramework.name)
                                        .order_by(CompetenceFramework.id != key_competences_id(),
                                                  CompetenceFramework.is_builtin.desc(), CompetenceFramework.name)))

    def save_programme(self, form: ProgrammeForm, programme_id: uuid.UUID | None = None,
                       actor_id: uuid.UUID | None = None) -> ProgrammeInfo:
        self._access.require_coordinator("add or change programmes")
        actor_id = self._access.actor(actor_id)
        errors: dict[str, str] = {}
        values = {
            "name": required_text(form.name, "The programme's name", 200, errors, "name"),
            "start_date": form.start_date,
            "end_date": form.end_date,
            "planned_weeks": form.planned_weeks,
            "target_hours": form.target_hours,
            "funder": optional_text(form.funder, "The funder", 200, errors, "funder"),
            "description": optional_text(form.description, "The description", 2000, errors, "description",
                                         multiline=True),
            "framework_id": form.framework_id or key_competences_id(),
        }
        if form.start_date is None:
            errors["start_date"] = "The start date is required."
        elif form.end_date is not None and form.end_date < form.start_date:
            errors["end_date"] = "The end date cannot be before the start date."
        if form.planned_weeks is not None and not 1 <= form.planned_weeks <= 520:
            errors["planned_weeks"] = "Planned weeks must be from 1 to 520."
        if form.target_hours is not None and not 0 <= form.target_hours <= 10_000:
            errors["target_hours"] = "Target hours must be from 0 to 10,000."
        with self._sessions.begin() as session:
            # Compared in Python: SQLite's lower() would let "ŁÓDŹ" and "łódź" through as different names.
            wanted = str(values["name"]).casefold()
            clash = next((pid for pid, name in session.execute(select(Programme.id, Programme.name))
                          if name.casefold() == wanted and pid != programme_id), None)
            if values["name"] and clash is not None:
                errors["name"] = "Another programme already has this name."
            if session.get(CompetenceFramework, values["framework_id"]) is None:
                errors["framework_id"] = "Choose a competence framework from the list."
            if errors:
                raise ValidationError(errors)
            programme = (require(session, Programme, programme_id, "This programme no longer exists.")
                         if programme_id else Programme())
            changed = sorted(name for name, value in values.items() if getattr(programme, name, None) != value)
            for name, value in values.items():
                setattr(programme, name, value)
            session.add(programme)
            session.flush()
            audit.record(session, action=AuditAction.UPDATE if programme_id else AuditAction.CREATE,
                         entity="programme", entity_id=programme.id, fields=changed, actor_id=actor_id)
            framework = session.get(CompetenceFramework, programme.framework_id)
            enrolled = session.scalar(select(func.count(Enrolment.id)).where(
                Enrolment.programme_id == programme.id, Enrolment.ended_on.is_(None))) or 0
            return _programme_info(programme, framework.name if framework else "", enrolled)



def _caseload(session: Session, worker_id: uuid.UUID) -> int:
    return session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.mentor_id == worker_id, Enrolment.ended_on.is_(None))) or 0


def _worker_info(worker: Worker, caseload: int) -> WorkerInfo:
    return WorkerInfo(worker.id, worker.full_name, worker.role, worker.job_title, worker.email, worker.phone,
                      worker.is_active, caseload)


def _programme_info(programme: Programme, framework: str, enrolled: int) -> ProgrammeInfo:
    return ProgrammeInfo(programme.id, programme.name, programme.start_date, programme.end_date,
                         programme.planned_weeks, programme.target_hours, programme.funder, programme.description,
                         programme.framework_id, framework, enrolled)


@dataclass(frozen=True)
class OrganisationProfile:
    """The organisation's identity and the rules that apply to all its programmes."""

    name: str
    place: str = ""
    country_code: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    digital_consent_age: int = 16
    min_mentee_age: int = 13
    max_mentee_age: int = 99
    inactivity_days: int = 21
    mentee_code_prefix: str = "MD"
    certificate_prefix: str = "MD"
    # Months after a mentee's programmes end before their records are offered for erasure; None: no period.
    retention_months: int | None = None


MAX_RETENTION_MONTHS = 600
PREFIX = re.compile(r"^[A-Z0-9]{1,8}$")


class OrganisationProfileService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def profile(self) -> OrganisationProfile | None:
        with self._sessions() as session:
            row = session.scalars(select(Organisation)).first()
            if row is None:
                return None
            return OrganisationProfile(
                row.name, row.place or "", row.country_code or "", row.signatory_name or "",
                row.signatory_role or "", row.digital_consent_age, row.min_mentee_age, row.max_mentee_age,
                row.inactivity_days, row.mentee_code_prefix, row.certificate_prefix, row.retention_months)

    def save(self, form: OrganisationProfile, actor_id: uuid.UUID | None = None) -> OrganisationProfile:
        self._access.require_coordinator("change the organisation's settings")
        actor_id = self._access.actor(actor_id)
        errors: dict[str, str] = {}
        values = {
            "name": required_text(form.name, "The organisation's name", 200, errors, "name"),
            "place": optional_text(form.place, "The place", 120, errors, "place"),
            "country_code": (optional_text(form.country_code, "The country code", 2, errors, "country_code")
                             or "").upper() or None,
            "signatory_name": optional_text(form.signatory_name, "The signatory's name", 200, errors,
                                            "signatory_name"),
            "signatory_role": optional_text(form.signatory_role, "The signatory's role", 200, errors,
                                            "signatory_role"),
            "digital_consent_age": form.digital_consent_age,
            "min_mentee_age": form.min_mentee_age,
            "max_mentee_age": form.max_mentee_age,
            "inactivity_days": form.inactivity_days,
            "mentee_code_prefix": form.mentee_code_prefix.strip().upper(),
            "certificate_prefix": form.certificate_prefix.strip().upper(),
            "retention_months": form.retention_months or None,
        }
        if not 13 <= form.digital_consent_age <= 16:
            errors["digital_consent_age"] = "The GDPR lets countries set the digital-consent age from 13 to 16."
        if not 0 <= form.min_mentee_age <= form.max_mentee_age <= 120:
            errors["max_mentee_age"] = "The oldest age must be at least the youngest, and at most 120."
        if not 1 <= form.inactivity_days <= 365:
            errors["inactivity_days"] = "Choose from 1 to 365 days."
        if form.retention_months is not None and not 0 <= form.retention_months <= MAX_RETENTION_MONTHS:
            errors["retention_months"] = f"Choose from 1 to {MAX_RETENTION_MONTHS} months, or no retention period."
        for field in ("mentee_code_prefix", "certificate_prefix"):
            if not PREFIX.match(str(values[field])):
                errors[field] = "Use 1 to 8 capital letters or digits, e.g. MD or NYC."
        if errors:
            raise ValidationError(errors)
        with self._sessions.begin() as session:
            row = session.scalars(select(Organisation)).first()
            if row is None:
                raise NotFoundError("MentorDesk is not set up for an organisation yet.")
            changed = sorted(assign(row, values))
            if changed:
                audit.record(session, action=AuditAction.UPDATE, entity="organisation", entity_id=row.id,
                             fields=changed, actor_id=actor_id)
        profile = self.profile()
        assert profile is not None
        return profile
