"""The managers' section of App Home: ideas waiting for a decision too long."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.core.models import Actor
from bot.core.permissions import Refusal
from bot.core.pipeline import ListStale
from bot.slack.deps import SlackDeps
from bot.slack.pipeline_blocks import review_queue


def review_section(deps: SlackDeps, actor: Actor) -> list[Block]:
    """Nothing for people who may not triage (the policy says who may)."""
    days = deps.container.settings.review_delay_days
    waiting = deps.container.ideas.pipeline.stale(ListStale(actor, days))
    if isinstance(waiting, Refusal):
        return []
    return review_queue(waiting, days, actor.locale)
