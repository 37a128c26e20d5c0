"""Every knob of ideabot, read from the environment and `.env` (DESIGN.md §5)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _split_ids(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [str(part).strip() for part in value if str(part).strip()]
    raise ValueError("expected a comma-separated list of Slack user ids or @user-group handles")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        populate_by_name=True,
    )

    data_dir: Path = Field(default=Path(".ideabot"), alias="IDEABOT_DATA_DIR")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    chroma_url: str | None = Field(default=None, alias="CHROMA_URL")
    embeddings: Literal["local", "openai"] = Field(default="local", alias="EMBEDDINGS")
    llm: Literal["offline", "openai"] = Field(default="offline", alias="LLM")
    openai_api_key: str | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    openai_model: str = Field(default="gpt-4o-mini", alias="OPENAI_MODEL")
    openai_embedding_model: str = Field(
        default="text-embedding-3-small", alias="OPENAI_EMBEDDING_MODEL"
    )
    llm_timeout_seconds: float = Field(default=8.0, alias="IDEABOT_LLM_TIMEOUT")
    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    admins: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="IDEABOT_ADMINS")
    managers: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="IDEABOT_MANAGERS")
    anonymous_visible_to_admins: bool = Field(
        default=False, alias="IDEABOT_ANONYMOUS_VISIBLE_TO_ADMINS"
    )
    # Slack workspace admins and owners are ideabot admins too (users.info flags).
    slack_admins_are_admins: bool = Field(default=False, alias="IDEABOT_SLACK_ADMINS_ARE_ADMINS")
    ideas_channel: str | None = Field(default=None, alias="IDEABOT_IDEAS_CHANNEL")
    team_id: str = Field(default="T0LOCAL", alias="IDEABOT_TEAM_ID")
    # The catalogue locale when the person's own is unknown (Slack profile, --locale).
    locale: str = Field(default="en", alias="IDEABOT_LOCALE")
    workers: int = Field(default=8, ge=1, le=256, alias="IDEABOT_WORKERS")
    duplicate_threshold: float | None = Field(default=None, alias="IDEABOT_DUPLICATE_THRESHOLD")
    related_threshold: float | None = Field(default=None, alias="IDEABOT_RELATED_THRESHOLD")
    # Cross-lingual similar ideas (issue 14): a multilingual model as one more search
    # channel beside EMBEDDINGS' model (retrieval/crosslingual.py); "off" for none.
    multilingual_embeddings: str = Field(
        default="use-multilingual-v3", alias="IDEABOT_MULTILINGUAL_EMBEDDINGS"
    )
    review_delay_days: int = Field(default=14, ge=1, alias="IDEABOT_REVIEW_DELAY_DAYS")
    # How long delivery bookkeeping (Slack claims, delivered outbox rows) is kept.
    retention_days: int = Field(default=7, ge=1, alias="IDEABOT_RETENTION_DAYS")
    # How often `serve` looks for outbox rows that are due again (retries, leases).
    outbox_poll_seconds: float = Field(default=5.0, gt=0, alias="IDEABOT_OUTBOX_POLL_SECONDS")
    # Recognition: points per event (issue 9). Anonymous ideas earn them privately.
    points_submit: int = Field(default=2, ge=0, le=1000, alias="IDEABOT_POINTS_SUBMIT")
    points_vote_received: int = Field(
        default=1, ge=0, le=1000, alias="IDEABOT_POINTS_VOTE_RECEIVED"
    )
    points_accepted: int = Field(default=5, ge=0, le=1000, alias="IDEABOT_POINTS_ACCEPTED")
    points_implemented: int = Field(default=10, ge=0, le=1000, alias="IDEABOT_POINTS_IMPLEMENTED")
    # Terms shown once before a person's first submission: the text, or a file's path.
    terms: str | None = Field(default=None, alias="IDEABOT_TERMS")
    # Before a challenge's deadline, when the channel is reminded ("48h,2h": d/h/m/s).
    challenge_reminders: str = Field(default="48h,2h", alias="IDEABOT_CHALLENGE_REMINDERS")
    # How often `serve` looks for challenge reminders and closings that are due.
    challenge_poll_seconds: float = Field(
        default=30.0, gt=0, alias="IDEABOT_CHALLENGE_POLL_SECONDS"
    )
    # Digests (issue 11): when the scheduled one goes out (cron, in IDEABOT_DIGEST_TZ),
    # the zone that dates and periods are read in, and a channel it also goes to.
    digest_schedule: str = Field(default="0 8 * * mon", alias="IDEABOT_DIGEST_SCHEDULE")
    digest_tz: str = Field(default="UTC", alias="IDEABOT_DIGEST_TZ")
    digest_channel: str | None = Field(default=None, alias="IDEABOT_DIGEST_CHANNEL")

    @field_validator("admins", "managers", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> list[str]:
        return _split_ids(value)

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ideabot.db').resolve()}"

    @property
    def is_embedded_database(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
