"""Alembic environment: runs on the connection the app hands over, or on `sqlalchemy.url`."""

from __future__ import annotations

from typing import Any

from alembic import context

import mentordesk.db.models  # noqa: F401  (registers every table on the metadata)
from mentordesk.db.base import Base, UTCDateTime
from mentordesk.db.engine import make_engine


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Migrations must not import app code that may change later: store UTC datetimes as plain DATETIME.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run_migrations(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = make_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as own_connection:
        run_migrations(own_connection)
    engine.dispose()
