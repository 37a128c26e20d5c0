"""`/idea top`: the leaderboard, seen only by the person who asked."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.core.models import Actor
from bot.core.recognition import ShowLeaderboard
from bot.slack.delivery import open_dm
from bot.slack.deps import SlackDeps
from bot.slack.leaderboard_view import leaderboard_blocks, leaderboard_text
from bot.slack.parse import SlashCommand

SUBCOMMAND = "top"


def is_top(text: str) -> bool:
    return text.strip().lower() == SUBCOMMAND


def post_top(deps: SlackDeps, client: WebClient, command: SlashCommand) -> None:
    """Ephemeral where the command was typed; in the DM when Slack gave no channel."""
    actor: Actor = command.actor
    board = deps.container.leaderboards.show(ShowLeaderboard(actor))
    blocks = [b.to_dict() for b in leaderboard_blocks(board, actor.locale)]
    text = leaderboard_text(board, actor.locale)
    channel = command.channel or open_dm(client, actor.user_id)
    client.chat_postEphemeral(channel=channel, user=actor.user_id, text=text, blocks=blocks)
