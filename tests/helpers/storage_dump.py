"""Helpers for tests that must look at everything stored (e.g. "forget me")."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Base


def dump_all_text(session: Session) -> str:
    """Every value of every row of every table, as one string."""
    parts: list[str] = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            parts.extend(str(value) for value in row)
    return "\n".join(parts)
