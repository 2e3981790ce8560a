"""Steering SQLite's query planner where its choice without statistics is known to be wrong."""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, type_coerce


def unindexed(column: ColumnElement) -> ColumnElement:
    """`column || ''`: the same value, but SQLite can no longer pick that column's index.

    Per mentee, the attendance and follow-up indexes on mentee_id are the right way in; without
    fresh statistics SQLite would rather walk the status or done_at index across all sessions,
    which turns a 10 ms query into seconds.
    """
    return type_coerce(column, String) + ""
