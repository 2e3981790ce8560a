"""Worker accounts: passwords (Argon2id), roles, signing in and out, and slowing down guessing.

Accounts are "on" as soon as one active worker has a password; from then on the app and the
command line ask who is working, and a signed-in mentor reaches only their own caseload (see
access.py). While they are off nothing here is needed and access is open.

Rules that keep an organisation from locking itself out:
- the first password set must be a coordinator's, so someone can always manage the others;
- once accounts are on, only a signed-in coordinator manages other workers' passwords and roles
  (anyone may change their own password, giving the current one);
- the last active coordinator with a password cannot lose it, or the coordinator role, while other
  workers still have passwords.

Guessing: every wrong password is counted on the worker's row (so restarting the app does not
reset it). After FREE_TRIES wrong ones in a row, each further try must wait 2^(n-2) seconds after
the last wrong one, at most MAX_WAIT_SECONDS; the refusal says how long. A right password resets
the count. Every attempt is audited as SIGN_IN with "success", "failure" or "throttled" as its only
field: never the password.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.db.base import utcnow
from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import Worker
from mentordesk.enums import AuditAction, WorkerRole
from mentordesk.services import audit
from mentordesk.services.access import Access, AccessDenied, Principal
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError
from mentordesk.services.search_text import fold_for_search

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # Argon2 takes any length; a limit keeps a pasted file from being hashed
FREE_TRIES = 3
MAX_WAIT_SECONDS = 300
_MISSING_WORKER = "This worker no longer exists."


class WrongPassword(DomainError):
    def __init__(self) -> None:
        super().__init__("The password is not right.")


class SignInThrottled(DomainError):
    """Too many wrong passwords in a row: `wait_seconds` must pass before the next try."""

    def __init__(self, wait_seconds: int) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(f"Too many wrong passwords: wait {spoken_wait(wait_seconds)} before trying again.")


@dataclass(frozen=True)
class AccountInfo:
    worker_id: uuid.UUID
    name: str
    role: WorkerRole
    is_active: bool
    has_password: bool


def wait_after(failures: int) -> int:
    """Seconds the next try must wait after the last of `failures` wrong passwords in a row."""
    if failures < FREE_TRIES:
        return 0
    return min(2 ** (failures - FREE_TRIES + 1), MAX_WAIT_SECONDS)


def spoken_wait(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _hasher() -> PasswordHasher:
    # Imported here: argon2 stays off the path to the first window.
    from argon2 import PasswordHasher

    return PasswordHasher()  # Argon2id, the library's RFC 9106 low-memory profile (t=3, m=64 MiB, p=4)


class AccountService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()
        self._clock = clock

    @property
    def access(self) -> Access:
        return self._access

    # ---- reading

    def accounts_on(self) -> bool:
        """Whether any active worker has a password (then the app asks who is working)."""
        with self._sessions() as session:
            return _accounts_on(session)

    def accounts(self) -> list[AccountInfo]:
        """Every worker with whether they have a password, by name."""
        with self._sessions() as session:
            rows = session.execute(select(Worker.id, Worker.full_name, Worker.role, Worker.is_active,
                                          Worker.password_hash.is_not(None))).all()
        accounts = [AccountInfo(*row) for row in rows]
        return sorted(accounts, key=lambda account: fold_for_search(account.name))

    def find_worker(self, name: str) -> uuid.UUID:
        """The active worker with this name (any letter case or accents), for the command line."""
        wanted = fold_for_search(name)
        matches = [account for account in self.accounts()
                   if account.is_active and fold_for_search(account.name) == wanted]
        if not matches:
            raise NotFoundError(f"No active worker is called {name.strip()!r}.")
        if len(matches) > 1:
            raise DomainError(f"More than one active worker is called {name.strip()!r}; rename one in Settings.")
        return matches[0].worker_id

    # ---- signing in and out

    def sign_in(self, worker_id: uuid.UUID, password: str) -> Principal:
        """Check the password and sign the workspace's Access in as this worker."""
        principal = self.verify_password(worker_id, password)
        self._access.sign_in(principal)
        return principal

    def verify_password(self, worker_id: uuid.UUID, password: str) -> Principal:
        """Check the password without changing who is signed in (unlocking a locked window).

        Raises SignInThrottled before checking anything while the worker must wait, WrongPassword
        when it is wrong, and DomainError when the worker cannot sign in at all.
        """
        now = self._clock()
        with self._sessions() as session:
            worker = session.get(Worker, worker_id)
            if worker is None or not worker.is_active:
                raise NotFoundError("Choose a worker from the list.")
            if worker.password_hash is None:
                raise DomainError(f"{worker.full_name} has no password yet; a coordinator can set one in Settings.")
            stored, failures, last_failed = worker.password_hash, worker.failed_sign_ins, worker.last_failed_sign_in_at
            principal = Principal(worker.id, worker.full_name, worker.role)
        if last_failed is not None:
            remaining = (last_failed + timedelta(seconds=wait_after(failures)) - now).total_seconds()
            if remaining > 0:
                self._note_attempt(worker_id, "throttled")
                raise SignInThrottled(math.ceil(remaining))
        # Hashing happens outside any transaction: it takes a while and must not hold the write lock.
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = _hasher()
        try:
            hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            self._note_attempt(worker_id, "failure", failed_at=now)
            raise WrongPassword() from None
        rehashed = hasher.hash(password) if hasher.check_needs_rehash(stored) else None
        self._note_attempt(worker_id, "success", rehashed=rehashed)
        return principal

    def sign_out(self) -> None:
        self._access.sign_out()

    def _note_attempt(self, worker_id: uuid.UUID, outcome: str, failed_at: datetime | None = None,
                      rehashed: str | None = None) -> None:
        with self._sessions.begin() as session:
            worker = session.get(Worker, worker_id)
            if worker is None:
                return
            if outcome == "failure":
                worker.failed_sign_ins += 1
                worker.last_failed_sign_in_at = failed_at
            elif outcome == "success":
                worker.failed_sign_ins, worker.last_failed_sign_in_at = 0, None
                if rehashed is not None:
                    worker.password_hash = rehashed
            audit.record(session, action=AuditAction.SIGN_IN, entity="worker", entity_id=worker_id,
                         fields=[outcome], actor_id=worker_id if outcome == "success" else None)

    # ---- managing accounts

    def set_password(self, worker_id: uuid.UUID, password: str, current_password: str | None = None) -> None:
        """Set or change a worker's password (Argon2id).

        Changing one's own password while signed in needs the current one; a coordinator may set
        anyone's. The first password of the organisation must be a coordinator's.
        """
        problem = password_problem(password)
        if problem:
            raise ValidationError({"password": problem})
        with self._sessions() as session:
            worker = _active_worker(session, worker_id)
            on = _accounts_on(session)
            own = self._access.actor_id == worker_id
            if not own:
                self._require_manager("set another worker's password", on)
            if not on and worker.role is not WorkerRole.COORDINATOR:
                raise ValidationError({"password": "The first password must be a coordinator's, so that someone "
                                                   "can always manage the others' accounts."})
            if own and worker.password_hash is not None and not self._is_coordinator():
                if current_password is None or not _matches(worker.password_hash, current_password):
                    raise ValidationError({"current_password": "The current password is not right."})
        hashed = _hasher().hash(password)
        with self._sessions.begin() as session:
            worker = _active_worker(session, worker_id)
            worker.password_hash = hashed
            worker.failed_sign_ins, worker.last_failed_sign_in_at = 0, None
            audit.record(session, action=AuditAction.UPDATE, entity="worker", entity_id=worker_id,
                         fields=["password_hash"], actor_id=self._access.actor_id)

    def remove_password(self, worker_id: uuid.UUID) -> None:
        """The worker can no longer sign in; when nobody has a password left, accounts are off again."""
        with self._sessions.begin() as session:
            self._require_manager("remove a worker's password", _accounts_on(session))
            worker = session.get(Worker, worker_id)
            if worker is None:
                raise NotFoundError(_MISSING_WORKER)
            if worker.password_hash is None:
                return
            if _is_last_manager(session, worker) and _others_with_passwords(session, worker.id):
                raise DomainError(f"{worker.full_name} is the only coordinator who can sign in; set another "
                                  "coordinator's password first, or remove the other passwords.")
            worker.password_hash = None
            worker.failed_sign_ins, worker.last_failed_sign_in_at = 0, None
            audit.record(session, action=AuditAction.UPDATE, entity="worker", entity_id=worker_id,
                         fields=["password_hash"], actor_id=self._access.actor_id)

    def set_role(self, worker_id: uuid.UUID, role: WorkerRole) -> None:
        role = WorkerRole(role)
        with self._sessions.begin() as session:
            self._require_manager("change a worker's role", _accounts_on(session))
            worker = session.get(Worker, worker_id)
            if worker is None:
                raise NotFoundError(_MISSING_WORKER)
            if worker.role is role:
                return
            if (role is not WorkerRole.COORDINATOR and _is_last_manager(session, worker)
                    and _others_with_passwords(session, worker.id)):
                raise DomainError(f"{worker.full_name} is the only coordinator who can sign in; make another "
                                  "worker with a password a coordinator first.")
            worker.role = role
            audit.record(session, action=AuditAction.UPDATE, entity="worker", entity_id=worker_id,
                         fields=["role"], actor_id=self._access.actor_id)
        principal = self._access.principal
        if principal is not None and principal.worker_id == worker_id:
            self._access.sign_in(Principal(principal.worker_id, principal.name, role))

    def _is_coordinator(self) -> bool:
        principal = self._access.principal
        return principal is not None and principal.is_coordinator

    def _require_manager(self, doing: str, accounts_on: bool) -> None:
        """Refuse a signed-in mentor always, and, with accounts on, also nobody signed in (stricter than
        Access.require_coordinator: who manages accounts must have proved who they are)."""
        if self._access.principal is None and not accounts_on:
            return
        if not self._is_coordinator():
            raise AccessDenied(f"Only a coordinator who is signed in can {doing}.")


def password_problem(password: str) -> str | None:
    """Why this password is refused, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"The password is too long (at most {MAX_PASSWORD_LENGTH} characters)."
    if not password.strip():
        return "The password cannot be only spaces."
    return None


def _matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def lockout_problem(session: Session, worker: Worker, role: WorkerRole, active: bool) -> str | None:
    """Why `worker` may not become `role` / inactive: they are the last coordinator who can sign in."""
    if (role is WorkerRole.COORDINATOR and active) or not _is_last_manager(session, worker):
        return None
    if not _others_with_passwords(session, worker.id):
        return None
    return (f"{worker.full_name} is the only coordinator who can sign in; give another worker with a password "
            "the coordinator role first.")


def _accounts_on(session: Session) -> bool:
    return session.scalar(select(Worker.id).where(Worker.is_active.is_(True), Worker.password_hash.is_not(None))
                          .limit(1)) is not None


def _active_worker(session: Session, worker_id: uuid.UUID) -> Worker:
    worker = session.get(Worker, worker_id)
    if worker is None:
        raise NotFoundError(_MISSING_WORKER)
    if not worker.is_active:
        raise ValidationError({"password": f"{worker.full_name} is inactive; make the worker active first."})
    return worker


def _is_last_manager(session: Session, worker: Worker) -> bool:
    """Whether `worker` is the only active coordinator with a password."""
    if worker.role is not WorkerRole.COORDINATOR or worker.password_hash is None or not worker.is_active:
        return False
    others = session.scalar(select(func.count(Worker.id)).where(
        Worker.id != worker.id, Worker.role == WorkerRole.COORDINATOR, Worker.is_active.is_(True),
        Worker.password_hash.is_not(None)))
    return not others


def _others_with_passwords(session: Session, worker_id: uuid.UUID) -> bool:
    return session.scalar(select(Worker.id).where(Worker.id != worker_id, Worker.is_active.is_(True),
                                                  Worker.password_hash.is_not(None)).limit(1)) is not None
