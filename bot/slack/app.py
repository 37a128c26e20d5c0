"""The Bolt app, built from a Container: listeners, idempotency, clients, OAuth."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot.container import Container
from bot.errors import ConfigurationError
from bot.jobs import catalogue
from bot.jobs.runner import JobRunner
from bot.slack.clients import ClientPool, make_client
from bot.slack.config import SlackConfig
from bot.slack.deps import SlackDeps
from bot.slack.digests import ScheduledDigests
from bot.slack.listeners import (
    actions,
    author_notices,
    challenges,
    commands,
    digests,
    forgetting,
    home,
    ideas_channel,
    mentions,
    merge_controls,
    merging,
    messages,
    pipeline,
    shortcuts,
    views,
)
from bot.slack.middleware import Deduper, idempotency_middleware
from bot.slack.oauth import build_oauth
from bot.slack.parse import MalformedPayload
from bot.slack.people import People
from bot.slack.registry import Registry
from bot.slack.roles import slack_roles

log = logging.getLogger(__name__)

SURFACES = (
    messages,
    mentions,
    commands,
    shortcuts,
    actions,
    views,
    home,
    ideas_channel,
    author_notices,
    forgetting,
    pipeline,
    challenges,
    digests,
    merging,
    merge_controls,
)
INDEX_RETRY = timedelta(minutes=5)
# What a listener raises on a payload that lacks what its type promises: a 400.
PAYLOAD_ERRORS = (MalformedPayload, KeyError, TypeError, AttributeError)


@dataclass
class SlackApp:
    app: App
    deps: SlackDeps
    registry: Registry
    jobs: JobRunner | None = None

    def start_jobs(self) -> None:
        """Scheduled jobs and the periodic outbox drain (`serve` only)."""
        container = self.deps.container
        digests = ScheduledDigests(
            self.deps.clients, container.settings.team_id, container.settings.locale
        )
        self.jobs = JobRunner(container, catalogue.jobs(container.settings, digests))
        poll = timedelta(seconds=container.settings.outbox_poll_seconds)
        pool = container.background
        self.jobs.start(
            also_every=[
                (poll, container.outbox.kick),
                # Ideas whose index write failed keep their `indexed` marker empty.
                (INDEX_RETRY, lambda: pool.submit(container.index_keeper.index_pending)),
            ]
        )

    def close(self) -> None:
        if self.jobs is not None:
            self.jobs.shutdown()
        # The pool is the container's (shared with the core): it shuts it down.
        self.deps.workers.drain(10.0)


def _on_error(error: Exception, logger: logging.Logger) -> BoltResponse:
    if isinstance(error, PAYLOAD_ERRORS):
        logger.warning("malformed Slack payload: %s", error)
        return BoltResponse(status=400, body=f"malformed payload: {error}")
    logger.exception("a Slack listener failed", exc_info=error)
    return BoltResponse(status=500, body="")


def build_slack_app(container: Container, config: SlackConfig) -> SlackApp:
    oauth = build_oauth(config, container.store) if config.oauth else None
    options: dict[str, Any] = {}
    if oauth is not None:
        # Passing the store to App as well makes Bolt's authorize use our client
        # (SLACK_API_URL) for auth.test and token rotation, not a default one.
        options = {"installation_store": oauth.installations, "oauth_settings": oauth.settings}
    try:
        app = App(
            client=make_client(config.api_url, config.bot_token),
            signing_secret=config.signing_secret,
            request_verification_enabled=config.mode == "http",
            # The ack listener runs on the request thread and only acks, claims and
            # hands over; the slow work goes to the container's bounded pool.
            process_before_response=True,
            **options,
        )
    except (BoltError, SlackApiError) as exc:
        raise ConfigurationError(f"Slack refused SLACK_BOT_TOKEN: {_reason(exc)}") from exc
    except OSError as exc:
        raise ConfigurationError(
            f"cannot reach Slack at SLACK_API_URL={config.api_url}: {_reason(exc)}"
        ) from exc
    app.error(_on_error)
    deduper = Deduper(container.store)
    deps = SlackDeps(
        container=container,
        config=config,
        workers=container.background,
        deduper=deduper,
        clients=ClientPool(
            config.api_url, config.bot_token, oauth.installations if oauth else None
        ),
        people=People(container.settings.locale),
    )
    container.role_directory.attach(slack_roles(container.settings, deps.clients))
    app.use(idempotency_middleware())
    registry = Registry(app)
    for surface in SURFACES:
        surface.register(registry, deps)
    if oauth is not None:
        registry.event("tokens_revoked", app.default_tokens_revoked_event_listener())
        registry.event("app_uninstalled", app.default_app_uninstalled_event_listener())
    # Deliver what earlier runs (or other processes, e.g. `ideabot chat`) left owed.
    container.outbox.kick()
    return SlackApp(app, deps, registry)


def _reason(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error"))
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
