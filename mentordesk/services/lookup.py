"""Fetching a record a request names, or refusing with a sentence when it is gone."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.orm import Session

from mentordesk.db.models import Mentee
from mentordesk.services.errors import NotFoundError

_Model = TypeVar("_Model")


def require(session: Session, model: type[_Model], record_id: uuid.UUID, missing: str) -> _Model:
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(missing)
    return record


def require_mentee(session: Session, mentee_id: uuid.UUID) -> Mentee:
    return require(session, Mentee, mentee_id, "This mentee no longer exists.")
