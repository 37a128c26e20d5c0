"""SQL helpers shared by the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def insert_ignoring_duplicate(
    session: Session, table: Any, values: dict[str, Any], key: str = "id"
) -> bool:
    """Insert a row unless a unique key already holds it; True if this call inserted it.

    Safe when several processes race for the same key (two replicas receiving the
    same Slack retry, two first messages from a new workspace).
    """
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        module: Any = sqlite if dialect == "sqlite" else postgresql
        # RETURNING, not rowcount: psycopg reports -1 for this statement.
        inserted = session.execute(
            module.insert(table).values(**values).on_conflict_do_nothing().returning(table.c[key])
        ).first()
        return inserted is not None
    # Other databases: let the unique index refuse the row, inside a savepoint so the
    # caller's transaction survives.
    try:
        with session.begin_nested():
            session.execute(insert(table).values(**values))
    except IntegrityError:
        return False
    return True
