"""Follow-ups: ticking an agreed action done, or undoing that."""

from __future__ import annotations

import uuid
from datetime import datetime

from mentordesk.db.base import utcnow
from mentordesk.db.engine import SessionFactory
from mentordesk.enums import AuditAction
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.caseload import reachable_follow_up


class FollowUpService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def set_done(self, follow_up_id: uuid.UUID, done: bool, actor_id: uuid.UUID | None = None,
                 now: datetime | None = None) -> None:
        """Mark done at `now` (UTC-aware; default the current time) or open again.

        Asking for the state it already has changes nothing: a second tick from another window
        keeps the first time it was done.
        """
        if now is not None and now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            follow_up = reachable_follow_up(session, self._access, follow_up_id, "This follow-up no longer exists.")
            if (follow_up.done_at is not None) == done:
                return
            follow_up.done_at = (now or utcnow()) if done else None
            audit.record(session, action=AuditAction.UPDATE, entity="follow_up", entity_id=follow_up.id,
                         fields=("done_at",), actor_id=actor_id)
