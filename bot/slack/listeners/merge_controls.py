"""Merging from Slack: "Merge into…" on a card (or a Merge button of a card's Similar
view) opens a modal to choose the idea to merge into; its submission is checked
(errors under the field) and calls MergeIdeas; Unmerge on a merged idea's card
calls UnmergeIdea.

Cards in the ideas channel are the same for everyone, so anyone can click these:
the policy decides on the click, and someone who may not merge is told so where only
they see it (no modal opens, nothing changes). A forged submission of the modal is
refused the same way (the modal then only says so).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.cards import status_label
from bot.core.merging import MergeIdeas
from bot.core.messages import t
from bot.core.models import Actor, Idea
from bot.core.permissions import NotAllowed, Permission
from bot.core.replies import Reply, ReplyKind
from bot.core.text import InvalidInput
from bot.slack.delivery import ChannelReply, Send, ephemeral, open_dm, run_turn
from bot.slack.deps import SlackDeps
from bot.slack.merge_blocks import (
    MERGE_OPEN,
    MODAL_CALLBACK,
    NUMBER_BLOCK,
    TARGET_BLOCK,
    UNMERGE,
    merge_modal,
    message_view,
    similar_view,
)
from bot.slack.merge_parse import MergeClick, MergeForm, merge_click, merge_form
from bot.slack.middleware import handoff
from bot.slack.parse import Click, InvalidForm, Where, is_row_id
from bot.slack.registry import Registry

log = logging.getLogger(__name__)

SIMILAR_SHOWN = 5


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.action(re.compile(rf"^{MERGE_OPEN}$"), on_merge_open(deps))
    registry.action(re.compile(rf"^{UNMERGE}$"), on_unmerge(deps))
    registry.view(MODAL_CALLBACK, on_merge_submit(deps))


def _ideas(deps: SlackDeps, team_id: str, ids: Sequence[int]) -> dict[int, Idea]:
    """By row id only: a button's number is never read as someone's external id."""
    with deps.container.store.unit_of_work() as uow:
        return uow.ideas.get_many(team_id, ids)


def _refusal(deps: SlackDeps, actor: Actor) -> str | None:
    refusal = deps.container.permissions.refusal(actor, Permission.MERGE)
    return refusal.message(actor.locale) if refusal is not None else None


def _claim(clicked: MergeClick) -> str:
    """Our own actions are not `ideabot:` ones, so they name their claim here: a
    replayed payload (same action_ts) does nothing twice."""
    actor = clicked.actor
    return f"action:{actor.team_id}:{actor.user_id}:{clicked.action_id}:{clicked.action_ts}"


def _tell(client: WebClient, respond: Callable[..., Any], clicked: MergeClick, text: str) -> None:
    """Only the clicker sees it: in the channel through the response_url, else
    as an ephemeral message."""
    if clicked.response_url:
        respond(text=text, response_type="ephemeral", replace_original=False)
    elif clicked.channel:
        client.chat_postEphemeral(channel=clicked.channel, user=clicked.actor.user_id, text=text)


def on_merge_open(deps: SlackDeps) -> Callable[..., None]:
    def handle_merge_open(
        ack: Callable[[], None],
        body: dict[str, Any],
        client: WebClient,
        respond: Callable[..., Any],
        context: dict[str, Any],
    ) -> None:
        clicked = merge_click(body)  # before the ack: malformed is a 400
        ack()
        key = _claim(clicked)

        def open_modal() -> None:
            try:
                _open_modal(deps, client, respond, clicked)
            finally:
                deps.deduper.finish(key)

        handoff(
            deps.workers, deps.deduper, context, open_modal, extra=((key, "action", None, True),)
        )

    return handle_merge_open


def _open_modal(
    deps: SlackDeps, client: WebClient, respond: Callable[..., Any], clicked: MergeClick
) -> None:
    actor = clicked.actor
    refused = _refusal(deps, actor)
    if refused is not None:
        _tell(client, respond, clicked, refused)
        return
    wanted = [clicked.idea_id, *([clicked.into_id] if clicked.into_id else [])]
    found = _ideas(deps, actor.team_id, wanted)
    idea = found.get(clicked.idea_id)
    try:
        if idea is None:
            raise InvalidInput(t("merge.error.unknown", actor.locale, ref=f"#{clicked.idea_id}"))
        if idea.merged_into is not None:
            target = f"#{idea.merged_into}"
            raise InvalidInput(
                t("merge.error.already", actor.locale, ref=idea.public_ref, target=target)
            )
    except InvalidInput as exc:
        _tell(client, respond, clicked, str(exc))
        return
    if clicked.trigger_id is None:
        return
    chosen = found.get(clicked.into_id) if clicked.into_id else None
    # The trigger expires in 3 s: the modal opens at once, the similar ideas follow.
    opened = client.views_open(
        trigger_id=clicked.trigger_id, view=merge_modal(idea, None, chosen, actor.locale)
    )
    shown = opened["view"]

    def fill() -> None:
        try:
            targets = [h.idea for h in deps.container.ideas.similar_to_idea(idea, k=SIMILAR_SHOWN)]
        except Exception:  # the index is down: the number field still works
            log.exception("no similar ideas for the merge modal of #%s", idea.id)
            targets = []
        view = merge_modal(idea, targets, chosen, actor.locale)
        try:
            client.views_update(view_id=shown["id"], hash=shown.get("hash"), view=view)
        except SlackApiError as exc:  # closed meanwhile, or already submitted
            log.info("merge modal not updated: %s", exc.response.get("error"))

    deps.workers.slow(fill)


def on_unmerge(deps: SlackDeps) -> Callable[..., None]:
    def handle_unmerge(
        ack: Callable[[], None],
        body: dict[str, Any],
        client: WebClient,
        respond: Callable[..., Any],
        context: dict[str, Any],
    ) -> None:
        clicked = merge_click(body)
        ack()
        key = _claim(clicked)

        def work() -> list[Reply]:
            actor = clicked.actor
            try:
                undone = deps.container.ideas.unmerge(actor, clicked.idea_id)
            except NotAllowed as exc:
                return [Reply(str(exc), kind=ReplyKind.REFUSED)]
            except InvalidInput as exc:
                return [Reply(str(exc), kind=ReplyKind.ERROR)]
            text = t(
                "merge.undone",
                actor.locale,
                ref=undone.idea.public_ref,
                title=undone.idea.title,
                status=status_label(undone.idea.status.value, actor.locale),
                votes=undone.idea.votes,
                target=undone.former.public_ref,
                target_votes=undone.former.votes,
            )
            return [Reply(text)]

        def start() -> None:
            send: Send = (
                ephemeral(respond) if clicked.response_url else _dm(deps, client, clicked.actor)
            )
            run_turn(deps.workers, deps.deduper, work, send, keys=(key,))

        handoff(deps.workers, deps.deduper, context, start, extra=((key, "action", None, True),))

    return handle_unmerge


def _dm(deps: SlackDeps, client: WebClient, actor: Actor) -> Send:
    return ChannelReply(
        client, lambda: Where(open_dm(client, actor.user_id)), deps.workers, placeholder=False
    )


def on_merge_submit(deps: SlackDeps) -> Callable[..., None]:
    def handle_merge_submit(
        ack: Callable[..., None],
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: dict[str, Any],
    ) -> None:
        try:
            form = merge_form(body, view)
        except InvalidForm as exc:
            ack(response_action="errors", errors=exc.errors)
            return
        actor = form.actor
        refused = _refusal(deps, actor)
        if refused is not None:  # a forged submission: the modal only says no
            ack(response_action="update", view=message_view(refused, actor.locale))
            return
        into_id, errors = _target(deps, form)
        if into_id is None:
            ack(response_action="errors", errors=errors)
            return
        # Claimed only once valid: a modal answered with errors comes back with the
        # same view id, and that second submission must go through.
        key = f"view:{actor.team_id}:{MODAL_CALLBACK}:{form.view_id}"
        ack()

        def work() -> list[Reply]:
            try:
                merged = deps.container.ideas.merge(actor, form.idea_id, into_id)
            except NotAllowed as exc:
                return [Reply(str(exc), kind=ReplyKind.REFUSED)]
            except InvalidInput as exc:  # changed since the check (someone else merged)
                return [Reply(str(exc), kind=ReplyKind.ERROR)]
            text = t(
                "merge.done",
                actor.locale,
                ref=merged.idea.public_ref,
                title=merged.idea.title,
                target=merged.into.public_ref,
                target_title=merged.into.title,
                votes=merged.into.votes,
            )
            return [Reply(text)]

        def start() -> None:
            run_turn(deps.workers, deps.deduper, work, _dm(deps, client, actor), keys=(key,))

        handoff(deps.workers, deps.deduper, context, start, extra=((key, "view", None, True),))

    return handle_merge_submit


def _target(deps: SlackDeps, form: MergeForm) -> tuple[int | None, dict[str, str]]:
    """The idea to merge into, or the errors to show under the fields."""
    actor, loc = form.actor, form.actor.locale
    field, into_id = TARGET_BLOCK, form.chosen
    if form.typed:
        field = NUMBER_BLOCK
        number = form.typed.removeprefix("#")
        typed = deps.container.ideas.get(actor.team_id, form.typed)
        if typed is None:
            key = "merge.error.unknown" if is_row_id(number) else "merge.slack.not_a_number"
            return None, {field: t(key, loc, ref=f"#{number}", text=form.typed)}
        if into_id is not None and into_id != typed.id:
            both = t("merge.slack.both", loc, chosen=f"#{into_id}", typed=typed.public_ref)
            return None, {field: both}
        into_id = typed.id
    if into_id is None:
        return None, {NUMBER_BLOCK: t("merge.slack.choose", loc)}
    try:
        deps.container.ideas.merging.check(MergeIdeas(actor, form.idea_id, into_id))
    except InvalidInput as exc:
        return None, {field: str(exc)}
    return into_id, {}


def similar_sender(deps: SlackDeps, clicked: Click, respond: Callable[..., Any]) -> Send:
    """The Similar view of a channel card: for someone who may merge, a Merge button
    under each similar idea; for everyone else, the plain view."""
    plain_view = ephemeral(respond)
    if _refusal(deps, clicked.actor) is not None or not is_row_id(clicked.value):
        return plain_view
    idea_id = int(clicked.value)

    def send(replies: Sequence[Reply]) -> None:
        text, blocks = similar_view(replies, idea_id, clicked.actor.locale)
        if blocks:
            respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)

    return send
