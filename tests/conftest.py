"""Shared fixtures: a migrated database per test, copied from one migrated template."""

from __future__ import annotations

import os

# Tests never need a display; set here so nobody has to remember it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from mentordesk.config.paths import AppPaths  # noqa: E402
from mentordesk.ui.garbage import collect_if_due  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _collect_cycles_on_the_main_thread() -> Iterator[None]:
    """As the app does (ui/garbage.py): a cycle holding a Qt object collected on a worker thread crashes Qt."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests(_collect_cycles_on_the_main_thread: None) -> Iterator[None]:
    yield
    collect_if_due()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head and seeded, copied by `paths` for each test."""
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.db.migrate import upgrade_to_head
    from mentordesk.db.seed import ensure_builtin_frameworks

    database = tmp_path_factory.mktemp("template") / "mentordesk.db"
    engine = make_engine(f"sqlite:///{database}")
    upgrade_to_head(engine)
    with make_session_factory(engine).begin() as session:
        ensure_builtin_frameworks(session)
    engine.dispose()
    return database


@pytest.fixture
def paths(tmp_path: Path, template_database: Path) -> AppPaths:
    """A data folder holding a fresh copy of the migrated template database."""
    from mentordesk.db.migrate import backup_sqlite

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    backup_sqlite(template_database, data_dir / "mentordesk.db")
    return AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}")


@pytest.fixture
def workspace(paths: AppPaths) -> Iterator:
    from mentordesk.services.workspace import open_workspace

    workspace = open_workspace(paths)
    yield workspace
    workspace.close()


@pytest.fixture
def engine(paths: AppPaths) -> Iterator:
    from mentordesk.db.engine import make_engine

    engine = make_engine(paths.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    from mentordesk.db.engine import make_session_factory

    return make_session_factory(engine)


@pytest.fixture
def schema_0001_database(tmp_path: Path) -> Path:
    """A database file as revision 0001 left it, loaded from its SQL fixture (no binary database is committed)."""
    import sqlite3

    target = tmp_path / "fixtures" / "schema_0001.db"
    target.parent.mkdir()
    connection = sqlite3.connect(target)
    try:
        connection.executescript((Path(__file__).parent / "db" / "fixtures" / "schema_0001.sql").read_text("utf-8"))
    finally:
        connection.close()
    return target
