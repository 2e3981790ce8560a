"""A mentee's pathway: assessments (step 1), the learning plan and its agreement (step 2), validated
learning outcomes with evidence files (step 3), and where the mentee stands.

Everything is measured against the mentee's framework: the framework of the programme of their
current enrolment, else the built-in Key Competences (pathway_state.current_framework_expression).
An assessment keeps the framework it was made against, so its scores stay readable if that changes.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, Uuid, and_, literal, or_, select
from sqlalchemy.orm import Session

from mentordesk.config.files import atomic_write_bytes
from mentordesk.db.engine import SessionFactory
from mentordesk.db.models import (
    Assessment,
    AssessmentScore,
    Competence,
    CompetenceFramework,
    Enrolment,
    EvidenceFile,
    LearningActivity,
    LearningOutcome,
    Organisation,
    PlanAgreement,
    ProficiencyLevel,
    Programme,
    Worker,
    activity_competence,
)
from mentordesk.enums import ActivityFormat, ActivityKind, ActivityStatus, AssessmentKind, AuditAction
from mentordesk.reports.plan_agreement import AgreementActivity, AgreementSheet, render_agreement
from mentordesk.services import audit
from mentordesk.services.access import Access
from mentordesk.services.caseload import mentee_scope, reachable_mentee, reachable_record
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError
from mentordesk.services.lookup import require, require_mentee
from mentordesk.services.pathway_forms import (
    ActivityForm,
    ActivityInfo,
    AgreementForm,
    AgreementInfo,
    AssessmentForm,
    AssessmentInfo,
    CompetenceInfo,
    EvidenceInfo,
    FrameworkInfo,
    LevelInfo,
    OutcomeForm,
    OutcomeInfo,
    PathwayOverview,
    RadarSeries,
    ScoreForm,
)
from mentordesk.services.pathway_state import (
    NEEDS_EVIDENCE,
    NOT_YET_ASSESSED,
    OPEN_ACTIVITY,
    PathwayFacts,
    current_framework_expression,
    step_states,
)
from mentordesk.services.record_changes import assign
from mentordesk.services.validation import checked_date, clean_text, optional_text, required_text

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
MAX_HOURS = 10_000
NOTE_LENGTH = 2000  # score notes and evidence, outcome notes, evidence descriptions
NEEDS_LENGTH = 5000  # identified needs, goals
YEARS_AHEAD = 10  # how far ahead an activity may be planned; later dates are typing mistakes
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,10}$")

_MISSING_ASSESSMENT = "This assessment no longer exists."
_MISSING_ACTIVITY = "This activity no longer exists."
_MISSING_OUTCOME = "This learning outcome no longer exists."
_MISSING_AGREEMENT = "This plan agreement no longer exists."


class PathwayService:
    def __init__(self, sessions: SessionFactory, evidence_dir: Path, access: Access | None = None) -> None:
        self._sessions = sessions
        self._evidence_dir = evidence_dir
        self._access = access if access is not None else Access()

    # ---- where the mentee stands

    def overview(self, mentee_id: uuid.UUID) -> PathwayOverview:
        with self._sessions() as session:
            reachable_mentee(session, self._access, mentee_id)
            framework = framework_info(session, mentee_framework_id(session, mentee_id))
            assessments = _assessment_infos(session, Assessment.mentee_id == mentee_id)
            activities = _activity_infos(session, LearningActivity.mentee_id == mentee_id)
            agreements = _agreement_infos(session, PlanAgreement.mentee_id == mentee_id)
            outcomes = _outcome_infos(session, LearningOutcome.mentee_id == mentee_id, framework.id)
        facts = pathway_facts(framework, assessments, activities, agreements, outcomes)
        return PathwayOverview(
            mentee_id=mentee_id, framework=framework, assessments=assessments, activities=activities,
            agreements=agreements, outcomes=outcomes, steps=step_states(facts),
            radar=radar_series(framework, assessments),
        )

    # ---- step 1: assessments

    def add_assessment(self, mentee_id: uuid.UUID, form: AssessmentForm,
                       actor_id: uuid.UUID | None = None) -> AssessmentInfo:
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            reachable_mentee(session, self._access, mentee_id)
            framework = framework_info(session, mentee_framework_id(session, mentee_id))
            values, scores = _checked_assessment(session, form, framework, mentee_id, None)
            record = Assessment(mentee_id=mentee_id, framework_id=framework.id,
                                programme_id=_current_programme_id(session, mentee_id), **values)
            session.add(record)
            session.flush()
            session.add_all(AssessmentScore(assessment_id=record.id, **score) for score in scores)
            fields = [name for name, value in values.items() if value is not None] + (["scores"] if scores else [])
            audit.record(session, action=AuditAction.CREATE, entity="assessment", entity_id=record.id,
                         fields=fields, actor_id=actor_id)
            session.flush()
            return _assessment_infos(session, Assessment.id == record.id)[0]

    def update_assessment(self, assessment_id: uuid.UUID, form: AssessmentForm,
                          actor_id: uuid.UUID | None = None) -> AssessmentInfo:
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            record = reachable_record(session, self._access, Assessment, assessment_id, _MISSING_ASSESSMENT)
            framework = framework_info(session, record.framework_id)
            values, scores = _checked_assessment(session, form, framework, record.mentee_id, record.id)
            changed = assign(record, values)
            if _replace_scores(session, record, scores):
                changed.append("scores")
            if changed:
                audit.record(session, action=AuditAction.UPDATE, entity="assessment", entity_id=record.id,
                             fields=changed, actor_id=actor_id)
            session.flush()
            return _assessment_infos(session, Assessment.id == record.id)[0]

    def delete_assessment(self, assessment_id: uuid.UUID, actor_id: uuid.UUID | None = None) -> None:
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            record = reachable_record(session, self._access, Assessment, assessment_id, _MISSING_ASSESSMENT)
            if record.kind is AssessmentKind.BASELINE and session.scalar(
                    select(Assessment.id).where(Assessment.mentee_id == record.mentee_id,
                                                Assessment.framework_id == record.framework_id,
                                                Assessment.kind != AssessmentKind.BASELINE).limit(1)):
                raise DomainError("Delete the interim and final assessments first: they are compared with "
                                  "this baseline.")
            session.delete(record)
            audit.record(session, action=AuditAction.DELETE, entity="assessment", entity_id=assessment_id,
                         actor_id=actor_id)

    # ---- step 2: the learning plan

    def add_activity(self, mentee_id: uuid.UUID, form: ActivityForm,
                     actor_id: uuid.UUID | None = None) -> ActivityInfo:
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            reachable_mentee(session, self._access, mentee_id)
            framework = framework_info(session, mentee_framework_id(session, mentee_id))
            values, targets = _checked_activity(session, form, framework, ())
            record = LearningActivity(mentee_id=mentee_id, programme_id=_current_programme_id(session, mentee_id),
                                      **values)
            record.target_competences = targets
            session.add(record)
            session.flush()
            fields = [name for name, value in values.items() if value is not None]
            audit.record(session, action=AuditAction.CREATE, entity="learning_activity", entity_id=record.id,
                         fields=fields + (["target_competences"] if targets else []), actor_id=actor_id)
            return _activity_infos(session, LearningActivity.id == record.id)[0]

    def update_activity(self, activity_id: uuid.UUID, form: ActivityForm,
                        actor_id: uuid.UUID | None = None) -> ActivityInfo:
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            record = reachable_record(session, self._access, LearningActivity, activity_id, _MISSING_ACTIVITY)
            framework = framework_info(session, mentee_framework_id(session, record.mentee_id))
            before = [c.id for c in record.target_competences]
            values, targets = _checked_activity(session, form, framework, before)
            changed = assign(record, values)
            if [c.id for c in targets] != before:
                record.target_competences = targets
                changed.append("target_competences")
            if changed:
                audit.record(session, action=AuditAction.UPDATE, entity="learning_activity", entity_id=record.id,
                             fields=changed, actor_id=actor_id)
            session.flush()
            return _activity_infos(session, LearningActivity.id == record.id)[0]

    def delete_activity(self, activity_id: uuid.UUID, actor_id: uuid.UUID | None = None) -> None:
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            session.delete(reachable_record(session, self._access, LearningActivity, activity_id, _MISSING_ACTIVITY))
            audit.record(session, action=AuditAction.DELETE, entity="learning_activity", entity_id=activity_id,
                         actor_id=actor_id)

    def agree_plan(self, mentee_id: uuid.UUID, form: AgreementForm,
                   actor_id: uuid.UUID | None = None) -> AgreementInfo:
        """Record that mentee and mentor agreed the plan as it stands; earlier agreements stay as history."""
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            reachable_mentee(session, self._access, mentee_id)
            if not session.scalar(select(LearningActivity.id).where(LearningActivity.mentee_id == mentee_id)
                                  .limit(1)):
                raise DomainError("Add an activity to the learning plan before agreeing it.")
            errors: dict[str, str] = {}
            values = {
                "agreed_on": checked_date(form.agreed_on, "The agreement date", date.today(), errors, "agreed_on"),
                "mentee_signatory": required_text(form.mentee_signatory, "The mentee's name", 200, errors,
                                                  "mentee_signatory"),
                "mentor_signatory": required_text(form.mentor_signatory, "The mentor's name", 200, errors,
                                                  "mentor_signatory"),
                "mentor_id": _worker_id(session, form.mentor_id, errors, "mentor_id", "mentor"),
                "note": optional_text(form.note, "The note", NOTE_LENGTH, errors, "note", multiline=True),
            }
            if errors:
                raise ValidationError(errors)
            record = PlanAgreement(mentee_id=mentee_id, **values)
            session.add(record)
            session.flush()
            audit.record(session, action=AuditAction.CREATE, entity="plan_agreement", entity_id=record.id,
                         fields=[name for name, value in values.items() if value is not None], actor_id=actor_id)
            return _agreement_infos(session, PlanAgreement.id == record.id)[0]

    # ---- step 3: validated outcomes and their evidence

    def add_outcome(self, mentee_id: uuid.UUID, form: OutcomeForm,
                    actor_id: uuid.UUID | None = None) -> OutcomeInfo:
        """Save the outcome and copy `form.add_files` into the evidence folder; all or nothing."""
        copies = _Copies()
        try:
            actor_id = self._access.actor(actor_id)
            with self._sessions.begin() as session:
                reachable_mentee(session, self._access, mentee_id)
                framework_id = mentee_framework_id(session, mentee_id)
                values = _checked_outcome(session, form, framework_id, None)
                if form.remove_evidence_ids:
                    raise ValidationError({"remove_evidence_ids": "A new outcome has no evidence files to remove."})
                record = LearningOutcome(mentee_id=mentee_id, **values)
                session.add(record)
                session.flush()
                self._copy_evidence(session, record, form.add_files, copies)
                fields = [name for name, value in values.items() if value is not None]
                audit.record(session, action=AuditAction.CREATE, entity="learning_outcome", entity_id=record.id,
                             fields=fields + (["evidence_files"] if form.add_files else []), actor_id=actor_id)
                session.flush()
                info = _outcome_infos(session, LearningOutcome.id == record.id, framework_id)[0]
        except BaseException:
            copies.discard()
            raise
        return info

    def update_outcome(self, outcome_id: uuid.UUID, form: OutcomeForm,
                       actor_id: uuid.UUID | None = None) -> OutcomeInfo:
        """Save the outcome, copy `add_files` in and delete `remove_evidence_ids`; all or nothing."""
        copies = _Copies()
        try:
            actor_id = self._access.actor(actor_id)
            with self._sessions.begin() as session:
                record = reachable_record(session, self._access, LearningOutcome, outcome_id, _MISSING_OUTCOME)
                framework_id = mentee_framework_id(session, record.mentee_id)
                values = _checked_outcome(session, form, framework_id, record)
                removed = _evidence_to_remove(session, record, form.remove_evidence_ids)
                changed = assign(record, values)
                for evidence in removed:
                    session.delete(evidence)
                self._copy_evidence(session, record, form.add_files, copies)
                if removed or form.add_files:
                    changed.append("evidence_files")
                if changed:
                    audit.record(session, action=AuditAction.UPDATE, entity="learning_outcome",
                                 entity_id=record.id, fields=changed, actor_id=actor_id)
                session.flush()
                info = _outcome_infos(session, LearningOutcome.id == record.id, framework_id)[0]
        except BaseException:
            copies.discard()
            raise
        # Files go only once their rows are gone for good: a rolled-back save keeps both.
        self._unlink(evidence.stored_path for evidence in removed)
        return info

    def delete_outcome(self, outcome_id: uuid.UUID, actor_id: uuid.UUID | None = None) -> None:
        """Delete the outcome with its evidence files, from the database and the evidence folder."""
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            record = reachable_record(session, self._access, LearningOutcome, outcome_id, _MISSING_OUTCOME)
            stored = [evidence.stored_path for evidence in record.evidence_files]
            session.delete(record)
            audit.record(session, action=AuditAction.DELETE, entity="learning_outcome", entity_id=outcome_id,
                         actor_id=actor_id)
        self._unlink(stored)

    def evidence_file(self, evidence_id: uuid.UUID) -> Path:
        """Where a stored evidence file is, to open it; NotFoundError when its row or its file is gone."""
        with self._sessions() as session:
            stored = session.scalar(select(EvidenceFile.stored_path)
                                    .join(LearningOutcome, LearningOutcome.id == EvidenceFile.outcome_id)
                                    .where(EvidenceFile.id == evidence_id,
                                           mentee_scope(self._access, LearningOutcome.mentee_id)))
        if stored is None:
            raise NotFoundError("This evidence file no longer exists.")
        path = self._resolve(stored)
        if not path.is_file():
            raise NotFoundError("The evidence file is missing from the data folder.")
        return path

    # ---- the agreement on paper

    def write_agreement_pdf(self, agreement_id: uuid.UUID, target: Path,
                            actor_id: uuid.UUID | None = None) -> Path:
        """Print the agreement and the plan as it stands (dropped activities left out) to a one-page PDF.

        Written whole or not at all; the EXPORT audit event commits only with a written file.
        """
        target = Path(target)
        actor_id = self._access.actor(actor_id)
        with self._sessions.begin() as session:
            agreement = reachable_record(session, self._access, PlanAgreement, agreement_id, _MISSING_AGREEMENT)
            sheet = _agreement_sheet(session, agreement)
            audit.record(session, action=AuditAction.EXPORT, entity="plan_agreement", entity_id=agreement.id,
                         fields=AGREEMENT_FIELDS, actor_id=actor_id)
            session.flush()
            _write_bytes(target, render_agreement(sheet))
        return target

    # ---- evidence files on disk

    @property
    def _data_dir(self) -> Path:
        return self._evidence_dir.parent

    def _resolve(self, stored_path: str) -> Path:
        path = (self._data_dir / stored_path).resolve()
        if not path.is_relative_to(self._evidence_dir.resolve()):
            raise NotFoundError("This evidence file is not in the evidence folder.")
        return path

    def _copy_evidence(self, session: Session, outcome: LearningOutcome, files: tuple[Path, ...],
                       copies: _Copies) -> None:
        for source in files:
            problem = _evidence_problem(source)
            if problem:
                raise ValidationError({"add_files": problem})
        folder = self._evidence_dir / str(outcome.mentee_id)
        for source in files:
            name = f"{uuid.uuid4()}{_safe_suffix(source)}"
            digest, size = copies.copy(source, folder / name)
            session.add(EvidenceFile(outcome_id=outcome.id, original_name=source.name[:255],
                                     stored_path=f"{self._evidence_dir.name}/{outcome.mentee_id}/{name}",
                                     sha256=digest, size_bytes=size))

    def _unlink(self, stored_paths: Iterable[str]) -> None:
        for stored in stored_paths:
            try:
                self._resolve(stored).unlink(missing_ok=True)
            except (OSError, NotFoundError):
                pass  # a file already gone or locked must not undo a committed delete


@dataclass
class _Copies:
    """Evidence copied during one save, removed again if the save fails."""

    done: list[Path] = field(default_factory=list)

    def copy(self, source: Path, target: Path) -> tuple[str, int]:
        """Copy via a temporary file beside `target`: the name appears only when the whole file is there."""
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(handle)
        try:
            shutil.copyfile(source, temporary)
            digest, size = _sha256(Path(temporary))
            if size > MAX_EVIDENCE_BYTES:  # it grew after the check
                raise ValidationError({"add_files": _too_large(source)})
            os.replace(temporary, target)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            reason = error.strerror or str(error)
            raise ValidationError({"add_files": f"{source.name} could not be copied ({reason})."}) from error
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.done.append(target)
        return digest, size

    def discard(self) -> None:
        for path in self.done:
            path.unlink(missing_ok=True)
        self.done.clear()


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _too_large(source: Path) -> str:
    return f"{source.name} is larger than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB; add a smaller file."


def _evidence_problem(source: Path) -> str | None:
    if source.is_dir():
        return f"{source.name} is a folder; choose files."
    if not source.is_file():
        return f"{source.name} does not exist (any more); choose it again."
    if source.stat().st_size > MAX_EVIDENCE_BYTES:
        return _too_large(source)
    return None


def _safe_suffix(source: Path) -> str:
    """The file's extension, so the copy opens in the right program; odd ones are dropped."""
    return source.suffix.lower() if _SUFFIX.match(source.suffix) else ""


# ---- the agreement sheet

# What the printed agreement shows, for the audit trail (names only).
AGREEMENT_FIELDS = ("activities", "agreed_on", "goals", "identified_needs", "mentee_signatory", "mentor_signatory",
                    "note", "programme", "reference_code")


def _agreement_sheet(session: Session, agreement: PlanAgreement) -> AgreementSheet:
    mentee = require_mentee(session, agreement.mentee_id)
    framework = framework_info(session, mentee_framework_id(session, mentee.id))
    # The enrolment in force on the agreement's date (open ones first), else the newest: a reprint after
    # the programme ended still names it.
    day = agreement.agreed_on
    in_force = and_(Enrolment.started_on <= day, or_(Enrolment.ended_on.is_(None), Enrolment.ended_on >= day))
    enrolment = session.execute(
        select(Programme.name, Worker.full_name)
        .select_from(Enrolment)
        .join(Programme, Programme.id == Enrolment.programme_id)
        .outerjoin(Worker, Worker.id == Enrolment.mentor_id)
        .where(Enrolment.mentee_id == mentee.id)
        .order_by(~in_force, Enrolment.ended_on.is_not(None), Enrolment.started_on.desc(), Enrolment.id).limit(1)
    ).first()
    programme, enrolment_mentor = enrolment if enrolment else (None, None)
    mentor = session.scalar(select(Worker.full_name).where(Worker.id == agreement.mentor_id)) \
        if agreement.mentor_id else enrolment_mentor
    # Needs and goals come from the latest baseline, against the mentee's framework when there is one.
    baseline = session.execute(
        select(Assessment.identified_needs, Assessment.goals)
        .where(Assessment.mentee_id == mentee.id, Assessment.kind == AssessmentKind.BASELINE)
        .order_by(Assessment.framework_id != framework.id, Assessment.assessed_on.desc(),
                  Assessment.created_at.desc()).limit(1)
    ).first()
    needs, goals = baseline if baseline else (None, None)
    activities = [a.form for a in _activity_infos(session, LearningActivity.mentee_id == mentee.id)
                  if a.form.status is not ActivityStatus.DROPPED]
    wanted = {competence_id for form in activities for competence_id in form.target_competence_ids}
    names = dict(session.execute(select(Competence.id, Competence.name).where(Competence.id.in_(wanted))).all()) \
        if wanted else {}
    return AgreementSheet(
        organisation=session.scalar(select(Organisation.name).limit(1)) or "",
        programme=programme,
        mentee_name=f"{mentee.first_name} {mentee.last_name}",
        mentee_code=mentee.reference_code,
        mentor_name=mentor,
        agreed_on=agreement.agreed_on,
        mentee_signatory=agreement.mentee_signatory,
        mentor_signatory=agreement.mentor_signatory,
        needs=needs or "",
        goals=goals or "",
        activities=tuple(
            AgreementActivity(title=form.title, kind=_spoken(form.kind), provider=form.provider,
                              format=_spoken(form.format), start=form.start_date, end=form.end_date,
                              hours=form.hours, competences=tuple(names[c] for c in form.target_competence_ids))
            for form in activities
        ),
        note=agreement.note or "",
        framework=framework.name,
    )


def _spoken(value: ActivityKind | ActivityFormat) -> str:
    """The English label of a kind or format ("Online course", "In person"): the agreement is printed in English."""
    return value.value.replace("_", " ").capitalize()


def _write_bytes(target: Path, data: bytes) -> None:
    """Never half a PDF under the real name; the disk's refusal as a sentence."""
    try:
        atomic_write_bytes(target, data)
    except OSError as error:
        raise DomainError(f"Cannot write {target}: {error.strerror or error}.") from error


# ---- the framework


def mentee_framework_id(session: Session, mentee_id: uuid.UUID) -> uuid.UUID:
    return session.scalar(select(current_framework_expression(literal(mentee_id, Uuid()))))


def framework_info(session: Session, framework_id: uuid.UUID) -> FrameworkInfo:
    framework = require(session, CompetenceFramework, framework_id, "This competence framework no longer exists.")
    competences = session.scalars(select(Competence).where(Competence.framework_id == framework_id)
                                  .order_by(Competence.position, Competence.code))
    levels = session.scalars(select(ProficiencyLevel).where(ProficiencyLevel.framework_id == framework_id)
                             .order_by(ProficiencyLevel.rank))
    return FrameworkInfo(
        id=framework.id, name=framework.name, version=framework.version, description=framework.description,
        source=framework.source, is_builtin=framework.is_builtin,
        competences=tuple(CompetenceInfo(c.id, c.code, c.area, c.name, c.description) for c in competences),
        levels=tuple(LevelInfo(level.rank, level.label, level.description) for level in levels),
    )


def _current_programme_id(session: Session, mentee_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(select(Enrolment.programme_id)
                          .where(Enrolment.mentee_id == mentee_id, Enrolment.ended_on.is_(None))
                          .order_by(Enrolment.started_on.desc(), Enrolment.id).limit(1))


def _scale(framework: FrameworkInfo) -> str:
    ranks = [level.rank for level in framework.levels]
    return f"{min(ranks)} to {max(ranks)}" if ranks else "none: the framework has no levels yet"


def _worker_id(session: Session, worker_id: uuid.UUID | None, errors: dict[str, str], field_name: str,
               role: str) -> uuid.UUID | None:
    if worker_id is not None and session.get(Worker, worker_id) is None:
        errors[field_name] = f"Choose the {role} from the list of workers."
    return worker_id


# ---- checking forms


def _checked_assessment(session: Session, form: AssessmentForm, framework: FrameworkInfo, mentee_id: uuid.UUID,
                        assessment_id: uuid.UUID | None) -> tuple[dict[str, object], list[dict[str, object]]]:
    errors: dict[str, str] = {}
    values: dict[str, object] = {
        "kind": AssessmentKind(form.kind),
        "assessed_on": checked_date(form.assessed_on, "The assessment date", date.today(), errors, "assessed_on"),
        "assessor_id": _worker_id(session, form.assessor_id, errors, "assessor_id", "assessor"),
        "identified_needs": optional_text(form.identified_needs, "The identified needs", NEEDS_LENGTH, errors,
                                          "identified_needs", multiline=True),
        "goals": optional_text(form.goals, "The goals", NEEDS_LENGTH, errors, "goals", multiline=True),
    }
    scores = _checked_scores(form.scores, framework, errors)
    if "assessed_on" not in errors:
        _check_sequence(session, mentee_id, framework.id, assessment_id, values["kind"], form.assessed_on, errors)
    if errors:
        raise ValidationError(errors)
    return values, scores


def _checked_scores(scores: tuple[ScoreForm, ...], framework: FrameworkInfo,
                    errors: dict[str, str]) -> list[dict[str, object]]:
    ranks = {level.rank for level in framework.levels}
    seen: set[uuid.UUID] = set()
    checked = []
    for score in scores:
        if framework.competence(score.competence_id) is None:
            errors["scores"] = f"Each score must be for a competence of {framework.name}."
        elif score.competence_id in seen:
            errors["scores"] = "Each competence can be scored only once."
        elif any(level is not None and level not in ranks for level in (score.self_level, score.mentor_level)):
            errors["scores"] = f"Levels must be on the framework's scale ({_scale(framework)})."
        seen.add(score.competence_id)
        note, evidence = clean_text(score.note), clean_text(score.evidence)
        if max(len(note), len(evidence)) > NOTE_LENGTH:
            errors["scores"] = f"A note or the evidence seen is too long (at most {NOTE_LENGTH} characters)."
        if score.self_level is None and score.mentor_level is None and not note and not evidence:
            continue  # an empty row of the form is no score
        checked.append({"competence_id": score.competence_id, "self_level": score.self_level,
                        "mentor_level": score.mentor_level, "note": note or None, "evidence": evidence or None})
    return checked


def _check_sequence(session: Session, mentee_id: uuid.UUID, framework_id: uuid.UUID,
                    assessment_id: uuid.UUID | None, kind: AssessmentKind, assessed_on: date,
                    errors: dict[str, str]) -> None:
    """One baseline per framework, dated no later than the interim and final assessments compared with it."""
    others = session.execute(
        select(Assessment.kind, Assessment.assessed_on)
        .where(Assessment.mentee_id == mentee_id, Assessment.framework_id == framework_id,
               Assessment.id != assessment_id if assessment_id else True)
    ).all()
    baselines = sorted(day for other, day in others if other is AssessmentKind.BASELINE)
    followers = sorted(day for other, day in others if other is not AssessmentKind.BASELINE)
    if kind is AssessmentKind.BASELINE:
        if baselines:
            errors["kind"] = (f"There is already a baseline assessment ({baselines[0].isoformat()}); record an "
                              "interim or final assessment instead.")
        elif followers and followers[0] < assessed_on:
            errors["assessed_on"] = (f"The baseline cannot be dated after the assessment of "
                                     f"{followers[0].isoformat()}, which is compared with it.")
    elif not baselines:
        errors["kind"] = "Record a baseline assessment first: interim and final assessments are compared with it."
    elif assessed_on < baselines[0]:
        errors["assessed_on"] = (f"An interim or final assessment cannot be dated before the baseline "
                                 f"({baselines[0].isoformat()}).")


def _replace_scores(session: Session, record: Assessment, scores: list[dict[str, object]]) -> bool:
    """Make the stored scores equal `scores`, row by row; True when anything changed."""
    stored = {score.competence_id: score for score in record.scores}
    wanted = {score["competence_id"]: score for score in scores}
    changed = False
    for competence_id, score in stored.items():
        if competence_id not in wanted:
            session.delete(score)
            changed = True
    for competence_id, values in wanted.items():
        score = stored.get(competence_id)
        if score is None:
            session.add(AssessmentScore(assessment_id=record.id, **values))
            changed = True
            continue
        for name, value in values.items():
            if getattr(score, name) != value:
                setattr(score, name, value)
                changed = True
    return changed


def _checked_activity(session: Session, form: ActivityForm, framework: FrameworkInfo,
                      kept: Iterable[uuid.UUID]) -> tuple[dict[str, object], list[Competence]]:
    """The activity's values and target competences; targets it already had may stay after a framework change."""
    errors: dict[str, str] = {}
    latest = date.today().replace(year=date.today().year + YEARS_AHEAD)
    values: dict[str, object] = {
        "title": required_text(form.title, "The title", 200, errors, "title"),
        "kind": form.kind,
        "format": form.format,
        "provider": optional_text(form.provider, "The provider", 200, errors, "provider"),
        "start_date": form.start_date,
        "end_date": form.end_date,
        "hours": None if form.hours is None else round(float(form.hours), 1),
        "status": ActivityStatus(form.status),
        "outcome_note": optional_text(form.outcome_note, "The outcome note", NOTE_LENGTH, errors, "outcome_note",
                                      multiline=True),
    }
    for name, label in (("start_date", "The start date"), ("end_date", "The end date")):
        day = values[name]
        if day is not None and day > latest:
            errors[name] = f"{label} is more than {YEARS_AHEAD} years ahead; check the year."
        elif day is not None:
            checked_date(day, label, latest, errors, name)
    if form.start_date and form.end_date and "end_date" not in errors and form.end_date < form.start_date:
        errors["end_date"] = "The end date cannot be before the start date."
    if form.hours is not None and not (math.isfinite(form.hours) and 0 <= form.hours <= MAX_HOURS):
        errors["hours"] = f"Hours must be between 0 and {MAX_HOURS:,}."
    allowed = {c.id for c in framework.competences} | set(kept)
    wanted = list(dict.fromkeys(form.target_competence_ids))
    if any(competence_id not in allowed for competence_id in wanted):
        errors["target_competence_ids"] = f"Target competences must be competences of {framework.name}."
    if errors:
        raise ValidationError(errors)
    targets = [session.get(Competence, competence_id) for competence_id in wanted]
    if any(target is None for target in targets):
        raise ValidationError({"target_competence_ids": "A target competence no longer exists; choose again."})
    return values, targets


def _checked_outcome(session: Session, form: OutcomeForm, framework_id: uuid.UUID,
                     record: LearningOutcome | None) -> dict[str, object]:
    errors: dict[str, str] = {}
    competence = session.get(Competence, form.competence_id) if form.competence_id else None
    unchanged = record is not None and record.competence_id == form.competence_id
    if competence is None or (competence.framework_id != framework_id and not unchanged):
        name = session.scalar(select(CompetenceFramework.name).where(CompetenceFramework.id == framework_id))
        errors["competence_id"] = f"Choose a competence of {name}."
    else:
        framework = framework_info(session, competence.framework_id)
        if form.level not in {level.rank for level in framework.levels}:
            errors["level"] = f"Choose a level on the framework's scale ({_scale(framework)})."
    values: dict[str, object] = {
        "competence_id": form.competence_id,
        "level": form.level,
        "statement": required_text(form.statement, "The statement", 1000, errors, "statement"),
        "method": form.method,
        "evidence_description": optional_text(form.evidence_description, "The evidence description", NOTE_LENGTH,
                                              errors, "evidence_description", multiline=True),
        "assessor_id": _worker_id(session, form.assessor_id, errors, "assessor_id", "assessor"),
        "assessed_on": form.assessed_on,
        "phase": form.phase,
    }
    if form.assessed_on is not None:
        checked_date(form.assessed_on, "The assessment date", date.today(), errors, "assessed_on")
    if form.phase in NEEDS_EVIDENCE and values["evidence_description"] is None and "evidence_description" not in errors:
        errors["evidence_description"] = ("Describe the evidence: a documented, assessed or certified outcome "
                                          "needs it.")
    if errors:
        raise ValidationError(errors)
    return values


def _evidence_to_remove(session: Session, record: LearningOutcome,
                        evidence_ids: tuple[uuid.UUID, ...]) -> list[EvidenceFile]:
    if not evidence_ids:
        return []
    found = {evidence.id: evidence for evidence in record.evidence_files}
    if any(evidence_id not in found for evidence_id in evidence_ids):
        raise ValidationError({"remove_evidence_ids": "An evidence file to remove does not belong to this outcome."})
    return [found[evidence_id] for evidence_id in dict.fromkeys(evidence_ids)]


# ---- reading


def _assessment_infos(session: Session, where: ColumnElement[bool]) -> tuple[AssessmentInfo, ...]:
    rows = session.execute(
        select(Assessment, Worker.full_name)
        .outerjoin(Worker, Worker.id == Assessment.assessor_id)
        .where(where)
        .order_by(Assessment.assessed_on, Assessment.created_at)
    ).all()
    scores: dict[uuid.UUID, list[ScoreForm]] = defaultdict(list)
    if rows:
        for score in session.scalars(
            select(AssessmentScore)
            .join(Competence, Competence.id == AssessmentScore.competence_id)
            .where(AssessmentScore.assessment_id.in_([a.id for a, _ in rows]))
            .order_by(Competence.position, Competence.code)
        ):
            scores[score.assessment_id].append(ScoreForm(score.competence_id, score.self_level, score.mentor_level,
                                                         score.note or "", score.evidence or ""))
    return tuple(
        AssessmentInfo(id=a.id, kind=a.kind, assessed_on=a.assessed_on, framework_id=a.framework_id,
                       assessor_id=a.assessor_id, assessor=assessor, identified_needs=a.identified_needs or "",
                       goals=a.goals or "", scores=tuple(scores[a.id]))
        for a, assessor in rows
    )


def _activity_infos(session: Session, where: ColumnElement[bool]) -> tuple[ActivityInfo, ...]:
    activities = session.scalars(
        select(LearningActivity).where(where)
        .order_by(LearningActivity.start_date.is_(None), LearningActivity.start_date, LearningActivity.created_at)
    ).all()
    targets: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if activities:
        for activity_id, competence_id in session.execute(
            select(activity_competence.c.activity_id, activity_competence.c.competence_id)
            .join(Competence, Competence.id == activity_competence.c.competence_id)
            .where(activity_competence.c.activity_id.in_([a.id for a in activities]))
            .order_by(Competence.position, Competence.code)
        ):
            targets[activity_id].append(competence_id)
    return tuple(
        ActivityInfo(a.id, ActivityForm(
            title=a.title, kind=a.kind, format=a.format, provider=a.provider or "", start_date=a.start_date,
            end_date=a.end_date, hours=a.hours, status=a.status, target_competence_ids=tuple(targets[a.id]),
            outcome_note=a.outcome_note or "",
        ))
        for a in activities
    )


def _agreement_infos(session: Session, where: ColumnElement[bool]) -> tuple[AgreementInfo, ...]:
    agreements = session.scalars(
        select(PlanAgreement).where(where).order_by(PlanAgreement.agreed_on.desc(), PlanAgreement.created_at.desc())
    )
    return tuple(AgreementInfo(a.id, AgreementForm(a.agreed_on, a.mentee_signatory, a.mentor_signatory, a.mentor_id,
                                                   a.note or ""))
                 for a in agreements)


def _outcome_infos(session: Session, where: ColumnElement[bool],
                   framework_id: uuid.UUID) -> tuple[OutcomeInfo, ...]:
    rows = session.execute(
        select(LearningOutcome, Worker.full_name)
        .join(Competence, Competence.id == LearningOutcome.competence_id)
        .outerjoin(Worker, Worker.id == LearningOutcome.assessor_id)
        .where(where)
        # Outcomes for another framework (the programme changed) come after the current one's.
        .order_by(Competence.framework_id != framework_id, Competence.position, Competence.code,
                  LearningOutcome.level, LearningOutcome.created_at)
    ).all()
    evidence: dict[uuid.UUID, list[EvidenceInfo]] = defaultdict(list)
    if rows:
        for file in session.scalars(
            select(EvidenceFile).where(EvidenceFile.outcome_id.in_([o.id for o, _ in rows]))
            .order_by(EvidenceFile.added_at, EvidenceFile.original_name)
        ):
            evidence[file.outcome_id].append(EvidenceInfo(file.id, file.original_name, file.stored_path,
                                                          file.sha256, file.size_bytes))
    return tuple(
        OutcomeInfo(
            id=o.id,
            form=OutcomeForm(competence_id=o.competence_id, level=o.level, statement=o.statement, method=o.method,
                             evidence_description=o.evidence_description or "", assessor_id=o.assessor_id,
                             assessed_on=o.assessed_on, phase=o.phase),
            assessor=assessor,
            evidence=tuple(evidence[o.id]),
        )
        for o, assessor in rows
    )


# ---- the step facts and the radar, from what overview() read


def pathway_facts(framework: FrameworkInfo, assessments: Iterable[AssessmentInfo],
                  activities: Iterable[ActivityInfo], agreements: Iterable[AgreementInfo],
                  outcomes: Iterable[OutcomeInfo]) -> PathwayFacts:
    """Count what the step rules need; the same counts pathway_state's SQL expression makes."""
    assessments, activities, outcomes = tuple(assessments), tuple(activities), tuple(outcomes)
    baselines = [_baseline_gaps(framework, a) for a in assessments
                 if a.kind is AssessmentKind.BASELINE and a.framework_id == framework.id]
    # One baseline per framework is the rule; should there be more, the most complete one counts.
    self_missing, mentor_missing, needs_and_goals = min(
        baselines, key=lambda gaps: (gaps[0] + gaps[1] + (not gaps[2]), gaps), default=(0, 0, False))
    statuses = [activity.form.status for activity in activities]
    phases = [(outcome.form.phase, outcome.form.evidence_description) for outcome in outcomes]
    return PathwayFacts(
        assessments=len(assessments),
        baseline=bool(baselines),
        self_missing=self_missing,
        mentor_missing=mentor_missing,
        needs_and_goals=needs_and_goals,
        activities=len(statuses),
        completed=statuses.count(ActivityStatus.COMPLETED),
        open=sum(status in OPEN_ACTIVITY for status in statuses),
        agreed=any(True for _ in agreements),
        outcomes=len(phases),
        unassessed=sum(phase in NOT_YET_ASSESSED for phase, _ in phases),
        undescribed=sum(phase in NEEDS_EVIDENCE and not described for phase, described in phases),
    )


def _baseline_gaps(framework: FrameworkInfo, baseline: AssessmentInfo) -> tuple[int, int, bool]:
    """(competences without a self level, … without a mentor level, needs and goals both written)."""
    scores = {score.competence_id: score for score in baseline.scores}
    no_score = ScoreForm(uuid.UUID(int=0))
    levels = [scores.get(c.id, no_score) for c in framework.competences]
    return (sum(score.self_level is None for score in levels), sum(score.mentor_level is None for score in levels),
            baseline.identified_needs != "" and baseline.goals != "")


def radar_series(framework: FrameworkInfo, assessments: tuple[AssessmentInfo, ...]) -> tuple[RadarSeries, ...]:
    """Baseline and latest assessment (of any kind), self and mentor, in the framework's competence order.

    Only assessments against the mentee's framework are drawn; a series without any level is left out,
    and so is "latest" while the baseline is the latest.
    """
    mine = [a for a in assessments if a.framework_id == framework.id]  # oldest first
    baseline = next((a for a in mine if a.kind is AssessmentKind.BASELINE), None)
    latest = mine[-1] if mine else None
    chosen = [("Baseline", baseline)] + ([("Latest", latest)] if latest is not baseline else [])
    series = []
    for name, assessment in chosen:
        if assessment is None:
            continue
        scores = {score.competence_id: score for score in assessment.scores}
        for who, level_of in (("self", lambda s: s.self_level), ("mentor", lambda s: s.mentor_level)):
            levels = tuple(level_of(scores[c.id]) if c.id in scores else None for c in framework.competences)
            if any(level is not None for level in levels):
                series.append(RadarSeries(f"{name} · {who}", levels))
    return tuple(series)
