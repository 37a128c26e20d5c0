"""What every listener needs, built once per app from the Container."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.container import Container
from bot.core.background import Background as Workers
from bot.core.messages import use_locale
from bot.core.models import Actor
from bot.slack.clients import ClientPool
from bot.slack.config import SlackConfig
from bot.slack.middleware import Deduper
from bot.slack.people import People


@dataclass
class SlackDeps:
    container: Container
    config: SlackConfig
    workers: Workers
    deduper: Deduper
    clients: ClientPool
    people: People

    def named(self, client: WebClient, actor: Actor) -> Actor:
        """The actor with their Slack name and the language to speak to them (their
        Slack locale, or the one they asked for). Everything this job renders without
        an explicit locale (blocks, App Home, modals) speaks it too."""
        actor = self.container.reply_language.standing(self.people.named(client, actor))
        use_locale(actor.locale)
        return actor
