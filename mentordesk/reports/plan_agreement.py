"""The one-page mentoring agreement: the individual learning plan, printed to be signed on paper.

This module only lays out what it is given: plain strings, dates and numbers. Choosing the
activities, translating their kind and format into labels and naming the signatories is the
pathway service's job; reports never reach into services or the database.

ReportLab is imported inside `render_agreement()`, so importing this module is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AgreementActivity:
    """One row of the plan. `kind` and `format` are already human labels ("Workshop", "Online")."""

    title: str
    kind: str
    provider: str
    format: str
    start: date | None
    end: date | None
    hours: float | None
    competences: tuple[str, ...]  # names of the target competences, in the framework's order


@dataclass(frozen=True)
class AgreementSheet:
    """Everything printed on the agreement. No internal ids: the paper leaves the organisation."""

    organisation: str
    programme: str | None
    mentee_name: str
    mentee_code: str
    mentor_name: str | None
    agreed_on: date
    mentee_signatory: str
    mentor_signatory: str
    needs: str
    goals: str
    activities: tuple[AgreementActivity, ...]
    note: str
    framework: str


def render_agreement(sheet: AgreementSheet) -> bytes:
    """The agreement as PDF bytes: A4, one page whenever the plan allows."""
    raise NotImplementedError("The agreement layout is being written.")
