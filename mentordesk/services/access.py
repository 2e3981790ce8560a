"""Who is signed in, and what that lets them reach.

One `Access` object belongs to a workspace and is handed to every service that reads or
changes mentees' data. Services ask it, not the ui: a mentor signed in sees only the mentees
they mentor, through every call, whatever the screen shows.

While no account has a password there is nobody to sign in, and access is open (the worker
picked in the status bar is a convenience, not a security boundary).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from mentordesk.enums import WorkerRole
from mentordesk.services.errors import DomainError


class AccessDenied(DomainError):
    """The signed-in worker may not do this; the message says why, in one sentence."""


@dataclass(frozen=True)
class Principal:
    worker_id: uuid.UUID
    name: str
    role: WorkerRole

    @property
    def is_coordinator(self) -> bool:
        return self.role is WorkerRole.COORDINATOR


class Access:
    def __init__(self) -> None:
        self._principal: Principal | None = None

    @property
    def principal(self) -> Principal | None:
        return self._principal

    def sign_in(self, principal: Principal) -> None:
        self._principal = principal

    def sign_out(self) -> None:
        self._principal = None

    @property
    def actor_id(self) -> uuid.UUID | None:
        return self._principal.worker_id if self._principal else None

    @property
    def caseload_of(self) -> uuid.UUID | None:
        """The mentor whose caseload bounds every query, or None when all mentees are reachable."""
        if self._principal is None or self._principal.is_coordinator:
            return None
        return self._principal.worker_id

    def actor(self, given: uuid.UUID | None = None) -> uuid.UUID | None:
        """Who the audit trail names: the signed-in worker, else whoever the caller says (the status-bar pick)."""
        return self._principal.worker_id if self._principal is not None else given

    def require_coordinator(self, doing: str) -> None:
        """Refuse `doing` (e.g. "view the audit trail") to anyone signed in who is not a coordinator."""
        if self._principal is not None and not self._principal.is_coordinator:
            raise AccessDenied(f"Only a coordinator can {doing}.")
