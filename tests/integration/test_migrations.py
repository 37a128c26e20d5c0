from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from storage.db import upgrade
from storage.models import Base


def test_migrations_build_exactly_the_models(database_url: str) -> None:
    """A model change without a migration (or the reverse) fails here."""
    engine = create_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    ignored = {"alembic_version"}
    real = [d for d in differences if not (d[0] == "remove_table" and d[1].name in ignored)]
    assert real == []
