"""What a signed-in mentor may reach, as SQL conditions and checked lookups.

A mentor's caseload is the mentees with an open enrolment whose mentor they are. From it follow:
- sessions: those they mentor, and those a caseload mentee took part in;
- follow-ups: those they own, those for a caseload mentee, and those agreed in a session they reach;
- every other record (assessments, activities, outcomes, consent, certificates, ...) through its mentee.

Each helper takes the workspace's `Access`; while nobody or a coordinator is signed in the
conditions are `true()` and the lookups are plain ones. A record outside the caseload is refused
with the same NotFoundError as a missing one, so a refusal never confirms that it exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.orm import Session

from mentordesk.db.models import Enrolment, FollowUp, Mentee, MentoringSession, SessionAttendance
from mentordesk.services.access import Access
from mentordesk.services.errors import NotFoundError

_Model = TypeVar("_Model")
MISSING_MENTEE = "This mentee no longer exists."


def caseload_ids(worker_id: uuid.UUID) -> Select:
    """The ids of the mentees with an open enrolment whose mentor is `worker_id`."""
    return select(Enrolment.mentee_id).where(Enrolment.mentor_id == worker_id, Enrolment.ended_on.is_(None))


def mentee_scope(access: Access, column: Any = Mentee.id) -> ColumnElement[bool]:
    """`column` (a mentee id) is in the signed-in mentor's caseload; true for everyone else."""
    worker = access.caseload_of
    return true() if worker is None else column.in_(caseload_ids(worker))


def session_scope(access: Access, column: Any = MentoringSession.id) -> ColumnElement[bool]:
    """`column` (a session id) is a session the mentor mentors or a caseload mentee took part in."""
    worker = access.caseload_of
    if worker is None:
        return true()
    mentored = select(MentoringSession.id).where(MentoringSession.mentor_id == worker)
    attended = select(SessionAttendance.session_id).where(SessionAttendance.mentee_id.in_(caseload_ids(worker)))
    return column.in_(mentored.union(attended))


def follow_up_scope(access: Access) -> ColumnElement[bool]:
    worker = access.caseload_of
    if worker is None:
        return true()
    return or_(FollowUp.owner_id == worker, FollowUp.mentee_id.in_(caseload_ids(worker)),
               session_scope(access, FollowUp.session_id))


def reachable_mentee(session: Session, access: Access, mentee_id: uuid.UUID,
                     missing: str = MISSING_MENTEE) -> Mentee:
    mentee = session.get(Mentee, mentee_id)
    if mentee is None or not mentee_reachable(session, access, mentee_id):
        raise NotFoundError(missing)
    return mentee


def mentee_reachable(session: Session, access: Access, mentee_id: uuid.UUID | None) -> bool:
    worker = access.caseload_of
    if worker is None:
        return True
    return mentee_id is not None and session.scalar(
        caseload_ids(worker).where(Enrolment.mentee_id == mentee_id).limit(1)) is not None


def reachable_record(session: Session, access: Access, model: type[_Model], record_id: uuid.UUID,
                     missing: str) -> _Model:
    """A record that belongs to one mentee (it has a `mentee_id`), if the mentee is reachable."""
    record = session.get(model, record_id)
    if record is None or not mentee_reachable(session, access, record.mentee_id):  # type: ignore[attr-defined]
        raise NotFoundError(missing)
    return record


def reachable_session(session: Session, access: Access, session_id: uuid.UUID, missing: str) -> MentoringSession:
    record = session.get(MentoringSession, session_id)
    if record is None or not session_reachable(session, access, session_id):
        raise NotFoundError(missing)
    return record


def session_reachable(session: Session, access: Access, session_id: uuid.UUID | None) -> bool:
    if access.caseload_of is None:
        return True
    return session_id is not None and session.scalar(
        select(MentoringSession.id).where(MentoringSession.id == session_id, session_scope(access))) is not None


def reachable_follow_up(session: Session, access: Access, follow_up_id: uuid.UUID, missing: str) -> FollowUp:
    record = session.get(FollowUp, follow_up_id)
    if record is None or (access.caseload_of is not None and session.scalar(
            select(FollowUp.id).where(FollowUp.id == follow_up_id, follow_up_scope(access))) is None):
        raise NotFoundError(missing)
    return record


def require_reachable_mentees(session: Session, access: Access, mentee_ids: Iterable[uuid.UUID],
                              allowed: Iterable[uuid.UUID] = (), missing: str = MISSING_MENTEE) -> None:
    """Refuse when any of `mentee_ids` is outside the caseload (those in `allowed` pass anyway)."""
    worker = access.caseload_of
    if worker is None:
        return
    wanted = set(mentee_ids) - set(allowed)
    if not wanted:
        return
    found = set(session.scalars(caseload_ids(worker).where(Enrolment.mentee_id.in_(sorted(wanted)))))
    if wanted - found:
        raise NotFoundError(missing)


def reachable_ids(session: Session, access: Access, mentee_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """`mentee_ids` in order, without those outside the caseload."""
    ids = list(mentee_ids)
    worker = access.caseload_of
    if worker is None:
        return ids
    mine = set(session.scalars(caseload_ids(worker)))
    return [mentee_id for mentee_id in ids if mentee_id in mine]
