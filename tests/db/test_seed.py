from __future__ import annotations

from sqlalchemy import select

from mentordesk.db.models import CompetenceFramework
from mentordesk.db.seed import ensure_builtin_frameworks, key_competences_id


def test_key_competences_are_seeded_once(session_factory) -> None:
    with session_factory.begin() as session:
        assert ensure_builtin_frameworks(session) == 0, "the template database is already seeded"
    with session_factory() as session:
        framework = session.get(CompetenceFramework, key_competences_id())
        assert framework is not None and framework.is_builtin
        assert [c.code for c in framework.competences] == [f"KC{n}" for n in range(1, 9)]
        assert [level.rank for level in framework.levels] == [1, 2, 3, 4]
        assert len(session.scalars(select(CompetenceFramework)).all()) == 1
