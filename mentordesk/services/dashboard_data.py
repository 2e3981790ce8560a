"""What the dashboard shows and the funder report prints: one set of figures from one set of queries.

Every figure that can be clicked carries a `Drill`: the filter that lists the mentees behind it,
so the dashboard opens exactly the people a bar, slice or row counts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class DashboardFilter:
    programme_id: uuid.UUID | None = None
    mentor_id: uuid.UUID | None = None
    date_from: date | None = None  # the period for sessions, hours, outcomes and certificates
    date_to: date | None = None


class DrillKind(StrEnum):
    ACTIVE = "active"  # active mentees
    STEP = "step"  # value: a PathwayStep value, "not_started" or "complete"
    MENTOR = "mentor"  # value: the worker id as text
    NO_CONTACT = "no_contact"  # active, no held attended session for the inactivity period
    OVERDUE_FOLLOW_UP = "overdue_follow_up"
    CONSENT_MISSING = "consent_missing"  # consent not valid (missing, withdrawn, guardian needed)
    PROGRAMME_ENDING = "programme_ending"  # value: the programme id as text
    CERTIFIED = "certified"  # holds an unrevoked certificate issued in the period
    SESSIONS_IN_WEEK = "sessions_in_week"  # value: ISO date of the week's Monday; attended a held session then


@dataclass(frozen=True)
class Drill:
    kind: DrillKind
    value: str = ""
    label: str = ""  # what the list is, for the Mentees page's heading (English; the ui may word its own)


@dataclass(frozen=True)
class Card:
    key: str  # active_mentees, sessions_month, hours_month, certificates, overdue_follow_ups, consent_missing
    value: float
    drill: Drill | None = None


@dataclass(frozen=True)
class FunnelStage:
    stage: str  # "assessment", "learning_offer", "validation", "certified"
    mentees: int
    drill: Drill


@dataclass(frozen=True)
class WeekBar:
    week_start: date  # Monday
    in_person: int
    online: int
    drill: Drill


@dataclass(frozen=True)
class CompetenceProgress:
    competence_id: uuid.UUID
    code: str
    name: str
    baseline: float | None  # average level at baseline (ranks on the framework's scale)
    latest: float | None  # average of each mentee's latest assessed level
    mentees: int  # mentees counted


@dataclass(frozen=True)
class MentorLoad:
    mentor_id: uuid.UUID
    name: str
    caseload: int  # active mentees currently enrolled with this mentor
    hours: float  # hours of held sessions in the period
    drill: Drill


@dataclass(frozen=True)
class AttentionItem:
    drill: Drill  # NO_CONTACT, OVERDUE_FOLLOW_UP, CONSENT_MISSING or PROGRAMME_ENDING
    count: int


@dataclass(frozen=True)
class Dashboard:
    filter: DashboardFilter
    today: date
    cards: tuple[Card, ...]
    funnel: tuple[FunnelStage, ...]
    weeks: tuple[WeekBar, ...]  # the last 12 weeks, oldest first
    competences: tuple[CompetenceProgress, ...]
    framework: str  # the framework the competence figures use
    mentors: tuple[MentorLoad, ...]
    attention: tuple[AttentionItem, ...]
    # The service's own working, handed back to it by `dashboard(since=…)` to reuse what a change left alone.
    workings: Any = field(default=None, compare=False, repr=False)


SMALL_GROUP = 5  # the funder report shows any count below this as "fewer than 5"


@dataclass(frozen=True)
class Count:
    """A count for an anonymised report: `value` is None when the group is too small to show."""

    label: str
    value: int | None

    @property
    def shown(self) -> str:
        return "fewer than 5" if self.value is None else str(self.value)


@dataclass(frozen=True)
class FunderReport:
    organisation: str
    period_from: date
    period_to: date
    filter: DashboardFilter
    participants_by_status: tuple[Count, ...]
    participants_by_gender: tuple[Count, ...]
    participants_by_age_band: tuple[Count, ...]
    hours_total: float
    hours_per_participant: tuple[Count, ...]  # dosage bands, e.g. "under 5 h", "5–10 h", ...
    sessions_by_mode: tuple[Count, ...]
    pathway: tuple[Count, ...]  # the funnel stages
    outcomes_by_competence: tuple[Count, ...]
    certificates: tuple[Count, ...]  # by kind
    weeks: tuple[WeekBar, ...] = field(default=())
    programme: str = ""  # the filtered programme's name (a mentor stays unnamed: that would point at people)
