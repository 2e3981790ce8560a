"""A signed-in mentor cannot reach another mentor's mentees through any service call.

Every public method of every workspace service that takes a record id is found by introspection and
must appear in REFUSALS (called with the other mentor's record ids and refused) or in FILTERS (lists
that leave the other mentor's records out), so a method added later fails here until it is covered.
"""

from __future__ import annotations

import csv
import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.db.models import AuditEvent, Certificate, EvidenceFile, Mentee, Worker
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    AssessmentKind,
    CertificateKind,
    ConsentAction,
    ConsentMethod,
    ConsentPurpose,
    MenteeStatus,
    SessionMode,
    SessionStatus,
    ValidationMethod,
    WorkerRole,
)
from mentordesk.services.access import AccessDenied, Principal
from mentordesk.services.consent import ConsentEntry
from mentordesk.services.dashboard_data import DashboardFilter, Drill, DrillKind
from mentordesk.services.errors import NotFoundError
from mentordesk.services.frameworks import FrameworkForm
from mentordesk.services.mentee_csv import ImportRefused
from mentordesk.services.mentees import MenteeForm, MenteeQuery
from mentordesk.services.organisation import ProgrammeForm, WorkerForm
from mentordesk.services.pathway_forms import ActivityForm, AgreementForm, AssessmentForm, OutcomeForm
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
from mentordesk.services.session_list import SessionQuery
from mentordesk.services.sessions import key_of

TODAY = date.today()
# Parameters that name a record of a mentee (or a list of them); the others name workers, programmes, keys.
NOT_MENTEE_RECORDS = {"actor_id", "worker_id", "programme_id", "framework_id", "mentor_id", "key_id"}


@dataclass
class World:
    workspace: object
    coordinator: uuid.UUID
    mine: uuid.UUID  # the signed-in mentor
    other: uuid.UUID  # another mentor
    programme: uuid.UUID
    my_mentee: uuid.UUID
    my_session: uuid.UUID
    mentee: uuid.UUID  # the other mentor's mentee, and below their records
    session: uuid.UUID
    planned: uuid.UUID
    follow_up: uuid.UUID
    enrolment: uuid.UUID
    assessment: uuid.UUID
    activity: uuid.UUID
    agreement: uuid.UUID
    outcome: uuid.UUID
    evidence: uuid.UUID
    certificate: uuid.UUID
    forms: dict


def _session_form(mentee: uuid.UUID, mentor: uuid.UUID, day: date, topic: str,
                  status: SessionStatus = SessionStatus.HELD) -> SessionForm:
    return SessionForm(participants=(Participant(mentee),), session_date=day, duration_minutes=60,
                       mode=SessionMode.IN_PERSON, topics=(topic,), mentor_id=mentor, status=status,
                       follow_ups=(FollowUpForm("Call the job centre", TODAY, mentor, mentee),))


@pytest.fixture
def world(workspace, tmp_path: Path) -> World:
    ws = workspace
    setup = ws.setup.complete("Centre", "Cora Coordinator", "Pathways")
    coordinator, programme = setup.worker_id, setup.programme_id
    mine = ws.organisation.save_worker(WorkerForm("Mina Mentor", WorkerRole.MENTOR)).id
    other = ws.organisation.save_worker(WorkerForm("Otto Other", WorkerRole.MENTOR)).id
    birth = date(2004, 3, 1)
    my_mentee = ws.mentees.create(MenteeForm("Mara", "Mine", birth)).id
    mentee = ws.mentees.create(MenteeForm("Theo", "Theirs", birth)).id
    ws.mentees.enrol(my_mentee, programme, mine, TODAY - timedelta(days=30))
    detail = ws.mentees.enrol(mentee, programme, other, TODAY - timedelta(days=30))
    ws.consent.record(mentee, ConsentEntry(ConsentPurpose.PROCESSING, ConsentAction.GIVEN, ConsentMethod.PAPER_FORM,
                                           "v1", TODAY - timedelta(days=30)))
    my_session = ws.sessions.log(_session_form(my_mentee, mine, TODAY - timedelta(days=2), "mine-topic")).id
    theirs = ws.sessions.log(_session_form(mentee, other, TODAY - timedelta(days=1), "secret-topic"))
    planned = ws.sessions.log(_session_form(mentee, other, TODAY + timedelta(days=3), "secret-plan",
                                            SessionStatus.PLANNED)).id
    framework = ws.pathway.overview(mentee).framework
    competence = framework.competences[0].id
    assessment = ws.pathway.add_assessment(mentee, AssessmentForm(AssessmentKind.BASELINE, TODAY - timedelta(days=20)))
    activity = ws.pathway.add_activity(mentee, ActivityForm("Barista course", ActivityKind.COURSE,
                                                            ActivityFormat.IN_PERSON))
    agreement = ws.pathway.agree_plan(mentee, AgreementForm(TODAY - timedelta(days=10), "Theo Theirs", "Otto Other"))
    evidence_source = tmp_path / "photo.jpg"
    evidence_source.write_bytes(b"evidence")
    outcome = ws.pathway.add_outcome(mentee, OutcomeForm(competence, 2, "I can make coffee for a queue",
                                                         ValidationMethod.OBSERVATION, add_files=(evidence_source,)))
    certificate = uuid.uuid4()
    with ws._engine.begin() as connection:  # a register entry as issuing leaves it (issuing needs a full pathway)
        connection.execute(Certificate.__table__.insert().values(
            id=certificate, serial="MD-2026-0001", kind=CertificateKind.PARTICIPATION.value, mentee_id=mentee,
            programme_id=programme, issued_on=TODAY, payload=None, payload_sha256="0" * 64,
            key_fingerprint="0" * 64, created_at=func.now()))
    forms = {
        "mentee": ws.mentees.get(mentee).form,
        "session": ws.sessions.get(theirs.id).form,
        "assessment": assessment.form(),
        "activity": activity.form,
        "agreement": agreement.form,
        "outcome": outcome.form,
        "consent": ConsentEntry(ConsentPurpose.PHOTOS, ConsentAction.GIVEN, ConsentMethod.VERBAL, "v1", TODAY),
    }
    world = World(ws, coordinator, mine, other, programme, my_mentee, my_session, mentee, theirs.id, planned,
                  theirs.follow_ups[0].id, detail.current_enrolment.id, assessment.id, activity.id, agreement.id,
                  outcome.id, outcome.evidence[0].id, certificate, forms)
    ws.access.sign_in(Principal(mine, "Mina Mentor", WorkerRole.MENTOR))
    return world


# (service attribute, method) -> a call with the other mentor's record ids, which must be refused.
REFUSALS: dict[tuple[str, str], Callable[[World, Path], object]] = {
    ("mentees", "get"): lambda w, _: w.workspace.mentees.get(w.mentee),
    ("mentees", "open_record"): lambda w, _: w.workspace.mentees.open_record(w.mentee),
    ("mentees", "check"): lambda w, _: w.workspace.mentees.check(w.forms["mentee"], w.mentee),
    ("mentees", "update"): lambda w, _: w.workspace.mentees.update(w.mentee, w.forms["mentee"], confirmed=True),
    ("mentees", "change_status"): lambda w, _: w.workspace.mentees.change_status(
        w.mentee, MenteeStatus.WITHDRAWN, TODAY, "moved away"),
    ("mentees", "enrol"): lambda w, _: w.workspace.mentees.enrol(w.mentee, w.programme, w.mine, TODAY),
    ("mentees", "reassign"): lambda w, _: w.workspace.mentees.reassign(w.enrolment, w.mine, TODAY, "taking over"),
    ("sessions", "get"): lambda w, _: w.workspace.sessions.get(w.session),
    ("sessions", "check"): lambda w, _: w.workspace.sessions.check(w.forms["session"], w.session),
    ("sessions", "update"): lambda w, _: w.workspace.sessions.update(w.session, w.forms["session"]),
    ("sessions", "delete"): lambda w, _: w.workspace.sessions.delete(w.session),
    ("sessions", "for_mentee"): lambda w, _: w.workspace.sessions.for_mentee(w.mentee),
    ("follow_ups", "set_done"): lambda w, _: w.workspace.follow_ups.set_done(w.follow_up, True),
    ("pathway", "overview"): lambda w, _: w.workspace.pathway.overview(w.mentee),
    ("pathway", "add_assessment"): lambda w, _: w.workspace.pathway.add_assessment(w.mentee, w.forms["assessment"]),
    ("pathway", "update_assessment"): lambda w, _: w.workspace.pathway.update_assessment(
        w.assessment, w.forms["assessment"]),
    ("pathway", "delete_assessment"): lambda w, _: w.workspace.pathway.delete_assessment(w.assessment),
    ("pathway", "add_activity"): lambda w, _: w.workspace.pathway.add_activity(w.mentee, w.forms["activity"]),
    ("pathway", "update_activity"): lambda w, _: w.workspace.pathway.update_activity(w.activity, w.forms["activity"]),
    ("pathway", "delete_activity"): lambda w, _: w.workspace.pathway.delete_activity(w.activity),
    ("pathway", "agree_plan"): lambda w, _: w.workspace.pathway.agree_plan(w.mentee, w.forms["agreement"]),
    ("pathway", "add_outcome"): lambda w, _: w.workspace.pathway.add_outcome(w.mentee, w.forms["outcome"]),
    ("pathway", "update_outcome"): lambda w, _: w.workspace.pathway.update_outcome(w.outcome, w.forms["outcome"]),
    ("pathway", "delete_outcome"): lambda w, _: w.workspace.pathway.delete_outcome(w.outcome),
    ("pathway", "evidence_file"): lambda w, _: w.workspace.pathway.evidence_file(w.evidence),
    ("pathway", "write_agreement_pdf"): lambda w, tmp: w.workspace.pathway.write_agreement_pdf(
        w.agreement, tmp / "agreement.pdf"),
    ("consent", "summary"): lambda w, _: w.workspace.consent.summary(w.mentee),
    ("consent", "record"): lambda w, _: w.workspace.consent.record(w.mentee, w.forms["consent"]),
    ("personal_data", "collect"): lambda w, _: w.workspace.personal_data.collect(w.mentee),
    ("personal_data", "export"): lambda w, tmp: w.workspace.personal_data.export(w.mentee, tmp / "export"),
    ("personal_data", "erase"): lambda w, _: w.workspace.personal_data.erase(w.mentee, "MD-0002"),
    ("certificates", "eligibility"): lambda w, _: w.workspace.certificates.eligibility(w.mentee),
    ("certificates", "facts"): lambda w, _: w.workspace.certificates.facts(w.mentee, CertificateKind.PARTICIPATION),
    ("certificates", "preview"): lambda w, _: w.workspace.certificates.preview(
        w.mentee, CertificateKind.PARTICIPATION),
    ("certificates", "issue"): lambda w, _: w.workspace.certificates.issue(w.mentee, CertificateKind.PARTICIPATION),
    ("certificates", "reprint"): lambda w, _: w.workspace.certificates.reprint(w.certificate),
    ("certificates", "revoke"): lambda w, _: w.workspace.certificates.revoke(w.certificate, "issued by mistake"),
    ("certificates", "open_badge"): lambda w, tmp: w.workspace.certificates.open_badge(w.certificate, tmp / "b.jwt"),
    ("certificates", "get"): lambda w, _: w.workspace.certificates.get(w.certificate),
    ("retention", "erase"): lambda w, _: w.workspace.retention.erase([w.mentee]),
}

# Methods that take lists of ids: they leave out what the mentor may not reach (checked below).
FILTERS = {
    ("mentees", "rows"), ("sessions", "rows"), ("mentee_csv", "export"), ("session_csv", "export"),
    ("calendar", "export_planned"),
}


def _record_id_methods(workspace) -> set[tuple[str, str]]:
    found = set()
    for attribute, service in vars(workspace).items():
        if attribute.startswith("_") or not type(service).__module__.startswith("mentordesk.services"):
            continue
        for name, method in inspect.getmembers(service, inspect.ismethod):
            if name.startswith("_"):
                continue
            parameters = inspect.signature(method).parameters
            if any(_names_records(parameter) for name_, parameter in parameters.items()
                   if name_ not in NOT_MENTEE_RECORDS):
                found.add((attribute, name))
    return found


def _names_records(parameter: inspect.Parameter) -> bool:
    if parameter.name.endswith(("_id", "_ids")):
        return True
    # ids / keys given as a list (SetupService.complete's `keys` is the KeyService, not a list)
    return parameter.name in ("ids", "keys") and "Sequence" in str(parameter.annotation)


def _audit_count(world: World) -> int:
    with world.workspace.sessions._sessions() as session:
        return session.scalar(select(func.count(AuditEvent.id)))


def test_every_method_taking_a_record_id_is_covered(world: World) -> None:
    found = _record_id_methods(world.workspace)
    assert found - set(REFUSALS) - FILTERS == set(), "add these methods to REFUSALS or FILTERS"
    assert set(REFUSALS) | FILTERS <= found, "REFUSALS or FILTERS name a method that no longer takes an id"


@pytest.mark.parametrize("method", sorted(REFUSALS), ids=lambda m: ".".join(m))
def test_another_mentors_records_are_refused(world: World, tmp_path: Path, method: tuple[str, str]) -> None:
    before = _audit_count(world)
    with pytest.raises((NotFoundError, AccessDenied)) as refused:
        REFUSALS[method](world, tmp_path)
    if isinstance(refused.value, NotFoundError):  # worded as for a missing record: nothing confirmed
        assert "Theo" not in str(refused.value) and "MD-0002" not in str(refused.value)
    assert _audit_count(world) == before, "a refused call wrote to the audit trail"
    assert not (tmp_path / "agreement.pdf").exists() and not (tmp_path / "export").exists()
    world.workspace.access.sign_out()  # the record is untouched
    assert world.workspace.mentees.get(world.mentee).status is MenteeStatus.REFERRED
    assert world.workspace.sessions.get(world.session).form.topics == ("secret-topic",)


def test_lists_hold_only_the_caseload(world: World, tmp_path: Path) -> None:
    ws = world.workspace
    assert ws.mentees.search_ids(MenteeQuery()) == [world.my_mentee]
    assert ws.mentees.search_ids(MenteeQuery(ids=frozenset({world.mentee}))) == []
    assert ws.mentees.count(MenteeQuery()) == 1
    assert set(ws.mentees.rows([world.my_mentee, world.mentee])) == {world.my_mentee}
    assert ws.mentees.caseload_counts(world.mine) == (1, 1)
    assert ws.sessions.search_ids(SessionQuery()) == [key_of(world.my_session)]
    assert ws.sessions.search_ids(SessionQuery(mentee_id=world.mentee)) == []
    assert ws.sessions.count(SessionQuery()) == 1
    assert set(ws.sessions.rows([key_of(world.session), key_of(world.my_session)])) == {key_of(world.my_session)}
    assert [choice.id for choice in ws.sessions.mentee_choices()] == [world.my_mentee]
    assert ws.sessions.known_topics() == ("mine-topic",)
    agenda = ws.today.agenda(TODAY, world.other)  # asking for a colleague's agenda gives one's own
    mentioned = {item.mentee_id for item in agenda.follow_ups_overdue + agenda.follow_ups_due}
    mentioned |= {m.id for item in agenda.sessions_today + agenda.sessions_this_week for m in item.mentees}
    assert world.mentee not in mentioned
    counts = ws.overview.counts()
    assert (counts.mentees, counts.sessions, counts.open_follow_ups, counts.certificates) == (1, 1, 1, 0)
    assert ws.certificates.register() == []
    with pytest.raises(NotFoundError):
        ws.certificates.mentee_by_reference("MD-0002")
    assert ws.certificates.eligible_mentees(world.programme, CertificateKind.PARTICIPATION) in ([], [world.my_mentee])
    assert ws.dashboard.mentee_ids(Drill(DrillKind.STEP, "assessment"), DashboardFilter()) in ([], [world.my_mentee])
    enrolled = ws.dashboard.dashboard(DashboardFilter())
    assert enrolled.filter.mentor_id == world.mine
    with pytest.raises(AccessDenied):
        ws.dashboard.dashboard(DashboardFilter(mentor_id=world.other))

    assert ws.mentee_csv.export(tmp_path / "all.csv") == 1
    assert ws.mentee_csv.export(tmp_path / "asked.csv", ids=[world.mentee, world.my_mentee]) == 1
    with open(tmp_path / "all.csv", encoding="utf-8-sig") as stream:
        assert [row["reference_code"] for row in csv.DictReader(stream)] == ["MD-0001"]
    assert ws.session_csv.export(tmp_path / "s.csv") == 1
    assert ws.session_csv.export(tmp_path / "s2.csv", ids=[world.session]) == 0
    assert ws.calendar.export_planned(tmp_path / "c.ics", ids=[world.planned]) == 0
    assert ws.calendar.export_planned(tmp_path / "c2.ics") == 0
    assert "Theirs" not in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")


def test_a_mentor_cannot_write_other_mentees_in_through_forms_and_files(world: World, tmp_path: Path) -> None:
    ws = world.workspace
    with pytest.raises(NotFoundError):  # logging a session for someone else's mentee
        ws.sessions.log(_session_form(world.mentee, world.mine, TODAY, "sneaky"))
    with pytest.raises(NotFoundError):  # adding them to one's own session
        form = ws.sessions.get(world.my_session).form
        ws.sessions.update(world.my_session, SessionForm(
            participants=(*form.participants, Participant(world.mentee)), session_date=form.session_date,
            duration_minutes=60, mode=SessionMode.IN_PERSON, mentor_id=world.mine))
    header = ("reference_code,first_name,last_name,preferred_name,birth_date,gender,email,phone,postcode,languages,"
              "status")
    source = tmp_path / "import.csv"
    source.write_text(f"{header}\nMD-0002,Theo,Renamed,,2004-03-01,not_stated,,,,,\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        ws.mentee_csv.import_file(source)
    assert [p.message for p in refused.value.problems] == [
        "No mentee has the code MD-0002; leave the code empty to add a new mentee."]
    source.write_text(f"{header}\n,New,Person,,2004-03-01,not_stated,,,,,\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="1 problem"):
        ws.mentee_csv.import_file(source)
    with pytest.raises(AccessDenied):
        ws.mentees.create(MenteeForm("New", "Person", date(2004, 1, 1)))
    with pytest.raises(AccessDenied):  # enrolling one's own mentee with somebody else
        ws.mentees.enrol(world.my_mentee, world.programme, world.other, TODAY)
    with world.workspace.sessions._sessions() as session:
        assert session.scalar(select(Mentee.last_name).where(Mentee.id == world.mentee)) == "Theirs"


def test_coordinator_only_actions(world: World, tmp_path: Path) -> None:
    ws = world.workspace
    refused = [
        lambda: ws.organisation.save_worker(WorkerForm("New Worker")),
        lambda: ws.organisation.save_worker(WorkerForm("Mina Mentor", WorkerRole.COORDINATOR), world.mine),
        lambda: ws.organisation.save_programme(ProgrammeForm("Another", TODAY)),
        lambda: ws.profile.save(ws.profile.profile()),
        lambda: ws.frameworks.save(FrameworkForm(name="Our own")),
        lambda: ws.frameworks.delete(key_competences_id()),
        lambda: ws.frameworks.import_json(tmp_path / "none.json"),
        lambda: ws.keys.import_trusted(tmp_path / "none.json"),
        lambda: ws.keys.distrust("abc"),
        lambda: ws.dashboard.funder_report(TODAY - timedelta(days=30), TODAY),
        lambda: ws.demo.generate(5),
        lambda: ws.accounts.set_password(world.other, "a long enough password"),
        lambda: ws.backups.back_up(tmp_path / "usb-stick.db"),  # a copy elsewhere holds every mentee
        lambda: ws.backups.restore(tmp_path / "none.db"),
        lambda: ws.retention.past_retention(),  # names across every caseload
        lambda: ws.encryption.encrypt("a long enough passphrase"),  # the passphrase opens every caseload
        lambda: ws.encryption.write_recovery_sheet(tmp_path / "sheet.pdf"),
    ]
    for call in refused:
        with pytest.raises(AccessDenied):
            call()
    with world.workspace.sessions._sessions() as session:
        assert session.scalar(select(Worker.role).where(Worker.id == world.mine)) is WorkerRole.MENTOR
    assert not (tmp_path / "usb-stick.db").exists()
    assert ws.backups.back_up().path.parent == ws.backups.folder  # the automatic kind, in the data folder


def test_a_coordinator_reaches_everyone_and_is_the_audit_actor(world: World) -> None:
    ws = world.workspace
    ws.access.sign_in(Principal(world.coordinator, "Cora Coordinator", WorkerRole.COORDINATOR))
    assert set(ws.mentees.search_ids(MenteeQuery())) == {world.mentee, world.my_mentee}
    # What the ui passes as actor is overridden by who signed in.
    ws.mentees.update(world.mentee, replace(world.forms["mentee"], postcode="1010"), actor_id=world.other)
    with ws.sessions._sessions() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (last.entity, last.fields, last.actor_id) == ("mentee", ["postcode"], world.coordinator)


def test_a_mentor_sees_a_group_session_they_mentor_and_keeps_its_other_participants(world: World) -> None:
    ws = world.workspace
    ws.access.sign_out()
    group = ws.sessions.log(SessionForm(participants=(Participant(world.my_mentee), Participant(world.mentee)),
                                        session_date=TODAY, duration_minutes=90, mode=SessionMode.IN_PERSON,
                                        start_time=time(10), mentor_id=world.mine))
    ws.access.sign_in(Principal(world.mine, "Mina Mentor", WorkerRole.MENTOR))
    detail = ws.sessions.get(group.id)
    updated = ws.sessions.update(group.id, replace(detail.form, duration_minutes=120))
    assert updated.form.duration_minutes == 120 and len(updated.participants) == 2
    with pytest.raises(NotFoundError):  # but the other participant's record stays out of reach
        ws.mentees.get(world.mentee)


def test_evidence_rows_exist_for_the_walk(world: World) -> None:
    with world.workspace.sessions._sessions() as session:
        assert session.get(EvidenceFile, world.evidence) is not None
