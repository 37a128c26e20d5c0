"""What every listener needs, built once per app from the Container."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    # The language each person was last spoken to in (this process): what a
    # placeholder uses before the person's details are looked up again.
    _spoken: dict[tuple[str, str], str] = field(default_factory=dict)

    def spoken(self, actor: Actor) -> str | None:
        """The language this person was last spoken to in, without asking anyone."""
        return self._spoken.get((actor.team_id, actor.user_id))

    def named(self, client: WebClient, actor: Actor) -> Actor:
        """The actor with their Slack name and the language to speak to them (their
        Slack locale, or the one they asked for). Everything this job renders without
        an explicit locale (blocks, App Home, modals) speaks it too."""
        actor = self.who(client, actor)
        use_locale(actor.locale)
        return actor

    def who(self, client: WebClient, actor: Actor) -> Actor:
        """`named` without speaking for the job: for listeners that run on Bolt's own
        threads, where a language set for one person would stay for the next."""
        actor = self.container.reply_language.standing(self.people.named(client, actor))
        self._spoken[(actor.team_id, actor.user_id)] = actor.locale
        return actor
