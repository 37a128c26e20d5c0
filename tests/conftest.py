"""Shared fixtures. The whole suite runs on SQLite by default and on PostgreSQL when
IDEABOT_TEST_DATABASE=postgresql (CI runs both; see .ci/run)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.container import Container
from retrieval.embeddings import LocalEmbedder
from retrieval.embeddings_multilingual import UseMultilingualEmbedder
from tests.helpers.memo_embedders import MemoLocalEmbedder, shared_multilingual

TEST_TEAM = "T0TEST"
PG_ADMIN_URL = os.environ.get(
    "IDEABOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _backend() -> str:
    return os.environ.get("IDEABOT_TEST_DATABASE", "sqlite").lower()


@pytest.fixture(scope="session")
def embedder() -> LocalEmbedder:
    model = MemoLocalEmbedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A throwaway PostgreSQL database for this test session (None on SQLite runs)."""
    if _backend() not in ("postgresql", "postgres"):
        yield None
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            name = f"ideabot_test_{uuid.uuid4().hex[:10]}"
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.exit(f"PostgreSQL is unreachable at {PG_ADMIN_URL} in CI: {exc}", returncode=3)
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path, pg_database: str | None) -> Iterator[str]:
    if pg_database is None:
        yield f"sqlite:///{tmp_path / 'ideabot.db'}"
        return
    yield pg_database
    _truncate_all(pg_database)


def _truncate_all(url: str) -> None:
    from sqlalchemy import create_engine, text

    from storage.models import Base

    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def env(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for a fresh ideabot (CLI subprocesses and Settings alike)."""
    values = {
        "IDEABOT_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database_url,
        "IDEABOT_TEAM_ID": TEST_TEAM,
        "EMBEDDINGS": "local",
        "LLM": "offline",
        # The people tests act as when they move ideas through the pipeline.
        "IDEABOT_MANAGERS": "UMGR",
        "IDEABOT_ADMINS": "UADMIN",
    }
    for key in (
        "CHROMA_URL",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "IDEABOT_ADMINS",
        "IDEABOT_MANAGERS",
        "IDEABOT_ANONYMOUS_VISIBLE_TO_ADMINS",
    ):
        monkeypatch.delenv(key, raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    return values


@pytest.fixture
def settings(env: dict[str, str]) -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def multilingual_embedder() -> UseMultilingualEmbedder:
    """Loaded on first use only, then shared like `embedder`."""
    return shared_multilingual()


@pytest.fixture
def container(
    settings: Settings, embedder: LocalEmbedder, multilingual_embedder: UseMultilingualEmbedder
) -> Iterator[Container]:
    built = Container(settings)
    built.__dict__["embedder"] = embedder  # share the loaded model across tests
    if settings.multilingual_embeddings == multilingual_embedder.model_id:
        built.__dict__["multilingual_embedder"] = multilingual_embedder
    yield built
    built.close()
