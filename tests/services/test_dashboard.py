"""Dashboard and funder report figures on a small caseload built by hand, every value worked out below by hand.

The caseload (today is Wednesday 25 November 2026; the dashboard's period is 1 to 25 November):

| mentee          | status    | enrolment now / earlier      | consent           | pathway                        |
| --------------- | --------- | ---------------------------- | ----------------- | ------------------------------ |
| Ana Horváth     | active    | Wege, Marta                  | valid             | learning offer                 |
| Bea Kovács      | active    | Wege, Marta                  | valid             | assessment (mentor levels gap) |
| Cem Yilmaz      | active    | Digital, Jonas               | withdrawn         | nothing recorded               |
| Dora Lind       | active    | Wege, Jonas                  | valid             | validation (revoked cert.)     |
| Emil Novák      | completed | Wege, Marta, ended 5 Nov     | valid             | complete, two certificates     |
| Fay Olsen       | withdrawn | Digital, Jonas, ended 30 Jun | valid             | revoked certificate (May)      |
| Gus Petrov      | referred  | none                         | none              | nothing recorded               |
| Hana Quist      | on hold   | Digital, Jonas               | self, aged 15     | assessment (empty baseline)    |

Sessions (held and attended unless said; Marta = M, Jonas = J):
S1 10 Nov Ana in person 600 min M · S2 18 Nov Bea video 90 M · S3 3 Nov Emil in person 300 M ·
S4 12 Nov Gus phone 30 J · S5 19 Nov group in person 60 J: Ana attended, Hana no-show ·
S6 16 Nov chat 45 J: Gus no-show (held, nobody attended) · S7 1 Oct Dora phone 60 J · S8 10 Sep Ana in person 60 M ·
S9 5 Nov Bea in person 720 M · S10 6 Nov Bea in person 720 M · 11 Nov cancelled (Ana) · 27 Nov planned (Ana).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from row_builder import RowBuilder
from sqlalchemy import select, update

from mentordesk.db.models import (
    Assessment,
    AssessmentScore,
    Certificate,
    Competence,
    ConsentRecord,
    Enrolment,
    FollowUp,
    LearningActivity,
    LearningOutcome,
    Mentee,
    MenteeStatusChange,
    Organisation,
    PlanAgreement,
)
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ActivityStatus,
    AssessmentKind,
    Attendance,
    CertificateKind,
    ConsentAction,
    ConsentMethod,
    ConsentPurpose,
    Gender,
    MenteeStatus,
    SessionKind,
    SessionMode,
    SessionStatus,
    ValidationMethod,
    ValidationPhase,
)
from mentordesk.services import dashboard as dashboard_module
from mentordesk.services.changes import ChangeKind
from mentordesk.services.dashboard import DashboardService
from mentordesk.services.dashboard_data import Count, Dashboard, DashboardFilter, Drill, DrillKind
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.today import TodayService

TODAY = date(2026, 11, 25)
NOVEMBER = (date(2026, 11, 1), TODAY)
IN_PERSON, VIDEO, PHONE, CHAT = SessionMode.IN_PERSON, SessionMode.VIDEO_CALL, SessionMode.PHONE, SessionMode.CHAT


def day(month: int, number: int) -> date:
    return date(2026, month, number)


class Build(RowBuilder):
    def __init__(self, session_factory) -> None:  # noqa: ANN001
        super().__init__(session_factory)
        with session_factory() as session:
            self.competences = list(session.scalars(select(Competence.id).where(
                Competence.framework_id == key_competences_id()).order_by(Competence.position)))
        self._serials = 0

    def organisation(self, name: str = "Jugendzentrum Süd") -> None:
        self._add(Organisation(name=name, inactivity_days=21, digital_consent_age=16))

    def person(self, first: str, last: str, status: MenteeStatus, born: date | None, gender: Gender,
               active_since: date | None = None) -> uuid.UUID:
        mentee_id = self.mentee(first, last, status=status)
        with self._sessions.begin() as session:
            session.execute(update(Mentee).where(Mentee.id == mentee_id).values(birth_date=born, gender=gender))
        if active_since is not None:
            self._add(MenteeStatusChange(mentee_id=mentee_id, status=MenteeStatus.ACTIVE, changed_on=active_since))
        return mentee_id

    def enrol(self, mentee_id: uuid.UUID, programme_id: uuid.UUID, mentor_id: uuid.UUID, started: date,
              ended: date | None = None) -> None:
        self._add(Enrolment(mentee_id=mentee_id, programme_id=programme_id, mentor_id=mentor_id, started_on=started,
                            ended_on=ended))

    def consent(self, mentee_id: uuid.UUID, action: ConsentAction = ConsentAction.GIVEN,
                on: date = date(2026, 1, 10)) -> None:
        self._add(ConsentRecord(mentee_id=mentee_id, purpose=ConsentPurpose.PROCESSING, action=action,
                                method=ConsentMethod.PAPER_FORM, notice_version="v1", effective_on=on))

    def held(self, on: date, mode: SessionMode, minutes: int, mentor: uuid.UUID,
             attendees: dict[uuid.UUID, Attendance], status: SessionStatus = SessionStatus.HELD) -> uuid.UUID:
        kind = SessionKind.GROUP if len(attendees) > 1 else SessionKind.ONE_TO_ONE
        return self.session(on, attendees=attendees, status=status, mode=mode, duration_minutes=minutes,
                            mentor_id=mentor, kind=kind)

    def follow_up(self, mentee_id: uuid.UUID | None, due: date | None, done: bool = False,
                  session_id: uuid.UUID | None = None) -> None:
        self._add(FollowUp(mentee_id=mentee_id, text="Call back", due_date=due, session_id=session_id,
                           done_at=datetime(2026, 11, 2, tzinfo=UTC) if done else None))

    def assessment(self, mentee_id: uuid.UUID, kind: AssessmentKind, on: date,
                   levels: list[tuple[int | None, int | None]], written: bool = True) -> None:
        """`levels`: (self, mentor) per Key Competence, in order; fewer entries score fewer competences."""
        assessment = Assessment(id=uuid.uuid4(), mentee_id=mentee_id, framework_id=key_competences_id(), kind=kind,
                                assessed_on=on, identified_needs="Confidence" if written else None,
                                goals="A job" if written else None)
        self._add(assessment)
        self._add(*(AssessmentScore(assessment_id=assessment.id, competence_id=competence, self_level=own,
                                    mentor_level=mentor)
                    for competence, (own, mentor) in zip(self.competences, levels, strict=False)))

    def activity(self, mentee_id: uuid.UUID, status: ActivityStatus) -> None:
        self._add(LearningActivity(mentee_id=mentee_id, title="Barista course", kind=ActivityKind.COURSE,
                                   format=ActivityFormat.IN_PERSON, status=status))

    def agreement(self, mentee_id: uuid.UUID) -> None:
        self._add(PlanAgreement(mentee_id=mentee_id, agreed_on=day(9, 1), mentee_signatory="Mentee",
                                mentor_signatory="Mentor"))

    def outcome(self, mentee_id: uuid.UUID, competence: int, phase: ValidationPhase, on: date | None,
                evidence: str | None = "Observed at work") -> None:
        self._add(LearningOutcome(mentee_id=mentee_id, competence_id=self.competences[competence], level=3,
                                  statement="I can serve customers.", method=ValidationMethod.OBSERVATION,
                                  evidence_description=evidence, assessed_on=on, phase=phase))

    def certificate(self, mentee_id: uuid.UUID | None, kind: CertificateKind, issued: date,
                    revoked: datetime | None = None) -> None:
        self._serials += 1
        self._add(Certificate(serial=f"MD-2026-{self._serials:05d}", kind=kind, mentee_id=mentee_id, issued_on=issued,
                              payload_sha256="0" * 64, key_fingerprint="f" * 64, revoked_at=revoked,
                              erased=mentee_id is None))


@dataclass(frozen=True)
class Caseload:
    ana: uuid.UUID
    bea: uuid.UUID
    cem: uuid.UUID
    dora: uuid.UUID
    emil: uuid.UUID
    fay: uuid.UUID
    gus: uuid.UUID
    hana: uuid.UUID
    marta: uuid.UUID
    jonas: uuid.UUID
    wege: uuid.UUID
    digital: uuid.UUID


def both(level: int) -> list[tuple[int | None, int | None]]:
    return [(level, level)] * 8


@pytest.fixture
def build(session_factory) -> Build:  # noqa: ANN001
    return Build(session_factory)


@pytest.fixture
def people(build: Build) -> Caseload:
    build.organisation()
    marta, jonas = build.worker("Marta Nowak"), build.worker("Jonas Berg")
    wege = build.programme("Wege 2026", end=TODAY + timedelta(days=10))
    digital = build.programme("Digital Futures", end=date(2027, 6, 30))
    long_ago = day(8, 17)
    ana = build.person("Ana", "Horváth", MenteeStatus.ACTIVE, date(2000, 5, 1), Gender.FEMALE, long_ago)
    bea = build.person("Bea", "Kovács", MenteeStatus.ACTIVE, date(2007, 11, 25), Gender.FEMALE, long_ago)
    cem = build.person("Cem", "Yilmaz", MenteeStatus.ACTIVE, date(2008, 11, 26), Gender.MALE, long_ago)
    dora = build.person("Dora", "Lind", MenteeStatus.ACTIVE, date(1990, 1, 1), Gender.NON_BINARY, day(7, 1))
    emil = build.person("Emil", "Novák", MenteeStatus.COMPLETED, date(2001, 11, 25), Gender.MALE, day(6, 1))
    fay = build.person("Fay", "Olsen", MenteeStatus.WITHDRAWN, date(1999, 2, 2), Gender.FEMALE)
    gus = build.person("Gus", "Petrov", MenteeStatus.REFERRED, None, Gender.NOT_STATED)
    hana = build.person("Hana", "Quist", MenteeStatus.ON_HOLD, date(2011, 3, 3), Gender.FEMALE)

    build.enrol(ana, wege, marta, day(9, 1))
    build.enrol(bea, wege, marta, day(9, 1))
    build.enrol(cem, digital, jonas, day(8, 1))
    build.enrol(dora, wege, jonas, day(7, 1))
    build.enrol(emil, wege, marta, day(6, 1), ended=day(11, 5))
    build.enrol(fay, digital, jonas, day(3, 1), ended=day(6, 30))
    build.enrol(hana, digital, jonas, day(10, 1))

    for mentee in (ana, bea, cem, dora, emil, fay, hana):
        build.consent(mentee)
    build.consent(cem, ConsentAction.WITHDRAWN, on=day(10, 1))

    attended, no_show = Attendance.ATTENDED, Attendance.NO_SHOW
    build.held(day(11, 10), IN_PERSON, 600, marta, {ana: attended})  # S1
    build.held(day(11, 18), VIDEO, 90, marta, {bea: attended})  # S2
    build.held(day(11, 3), IN_PERSON, 300, marta, {emil: attended})  # S3
    build.held(day(11, 12), PHONE, 30, jonas, {gus: attended})  # S4
    group = build.held(day(11, 19), IN_PERSON, 60, jonas, {ana: attended, hana: no_show})  # S5
    build.held(day(11, 16), CHAT, 45, jonas, {gus: no_show})  # S6
    build.held(day(10, 1), PHONE, 60, jonas, {dora: attended})  # S7
    build.held(day(9, 10), IN_PERSON, 60, marta, {ana: attended})  # S8
    build.held(day(11, 5), IN_PERSON, 720, marta, {bea: attended})  # S9
    build.held(day(11, 6), IN_PERSON, 720, marta, {bea: attended})  # S10
    build.held(day(11, 11), IN_PERSON, 60, marta, {ana: Attendance.CANCELLED}, SessionStatus.CANCELLED)
    build.held(day(11, 27), VIDEO, 60, marta, {ana: Attendance.EXPECTED}, SessionStatus.PLANNED)

    build.follow_up(bea, day(11, 20))
    build.follow_up(bea, day(11, 24))
    build.follow_up(ana, day(11, 1), done=True)
    build.follow_up(dora, TODAY)  # due today: not overdue yet
    build.follow_up(None, day(11, 20), session_id=group)  # the group's: nobody's in particular
    build.follow_up(gus, None)

    # Ana: complete baseline (2), an interim at 3, a plan still open -> step 2.
    build.assessment(ana, AssessmentKind.BASELINE, day(9, 5), both(2))
    build.assessment(ana, AssessmentKind.INTERIM, day(11, 1), [(2, 3)] * 8)
    build.activity(ana, ActivityStatus.PLANNED)
    build.outcome(ana, 0, ValidationPhase.ASSESSED, day(11, 20))
    # Bea: the mentor scored only KC1 (2); her own levels are 1 -> step 1.
    build.assessment(bea, AssessmentKind.BASELINE, day(9, 20), [(1, 2)] + [(1, None)] * 7)
    # Dora: baseline 1, final 3 (KC2: no mentor level, her own 4), plan done, an outcome identified -> step 3.
    build.assessment(dora, AssessmentKind.BASELINE, day(8, 1), both(1))
    build.assessment(dora, AssessmentKind.FINAL, day(10, 20), [(2, 3), (4, None)] + [(2, 3)] * 6)
    build.activity(dora, ActivityStatus.COMPLETED)
    build.agreement(dora)
    build.outcome(dora, 2, ValidationPhase.IDENTIFIED, None, evidence=None)
    build.certificate(dora, CertificateKind.VALIDATION, day(11, 8), revoked=datetime(2026, 11, 9, tzinfo=UTC))
    # Emil: everything complete, certified on 6 November (both kinds).
    build.assessment(emil, AssessmentKind.BASELINE, day(7, 1), both(2))
    build.activity(emil, ActivityStatus.COMPLETED)
    build.agreement(emil)
    build.outcome(emil, 0, ValidationPhase.CERTIFIED, day(11, 2))
    build.outcome(emil, 3, ValidationPhase.ASSESSED, day(10, 15))
    build.certificate(emil, CertificateKind.VALIDATION, day(11, 6))
    build.certificate(emil, CertificateKind.PARTICIPATION, day(11, 6))
    build.certificate(fay, CertificateKind.VALIDATION, day(5, 1), revoked=datetime(2026, 5, 10, tzinfo=UTC))
    build.certificate(None, CertificateKind.VALIDATION, day(11, 10))  # its holder was erased
    # Hana: a baseline begun, nothing scored -> step 1.
    build.assessment(hana, AssessmentKind.BASELINE, day(11, 15), [], written=False)
    return Caseload(ana, bea, cem, dora, emil, fay, gus, hana, marta, jonas, wege, digital)


@pytest.fixture
def service(session_factory) -> DashboardService:  # noqa: ANN001
    return DashboardService(session_factory)


def month(**scope: uuid.UUID) -> DashboardFilter:
    return DashboardFilter(date_from=NOVEMBER[0], date_to=NOVEMBER[1], **scope)


def cards(board: Dashboard) -> dict[str, float]:
    return {card.key: card.value for card in board.cards}


def funnel(board: Dashboard) -> dict[str, int]:
    return {stage.stage: stage.mentees for stage in board.funnel}


def attention(board: Dashboard) -> dict[tuple[DrillKind, str], int]:
    return {(item.drill.kind, item.drill.value): item.count for item in board.attention}


def weeks(board: Dashboard) -> list[tuple[date, int, int]]:
    return [(week.week_start, week.in_person, week.online) for week in board.weeks]


def mentors(board: Dashboard) -> list[tuple[str, int, float]]:
    return [(mentor.name, mentor.caseload, mentor.hours) for mentor in board.mentors]


# ---- the month, everyone


def test_cards_for_the_month(service: DashboardService, people: Caseload) -> None:
    board = service.dashboard(month(), TODAY)
    assert cards(board) == {
        "active_mentees": 4,  # Ana, Bea, Cem, Dora
        "sessions_month": 8,  # S1-S6, S9, S10: S6 was held though nobody came
        "hours_month": 42.75,  # 600 + 90 + 300 + 30 + 60 + 45 + 720 + 720 = 2565 min
        "certificates": 3,  # Emil's two and the erased holder's; Dora's and Fay's were revoked
        "overdue_follow_ups": 1,  # Bea (two of them); Ana's is done, Dora's due today, the group's is nobody's
        "consent_missing": 3,  # Cem withdrew, Gus has none, Hana (15) gave it herself
    }
    assert (board.filter, board.today) == (month(), TODAY)


def test_funnel_for_the_month(service: DashboardService, people: Caseload) -> None:
    """Participants in November: Ana, Bea, Cem, Dora, Emil (enrolled until the 5th), Gus (attended S4), Hana."""
    board = service.dashboard(month(), TODAY)
    assert [stage.stage for stage in board.funnel] == ["assessment", "learning_offer", "validation", "certified"]
    assert funnel(board) == {"assessment": 2, "learning_offer": 1, "validation": 1, "certified": 1}
    drilled = {stage.stage: service.mentee_ids(stage.drill, month(), TODAY) for stage in board.funnel}
    assert drilled == {"assessment": [people.bea, people.hana], "learning_offer": [people.ana],
                       "validation": [people.dora], "certified": [people.emil]}


def test_weeks_of_the_month(service: DashboardService, people: Caseload) -> None:
    """The 12 weeks to the period's last day, whatever its start: a month alone is too short a trend."""
    board = service.dashboard(month(), TODAY)
    mondays = [day(9, 7) + timedelta(weeks=n) for n in range(12)]
    expected = {day(9, 7): (1, 0),  # S8
                day(9, 28): (0, 1),  # S7 by phone, 1 October
                day(11, 2): (3, 0),  # S3, S9, S10
                day(11, 9): (1, 1),  # S1; S4 by phone
                day(11, 16): (1, 2)}  # S5; S2 by video, S6 by chat; the planned session on the 27th is not held
    assert weeks(board) == [(monday, *expected.get(monday, (0, 0))) for monday in mondays]
    drilled = {week.week_start: service.mentee_ids(week.drill, month(), TODAY) for week in board.weeks}
    assert drilled[day(9, 7)] == [people.ana]
    assert drilled[day(11, 2)] == [people.bea, people.emil]
    assert drilled[day(11, 16)] == [people.ana, people.bea]
    assert drilled[day(10, 26)] == drilled[day(11, 23)] == []


def test_the_reports_weeks_stay_inside_its_period(service: DashboardService, people: Caseload) -> None:
    """… while the report counts nothing outside the period it reports on: from Sunday 1 November."""
    report = service.funder_report(*NOVEMBER)
    assert [(week.week_start, week.in_person, week.online) for week in report.weeks] == [
        (day(10, 26), 0, 0), (day(11, 2), 3, 0), (day(11, 9), 1, 1), (day(11, 16), 1, 2), (day(11, 23), 0, 0)]


def test_twelve_weeks_to_today_without_a_period(service: DashboardService, people: Caseload) -> None:
    board = service.dashboard(DashboardFilter(), TODAY)
    mondays = [day(9, 7) + timedelta(weeks=n) for n in range(12)]
    expected = {day(9, 7): (1, 0), day(9, 28): (0, 1), day(11, 2): (3, 0), day(11, 9): (1, 1), day(11, 16): (1, 2)}
    assert weeks(board) == [(monday, *expected.get(monday, (0, 0))) for monday in mondays]
    assert service.mentee_ids(board.weeks[3].drill, DashboardFilter(), TODAY) == [people.dora]  # S7, 1 October


def test_competence_progress_for_the_month(service: DashboardService, people: Caseload) -> None:
    """Baseline against latest, mentor level else own, of the participants with both (Ana, Bea, Dora, Emil).

    KC1: baseline 2, 2, 1, 2 and latest 3, 2, 3, 2. KC2: 2, 1, 1, 2 and 3, 1, 4 (Dora's own), 2.
    Others: 2, 1, 1, 2 and 3, 1, 3, 2. Hana's baseline has no levels.
    """
    board = service.dashboard(month(), TODAY)
    assert board.framework == "Key Competences for Lifelong Learning"
    rows = [(c.code, c.baseline, c.latest, c.mentees) for c in board.competences]
    assert rows == [("KC1", 1.75, 2.5, 4), ("KC2", 1.5, 2.5, 4)] + [(f"KC{n}", 1.5, 2.25, 4) for n in range(3, 9)]
    assert board.competences[0].name == "Literacy"


def test_competence_progress_of_the_active_mentees_without_a_period(service: DashboardService,
                                                                     people: Caseload) -> None:
    board = service.dashboard(DashboardFilter(), TODAY)  # Ana, Bea, Dora (Cem has nothing)
    first, second, third = board.competences[:3]
    assert (first.baseline, first.latest, first.mentees) == (pytest.approx(5 / 3), pytest.approx(8 / 3), 3)
    assert (second.baseline, second.latest) == (pytest.approx(4 / 3), pytest.approx(8 / 3))
    assert (third.baseline, third.latest) == (pytest.approx(4 / 3), pytest.approx(7 / 3))


def test_mentors_for_the_month(service: DashboardService, people: Caseload) -> None:
    """Caseload: active mentees enrolled with them now. Hours: the sessions they held in November."""
    board = service.dashboard(month(), TODAY)
    assert mentors(board) == [("Jonas Berg", 2, 2.25), ("Marta Nowak", 2, 40.5)]  # J: 30 + 60 + 45 min
    assert service.mentee_ids(board.mentors[0].drill, month(), TODAY) == [people.dora, people.cem]
    assert service.mentee_ids(board.mentors[1].drill, month(), TODAY) == [people.ana, people.bea]


def test_needs_attention(service: DashboardService, people: Caseload) -> None:
    board = service.dashboard(month(), TODAY)
    assert attention(board) == {
        (DrillKind.NO_CONTACT, ""): 2,  # Cem never seen, Dora last on 1 October
        (DrillKind.OVERDUE_FOLLOW_UP, ""): 1,
        (DrillKind.CONSENT_MISSING, ""): 3,
        (DrillKind.PROGRAMME_ENDING, str(people.wege)): 3,  # Ana, Bea, Dora; Emil's enrolment ended
    }
    ids = {item.drill.kind: service.mentee_ids(item.drill, month(), TODAY) for item in board.attention}
    assert ids[DrillKind.NO_CONTACT] == [people.dora, people.cem]
    assert ids[DrillKind.OVERDUE_FOLLOW_UP] == [people.bea]
    assert ids[DrillKind.CONSENT_MISSING] == [people.gus, people.hana, people.cem]
    assert ids[DrillKind.PROGRAMME_ENDING] == [people.ana, people.bea, people.dora]
    assert board.attention[0].drill.label == "No session for 21 days"


def test_no_contact_is_the_today_pages_list(service: DashboardService, people: Caseload,
                                            session_factory) -> None:  # noqa: ANN001
    today = TodayService(session_factory)
    for worker in (None, people.jonas, people.marta):
        listed = {item.mentee_id for item in today.agenda(TODAY, worker).no_contact}
        figures = DashboardFilter(mentor_id=worker)
        assert set(service.mentee_ids(Drill(DrillKind.NO_CONTACT), figures, TODAY)) == listed


def test_certificates_card_counts_certificates_and_drills_to_their_holders(service: DashboardService,
                                                                            people: Caseload) -> None:
    card = next(card for card in service.dashboard(month(), TODAY).cards if card.key == "certificates")
    assert card.value == 3
    assert service.mentee_ids(card.drill, month(), TODAY) == [people.emil]  # two certificates; one erased holder
    assert service.mentee_ids(card.drill, DashboardFilter(date_from=day(5, 1), date_to=day(5, 31)), TODAY) == []


# ---- without a period: now, and this month


def test_without_a_period(service: DashboardService, people: Caseload) -> None:
    board = service.dashboard(DashboardFilter(), TODAY)
    assert cards(board) == {"active_mentees": 4, "sessions_month": 8, "hours_month": 42.75, "certificates": 3,
                            "overdue_follow_ups": 1, "consent_missing": 3}
    assert funnel(board) == {"assessment": 1, "learning_offer": 1, "validation": 1, "certified": 0}  # the active


# ---- filtered


def test_one_programme(service: DashboardService, people: Caseload) -> None:
    """Wege: enrolled now Ana, Bea, Dora; in November also Emil."""
    figures = month(programme_id=people.wege)
    board = service.dashboard(figures, TODAY)
    assert cards(board) == {
        "active_mentees": 3,
        "sessions_month": 6,  # S1, S2, S3, S5 (Ana came), S9, S10
        "hours_month": 41.5,  # 600 + 90 + 300 + 60 + 720 + 720 = 2490 min
        "certificates": 2,  # Emil's
        "overdue_follow_ups": 1,
        "consent_missing": 0,
    }
    assert funnel(board) == {"assessment": 1, "learning_offer": 1, "validation": 1, "certified": 1}
    assert weeks(board)[-5:] == [(day(10, 26), 0, 0), (day(11, 2), 3, 0), (day(11, 9), 1, 0), (day(11, 16), 1, 1),
                                 (day(11, 23), 0, 0)]
    assert mentors(board) == [("Jonas Berg", 1, 1.0), ("Marta Nowak", 2, 40.5)]
    assert attention(board) == {(DrillKind.NO_CONTACT, ""): 1, (DrillKind.OVERDUE_FOLLOW_UP, ""): 1,
                                (DrillKind.CONSENT_MISSING, ""): 0, (DrillKind.PROGRAMME_ENDING, str(people.wege)): 3}
    assert [c.baseline for c in board.competences[:2]] == [1.75, 1.5]  # Wege uses the Key Competences


def test_one_mentor(service: DashboardService, people: Caseload) -> None:
    """Jonas: Cem, Dora and Hana now and in November (Fay's enrolment ended in June)."""
    figures = month(mentor_id=people.jonas)
    board = service.dashboard(figures, TODAY)
    assert cards(board) == {"active_mentees": 2, "sessions_month": 0, "hours_month": 0.0, "certificates": 0,
                            "overdue_follow_ups": 0, "consent_missing": 2}
    assert funnel(board) == {"assessment": 1, "learning_offer": 0, "validation": 1, "certified": 0}
    assert mentors(board) == [("Jonas Berg", 2, 0.0)]
    assert attention(board) == {(DrillKind.NO_CONTACT, ""): 2, (DrillKind.OVERDUE_FOLLOW_UP, ""): 0,
                                (DrillKind.CONSENT_MISSING, ""): 2, (DrillKind.PROGRAMME_ENDING, str(people.wege)): 1}
    # Jonas's mentees attended only S7 (Dora, by phone, 1 October) in the 12 weeks: S4 and S5 are Gus's and Ana's
    assert [(week.week_start, week.online) for week in board.weeks if week.in_person or week.online] == \
        [(day(9, 28), 1)]


def test_a_programme_ending_with_nobody_the_filter_keeps_is_left_out(service: DashboardService,
                                                                     people: Caseload) -> None:
    board = service.dashboard(month(programme_id=people.digital), TODAY)
    assert DrillKind.PROGRAMME_ENDING not in {item.drill.kind for item in board.attention}


# ---- every figure that counts mentees lists exactly them


@pytest.mark.parametrize("scope", ["everyone", "wege", "jonas", "marta", "no period"])
def test_every_drill_lists_as_many_mentees_as_its_figure_counts(service: DashboardService, people: Caseload,
                                                                scope: str) -> None:
    figures = {"everyone": month(), "wege": month(programme_id=people.wege), "jonas": month(mentor_id=people.jonas),
               "marta": month(mentor_id=people.marta), "no period": DashboardFilter()}[scope]
    board = service.dashboard(figures, TODAY)
    counted = [(card.drill, card.value) for card in board.cards if card.drill and card.key != "certificates"]
    counted += [(stage.drill, stage.mentees) for stage in board.funnel]
    counted += [(mentor.drill, mentor.caseload) for mentor in board.mentors]
    counted += [(item.drill, item.count) for item in board.attention]
    assert len(counted) >= 12
    for drill, value in counted:
        ids = service.mentee_ids(drill, figures, TODAY)
        assert len(ids) == value, drill
        assert len(set(ids)) == len(ids)


def test_drills_come_sorted_by_name(service: DashboardService, people: Caseload) -> None:
    ids = service.mentee_ids(Drill(DrillKind.ACTIVE), DashboardFilter(), TODAY)
    assert ids == [people.ana, people.bea, people.dora, people.cem]  # Horváth, Kovács, Lind, Yilmaz


def test_a_period_that_ends_before_it_starts_is_refused(service: DashboardService, people: Caseload) -> None:
    with pytest.raises(ValidationError):
        service.dashboard(DashboardFilter(date_from=TODAY, date_to=day(11, 1)), TODAY)


# ---- the funder report


@pytest.fixture
def no_suppression(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every group shown: the hand-built caseload is smaller than any group the report may print."""
    monkeypatch.setattr(dashboard_module, "SMALL_GROUP", 1)


def values(counts: tuple[Count, ...]) -> dict[str, int | None]:
    return {count.label: count.value for count in counts}


def test_report_figures(service: DashboardService, people: Caseload, no_suppression: None) -> None:
    report = service.funder_report(*NOVEMBER)
    assert (report.organisation, report.period_from, report.period_to) == ("Jugendzentrum Süd", *NOVEMBER)
    assert values(report.participants_by_status) == {"Referred": 1, "Active": 4, "On hold": 1, "Completed": 1,
                                                     "Withdrawn": 0}
    assert values(report.participants_by_gender) == {"Female": 3, "Male": 2, "Non-binary": 1, "Other": 0,
                                                     "Not stated": 1}
    # On 25 November: Hana 15, Cem 17 (18 tomorrow), Bea 19 today, Ana 26, Emil 25 today, Dora 36, Gus unknown.
    assert values(report.participants_by_age_band) == {"under 16": 1, "16–17": 1, "18–24": 1, "25–29": 2, "30+": 1,
                                                       "age not recorded": 1}
    assert report.hours_total == 42.75
    # Attended: Ana 600 + 60, Bea 90 + 720 + 720, Emil 300 (exactly 5 h), Gus 30; Cem, Dora, Hana none.
    assert values(report.hours_per_participant) == {"under 5 h": 4, "5–10 h": 1, "10–20 h": 1, "20–40 h": 1,
                                                    "40 h and more": 0}
    assert values(report.sessions_by_mode) == {"In person": 5, "Phone": 1, "Video call": 1, "Chat": 1,
                                               "Social media group": 0, "Other online": 0}
    assert values(report.pathway) == {"Step 1: skills assessment": 2, "Step 2: learning offer": 1,
                                      "Step 3: validation": 1, "Certified": 1}
    # Ana's KC1 (20 Nov) and Emil's KC1 (2 Nov); Emil's KC4 was assessed in October, Dora's only identified.
    assert values(report.outcomes_by_competence) == {"KC1 Literacy": 2}
    assert values(report.certificates) == {"Validation of learning": 2, "Participation": 1}


@pytest.mark.parametrize("scope", ["everyone", "wege", "jonas"])
def test_the_report_prints_the_dashboards_figures(service: DashboardService, people: Caseload, scope: str,
                                                  no_suppression: None) -> None:
    figures = {"everyone": month(), "wege": month(programme_id=people.wege),
               "jonas": month(mentor_id=people.jonas)}[scope]
    board = service.dashboard(figures, TODAY)
    report = service.funder_report(*NOVEMBER, figures)
    card = cards(board)
    assert sum(count.value or 0 for count in report.sessions_by_mode) == card["sessions_month"]
    assert report.hours_total == card["hours_month"]
    assert sum(count.value or 0 for count in report.certificates) == card["certificates"]
    assert [count.value for count in report.pathway] == [stage.mentees for stage in board.funnel]
    # The dashboard's weeks from the period's first Monday on (the report's first week starts on the 1st)
    assert report.weeks[1:] == tuple(week for week in board.weeks if week.week_start >= NOVEMBER[0])
    assert report.filter == figures
    assert report.programme == ("Wege 2026" if scope == "wege" else "")


def test_small_groups_are_shown_as_fewer_than_five(service: DashboardService, people: Caseload) -> None:
    report = service.funder_report(*NOVEMBER)
    assert values(report.sessions_by_mode) == {"In person": 5, "Phone": None, "Video call": None, "Chat": None,
                                               "Social media group": 0, "Other online": 0}
    assert [count.shown for count in report.sessions_by_mode[:2]] == ["5", "fewer than 5"]
    assert values(report.participants_by_status) == {"Referred": None, "Active": None, "On hold": None,
                                                     "Completed": None, "Withdrawn": 0}
    assert values(report.hours_per_participant)["40 h and more"] == 0
    every = (report.participants_by_status + report.participants_by_gender + report.participants_by_age_band
             + report.hours_per_participant + report.sessions_by_mode + report.pathway
             + report.outcomes_by_competence + report.certificates)
    assert all(count.value is None or count.value == 0 or count.value >= 5 for count in every)


def test_a_report_period_must_not_end_before_it_starts(service: DashboardService, people: Caseload) -> None:
    with pytest.raises(ValidationError) as refused:
        service.funder_report(TODAY, day(11, 1))
    assert refused.value.errors == {"period_to": "The period must end on or after the day it starts."}


def test_report_csv(service: DashboardService, people: Caseload, tmp_path: Path,
                    session_factory) -> None:  # noqa: ANN001
    with session_factory.begin() as session:  # a name a spreadsheet would run as a formula
        session.execute(update(Organisation).values(name="=HYPERLINK(\"http://x\")"))
    target = tmp_path / "out" / "report.csv"
    target.parent.mkdir()
    service.export_report_csv(service.funder_report(*NOVEMBER), target)
    text = target.read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "section,label,value"
    assert lines[1] == "Report,Organisation,\"'=HYPERLINK(\"\"http://x\"\")\""
    assert lines[2:4] == ["Report,Period from,2026-11-01", "Report,Period to,2026-11-25"]
    assert "Sessions by mode,In person,5" in lines
    assert "Sessions by mode,Phone,fewer than 5" in lines
    assert "Hours of mentoring,Total,42.75" in lines
    assert "Sessions per week,2026-11-02 in person,3" in lines
    assert [path.name for path in target.parent.iterdir()] == ["report.csv"]  # no temporary left


def test_report_pdf(service: DashboardService, people: Caseload, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    service.write_report_pdf(service.funder_report(*NOVEMBER), target)
    reader = PdfReader(target)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Jugendzentrum Süd" in text
    assert "Horváth" not in text and "Kovács" not in text  # no names
    assert [path.name for path in target.parent.iterdir()] == ["report.pdf"]


def test_report_pdf_into_a_missing_folder(service: DashboardService, people: Caseload, tmp_path: Path) -> None:
    report = service.funder_report(*NOVEMBER)
    with pytest.raises(DomainError, match="Cannot write"):
        service.write_report_pdf(report, tmp_path / "missing" / "report.pdf")


def test_an_empty_caseload(service: DashboardService) -> None:
    board = service.dashboard(month(), TODAY)
    assert set(cards(board).values()) == {0}
    assert set(funnel(board).values()) == {0}
    assert len(board.weeks) == 12 and all(week.in_person == week.online == 0 for week in board.weeks)
    assert [(c.baseline, c.latest, c.mentees) for c in board.competences] == [(None, None, 0)] * 8
    assert board.mentors == ()
    assert attention(board) == {(DrillKind.NO_CONTACT, ""): 0, (DrillKind.OVERDUE_FOLLOW_UP, ""): 0,
                                (DrillKind.CONSENT_MISSING, ""): 0}
    report = service.funder_report(*NOVEMBER)
    assert report.organisation == "" and report.hours_total == 0
    assert all(count.value == 0 for count in report.participants_by_status + report.sessions_by_mode)
    assert report.outcomes_by_competence == ()


# ---- refreshing after a change: only the parts a change can alter are read again, with the same figures


def _tick_follow_ups(build: Build, people: Caseload) -> None:
    with build._sessions.begin() as session:
        session.execute(update(FollowUp).where(FollowUp.mentee_id == people.bea)
                        .values(done_at=datetime(2026, 11, 25, tzinfo=UTC)))


def _withdraw_consent(build: Build, people: Caseload) -> None:
    build.consent(people.ana, ConsentAction.WITHDRAWN, on=day(11, 24))


def _see_cem(build: Build, people: Caseload) -> None:
    build.held(day(11, 24), VIDEO, 45, people.jonas, {people.cem: Attendance.ATTENDED})


def _assess_cem(build: Build, people: Caseload) -> None:
    build.assessment(people.cem, AssessmentKind.BASELINE, day(11, 24), both(3))


def _certify_ana(build: Build, people: Caseload) -> None:
    build.certificate(people.ana, CertificateKind.PARTICIPATION, day(11, 24))


@pytest.mark.parametrize(("change", "kinds"), [
    (_tick_follow_ups, {ChangeKind.FOLLOW_UPS}),
    (_withdraw_consent, {ChangeKind.CONSENT}),
    (_see_cem, {ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS}),
    (_assess_cem, {ChangeKind.PATHWAY}),
    (_certify_ana, {ChangeKind.CERTIFICATES, ChangeKind.PATHWAY}),
])
def test_a_refresh_after_a_change_shows_what_a_full_read_shows(service: DashboardService, people: Caseload,
                                                               build: Build, change, kinds) -> None:  # noqa: ANN001
    before = service.dashboard(month(), TODAY)
    change(build, people)
    refreshed = service.dashboard(month(), TODAY, since=before, changed=kinds)
    assert refreshed != before  # the change shows
    assert refreshed == service.dashboard(month(), TODAY)


def test_a_follow_up_ticked_reads_only_the_follow_ups_again(service: DashboardService, people: Caseload,
                                                           build: Build, monkeypatch) -> None:  # noqa: ANN001
    before = service.dashboard(month(), TODAY)
    _tick_follow_ups(build, people)
    for part in ("_activity", "_funnel", "_competences", "_attention_drills", "_attended_unenrolled"):
        monkeypatch.setattr(dashboard_module, part, _must_not_run)
    refreshed = service.dashboard(month(), TODAY, since=before, changed={ChangeKind.FOLLOW_UPS})
    assert cards(refreshed)["overdue_follow_ups"] == cards(before)["overdue_follow_ups"] - 1


def _must_not_run(*_args: object) -> None:
    raise AssertionError("this part was read again although the change could not alter it")


def test_a_session_that_brings_in_a_new_participant_recounts_the_funnel(service: DashboardService,
                                                                        people: Caseload, build: Build) -> None:
    ivo = build.person("Ivo", "Šimić", MenteeStatus.REFERRED, None, Gender.MALE)  # no enrolment at all
    build.assessment(ivo, AssessmentKind.BASELINE, day(10, 2), [], written=False)
    before = service.dashboard(month(), TODAY)
    build.held(day(11, 24), IN_PERSON, 60, people.jonas, {ivo: Attendance.ATTENDED})
    refreshed = service.dashboard(month(), TODAY, since=before, changed={ChangeKind.SESSIONS})
    assert funnel(refreshed)["assessment"] == funnel(before)["assessment"] + 1
    assert refreshed == service.dashboard(month(), TODAY)


def test_another_filter_or_day_is_read_whole(service: DashboardService, people: Caseload) -> None:
    before = service.dashboard(month(), TODAY)
    assert service.dashboard(month(mentor_id=people.marta), TODAY, since=before) == \
        service.dashboard(month(mentor_id=people.marta), TODAY)
    later = TODAY + timedelta(days=1)
    assert service.dashboard(month(), later, since=before) == service.dashboard(month(), later)
