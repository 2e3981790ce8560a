"""Counts of what the database holds, for the shell and the Settings page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ScalarSelect, func, select

from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import Certificate, FollowUp, Mentee, MentoringSession, Programme, Worker
from mentordesk.enums import MenteeStatus


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
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    def counts(self) -> DatabaseCounts:
        def count(model: type, *where: object) -> ScalarSelect[int]:
            return select(func.count()).select_from(model).where(*where).scalar_subquery()

        query = select(
            count(Mentee),
            count(Mentee, Mentee.status == MenteeStatus.ACTIVE),
            count(Worker),
            count(Programme),
            count(MentoringSession),
            count(FollowUp, FollowUp.done_at.is_(None)),
            count(Certificate),
        )
        with self._sessions() as session:
            return DatabaseCounts(*session.execute(query).one())
