"""Ticking a follow-up done and undoing it: the time is kept in UTC and each change is audited."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from mentordesk.db.models import AuditEvent, FollowUp
from mentordesk.enums import AuditAction
from mentordesk.services.audit import verify_chain
from mentordesk.services.errors import NotFoundError
from mentordesk.services.follow_ups import FollowUpService


@pytest.fixture
def service(session_factory) -> FollowUpService:
    return FollowUpService(session_factory)


@pytest.fixture
def follow_up_id(session_factory) -> uuid.UUID:
    with session_factory.begin() as session:
        follow_up = FollowUp(text="Send the CV to the college", due_date=date(2026, 11, 20))
        session.add(follow_up)
        session.flush()
        return follow_up.id


def _done_at(session_factory, follow_up_id: uuid.UUID) -> datetime | None:
    with session_factory() as session:
        return session.scalar(select(FollowUp.done_at).where(FollowUp.id == follow_up_id))


def _events(session_factory) -> list[tuple]:
    with session_factory() as session:
        return list(session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.entity_id,
                                           AuditEvent.fields, AuditEvent.actor_id).order_by(AuditEvent.seq)))


def test_done_and_undone_with_an_audit_event_each(service, session_factory, follow_up_id) -> None:
    actor = uuid.uuid4()
    tuesday = datetime(2026, 11, 24, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    service.set_done(follow_up_id, True, actor_id=actor, now=tuesday)
    assert _done_at(session_factory, follow_up_id) == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    service.set_done(follow_up_id, False, actor_id=actor)
    assert _done_at(session_factory, follow_up_id) is None
    assert _events(session_factory) == [(AuditAction.UPDATE, "follow_up", follow_up_id, ["done_at"], actor)] * 2
    with session_factory() as session:
        assert verify_chain(session) is None


def test_done_without_a_time_means_now(service, session_factory, follow_up_id) -> None:
    before = datetime.now(UTC)
    service.set_done(follow_up_id, True)
    done_at = _done_at(session_factory, follow_up_id)
    assert done_at is not None and done_at.tzinfo is not None
    assert before - timedelta(seconds=1) <= done_at <= datetime.now(UTC) + timedelta(seconds=1)


def test_ticking_twice_keeps_the_first_time_and_records_nothing_more(service, session_factory,
                                                                      follow_up_id) -> None:
    first = datetime(2026, 11, 24, 9, tzinfo=UTC)
    service.set_done(follow_up_id, True, now=first)
    service.set_done(follow_up_id, True, now=first + timedelta(hours=1))
    assert _done_at(session_factory, follow_up_id) == first
    assert len(_events(session_factory)) == 1


def test_a_missing_follow_up_is_refused_with_a_sentence(service) -> None:
    with pytest.raises(NotFoundError, match="no longer exists"):
        service.set_done(uuid.uuid4(), True)


def test_a_naive_time_is_refused(service, session_factory, follow_up_id) -> None:
    with pytest.raises(ValueError, match="timezone"):
        service.set_done(follow_up_id, True, now=datetime(2026, 11, 24, 9))
    assert _done_at(session_factory, follow_up_id) is None
