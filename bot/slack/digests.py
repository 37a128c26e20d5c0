"""The digest in Slack: Block Kit sections in a DM (or a channel) and the chart
uploaded beside them with files_upload_v2. Idea titles are people's text: `mrkdwn`
escapes them, so a title cannot ping a channel or fake a link."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, SectionBlock

from bot.container import Container
from bot.core.digest_text import headline, sections, title
from bot.core.digests import Digest, ReadDigest
from bot.core.messages import t
from bot.core.models import Actor
from bot.core.permissions import Refusal
from bot.jobs.digest import Recipient
from bot.slack.blocks import header, limit_blocks, mrkdwn
from bot.slack.clients import ClientPool
from bot.slack.delivery import open_dm

log = logging.getLogger(__name__)


def digest_blocks(
    digest: Digest, locale: str | None = None, scheduled: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    data = digest.to_dict()
    heading = title(data, locale, scheduled=scheduled)
    blocks: list[Block] = [
        header(heading),
        SectionBlock(text=mrkdwn("\n".join(headline(data, locale)))),
    ]
    for name, lines in sections(data, locale):
        body = "\n".join(f"• {line.strip()}" for line in lines)
        blocks += [DividerBlock(), SectionBlock(text=mrkdwn(f"*{name}*\n{body}"))]
    blocks.append(ContextBlock(elements=[mrkdwn(t("digests.chart_caption", locale))]))
    return heading, [b.to_dict() for b in limit_blocks(blocks)]


def post_digest(
    client: WebClient,
    channel: str,
    digest: Digest,
    locale: str | None = None,
    scheduled: bool = False,
) -> None:
    from bot.reports.chart import digest_png

    text, blocks = digest_blocks(digest, locale, scheduled)
    client.chat_postMessage(channel=channel, text=text, blocks=blocks)
    period = digest.to_dict()["period"]
    name = f"digest-{period['start'][:10]}-to-{period['end'][:10]}.png"
    client.files_upload_v2(
        channel=channel,
        content=digest_png(digest.to_dict(), locale),
        filename=name,
        title=t("digests.chart_caption", locale),
    )


def send_digest(client: WebClient, container: Container, actor: Actor, days: int) -> None:
    """Build `actor`'s digest and DM it; a failure is told to them, never silent."""
    dm = open_dm(client, actor.user_id)
    try:
        result = container.digests.build(ReadDigest(actor, days=days))
        if isinstance(result, Refusal):
            client.chat_postMessage(channel=dm, text=result.message(actor.locale))
            return
        post_digest(client, dm, result, actor.locale)
    except Exception:
        log.exception("digest for %s failed", actor.user_id)
        client.chat_postMessage(channel=dm, text=t("digests.failed", actor.locale))


class ScheduledDigests:
    """The scheduled digest's delivery (bot/jobs/digest.py): a DM to each admin, a post
    in the digest channel, each with its chart."""

    def __init__(self, clients: ClientPool, team_id: str, locale: str | None) -> None:
        self.clients = clients
        self.default_team = team_id
        self.locale = locale

    def teams(self) -> list[str]:
        """The workspaces the scheduled digest is for.

        One token: its own workspace (auth.test names it; ideas carry that id). Many
        workspaces (OAuth): only IDEABOT_TEAM_ID's. The recipients (IDEABOT_ADMINS,
        IDEABOT_DIGEST_CHANNEL) are one workspace's people and channel, and a digest
        never crosses workspaces (DESIGN.md §2), so sending every installed
        workspace's digest to them would leak it; each workspace needs its own
        recipients before it can have its own digest. An IDEABOT_TEAM_ID that is not
        installed gets none, with a warning (rather than a failing run every period)."""
        if self.clients.installation_store is None:
            single = self.clients.for_team(None)
            return [self.default_team] if single is None else [str(single.auth_test()["team_id"])]
        if self.clients.installation_store.find_bot(enterprise_id=None, team_id=self.default_team):
            return [self.default_team]
        log.warning(
            "scheduled digest: workspace %s (IDEABOT_TEAM_ID) is not installed; nothing sent",
            self.default_team,
        )
        return []

    def deliver(self, team_id: str, recipient: Recipient, digest: Digest) -> None:
        client = self.clients.for_team(team_id)
        if client is None:
            raise RuntimeError(f"no Slack client for workspace {team_id}")
        channel = recipient.channel or open_dm(client, str(recipient.user_id))
        post_digest(client, channel, digest, self.locale, scheduled=True)
