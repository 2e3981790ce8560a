"""Demo data: a realistic, deterministic caseload to try MentorDesk with and to measure it against.

`DemoService.generate()` fills an empty caseload with every kind of record the domain has:
workers, programmes, mentees (EU names with diacritics) with their status history and
consent records, enrolments (some reassigned to a new mentor), one-to-one and group
sessions with attendance and follow-ups, case notes, the three pathway steps (assessments
with scores, learning activities with plan agreements, validated learning outcomes) and
the certificate register.

How it is built, and why:

* **Deterministic.** Everything comes from one `random.Random(seed)`, including the Faker
  seeds and the UUIDs, and dates are derived from `today`; the same (seed, today, mentees)
  on the same starting database (and Faker version) gives the same rows, so screenshots,
  bug reports and benchmarks are repeatable. Nothing iterates over a `set` (string hashing
  differs per process).
* **Fast.** 10,000 mentees mean about 200,000 sessions and some 820,000 rows in all. Faker
  is far too slow per row, so it only fills small pools of names, postcodes and phone
  patterns up front. Rows are plain dicts inserted with SQLAlchemy Core executemany in
  chunks (`_Writer`), never through the ORM unit of work.
* **All or nothing.** The whole load is one transaction. `Progress.step()` is called between
  phases and after every chunk, so the ui can show progress and cancel; cancelling raises
  `OperationCancelled`, which rolls everything back.

Demo certificates are not signed: their `key_fingerprint` is `DEMO_KEY_FINGERPRINT` and no PDF
exists. Two made-up partner keys fill `trusted_key`. Left empty on purpose: `audit_event` (its
hash chain belongs to the audit service) and `evidence_file` (its rows must point at real
files in the data folder, which this service does not know about).
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time as clock
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select

from mentordesk.db.base import Base
from mentordesk.db.engine import SessionFactory, refresh_statistics
from mentordesk.db.models import (
    Assessment,
    AssessmentScore,
    CaseNote,
    Certificate,
    Competence,
    ConsentRecord,
    Enrolment,
    FollowUp,
    LearningActivity,
    LearningOutcome,
    Mentee,
    MenteeStatusChange,
    MentoringSession,
    Organisation,
    PlanAgreement,
    ProficiencyLevel,
    Programme,
    SessionAttendance,
    TrustedKey,
    Worker,
    activity_competence,
)
from mentordesk.db.seed import ensure_builtin_frameworks, key_competences_id
from mentordesk.enums import (
    ActivityStatus,
    AssessmentKind,
    Attendance,
    CertificateKind,
    ConsentAction,
    ConsentGiver,
    ConsentPurpose,
    Gender,
    MenteeStatus,
    PathwayStep,
    SessionKind,
    SessionMode,
    SessionStatus,
    ValidationPhase,
    WorkerRole,
)
from mentordesk.services.access import Access
from mentordesk.services.demo_vocabulary import (
    ACTIVITIES,
    ACTIVITY_FORMAT,
    ACTIVITY_KINDS,
    ACTIVITY_OUTCOME_NOTES,
    AGE_BANDS,
    CAN_DO,
    CANCEL_NOTES,
    CASE_NOTES,
    CONSENT_METHODS,
    DURATIONS,
    EVIDENCE,
    EXTRA_LANGUAGES,
    FOLLOW_UPS,
    GENDERS,
    GOALS,
    GUARDIAN_RELATIONSHIPS,
    HOLD_REASONS,
    LANGUAGE_OF,
    LOCALES,
    LOCATIONS,
    METHODS,
    NEEDS,
    OPTIONAL_CONSENTS,
    PARTNERS,
    PLATFORMS,
    PROGRAMME_THEMES,
    REASSIGN_REASONS,
    REFERRAL_REASONS,
    REVOKE_REASONS,
    SCORE_NOTES,
    SESSION_MODES_1TO1,
    SESSION_MODES_GROUP,
    SESSION_NOTES,
    TOPICS,
    WITHDRAWAL_REASONS,
    WORKER_TITLES,
)
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.progress import Progress
from mentordesk.services.search_text import fold_for_search, search_text_for, sort_name_for
from mentordesk.services.validation import age_on, years_before

MAX_MENTEES = 100_000
SESSIONS_PER_MENTEE = 20  # on average, counting each group session once
GROUP_SHARE = 0.08  # share of session rows that are group sessions
MENTEES_PER_MENTOR = 40
MENTEES_PER_PROGRAMME = 250
CHUNK_ROWS = 20_000
PLANNING_HORIZON_DAYS = 14  # planned sessions reach this far ahead of `today`

# Demo certificates are not really signed; this fixed fingerprint marks them as such.
DEMO_KEY_FINGERPRINT = "de30de30" * 8

# --------------------------------------------------------------------------- public API


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the load created (reused organisation rows are not counted)."""

    workers: int
    programmes: int
    mentees: int
    sessions: int
    attendances: int
    follow_ups: int
    consents: int
    assessments: int
    scores: int
    activities: int
    outcomes: int
    certificates: int
    case_notes: int
    seconds: float


# Which table each DemoSummary count is read from.
_SUMMARY_TABLES = {
    "workers": Worker,
    "programmes": Programme,
    "mentees": Mentee,
    "sessions": MentoringSession,
    "attendances": SessionAttendance,
    "follow_ups": FollowUp,
    "consents": ConsentRecord,
    "assessments": Assessment,
    "scores": AssessmentScore,
    "activities": LearningActivity,
    "outcomes": LearningOutcome,
    "certificates": Certificate,
    "case_notes": CaseNote,
}


class DemoService:
    def __init__(self, sessions: SessionFactory, access: Access | None = None) -> None:
        self._sessions = sessions
        self._access = access if access is not None else Access()

    def generate(
        self,
        mentees: int = 200,
        seed: int = 1,
        today: date | None = None,
        progress: Progress | None = None,
    ) -> DemoSummary:
        """Load demo data into an empty caseload, in one transaction; returns what was created."""
        self._access.require_coordinator("load demo data")
        if isinstance(mentees, bool) or not isinstance(mentees, int) or not 1 <= mentees <= MAX_MENTEES:
            raise ValidationError(
                {"mentees": f"The number of demo mentees must be a whole number from 1 to {MAX_MENTEES:,}."}
            )
        started = clock.perf_counter()
        progress = progress or Progress()
        today = today or date.today()
        with self._sessions.begin() as session:
            existing = session.scalar(select(func.count()).select_from(Mentee)) or 0
            if existing:
                raise DomainError(
                    f"The database already holds {existing} {'mentee' if existing == 1 else 'mentees'}; "
                    "demo data is only loaded into an empty caseload."
                )
            # The built-in framework is seeded when the workspace opens; make sure all the same.
            ensure_builtin_frameworks(session)
            session.flush()
            progress.step(0, 100, "Preparing demo data…")
            counts = _Load(session.connection(), random.Random(seed), today, progress).run(mentees)
            bind = session.get_bind()
        refresh_statistics(bind)
        return DemoSummary(**counts, seconds=clock.perf_counter() - started)


# --------------------------------------------------------------------------- small helpers


def _stamp(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A UTC-aware moment on `day` (UTCDateTime refuses naive datetimes)."""
    return datetime(day.year, day.month, day.day, min(hour, 23), minute, tzinfo=UTC)


def _ascii_word(text: str) -> str:
    return "".join(ch for ch in fold_for_search(text) if "a" <= ch <= "z")


# --------------------------------------------------------------------------- name pools (Faker, once)

_FAKERS: dict[str, Any] = {}
_FAKER_LOCK = threading.Lock()


@dataclass
class _LocalePool:
    locale: str
    first_female: list[str]
    first_male: list[str]
    last_female: list[str]
    last_male: list[str]
    postcodes: list[str]
    phones: list[str]


def _name_pools(rng: random.Random, size: int) -> list[_LocalePool]:
    """Small per-locale pools; per-row Faker calls would dominate the run time."""
    from faker import Faker  # imported here: the app should not pay for Faker at start-up

    pools = []
    with _FAKER_LOCK:  # Faker instances are cached and re-seeded; one load at a time uses them
        for locale in LOCALES:
            fake = _FAKERS.get(locale)
            if fake is None:
                fake = _FAKERS[locale] = Faker(locale)
            fake.seed_instance(rng.getrandbits(32))
            pools.append(_LocalePool(
                locale=locale,
                first_female=[fake.first_name_female() for _ in range(size)],
                first_male=[fake.first_name_male() for _ in range(size)],
                last_female=[fake.last_name_female() for _ in range(size)],
                last_male=[fake.last_name_male() for _ in range(size)],
                postcodes=[fake.postcode() for _ in range(max(10, size // 2))],
                phones=[fake.phone_number() for _ in range(10)],
            ))
    return pools


def _scramble_phone(template: str, rng: random.Random) -> str:
    """A locale-shaped phone number: the prefix and layout of `template`, its last six digits random."""
    keep = sum(ch.isdigit() for ch in template) - 6
    out = []
    for ch in template:
        if ch.isdigit():
            if keep <= 0:
                ch = str(rng.randrange(10))
            keep -= 1
        out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- the plan (in memory)


@dataclass(slots=True)
class _Worker:
    id: uuid.UUID
    name: str


@dataclass(slots=True)
class _Programme:
    index: int
    id: uuid.UUID
    name: str
    start: date
    end: date | None
    team: list[_Worker] = field(default_factory=list)


@dataclass(slots=True)
class _Segment:
    """One enrolment row: the mentee with one mentor in the programme, from `start` to `end`."""

    id: uuid.UUID
    mentor: _Worker
    start: date
    end: date | None
    end_reason: str | None


@dataclass(slots=True)
class _MenteePlan:
    id: uuid.UUID
    first: str
    last: str
    gender: Gender
    pool: _LocalePool
    birth: date | None
    age: int  # at referral
    programme: _Programme
    referred_on: date
    active_on: date | None  # the first meeting (in the future for referred mentees, or None)
    status: MenteeStatus
    ended_on: date | None
    hold_from: date | None  # currently on hold since
    past_hold: tuple[date, date] | None  # an earlier on-hold spell, ended
    segments: list[_Segment]
    window_end: date | None  # last day sessions may fall on
    one_to_one: int = 0
    code: str = ""
    timeline: list[tuple[MenteeStatus, date, str | None]] = field(default_factory=list)
    # filled in by later phases
    baseline_on: date | None = None
    levels: list[int] = field(default_factory=list)  # latest mentor level per competence
    targets: list[int] = field(default_factory=list)  # competences of started activities
    certificate: CertificateKind | None = None
    minutes: int = 0

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.last}"

    def mentor_on(self, day: date) -> _Worker:
        for segment in self.segments:
            if segment.end is None or day < segment.end or segment is self.segments[-1]:
                return segment.mentor
        return self.segments[-1].mentor

    def engaged_on(self, day: date) -> bool:
        """Could take part in a session that day: after the first meeting, before the window ends."""
        if self.active_on is None or self.window_end is None or not self.active_on <= day <= self.window_end:
            return False
        return self.past_hold is None or not self.past_hold[0] <= day < self.past_hold[1]


# --------------------------------------------------------------------------- the writer


class _Writer:
    """Buffers rows per table and inserts them with Core executemany, parents before children.

    When any buffer fills, every buffer is flushed in foreign-key order (the metadata's
    sorted tables), so a child row never reaches the database before its parent.
    """

    def __init__(self, connection: Connection, on_flush: Callable[[int], None]) -> None:
        self._connection = connection
        self._on_flush = on_flush
        self._tables = list(Base.metadata.sorted_tables)
        self._buffers: dict[str, list[dict[str, Any]]] = {table.name: [] for table in self._tables}
        self.counts: dict[str, int] = {table.name: 0 for table in self._tables}
        self.written = 0

    def rows(self, table: Table | Any) -> list[dict[str, Any]]:
        """The buffer to append a table's rows to (a model class or a Table)."""
        return self._buffers[getattr(table, "__tablename__", None) or table.name]

    def tick(self) -> None:
        if any(len(buffer) >= CHUNK_ROWS for buffer in self._buffers.values()):
            self.flush()

    def flush(self) -> None:
        flushed = 0
        for table in self._tables:
            buffer = self._buffers[table.name]
            if buffer:
                # Core executemany: column types still convert values, but no ORM objects exist.
                self._connection.execute(insert(table), buffer)
                self.counts[table.name] += len(buffer)
                flushed += len(buffer)
                buffer.clear()
        if flushed:
            self.written += flushed
            self._on_flush(self.written)


# --------------------------------------------------------------------------- the load


class _Load:
    """One demo load: plans the caseload in memory, then streams rows kind by kind."""

    def __init__(self, connection: Connection, rng: random.Random, today: date, progress: Progress) -> None:
        self.connection = connection
        self.rng = rng
        self.today = today
        self.progress = progress
        self.writer = _Writer(connection, self._report)
        self.estimated_rows = 1
        self.phase = "Preparing demo data…"

    # ---- progress

    def _report(self, written: int) -> None:
        # Generation phases take the first 5 %, writing rows the rest.
        done = 5 + int(94 * min(written / self.estimated_rows, 1.0))
        self.progress.step(done, 100, self.phase)

    def _phase(self, message: str) -> None:
        # Flushing at each phase also makes cancelling roll back rows already sent to the database.
        self.phase = message
        self.writer.flush()
        self._report(self.writer.written)

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # ---- orchestration

    def run(self, mentees: int) -> dict[str, int]:
        rng = self.rng
        self.pools = _name_pools(rng, max(15, min(150, mentees // 6)))
        # A few hundred ready-made topic lists: random.sample per session is needlessly slow.
        self.topic_lists = [rng.sample(TOPICS, rng.choice((1, 1, 2, 2, 3))) for _ in range(400)]
        self.progress.step(1, 100, "Preparing the organisation, workers and programmes…")
        self._organisation()
        self._competences()
        self._workers(mentees)
        self._programmes(mentees)
        self._trusted_keys()
        self.progress.step(3, 100, "Planning the caseload…")
        plans = self._plan_mentees(mentees)
        self._size_sessions(plans, mentees)
        # Rough row count, only so the progress bar moves evenly.
        self.estimated_rows = int(SESSIONS_PER_MENTEE * mentees * 2.35 + mentees * 28)
        self._phase("Saving mentees…")
        self._mentees(plans)
        self._enrolments(plans)
        self._consents(plans)
        self._status_changes(plans)
        self._phase("Saving sessions…")
        self._one_to_one_sessions(plans)
        self._group_sessions(plans, mentees)
        self._phase("Saving case notes and follow-ups…")
        self._case_notes(plans)
        self._standalone_follow_ups(plans)
        self._phase("Saving assessments…")
        self._assessments(plans)
        self._phase("Saving learning plans…")
        self._activities(plans)
        self._phase("Saving learning outcomes and certificates…")
        self._choose_certificates(plans)
        self._outcomes(plans)
        self._certificates(plans)
        self.phase = "Finishing…"
        self.writer.flush()
        self.progress.step(100, 100, "Demo data loaded.")
        return {field: self.writer.counts[model.__tablename__] for field, model in _SUMMARY_TABLES.items()}

    # ---- people and places

    def _person(self, pool: _LocalePool | None = None, gender: Gender | None = None) -> tuple[str, str]:
        rng = self.rng
        pool = pool or rng.choice(self.pools)
        female = gender is Gender.FEMALE or (gender not in (Gender.MALE, Gender.FEMALE) and rng.random() < 0.5)
        if female:
            return rng.choice(pool.first_female), rng.choice(pool.last_female)
        return rng.choice(pool.first_male), rng.choice(pool.last_male)

    def _organisation(self) -> None:
        """Reuse the organisation set up on first start; create a fictional one otherwise."""
        row = self.connection.execute(
            select(Organisation.name, Organisation.mentee_code_prefix, Organisation.certificate_prefix,
                   Organisation.digital_consent_age, Organisation.min_mentee_age, Organisation.max_mentee_age,
                   Organisation.place)
        ).first()
        if row is not None:
            (self.org_name, self.code_prefix, self.certificate_prefix, self.consent_age,
             self.min_age, self.max_age, self.place) = row
            return
        self.org_name, self.code_prefix, self.certificate_prefix = "Demo Youth Centre", "MD", "DEMO"
        self.consent_age, self.min_age, self.max_age, self.place = 16, 13, 99, "Brussels"
        first, last = self._person()
        created = _stamp(self.today - timedelta(days=3 * 365), 9)
        self.writer.rows(Organisation).append({
            "id": self.uid(), "singleton": 1, "name": self.org_name, "country_code": "BE", "place": self.place,
            "logo_path": None, "signatory_name": f"{first} {last}", "signatory_role": "Director",
            "signature_image_path": None, "certificate_prefix": self.certificate_prefix,
            "mentee_code_prefix": self.code_prefix, "digital_consent_age": self.consent_age,
            "min_mentee_age": self.min_age, "max_mentee_age": self.max_age, "inactivity_days": 21,
            "retention_months": 60, "locale": "en", "created_at": created, "updated_at": created,
        })

    def _competences(self) -> None:
        framework = key_competences_id()
        self.competences = list(self.connection.execute(
            select(Competence.id, Competence.code).where(Competence.framework_id == framework)
            .order_by(Competence.position)
        ))
        self.top_level = self.connection.scalar(
            select(func.max(ProficiencyLevel.rank)).where(ProficiencyLevel.framework_id == framework)
        ) or 4

    def _workers(self, mentees: int) -> None:
        """Existing workers stay; demo mentors (one per ~40 mentees) and a coordinator are added."""
        existing = self.connection.execute(
            select(Worker.id, Worker.full_name, Worker.role).where(Worker.is_active)
            .order_by(Worker.created_at, Worker.id)
        ).all()
        self.mentors = [_Worker(id_, name) for id_, name, role in existing if role == WorkerRole.MENTOR]
        self.coordinators = [_Worker(id_, name) for id_, name, role in existing if role == WorkerRole.COORDINATOR]
        rows = self.writer.rows(Worker)
        created = _stamp(self.today - timedelta(days=2 * 365), 9)
        count = max(3, round(mentees / MENTEES_PER_MENTOR))
        for number in range(count + 1):
            first, last = self._person()
            is_coordinator = number == count
            worker = _Worker(self.uid(), f"{first} {last}")
            (self.coordinators if is_coordinator else self.mentors).append(worker)
            email_name = f"{_ascii_word(first)}.{_ascii_word(last)}".strip(".") or f"worker{number + 1}"
            rows.append({
                "id": worker.id, "full_name": worker.name,
                "email": f"{email_name}@demo-youth-centre.example",
                "phone": _scramble_phone(self.rng.choice(self.rng.choice(self.pools).phones), self.rng),
                "role": WorkerRole.COORDINATOR if is_coordinator else WorkerRole.MENTOR,
                "job_title": "Programme coordinator" if is_coordinator else self.rng.choice(WORKER_TITLES),
                "is_active": True, "password_hash": None, "created_at": created, "updated_at": created,
            })

    def _programmes(self, mentees: int) -> None:
        """Demo programmes (one per ~250 mentees): some past, some current, one ending within 14 days."""
        rng, today = self.rng, self.today
        existing = self.connection.execute(
            select(Programme.id, Programme.name, Programme.start_date, Programme.end_date)
            .where(Programme.is_archived.is_(False)).order_by(Programme.start_date, Programme.id)
        ).all()
        taken = list(self.connection.scalars(select(Programme.name)))  # names are unique, archived ones too
        self.programmes = [
            _Programme(i, id_, name, start, end)
            for i, (id_, name, start, end) in enumerate(row for row in existing if row[2] <= today)
        ]
        count = max(2, round(mentees / MENTEES_PER_PROGRAMME))
        past = max(1, round(count * 0.3))
        kinds = ["ending_soon"] + ["past"] * past + ["current"] * (count - past - 1)
        rows = self.writer.rows(Programme)
        for kind in kinds:
            weeks = rng.randint(16, 52)
            if kind == "ending_soon":
                weeks = rng.randint(24, 40)
                end = today + timedelta(days=rng.randint(1, 14))
                start = end - timedelta(weeks=weeks)
            elif kind == "past":
                end = today - timedelta(days=rng.randint(20, 500))
                start = end - timedelta(weeks=weeks)
            else:
                start = today - timedelta(days=rng.randint(21, 300))
                weeks = max(weeks, (today - start).days // 7 + 6)
                end = start + timedelta(weeks=weeks)
            theme, funder, youth = rng.choice(PROGRAMME_THEMES)
            season = ("Winter", "Spring", "Summer", "Autumn")[start.month % 12 // 3]
            name = f"{theme} {season} {start.year}"
            suffix = 2
            while name in taken:
                name = f"{theme} {season} {start.year} ({suffix})"
                suffix += 1
            taken.append(name)
            programme = _Programme(len(self.programmes), self.uid(), name, start, end)
            self.programmes.append(programme)
            created = _stamp(min(start - timedelta(days=30), today), 10)
            rows.append({
                "id": programme.id, "name": name,
                "description": f"{theme}: mentoring, a tailored learning plan and recognition of what was "
                               f"learnt, for young people and adults. Fictional demo programme.",
                "funder": funder, "start_date": start, "end_date": end, "planned_weeks": weeks,
                "target_hours": rng.choice((20, 24, 30, 36, 40, 48, 60)),
                "framework_id": key_competences_id(),
                "pathway_label": "Youthpass learning journey" if youth else None,
                "step1_label": "Discover" if youth else None,
                "step2_label": "Learn" if youth else None,
                "step3_label": "Recognise" if youth else None,
                "is_archived": False, "created_at": created, "updated_at": created,
            })
        # Teams: each mentor works in about two programmes, so groups of 3–8 mentees can form.
        mentors = list(self.mentors)
        rng.shuffle(mentors)
        per_programme = mentees / len(self.programmes)
        cursor = 0
        for programme in self.programmes:
            size = min(len(mentors), max(2, round(per_programme / (MENTEES_PER_MENTOR / 2))))
            programme.team = [mentors[(cursor + i) % len(mentors)] for i in range(size)]
            cursor += size

    def _trusted_keys(self) -> None:
        """Two partner organisations' public keys (made up), so the trusted-key list is not empty."""
        taken = list(self.connection.scalars(select(TrustedKey.fingerprint)))
        rows = self.writer.rows(TrustedKey)
        for owner in PARTNERS[:2]:
            public_key = self.rng.getrandbits(256).to_bytes(32, "big")
            fingerprint = hashlib.sha256(public_key).hexdigest()
            if fingerprint in taken:
                continue
            trusted = _stamp(self.today - timedelta(days=self.rng.randint(30, 400)), 11)
            rows.append({
                "id": self.uid(), "fingerprint": fingerprint, "public_key": public_key, "owner_name": owner,
                "is_own": False, "note": "Demo data: a made-up partner key; nothing it signed exists.",
                "trusted_at": trusted, "distrusted_at": None, "created_at": trusted, "updated_at": trusted,
            })

    # ---- planning the caseload

    def _plan_mentees(self, count: int) -> list[_MenteePlan]:
        rng = self.rng
        plans = []
        for _ in range(count):
            pool = rng.choice(self.pools)
            gender = GENDERS.pick(rng)
            first, last = self._person(pool, gender)
            programme = rng.choice(self.programmes)
            plans.append(self._plan_one(pool, gender, first, last, programme))
        # Reference codes are handed out in order of referral, as they would have been.
        plans.sort(key=lambda plan: plan.referred_on)
        for number, plan in enumerate(plans, start=1):
            plan.code = f"{self.code_prefix}-{number:04d}"
        return plans

    def _plan_one(self, pool: _LocalePool, gender: Gender, first: str, last: str,
                  programme: _Programme) -> _MenteePlan:
        """Who the mentee is, when they were referred and first met, and where they stand today."""
        rng, today = self.rng, self.today
        start, end = programme.start, programme.end
        is_past = end is not None and end < today
        last_day = min(end, today) if end is not None else today
        # Most intake happens early in a programme.
        intake_span = max(0, (last_day - start).days - (0 if is_past else 14))
        if is_past:
            status = MenteeStatus.COMPLETED if rng.random() < 0.74 else MenteeStatus.WITHDRAWN
            intake_span = int(intake_span * 0.35)
        else:
            roll = rng.random()
            status = (MenteeStatus.REFERRED if roll < 0.08 else MenteeStatus.ON_HOLD if roll < 0.15 else
                      MenteeStatus.WITHDRAWN if roll < 0.21 else MenteeStatus.COMPLETED if roll < 0.23 else
                      MenteeStatus.ACTIVE)
        if status is MenteeStatus.REFERRED:
            # Referred lately; the first meeting is booked in the next two weeks, or not yet.
            referred_on = max(start, today - timedelta(days=rng.randint(0, 20)))
            first_meeting = today + timedelta(days=rng.randint(1, PLANNING_HORIZON_DAYS))
            active_on = first_meeting if rng.random() < 0.6 and (end is None or first_meeting <= end) else None
        else:
            referred_on = start + timedelta(days=int(intake_span * rng.random() ** 1.4))
            active_on = min(referred_on + timedelta(days=rng.randint(2, 14)), last_day)
        age = min(max(rng.randint(*AGE_BANDS.pick(rng)), self.min_age), self.max_age)
        birth: date | None = years_before(referred_on, age) - timedelta(days=rng.randrange(364))
        plan = _MenteePlan(
            id=self.uid(), first=first, last=last, gender=gender, pool=pool, birth=birth, age=age,
            programme=programme, referred_on=referred_on, active_on=active_on, status=status,
            ended_on=None, hold_from=None, past_hold=None, segments=[], window_end=None,
        )
        self._plan_timeline(plan, is_past)
        self._plan_session_window(plan)
        self._plan_enrolment(plan, rng.choice(programme.team))
        return plan

    def _plan_timeline(self, plan: _MenteePlan, is_past: bool) -> None:
        """How it ends (or not yet), with dates inside the programme and before today, as status changes."""
        rng, today = self.rng, self.today
        end, active_on, status = plan.programme.end, plan.active_on, plan.status
        plan.timeline = [(MenteeStatus.REFERRED, plan.referred_on, rng.choice(REFERRAL_REASONS))]
        if active_on is None or active_on > today:
            plan.status = MenteeStatus.REFERRED
            return
        plan.timeline.append((MenteeStatus.ACTIVE, active_on, "First meeting held"))
        latest_end = end if is_past and end is not None else today - timedelta(days=1)
        room = (latest_end - active_on).days
        if status is MenteeStatus.COMPLETED and is_past and end is not None:
            plan.ended_on = max(active_on, end - timedelta(days=rng.randint(0, 7)))
        elif status in (MenteeStatus.COMPLETED, MenteeStatus.WITHDRAWN) and room >= 14:
            plan.ended_on = active_on + timedelta(days=rng.randint(14, room))
        elif status is MenteeStatus.ON_HOLD and room >= 24:
            plan.hold_from = active_on + timedelta(days=rng.randint(21, room - 2))
        else:  # too little time for the drawn ending: still active, or completed with the programme
            status = plan.status = MenteeStatus.COMPLETED if is_past else MenteeStatus.ACTIVE
            if is_past and end is not None:
                plan.ended_on = max(active_on, end)
        # An earlier on-hold spell for some, which leaves a gap in the sessions.
        finish = plan.ended_on or plan.hold_from or today
        if (finish - active_on).days > 100 and rng.random() < 0.1:
            hold_start = active_on + timedelta(days=rng.randint(30, (finish - active_on).days - 60))
            plan.past_hold = (hold_start, hold_start + timedelta(days=rng.randint(14, 45)))
            plan.timeline.append((MenteeStatus.ON_HOLD, plan.past_hold[0], rng.choice(HOLD_REASONS)))
            plan.timeline.append((MenteeStatus.ACTIVE, plan.past_hold[1], "Back after a break"))
        if plan.ended_on is not None:
            reason = "Programme completed" if status is MenteeStatus.COMPLETED else rng.choice(WITHDRAWAL_REASONS)
            plan.timeline.append((status, plan.ended_on, reason))
        elif plan.hold_from is not None:
            plan.timeline.append((MenteeStatus.ON_HOLD, plan.hold_from, rng.choice(HOLD_REASONS)))

    def _plan_session_window(self, plan: _MenteePlan) -> None:
        """The last day sessions may fall on: the end, the day before a hold, or two weeks ahead."""
        end, active_on = plan.programme.end, plan.active_on
        if active_on is None:
            plan.window_end = None
        elif plan.status is MenteeStatus.REFERRED:
            plan.window_end = active_on
        elif plan.ended_on is not None:
            plan.window_end = plan.ended_on
        elif plan.hold_from is not None:
            plan.window_end = plan.hold_from - timedelta(days=1)
        elif (self.today - active_on).days > 75 and self.rng.random() < 0.06:
            # Drifting away: no contact for three weeks or more, nothing booked (the inactivity alert).
            plan.window_end = self.today - timedelta(days=self.rng.randint(22, 50))
        else:
            horizon = self.today + timedelta(days=PLANNING_HORIZON_DAYS)
            plan.window_end = max(min(horizon, end) if end is not None else horizon, active_on)

    def _plan_enrolment(self, plan: _MenteePlan, mentor: _Worker) -> None:
        """The enrolment rows: one, or two for the ~5 % whose mentor was changed part-way."""
        rng, active_on = self.rng, plan.active_on
        closing = plan.ended_on
        reason = None if closing is None else (
            "Programme completed" if plan.status is MenteeStatus.COMPLETED else "Withdrew from the programme")
        span_end = closing or self.today
        if active_on is not None and (span_end - active_on).days >= 42 and rng.random() < 0.05:
            team = plan.programme.team
            others = [worker for worker in (team if len(team) > 1 else self.mentors) if worker is not mentor]
            if others:
                switch = active_on + timedelta(days=rng.randint(21, (span_end - active_on).days - 14))
                plan.segments.append(_Segment(self.uid(), mentor, plan.referred_on, switch,
                                              rng.choice(REASSIGN_REASONS)))
                plan.segments.append(_Segment(self.uid(), rng.choice(others), switch, closing, reason))
                return
        plan.segments.append(_Segment(self.uid(), mentor, plan.referred_on, closing, reason))

    def _size_sessions(self, plans: list[_MenteePlan], mentees: int) -> None:
        """Share about 20 sessions per mentee out, in proportion to each mentee's weeks of mentoring."""
        rng = self.rng
        target = (1 - GROUP_SHARE) * SESSIONS_PER_MENTEE * mentees
        weights: list[float] = []
        for plan in plans:
            if plan.status is MenteeStatus.REFERRED:
                plan.one_to_one = 1 if plan.active_on is not None else 0
                target -= plan.one_to_one
                weights.append(0.0)
            else:
                assert plan.active_on is not None and plan.window_end is not None
                weeks = (plan.window_end - plan.active_on).days / 7 + 1
                weights.append(weeks * rng.uniform(0.6, 1.4))
        scale = max(target, 0) / (sum(weights) or 1)
        for plan, weight in zip(plans, weights, strict=True):
            if weight:
                assert plan.active_on is not None and plan.window_end is not None
                wanted = int(scale * weight + rng.random())  # stochastic rounding keeps the total
                plan.one_to_one = max(1, min(wanted, (plan.window_end - plan.active_on).days // 2 + 1))

    # ---- mentees and their records

    def _mentees(self, plans: list[_MenteePlan]) -> None:
        rng = self.rng
        rows = self.writer.rows(Mentee)
        for plan in plans:
            pool = plan.pool
            email = None
            if rng.random() < 0.7:
                local = f"{_ascii_word(plan.first)}.{_ascii_word(plan.last)}".strip(".") or plan.code.lower()
                email = f"{local}{rng.randrange(100)}@example.{rng.choice(('org', 'com', 'net'))}"
            native = LANGUAGE_OF[pool.locale]
            roll = rng.random()
            languages = native if roll < 0.35 else (
                f"{native}, English" if roll < 0.85 else f"{native}, {rng.choice(EXTRA_LANGUAGES)}, English")
            preferred = None
            if rng.random() < 0.05:
                preferred = rng.choice(pool.first_female if plan.gender is Gender.FEMALE else pool.first_male)
            last_change = plan.timeline[-1][1]
            rows.append({
                "id": plan.id, "reference_code": plan.code, "first_name": plan.first, "last_name": plan.last,
                "preferred_name": preferred, "birth_date": plan.birth, "gender": plan.gender, "email": email,
                "phone": _scramble_phone(rng.choice(pool.phones), rng) if rng.random() < 0.85 else None,
                "postcode": rng.choice(pool.postcodes), "languages": languages,
                "search_text": search_text_for(plan.first, plan.last, plan.code),
                "sort_name": sort_name_for(plan.first, plan.last), "status": plan.status,
                "created_at": _stamp(plan.referred_on, 9, rng.randrange(60)),
                "updated_at": _stamp(last_change, 16, rng.randrange(60)),
            })
            self.writer.tick()

    def _enrolments(self, plans: list[_MenteePlan]) -> None:
        rows = self.writer.rows(Enrolment)
        for plan in plans:
            for segment in plan.segments:
                rows.append({
                    "id": segment.id, "mentee_id": plan.id, "programme_id": plan.programme.id,
                    "mentor_id": segment.mentor.id, "started_on": segment.start, "ended_on": segment.end,
                    "end_reason": segment.end_reason, "created_at": _stamp(segment.start, 10),
                    "updated_at": _stamp(segment.end or segment.start, 17),
                })
        self.writer.tick()

    def _consents(self, plans: list[_MenteePlan]) -> None:
        """Processing consent for almost all; guardians consent for those under the digital-consent age."""
        rng, today = self.rng, self.today
        rows = self.writer.rows(ConsentRecord)

        def add(plan: _MenteePlan, purpose: ConsentPurpose, action: ConsentAction, day: date,
                guardian: tuple[str, str] | None, recorder: _Worker) -> None:
            if guardian is not None and plan.birth is not None and age_on(plan.birth, day) >= self.consent_age:
                guardian = None  # grown past the consent age: the mentee acts for themselves now
            rows.append({
                "id": self.uid(), "mentee_id": plan.id, "purpose": purpose, "action": action,
                "given_by": ConsentGiver.GUARDIAN if guardian else ConsentGiver.SELF,
                "guardian_name": guardian[0] if guardian else None,
                "guardian_relationship": guardian[1] if guardian else None,
                "method": CONSENT_METHODS.pick(rng), "notice_version": f"{day.year}.1",
                "effective_on": day, "recorded_by_id": recorder.id,
                "recorded_at": _stamp(day, rng.randint(10, 16), rng.randrange(60)),
            })

        for plan in plans:
            guardian = None
            if plan.age < self.consent_age:
                relationship, sex = rng.choice(GUARDIAN_RELATIONSHIPS)
                pool = plan.pool
                if sex == "F" or (sex == "X" and rng.random() < 0.5):
                    first, surname = rng.choice(pool.first_female), rng.choice(pool.last_female)
                else:
                    first, surname = rng.choice(pool.first_male), rng.choice(pool.last_male)
                if relationship in ("mother", "father") and (sex == "M") == (plan.gender is Gender.MALE):
                    surname = plan.last  # same-sex parent shares the surname's form
                guardian = (f"{first} {surname}", relationship)
            recorder = plan.segments[0].mentor if rng.random() < 0.7 else rng.choice(self.coordinators)
            day = plan.referred_on
            # A few referred mentees have not returned the consent form yet.
            if not (plan.status is MenteeStatus.REFERRED and rng.random() < 0.35):
                add(plan, ConsentPurpose.PROCESSING, ConsentAction.GIVEN, day, guardian, recorder)
                if plan.status is MenteeStatus.WITHDRAWN and plan.ended_on and rng.random() < 0.1:
                    add(plan, ConsentPurpose.PROCESSING, ConsentAction.WITHDRAWN, plan.ended_on, guardian, recorder)
            for purpose, share in OPTIONAL_CONSENTS:
                if rng.random() < share:
                    add(plan, purpose, ConsentAction.GIVEN, day, guardian, recorder)
                    room = (today - day).days
                    if room > 7 and rng.random() < 0.06:
                        later = day + timedelta(days=rng.randint(7, room))
                        add(plan, purpose, ConsentAction.WITHDRAWN, later, guardian, recorder)
            self.writer.tick()

    def _status_changes(self, plans: list[_MenteePlan]) -> None:
        rng = self.rng
        rows = self.writer.rows(MenteeStatusChange)
        for plan in plans:
            previous = None
            for position, (status, day, reason) in enumerate(plan.timeline):
                by = plan.mentor_on(day) if rng.random() < 0.8 else rng.choice(self.coordinators)
                rows.append({
                    "id": self.uid(), "mentee_id": plan.id, "status": status, "previous_status": previous,
                    "changed_on": day, "reason": reason, "changed_by_id": by.id,
                    # Same-day changes keep their order through created_at.
                    "created_at": _stamp(day, 9 + position, rng.randrange(60)),
                })
                previous = status
            self.writer.tick()

    # ---- sessions

    def _session_row(self, kind: SessionKind, day: date, mode: SessionMode, status: SessionStatus,
                     step: PathwayStep, mentor: _Worker, programme: _Programme, duration: int,
                     engaged: int | None, notes_wanted: bool) -> dict[str, Any]:
        rng = self.rng
        hour = rng.randint(9, 18)
        minute = rng.choice((0, 15, 30, 45))
        topics = rng.choice(self.topic_lists)
        if status is SessionStatus.HELD:
            notes = rng.choice(SESSION_NOTES).format(topic=topics[0]) if notes_wanted else None
            created = _stamp(day, hour + 2, minute)
        elif status is SessionStatus.CANCELLED:
            notes = rng.choice(CANCEL_NOTES)
            created = _stamp(day - timedelta(days=rng.randint(1, 10)), hour, minute)
        else:
            notes = None
            created = _stamp(min(day - timedelta(days=rng.randint(1, 10)), self.today), 9, minute)
        return {
            "id": self.uid(), "kind": kind, "status": status, "session_date": day,
            "start_time": time(hour, minute) if rng.random() < 0.96 else None,
            "duration_minutes": duration, "mode": mode,
            "platform": None if mode is SessionMode.IN_PERSON else PLATFORMS[mode].pick(rng),
            "location": rng.choice(LOCATIONS) if mode is SessionMode.IN_PERSON else None,
            "step": step, "topics": topics, "notes": notes, "engagement": engaged,
            "mentor_id": mentor.id, "programme_id": programme.id, "created_at": created, "updated_at": created,
        }

    def _follow_ups(self, session: dict[str, Any], mentee_id: uuid.UUID | None, mentor: _Worker) -> None:
        """Actions agreed in a held session: most done, some overdue, some due soon."""
        rng, today = self.rng, self.today
        rows = self.writer.rows(FollowUp)
        day = session["session_date"]
        for _ in range(1 if rng.random() < 0.85 else 2):
            due = day + timedelta(days=rng.randint(2, 21))
            done_at = None
            if due <= today:
                if rng.random() < 0.88:
                    done_day = min(day + timedelta(days=rng.randint(1, (due - day).days + 5)), today)
                    done_at = _stamp(done_day, rng.randint(9, 18), rng.randrange(60))
            elif rng.random() < 0.2:
                done_at = _stamp(day + timedelta(days=rng.randint(0, (today - day).days)), 8, rng.randrange(60))
            owner = mentor.id if rng.random() < 0.75 else (
                rng.choice(self.coordinators).id if rng.random() < 0.2 else None)
            created = session["created_at"]
            rows.append({
                "id": self.uid(), "session_id": session["id"], "mentee_id": mentee_id, "owner_id": owner,
                "text": rng.choice(FOLLOW_UPS), "due_date": due, "done_at": done_at,
                "created_at": created, "updated_at": done_at or created,
            })

    def _one_to_one_sessions(self, plans: list[_MenteePlan]) -> None:
        """Each mentee's one-to-one sessions, spread over their months of mentoring."""
        rng, today = self.rng, self.today
        sessions = self.writer.rows(MentoringSession)
        attendances = self.writer.rows(SessionAttendance)
        for plan in plans:
            if not plan.one_to_one:
                continue
            assert plan.active_on is not None and plan.window_end is not None
            first, last_day = plan.active_on, plan.window_end
            span = (last_day - first).days
            days = [first]
            for _ in range(plan.one_to_one - 1):
                day = first + timedelta(days=1 + rng.randrange(span)) if span > 0 else first
                weekday = day.weekday()
                if weekday >= 5 and rng.random() < 0.85:  # mostly on weekdays
                    day += timedelta(days=-1 if weekday == 5 else 1)
                    day = min(max(day, first), last_day)
                if plan.past_hold is None or not plan.past_hold[0] <= day < plan.past_hold[1]:
                    days.append(day)
            days.sort()
            base_engagement = rng.choice((2, 3, 3, 4))
            for position, day in enumerate(days):
                share = (day - first).days / (span + 1)  # how far into the mentoring
                if share < 0.15:
                    step = PathwayStep.ASSESSMENT if rng.random() < 0.7 else PathwayStep.GENERAL
                elif share < 0.7:
                    step = PathwayStep.LEARNING_OFFER if rng.random() < 0.6 else PathwayStep.GENERAL
                else:
                    step = PathwayStep.VALIDATION if rng.random() < 0.55 else PathwayStep.GENERAL
                mode = SESSION_MODES_1TO1.pick(rng)
                low, high = DURATIONS[mode]
                duration = 5 * rng.randint(low // 5, high // 5)
                if day > today:
                    status, attendance, engaged = SessionStatus.PLANNED, Attendance.EXPECTED, None
                else:
                    roll = rng.random() if position else 1.0  # the first meeting was held
                    if roll < 0.05:
                        status, attendance = SessionStatus.CANCELLED, Attendance.CANCELLED
                    elif roll < 0.09:
                        # Nobody met: the session did not take place, the attendance says why.
                        status, attendance = SessionStatus.CANCELLED, Attendance.NO_SHOW
                    else:
                        status, attendance = SessionStatus.HELD, Attendance.ATTENDED
                        plan.minutes += duration
                    engaged = None
                    if status is SessionStatus.HELD and rng.random() < 0.88:
                        engaged = min(5, max(1, round(base_engagement + 1.3 * share + rng.gauss(0, 0.7))))
                mentor = plan.mentor_on(day)
                session = self._session_row(SessionKind.ONE_TO_ONE, day, mode, status, step, mentor,
                                            plan.programme, duration, engaged, rng.random() < 0.85)
                sessions.append(session)
                attendances.append({"session_id": session["id"], "mentee_id": plan.id, "attendance": attendance})
                if status is SessionStatus.HELD and rng.random() < 0.28:
                    self._follow_ups(session, plan.id, mentor)
            self.writer.tick()

    def _group_sessions(self, plans: list[_MenteePlan], mentees: int) -> None:
        """About 8 % of sessions: a mentor with 3–8 of their mentees in the same programme."""
        rng, today = self.rng, self.today
        cohorts: dict[tuple[int, int], list[_MenteePlan]] = {}
        mentor_index = {worker.id: i for i, worker in enumerate(self.mentors)}
        for plan in plans:
            if plan.one_to_one and plan.status is not MenteeStatus.REFERRED:
                for worker in dict.fromkeys(segment.mentor.id for segment in plan.segments):
                    cohorts.setdefault((mentor_index.get(worker, -1), plan.programme.index), []).append(plan)
        target = GROUP_SHARE * SESSIONS_PER_MENTEE * mentees
        weight_total = sum(plan.one_to_one for members in cohorts.values() for plan in members) or 1
        sessions = self.writer.rows(MentoringSession)
        attendances = self.writer.rows(SessionAttendance)
        for members in cohorts.values():
            if len(members) < 2:
                continue
            wanted = int(target * sum(plan.one_to_one for plan in members) / weight_total + rng.random())
            opens = min(plan.active_on for plan in members if plan.active_on)
            closes = max(plan.window_end for plan in members if plan.window_end)
            span = (closes - opens).days
            mentor_id = None
            for _ in range(wanted):
                for _attempt in range(6):
                    day = opens + timedelta(days=rng.randint(0, span))
                    present = [plan for plan in members if plan.engaged_on(day)]
                    mentor_id = present[0].mentor_on(day).id if present else None
                    present = [plan for plan in present if plan.mentor_on(day).id == mentor_id]
                    if len(present) >= 2:
                        break
                else:
                    continue
                chosen = rng.sample(present, min(len(present), rng.randint(3, 8)))
                mode = SESSION_MODES_GROUP.pick(rng)
                duration = 5 * rng.randint(12, 24)
                if day > today:
                    status = SessionStatus.PLANNED
                else:
                    status = SessionStatus.CANCELLED if rng.random() < 0.04 else SessionStatus.HELD
                engaged = rng.choice((2, 3, 3, 4, 4, 4, 5)) if status is SessionStatus.HELD and rng.random() < 0.7 \
                    else None
                mentor = chosen[0].mentor_on(day)
                step = rng.choice((PathwayStep.GENERAL, PathwayStep.GENERAL, PathwayStep.LEARNING_OFFER,
                                   PathwayStep.VALIDATION))
                session = self._session_row(SessionKind.GROUP, day, mode, status, step, mentor,
                                            chosen[0].programme, duration, engaged, True)
                sessions.append(session)
                for plan in chosen:
                    if status is SessionStatus.PLANNED:
                        attendance = Attendance.EXPECTED
                    elif status is SessionStatus.CANCELLED:
                        attendance = Attendance.CANCELLED
                    else:
                        roll = rng.random()
                        attendance = (Attendance.ATTENDED if roll < 0.86 else
                                      Attendance.NO_SHOW if roll < 0.96 else Attendance.CANCELLED)
                        if attendance is Attendance.ATTENDED:
                            plan.minutes += duration
                    attendances.append({"session_id": session["id"], "mentee_id": plan.id,
                                        "attendance": attendance})
                if status is SessionStatus.HELD and rng.random() < 0.15:
                    self._follow_ups(session, rng.choice(chosen).id if rng.random() < 0.5 else None, mentor)
            self.writer.tick()

    def _case_notes(self, plans: list[_MenteePlan]) -> None:
        rng, today = self.rng, self.today
        rows = self.writer.rows(CaseNote)
        for plan in plans:
            if plan.active_on is None or plan.active_on > today or rng.random() >= 0.35:
                continue
            last_day = min(plan.ended_on or today, today)
            for _ in range(rng.randint(1, 3)):
                day = plan.active_on + timedelta(days=rng.randint(0, (last_day - plan.active_on).days))
                written = _stamp(day, rng.randint(9, 18), rng.randrange(60))
                rows.append({
                    "id": self.uid(), "mentee_id": plan.id, "author_id": plan.mentor_on(day).id,
                    "written_at": written, "text": rng.choice(CASE_NOTES).format(first=plan.first),
                    "created_at": written, "updated_at": written,
                })
        self.writer.tick()

    def _standalone_follow_ups(self, plans: list[_MenteePlan]) -> None:
        """A few actions recorded outside any session (from a phone call or a case note)."""
        rng, today = self.rng, self.today
        rows = self.writer.rows(FollowUp)
        for plan in plans:
            if plan.status is not MenteeStatus.ACTIVE or rng.random() >= 0.05:
                continue
            created_on = today - timedelta(days=rng.randint(0, 10))
            mentor = plan.mentor_on(today)
            created = _stamp(created_on, 15)
            rows.append({
                "id": self.uid(), "session_id": None, "mentee_id": plan.id, "owner_id": mentor.id,
                "text": rng.choice(FOLLOW_UPS), "due_date": created_on + timedelta(days=rng.randint(1, 14)),
                "done_at": None, "created_at": created, "updated_at": created,
            })
        self.writer.tick()

    # ---- step 1: assessments

    def _assessments(self, plans: list[_MenteePlan]) -> None:
        """Baseline for most, interim for some, final for those who completed (higher on average)."""
        rng, today, top = self.rng, self.today, self.top_level
        assessments = self.writer.rows(Assessment)
        scores = self.writer.rows(AssessmentScore)
        framework = key_competences_id()

        def clamp(level: int) -> int:
            return min(top, max(1, level))

        for plan in plans:
            if plan.active_on is None or plan.active_on > today or rng.random() >= 0.92:
                continue
            until = min(plan.ended_on or today, today)
            baseline = min(plan.active_on + timedelta(days=rng.randint(0, 14)), until)
            plan.baseline_on = baseline
            base = [rng.choice((1, 1, 2, 2, 2, 3, 3, 4)) for _ in self.competences]
            moments = [(AssessmentKind.BASELINE, baseline, [0] * len(base))]
            if (until - baseline).days >= 90 and rng.random() < 0.5:
                interim = baseline + timedelta(days=(until - baseline).days // 2)
                moments.append((AssessmentKind.INTERIM, interim,
                                [1 if rng.random() < 0.45 else 0 for _ in base]))
            if plan.status is MenteeStatus.COMPLETED and plan.ended_on and rng.random() < 0.95:
                final = max(baseline, plan.ended_on - timedelta(days=rng.randint(0, 10)))
                moments.append((AssessmentKind.FINAL, final, [rng.choice((0, 1, 1, 1, 2)) for _ in base]))
            for kind, day, gains in moments:
                assessor = plan.mentor_on(day)
                assessment_id = self.uid()
                stamp = _stamp(day, 14, rng.randrange(60))
                assessments.append({
                    "id": assessment_id, "mentee_id": plan.id, "programme_id": plan.programme.id,
                    "framework_id": framework, "kind": kind, "assessed_on": day, "assessor_id": assessor.id,
                    "identified_needs": rng.choice(NEEDS) if kind is AssessmentKind.BASELINE else None,
                    "goals": rng.choice(GOALS) if kind is not AssessmentKind.FINAL else None,
                    "created_at": stamp, "updated_at": stamp,
                })
                levels = [clamp(b + g) for b, g in zip(base, gains, strict=True)]
                for (competence_id, _code), level in zip(self.competences, levels, strict=True):
                    scores.append({
                        "assessment_id": assessment_id, "competence_id": competence_id,
                        "self_level": clamp(level + rng.choice((-1, 0, 0, 0, 1))), "mentor_level": level,
                        "note": rng.choice(SCORE_NOTES) if rng.random() < 0.08 else None,
                        "evidence": rng.choice(EVIDENCE) if kind is AssessmentKind.FINAL and rng.random() < 0.2
                        else None,
                    })
                plan.levels = levels
            self.writer.tick()

    # ---- step 2: learning activities and plan agreements

    def _activities(self, plans: list[_MenteePlan]) -> None:
        rng, today = self.rng, self.today
        activities = self.writer.rows(LearningActivity)
        targets = self.writer.rows(activity_competence)
        agreements = self.writer.rows(PlanAgreement)
        for plan in plans:
            baseline = plan.baseline_on
            if baseline is None:
                continue
            stop = plan.ended_on
            for _ in range(rng.randint(2, 4)):
                kind = ACTIVITY_KINDS.pick(rng)
                titles, providers, (short, long), (few, many) = ACTIVITIES[kind]
                if stop is not None:
                    start = baseline + timedelta(days=rng.randint(0, max(0, (stop - baseline).days * 2 // 3)))
                else:
                    start = baseline + timedelta(days=rng.randint(3, 50))
                end = start + timedelta(days=rng.randint(short, long))
                if start > today:
                    status = ActivityStatus.PLANNED
                elif stop is not None and end > stop:
                    status = ActivityStatus.COMPLETED if plan.status is MenteeStatus.COMPLETED else \
                        ActivityStatus.DROPPED
                    end = max(start, stop) if status is ActivityStatus.COMPLETED else end
                elif end < today:
                    status = ActivityStatus.COMPLETED if rng.random() < 0.85 else ActivityStatus.DROPPED
                else:
                    status = ActivityStatus.IN_PROGRESS if rng.random() < 0.95 else ActivityStatus.DROPPED
                activity_id = self.uid()
                created = _stamp(min(baseline + timedelta(days=1), today), 15)
                activities.append({
                    "id": activity_id, "mentee_id": plan.id, "programme_id": plan.programme.id,
                    "title": rng.choice(titles), "kind": kind, "provider": rng.choice(providers),
                    "format": ACTIVITY_FORMAT[kind].pick(rng), "start_date": start,
                    "end_date": end if rng.random() < 0.95 else None,
                    "hours": float(rng.randint(few, many)), "status": status,
                    "outcome_note": rng.choice(ACTIVITY_OUTCOME_NOTES) if status is ActivityStatus.COMPLETED
                    else None,
                    "created_at": created, "updated_at": _stamp(min(max(end, start), today), 17),
                })
                chosen = sorted(rng.sample(range(len(self.competences)), rng.choice((1, 2, 2, 3))))
                for index in chosen:
                    targets.append({"activity_id": activity_id, "competence_id": self.competences[index][0]})
                if status in (ActivityStatus.IN_PROGRESS, ActivityStatus.COMPLETED):
                    plan.targets.extend(index for index in chosen if index not in plan.targets)
            # The plan is agreed and signed soon after the baseline; some revise it later.
            agreed = min(baseline + timedelta(days=rng.randint(1, 10)), today)
            dates = [agreed]
            limit = min(stop or today, today)
            if (limit - agreed).days > 60 and rng.random() < 0.15:
                dates.append(agreed + timedelta(days=rng.randint(30, (limit - agreed).days)))
            for number, day in enumerate(dates):
                mentor = plan.mentor_on(day)
                agreements.append({
                    "id": self.uid(), "mentee_id": plan.id, "agreed_on": day,
                    "mentee_signatory": plan.full_name, "mentor_signatory": mentor.name, "mentor_id": mentor.id,
                    "note": None if number == 0 else "Plan revised after the interim review.",
                    "created_at": _stamp(day, 16),
                })
            self.writer.tick()

    # ---- step 3: outcomes and certificates

    def _choose_certificates(self, plans: list[_MenteePlan]) -> None:
        rng = self.rng
        for plan in plans:
            if plan.status is MenteeStatus.COMPLETED and plan.ended_on is not None and rng.random() < 0.85:
                validated = bool(plan.targets) and rng.random() < 0.8
                plan.certificate = CertificateKind.VALIDATION if validated else CertificateKind.PARTICIPATION

    def _outcomes(self, plans: list[_MenteePlan]) -> None:
        """Learning outcomes spread across Cedefop's four phases; certified ones belong to certificates."""
        rng, today = self.rng, self.today
        rows = self.writer.rows(LearningOutcome)
        self.certified: dict[uuid.UUID, list[tuple[str, int]]] = {}
        for plan in plans:
            if not plan.targets or plan.baseline_on is None:
                continue
            completed = plan.status is MenteeStatus.COMPLETED
            candidates = [(index, number) for index in plan.targets for number in range(len(CAN_DO[index]))]
            picked = rng.sample(candidates, min(len(candidates), rng.randint(2, 5) if completed else rng.randint(1, 3)))
            until = min(plan.ended_on or today, today)
            for index, number in picked:
                if plan.certificate is CertificateKind.VALIDATION:
                    phase = ValidationPhase.CERTIFIED
                elif completed:
                    phase = ValidationPhase.ASSESSED if rng.random() < 0.8 else ValidationPhase.DOCUMENTED
                else:
                    roll = rng.random()
                    phase = (ValidationPhase.IDENTIFIED if roll < 0.35 else
                             ValidationPhase.DOCUMENTED if roll < 0.7 else ValidationPhase.ASSESSED)
                level = plan.levels[index] if plan.levels else rng.randint(2, 3)
                assessed = phase in (ValidationPhase.ASSESSED, ValidationPhase.CERTIFIED)
                room = (until - plan.baseline_on).days
                day = plan.baseline_on + timedelta(days=rng.randint(min(14, room), room)) if room > 0 else until
                competence_id, code = self.competences[index]
                stamp = _stamp(day, 15, rng.randrange(60))
                rows.append({
                    "id": self.uid(), "mentee_id": plan.id, "competence_id": competence_id, "level": level,
                    "statement": CAN_DO[index][number], "method": METHODS.pick(rng),
                    "evidence_description": rng.choice(EVIDENCE) if phase is not ValidationPhase.IDENTIFIED
                    else None,
                    "assessor_id": plan.mentor_on(day).id if assessed else None,
                    "assessed_on": day if assessed else None, "phase": phase,
                    "created_at": stamp, "updated_at": stamp,
                })
                if phase is ValidationPhase.CERTIFIED:
                    self.certified.setdefault(plan.id, []).append((code, level))
            self.writer.tick()

    def _certificates(self, plans: list[_MenteePlan]) -> None:
        """The register: serials per year in order of issue, a few revoked (and reissued)."""
        rng, today = self.rng, self.today
        issued: list[tuple[date, int, _MenteePlan, CertificateKind, date | None, str | None]] = []
        for plan in plans:
            if plan.certificate is None or plan.ended_on is None:
                continue
            if plan.certificate is CertificateKind.VALIDATION and plan.id not in self.certified:
                plan.certificate = CertificateKind.PARTICIPATION
            day = min(plan.ended_on + timedelta(days=rng.randint(0, 14)), today)
            revoked_on, reason = None, None
            if rng.random() < 0.03 and (today - day).days > 1:
                revoked_on = day + timedelta(days=rng.randint(1, min(45, (today - day).days)))
                reason = rng.choice(REVOKE_REASONS)
            issued.append((day, len(issued), plan, plan.certificate, revoked_on, reason))
            if reason is not None and "reissued" in reason:
                assert revoked_on is not None
                issued.append((revoked_on, len(issued), plan, plan.certificate, None, None))
        issued.sort(key=lambda entry: (entry[0], entry[1]))
        taken = set(self.connection.scalars(select(Certificate.serial)))
        numbers: dict[int, int] = {}
        rows = self.writer.rows(Certificate)
        for day, _order, plan, kind, revoked_on, reason in issued:
            while True:
                numbers[day.year] = numbers.get(day.year, 0) + 1
                serial = f"{self.certificate_prefix}-{day.year}-{numbers[day.year]:06d}"
                if serial not in taken:  # membership only; never iterated
                    break
            facts = {
                "serial": serial, "kind": str(kind), "issued_on": day.isoformat(),
                "organisation": self.org_name, "place": self.place,
                "mentee": {"name": plan.full_name, "reference": plan.code,
                           "birth_date": plan.birth.isoformat() if plan.birth else None},
                "programme": {"name": plan.programme.name, "from": plan.referred_on.isoformat(),
                              "to": plan.ended_on.isoformat() if plan.ended_on else None},
                "hours": round(plan.minutes / 60, 1),
                "outcomes": [{"competence": code, "level": level} for code, level in
                             self.certified.get(plan.id, [])] if kind is CertificateKind.VALIDATION else [],
            }
            payload = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            rows.append({
                "id": self.uid(), "serial": serial, "kind": kind, "language": "en", "mentee_id": plan.id,
                "programme_id": plan.programme.id, "issued_by_id": rng.choice(self.coordinators).id,
                "issued_on": day, "payload": payload,
                "payload_sha256": hashlib.sha256(payload.encode("utf-8")).hexdigest(),
                "key_fingerprint": DEMO_KEY_FINGERPRINT, "file_name": None,
                "revoked_at": _stamp(revoked_on, 11) if revoked_on else None, "revoke_reason": reason,
                "erased": False, "created_at": _stamp(day, 12, rng.randrange(60)),
            })
        self.writer.tick()
