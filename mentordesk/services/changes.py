"""What a mutation changed, so pages refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    ORGANISATION = "organisation"
    WORKERS = "workers"
    PROGRAMMES = "programmes"
    FRAMEWORKS = "frameworks"
    MENTEES = "mentees"
    CONSENT = "consent"
    SESSIONS = "sessions"
    FOLLOW_UPS = "follow_ups"
    PATHWAY = "pathway"
    CERTIFICATES = "certificates"


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[ChangeKind]

    @classmethod
    def of(cls, *kinds: ChangeKind) -> Changes:
        return cls(frozenset(kinds))

    @classmethod
    def everything(cls) -> Changes:
        return cls(frozenset(ChangeKind))

    def touches(self, *kinds: ChangeKind) -> bool:
        return not self.kinds.isdisjoint(kinds)
