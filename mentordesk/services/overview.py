"""Counts of what the database holds, for the shell and the Settings page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ScalarSelect, func, select

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import Certificate, FollowUp, Mentee, MentoringSession, Programme, Worker
from mentordesk.enums import MenteeStatus
from mentordesk.services.access import Access
from mentordesk.services.caseload import follow_up_scope, mentee_scope, session_scope


@dataclass(frozen=True)
class DatabaseCounts:
    mentees: int
    active_mentees: int
    workers: int
    programmes: int
    sessions: int
    open_follow_ups: int
    certificates: int


class OverviewService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def counts(self) -> DatabaseCounts:
        """Everything in the database; a signed-in mentor's mentee figures count only what they reach."""
        access = self._access
        def count(model: type, *where: object) -> ScalarSelect[int]:
            return select(func.count()).select_from(model).where(*where).scalar_subquery()

        query = select(
            count(Mentee, mentee_scope(access)),
            count(Mentee, Mentee.status == MenteeStatus.ACTIVE, mentee_scope(access)),
            count(Worker),
            count(Programme),
            count(MentoringSession, session_scope(access)),
            count(FollowUp, FollowUp.done_at.is_(None), follow_up_scope(access)),
            count(Certificate, mentee_scope(access, Certificate.mentee_id)),
        )
        with self._sessions() as session:
            return DatabaseCounts(*session.execute(query).one())
