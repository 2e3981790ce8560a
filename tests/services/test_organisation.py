from __future__ import annotations

from datetime import date

import pytest

from mentordesk.services.errors import ValidationError
from mentordesk.services.organisation import OrganisationService, ProgrammeForm, WorkerForm


@pytest.fixture
def organisation(session_factory) -> OrganisationService:
    return OrganisationService(session_factory)


def test_programme_names_clash_whatever_their_case_in_any_script(organisation: OrganisationService) -> None:
    organisation.save_programme(ProgrammeForm("Łódź Youth", date(2026, 1, 1)))
    with pytest.raises(ValidationError) as refused:
        organisation.save_programme(ProgrammeForm("ŁÓDŹ YOUTH", date(2026, 2, 1)))
    assert refused.value.errors == {"name": "Another programme already has this name."}


def test_programme_dates_and_numbers_are_checked(organisation: OrganisationService) -> None:
    with pytest.raises(ValidationError) as refused:
        organisation.save_programme(ProgrammeForm("", None, planned_weeks=0, target_hours=-1))
    assert set(refused.value.errors) == {"name", "start_date", "planned_weeks", "target_hours"}
    with pytest.raises(ValidationError) as refused:
        organisation.save_programme(ProgrammeForm("P", date(2026, 5, 1), end_date=date(2026, 4, 1)))
    assert "before the start date" in refused.value.errors["end_date"]


def test_workers_sort_by_name_across_accents(organisation: OrganisationService) -> None:
    for name in ("Zoe Brandt", "Émilie Roux", "anna Berg", "Øyvind Lie"):
        organisation.save_worker(WorkerForm(name))
    assert [w.full_name for w in organisation.workers()] == ["anna Berg", "Émilie Roux", "Øyvind Lie", "Zoe Brandt"]
