"""The ideas channel: each submitted idea posted once as a card whose vote count
follows every vote (chat.update in place), wherever the vote was cast.

Both are durable outbox consumers (bot/slack/consumers.py): a crash between the
commit and the card only delays the card until a process drains the outbox."""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.cards import idea_card
from bot.core.events import IdeaSubmitted, StatusChanged, VoteCast
from bot.slack.blocks import idea_post
from bot.slack.consumers import CARD_POST, CARD_REFRESH
from bot.slack.deps import SlackDeps
from bot.slack.merge_blocks import unmerge_elements
from bot.slack.merge_links import merged_link
from bot.slack.pipeline_blocks import manage_elements
from bot.slack.registry import Registry

log = logging.getLogger(__name__)

# Slack allows about one message per second per channel.
CHANNEL_PACE_S = 1.0


class Pacer:
    """Spaces posts to one channel; other channels are not held up."""

    def __init__(self, interval: float = CHANNEL_PACE_S) -> None:
        self.interval = interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(channel, 0.0))
            self._next[channel] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class IdeasChannel:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps
        self.pacer = Pacer()
        self._card_locks: dict[int, threading.Lock] = defaultdict(threading.Lock)

    def on_submitted(self, event: IdeaSubmitted) -> None:
        self.post(event.team_id, event.idea_id)

    def on_changed(self, event: VoteCast | StatusChanged) -> None:
        self.refresh(event.team_id, event.idea_id)

    def post(self, team_id: str, idea_id: int) -> None:
        """Post the idea's card once. The outbox row that asks for it is the claim (one
        process at a time holds its lease); a retry after a crash finds the card in
        idea_posts and stops, so the channel sees it once. (A crash in the instant
        between Slack's answer and the idea_posts insert can still post twice.)"""
        channel = self.deps.config.ideas_channel
        client = self.deps.clients.for_team(team_id)
        if not channel or client is None:
            return
        with self.deps.container.store.unit_of_work() as uow:
            if uow.slack.posts_for(team_id, idea_id):
                return
        idea = self.deps.container.ideas.get(team_id, idea_id)
        if idea is None:
            return
        with self.deps.container.store.unit_of_work() as uow:
            link = merged_link(client, uow, idea)
        # No viewer: an anonymous idea's card never names its author.
        manage = [*manage_elements(idea), *unmerge_elements(idea)]
        text, blocks = idea_post(idea_card(idea), idea.id, manage, link)
        self.pacer.wait(channel)
        response = self._post(client, channel, text, blocks)
        with self.deps.container.store.unit_of_work() as uow:
            uow.slack.add_post(team_id, idea.id, str(response["channel"]), str(response["ts"]))
            uow.commit()

    @staticmethod
    def _post(
        client: WebClient, channel: str, text: str, blocks: list[dict[str, object]]
    ) -> dict[str, object]:
        try:
            return dict(client.chat_postMessage(channel=channel, text=text, blocks=blocks).data)  # type: ignore[arg-type]
        except SlackApiError as exc:
            if exc.response.get("error") != "not_in_channel":
                raise
        # A public channel the bot was never invited to: join it, then post.
        client.conversations_join(channel=channel)
        return dict(client.chat_postMessage(channel=channel, text=text, blocks=blocks).data)  # type: ignore[arg-type]

    def refresh(self, team_id: str, idea_id: int) -> None:
        client = self.deps.clients.for_team(team_id)
        if client is None:
            return
        # One refresh per idea at a time, reading the count while holding the lock
        # and until chat.update returns, so the last update shown is the latest count
        # even when votes race: the in-process lock for threads, a row lock on the
        # idea's posts for other processes on the same database.
        with self._card_locks[idea_id], self.deps.container.store.unit_of_work() as uow:
            posts = uow.slack.lock_posts(team_id, idea_id)
            if not posts:
                return
            idea = uow.ideas.get(team_id, idea_id)
            if idea is None:
                return
            link = merged_link(client, uow, idea)
            manage = [*manage_elements(idea), *unmerge_elements(idea)]
            text, blocks = idea_post(idea_card(idea), idea.id, manage, link)
            for post in posts:
                client.chat_update(channel=post.channel, ts=post.ts, text=text, blocks=blocks)
            uow.commit()


def register(registry: Registry, deps: SlackDeps) -> None:
    channel = IdeasChannel(deps)
    outbox = deps.container.outbox
    outbox.handle(CARD_POST, channel.on_submitted)
    outbox.handle(CARD_REFRESH, channel.on_changed)
