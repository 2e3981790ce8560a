"""Engine and session factory; SQLite is configured on every connection."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from mentordesk.db.cipher import DatabaseKey

BUSY_TIMEOUT_MS = 5000

# WAL: reads never block a save. FULL: a returned save survives a power cut.
# foreign_keys: SQLite leaves them off unless asked. secure_delete: erasure overwrites the bytes.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA secure_delete=ON",
)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, key: DatabaseKey | None = None, **kwargs: Any) -> Engine:
    """An engine; with `key`, the SQLite file is opened through SQLCipher and every page is encrypted."""
    # Error texts must not carry bound values (names, guardians): they reach the log and dialogs.
    kwargs.setdefault("hide_parameters", True)
    if key is not None:
        import sqlcipher3  # the pysqlite dialect drives it unchanged: same DB-API, SQLCipher inside

        kwargs["module"] = sqlcipher3.dbapi2
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, key)
    return engine


class SessionFactory:
    """Sessions for reading (`factory()`) and for writing (`factory.begin()`).

    A write transaction starts with BEGIN IMMEDIATE: it takes SQLite's write lock at once (waiting
    up to busy_timeout), instead of reading first and failing with "database is locked" when
    another connection wrote in between.
    """

    def __init__(self, engine: Engine) -> None:
        # Services hand out detached DTOs, so nothing should expire under them after commit.
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False)

    def __call__(self) -> Session:
        return self._read()

    def rebind(self, engine: Engine) -> None:
        """Sessions made from now on use `engine`: the workspace reopened its file (under a new key)."""
        self._read.configure(bind=engine)
        self._write.configure(bind=engine.execution_options(sqlite_begin="IMMEDIATE"))

    def begin(self) -> AbstractContextManager[Session]:
        return self._write.begin()


def make_session_factory(engine: Engine) -> SessionFactory:
    return SessionFactory(engine)


def _configure_sqlite(engine: Engine, key: DatabaseKey | None) -> None:
    # The key must be the first statement on a SQLCipher connection; temp tables and sorts stay in
    # memory so no unencrypted temporary file is ever written.
    first = (key.pragma(), "PRAGMA temp_store=MEMORY") if key is not None else ()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite (its legacy mode breaks SAVEPOINT and
        # would wrap the journal_mode pragma in a transaction); SQLAlchemy emits BEGIN below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in (*first, *SQLITE_PRAGMAS):
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def refresh_statistics(engine: Engine) -> None:
    """Gather the query planner's statistics, after a bulk load changed the tables' shape.

    Without them SQLite guesses that `status = 'held'` matches few sessions and walks that
    index for every mentee in the caseload table: seconds instead of milliseconds.
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def optimize(engine: Engine) -> None:
    """SQLite's advice for long-lived connections: let it refresh statistics that went stale, on close."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA optimize")
