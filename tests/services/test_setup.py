from __future__ import annotations

from datetime import date

import pytest

from mentordesk.db.seed import key_competences_id
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.setup import SetupService


@pytest.fixture
def setup(session_factory) -> SetupService:
    return SetupService(session_factory)


def test_new_database_needs_setup(setup: SetupService) -> None:
    assert setup.needs_setup()
    assert setup.organisation() is None


def test_complete_creates_organisation_coordinator_and_programme(setup: SetupService, session_factory) -> None:
    from mentordesk.db.models import Programme, Worker
    from mentordesk.enums import WorkerRole

    result = setup.complete("  Jugendzentrum Süd  ", "Zoë Kowalczyk", "Wege 2027", today=date(2026, 11, 24))
    assert result.organisation.name == "Jugendzentrum Süd"
    assert not setup.needs_setup()
    assert setup.organisation() == result.organisation
    with session_factory() as session:
        worker = session.get(Worker, result.worker_id)
        programme = session.get(Programme, result.programme_id)
    assert worker is not None and worker.full_name == "Zoë Kowalczyk" and worker.role is WorkerRole.COORDINATOR
    assert programme is not None and programme.framework_id == key_competences_id()
    assert programme.start_date == date(2026, 11, 24) and programme.end_date == date(2027, 5, 25)


def test_every_missing_name_is_reported_and_nothing_is_saved(setup: SetupService) -> None:
    with pytest.raises(ValidationError) as refused:
        setup.complete("", "   ", "Programme")
    assert set(refused.value.errors) == {"organisation_name", "worker_name"}
    assert "required" in refused.value.errors["worker_name"]
    assert setup.needs_setup()


def test_overlong_name_is_refused(setup: SetupService) -> None:
    with pytest.raises(ValidationError) as refused:
        setup.complete("x" * 201, "Ana", "P")
    assert "at most 200" in refused.value.errors["organisation_name"]


def test_setup_runs_only_once(setup: SetupService) -> None:
    setup.complete("One", "Ana", "P1")
    with pytest.raises(DomainError, match="already set up"):
        setup.complete("Two", "Ben", "P2")
