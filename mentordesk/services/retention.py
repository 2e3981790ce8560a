"""Retention: records kept past the organisation's period are listed, and erased after confirmation.

GDPR Art. 5(1)(e) (storage limitation) leaves the period to the organisation; it is set as
`organisation.retention_months` (None: no period, nothing is ever due).

A mentee is past retention when they were enrolled in at least one programme, every one of
those programmes has ended (has an end date), and the latest end is more than the period ago.
An enrolment's end is its programme's end date, or its own `ended_on` when that is later (an
extension); an enrolment left open in a programme that ended ends with the programme. A mentee
who was never enrolled (a referral) is not covered: there is no programme end to count from.

Erasure is the mentees issue's own (PersonalDataService.erase: every linked row, evidence files,
the certificate register kept but unlinked, a pseudonymous audit event, the WAL truncated).
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import Enrolment, Mentee, Organisation, Programme
from mentordesk.services.access import Access
from mentordesk.services.errors import NotFoundError
from mentordesk.services.personal_data import PersonalDataService


@dataclass(frozen=True)
class PastRetention:
    mentee_id: uuid.UUID
    reference_code: str
    name: str
    ended_on: date  # the latest end of the mentee's programmes


@dataclass(frozen=True)
class RetentionErasure:
    erased: tuple[str, ...]  # the reference codes erased
    skipped: int  # listed, but no longer past retention (or gone) when the erasure ran


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class RetentionService:
    def __init__(self, sessions: SessionFactory, personal_data: PersonalDataService,
                 access: Access | None = None) -> None:
        self._sessions = sessions
        self._personal_data = personal_data
        self._access = access

    def period_months(self) -> int | None:
        with self._sessions() as session:
            return session.scalar(select(Organisation.retention_months))

    def past_retention(self, today: date | None = None) -> list[PastRetention]:
        """Mentees past the retention period, the longest past first (names included: a coordinator's list)."""
        if self._access is not None:
            self._access.require_coordinator("see the records past their retention period")
        with self._sessions() as session:
            return _past(session, today or date.today())

    def erase(self, mentee_ids: Sequence[uuid.UUID], actor_id: uuid.UUID | None = None,
              today: date | None = None) -> RetentionErasure:
        """Erase these mentees, each only if still past retention when its turn comes; one erasure each."""
        if self._access is not None:
            self._access.require_coordinator("erase records past their retention period")
        today = today or date.today()
        wanted = set(mentee_ids)
        erased: list[str] = []
        with self._sessions() as session:
            due = {item.mentee_id: item for item in _past(session, today) if item.mentee_id in wanted}
        for mentee_id in mentee_ids:
            item = due.get(mentee_id)
            if item is None:
                continue
            try:
                result = self._personal_data.erase(mentee_id, item.reference_code, actor_id)
            except NotFoundError:  # erased meanwhile (another window, the CLI)
                continue
            erased.append(result.reference_code)
        return RetentionErasure(erased=tuple(erased), skipped=len(mentee_ids) - len(erased))


def _past(session: Session, today: date) -> list[PastRetention]:
    months = session.scalar(select(Organisation.retention_months))
    if not months:
        return []
    cutoff = months_before(today, months)
    enrolment_end = case((Enrolment.ended_on > Programme.end_date, Enrolment.ended_on), else_=Programme.end_date)
    ends = (
        select(Enrolment.mentee_id, func.max(enrolment_end).label("ended_on"))
        .join(Programme, Programme.id == Enrolment.programme_id)
        .group_by(Enrolment.mentee_id)
        # every programme has ended: count(end_date) skips the NULLs that count(*) counts
        .having(func.count() == func.count(Programme.end_date), func.max(enrolment_end) < cutoff)
        .subquery()
    )
    rows = session.execute(
        select(Mentee.id, Mentee.reference_code, Mentee.first_name, Mentee.last_name, ends.c.ended_on)
        .join(ends, ends.c.mentee_id == Mentee.id)
        .order_by(ends.c.ended_on, Mentee.reference_code)
    )
    return [PastRetention(mentee_id=mentee_id, reference_code=code, name=f"{first} {last}".strip(), ended_on=ended)
            for mentee_id, code, first, last, ended in rows]
