"""Accounts: passwords, the first-coordinator rule, managing others, sign-in, throttling and its audit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mentordesk.db.models import AuditEvent, Worker
from mentordesk.enums import AuditAction, WorkerRole
from mentordesk.services.access import Access, AccessDenied
from mentordesk.services.accounts import (
    AccountService,
    SignInThrottled,
    WrongPassword,
    spoken_wait,
    wait_after,
)
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def access() -> Access:
    return Access()


@pytest.fixture
def accounts(session_factory, access: Access, clock: Clock) -> AccountService:
    return AccountService(session_factory, access, clock=clock)


def add_worker(session_factory, name: str, role: WorkerRole = WorkerRole.MENTOR, active: bool = True) -> uuid.UUID:
    with session_factory.begin() as session:
        worker = Worker(id=uuid.uuid4(), full_name=name, role=role, is_active=active)
        session.add(worker)
    return worker.id


def sign_in_events(session_factory) -> list[tuple[uuid.UUID | None, list[str]]]:
    with session_factory() as session:
        return [(event.actor_id, event.fields) for event in session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.SIGN_IN).order_by(AuditEvent.seq))]


def test_wait_grows_after_three_free_tries_and_is_capped() -> None:
    assert [wait_after(n) for n in range(8)] == [0, 0, 0, 2, 4, 8, 16, 32]
    assert wait_after(30) == 300
    assert spoken_wait(1) == "1 second" and spoken_wait(45) == "45 seconds" and spoken_wait(61) == "2 minutes"


def test_accounts_are_off_until_a_coordinator_has_a_password(session_factory, accounts: AccountService) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    mentor = add_worker(session_factory, "Mo Mentor")
    assert not accounts.accounts_on()
    with pytest.raises(ValidationError) as refused:
        accounts.set_password(mentor, PASSWORD)
    assert "first password must be a coordinator's" in refused.value.errors["password"]
    with pytest.raises(ValidationError) as short:
        accounts.set_password(coordinator, "too short")
    assert short.value.errors == {"password": "The password must have at least 10 characters."}
    accounts.set_password(coordinator, PASSWORD)
    assert accounts.accounts_on()
    with session_factory() as session:
        stored = session.get(Worker, coordinator).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_only_a_signed_in_coordinator_manages_others_once_accounts_are_on(
        session_factory, accounts: AccountService, access: Access) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    mentor = add_worker(session_factory, "Mo Mentor")
    other = add_worker(session_factory, "Olu Other")
    accounts.set_password(coordinator, PASSWORD)
    with pytest.raises(AccessDenied):  # nobody signed in
        accounts.set_password(mentor, PASSWORD)
    accounts.sign_in(coordinator, PASSWORD)
    accounts.set_password(mentor, "mentor password 1")
    accounts.set_password(other, "other password 1")
    accounts.sign_in(mentor, "mentor password 1")
    assert access.caseload_of == mentor
    with pytest.raises(AccessDenied):
        accounts.set_password(other, "a new password")
    with pytest.raises(AccessDenied):
        accounts.set_role(mentor, WorkerRole.COORDINATOR)
    with pytest.raises(AccessDenied):
        accounts.remove_password(other)
    # A mentor changes their own password with the current one.
    with pytest.raises(ValidationError) as refused:
        accounts.set_password(mentor, "my new password", current_password="wrong one")
    assert set(refused.value.errors) == {"current_password"}
    accounts.set_password(mentor, "my new password", current_password="mentor password 1")
    accounts.sign_out()
    assert access.principal is None
    with pytest.raises(WrongPassword):
        accounts.sign_in(mentor, "mentor password 1")
    assert accounts.sign_in(mentor, "my new password").role is WorkerRole.MENTOR


def test_the_last_coordinator_who_can_sign_in_keeps_password_and_role(
        session_factory, accounts: AccountService) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    mentor = add_worker(session_factory, "Mo Mentor")
    accounts.set_password(coordinator, PASSWORD)
    accounts.sign_in(coordinator, PASSWORD)
    accounts.set_password(mentor, "mentor password 1")
    with pytest.raises(DomainError, match="only coordinator who can sign in"):
        accounts.set_role(coordinator, WorkerRole.MENTOR)
    with pytest.raises(DomainError, match="only coordinator who can sign in"):
        accounts.remove_password(coordinator)
    accounts.set_role(mentor, WorkerRole.COORDINATOR)
    accounts.set_role(coordinator, WorkerRole.MENTOR)  # now someone else can manage
    assert {a.name: a.role for a in accounts.accounts()} == {"Ana Coord": WorkerRole.MENTOR,
                                                             "Mo Mentor": WorkerRole.COORDINATOR}


def test_removing_every_password_turns_accounts_off(session_factory, accounts: AccountService,
                                                    access: Access) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    accounts.set_password(coordinator, PASSWORD)
    accounts.sign_in(coordinator, PASSWORD)
    accounts.remove_password(coordinator)
    assert not accounts.accounts_on()
    assert [a.has_password for a in accounts.accounts()] == [False]


def test_wrong_passwords_slow_down_and_a_right_one_resets(session_factory, accounts: AccountService,
                                                          clock: Clock, access: Access) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    accounts.set_password(coordinator, PASSWORD)
    for _ in range(3):
        with pytest.raises(WrongPassword):
            accounts.sign_in(coordinator, "not the password")
    with pytest.raises(SignInThrottled) as throttled:  # even the right password waits
        accounts.sign_in(coordinator, PASSWORD)
    assert throttled.value.wait_seconds == 2
    assert str(throttled.value) == "Too many wrong passwords: wait 2 seconds before trying again."
    assert access.principal is None
    clock.advance(2)
    with pytest.raises(WrongPassword):
        accounts.sign_in(coordinator, "still not it")
    clock.advance(3)
    with pytest.raises(SignInThrottled) as throttled:
        accounts.sign_in(coordinator, PASSWORD)
    assert throttled.value.wait_seconds == 1  # 4 seconds after the 4th wrong one
    clock.advance(1)
    assert accounts.sign_in(coordinator, PASSWORD).worker_id == coordinator
    with session_factory() as session:
        worker = session.get(Worker, coordinator)
        assert (worker.failed_sign_ins, worker.last_failed_sign_in_at) == (0, None)
    events = sign_in_events(session_factory)
    assert [fields for _, fields in events] == [["failure"]] * 3 + [["throttled"], ["failure"], ["throttled"],
                                                                    ["success"]]
    assert events[-1][0] == coordinator and events[0][0] is None


def test_the_count_survives_a_new_service(session_factory, accounts: AccountService, clock: Clock) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    accounts.set_password(coordinator, PASSWORD)
    for _ in range(12):
        with pytest.raises((WrongPassword, SignInThrottled)):
            accounts.sign_in(coordinator, "guess")
        clock.advance(600)
    restarted = AccountService(session_factory, Access(), clock=clock)
    clock.advance(-600 + 10)  # ten seconds after the last guess
    with pytest.raises(SignInThrottled, match="wait 5 minutes"):
        restarted.sign_in(coordinator, PASSWORD)


def test_who_cannot_sign_in(session_factory, accounts: AccountService) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    mentor = add_worker(session_factory, "Mo Mentor")
    accounts.set_password(coordinator, PASSWORD)
    with pytest.raises(DomainError, match="has no password yet"):
        accounts.sign_in(mentor, PASSWORD)
    with pytest.raises(NotFoundError):
        accounts.sign_in(uuid.uuid4(), PASSWORD)
    with session_factory.begin() as session:
        session.get(Worker, coordinator).is_active = False
    with pytest.raises(NotFoundError):
        accounts.sign_in(coordinator, PASSWORD)


def test_verify_password_does_not_change_who_is_signed_in(session_factory, accounts: AccountService,
                                                          access: Access) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    accounts.set_password(coordinator, PASSWORD)
    assert accounts.verify_password(coordinator, PASSWORD).name == "Ana Coord"
    assert access.principal is None


def test_find_worker_by_name_ignores_case_and_accents(session_factory, accounts: AccountService) -> None:
    zoe = add_worker(session_factory, "Zoë Brandt")
    add_worker(session_factory, "Old Hand", active=False)
    assert accounts.find_worker("zoe brandt") == zoe
    with pytest.raises(NotFoundError, match="No active worker"):
        accounts.find_worker("Old Hand")


def test_the_password_never_reaches_the_audit_trail(session_factory, accounts: AccountService) -> None:
    coordinator = add_worker(session_factory, "Ana Coord", WorkerRole.COORDINATOR)
    accounts.set_password(coordinator, PASSWORD)
    with pytest.raises(WrongPassword):
        accounts.sign_in(coordinator, "a wrong guess")
    accounts.sign_in(coordinator, PASSWORD)
    with session_factory() as session:
        text = repr([(e.entity, e.fields, e.action) for e in session.scalars(select(AuditEvent))])
    assert PASSWORD not in text and "a wrong guess" not in text
    assert "password_hash" in text
