"""The audit trail's query service: filters, newest first, worker names, the chain's state, CSV, coordinator only."""

from __future__ import annotations

import csv
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlalchemy.orm import Session, sessionmaker

from mentordesk.db.models import AuditEvent, Worker
from mentordesk.enums import AuditAction, WorkerRole
from mentordesk.services.access import Access, AccessDenied, Principal
from mentordesk.services.audit import record
from mentordesk.services.audit_trail import UNKNOWN_WORKER, AuditQuery, AuditTrailService
from mentordesk.services.errors import ValidationError

MENTEE = uuid.UUID("3f2a0000-0000-4000-8000-000000000001")
OTHER = uuid.UUID("9b000000-0000-4000-8000-000000000002")
GONE_WORKER = uuid.uuid4()


@pytest.fixture
def trail(session_factory: sessionmaker[Session]) -> dict[str, uuid.UUID]:
    """Six events over three days by two workers (one since deleted) and nobody."""
    ana, bo = uuid.uuid4(), uuid.uuid4()
    with session_factory.begin() as session:
        session.add_all([Worker(id=ana, full_name="Ana Nováková", role=WorkerRole.COORDINATOR),
                         Worker(id=bo, full_name="Bo Lind")])
    plan = [
        (AuditAction.CREATE, "mentee", MENTEE, ["first_name", "last_name"], ana, datetime(2026, 3, 1, 9, tzinfo=UTC)),
        (AuditAction.VIEW, "mentee", MENTEE, [], bo, datetime(2026, 3, 1, 23, 59, tzinfo=UTC)),
        (AuditAction.UPDATE, "mentee", MENTEE, ["phone"], bo, datetime(2026, 3, 2, 0, 0, tzinfo=UTC)),
        (AuditAction.CREATE, "mentoring_session", OTHER, ["date"], ana, datetime(2026, 3, 2, 10, tzinfo=UTC)),
        (AuditAction.EXPORT, "mentee", MENTEE, ["mentee"], GONE_WORKER, datetime(2026, 3, 3, 8, tzinfo=UTC)),
        (AuditAction.ERASE, "mentee", None, ["mentee"], None, datetime(2026, 3, 3, 9, tzinfo=UTC)),
    ]
    for action, entity, entity_id, fields, actor, _ in plan:
        with session_factory.begin() as session:
            record(session, action=action, entity=entity, entity_id=entity_id, fields=fields, actor_id=actor)
    # Times set afterwards, through the ORM, and the chain re-hashed: as if recorded on those days.
    from mentordesk.services.audit import event_hash

    with session_factory.begin() as session:
        previous = "0" * 64
        for event, (*_, when) in zip(session.query(AuditEvent).order_by(AuditEvent.seq), plan, strict=True):
            event.occurred_at, event.prev_hash = when, previous
            event.hash = previous = event_hash(event)
    return {"ana": ana, "bo": bo}


def _service(session_factory, role: WorkerRole | None = None) -> AuditTrailService:
    access = Access()
    if role is not None:
        access.sign_in(Principal(uuid.uuid4(), "Someone", role))
    return AuditTrailService(session_factory, access)


def _seqs(service: AuditTrailService, **filters) -> list[int]:
    return service.search_seqs(AuditQuery(**filters))


def test_newest_first_and_each_filter(session_factory, trail) -> None:
    service = _service(session_factory)
    assert _seqs(service) == [6, 5, 4, 3, 2, 1]
    assert _seqs(service, descending=False) == [1, 2, 3, 4, 5, 6]
    assert _seqs(service, action=AuditAction.CREATE) == [4, 1]
    assert _seqs(service, actor_id=trail["bo"]) == [3, 2]
    assert _seqs(service, entity="mentoring_session") == [4]
    assert _seqs(service, record=str(MENTEE)) == [5, 3, 2, 1]
    assert _seqs(service, record="3F2A") == [5, 3, 2, 1], "a prefix, in either case"
    assert _seqs(service, record="9b00-00") == [4], "dashes as in the printed id are ignored"
    assert _seqs(service, date_from=date(2026, 3, 2)) == [6, 5, 4, 3]
    assert _seqs(service, date_to=date(2026, 3, 1)) == [2, 1], "the last day is included to its last minute"
    assert _seqs(service, date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)) == [4, 3]
    assert _seqs(service, action=AuditAction.CREATE, actor_id=trail["ana"], entity="mentee") == [1]
    assert service.count(AuditQuery(entity="mentee")) == 5


def test_rows_resolve_workers_and_show_ids_and_field_names_only(session_factory, trail) -> None:
    service = _service(session_factory)
    rows = service.rows([1, 5, 6])
    assert rows[1].actor == "Ana Nováková" and rows[1].fields == ("first_name", "last_name")
    assert rows[1].short_id == "3f2a0000" and rows[1].entity_id == MENTEE
    assert rows[1].occurred_at == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert rows[5].actor == UNKNOWN_WORKER and rows[5].actor_id == GONE_WORKER
    assert rows[6].actor == "" and rows[6].short_id == "" and rows[6].action is AuditAction.ERASE
    assert [row.seq for row in service.page(AuditQuery(), offset=2, limit=2)] == [4, 3]
    assert service.actors() == [(trail["ana"], "Ana Nováková"), (trail["bo"], "Bo Lind"),
                                (GONE_WORKER, UNKNOWN_WORKER)]
    assert service.entities() == ["mentee", "mentoring_session"]


def test_many_seqs_are_fetched_past_the_variable_limit(session_factory) -> None:
    with session_factory.begin() as session:
        for _ in range(2100):
            record(session, action=AuditAction.VIEW, entity="mentee", entity_id=MENTEE)
    service = _service(session_factory)
    seqs = service.search_seqs(AuditQuery())
    assert len(seqs) == 2100 and seqs[0] == 2100
    assert set(service.rows(seqs)) == set(seqs)


def test_bad_filters_are_refused_with_a_sentence(session_factory, trail) -> None:
    service = _service(session_factory)
    with pytest.raises(ValidationError) as refused:
        service.search_seqs(AuditQuery(record="MD-0042"))
    assert "0-9" in refused.value.errors["record"]
    with pytest.raises(ValidationError) as refused:
        service.count(AuditQuery(date_from=date(2026, 3, 3), date_to=date(2026, 3, 1)))
    assert "before the first day" in refused.value.errors["date_to"]


def test_chain_status_intact_then_broken(session_factory, trail) -> None:
    service = _service(session_factory)
    status = service.chain_status()
    assert status.intact and status.events == 6 and status.last_seq == 6
    with session_factory() as session:
        assert status.last_hash == session.scalar(text("SELECT hash FROM audit_event WHERE seq = 6"))
    assert status.problem() is None
    with session_factory.begin() as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 4).values(entity="worker"))
    broken = service.chain_status()
    assert not broken.intact and broken.broken_seq == 4
    assert broken.problem() == ("The audit trail is broken at event 4 (recorded 2026-03-02 10:00 UTC): "
                                "it was changed or removed after it was written.")


def test_large_seqs_are_written_with_thousands_separators(session_factory) -> None:
    from mentordesk.services.audit_trail import ChainStatus

    status = ChainStatus(events=5000, last_seq=5000, last_hash="a" * 64, broken_seq=1234, broken_at=None,
                         broken_missing=True, before_broken_at=None)
    assert status.problem() == ("The audit trail is broken at event 1,234 (no longer there): "
                                "it was changed or removed after it was written.")


def test_export_writes_the_filtered_events_and_records_itself(session_factory, trail, tmp_path: Path) -> None:
    service = _service(session_factory, WorkerRole.COORDINATOR)
    target = tmp_path / "trail.csv"
    assert service.export_csv(target, AuditQuery(entity="mentee", actor_id=trail["bo"])) == 2
    with target.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert [line["seq"] for line in lines] == ["3", "2"]
    assert lines[0]["time_utc"] == "2026-03-02 00:00:00" and lines[0]["worker"] == "Bo Lind"
    assert lines[0]["entity_id"] == str(MENTEE) and lines[0]["fields"] == "phone"
    assert len(lines[0]["hash"]) == 64
    newest = service.rows([7])[7]
    assert (newest.action, newest.entity, newest.entity_id) == (AuditAction.EXPORT, "audit_event", None)
    assert service.chain_status().intact


def test_export_to_a_missing_folder_records_nothing(session_factory, trail, tmp_path: Path) -> None:
    from mentordesk.services.errors import DomainError

    service = _service(session_factory)
    with pytest.raises(DomainError, match="does not exist"):
        service.export_csv(tmp_path / "nowhere" / "trail.csv", AuditQuery())
    assert service.count(AuditQuery()) == 6


@pytest.mark.parametrize("call", ["search_seqs", "count", "rows", "chain_status", "actors", "export_csv"])
def test_only_a_coordinator_may_read_the_trail(session_factory, trail, call: str, tmp_path: Path) -> None:
    mentor = _service(session_factory, WorkerRole.MENTOR)
    args = {"search_seqs": (AuditQuery(),), "count": (AuditQuery(),), "rows": ([1],), "chain_status": (),
            "actors": (), "export_csv": (tmp_path / "t.csv", AuditQuery())}[call]
    with pytest.raises(AccessDenied, match="Only a coordinator can view the audit trail."):
        getattr(mentor, call)(*args)
    assert not (tmp_path / "t.csv").exists()
    assert _service(session_factory, WorkerRole.COORDINATOR).count(AuditQuery()) == 6
