"""Merging duplicates, on Slack: both channel cards follow a merge or an unmerge (the
merged one says where it lives now, the other shows the new count), and the merged
idea's author and voters hear about it in a DM.

A durable outbox consumer (bot/slack/consumers.py), so a crash after the commit only
delays the notices. A notice names the idea, never its author: an anonymous author
is told in their own DM and is named to nobody else.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import SectionBlock

from bot.core.events import IdeaMerged, IdeaUnmerged
from bot.core.messages import t
from bot.core.models import Idea
from bot.slack.blocks import mrkdwn
from bot.slack.consumers import MERGE_NOTICE
from bot.slack.delivery import open_dm
from bot.slack.deps import SlackDeps
from bot.slack.listeners.author_notices import SLACK_USER
from bot.slack.listeners.ideas_channel import IdeasChannel
from bot.slack.registry import Registry

log = logging.getLogger(__name__)


class MergeNotices:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps
        self.cards = IdeasChannel(deps)

    def on_event(self, event: IdeaMerged | IdeaUnmerged) -> None:
        other = event.into_id if isinstance(event, IdeaMerged) else event.from_id
        for idea_id in (event.idea_id, other):
            self.cards.refresh(event.team_id, idea_id)
        ideas = self.deps.container.ideas
        idea, target = ideas.get(event.team_id, event.idea_id), ideas.get(event.team_id, other)
        if idea is None or target is None:
            return
        with self.deps.container.store.unit_of_work() as uow:
            voters = uow.ideas.voter_keys(event.team_id, idea.id)
        undone = "_undone" if isinstance(event, IdeaUnmerged) else ""
        acting = event.actor.user_id if event.actor is not None else None
        told: set[str] = set()
        for person, key in [
            (idea.author_id, "merge.notify_author"),
            *[(v, "merge.notify_voter") for v in voters],
        ]:
            if not person or person in told or person == acting or not SLACK_USER.match(person):
                continue
            told.add(person)
            self._tell(event.team_id, person, self._text(key + undone, idea, target))

    @staticmethod
    def _text(key: str, idea: Idea, target: Idea) -> str:
        return t(
            key,
            ref=idea.public_ref,
            title=idea.title,
            target=target.public_ref,
            target_title=target.title,
        )

    def _tell(self, team_id: str, user_id: str, text: str) -> None:
        client = self.deps.clients.for_team(team_id)
        if client is None:
            return
        try:
            channel = open_dm(client, user_id)
            client.chat_postMessage(
                channel=channel, text=text, blocks=[SectionBlock(text=mrkdwn(text)).to_dict()]
            )
        except SlackApiError as exc:
            log.warning("could not tell %s about a merge: %s", user_id, exc.response.get("error"))


def register(registry: Registry, deps: SlackDeps) -> None:
    deps.container.outbox.handle(MERGE_NOTICE, MergeNotices(deps).on_event)
