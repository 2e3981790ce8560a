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


def test_organisation_profile_rules(session_factory) -> None:
    from dataclasses import replace

    from mentordesk.services.mentees import MenteeForm, MenteeService
    from mentordesk.services.organisation import OrganisationProfileService
    from mentordesk.services.setup import SetupService

    SetupService(session_factory).complete("Centre", "Ana", "Pathways")
    profiles = OrganisationProfileService(session_factory)
    profile = profiles.profile()
    assert profile is not None and profile.digital_consent_age == 16
    with pytest.raises(ValidationError) as refused:
        profiles.save(replace(profile, digital_consent_age=12, min_mentee_age=30, max_mentee_age=20,
                              mentee_code_prefix="md-x"))
    assert set(refused.value.errors) == {"digital_consent_age", "max_mentee_age", "mentee_code_prefix"}
    saved = profiles.save(replace(profile, min_mentee_age=10, mentee_code_prefix="nyc", country_code="ie"))
    assert (saved.mentee_code_prefix, saved.country_code) == ("NYC", "IE")
    child = MenteeService(session_factory).create(MenteeForm("Aoife", "Byrne", date(2015, 1, 1)),
                                                  today=date(2026, 11, 24))
    assert child.reference_code == "NYC-0001", "the new prefix and the lower age limit apply"
