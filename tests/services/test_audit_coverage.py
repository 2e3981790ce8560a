"""Every create, update, delete, export, import, certificate issue and opening of a mentee record writes an
audit event naming the record, with the actor, and the chain still verifies.

One row per service call that changes or lets data out; a new mutation path belongs in CASES.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.db.models import AuditEvent, Competence
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    AssessmentKind,
    AuditAction,
    CertificateKind,
    ConsentAction,
    ConsentMethod,
    ConsentPurpose,
    MenteeStatus,
    SessionMode,
    SessionStatus,
    ValidationMethod,
    ValidationPhase,
    WorkerRole,
)
from mentordesk.services.audit import verify_chain
from mentordesk.services.audit_trail import AuditQuery
from mentordesk.services.consent import ConsentEntry
from mentordesk.services.dashboard_data import DashboardFilter
from mentordesk.services.frameworks import framework_form
from mentordesk.services.mentees import MenteeForm
from mentordesk.services.organisation import ProgrammeForm, WorkerForm
from mentordesk.services.pathway_forms import ActivityForm, AgreementForm, AssessmentForm, OutcomeForm, ScoreForm
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm

TODAY = date.today()
DAY = timedelta(days=1)


@dataclass
class World:
    """An organisation set up through the services, with one mentee carrying a record of every kind."""

    ws: object
    folder: Path
    coordinator: uuid.UUID
    programme: uuid.UUID
    mentor: uuid.UUID
    mentee: uuid.UUID
    session: uuid.UUID
    follow_up: uuid.UUID
    assessment: uuid.UUID
    activity: uuid.UUID
    outcome: uuid.UUID
    agreement: uuid.UUID
    certificate: uuid.UUID
    competences: list[uuid.UUID]

    @property
    def actor(self) -> uuid.UUID:
        return self.coordinator


def mentee_form(first: str = "Zoë", last: str = "Ødegård") -> MenteeForm:
    return MenteeForm(first_name=first, last_name=last, birth_date=TODAY.replace(year=TODAY.year - 19))


def session_form(mentee: uuid.UUID, mentor: uuid.UUID, **more) -> SessionForm:
    return SessionForm(participants=(Participant(mentee),), session_date=TODAY - 3 * DAY, duration_minutes=60,
                       mode=SessionMode.IN_PERSON, mentor_id=mentor, **more)


def assessment_form(competences: list[uuid.UUID], **more) -> AssessmentForm:
    return AssessmentForm(AssessmentKind.BASELINE, TODAY - 20 * DAY,
                          tuple(ScoreForm(c, 2, 2) for c in competences), **more)


def outcome_form(competence: uuid.UUID, **more) -> OutcomeForm:
    values = {"level": 3, "statement": "I can plan a week.", "method": ValidationMethod.OBSERVATION,
              "evidence_description": "Observed in a session",
              "phase": ValidationPhase.ASSESSED, "assessed_on": TODAY - 2 * DAY} | more
    return OutcomeForm(competence, **values)


@pytest.fixture
def world(workspace, tmp_path: Path) -> World:
    ws = workspace
    setup = ws.setup.complete("Jugendzentrum Süd", "Ana Nowak", "Wege", today=TODAY - 60 * DAY, keys=ws.keys)
    actor = setup.worker_id
    mentor = ws.organisation.save_worker(WorkerForm("Bo Lind"), actor_id=actor).id
    mentee = ws.mentees.create(mentee_form(), actor_id=actor, confirmed=True).id
    ws.mentees.enrol(mentee, setup.programme_id, mentor, TODAY - 50 * DAY, actor_id=actor)
    logged = ws.sessions.log(session_form(mentee, mentor, follow_ups=(FollowUpForm("Call back", TODAY + DAY),)),
                             actor_id=actor)
    with ws._engine.connect() as connection:  # noqa: SLF001 (the test reads ids the DTOs do not carry)
        competences = list(connection.scalars(select(Competence.id).where(
            Competence.framework_id == key_competences_id()).order_by(Competence.position)))
    assessment = ws.pathway.add_assessment(mentee, assessment_form(competences), actor_id=actor).id
    activity = ws.pathway.add_activity(mentee, ActivityForm("Barista course", ActivityKind.COURSE,
                                                            ActivityFormat.IN_PERSON), actor_id=actor).id
    agreement = ws.pathway.agree_plan(mentee, AgreementForm(TODAY - 10 * DAY, "Zoë", "Ana"), actor_id=actor).id
    outcome = ws.pathway.add_outcome(mentee, outcome_form(competences[0]), actor_id=actor).id
    certificate = ws.certificates.issue(mentee, CertificateKind.PARTICIPATION, actor_id=actor).info.id
    return World(ws, tmp_path, actor, setup.programme_id, mentor, mentee, logged.id, logged.follow_ups[0].id,
                 assessment, activity, outcome, agreement, certificate, competences)


Case = Callable[[World], "uuid.UUID | None"]  # does one thing; returns the record the event must name


def _consent(w: World) -> uuid.UUID:
    entry = ConsentEntry(ConsentPurpose.PROCESSING, ConsentAction.GIVEN, ConsentMethod.PAPER_FORM, "v1", TODAY)
    return w.ws.consent.record(w.mentee, entry, actor_id=w.actor).id


def _reassign(w: World) -> None:
    enrolment = w.ws.mentees.get(w.mentee).current_enrolment
    w.ws.mentees.reassign(enrolment.id, w.coordinator, TODAY, "Holiday cover", actor_id=w.actor)


def _import(w: World) -> None:
    text = ("reference_code,first_name,last_name,preferred_name,birth_date,gender,email,phone,postcode,languages,"
            "status\n,Juha,Mäkinen,,2005-04-01,,,,,,referred\n")
    w.ws.mentee_csv.import_file(text.encode(), actor_id=w.actor)


def _framework_copy(w: World) -> uuid.UUID:
    form = framework_form(w.ws.frameworks.get(key_competences_id()))
    return w.ws.frameworks.save(replace(form, name="Our competences"), actor_id=w.actor).id


def _framework_edit(w: World) -> uuid.UUID:
    framework = _framework_copy(w)
    form = framework_form(w.ws.frameworks.get(framework))
    w.ws.frameworks.save(replace(form, description="Edited"), framework, actor_id=w.actor)
    return framework


def _framework_delete(w: World) -> uuid.UUID:
    framework = _framework_copy(w)
    w.ws.frameworks.delete(framework, actor_id=w.actor)
    return framework


def _funder_report(w: World, pdf: bool) -> None:
    service = w.ws.dashboard
    report = service.funder_report(TODAY - 90 * DAY, TODAY, DashboardFilter())
    if pdf:
        service.write_report_pdf(report, w.folder / "report.pdf", actor_id=w.actor)
    else:
        service.export_report_csv(report, w.folder / "report.csv", actor_id=w.actor)


def _trusted_key(w: World, distrust: bool) -> uuid.UUID:
    """A partner's exported public key (as its own MentorDesk writes it) trusted here, then maybe distrusted."""
    import base64
    import json

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from mentordesk.services.certificate_facts import fingerprint
    from mentordesk.services.keys import PUBLIC_KEY_FORMAT, PUBLIC_KEY_VERSION

    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    path = w.folder / "partner.json"
    path.write_text(json.dumps({"format": PUBLIC_KEY_FORMAT, "version": PUBLIC_KEY_VERSION, "owner": "Partner e.V.",
                                "public_key": base64.b64encode(raw).decode(),
                                "fingerprint": fingerprint(raw)}), encoding="utf-8")
    info = w.ws.keys.import_trusted(path, actor_id=w.actor)
    if distrust:
        w.ws.keys.distrust(info.key_id, actor_id=w.actor)
    return info.id


def _calendar(w: World) -> uuid.UUID:
    planned = replace(session_form(w.mentee, w.mentor), session_date=TODAY + 5 * DAY, status=SessionStatus.PLANNED)
    session_id = w.ws.sessions.log(planned, actor_id=w.actor).id
    w.ws.calendar.export_planned(w.folder / "c.ics", actor_id=w.actor)
    return session_id


CASES: dict[str, tuple[Case, AuditAction, str]] = {
    # mentees
    "mentee create": (lambda w: w.ws.mentees.create(mentee_form("Ana", "Šimková"), actor_id=w.actor,
                                                    confirmed=True).id, AuditAction.CREATE, "mentee"),
    "mentee update": (lambda w: w.ws.mentees.update(w.mentee, replace(mentee_form(), phone="+43 660 1234567"),
                                                    actor_id=w.actor, confirmed=True).id, AuditAction.UPDATE, "mentee"),
    "mentee status": (lambda w: _consent(w) and w.ws.mentees.change_status(w.mentee, MenteeStatus.ACTIVE, TODAY,
                                                                            actor_id=w.actor).id,
                      AuditAction.UPDATE, "mentee"),
    "mentee record opened": (lambda w: w.ws.mentees.open_record(w.mentee, w.actor).id, AuditAction.VIEW, "mentee"),
    "enrolment": (lambda w: w.ws.mentees.enrol(
        w.ws.mentees.create(mentee_form("Eva", "Kovač"), actor_id=w.actor, confirmed=True).id, w.programme,
        w.mentor, TODAY, actor_id=w.actor).current_enrolment.id, AuditAction.CREATE, "enrolment"),
    "mentor change": (lambda w: _reassign(w) or w.ws.mentees.get(w.mentee).current_enrolment.id,
                      AuditAction.CREATE, "enrolment"),
    "consent": (_consent, AuditAction.CREATE, "consent_record"),
    "mentee import": (lambda w: _import(w), AuditAction.IMPORT, "mentee"),
    "mentee csv export": (lambda w: w.ws.mentee_csv.export(w.folder / "m.csv", [w.mentee], actor_id=w.actor)
                          and w.mentee, AuditAction.EXPORT, "mentee"),
    "person export": (lambda w: w.ws.personal_data.export(w.mentee, w.folder, actor_id=w.actor) and w.mentee,
                      AuditAction.EXPORT, "mentee"),
    "erasure": (lambda w: w.ws.personal_data.erase(w.mentee, w.ws.mentees.get(w.mentee).reference_code,
                                                   actor_id=w.actor) and None, AuditAction.ERASE, "mentee"),
    # sessions and follow-ups
    "session log": (lambda w: w.ws.sessions.log(session_form(w.mentee, w.mentor), actor_id=w.actor).id,
                    AuditAction.CREATE, "mentoring_session"),
    "session update": (lambda w: w.ws.sessions.update(w.session, session_form(w.mentee, w.mentor, notes="Went well"),
                                                      actor_id=w.actor).id, AuditAction.UPDATE, "mentoring_session"),
    "session delete": (lambda w: w.ws.sessions.delete(w.session, actor_id=w.actor) or w.session,
                       AuditAction.DELETE, "mentoring_session"),
    "follow-up done": (lambda w: w.ws.follow_ups.set_done(w.follow_up, True, actor_id=w.actor) or w.follow_up,
                       AuditAction.UPDATE, "follow_up"),
    "session csv export": (lambda w: w.ws.session_csv.export(w.folder / "s.csv", [w.session], actor_id=w.actor)
                           and w.session, AuditAction.EXPORT, "mentoring_session"),
    "calendar export": (_calendar, AuditAction.EXPORT, "mentoring_session"),
    # pathway
    "assessment add": (lambda w: w.ws.pathway.add_assessment(
        w.mentee, replace(assessment_form(w.competences), kind=AssessmentKind.INTERIM, assessed_on=TODAY - 5 * DAY),
        actor_id=w.actor).id, AuditAction.CREATE, "assessment"),
    "assessment update": (lambda w: w.ws.pathway.update_assessment(
        w.assessment, assessment_form(w.competences, goals="A job in a café"), actor_id=w.actor).id,
        AuditAction.UPDATE, "assessment"),
    "assessment delete": (lambda w: w.ws.pathway.delete_assessment(
        w.ws.pathway.add_assessment(w.mentee, replace(assessment_form(w.competences), kind=AssessmentKind.INTERIM,
                                                      assessed_on=TODAY - 4 * DAY), actor_id=w.actor).id,
        actor_id=w.actor), AuditAction.DELETE, "assessment"),
    "activity add": (lambda w: w.ws.pathway.add_activity(w.mentee, ActivityForm(
        "First aid", ActivityKind.COURSE, ActivityFormat.ONLINE), actor_id=w.actor).id,
        AuditAction.CREATE, "learning_activity"),
    "activity update": (lambda w: w.ws.pathway.update_activity(w.activity, ActivityForm(
        "Barista course", ActivityKind.COURSE, ActivityFormat.IN_PERSON, provider="Café Süd"), actor_id=w.actor).id,
        AuditAction.UPDATE, "learning_activity"),
    "activity delete": (lambda w: w.ws.pathway.delete_activity(w.activity, actor_id=w.actor) or w.activity,
                        AuditAction.DELETE, "learning_activity"),
    "plan agreed": (lambda w: w.ws.pathway.agree_plan(w.mentee, AgreementForm(TODAY, "Zoë", "Ana"),
                                                      actor_id=w.actor).id, AuditAction.CREATE, "plan_agreement"),
    "agreement pdf": (lambda w: w.ws.pathway.write_agreement_pdf(w.agreement, w.folder / "a.pdf", actor_id=w.actor)
                      and w.agreement, AuditAction.EXPORT, "plan_agreement"),
    "outcome add": (lambda w: w.ws.pathway.add_outcome(w.mentee, outcome_form(w.competences[1]), actor_id=w.actor).id,
                    AuditAction.CREATE, "learning_outcome"),
    "outcome update": (lambda w: w.ws.pathway.update_outcome(
        w.ws.pathway.add_outcome(w.mentee, outcome_form(w.competences[2]), actor_id=w.actor).id,
        outcome_form(w.competences[2], statement="I can plan a month."), actor_id=w.actor).id,
        AuditAction.UPDATE, "learning_outcome"),
    "outcome delete": (lambda w: w.ws.pathway.delete_outcome(
        w.ws.pathway.add_outcome(w.mentee, outcome_form(w.competences[3]), actor_id=w.actor).id, actor_id=w.actor),
        AuditAction.DELETE, "learning_outcome"),
    # certificates
    "certificate issue": (lambda w: w.ws.certificates.issue(
        w.mentee, CertificateKind.VALIDATION, actor_id=w.actor).info.id, AuditAction.ISSUE, "certificate"),
    "certificate saved again": (lambda w: w.ws.certificates.reprint(w.certificate, w.actor) and w.certificate,
                                AuditAction.EXPORT, "certificate"),
    "certificate shown": (lambda w: w.ws.certificates.reprint(w.certificate, w.actor, AuditAction.VIEW)
                          and w.certificate, AuditAction.VIEW, "certificate"),
    "certificate revoke": (lambda w: w.ws.certificates.revoke(w.certificate, "Issued in error", actor_id=w.actor).id,
                           AuditAction.REVOKE, "certificate"),
    "open badge": (lambda w: w.ws.certificates.open_badge(w.certificate, w.folder / "b.jwt", actor_id=w.actor)
                   and w.certificate, AuditAction.EXPORT, "certificate"),
    "funder report pdf": (lambda w: _funder_report(w, pdf=True), AuditAction.EXPORT, "funder_report"),
    "funder report csv": (lambda w: _funder_report(w, pdf=False), AuditAction.EXPORT, "funder_report"),
    # organisation
    "worker add": (lambda w: w.ws.organisation.save_worker(WorkerForm("Cleo Nuñez", WorkerRole.MENTOR),
                                                           actor_id=w.actor).id, AuditAction.CREATE, "worker"),
    "worker edit": (lambda w: w.ws.organisation.save_worker(WorkerForm("Bo Lind", job_title="Youth worker"),
                                                            w.mentor, actor_id=w.actor).id,
                    AuditAction.UPDATE, "worker"),
    "programme add": (lambda w: w.ws.organisation.save_programme(ProgrammeForm("Digital", TODAY), actor_id=w.actor).id,
                      AuditAction.CREATE, "programme"),
    "programme edit": (lambda w: w.ws.organisation.save_programme(ProgrammeForm("Wege", TODAY - 60 * DAY,
                                                                                funder="ESF+"),
                                                                  w.programme, actor_id=w.actor).id,
                       AuditAction.UPDATE, "programme"),
    "organisation profile": (lambda w: w.ws.profile.save(replace(w.ws.profile.profile(), place="Graz"),
                                                         actor_id=w.actor) and None, AuditAction.UPDATE,
                             "organisation"),
    "framework add": (_framework_copy, AuditAction.CREATE, "competence_framework"),
    "framework edit": (_framework_edit, AuditAction.UPDATE, "competence_framework"),
    "framework delete": (_framework_delete, AuditAction.DELETE, "competence_framework"),
    "trusted key import": (lambda w: _trusted_key(w, distrust=False), AuditAction.CREATE, "trusted_key"),
    "trusted key distrust": (lambda w: _trusted_key(w, distrust=True), AuditAction.UPDATE, "trusted_key"),
    # the trail itself
    "audit trail export": (lambda w: w.ws.audit.export_csv(w.folder / "trail.csv", AuditQuery()) and None,
                           AuditAction.EXPORT, "audit_event"),
}


def _count(world: World) -> int:
    with world.ws._engine.connect() as connection:  # noqa: SLF001
        return connection.scalar(select(func.count()).select_from(AuditEvent))


def _newest(world: World, since: int) -> list[AuditEvent]:
    from sqlalchemy.orm import Session

    with Session(world.ws._engine) as session:  # noqa: SLF001
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.seq > since).order_by(AuditEvent.seq)))
        assert verify_chain(session) is None
        return events


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_change_and_export_writes_an_audit_event(world: World, name: str) -> None:
    call, action, entity = CASES[name]
    before = _count(world)
    record_id = call(world)
    events = _newest(world, before)
    matching = [e for e in events if e.action is action and e.entity == entity]
    assert matching, f"{name}: no {action.value} event for {entity} among {[(e.action, e.entity) for e in events]}"
    if record_id is not None:
        assert any(e.entity_id == record_id for e in matching), f"{name}: the event does not name the record"
    expected_actor = None if action is AuditAction.EXPORT and entity == "audit_event" else world.actor
    assert all(e.actor_id == expected_actor for e in matching), f"{name}: the actor is not recorded"


def test_setup_records_the_organisation_its_first_worker_and_programme(world: World) -> None:
    events = _newest(world, 0)
    assert [(e.action, e.entity) for e in events[:3]] == [
        (AuditAction.CREATE, "organisation"), (AuditAction.CREATE, "worker"), (AuditAction.CREATE, "programme")]
    assert {e.actor_id for e in events[:3]} == {world.coordinator}
    assert events[2].entity_id == world.programme


def test_reading_a_record_again_records_no_view(world: World) -> None:
    before = _count(world)
    world.ws.mentees.get(world.mentee)
    world.ws.pathway.overview(world.mentee)
    world.ws.sessions.for_mentee(world.mentee)
    assert _count(world) == before
