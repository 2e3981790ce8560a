"""The pathway service: assessments, the learning plan and its agreement, outcomes with evidence files."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mentordesk.db.models import AuditEvent, Competence, CompetenceFramework, ProficiencyLevel
from mentordesk.db.seed import key_competences_id
from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ActivityStatus,
    AssessmentKind,
    AuditAction,
    PathwayStep,
    ValidationMethod,
    ValidationPhase,
)
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError
from mentordesk.services.mentees import MenteeForm, MenteeService
from mentordesk.services.organisation import OrganisationService, ProgrammeForm, WorkerForm
from mentordesk.services.pathway import PathwayService
from mentordesk.services.pathway_forms import (
    ActivityForm,
    AgreementForm,
    AssessmentForm,
    OutcomeForm,
    ScoreForm,
    StepStatus,
)

TODAY = date.today()
DAY = timedelta(days=1)


@pytest.fixture
def pathway(session_factory, paths) -> PathwayService:
    return PathwayService(session_factory, paths.evidence_dir)


@pytest.fixture
def mentee_id(session_factory) -> uuid.UUID:
    return new_mentee(session_factory)


def new_mentee(session_factory, first: str = "Zoë") -> uuid.UUID:
    form = MenteeForm(first_name=first, last_name="Nagy", birth_date=TODAY.replace(year=TODAY.year - 20))
    return MenteeService(session_factory).create(form, confirmed=True).id


def key_competences(session_factory) -> list[uuid.UUID]:
    with session_factory() as session:
        return list(session.scalars(select(Competence.id).where(Competence.framework_id == key_competences_id())
                                    .order_by(Competence.position)))


def full_scores(competences: list[uuid.UUID], level: int = 2) -> tuple[ScoreForm, ...]:
    return tuple(ScoreForm(c, level, level) for c in competences)


def baseline(competences: list[uuid.UUID], on: date = TODAY - 30 * DAY, **more) -> AssessmentForm:
    values = {"kind": AssessmentKind.BASELINE, "assessed_on": on, "scores": full_scores(competences),
              "identified_needs": "Confidence", "goals": "A job"} | more
    return AssessmentForm(**values)


def activity(title: str = "Barista course", status: ActivityStatus = ActivityStatus.PLANNED, **more) -> ActivityForm:
    return ActivityForm(title, ActivityKind.COURSE, ActivityFormat.IN_PERSON, status=status, **more)


def outcome(competence_id: uuid.UUID, phase: ValidationPhase = ValidationPhase.ASSESSED, **more) -> OutcomeForm:
    values = {"competence_id": competence_id, "level": 3, "statement": "I can serve customers in English.",
              "method": ValidationMethod.OBSERVATION, "evidence_description": "Observed at the café",
              "phase": phase} | more
    return OutcomeForm(**values)


def audit_events(session_factory, entity: str) -> list[tuple[AuditAction, list[str]]]:
    with session_factory() as session:
        return [(e.action, e.fields) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.seq))]


def custom_framework(session_factory, competences: int = 3, levels: int = 5) -> tuple[uuid.UUID, list[uuid.UUID]]:
    with session_factory.begin() as session:
        framework = CompetenceFramework(
            name=f"Custom {uuid.uuid4().hex[:6]}",
            competences=[Competence(code=f"C{n}", name=f"Competence {n}", position=n) for n in range(competences)],
            levels=[ProficiencyLevel(rank=rank, label=f"Level {rank}") for rank in range(1, levels + 1)],
        )
        session.add(framework)
        session.flush()
        return framework.id, [c.id for c in framework.competences]


# ---- the framework


def test_a_mentee_without_a_programme_is_measured_against_the_key_competences(pathway, mentee_id,
                                                                              session_factory) -> None:
    overview = pathway.overview(mentee_id)
    assert overview.framework.id == key_competences_id()
    assert [c.id for c in overview.framework.competences] == key_competences(session_factory)
    assert [level.rank for level in overview.framework.levels] == [1, 2, 3, 4]
    assert overview.assessments == overview.activities == overview.agreements == overview.outcomes == ()
    assert [s.status for s in overview.steps] == [StepStatus.NOT_STARTED] * 3
    assert overview.current_step is None and overview.radar == ()


def test_the_current_programme_chooses_the_framework(pathway, mentee_id, session_factory) -> None:
    framework_id, competences = custom_framework(session_factory)
    organisation = OrganisationService(session_factory)
    programme = organisation.save_programme(ProgrammeForm("Digital", TODAY - 100 * DAY, framework_id=framework_id))
    MenteeService(session_factory).enrol(mentee_id, programme.id, None, TODAY - 50 * DAY)
    assert pathway.overview(mentee_id).framework.id == framework_id
    saved = pathway.add_assessment(mentee_id, baseline(competences))
    assert saved.framework_id == framework_id
    with pytest.raises(ValidationError) as refused:  # a Key Competence is not in this framework
        pathway.add_assessment(mentee_id, baseline(key_competences(session_factory)[:1],
                                                   kind=AssessmentKind.INTERIM))
    assert "competence of Custom" in refused.value.errors["scores"]


# ---- step 1: assessments


def test_assessments_save_read_back_in_framework_order_and_are_audited_by_field_name(pathway, mentee_id,
                                                                                     session_factory) -> None:
    competences = key_competences(session_factory)
    worker = OrganisationService(session_factory).save_worker(WorkerForm("Ana Nowak"))
    scores = (ScoreForm(competences[3], 2, 3, "  shy at first ", "CV written"), ScoreForm(competences[0], 1, None),
              ScoreForm(competences[5]))  # an empty row is no score
    saved = pathway.add_assessment(mentee_id, AssessmentForm(AssessmentKind.BASELINE, TODAY - 9 * DAY, scores,
                                                             "Needs", "", worker.id))
    assert [s.competence_id for s in saved.scores] == [competences[0], competences[3]]
    assert saved.scores[1] == ScoreForm(competences[3], 2, 3, "shy at first", "CV written")
    assert (saved.assessor, saved.identified_needs, saved.goals) == ("Ana Nowak", "Needs", "")
    assert audit_events(session_factory, "assessment") == [
        (AuditAction.CREATE, ["assessed_on", "assessor_id", "identified_needs", "kind", "scores"])]

    changed = pathway.update_assessment(saved.id, AssessmentForm(
        AssessmentKind.BASELINE, TODAY - 9 * DAY, (ScoreForm(competences[0], 1, 2),), "Needs", "Goals", worker.id))
    assert changed.scores == (ScoreForm(competences[0], 1, 2),) and changed.goals == "Goals"
    assert audit_events(session_factory, "assessment")[-1] == (AuditAction.UPDATE, ["goals", "scores"])
    pathway.update_assessment(saved.id, changed.form())
    assert len(audit_events(session_factory, "assessment")) == 2, "saving without changes writes no event"
    assert pathway.overview(mentee_id).assessments == (changed,)

    pathway.delete_assessment(saved.id)
    assert pathway.overview(mentee_id).assessments == ()
    assert audit_events(session_factory, "assessment")[-1] == (AuditAction.DELETE, [])
    with pytest.raises(NotFoundError):
        pathway.delete_assessment(saved.id)


@pytest.mark.parametrize(("change", "field", "sentence"), [
    ({"assessed_on": TODAY + DAY}, "assessed_on", "cannot be in the future"),
    ({"assessed_on": date(1899, 12, 31)}, "assessed_on", "before 1900-01-01"),
    ({"scores": (ScoreForm(uuid.uuid4(), 1, 1),)}, "scores", "competence of Key Competences"),
    ({"scores": "duplicate"}, "scores", "only once"),
    ({"scores": "level 5"}, "scores", "scale (1 to 4)"),
    ({"scores": "level 0"}, "scores", "scale (1 to 4)"),
    ({"scores": "long note"}, "scores", "at most 2000"),
    ({"goals": "g" * 5001}, "goals", "at most 5000"),
    ({"identified_needs": "n" * 5001}, "identified_needs", "at most 5000"),
    ({"assessor_id": uuid.uuid4()}, "assessor_id", "list of workers"),
])
def test_invalid_assessments_are_refused_field_by_field(pathway, mentee_id, session_factory, change, field,
                                                        sentence) -> None:
    competences = key_competences(session_factory)
    special = {"duplicate": (ScoreForm(competences[0], 1, 1), ScoreForm(competences[0], 2, 2)),
               "level 5": (ScoreForm(competences[0], 5, 1),), "level 0": (ScoreForm(competences[0], 1, 0),),
               "long note": (ScoreForm(competences[0], 1, 1, "x" * 2001),)}
    if isinstance(change.get("scores"), str):
        change = {"scores": special[change["scores"]]}
    with pytest.raises(ValidationError) as refused:
        pathway.add_assessment(mentee_id, baseline(competences, **change))
    assert list(refused.value.errors) == [field]
    assert sentence in refused.value.errors[field]
    assert refused.value.errors[field].endswith(".")
    assert pathway.overview(mentee_id).assessments == ()


def test_one_baseline_comes_first_and_interim_and_final_follow_it(pathway, mentee_id, session_factory) -> None:
    competences = key_competences(session_factory)
    interim = AssessmentForm(AssessmentKind.INTERIM, TODAY - 10 * DAY, full_scores(competences, 3))
    with pytest.raises(ValidationError, match="baseline assessment first") as refused:
        pathway.add_assessment(mentee_id, interim)
    assert list(refused.value.errors) == ["kind"]
    first = pathway.add_assessment(mentee_id, baseline(competences, TODAY - 20 * DAY))
    with pytest.raises(ValidationError, match="already a baseline") as refused:
        pathway.add_assessment(mentee_id, baseline(competences, TODAY - 5 * DAY))
    assert list(refused.value.errors) == ["kind"]
    with pytest.raises(ValidationError, match="before the baseline") as refused:
        pathway.add_assessment(mentee_id, AssessmentForm(AssessmentKind.FINAL, TODAY - 21 * DAY))
    assert list(refused.value.errors) == ["assessed_on"]
    second = pathway.add_assessment(mentee_id, interim)
    pathway.update_assessment(first.id, first.form())  # the baseline does not clash with itself
    with pytest.raises(ValidationError, match="cannot be dated after") as refused:
        pathway.update_assessment(first.id, baseline(competences, TODAY - 9 * DAY))
    with pytest.raises(ValidationError, match="baseline assessment first"):
        pathway.update_assessment(first.id, baseline(competences, TODAY - 20 * DAY, kind=AssessmentKind.FINAL))
    with pytest.raises(DomainError, match="Delete the interim and final assessments first"):
        pathway.delete_assessment(first.id)
    assert [a.id for a in pathway.overview(mentee_id).assessments] == [first.id, second.id]
    pathway.delete_assessment(second.id)
    pathway.delete_assessment(first.id)


def test_records_of_a_mentee_that_does_not_exist_are_refused(pathway, session_factory) -> None:
    nobody = uuid.uuid4()
    with pytest.raises(NotFoundError):
        pathway.overview(nobody)
    with pytest.raises(NotFoundError):
        pathway.add_assessment(nobody, baseline(key_competences(session_factory)))
    with pytest.raises(NotFoundError):
        pathway.add_activity(nobody, activity())
    with pytest.raises(NotFoundError):
        pathway.update_activity(nobody, activity())
    with pytest.raises(NotFoundError):
        pathway.update_outcome(nobody, outcome(key_competences(session_factory)[0]))


# ---- step 2: the learning plan


def test_activities_save_in_start_order_with_targets_and_audit(pathway, mentee_id, session_factory) -> None:
    competences = key_competences(session_factory)
    late = pathway.add_activity(mentee_id, activity("Late", start_date=TODAY + 30 * DAY, hours=12.34,
                                                    target_competence_ids=(competences[4], competences[1],
                                                                           competences[4])))
    undated = pathway.add_activity(mentee_id, activity("Undated", provider="  Café  Central "))
    early = pathway.add_activity(mentee_id, activity("Early", start_date=TODAY - 30 * DAY,
                                                     end_date=TODAY - 30 * DAY, status=ActivityStatus.COMPLETED))
    assert late.form.target_competence_ids == (competences[1], competences[4])
    assert late.form.hours == 12.3  # one decimal kept
    assert undated.form.provider == "Café Central"
    assert [a.id for a in pathway.overview(mentee_id).activities] == [early.id, late.id, undated.id]
    assert audit_events(session_factory, "learning_activity")[0] == (
        AuditAction.CREATE, ["format", "hours", "kind", "start_date", "status", "target_competences", "title"])

    moved = pathway.update_activity(late.id, activity("Late", start_date=TODAY + 30 * DAY, hours=12.3,
                                                      status=ActivityStatus.IN_PROGRESS))
    assert moved.form.target_competence_ids == ()
    assert audit_events(session_factory, "learning_activity")[-1] == (
        AuditAction.UPDATE, ["status", "target_competences"])
    pathway.delete_activity(undated.id)
    assert [a.id for a in pathway.overview(mentee_id).activities] == [early.id, late.id]
    assert audit_events(session_factory, "learning_activity")[-1] == (AuditAction.DELETE, [])


@pytest.mark.parametrize(("change", "field", "sentence"), [
    ({"title": "  "}, "title", "The title is required."),
    ({"title": "t" * 201}, "title", "at most 200"),
    ({"provider": "p" * 201}, "provider", "at most 200"),
    ({"hours": -1.0}, "hours", "between 0 and 10,000"),
    ({"hours": 10_000.5}, "hours", "between 0 and 10,000"),
    ({"hours": float("nan")}, "hours", "between 0 and 10,000"),
    ({"start_date": TODAY, "end_date": TODAY - DAY}, "end_date", "cannot be before the start date"),
    ({"start_date": date(1899, 1, 1)}, "start_date", "before 1900-01-01"),
    ({"end_date": TODAY.replace(year=TODAY.year + 11)}, "end_date", "years ahead"),
    ({"target_competence_ids": (uuid.uuid4(),)}, "target_competence_ids", "competences of Key Competences"),
    ({"outcome_note": "n" * 2001}, "outcome_note", "at most 2000"),
])
def test_invalid_activities_are_refused_field_by_field(pathway, mentee_id, change, field, sentence) -> None:
    with pytest.raises(ValidationError) as refused:
        pathway.add_activity(mentee_id, activity(**change))
    assert list(refused.value.errors) == [field]
    assert sentence in refused.value.errors[field]
    assert pathway.overview(mentee_id).activities == ()


def test_hours_at_the_limits_are_accepted(pathway, mentee_id) -> None:
    assert pathway.add_activity(mentee_id, activity(hours=0.0)).form.hours == 0
    assert pathway.add_activity(mentee_id, activity(hours=10_000.0)).form.hours == 10_000


def test_the_plan_is_agreed_with_a_date_and_both_names(pathway, mentee_id, session_factory) -> None:
    with pytest.raises(DomainError, match="Add an activity to the learning plan before agreeing it"):
        pathway.agree_plan(mentee_id, AgreementForm(TODAY, "Zoë Nagy", "Ana Nowak"))
    pathway.add_activity(mentee_id, activity())
    with pytest.raises(ValidationError) as refused:
        pathway.agree_plan(mentee_id, AgreementForm(TODAY + DAY, " ", "", uuid.uuid4(), "x" * 2001))
    assert refused.value.errors == {
        "agreed_on": "The agreement date cannot be in the future.",
        "mentee_signatory": "The mentee's name is required.",
        "mentor_signatory": "The mentor's name is required.",
        "mentor_id": "Choose the mentor from the list of workers.",
        "note": "The note is too long (at most 2000 characters).",
    }
    worker = OrganisationService(session_factory).save_worker(WorkerForm("Ana Nowak"))
    first = pathway.agree_plan(mentee_id, AgreementForm(TODAY - 10 * DAY, "Zoë Nagy", "Ana Nowak", worker.id))
    second = pathway.agree_plan(mentee_id, AgreementForm(TODAY, "Zoë Nagy", "Ana Nowak", None, "Revised"))
    assert second.form == AgreementForm(TODAY, "Zoë Nagy", "Ana Nowak", None, "Revised")
    assert [a.id for a in pathway.overview(mentee_id).agreements] == [second.id, first.id]
    assert audit_events(session_factory, "plan_agreement")[0] == (
        AuditAction.CREATE, ["agreed_on", "mentee_signatory", "mentor_id", "mentor_signatory"])


# ---- step 3: outcomes


def test_outcomes_save_in_competence_order_then_level(pathway, mentee_id, session_factory) -> None:
    competences = key_competences(session_factory)
    worker = OrganisationService(session_factory).save_worker(WorkerForm("Ana Nowak"))
    third = pathway.add_outcome(mentee_id, outcome(competences[2]))
    first = pathway.add_outcome(mentee_id, outcome(competences[0], assessor_id=worker.id, assessed_on=TODAY))
    low = pathway.add_outcome(mentee_id, outcome(competences[0], ValidationPhase.IDENTIFIED, level=1,
                                                 evidence_description=""))
    assert first.assessor == "Ana Nowak" and first.form.assessed_on == TODAY and first.evidence == ()
    assert [o.id for o in pathway.overview(mentee_id).outcomes] == [low.id, first.id, third.id]
    assert audit_events(session_factory, "learning_outcome")[0] == (
        AuditAction.CREATE, ["competence_id", "evidence_description", "level", "method", "phase", "statement"])
    changed = pathway.update_outcome(low.id, outcome(competences[0], ValidationPhase.DOCUMENTED, level=1))
    assert changed.form.phase is ValidationPhase.DOCUMENTED
    assert audit_events(session_factory, "learning_outcome")[-1] == (
        AuditAction.UPDATE, ["evidence_description", "phase"])
    pathway.delete_outcome(low.id)
    assert audit_events(session_factory, "learning_outcome")[-1] == (AuditAction.DELETE, [])
    assert [o.id for o in pathway.overview(mentee_id).outcomes] == [first.id, third.id]


@pytest.mark.parametrize(("change", "field", "sentence"), [
    ({"statement": ""}, "statement", "The statement is required."),
    ({"statement": "s" * 1001}, "statement", "at most 1000"),
    ({"level": 5}, "level", "scale (1 to 4)"),
    ({"level": 0}, "level", "scale (1 to 4)"),
    ({"competence_id": uuid.uuid4()}, "competence_id", "competence of Key Competences"),
    ({"evidence_description": ""}, "evidence_description", "Describe the evidence"),
    ({"evidence_description": "e" * 2001}, "evidence_description", "at most 2000"),
    ({"assessed_on": TODAY + DAY}, "assessed_on", "cannot be in the future"),
    ({"assessor_id": uuid.uuid4()}, "assessor_id", "list of workers"),
])
def test_invalid_outcomes_are_refused_field_by_field(pathway, mentee_id, session_factory, change, field,
                                                     sentence) -> None:
    form = outcome(key_competences(session_factory)[0], ValidationPhase.DOCUMENTED)
    values = {name: getattr(form, name) for name in form.__dataclass_fields__} | change
    with pytest.raises(ValidationError) as refused:
        pathway.add_outcome(mentee_id, OutcomeForm(**values))
    assert list(refused.value.errors) == [field]
    assert sentence in refused.value.errors[field]
    assert pathway.overview(mentee_id).outcomes == ()


def test_an_identified_outcome_needs_no_evidence_description(pathway, mentee_id, session_factory) -> None:
    saved = pathway.add_outcome(mentee_id, outcome(key_competences(session_factory)[0], ValidationPhase.IDENTIFIED,
                                                   evidence_description=""))
    assert saved.form.evidence_description == ""
    assert pathway.overview(mentee_id).steps[2].status is StepStatus.IN_PROGRESS
    assert pathway.overview(mentee_id).current_step is PathwayStep.ASSESSMENT


# ---- evidence files


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_evidence_files_are_copied_hashed_and_found_again(pathway, mentee_id, session_factory, paths,
                                                          tmp_path) -> None:
    photo = tmp_path / "Café photo.JPG"
    photo.write_bytes(b"\xff\xd8 a photo")
    notes = tmp_path / "notes"
    notes.write_text("no suffix")
    saved = pathway.add_outcome(mentee_id, outcome(key_competences(session_factory)[0], add_files=(photo, notes)))
    assert saved.form.add_files == () and saved.form.remove_evidence_ids == ()
    assert [e.original_name for e in saved.evidence] == ["Café photo.JPG", "notes"]
    first = saved.evidence[0]
    assert first.sha256 == hashlib.sha256(b"\xff\xd8 a photo").hexdigest() and first.size_bytes == 10
    folder, name = first.stored_path.rsplit("/", 1)
    assert folder == f"evidence/{mentee_id}" and name.endswith(".jpg") and uuid.UUID(name.removesuffix(".jpg"))
    stored = pathway.evidence_file(first.id)
    assert stored.is_absolute() and stored == (paths.data_dir / first.stored_path).resolve()
    assert stored.read_bytes() == photo.read_bytes()
    assert pathway.evidence_file(saved.evidence[1].id).read_text() == "no suffix"
    assert len(files_in(paths.evidence_dir)) == 2
    assert pathway.overview(mentee_id).outcomes[0].evidence == saved.evidence
    assert "evidence_files" in audit_events(session_factory, "learning_outcome")[-1][1]

    kept = saved.evidence[1]
    changed = pathway.update_outcome(saved.id, outcome(key_competences(session_factory)[0],
                                                       remove_evidence_ids=(first.id,)))
    assert changed.evidence == (kept,)
    assert not stored.exists() and len(files_in(paths.evidence_dir)) == 1
    assert audit_events(session_factory, "learning_outcome")[-1] == (AuditAction.UPDATE, ["evidence_files"])
    with pytest.raises(NotFoundError):
        pathway.evidence_file(first.id)
    with pytest.raises(ValidationError) as refused:
        pathway.update_outcome(saved.id, outcome(key_competences(session_factory)[0],
                                                 remove_evidence_ids=(first.id,)))
    assert "does not belong" in refused.value.errors["remove_evidence_ids"]

    pathway.delete_outcome(saved.id)
    assert files_in(paths.evidence_dir) == []
    with pytest.raises(NotFoundError):
        pathway.evidence_file(kept.id)


def test_a_stored_file_gone_from_the_folder_is_reported(pathway, mentee_id, session_factory, tmp_path) -> None:
    source = tmp_path / "cv.pdf"
    source.write_bytes(b"%PDF")
    saved = pathway.add_outcome(mentee_id, outcome(key_competences(session_factory)[0], add_files=(source,)))
    pathway.evidence_file(saved.evidence[0].id).unlink()
    with pytest.raises(NotFoundError, match="missing from the data folder"):
        pathway.evidence_file(saved.evidence[0].id)
    pathway.delete_outcome(saved.id)  # a file already gone does not stop the delete
    assert pathway.overview(mentee_id).outcomes == ()


def test_missing_folder_and_oversized_files_are_refused_and_nothing_is_kept(pathway, mentee_id, session_factory,
                                                                             paths, tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("fine")
    huge = tmp_path / "film.mp4"
    with huge.open("wb") as file:
        file.truncate(50 * 1024 * 1024 + 1)  # sparse: no 50 MB written
    exactly = tmp_path / "exactly.bin"
    with exactly.open("wb") as file:
        file.truncate(50 * 1024 * 1024)
    competence = key_competences(session_factory)[0]
    for bad, sentence in ((tmp_path / "gone.pdf", "gone.pdf does not exist"), (tmp_path, "is a folder"),
                          (huge, "film.mp4 is larger than 50 MB")):
        with pytest.raises(ValidationError) as refused:
            pathway.add_outcome(mentee_id, outcome(competence, add_files=(good, bad)))
        assert sentence in refused.value.errors["add_files"]
    assert pathway.overview(mentee_id).outcomes == ()
    assert files_in(paths.evidence_dir) == []
    saved = pathway.add_outcome(mentee_id, outcome(competence, add_files=(exactly,)))
    assert saved.evidence[0].size_bytes == 50 * 1024 * 1024


def test_a_failing_copy_leaves_no_row_and_no_half_file(pathway, mentee_id, session_factory, paths, tmp_path,
                                                       monkeypatch) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("one")
    second.write_text("two")
    real_copy = shutil.copyfile

    def copy_then_fail(source, target):
        if Path(source).name == "two.txt":
            Path(target).write_text("tw")  # half written, then the disk is full
            raise OSError(28, "No space left on device")
        return real_copy(source, target)

    monkeypatch.setattr(shutil, "copyfile", copy_then_fail)
    competence = key_competences(session_factory)[0]
    with pytest.raises(ValidationError) as refused:
        pathway.add_outcome(mentee_id, outcome(competence, add_files=(first, second)))
    assert refused.value.errors["add_files"] == "two.txt could not be copied (No space left on device)."
    assert pathway.overview(mentee_id).outcomes == ()
    assert files_in(paths.evidence_dir) == []

    monkeypatch.setattr(shutil, "copyfile", real_copy)
    saved = pathway.add_outcome(mentee_id, outcome(competence, add_files=(first,)))
    monkeypatch.setattr(shutil, "copyfile", copy_then_fail)
    with pytest.raises(ValidationError):
        pathway.update_outcome(saved.id, outcome(competence, add_files=(second,),
                                                 remove_evidence_ids=(saved.evidence[0].id,)))
    assert pathway.overview(mentee_id).outcomes == (saved,), "the removal is rolled back with the failed copy"
    assert files_in(paths.evidence_dir) == [saved.evidence[0].stored_path.removeprefix("evidence/")]


def test_files_copied_before_a_failing_commit_are_removed(pathway, mentee_id, session_factory, paths, tmp_path,
                                                          monkeypatch) -> None:
    source = tmp_path / "one.txt"
    source.write_text("one")

    def broken_audit(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("mentordesk.services.pathway.audit.record", broken_audit)
    with pytest.raises(RuntimeError):
        pathway.add_outcome(mentee_id, outcome(key_competences(session_factory)[0], add_files=(source,)))
    assert files_in(paths.evidence_dir) == []
    assert pathway.overview(mentee_id).outcomes == ()


# ---- the agreement on paper


def test_the_agreement_sheet_holds_the_plan_as_it_stands(pathway, mentee_id, session_factory, tmp_path,
                                                         monkeypatch) -> None:
    from mentordesk.db.models import Enrolment, Organisation
    from mentordesk.reports.plan_agreement import AgreementActivity

    with session_factory.begin() as session:
        session.add(Organisation(name="Youth Hub Graz"))
    organisation = OrganisationService(session_factory)
    ana = organisation.save_worker(WorkerForm("Ana Nowak"))
    ben = organisation.save_worker(WorkerForm("Ben Ørsted"))
    programme = organisation.save_programme(ProgrammeForm("Digital Futures", TODAY - 100 * DAY))
    MenteeService(session_factory).enrol(mentee_id, programme.id, ana.id, TODAY - 60 * DAY)
    competences = key_competences(session_factory)
    pathway.add_assessment(mentee_id, baseline(competences, identified_needs="Confidence on the phone",
                                               goals="An apprenticeship"))
    pathway.add_activity(mentee_id, activity("Café placement", ActivityStatus.IN_PROGRESS, provider="Café Central",
                                             start_date=TODAY - 20 * DAY, end_date=TODAY + 20 * DAY, hours=40.0,
                                             target_competence_ids=(competences[4], competences[0])))
    pathway.add_activity(mentee_id, activity("Dropped course", ActivityStatus.DROPPED, start_date=TODAY - 50 * DAY))
    pathway.add_activity(mentee_id, ActivityForm("Coding club", ActivityKind.ONLINE_COURSE, ActivityFormat.BLENDED))
    agreement = pathway.agree_plan(mentee_id, AgreementForm(TODAY - DAY, "Zoë Nagy", "Ana Nowak", note="Weekly"))
    first = pathway.agree_plan(mentee_id, AgreementForm(TODAY - 2 * DAY, "Zoë Nagy", "Ben Ørsted", ben.id))

    sheets = []
    monkeypatch.setattr("mentordesk.services.pathway.render_agreement", lambda sheet: sheets.append(sheet) or b"%PDF")
    pathway.write_agreement_pdf(agreement.id, tmp_path / "a.pdf")
    pathway.write_agreement_pdf(first.id, tmp_path / "b.pdf")
    sheet = sheets[0]
    assert (sheet.organisation, sheet.programme, sheet.mentee_name, sheet.mentee_code) == (
        "Youth Hub Graz", "Digital Futures", "Zoë Nagy", "MD-0001")
    assert (sheet.mentor_name, sheet.agreed_on, sheet.mentee_signatory, sheet.mentor_signatory, sheet.note) == (
        "Ana Nowak", TODAY - DAY, "Zoë Nagy", "Ana Nowak", "Weekly")
    assert (sheet.needs, sheet.goals) == ("Confidence on the phone", "An apprenticeship")
    assert sheet.framework == "Key Competences for Lifelong Learning"
    assert sheet.activities == (
        AgreementActivity("Café placement", "Course", "Café Central", "In person", TODAY - 20 * DAY,
                          TODAY + 20 * DAY, 40.0, ("Literacy", "Personal, social and learning to learn")),
        AgreementActivity("Coding club", "Online course", "", "Blended", None, None, None, ()),
    )
    assert sheets[1].mentor_name == "Ben Ørsted", "the agreement's own mentor wins over the enrolment's"
    with session_factory.begin() as session:  # the programme ends; a reprint still names it
        session.get(Enrolment, MenteeService(session_factory).get(mentee_id).enrolments[0].id).ended_on = TODAY
    pathway.write_agreement_pdf(agreement.id, tmp_path / "a.pdf")
    assert (sheets[2].programme, sheets[2].mentor_name) == ("Digital Futures", "Ana Nowak")
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF"
    assert audit_events(session_factory, "plan_agreement")[-1] == (
        AuditAction.EXPORT, ["activities", "agreed_on", "goals", "identified_needs", "mentee_signatory",
                             "mentor_signatory", "note", "programme", "reference_code"])


def test_the_agreement_pdf_is_one_page_written_whole(pathway, mentee_id, session_factory, tmp_path,
                                                     monkeypatch) -> None:
    from pypdf import PdfReader

    competences = key_competences(session_factory)
    pathway.add_assessment(mentee_id, baseline(competences, goals="Find an apprenticeship in IT"))
    for number in range(6):
        pathway.add_activity(mentee_id, activity(f"Workshop {number}", start_date=TODAY + number * DAY, hours=3.5,
                                                 target_competence_ids=(competences[3],)))
    agreement = pathway.agree_plan(mentee_id, AgreementForm(TODAY, "Zoë Nagy", "Ana Nowak"))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "agreement.pdf"
    assert pathway.write_agreement_pdf(agreement.id, target) == target
    reader = PdfReader(target)
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    # "Digital" is the target competence (KC4)
    for expected in ("Zoë Nagy", "MD-0001", "Workshop 5", "Find an apprenticeship in IT", "Digital", "Ana Nowak"):
        assert expected in text, expected
    assert [p.name for p in out.iterdir()] == ["agreement.pdf"]

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mentordesk.services.pathway.os.fsync", disk_full)
    events = len(audit_events(session_factory, "plan_agreement"))
    with pytest.raises(DomainError, match="No space left on device"):
        pathway.write_agreement_pdf(agreement.id, out / "second.pdf")
    assert [p.name for p in out.iterdir()] == ["agreement.pdf"], "no half file, no temporary left"
    assert len(audit_events(session_factory, "plan_agreement")) == events, "no export event without a file"
    with pytest.raises(NotFoundError):
        pathway.write_agreement_pdf(uuid.uuid4(), target)
