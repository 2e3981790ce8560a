"""The caseload service: finding, validating, status lifecycle, enrolment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentordesk.enums import ConsentAction, ConsentGiver, ConsentMethod, ConsentPurpose, Gender, MenteeStatus
from mentordesk.services.consent import ConsentEntry, ConsentService, ConsentState
from mentordesk.services.errors import ValidationError
from mentordesk.services.mentees import (
    NOT_STARTED,
    DuplicateWarning,
    MenteeColumn,
    MenteeForm,
    MenteeQuery,
    MenteeService,
)
from mentordesk.services.organisation import OrganisationService, ProgrammeForm, WorkerForm

TODAY = date(2026, 11, 24)


@pytest.fixture
def mentees(session_factory) -> MenteeService:
    return MenteeService(session_factory)


@pytest.fixture
def consent(session_factory) -> ConsentService:
    return ConsentService(session_factory)


def form(first: str = "Zoë", last: str = "Nagy-Kovács", born: date = date(2004, 5, 17), **more) -> MenteeForm:
    return MenteeForm(first_name=first, last_name=last, birth_date=born, **more)


def give_consent(consent: ConsentService, mentee_id, guardian: bool = False) -> None:
    consent.record(mentee_id, ConsentEntry(
        ConsentPurpose.PROCESSING, ConsentAction.GIVEN, ConsentMethod.PAPER_FORM, "2026-01", TODAY,
        given_by=ConsentGiver.GUARDIAN if guardian else ConsentGiver.SELF,
        guardian_name="Ilona Nagy" if guardian else "", guardian_relationship="mother" if guardian else "",
    ), today=TODAY)


def test_create_assigns_codes_and_folds_names_for_search(mentees: MenteeService) -> None:
    first = mentees.create(form(), today=TODAY)
    second = mentees.create(form("Łukasz", "Wiśniewski", date(2001, 1, 2)), today=TODAY)
    assert (first.reference_code, second.reference_code) == ("MD-0001", "MD-0002")
    assert first.status is MenteeStatus.REFERRED
    assert first.history[0].status is MenteeStatus.REFERRED and first.age == 22
    assert mentees.search_ids(MenteeQuery(text="kovacs"), TODAY) == [first.id]
    assert mentees.search_ids(MenteeQuery(text="LUKASZ wis"), TODAY) == [second.id]
    assert mentees.search_ids(MenteeQuery(text="md-0002"), TODAY) == [second.id]
    assert mentees.search_ids(MenteeQuery(text="100%_"), TODAY) == [], "LIKE wildcards are taken literally"


def test_every_invalid_field_is_reported_and_nothing_saved(mentees: MenteeService) -> None:
    bad = MenteeForm(first_name=" ", last_name="", birth_date=TODAY + timedelta(days=1), email="not-an-email",
                     phone="call me")
    with pytest.raises(ValidationError) as refused:
        mentees.create(bad, today=TODAY)
    assert set(refused.value.errors) == {"first_name", "last_name", "birth_date", "email", "phone"}
    assert "future" in refused.value.errors["birth_date"]
    assert mentees.count(MenteeQuery(), TODAY) == 0


def test_age_range_is_enforced(mentees: MenteeService) -> None:
    with pytest.raises(ValidationError) as refused:
        mentees.create(form(born=date(2018, 1, 1)), today=TODAY)
    assert "13 to 99 years old" in refused.value.errors["birth_date"]


def test_likely_duplicate_needs_confirmation(mentees: MenteeService) -> None:
    mentees.create(form(), today=TODAY)
    with pytest.raises(DuplicateWarning) as warned:
        mentees.create(form("ZOE", "Nagy-Kovacs"), today=TODAY)
    assert warned.value.matches == ("MD-0001",)
    again = mentees.create(form("ZOE", "Nagy-Kovacs"), confirmed=True, today=TODAY)
    assert again.reference_code == "MD-0002"


def test_update_keeps_code_and_records_changes(mentees: MenteeService) -> None:
    created = mentees.create(form(), today=TODAY)
    updated = mentees.update(created.id, form(email="zoe@example.org", gender=Gender.FEMALE), today=TODAY)
    assert updated.reference_code == created.reference_code
    assert updated.form.email == "zoe@example.org" and updated.form.gender is Gender.FEMALE


def test_becoming_active_needs_consent_and_a_guardian_below_the_age(mentees: MenteeService,
                                                                     consent: ConsentService) -> None:
    minor = mentees.create(form("Ana", "Pop", date(2012, 3, 1)), today=TODAY)  # 14 years old
    with pytest.raises(ValidationError, match="cannot become active before consent"):
        mentees.change_status(minor.id, MenteeStatus.ACTIVE, TODAY, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        give_consent(consent, minor.id, guardian=False)
    assert "parent or guardian" in refused.value.errors["given_by"]
    give_consent(consent, minor.id, guardian=True)
    assert consent.summary(minor.id, TODAY).state is ConsentState.VALID
    active = mentees.change_status(minor.id, MenteeStatus.ACTIVE, TODAY, today=TODAY)
    assert active.status is MenteeStatus.ACTIVE
    assert [c.status for c in active.history] == [MenteeStatus.ACTIVE, MenteeStatus.REFERRED]


def test_status_lifecycle_rules(mentees: MenteeService, consent: ConsentService) -> None:
    mentee = mentees.create(form(), today=TODAY)
    give_consent(consent, mentee.id)
    with pytest.raises(ValidationError, match="cannot become on hold directly"):
        mentees.change_status(mentee.id, MenteeStatus.ON_HOLD, TODAY, "exams", today=TODAY)
    mentees.change_status(mentee.id, MenteeStatus.ACTIVE, TODAY, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        mentees.change_status(mentee.id, MenteeStatus.ON_HOLD, TODAY, "", today=TODAY)
    assert "Say why" in refused.value.errors["reason"]
    with pytest.raises(ValidationError, match="future"):
        mentees.change_status(mentee.id, MenteeStatus.ON_HOLD, TODAY + timedelta(days=3), "exams", today=TODAY)
    held = mentees.change_status(mentee.id, MenteeStatus.ON_HOLD, TODAY, "Exams", today=TODAY)
    assert held.history[0].reason == "Exams"


def test_enrolment_reassignment_and_caseload(mentees: MenteeService, session_factory) -> None:
    organisation = OrganisationService(session_factory)
    ana = organisation.save_worker(WorkerForm("Ana Nowak"))
    ben = organisation.save_worker(WorkerForm("Ben Ørsted"))
    programme = organisation.save_programme(ProgrammeForm("Pathways", date(2026, 1, 1)))
    mentee = mentees.create(form(), today=TODAY)
    enrolled = mentees.enrol(mentee.id, programme.id, ana.id, date(2026, 2, 1), today=TODAY)
    with pytest.raises(ValidationError, match="already enrolled"):
        mentees.enrol(mentee.id, programme.id, ben.id, date(2026, 2, 1), today=TODAY)
    assert mentees.caseload_counts(ana.id) == (1, 1)
    assert mentees.search_ids(MenteeQuery(mentor_id=ana.id), TODAY) == [mentee.id]
    moved = mentees.reassign(enrolled.current_enrolment.id, ben.id, date(2026, 6, 1), "Ana on leave", today=TODAY)
    assert moved.current_enrolment.mentor == "Ben Ørsted"
    assert [e.mentor for e in moved.enrolments] == ["Ben Ørsted", "Ana Nowak"]
    assert moved.enrolments[1].end_reason == "Ana on leave"
    assert mentees.caseload_counts(ana.id) == (0, 1)
    row = mentees.rows([mentee.id], TODAY)[mentee.id]
    assert (row.mentor, row.programme, row.consent) == ("Ben Ørsted", "Pathways", ConsentState.MISSING)


def test_demo_caseload_filters_and_sorts_agree_with_rows(session_factory) -> None:
    from mentordesk.services.demo import DemoService

    DemoService(session_factory).generate(mentees=40, seed=5, today=TODAY)
    mentees = MenteeService(session_factory)
    everyone = mentees.search_ids(MenteeQuery(), TODAY)
    rows = mentees.rows(everyone, TODAY)
    assert len(everyone) == 40 == mentees.count(MenteeQuery(), TODAY)

    for column, key in ((MenteeColumn.AGE, lambda r: r.age), (MenteeColumn.LAST_SESSION, lambda r: r.last_session),
                        (MenteeColumn.CODE, lambda r: r.reference_code)):
        ordered = [rows[i] for i in mentees.search_ids(MenteeQuery(sort=column), TODAY)]
        values = [key(r) for r in ordered if key(r) is not None]
        assert values == sorted(values), column
        assert all(key(r) is None for r in ordered[len(values):]), "empty values sort last"

    active = mentees.search_ids(MenteeQuery(statuses=frozenset({MenteeStatus.ACTIVE})), TODAY)
    assert active and all(rows[i].status is MenteeStatus.ACTIVE for i in active)
    not_started = mentees.search_ids(MenteeQuery(step=NOT_STARTED), TODAY)
    assert all(rows[i].step is None for i in not_started)
    flagged = [r for r in rows.values() if r.consent is not ConsentState.VALID]
    for row in flagged:  # the SQL rule and the Python rule agree
        assert ConsentService(session_factory).summary(row.id, TODAY).state is row.consent


def test_missing_or_absurd_dates_are_refused_with_a_sentence(mentees: MenteeService, consent: ConsentService,
                                                             session_factory) -> None:
    mentee = mentees.create(form(), today=TODAY)
    for changed_on, expected in ((None, "required"), (date(1850, 1, 1), "before 1900-01-01")):
        with pytest.raises(ValidationError) as refused:
            mentees.change_status(mentee.id, MenteeStatus.WITHDRAWN, changed_on, "moved", today=TODAY)
        assert expected in refused.value.errors["changed_on"]
    for effective_on in (None, date(5, 1, 1)):
        with pytest.raises(ValidationError) as refused:
            consent.record(mentee.id, ConsentEntry(ConsentPurpose.PROCESSING, ConsentAction.GIVEN,
                                                   ConsentMethod.VERBAL, "1", effective_on), today=TODAY)
        assert "effective_on" in refused.value.errors
    programme = OrganisationService(session_factory).save_programme(ProgrammeForm("P", date(2026, 1, 1)))
    with pytest.raises(ValidationError) as refused:
        mentees.enrol(mentee.id, programme.id, None, None, today=TODAY)
    assert "required" in refused.value.errors["started_on"]


def test_the_consent_in_force_is_the_one_with_the_latest_date(mentees: MenteeService,
                                                               consent: ConsentService) -> None:
    """Paper forms entered out of order: a withdrawal dated later wins over a consent entered later."""
    mentee = mentees.create(form(), today=TODAY)
    for action, days_ago in ((ConsentAction.WITHDRAWN, 2), (ConsentAction.GIVEN, 20)):
        consent.record(mentee.id, ConsentEntry(ConsentPurpose.PROCESSING, action, ConsentMethod.PAPER_FORM, "1",
                                               TODAY - timedelta(days=days_ago)), today=TODAY)
    assert consent.summary(mentee.id, TODAY).state is ConsentState.WITHDRAWN
    assert mentees.rows([mentee.id], TODAY)[mentee.id].consent is ConsentState.WITHDRAWN
    with pytest.raises(ValidationError, match="withdrawn consent"):
        mentees.change_status(mentee.id, MenteeStatus.ACTIVE, TODAY, today=TODAY)


def test_names_sort_alike_with_or_without_accents(mentees: MenteeService) -> None:
    for first, last in (("Ana", "Zúbek"), ("Jonas", "Álvarez"), ("Ole", "Øberg"), ("Eva", "Nowak"), ("Li", "bauer")):
        mentees.create(form(first, last, date(2000, 1, 1)), today=TODAY)
    rows = mentees.rows(ids := mentees.search_ids(MenteeQuery(), TODAY), TODAY)
    assert [rows[i].full_name.split()[-1] for i in ids] == ["Álvarez", "bauer", "Nowak", "Øberg", "Zúbek"]


def test_one_line_fields_fold_white_space_and_invisible_names_are_refused(mentees: MenteeService) -> None:
    created = mentees.create(form("Ana\nMaria", "Pop\t Ionescu"), today=TODAY)
    assert (created.form.first_name, created.form.last_name) == ("Ana Maria", "Pop Ionescu")
    with pytest.raises(ValidationError) as refused:
        mentees.create(form("\u200b", "Pop"), today=TODAY)
    assert refused.value.errors == {"first_name": "The first name is required."}
