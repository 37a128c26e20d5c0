"""App Home: published when opened, and again after a button changes what it shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient

from bot.core.models import Actor
from bot.core.recognition import ShowLeaderboard
from bot.core.replies import Reply
from bot.slack.delivery import run_turn
from bot.slack.deps import SlackDeps
from bot.slack.home_view import home_view
from bot.slack.middleware import CONTEXT_KEY, handoff
from bot.slack.parse import home_opened
from bot.slack.pipeline_home import review_section
from bot.slack.registry import Registry

MY_IDEAS = 10
TOP_IDEAS = 5
TOP_PEOPLE = 5


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.event("app_home_opened", on_home_opened(deps))


def publish(deps: SlackDeps, client: WebClient, actor: Actor, notice: str | None = None) -> None:
    container = deps.container
    team = actor.team_id
    # In the person's language (Slack locale or the one they asked for).
    actor = deps.named(client, actor)
    view = home_view(
        mine=container.ideas.list_ideas(team, author_key=actor.user_id, limit=MY_IDEAS),
        top=container.ideas.list_ideas(team, limit=TOP_IDEAS, order="votes", hide_merged=True),
        challenges=container.ideas.open_challenges(team),
        memories=container.memory.items(actor),
        notice=notice,
        sections=review_section(deps, actor),
        board=container.leaderboards.show(ShowLeaderboard(actor, limit=TOP_PEOPLE)),
    )
    client.views_publish(user_id=actor.user_id, view=view)


def republish(
    deps: SlackDeps, client: WebClient, actor: Actor
) -> Callable[[Sequence[Reply]], None]:
    """A sender that shows a reply as a notice on top of the refreshed Home."""

    def send(replies: Sequence[Reply]) -> None:
        notice = "\n".join(r.text for r in replies if r.text) or None
        publish(deps, client, actor, notice)

    return send


def on_home_opened(deps: SlackDeps) -> Callable[..., None]:
    def handle_home(
        ack: Callable[[], None],
        body: dict[str, Any],
        event: dict[str, Any],
        client: WebClient,
        context: dict[str, Any],
    ) -> None:
        actor = home_opened(body, event)  # before the ack: malformed is a 400
        ack()
        if actor is None:
            return
        send = republish(deps, client, actor)
        keys = (context.get(CONTEXT_KEY),)
        handoff(
            deps.workers,
            deps.deduper,
            context,
            lambda: run_turn(deps.workers, deps.deduper, lambda: [], send, keys=keys),
        )

    return handle_home
