"""Retention: who is past the organisation's period, and their erasure through the mentees issue's own."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from row_builder import RowBuilder
from sqlalchemy import func, select

from mentordesk.db.models import AuditEvent, Enrolment, Mentee, Organisation
from mentordesk.enums import AuditAction
from mentordesk.services.access import Access, AccessDenied, Principal
from mentordesk.services.organisation import OrganisationProfile
from mentordesk.services.retention import RetentionService, months_before
from mentordesk.services.workspace import Workspace

TODAY = date(2026, 6, 15)


class Build(RowBuilder):
    def enrol(self, mentee: uuid.UUID, programme: uuid.UUID, ended: date | None = None) -> None:
        self._add(Enrolment(mentee_id=mentee, programme_id=programme, started_on=date(2020, 1, 1), ended_on=ended))


@pytest.fixture
def build(workspace: Workspace) -> Build:
    from mentordesk.db.engine import make_session_factory

    factory = make_session_factory(workspace.backups._engine())  # noqa: SLF001
    with factory.begin() as session:
        session.add(Organisation(name="Youth Centre", retention_months=24))
    return Build(factory)  # type: ignore[arg-type]


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 6, 15), 24, date(2024, 6, 15)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2026, 1, 10), 13, date(2024, 12, 10)),
])
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_who_is_past_retention(workspace: Workspace, build: Build) -> None:
    old = build.programme("Old", start=date(2020, 1, 1), end=date(2023, 12, 31))
    older = build.programme("Older", start=date(2019, 1, 1), end=date(2022, 5, 1))
    recent = build.programme("Recent", start=date(2024, 1, 1), end=date(2024, 12, 31))
    running = build.programme("Running", start=date(2025, 1, 1))
    due = build.mentee("Ana", "Novak")
    build.enrol(due, old)  # left open: the programme's end ends it
    both_old = build.mentee("Béla", "Kiss")
    build.enrol(both_old, older, ended=date(2021, 3, 1))  # left early: the programme's end counts
    build.enrol(both_old, older)
    extended = build.mentee("Chloé", "Martin")
    build.enrol(extended, old, ended=date(2024, 9, 1))  # extended past the programme's end
    also_recent = build.mentee("Dara", "Byrne")
    build.enrol(also_recent, old)
    build.enrol(also_recent, recent)
    still_running = build.mentee("Eva", "Horvat")
    build.enrol(still_running, older)
    build.enrol(still_running, running, ended=date(2021, 1, 1))  # a programme without an end date
    build.mentee("Finn", "Walsh")  # a referral, never enrolled

    listed = workspace.retention.past_retention(TODAY)
    assert [(item.reference_code, item.name, item.ended_on) for item in listed] == [
        ("MD-0002", "Béla Kiss", date(2022, 5, 1)),
        ("MD-0001", "Ana Novak", date(2023, 12, 31)),
    ]
    assert workspace.retention.past_retention(date(2025, 12, 31)) == listed[:1], "2023-12-31 is not 24 months ago"


def test_no_period_means_nothing_is_due(workspace: Workspace, build: Build) -> None:
    old = build.programme("Old", start=date(2000, 1, 1), end=date(2001, 1, 1))
    build.enrol(build.mentee("Ana", "Novak"), old)
    profile = workspace.profile.profile()
    workspace.profile.save(OrganisationProfile(**{**profile.__dict__, "retention_months": None}))
    assert workspace.retention.period_months() is None
    assert workspace.retention.past_retention(TODAY) == []


def test_erase_removes_those_still_due_and_records_it(workspace: Workspace, build: Build) -> None:
    old = build.programme("Old", start=date(2020, 1, 1), end=date(2023, 12, 31))
    running = build.programme("Running", start=date(2025, 1, 1))
    gone, stays = build.mentee("Ana", "Novak"), build.mentee("Béla", "Kiss")
    build.enrol(gone, old)
    build.enrol(stays, old)
    listed = [item.mentee_id for item in workspace.retention.past_retention(TODAY)]
    assert listed == [gone, stays]
    build.enrol(stays, running)  # enrolled again after the list was shown: no longer due
    result = workspace.retention.erase(listed, today=TODAY)
    assert result.erased == ("MD-0001",) and result.skipped == 1
    with workspace.backups._engine().connect() as connection:  # noqa: SLF001
        codes = set(connection.scalars(select(Mentee.reference_code)))
        erasures = connection.scalar(select(func.count()).select_from(AuditEvent)
                                     .where(AuditEvent.action == AuditAction.ERASE))
    assert codes == {"MD-0002"} and erasures == 1


def test_only_a_coordinator_erases(workspace: Workspace, build: Build) -> None:
    access = Access()
    access.sign_in(Principal(uuid.uuid4(), "Mentor", role=_mentor_role()))
    service = RetentionService(workspace.personal_data._sessions, workspace.personal_data, access)  # noqa: SLF001
    with pytest.raises(AccessDenied, match="Only a coordinator"):
        service.erase([uuid.uuid4()], today=TODAY)


def _mentor_role():
    from mentordesk.enums import WorkerRole

    return next(role for role in WorkerRole if role is not WorkerRole.COORDINATOR)


def test_the_profile_round_trips_the_retention_period(workspace: Workspace, build: Build) -> None:
    profile = workspace.profile.profile()
    assert profile.retention_months == 24
    saved = workspace.profile.save(OrganisationProfile(**{**profile.__dict__, "retention_months": 36}))
    assert saved.retention_months == 36
