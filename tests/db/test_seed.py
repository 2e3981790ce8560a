from __future__ import annotations

import re

from sqlalchemy import delete, select

from mentordesk.db.models import Competence, CompetenceFramework
from mentordesk.db.seed import DIGCOMP, builtin_id, digcomp_id, ensure_builtin_frameworks, key_competences_id


def test_key_competences_are_seeded_once(session_factory) -> None:
    with session_factory.begin() as session:
        assert ensure_builtin_frameworks(session) == 0, "the template database is already seeded"
    with session_factory() as session:
        framework = session.get(CompetenceFramework, key_competences_id())
        assert framework is not None and framework.is_builtin
        assert [c.code for c in framework.competences] == [f"KC{n}" for n in range(1, 9)]
        assert [level.rank for level in framework.levels] == [1, 2, 3, 4]
        assert {f.name for f in session.scalars(select(CompetenceFramework))} == {
            framework.name, DIGCOMP.name}


def test_digcomp_has_five_areas_twenty_one_competences_and_eight_levels(session_factory) -> None:
    with session_factory() as session:
        framework = session.get(CompetenceFramework, digcomp_id())
        assert framework is not None and framework.is_builtin and framework.version == "2.2"
        codes = [c.code for c in framework.competences]
        assert codes == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
                         "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4"]
        areas = {c.code[0]: c.area for c in framework.competences}
        assert areas == {"1": "Information and data literacy", "2": "Communication and collaboration",
                         "3": "Digital content creation", "4": "Safety", "5": "Problem solving"}
        for competence in framework.competences:
            assert competence.area == areas[competence.code[0]], f"{competence.code} is in its area"
            assert competence.id == builtin_id(DIGCOMP.name, competence.code)
            assert competence.name and len(competence.description or "") > 30
        assert [c.position for c in framework.competences] == list(range(21))
        by_code = {c.code: c.name for c in framework.competences}
        assert by_code["1.1"] == "Browsing, searching and filtering data and digital content"
        assert by_code["2.5"] == "Netiquette" and by_code["5.4"] == "Identifying digital competence gaps"

        levels = framework.levels
        assert [level.rank for level in levels] == list(range(1, 9))
        groups = [re.fullmatch(r"(\d) · (.+)", level.label).groups() for level in levels]
        assert [int(number) for number, _ in groups] == list(range(1, 9)), "each label starts with its rank"
        assert [group for _, group in groups] == (["Foundation"] * 2 + ["Intermediate"] * 2 + ["Advanced"] * 2
                                                  + ["Highly specialised"] * 2)
        assert all(level.description and "\n" not in level.description for level in levels)
        assert len({level.description for level in levels}) == 8


def test_an_older_database_gains_digcomp_on_next_open(session_factory) -> None:
    with session_factory.begin() as session:
        session.execute(delete(Competence).where(Competence.framework_id == digcomp_id()))
        session.execute(delete(CompetenceFramework).where(CompetenceFramework.id == digcomp_id()))
    with session_factory.begin() as session:
        assert ensure_builtin_frameworks(session) == 1
    with session_factory() as session:
        framework = session.get(CompetenceFramework, digcomp_id())
        assert framework is not None and len(framework.competences) == 21 and len(framework.levels) == 8


def test_a_framework_of_ones_own_with_a_builtin_name_is_renamed_not_a_failed_start(session_factory) -> None:
    with session_factory.begin() as session:
        session.execute(delete(Competence).where(Competence.framework_id == digcomp_id()))
        session.execute(delete(CompetenceFramework).where(CompetenceFramework.id == digcomp_id()))
        session.add(CompetenceFramework(name=DIGCOMP.name))
        session.add(CompetenceFramework(name=f"{DIGCOMP.name} (own copy)"))
    with session_factory.begin() as session:
        assert ensure_builtin_frameworks(session) == 1
    with session_factory() as session:
        names = {f.name: f.is_builtin for f in session.scalars(select(CompetenceFramework))}
        assert names[DIGCOMP.name] is True
        assert names[f"{DIGCOMP.name} (own copy)"] is False and names[f"{DIGCOMP.name} (own copy 2)"] is False
