"""`mentordesk check`: is the file sound, and is its schema the one this version expects?"""

from __future__ import annotations

from dataclasses import dataclass

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from mentordesk.db.base import Base
from mentordesk.db.migrate import head_revision
from mentordesk.db.models import CompetenceFramework, Mentee, MenteeStatusChange
from mentordesk.db.seed import BUILTIN_FRAMEWORKS, builtin_id
from mentordesk.services.audit_trail import chain_status


@dataclass(frozen=True)
class HealthReport:
    checks: tuple[str, ...]  # what was checked, in order
    problems: tuple[str, ...]  # one sentence each; empty when all is well

    @property
    def ok(self) -> bool:
        return not self.problems


class HealthService:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def check(self) -> HealthReport:
        checks: list[str] = []
        problems: list[str] = []
        with self._engine.connect() as connection:
            for name, run in (
                ("file integrity", _integrity),
                ("foreign keys", _foreign_keys),
                ("schema revision", _revision),
                ("schema matches this version", _schema_diff),
                ("built-in frameworks", _builtin_frameworks),
                ("mentee status history", _status_history),
                ("audit trail", _audit_chain),
            ):
                checks.append(name)
                problems.extend(run(connection))
        return HealthReport(tuple(checks), tuple(problems))


def _integrity(connection: Connection) -> list[str]:
    if connection.dialect.name != "sqlite":
        return []
    results = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
    if results == ["ok"]:
        return []
    return [f"The database file is damaged: {'; '.join(results[:5])}."]


def _foreign_keys(connection: Connection) -> list[str]:
    if connection.dialect.name != "sqlite":
        return []
    broken: dict[str, int] = {}
    for table, *_ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        broken[table] = broken.get(table, 0) + 1
    return [f"{count} row(s) in {table} point to records that do not exist." for table, count in broken.items()]


def _revision(connection: Connection) -> list[str]:
    current = MigrationContext.configure(connection).get_current_revision()
    head = head_revision()
    if current == head:
        return []
    return [f"The database schema is at revision {current or 'none'}, but this MentorDesk expects {head}."]


def _schema_diff(connection: Connection) -> list[str]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    differences = compare_metadata(context, Base.metadata)
    if not differences:
        return []
    return [f"The database schema differs from this version's models in {len(differences)} place(s), "
            f"starting with {differences[0]!r}."]


def _builtin_frameworks(connection: Connection) -> list[str]:
    expected = {builtin_id(seed.name): seed.name for seed in BUILTIN_FRAMEWORKS}
    present = set(connection.scalars(select(CompetenceFramework.id).where(CompetenceFramework.id.in_(expected))))
    return [f"The built-in framework '{name}' is missing." for fid, name in expected.items() if fid not in present]


def _status_history(connection: Connection) -> list[str]:
    latest = (
        select(MenteeStatusChange.status)
        .where(MenteeStatusChange.mentee_id == Mentee.id)
        .order_by(MenteeStatusChange.changed_on.desc(), MenteeStatusChange.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = select(func.count()).select_from(Mentee).where(latest.is_not(None), latest != Mentee.status)
    disagreeing = connection.scalar(query)
    if not disagreeing:
        return []
    return [f"{disagreeing} mentee(s) have a status that disagrees with their status history."]


def _audit_chain(connection: Connection) -> list[str]:
    with Session(bind=connection) as session:
        problem = chain_status(session).problem()
    return [] if problem is None else [problem]
