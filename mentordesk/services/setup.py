"""First start: the organisation, the first worker and the first programme."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import Organisation, Programme, Worker
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import AuditAction, WorkerRole
from mentordesk.services import audit
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.keys import KeyService
from mentordesk.services.validation import required_text

log = logging.getLogger(__name__)

DEFAULT_PROGRAMME_WEEKS = 26
# What setup writes of each record, for the audit trail (names only).
_SETUP_FIELDS = {
    "organisation": ["name"],
    "worker": ["full_name", "role"],
    "programme": ["name", "start_date", "planned_weeks", "end_date", "framework_id"],
}


@dataclass(frozen=True)
class OrganisationInfo:
    id: uuid.UUID
    name: str
    digital_consent_age: int
    inactivity_days: int


@dataclass(frozen=True)
class SetupResult:
    organisation: OrganisationInfo
    worker_id: uuid.UUID
    worker_name: str
    programme_id: uuid.UUID
    programme_name: str


class SetupService:
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    def needs_setup(self) -> bool:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(Organisation)) == 0

    def organisation(self) -> OrganisationInfo | None:
        with self._sessions() as session:
            row = session.scalars(select(Organisation)).first()
            return None if row is None else _organisation_info(row)

    def complete(
        self, organisation_name: str, worker_name: str, programme_name: str, today: date | None = None,
        keys: KeyService | None = None,
    ) -> SetupResult:
        """Create the organisation, its first worker (a coordinator) and a first programme.

        With `keys`, the organisation's signing key is created too, once the organisation exists (its
        name is the key's owner); should that fail, the key is created when the first certificate is.
        """
        errors: dict[str, str] = {}
        names = {
            "organisation_name": required_text(organisation_name, "The organisation's name", 200, errors,
                                               "organisation_name"),
            "worker_name": required_text(worker_name, "Your name", 200, errors, "worker_name"),
            "programme_name": required_text(programme_name, "The programme's name", 200, errors,
                                            "programme_name"),
        }
        if errors:
            raise ValidationError(errors)
        start = today or date.today()
        with self._sessions.begin() as session:
            if session.scalar(select(func.count()).select_from(Organisation)):
                raise DomainError("MentorDesk is already set up for an organisation.")
            organisation = Organisation(name=names["organisation_name"])
            worker = Worker(full_name=names["worker_name"], role=WorkerRole.COORDINATOR)
            programme = Programme(
                name=names["programme_name"],
                start_date=start,
                planned_weeks=DEFAULT_PROGRAMME_WEEKS,
                end_date=start + timedelta(weeks=DEFAULT_PROGRAMME_WEEKS),
                framework_id=key_competences_id(),
            )
            session.add_all([organisation, worker, programme])
            session.flush()
            for entity, row in (("organisation", organisation), ("worker", worker), ("programme", programme)):
                audit.record(session, action=AuditAction.CREATE, entity=entity, entity_id=row.id,
                             fields=_SETUP_FIELDS[entity], actor_id=worker.id)
            result = SetupResult(
                organisation=_organisation_info(organisation),
                worker_id=worker.id,
                worker_name=worker.full_name,
                programme_id=programme.id,
                programme_name=programme.name,
            )
        if keys is not None:
            try:
                keys.own_key(create=True)
            except DomainError:  # setup is saved; refusing now would only make the person set up twice
                log.warning("the organisation's signing key could not be created at setup", exc_info=True)
        return result


def _organisation_info(row: Organisation) -> OrganisationInfo:
    return OrganisationInfo(
        id=row.id,
        name=row.name,
        digital_consent_age=row.digital_consent_age,
        inactivity_days=row.inactivity_days,
    )
