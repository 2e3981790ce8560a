"""The dashboard's figures and the funder report's: one set of queries, and for each figure the mentees behind it.

Every figure is an SQL aggregate. A figure that counts mentees is `count(*)` over the very condition that
`mentee_ids()` lists for its drill, so clicking it opens exactly the people it counts. Two figures count
something else and drill to the people involved: the certificates card counts certificates (the register's
and the report's number; one mentee may hold two) and a week's bar counts sessions (a group session is one).

Which mentees a figure covers
- The programme and mentor filters keep the mentees enrolled in that programme, with that mentor. Figures about
  now (active mentees, caseloads, follow-ups, consent, contact, programmes ending) look at current enrolments;
  figures about the period (sessions, hours, weeks, pathway, competences, outcomes, certificates) at enrolments
  that overlapped it, so that a report on last year still finds last year's mentees.
- The pathway funnel and competence progress describe the period's participants: mentees who attended a held
  session in it or were enrolled during it (the funder report's participants). Without a period (only callers
  other than the dashboard page leave it out) they describe the active mentees, and sessions, hours and
  certificates cover this month.
- A held session counts once however many attended it. Unfiltered, every held session counts, as on the
  Sessions page; filtered, a held session that one of the kept mentees attended. Hours are its duration.
- Funnel stages: "certified" holds an unrevoked certificate; the others are the current step
  (pathway_step_expression) of those not certified. Mentees before any record or with every step complete
  but no certificate are in no stage.
- Needs attention follows the Today page: no contact for the organisation's inactivity days (TodayService's own
  rule), open follow-ups due before today, processing consent not valid (referred, active and on-hold mentees)
  and programmes ending within 14 days. Each counts mentees; the overdue card is the same figure.

dashboard() works out its panels on several connections at once (see `_read`); the report reads one snapshot.

Anonymisation (funder report): every count from 1 to SMALL_GROUP - 1 becomes Count(value=None), "fewer than 5".
A zero stays 0: an empty group has nobody in it to single out, and hiding it would also hide that nobody was,
say, under 16, which funders need to know.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from mentordesk.config.files import atomic_write_bytes
from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import (
    Assessment,
    AssessmentScore,
    Certificate,
    Competence,
    CompetenceFramework,
    Enrolment,
    FollowUp,
    LearningOutcome,
    Mentee,
    MentoringSession,
    Organisation,
    Programme,
    SessionAttendance,
    Worker,
)
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import (
    AssessmentKind,
    Attendance,
    AuditAction,
    CertificateKind,
    Gender,
    MenteeStatus,
    PathwayStep,
    SessionMode,
    SessionStatus,
    ValidationPhase,
)
from mentordesk.reports.funder_report import render_funder_report
from mentordesk.reports.plan_agreement import format_hours
from mentordesk.services import audit
from mentordesk.services.access import Access, AccessDenied
from mentordesk.services.caseload import mentee_scope
from mentordesk.services.changes import ChangeKind
from mentordesk.services.consent import ConsentState, consent_age, consent_state_expression
from mentordesk.services.csv_files import write_csv
from mentordesk.services.dashboard_data import (
    SMALL_GROUP,
    AttentionItem,
    Card,
    CompetenceProgress,
    Count,
    Dashboard,
    DashboardFilter,
    Drill,
    DrillKind,
    FunderReport,
    FunnelStage,
    MentorLoad,
    WeekBar,
)
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.mentees import NOT_STARTED
from mentordesk.services.pathway_state import pathway_step_expression
from mentordesk.services.query_hints import unindexed
from mentordesk.services.today import DEFAULT_INACTIVITY_DAYS, mentees_without_contact, programmes_ending_soon
from mentordesk.services.validation import EARLIEST, years_before

WEEKS = 12
CERTIFIED = "certified"  # the funnel's last stage, and a STEP drill's value for it
FUNNEL = (PathwayStep.ASSESSMENT.value, PathwayStep.LEARNING_OFFER.value, PathwayStep.VALIDATION.value, CERTIFIED)
OPEN_CASELOAD = (MenteeStatus.REFERRED, MenteeStatus.ACTIVE, MenteeStatus.ON_HOLD)  # whose consent is checked
VALIDATED = (ValidationPhase.ASSESSED, ValidationPhase.CERTIFIED)

# The report is printed in English (as the plan agreement is); the ui words the dashboard itself.
STATUS_LABELS = {MenteeStatus.REFERRED: "Referred", MenteeStatus.ACTIVE: "Active", MenteeStatus.ON_HOLD: "On hold",
                 MenteeStatus.COMPLETED: "Completed", MenteeStatus.WITHDRAWN: "Withdrawn"}
GENDER_LABELS = {Gender.FEMALE: "Female", Gender.MALE: "Male", Gender.NON_BINARY: "Non-binary", Gender.OTHER: "Other",
                 Gender.NOT_STATED: "Not stated"}
MODE_LABELS = {SessionMode.IN_PERSON: "In person", SessionMode.PHONE: "Phone", SessionMode.VIDEO_CALL: "Video call",
               SessionMode.CHAT: "Chat", SessionMode.SOCIAL_MEDIA_GROUP: "Social media group",
               SessionMode.OTHER: "Other online"}
STAGE_LABELS = {PathwayStep.ASSESSMENT.value: "Step 1: skills assessment",
                PathwayStep.LEARNING_OFFER.value: "Step 2: learning offer",
                PathwayStep.VALIDATION.value: "Step 3: validation", CERTIFIED: "Certified"}
KIND_LABELS = {CertificateKind.VALIDATION: "Validation of learning", CertificateKind.PARTICIPATION: "Participation"}
# (label, youngest age in the band); ages on the last day of the period.
AGE_BANDS = (("under 16", 0), ("16–17", 16), ("18–24", 18), ("25–29", 25), ("30+", 30))
AGE_UNKNOWN = "age not recorded"
# (label, fewest minutes attended in the period)
DOSAGE_BANDS = (("under 5 h", 0), ("5–10 h", 300), ("10–20 h", 600), ("20–40 h", 1200), ("40 h and more", 2400))


class DashboardService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def _scoped(self, filter: DashboardFilter) -> DashboardFilter:
        """A signed-in mentor's figures are those of their own mentees: the mentor filter, set to them."""
        mentor = self._access.caseload_of
        if mentor is None or filter.mentor_id == mentor:
            return filter
        if filter.mentor_id is not None:
            raise AccessDenied("Only a coordinator can see another mentor's figures.")
        return replace(filter, mentor_id=mentor)

    def dashboard(self, filter: DashboardFilter, today: date | None = None, *, since: Dashboard | None = None,
                  changed: Iterable[ChangeKind] = ()) -> Dashboard:
        """The figures for `filter` on `today`.

        With `since` (a dashboard this service made for the same filter and day) and `changed` (every kind of
        record changed since it was made), only the parts those changes can alter are read again; the page
        refreshes after a save in a fraction of a full read. See `_AFFECTS`.
        """
        today = today or date.today()
        filter = self._scoped(filter)
        previous: _Workings | None = since.workings if since is not None else None
        if previous is not None and (previous.filter, previous.today) != (filter, today):
            previous = None
        stale = _stale_parts(changed) if previous is not None else _ALL_PARTS
        with self._sessions() as session:
            scope = _Scope(session, filter, today)
            if previous is None or "layout" in stale:
                framework_id = _framework_id(session, filter)
                framework = session.scalar(select(CompetenceFramework.name)
                                           .where(CompetenceFramework.id == framework_id)) or ""
                drills = _attention_drills(session, scope)
            else:
                framework_id, framework, drills = previous.framework_id, previous.framework, previous.drills
        counted = {drill: _ATTENTION_PART.get(drill.kind, "layout") for drill in (_ACTIVE, *drills)}
        # The parts at the same time, each on a connection of its own (see _read). The funnel and competences
        # wait for the participants' condition; the rest start at once.
        with ThreadPoolExecutor(max_workers=4, thread_name_prefix="dashboard") as pool:
            def read(work: Callable[[Session], Any]) -> Future:
                return pool.submit(_read, self._sessions, work)

            recount = [drill for drill, part in counted.items() if part in stale]
            counting = read(lambda s: {drill: _listed(s, scope, drill) for drill in recount}) if recount else None
            activity = read(lambda s: _activity(s, scope)) if "activity" in stale else None
            outside = (read(scope.outside).result() if "participants" in stale
                       else previous.outside)  # type: ignore[union-attr]
            if previous is not None and outside != previous.outside:
                stale |= {"funnel", "competences"}
            population = scope.participants(outside)
            funnel = read(lambda s: _funnel(s, population)) if "funnel" in stale else None
            competences = (read(lambda s: _competences(s, population, framework_id))
                           if "competences" in stale else None)
            workings = _Workings(
                filter=filter, today=today, framework_id=framework_id, framework=framework, drills=drills,
                counts={**(previous.counts if previous else {}), **(counting.result() if counting else {})},
                activity=activity.result() if activity else previous.activity,  # type: ignore[union-attr]
                outside=outside,
                funnel=funnel.result() if funnel else previous.funnel,  # type: ignore[union-attr]
                competences=competences.result() if competences else previous.competences,  # type: ignore[union-attr]
            )
        return _assemble(workings, scope)

    def mentee_ids(self, drill: Drill, filter: DashboardFilter, today: date | None = None) -> list[uuid.UUID]:
        """The mentees a figure counts (or, for certificates and weeks, the people involved), sorted by name."""
        filter = self._scoped(filter)
        with self._sessions() as session:
            scope = _Scope(session, filter, today or date.today())
            # The mentor filter also keeps former mentees of the period; a mentor opens only current ones.
            statement = (select(Mentee.id).where(scope.condition(session, drill), mentee_scope(self._access))
                         .order_by(Mentee.sort_name, Mentee.reference_code))
            return list(session.scalars(statement))

    def funder_report(self, period_from: date, period_to: date,
                      filter: DashboardFilter = DashboardFilter()) -> FunderReport:  # noqa: B008 (frozen)
        self._access.require_coordinator("make the funder report")
        if period_to < period_from:
            raise ValidationError({"period_to": "The period must end on or after the day it starts."})
        figures = replace(filter, date_from=period_from, date_to=period_to)
        with self._sessions() as session:
            scope = _Scope(session, figures, date.today())
            participants = scope.population(session)
            held = _held_sessions(session, scope, period_from, period_to)
            outcomes = _outcomes(session, scope)
            return FunderReport(
                organisation=session.scalar(select(Organisation.name)) or "",
                period_from=period_from,
                period_to=period_to,
                filter=figures,
                participants_by_status=_grouped(session, participants, Mentee.status, STATUS_LABELS),
                participants_by_gender=_grouped(session, participants, Mentee.gender, GENDER_LABELS),
                participants_by_age_band=_age_bands(session, participants, period_to),
                hours_total=held.minutes / 60,
                hours_per_participant=_dosage(session, scope, participants),
                sessions_by_mode=tuple(_anonymised(MODE_LABELS[mode], held.by_mode.get(mode, 0))
                                       for mode in SessionMode),
                pathway=tuple(_anonymised(STAGE_LABELS[stage.stage], stage.mentees)
                              for stage in _funnel(session, participants)),
                outcomes_by_competence=tuple(_anonymised(label, count) for label, count in outcomes),
                certificates=tuple(_anonymised(KIND_LABELS[kind], count)
                                   for kind, count in _certificates(session, scope).items()),
                weeks=_weeks(session, scope, within_period=True),
                programme=session.scalar(select(Programme.name).where(Programme.id == filter.programme_id)) or ""
                if filter.programme_id is not None else "",
            )

    def export_report_csv(self, report: FunderReport, path: Path, actor_id: uuid.UUID | None = None) -> None:
        """The report's aggregates as section,label,value rows (what the PDF prints, small groups included)."""
        with self._sessions.begin() as session:
            write_csv(Path(path), ("section", "label", "value"), report_rows(report))
            _record_export(session, "csv", self._access.actor(actor_id))

    def write_report_pdf(self, report: FunderReport, path: Path, actor_id: uuid.UUID | None = None) -> None:
        """The report as PDF (reports/funder_report.py), written whole or not at all."""
        target = Path(path)
        data = render_funder_report(report)
        with self._sessions.begin() as session:
            try:
                atomic_write_bytes(target, data)
            except OSError as error:
                raise DomainError(f"Cannot write {target}: {error.strerror or error}.") from error
            _record_export(session, "pdf", self._access.actor(actor_id))


def _record_export(session: Session, kind: str, actor_id: uuid.UUID | None) -> None:
    # Anonymised figures, no one record: the event says a report left the app, and in which form.
    audit.record(session, action=AuditAction.EXPORT, entity="funder_report", entity_id=None, fields=[kind],
                 actor_id=actor_id)


# ---- reading again only what a change can alter

# "layout": what the rest hangs on (the framework, the attention list's lines, the active mentees and the
# programmes ending); "participants": the period's attendees without an enrolment (see _Scope.outside).
_ALL_PARTS = frozenset({"layout", "no_contact", "overdue", "consent", "activity", "participants", "funnel",
                        "competences"})
# The parts each kind of change can alter; a kind not listed (mentees, programmes, workers, the organisation,
# frameworks) can alter them all. Deleting a session deletes its follow-ups, hence "overdue".
_AFFECTS: dict[ChangeKind, frozenset[str]] = {
    ChangeKind.FOLLOW_UPS: frozenset({"overdue"}),
    ChangeKind.CONSENT: frozenset({"consent"}),
    ChangeKind.SESSIONS: frozenset({"no_contact", "overdue", "activity", "participants"}),
    ChangeKind.PATHWAY: frozenset({"funnel", "competences"}),
    ChangeKind.CERTIFICATES: frozenset({"activity", "funnel"}),
}
_ACTIVE = Drill(DrillKind.ACTIVE, label="Active mentees")
_ATTENTION_PART = {DrillKind.NO_CONTACT: "no_contact", DrillKind.OVERDUE_FOLLOW_UP: "overdue",
                   DrillKind.CONSENT_MISSING: "consent"}


def _stale_parts(changed: Iterable[ChangeKind]) -> set[str]:
    stale: set[str] = set()
    for kind in changed:
        stale |= _AFFECTS.get(kind, _ALL_PARTS)
    return stale


@dataclass(frozen=True)
class _Workings:
    """Everything a dashboard was assembled from, kept on it so the next refresh can reuse the parts."""

    filter: DashboardFilter
    today: date
    framework_id: uuid.UUID
    framework: str
    drills: tuple[Drill, ...]  # the attention list's lines
    counts: dict[Drill, int]  # the active mentees' and each attention line's
    activity: tuple[_Held, tuple[WeekBar, ...], dict[CertificateKind, int], tuple[MentorLoad, ...]]
    outside: tuple[uuid.UUID, ...] | None
    funnel: tuple[FunnelStage, ...]
    competences: tuple[CompetenceProgress, ...]


def _assemble(workings: _Workings, scope: _Scope) -> Dashboard:
    held, weeks, certificates, mentors = workings.activity
    counts = workings.counts
    overdue, consent = workings.drills[1:3]
    cards = (
        Card("active_mentees", counts[_ACTIVE], _ACTIVE),
        Card("sessions_month", held.sessions),
        Card("hours_month", held.minutes / 60),
        Card("certificates", sum(certificates.values()),
             Drill(DrillKind.CERTIFIED, label="Holders of certificates issued in the period")),
        Card("overdue_follow_ups", counts[overdue], overdue),
        Card("consent_missing", counts[consent], consent),
    )
    # A programme ending is worth a line when it holds someone the filter keeps (always, unfiltered).
    shown = tuple(AttentionItem(drill, counts[drill]) for drill in workings.drills
                  if drill.kind is not DrillKind.PROGRAMME_ENDING or not scope.filtered or counts[drill])
    return Dashboard(filter=workings.filter, today=workings.today, cards=cards, funnel=workings.funnel, weeks=weeks,
                     competences=workings.competences, framework=workings.framework, mentors=mentors,
                     attention=shown, workings=workings)


def report_rows(report: FunderReport) -> list[tuple[str, str, object]]:
    rows: list[tuple[str, str, object]] = [
        ("Report", "Organisation", report.organisation),
        ("Report", "Period from", report.period_from),
        ("Report", "Period to", report.period_to),
    ]
    sections = (
        ("Participants by status", report.participants_by_status),
        ("Participants by gender", report.participants_by_gender),
        ("Participants by age", report.participants_by_age_band),
        ("Hours of mentoring per participant", report.hours_per_participant),
        ("Sessions by mode", report.sessions_by_mode),
        ("Pathway", report.pathway),
        ("Learning outcomes validated per competence", report.outcomes_by_competence),
        ("Certificates issued", report.certificates),
    )
    for section, counts in sections:
        rows += [(section, count.label, count.shown) for count in counts]
        if section == "Hours of mentoring per participant":
            rows.append(("Hours of mentoring", "Total", format_hours(report.hours_total)))  # as the PDF prints
    for week in report.weeks:
        rows.append(("Sessions per week", f"{week.week_start.isoformat()} in person", week.in_person))
        rows.append(("Sessions per week", f"{week.week_start.isoformat()} online", week.online))
    return rows


# ---- whom a filter keeps


def _period(figures: DashboardFilter, today: date) -> tuple[date, date] | None:
    if figures.date_from is None and figures.date_to is None:
        return None
    first, last = figures.date_from or EARLIEST, figures.date_to or today
    if last < first:
        raise ValidationError({"date_to": "The period must end on or after the day it starts."})
    return first, last


def _overlapping(first: date, last: date) -> ColumnElement[bool]:
    return and_(Enrolment.started_on <= last, or_(Enrolment.ended_on.is_(None), Enrolment.ended_on >= first))


def _attended(first: date, last: date) -> Select:
    """Ids of mentees who attended a held session from `first` to `last`."""
    return (select(SessionAttendance.mentee_id)
            .join(MentoringSession, MentoringSession.id == SessionAttendance.session_id)
            .where(MentoringSession.session_date.between(first, last), MentoringSession.status == SessionStatus.HELD,
                   SessionAttendance.attendance == Attendance.ATTENDED))


def _attended_unenrolled(session: Session, first: date, last: date) -> list[uuid.UUID]:
    """Mentees who attended a held session in the period without an enrolment overlapping it: usually none.

    Who was at a held session at all is read from the covering indexes alone, half the cost of reading each
    attendance row; only those of them not enrolled have their attendance read.
    """
    held = and_(MentoringSession.session_date.between(first, last),
                unindexed(MentoringSession.status) == SessionStatus.HELD)
    present = (select(SessionAttendance.mentee_id)
               .join(MentoringSession, MentoringSession.id == SessionAttendance.session_id).where(held))
    attended = exists(
        select(SessionAttendance.session_id)
        .where(SessionAttendance.mentee_id == Mentee.id, SessionAttendance.attendance == Attendance.ATTENDED,
               SessionAttendance.session_id.in_(select(MentoringSession.id).where(held)))
        .correlate(Mentee))
    enrolled = select(Enrolment.mentee_id).where(_overlapping(first, last))
    return list(session.scalars(select(Mentee.id).where(Mentee.id.not_in(enrolled), Mentee.id.in_(present),
                                                        attended)))


def _among(ids: Iterable[uuid.UUID]) -> ColumnElement[bool]:
    # Inlined rather than bound, as MenteeQuery.ids: a list can be longer than SQLite allows parameters.
    return Mentee.id.in_(bindparam(None, sorted(ids), expanding=True, literal_execute=True))


class _Scope:
    """What a filter selects on one day, as SQL conditions."""

    def __init__(self, session: Session, figures: DashboardFilter, today: date) -> None:
        self.filter = figures
        self.today = today
        self.period = _period(figures, today)
        # Sessions, hours and certificates: the period, or this month without one.
        self.first, self.last = self.period or (today.replace(day=1), today)
        self.consent_age = consent_age(session)
        self.inactivity_days = session.scalar(select(Organisation.inactivity_days)) or DEFAULT_INACTIVITY_DAYS

    @property
    def filtered(self) -> bool:
        return self.filter.programme_id is not None or self.filter.mentor_id is not None

    def _enrolled(self, now: bool) -> Select | None:
        if not self.filtered:
            return None
        wanted: list[ColumnElement[bool]] = []
        if self.filter.programme_id is not None:
            wanted.append(Enrolment.programme_id == self.filter.programme_id)
        if self.filter.mentor_id is not None:
            wanted.append(Enrolment.mentor_id == self.filter.mentor_id)
        if now or self.period is None:
            wanted.append(Enrolment.ended_on.is_(None))
        else:
            wanted.append(_overlapping(self.first, self.last))
        return select(Enrolment.mentee_id).where(*wanted)

    def kept_now(self, column: ColumnElement = Mentee.id) -> ColumnElement[bool]:
        """In the programme / with the mentor now (everyone without those filters)."""
        ids = self._enrolled(now=True)
        return true() if ids is None else column.in_(ids)

    def kept_in_period(self, column: ColumnElement = Mentee.id) -> ColumnElement[bool]:
        """… at some time in the period."""
        ids = self._enrolled(now=False)
        return true() if ids is None else column.in_(ids)

    def population(self, session: Session) -> ColumnElement[bool]:
        """Whom the funnel and competences describe: the period's participants, else the active mentees.

        Participants were enrolled during the period, or attended a held session in it; the few of the latter
        without such an enrolment are looked up here, once, so the queries that use the condition need not.
        """
        return self.participants(self.outside(session))

    def outside(self, session: Session) -> tuple[uuid.UUID, ...] | None:
        """The period's attendees without an enrolment in it, when they count (unfiltered, with a period)."""
        if self.period is None or self.filtered:
            return None
        return tuple(sorted(_attended_unenrolled(session, *self.period)))

    def participants(self, outside: tuple[uuid.UUID, ...] | None) -> ColumnElement[bool]:
        """`population()`, given what `outside()` found."""
        if self.period is None:
            return and_(Mentee.status == MenteeStatus.ACTIVE, self.kept_now())
        if self.filtered:  # kept: enrolled in the programme or with the mentor during the period
            return self.kept_in_period()
        enrolled = Mentee.id.in_(select(Enrolment.mentee_id).where(_overlapping(*self.period)))
        return or_(enrolled, _among(outside or ()))

    def held(self, first: date, last: date) -> list[ColumnElement[bool]]:
        """Held sessions from `first` to `last` that the filter keeps."""
        # status unindexed: the date range then reads the Sessions list's covering index, 4x faster than the
        # (status, date) index with a row lookup each.
        wanted = [MentoringSession.session_date.between(first, last),
                  unindexed(MentoringSession.status) == SessionStatus.HELD]
        ids = self._enrolled(now=False)
        if ids is not None:
            wanted.append(MentoringSession.id.in_(
                select(SessionAttendance.session_id)
                .where(SessionAttendance.mentee_id.in_(ids), SessionAttendance.attendance == Attendance.ATTENDED)))
        return wanted

    def week(self, monday: date, within_period: bool = False) -> tuple[date, date]:
        """The days of a week's bar: the week up to the period's end (or today); the report's also from its start.

        The dashboard shows the 12 weeks before the period's end whatever its start (a month is too short a trend);
        the report counts nothing outside the period it reports on.
        """
        first = max(monday, self.period[0]) if self.period and within_period else monday
        return first, min(monday + timedelta(days=6), self.period[1] if self.period else self.today)

    def condition(self, session: Session, drill: Drill) -> ColumnElement[bool]:
        """The mentees behind a figure, as a condition on `Mentee`: the dashboard counts exactly these."""
        kind, value = drill.kind, drill.value
        if kind is DrillKind.ACTIVE:
            return and_(Mentee.status == MenteeStatus.ACTIVE, self.kept_now())
        if kind is DrillKind.STEP:
            stage = _stage()
            return and_(self.population(session), stage.is_(None) if value == NOT_STARTED else stage == value)
        if kind is DrillKind.MENTOR:
            return and_(Mentee.status == MenteeStatus.ACTIVE, self.kept_now(), exists(
                select(Enrolment.id).where(Enrolment.mentee_id == Mentee.id, Enrolment.ended_on.is_(None),
                                           Enrolment.mentor_id == uuid.UUID(value)).correlate(Mentee)))
        if kind is DrillKind.NO_CONTACT:
            # Today's rule, as the Today page lists it (its worker scope is the current caseload).
            flagged = mentees_without_contact(session, self.today, self.inactivity_days, self.filter.mentor_id)
            return and_(_among(item.mentee_id for item in flagged), self.kept_now())
        if kind is DrillKind.OVERDUE_FOLLOW_UP:
            overdue = select(FollowUp.mentee_id).where(FollowUp.done_at.is_(None), FollowUp.due_date < self.today)
            return and_(Mentee.id.in_(overdue), self.kept_now())
        if kind is DrillKind.CONSENT_MISSING:
            state = consent_state_expression(self.consent_age, self.today)
            return and_(Mentee.status.in_(OPEN_CASELOAD), self.kept_now(), state != ConsentState.VALID.value)
        if kind is DrillKind.PROGRAMME_ENDING:
            return and_(self.kept_now(), exists(
                select(Enrolment.id).where(Enrolment.mentee_id == Mentee.id, Enrolment.ended_on.is_(None),
                                           Enrolment.programme_id == uuid.UUID(value)).correlate(Mentee)))
        if kind is DrillKind.CERTIFIED:
            return and_(self.kept_in_period(), exists(
                select(Certificate.id).where(Certificate.mentee_id == Mentee.id, Certificate.revoked_at.is_(None),
                                             Certificate.issued_on.between(self.first, self.last))
                .correlate(Mentee)))
        if kind is DrillKind.SESSIONS_IN_WEEK:
            first, last = self.week(date.fromisoformat(value))
            return and_(self.kept_in_period(), Mentee.id.in_(_attended(first, last)))
        raise ValueError(f"Unknown drill {kind!r}")


def _read(sessions: SessionFactory, work: Callable[[Session], Any]) -> Any:
    """`work` in a read session of its own.

    dashboard() runs its panels so, at the same time: SQLite runs a query without holding Python's GIL, so
    they take about as long as the slowest instead of their sum. Each reads its own snapshot: a save landing
    in between can show in one panel and not yet in another, as it would after the next refresh anyway.
    """
    with sessions() as session:
        return work(session)


def _listed(session: Session, scope: _Scope, drill: Drill) -> int:
    """How many mentees `mentee_ids(drill)` lists: the same condition, counted."""
    return session.scalar(select(func.count()).select_from(Mentee).where(scope.condition(session, drill))) or 0


def _attention_drills(session: Session, scope: _Scope) -> tuple[Drill, ...]:
    """The attention list's lines, by Today's rules: no contact, overdue follow-ups, consent, programmes ending."""
    ending = programmes_ending_soon(session, scope.today, None)  # Today's list; counted for the filter
    return (
        Drill(DrillKind.NO_CONTACT, label=f"No session for {scope.inactivity_days} days"),
        Drill(DrillKind.OVERDUE_FOLLOW_UP, label="Mentees with overdue follow-ups"),
        Drill(DrillKind.CONSENT_MISSING, label="Mentees without valid consent"),
        *(Drill(DrillKind.PROGRAMME_ENDING, str(item.id), f"{item.name} ends on {item.end_date.isoformat()}")
          for item in ending),
    )


# ---- figures


@dataclass(frozen=True)
class _Held:
    sessions: int
    minutes: int
    by_mode: dict[SessionMode, int]
    by_mentor: dict[uuid.UUID, int]  # minutes


def _held_sessions(session: Session, scope: _Scope, first: date, last: date) -> _Held:
    """Held sessions in a period, by mentor and mode: the cards, the mentors' hours and the report's modes."""
    rows = session.execute(
        select(MentoringSession.mentor_id, MentoringSession.mode, func.count(),
               func.sum(MentoringSession.duration_minutes))
        .where(*scope.held(first, last))
        .group_by(MentoringSession.mentor_id, MentoringSession.mode)
    ).all()
    by_mode: dict[SessionMode, int] = defaultdict(int)
    by_mentor: dict[uuid.UUID, int] = defaultdict(int)
    for mentor_id, mode, count, minutes in rows:
        by_mode[mode] += count
        if mentor_id is not None:
            by_mentor[mentor_id] += minutes
    return _Held(sum(row[2] for row in rows), sum(row[3] for row in rows), dict(by_mode), dict(by_mentor))


def _certificates(session: Session, scope: _Scope) -> dict[CertificateKind, int]:
    """Unrevoked certificates issued in the period, by kind (of erased mentees too, unfiltered)."""
    counts = dict(session.execute(
        select(Certificate.kind, func.count())
        .where(Certificate.issued_on.between(scope.first, scope.last), Certificate.revoked_at.is_(None),
               scope.kept_in_period(Certificate.mentee_id))
        .group_by(Certificate.kind)
    ).all())
    return {kind: counts.get(kind, 0) for kind in CertificateKind}


def _stage() -> ColumnElement[str | None]:
    certified = exists(select(Certificate.id).where(Certificate.mentee_id == Mentee.id,
                                                    Certificate.revoked_at.is_(None)).correlate(Mentee))
    return case((certified, CERTIFIED), else_=pathway_step_expression())


def _funnel(session: Session, population: ColumnElement[bool]) -> tuple[FunnelStage, ...]:
    stage = _stage().label("stage")
    # By the name: the expression repeated in GROUP BY would be worked out twice per mentee.
    counts = dict(session.execute(select(stage, func.count()).select_from(Mentee).where(population)
                                  .group_by(literal_column("stage"))).all())
    return tuple(FunnelStage(value, counts.get(value, 0),
                             Drill(DrillKind.STEP, value, f"Mentees at {STAGE_LABELS[value].lower()}"
                                   if value != CERTIFIED else "Certified mentees"))
                 for value in FUNNEL)


def _weeks(session: Session, scope: _Scope, within_period: bool = False) -> tuple[WeekBar, ...]:
    """Held sessions by mode in the last 12 weeks to the period's end (or today); see `_Scope.week`."""
    last = scope.period[1] if scope.period else scope.today
    newest = last - timedelta(days=last.weekday())
    mondays = [newest - timedelta(weeks=back) for back in range(WEEKS - 1, -1, -1)]
    mondays = [monday for monday in mondays
               if scope.week(monday, within_period)[0] <= scope.week(monday, within_period)[1]]
    if not mondays:
        return ()
    rows = session.execute(
        select(MentoringSession.session_date, MentoringSession.mode, func.count())
        .where(*scope.held(scope.week(mondays[0], within_period)[0], last))
        .group_by(MentoringSession.session_date, MentoringSession.mode)
    ).all()
    online: dict[date, int] = defaultdict(int)
    in_person: dict[date, int] = defaultdict(int)
    for day, mode, count in rows:
        monday = day - timedelta(days=day.weekday())
        (in_person if mode is SessionMode.IN_PERSON else online)[monday] += count
    return tuple(WeekBar(monday, in_person[monday], online[monday],
                         Drill(DrillKind.SESSIONS_IN_WEEK, monday.isoformat(),
                               f"Mentees at a session in the week of {monday.isoformat()}"))
                 for monday in mondays)


def _framework_id(session: Session, figures: DashboardFilter) -> uuid.UUID:
    """The filtered programme's framework, else the Key Competences."""
    if figures.programme_id is not None:
        framework_id = session.scalar(select(Programme.framework_id).where(Programme.id == figures.programme_id))
        if framework_id is not None:
            return framework_id
    return key_competences_id()


def _competences(session: Session, population: ColumnElement[bool],
                 framework_id: uuid.UUID) -> tuple[CompetenceProgress, ...]:
    """Per competence, the average level at each mentee's baseline and at their latest assessment.

    Against one framework; the mentor's level where given, else the mentee's own. Baseline and latest are the
    radar's: the first baseline and the newest assessment of any kind. Only mentees with a level in both count,
    so the two averages compare the same people.
    """
    def pick(*order: ColumnElement, baseline: bool) -> ColumnElement:
        wanted = [Assessment.mentee_id == Mentee.id, Assessment.framework_id == framework_id]
        if baseline:
            wanted.append(Assessment.kind == AssessmentKind.BASELINE)
        return select(Assessment.id).where(*wanted).order_by(*order).limit(1).correlate(Mentee).scalar_subquery()

    # MATERIALIZED: otherwise SQLite works both picks out again for each score joined to them.
    picked = (
        select(pick(Assessment.assessed_on, Assessment.created_at, Assessment.id, baseline=True).label("baseline"),
               pick(Assessment.assessed_on.desc(), Assessment.created_at.desc(), Assessment.id.desc(),
                    baseline=False).label("latest"))
        .select_from(Mentee).where(population)
        .cte("picked").prefix_with("MATERIALIZED")
    )
    first, newest = aliased(AssessmentScore), aliased(AssessmentScore)
    first_level = func.coalesce(first.mentor_level, first.self_level)
    newest_level = func.coalesce(newest.mentor_level, newest.self_level)
    averages = {
        competence_id: (baseline, latest, mentees)
        for competence_id, baseline, latest, mentees in session.execute(
            select(first.competence_id, func.avg(first_level), func.avg(newest_level), func.count())
            .select_from(picked)
            .join(first, first.assessment_id == picked.c.baseline)
            .join(newest, and_(newest.assessment_id == picked.c.latest, newest.competence_id == first.competence_id))
            .where(first_level.is_not(None), newest_level.is_not(None))
            .group_by(first.competence_id)
        )
    }
    competences = session.execute(select(Competence.id, Competence.code, Competence.name)
                                  .where(Competence.framework_id == framework_id)
                                  .order_by(Competence.position, Competence.code)).all()
    return tuple(CompetenceProgress(competence_id, code, name, *averages.get(competence_id, (None, None, 0)))
                 for competence_id, code, name in competences)


def _mentors(session: Session, scope: _Scope, held: _Held) -> tuple[MentorLoad, ...]:
    """Every worker with active mentees in their current caseload or hours in the period, by name."""
    caseloads = dict(session.execute(
        select(Enrolment.mentor_id, func.count(func.distinct(Enrolment.mentee_id)))
        .join(Mentee, Mentee.id == Enrolment.mentee_id)
        .where(Enrolment.ended_on.is_(None), Enrolment.mentor_id.is_not(None),
               Mentee.status == MenteeStatus.ACTIVE, scope.kept_now(Enrolment.mentee_id))
        .group_by(Enrolment.mentor_id)
    ).all())
    shown = set(caseloads) | set(held.by_mentor)
    if not shown:
        return ()
    names = session.execute(select(Worker.id, Worker.full_name).where(Worker.id.in_(shown))
                            .order_by(Worker.full_name, Worker.id)).all()
    return tuple(MentorLoad(worker_id, name, caseloads.get(worker_id, 0), held.by_mentor.get(worker_id, 0) / 60,
                            Drill(DrillKind.MENTOR, str(worker_id), f"Caseload of {name}"))
                 for worker_id, name in names)


def _activity(session: Session, scope: _Scope) -> tuple[_Held, tuple[WeekBar, ...], dict[CertificateKind, int],
                                                      tuple[MentorLoad, ...]]:
    held = _held_sessions(session, scope, scope.first, scope.last)
    return held, _weeks(session, scope), _certificates(session, scope), _mentors(session, scope, held)


# ---- the report's own figures


def _anonymised(label: str, value: int) -> Count:
    """A group of 1 to SMALL_GROUP - 1 is shown as "fewer than 5"; 0 stays 0 (see the module's docstring)."""
    return Count(label, None if 0 < value < SMALL_GROUP else value)


def _grouped(session: Session, participants: ColumnElement[bool], column: ColumnElement,
             labels: dict) -> tuple[Count, ...]:
    counts = dict(session.execute(select(column, func.count()).where(participants).group_by(column)).all())
    return tuple(_anonymised(text, counts.get(value, 0)) for value, text in labels.items())


def _age_bands(session: Session, participants: ColumnElement[bool], day: date) -> tuple[Count, ...]:
    """Ages on `day`: born after `day` less N years means younger than N."""
    band = case(
        (Mentee.birth_date.is_(None), AGE_UNKNOWN),
        *((Mentee.birth_date > years_before(day, AGE_BANDS[index + 1][1]), label)
          for index, (label, _youngest) in enumerate(AGE_BANDS[:-1])),
        else_=AGE_BANDS[-1][0],
    ).label("band")
    counts = dict(session.execute(select(band, func.count()).where(participants)
                                  .group_by(literal_column("band"))).all())
    unknown = (_anonymised(AGE_UNKNOWN, counts[AGE_UNKNOWN]),) if counts.get(AGE_UNKNOWN) else ()
    return tuple(_anonymised(label, counts.get(label, 0)) for label, _youngest in AGE_BANDS) + unknown


def _dosage(session: Session, scope: _Scope, participants: ColumnElement[bool]) -> tuple[Count, ...]:
    """Participants by the minutes of held sessions they attended in the period (those without any: under 5 h)."""
    attended = (
        select(SessionAttendance.mentee_id.label("mentee_id"),
               func.sum(MentoringSession.duration_minutes).label("minutes"))
        .join(MentoringSession, MentoringSession.id == SessionAttendance.session_id)
        .where(MentoringSession.session_date.between(scope.first, scope.last),
               MentoringSession.status == SessionStatus.HELD, SessionAttendance.attendance == Attendance.ATTENDED)
        .group_by(SessionAttendance.mentee_id)
        .subquery()
    )
    minutes = func.coalesce(attended.c.minutes, 0)
    band = case(*((minutes >= fewest, label) for label, fewest in reversed(DOSAGE_BANDS[1:])),
                else_=DOSAGE_BANDS[0][0]).label("band")
    counts = dict(session.execute(
        select(band, func.count()).select_from(Mentee).outerjoin(attended, attended.c.mentee_id == Mentee.id)
        .where(participants).group_by(literal_column("band"))
    ).all())
    return tuple(_anonymised(label, counts.get(label, 0)) for label, _fewest in DOSAGE_BANDS)


def _outcomes(session: Session, scope: _Scope) -> list[tuple[str, int]]:
    """Learning outcomes assessed in the period (assessed or since certified), per competence that has any."""
    rows = session.execute(
        select(Competence.code, Competence.name, func.count(LearningOutcome.id))
        .join(LearningOutcome, LearningOutcome.competence_id == Competence.id)
        .join(CompetenceFramework, CompetenceFramework.id == Competence.framework_id)
        .where(LearningOutcome.phase.in_(VALIDATED), LearningOutcome.assessed_on.between(scope.first, scope.last),
               scope.kept_in_period(LearningOutcome.mentee_id))
        .group_by(Competence.id, Competence.code, Competence.name, CompetenceFramework.name, Competence.position)
        .order_by(CompetenceFramework.name, Competence.position, Competence.code)
    ).all()
    return [(f"{code} {name}", count) for code, name, count in rows]
