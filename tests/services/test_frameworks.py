"""Competence frameworks: built-ins read-only, a worker's own validated, guarded while in use, and JSON files."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from mentordesk.config.paths import resource_path
from mentordesk.db.models import (
    Assessment,
    AssessmentScore,
    AuditEvent,
    Competence,
    CompetenceFramework,
    LearningActivity,
    LearningOutcome,
    Mentee,
    ProficiencyLevel,
    Programme,
)
from mentordesk.db.seed import DIGCOMP, KEY_COMPETENCES, digcomp_id, key_competences_id
from mentordesk.enums import ActivityFormat, ActivityKind, AssessmentKind, AuditAction, ValidationMethod
from mentordesk.services import frameworks as frameworks_module
from mentordesk.services.errors import DomainError, NotFoundError, ValidationError
from mentordesk.services.frameworks import FrameworkForm, FrameworkService, framework_document, framework_form

SCALE = (("Beginner", "I need help."), ("Getting there", ""), ("Confident", "I do it alone."))
ROWS = (("LS1", "Life skills", "Cooking", "Plan and cook a simple meal."),
        ("LS2", "Life skills", "Budgeting", ""),
        ("WS1", "Work skills", "Punctuality", "Arrive on time."))


def own_form(name: str = "Life and work skills", **changes) -> FrameworkForm:
    return replace(FrameworkForm(name, "1", "Skills we work on.", "Our team", ROWS, SCALE), **changes)


@pytest.fixture
def service(session_factory) -> FrameworkService:
    return FrameworkService(session_factory)


def refused(call, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.errors


def audit_trail(session_factory, entity_id: uuid.UUID) -> list[tuple[str, list[str]]]:
    with session_factory() as session:
        return [(event.action.value, event.fields) for event in session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "competence_framework", AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.seq))]


# ---- reading


def test_both_builtins_are_listed_first_in_their_order(service: FrameworkService) -> None:
    service.save(own_form("Árvíztűrő skills"))
    service.save(own_form("Access skills"))
    frameworks = service.frameworks()
    assert [f.name for f in frameworks] == [KEY_COMPETENCES.name, DIGCOMP.name, "Access skills", "Árvíztűrő skills"]
    assert [f.is_builtin for f in frameworks] == [True, True, False, False]
    digcomp = frameworks[1]
    assert digcomp.id == digcomp_id() and len(digcomp.competences) == 21 and len(digcomp.levels) == 8
    assert digcomp.level_label(5) == "5 · Advanced" and digcomp.competences[0].area == "Information and data literacy"
    assert service.get(key_competences_id()) == frameworks[0]
    with pytest.raises(NotFoundError):
        service.get(uuid.uuid4())


# ---- saving


def test_a_new_framework_is_stored_as_typed_and_audited(service: FrameworkService, session_factory) -> None:
    info = service.save(own_form(competences=(*ROWS, ("", "  ", "", "")),  # a row left empty is ignored
                                 version=" 1 ", description="  Skills\nwe work on.  "), actor_id=None)
    assert not info.is_builtin and info.name == "Life and work skills" and info.version == "1"
    assert info.description == "Skills\nwe work on." and info.source == "Our team"
    assert [(c.code, c.area, c.name, c.description) for c in info.competences] == [
        ("LS1", "Life skills", "Cooking", "Plan and cook a simple meal."), ("LS2", "Life skills", "Budgeting", None),
        ("WS1", "Work skills", "Punctuality", "Arrive on time.")]
    assert [(level.rank, level.label, level.description) for level in info.levels] == [
        (1, "Beginner", "I need help."), (2, "Getting there", None), (3, "Confident", "I do it alone.")]
    assert service.get(info.id) == info
    assert framework_form(info) == own_form(description="Skills\nwe work on.")
    assert audit_trail(session_factory, info.id) == [
        ("create", ["competences", "description", "levels", "name", "source", "version"])]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": "  "}, "name", "The framework's name is required."),
    ({"name": "x" * 201}, "name", "The framework's name is too long (at most 200 characters)."),
    ({"version": "v" * 41}, "version", "The version is too long (at most 40 characters)."),
    ({"source": "s" * 501}, "source", "The source is too long (at most 500 characters)."),
    ({"description": "d" * 4001}, "description", "The description is too long (at most 4000 characters)."),
    ({"competences": ()}, "competences", "Add at least one competence."),
    ({"competences": (("", "", "", ""),)}, "competences", "Add at least one competence."),
    ({"competences": tuple((f"C{n}", "", f"Skill {n}", "") for n in range(201))}, "competences",
     "A framework has at most 200 competences; this one has 201."),
    ({"competences": (ROWS[0], ("", "Area", "Swimming", ""))}, "competences", "Competence 2 needs a code."),
    ({"competences": (ROWS[0], ("X1", "", "", "Something"))}, "competences", "Competence 2 (X1) needs a name."),
    ({"competences": (ROWS[0], ("ls1", "", "Sewing", ""))}, "competences",
     "Two competences have the code “ls1”; each code must be unique."),
    ({"competences": (ROWS[0], ("X1", "", "COOKING", ""))}, "competences",
     "Two competences are called “COOKING”; each name must be unique."),
    ({"competences": (("C" * 21, "", "Long", ""),)}, "competences",
     "The code of competence 1 is too long (at most 20 characters)."),
    ({"competences": (("C1", "a" * 201, "Long", ""),)}, "competences",
     "The area of competence 1 (C1) is too long (at most 200 characters)."),
    ({"competences": (("C1", "", "Long", "d" * 2001),)}, "competences",
     "The description of competence 1 (C1) is too long (at most 2,000 characters)."),
    ({"levels": (("Only", ""),)}, "levels", "A proficiency scale has 2 to 10 levels; this one has 1."),
    ({"levels": tuple((f"L{n}", "") for n in range(11))}, "levels",
     "A proficiency scale has 2 to 10 levels; this one has 11."),
    ({"levels": (("Low", ""), (" ", "Middle"), ("High", ""))}, "levels", "Level 2 needs a label."),
    ({"levels": (("Low", ""), ("low", ""))}, "levels", "Two levels are labelled “low”; each label must be unique."),
    ({"levels": (("Low", ""), ("l" * 81, ""))}, "levels",
     "The label of level 2 is too long (at most 80 characters)."),
    ({"levels": (("Low", ""), ("High", "d" * 501))}, "levels",
     "The description of level 2 is too long (at most 500 characters)."),
])
def test_each_invalid_field_gets_one_sentence(service: FrameworkService, changes: dict, field: str,
                                              message: str) -> None:
    assert refused(service.save, own_form(**changes)) == {field: message}


def test_names_are_unique_whatever_their_case(service: FrameworkService) -> None:
    first = service.save(own_form("Łódź skills"))
    assert refused(service.save, own_form("ŁÓDŹ SKILLS")) == {"name": "Another framework already has this name."}
    assert refused(service.save, own_form(DIGCOMP.name.lower())) == {
        "name": "Another framework already has this name."}
    assert service.save(own_form("Łódź Skills"), first.id).name == "Łódź Skills", "its own name is no clash"


def test_builtins_cannot_be_edited_or_deleted(service: FrameworkService) -> None:
    for framework_id in (key_competences_id(), digcomp_id()):
        with pytest.raises(DomainError, match="Built-in frameworks cannot be changed"):
            service.save(own_form(), framework_id)
        with pytest.raises(DomainError, match="Built-in frameworks cannot be deleted"):
            service.delete(framework_id)
    assert service.get(digcomp_id()).name == DIGCOMP.name


def test_editing_keeps_the_ids_of_competences_whose_code_stays(service: FrameworkService, session_factory) -> None:
    info = service.save(own_form())
    ids = {c.code: c.id for c in info.competences}
    edited = service.save(own_form(
        "Everyday skills",
        competences=(("WS1", "Work", "Being on time", "Arrive on time."), ROWS[0], ("NEW", "", "Reading", "")),
        levels=(("Starting", ""), ("Getting there", ""), ("Confident", "I do it alone."), ("Expert", ""))),
        info.id, actor_id=None)
    assert [(c.code, c.name, c.area) for c in edited.competences] == [
        ("WS1", "Being on time", "Work"), ("LS1", "Cooking", "Life skills"), ("NEW", "Reading", None)]
    assert edited.competences[0].id == ids["WS1"] and edited.competences[1].id == ids["LS1"]
    assert edited.competences[2].id not in ids.values()
    assert [level.label for level in edited.levels] == ["Starting", "Getting there", "Confident", "Expert"]
    with session_factory() as session:
        assert session.get(Competence, ids["LS2"]) is None, "the competence left out is deleted"
        assert len(session.scalars(select(ProficiencyLevel).where(ProficiencyLevel.framework_id == info.id)).all()) == 4
    assert audit_trail(session_factory, info.id)[-1] == ("update", ["competences", "levels", "name"])
    service.save(framework_form(edited), info.id)
    assert audit_trail(session_factory, info.id)[-1] == ("update", []), "saved unchanged: no fields"


def test_saving_a_framework_deleted_meanwhile_says_so(service: FrameworkService) -> None:
    info = service.save(own_form())
    service.delete(info.id)
    with pytest.raises(NotFoundError, match="no longer exists"):
        service.save(own_form(), info.id)
    with pytest.raises(NotFoundError):
        service.delete(info.id)


# ---- in use


class Records:
    """Pathway rows straight into the database, using one framework's competences and levels."""

    def __init__(self, session_factory, framework_id: uuid.UUID) -> None:
        self._sessions = session_factory
        self._framework_id = framework_id
        with session_factory.begin() as session:
            self.competences = {c.code: c.id for c in session.scalars(
                select(Competence).where(Competence.framework_id == framework_id))}
            self.mentee = Mentee(id=uuid.uuid4(), reference_code="MD-0001", first_name="Lea", last_name="Kaya")
            session.add(self.mentee)

    def _add(self, *rows: object) -> None:
        with self._sessions.begin() as session:
            session.add_all(rows)

    def programme(self) -> None:
        self._add(Programme(name="Pathways", start_date=date(2027, 1, 4), framework_id=self._framework_id))

    def score(self, code: str, self_level: int | None, mentor_level: int | None = None) -> None:
        assessment = Assessment(id=uuid.uuid4(), mentee_id=self.mentee.id, framework_id=self._framework_id,
                                kind=AssessmentKind.BASELINE, assessed_on=date(2027, 1, 10))
        self._add(assessment, AssessmentScore(assessment_id=assessment.id, competence_id=self.competences[code],
                                              self_level=self_level, mentor_level=mentor_level))

    def activity(self, code: str) -> None:
        with self._sessions.begin() as session:
            session.add(LearningActivity(mentee_id=self.mentee.id, title="Cooking class", kind=ActivityKind.COURSE,
                                         format=ActivityFormat.IN_PERSON,
                                         target_competences=[session.get(Competence, self.competences[code])]))

    def outcome(self, code: str, level: int) -> None:
        self._add(LearningOutcome(mentee_id=self.mentee.id, competence_id=self.competences[code], level=level,
                                  statement="I can cook pasta.", method=ValidationMethod.OBSERVATION))


def test_a_framework_in_use_cannot_be_deleted_and_the_refusal_counts_the_users(service: FrameworkService,
                                                                             session_factory) -> None:
    info = service.save(own_form())
    records = Records(session_factory, info.id)
    records.programme()
    records.score("LS1", 2)
    records.score("LS2", None, 1)
    records.activity("LS1")
    records.outcome("WS1", 3)
    with pytest.raises(DomainError) as caught:
        service.delete(info.id)
    assert str(caught.value) == ("“Life and work skills” cannot be deleted: 1 programme, 2 assessments, "
                                 "1 learning activity and 1 learning outcome use it.")
    assert service.get(info.id).name == info.name


def test_an_unused_framework_is_deleted_with_its_competences_and_levels(service: FrameworkService,
                                                                      session_factory) -> None:
    info = service.save(own_form())
    service.delete(info.id, actor_id=None)
    with session_factory() as session:
        assert session.get(CompetenceFramework, info.id) is None
        assert not session.scalars(select(Competence).where(Competence.framework_id == info.id)).all()
        assert not session.scalars(select(ProficiencyLevel).where(ProficiencyLevel.framework_id == info.id)).all()
    assert audit_trail(session_factory, info.id)[-1] == ("delete", [])


def test_a_framework_in_use_may_be_renamed_but_keeps_the_competences_records_use(service: FrameworkService,
                                                                               session_factory) -> None:
    info = service.save(own_form())
    records = Records(session_factory, info.id)
    records.programme()
    records.score("LS1", 2)
    records.activity("LS2")
    records.outcome("LS2", 1)

    assert refused(service.save, own_form(competences=(ROWS[2],)), info.id) == {"competences": (
        "These competences are in use and cannot be removed or given another code: LS1 (in assessments) and "
        "LS2 (in learning plans and learning outcomes).")}
    assert refused(service.save, own_form(competences=(ROWS[0], ("LS2b", "", "Budgeting", ""))), info.id) == {
        "competences": "Competence LS2 (in learning plans and learning outcomes) is in use and cannot be removed "
                       "or given another code."}
    renamed = service.save(own_form("Skills 2027", competences=(
        ("LS2", "Money", "Managing money", "Keep to a budget."), ("LS1", "Food", "Cooking well", ""))), info.id)
    assert [(c.code, c.name) for c in renamed.competences] == [("LS2", "Managing money"), ("LS1", "Cooking well")]
    assert [c.id for c in renamed.competences] == [info.competences[1].id, info.competences[0].id]


@pytest.mark.parametrize(("levels_used", "message"), [
    ({"score": 3}, "Level 3 is used in assessments, so the scale needs at least 3 levels."),
    ({"mentor": 3}, "Level 3 is used in assessments, so the scale needs at least 3 levels."),
    ({"outcome": 3}, "Level 3 is used in learning outcomes, so the scale needs at least 3 levels."),
    ({"score": 3, "outcome": 3}, "Level 3 is used in assessments and learning outcomes, so the scale needs at "
                                 "least 3 levels."),
])
def test_levels_records_use_cannot_be_removed(service: FrameworkService, session_factory, levels_used: dict,
                                              message: str) -> None:
    info = service.save(own_form())
    records = Records(session_factory, info.id)
    if "score" in levels_used:
        records.score("LS1", levels_used["score"], 1)
    if "mentor" in levels_used:
        records.score("LS1", None, levels_used["mentor"])
    if "outcome" in levels_used:
        records.outcome("WS1", levels_used["outcome"])
    assert refused(service.save, own_form(levels=SCALE[:2]), info.id) == {"levels": message}
    relabelled = service.save(own_form(levels=(("A", ""), ("B", ""), ("C", ""))), info.id)
    assert [level.label for level in relabelled.levels] == ["A", "B", "C"], "relabelling is fine"


# ---- JSON files


def schema() -> dict:
    return json.loads(resource_path("schemas", "framework.schema.json").read_text(encoding="utf-8"))


def test_the_schema_is_valid_and_its_limits_are_the_services() -> None:
    document = schema()
    jsonschema.Draft202012Validator.check_schema(document)
    properties = document["properties"]
    competence = properties["competences"]["items"]["properties"]
    level = properties["levels"]["items"]["properties"]
    assert properties["format"]["const"] == frameworks_module.FILE_FORMAT
    assert properties["version"]["const"] == frameworks_module.FILE_VERSION
    assert [properties[key]["maxLength"] for key in ("name", "framework_version", "description", "source")] == [
        frameworks_module.NAME_MAX, frameworks_module.VERSION_MAX, frameworks_module.DESCRIPTION_MAX,
        frameworks_module.SOURCE_MAX]
    assert [competence[key]["maxLength"] for key in ("code", "area", "name", "description")] == [
        frameworks_module.CODE_MAX, frameworks_module.AREA_MAX, frameworks_module.COMPETENCE_NAME_MAX,
        frameworks_module.COMPETENCE_DESCRIPTION_MAX]
    assert [level[key]["maxLength"] for key in ("label", "description")] == [
        frameworks_module.LABEL_MAX, frameworks_module.LEVEL_DESCRIPTION_MAX]
    assert (properties["competences"]["minItems"], properties["competences"]["maxItems"]) == (
        frameworks_module.MIN_COMPETENCES, frameworks_module.MAX_COMPETENCES)
    assert (properties["levels"]["minItems"], properties["levels"]["maxItems"]) == (
        frameworks_module.MIN_LEVELS, frameworks_module.MAX_LEVELS)
    # And the models' columns: a value the service lets through must fit.
    assert (CompetenceFramework.name.type.length, CompetenceFramework.version.type.length,
            CompetenceFramework.source.type.length, Competence.code.type.length, Competence.area.type.length,
            Competence.name.type.length, ProficiencyLevel.label.type.length) == (
        frameworks_module.NAME_MAX, frameworks_module.VERSION_MAX, frameworks_module.SOURCE_MAX,
        frameworks_module.CODE_MAX, frameworks_module.AREA_MAX, frameworks_module.COMPETENCE_NAME_MAX,
        frameworks_module.LABEL_MAX)


@pytest.mark.parametrize("framework_id", [key_competences_id(), digcomp_id()], ids=["key", "digcomp"])
def test_exported_builtins_validate_against_the_schema_and_round_trip(service: FrameworkService, tmp_path: Path,
                                                                    session_factory, framework_id) -> None:
    original = service.get(framework_id)
    target = tmp_path / "framework.json"
    service.export_json(framework_id, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    assert document["format"] == "mentordesk-framework" and document["version"] == 1
    assert document["name"] == original.name and document["framework_version"] == original.version
    assert [c["code"] for c in document["competences"]] == [c.code for c in original.competences]
    assert [level["rank"] for level in document["levels"]] == list(range(1, len(original.levels) + 1))
    assert not list(tmp_path.glob(".*.tmp")), "written atomically: no temporary file left"

    with pytest.raises(ValidationError) as caught:
        service.import_json(target)
    assert caught.value.errors == {
        "name": f"A framework called “{original.name}” exists already; import it under another name."}

    imported = service.import_json(target, name="My copy")
    assert not imported.is_builtin and imported.id != original.id
    assert framework_form(imported) == replace(framework_form(original), name="My copy")
    assert {c.id for c in imported.competences}.isdisjoint(c.id for c in original.competences)
    assert audit_trail(session_factory, imported.id)[0][0] == AuditAction.IMPORT.value


def test_an_own_framework_round_trips_and_its_file_validates(service: FrameworkService, tmp_path: Path) -> None:
    info = service.save(own_form("Ünïcode “skills”", description="Two\nlines"))
    target = tmp_path / "own.json"
    service.export_json(info.id, target)
    jsonschema.validate(json.loads(target.read_text(encoding="utf-8")), schema())
    assert "Ünïcode “skills”" in target.read_text(encoding="utf-8"), "written as UTF-8, not escaped"
    service.delete(info.id)
    assert service.import_json(target).name == "Ünïcode “skills”"
    assert framework_form(service.frameworks()[-1]) == framework_form(info)


def write(tmp_path: Path, document: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def good_document(**changes) -> dict:
    info_document = {
        "format": "mentordesk-framework", "version": 1, "name": "From a file", "framework_version": None,
        "description": None, "source": None,
        "competences": [{"code": "A1", "area": None, "name": "Listening", "description": None}],
        "levels": [{"rank": 2, "label": "High", "description": None}, {"rank": 1, "label": "Low"}],
    }
    return {**info_document, **changes}


def test_a_file_written_by_hand_imports(service: FrameworkService, tmp_path: Path) -> None:
    document = good_document()
    jsonschema.validate(document, schema())
    info = service.import_json(write(tmp_path, "\ufeff" + json.dumps(document)))  # a BOM, as Notepad writes
    assert [level.label for level in info.levels] == ["Low", "High"], "ranked by rank, not by place in the file"
    assert info.competences[0].area is None and info.version is None


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "The file is not valid JSON: Expecting property name enclosed in double quotes at line 1, "
                  "column 2."),
    ([1, 2], "This is not a MentorDesk framework file: it should start with \"format\": \"mentordesk-framework\"."),
    (good_document(format="something-else"),
     "This is not a MentorDesk framework file: it should start with \"format\": \"mentordesk-framework\"."),
    (good_document(version="1"), "The file does not say which version of the format it uses (\"version\": 1)."),
    (good_document(version=2), "The file uses version 2 of the framework format; this MentorDesk reads version 1. "
                               "Update MentorDesk to import it."),
    (good_document(colour="red", notes=""), "The file has fields MentorDesk does not know: \"colour\" and \"notes\"."),
    (good_document(name=""), "The file needs a \"name\" as text."),
    (good_document(source=7), "In the file, \"source\" must be text or null."),
    (good_document(competences={"code": "A1"}), "The file needs \"competences\" as a list of objects."),
    (good_document(levels=[{"rank": 1, "label": "Low"}, "High"]), "The file needs \"levels\" as a list of objects."),
    (good_document(competences=[{"code": "A1", "name": "Listening", "level": 2}]),
     "Competence 1 in the file has a field MentorDesk does not know: \"level\"."),
    (good_document(competences=[{"code": 11, "name": "Listening"}]),
     "Competence 1 in the file needs a \"code\" as text."),
    (good_document(competences=[{"code": "A1", "name": "Listening", "area": ["x"]}]),
     "In competence 1 in the file, \"area\" must be text or null."),
    (good_document(levels=[{"rank": True, "label": "Low"}, {"rank": 2, "label": "High"}]),
     "Level 1 in the file needs a \"rank\", a whole number from 1."),
    (good_document(levels=[{"rank": 1, "label": "Low"}, {"rank": 1, "label": "High"}]),
     "Two levels in the file have rank 1; each rank must be used once."),
    (good_document(levels=[{"rank": 1, "label": "Low"}, {"rank": 3, "label": "High"}]),
     "The levels' ranks must run 1, 2, 3… without gaps."),
])
def test_a_file_that_is_not_a_framework_file_is_refused_with_a_sentence(service: FrameworkService, tmp_path: Path,
                                                                       content: object, message: str) -> None:
    path = write(tmp_path, content)
    assert refused(service.import_json, path) == {"file": message}
    # JSON Schema cannot say that ranks run 1, 2, 3… without gaps; for every other file it agrees.
    if not isinstance(content, str) and "rank 1;" not in message and "without gaps" not in message:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(content, schema())  # the schema refuses them too
    assert len(service.frameworks()) == 2, "nothing was imported"


def test_a_well_formed_file_with_invalid_values_gets_the_form_sentences(service: FrameworkService,
                                                                        tmp_path: Path) -> None:
    path = write(tmp_path, good_document(name="x" * 201, levels=[{"rank": 1, "label": "Only"}]))
    assert refused(service.import_json, path) == {
        "name": "The framework's name is too long (at most 200 characters).",
        "levels": "A proficiency scale has 2 to 10 levels; this one has 1."}


def test_unreadable_files_are_refused_with_a_sentence(service: FrameworkService, tmp_path: Path) -> None:
    assert refused(service.import_json, tmp_path / "missing.json")["file"].startswith("The file could not be read:")
    binary = tmp_path / "latin1.json"
    binary.write_bytes(b'{"name": "\xe9"}')
    assert refused(service.import_json, binary) == {
        "file": "The file is not UTF-8 text, so it is not a framework file."}
    padded = write(tmp_path, json.dumps(good_document()) + " " * frameworks_module.MAX_FILE_BYTES)
    assert refused(service.import_json, padded) == {
        "file": "The file is too large to be a framework file (more than 2 MB)."}


def test_export_to_a_folder_that_does_not_exist_says_so(service: FrameworkService, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="could not be written"):
        service.export_json(digcomp_id(), tmp_path / "nowhere" / "digcomp.json")


def test_the_document_is_what_export_writes(service: FrameworkService, tmp_path: Path) -> None:
    info = service.get(digcomp_id())
    service.export_json(info.id, tmp_path / "d.json")
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8")) == framework_document(info)
