"""The audit trail: a SHA-256 hash chain that names the first event changed, removed or reordered."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from mentordesk.db.models import AuditEvent
from mentordesk.enums import AuditAction
from mentordesk.services.audit import GENESIS_HASH, event_hash, record, verify_chain

EVENTS = 5
MIDDLE = 3


@pytest.fixture
def chain(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Five events: four in their own transactions, the last two in a shared one."""
    actor = uuid.uuid4()
    for number in range(EVENTS - 2):
        with session_factory.begin() as session:
            record(session, action=AuditAction.UPDATE, entity="mentee", entity_id=uuid.uuid4(),
                   fields=["phone", "email"] if number % 2 else ["first_name"], actor_id=actor)
    with session_factory.begin() as session:
        record(session, action=AuditAction.EXPORT, entity="mentee", entity_id=uuid.uuid4(),
               fields=["mentee", "case_note"])
        record(session, action=AuditAction.ERASE, entity="mentee", entity_id=None, fields=["mentee"])
    return session_factory


def _events(sessions: sessionmaker[Session]) -> list[AuditEvent]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_events_form_a_chain_that_verifies(chain: sessionmaker[Session]) -> None:
    events = _events(chain)
    assert [event.seq for event in events] == list(range(1, EVENTS + 1))
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    for event in events:
        assert len(event.hash) == 64 and event.hash == event_hash(event)
    assert events[1].fields == ["email", "phone"], "field names are stored sorted"
    assert events[-1].entity_id is None and events[-1].action is AuditAction.ERASE
    with chain() as session:
        assert verify_chain(session) is None


def test_an_empty_trail_verifies(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        assert verify_chain(session) is None


def test_a_rolled_back_change_leaves_no_event(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError), session_factory.begin() as session:
        record(session, action=AuditAction.DELETE, entity="mentee", entity_id=uuid.uuid4())
        raise RuntimeError("the change failed")
    assert _events(session_factory) == []


@pytest.mark.parametrize("bad", [["Ana Nowak"], ["email=ana@example.org"], [""]])
def test_values_are_refused_as_field_names(session_factory: sessionmaker[Session], bad: list[str]) -> None:
    with pytest.raises(ValueError), session_factory.begin() as session:
        record(session, action=AuditAction.UPDATE, entity="mentee", entity_id=None, fields=bad)


# Raw SQL, as someone editing the file with a database tool would; each value passes the CHECKs.
TAMPERING = {
    "id": f"'{uuid.uuid4().hex}'",
    "seq": "100",
    "occurred_at": "'2020-01-01 00:00:00.000000'",
    "actor_id": f"'{uuid.uuid4().hex}'",
    "action": "'view'",
    "entity": "'worker'",
    "entity_id": f"'{uuid.uuid4().hex}'",
    "fields": "'[\"notes\"]'",
    "prev_hash": f"'{'1' * 64}'",
    "hash": f"'{'2' * 64}'",
}


@pytest.mark.parametrize("column", sorted(TAMPERING))
def test_editing_any_column_of_a_middle_event_is_found_at_its_seq(chain: sessionmaker[Session],
                                                                   column: str) -> None:
    with chain.begin() as session:
        changed = session.execute(
            text(f"UPDATE audit_event SET {column} = {TAMPERING[column]} WHERE seq = {MIDDLE}")
        ).rowcount
        assert changed == 1
    with chain() as session:
        assert verify_chain(session) == MIDDLE


@pytest.mark.parametrize("seq", [1, MIDDLE])
def test_removing_an_event_is_found(chain: sessionmaker[Session], seq: int) -> None:
    with chain.begin() as session:
        session.execute(text("DELETE FROM audit_event WHERE seq = :seq"), {"seq": seq})
    with chain() as session:
        assert verify_chain(session) == seq


def test_recomputing_the_edited_events_hash_breaks_the_next_link(chain: sessionmaker[Session]) -> None:
    with chain.begin() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.seq == MIDDLE)).one()
        event.entity = "worker"
        event.hash = event_hash(event)
    with chain() as session:
        assert verify_chain(session) == MIDDLE + 1


def test_new_events_continue_the_chain(chain: sessionmaker[Session]) -> None:
    last = _events(chain)[-1]
    with chain.begin() as session:
        record(session, action=AuditAction.VIEW, entity="case_note", entity_id=uuid.uuid4())
    newest = _events(chain)[-1]
    assert (newest.seq, newest.prev_hash) == (last.seq + 1, last.hash)
    with chain() as session:
        assert verify_chain(session) is None
