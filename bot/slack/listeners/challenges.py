"""Challenges in Slack: `/challenge` (the creation modal, or `list`), the channel post
with its "Submit an idea" button and live count, reminders and the closing summary.

The post, the count, reminders and the summary are durable outbox consumers
(bot/slack/consumers.py): a crash only delays them until a process drains the outbox.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.challenge_summary import participants, render_summary
from bot.core.challenges import (
    ChallengeInvalid,
    ChallengeNotOpen,
    CloseChallenge,
    CreateChallenge,
    ExtendChallenge,
)
from bot.core.events import (
    ChallengeChanged,
    ChallengeClosed,
    ChallengeCreated,
    ChallengeReminderDue,
)
from bot.core.messages import t
from bot.core.models import Actor, NewIdea
from bot.core.permissions import Permission, Refusal
from bot.core.ports.challenges import Challenge
from bot.core.replies import Reply, ReplyKind
from bot.core.text import InvalidInput
from bot.slack.blocks import escape, mrkdwn
from bot.slack.challenge_view import (
    CREATE_CALLBACK,
    EXTEND_CALLBACK,
    IDEA_CALLBACK,
    MANAGE_ACTION,
    SUBMIT_ACTION,
    challenge_post,
    create_modal,
    extend_modal,
    idea_for_challenge_modal,
    when,
)
from bot.slack.consumers import (
    CHALLENGE_POST,
    CHALLENGE_REFRESH,
    CHALLENGE_REMINDER,
    CHALLENGE_SUMMARY,
)
from bot.slack.delivery import ChannelReply, open_dm, run_turn
from bot.slack.deps import SlackDeps
from bot.slack.listeners.ideas_channel import Pacer
from bot.slack.middleware import handoff
from bot.slack.modals import form_errors
from bot.slack.parse import (
    InvalidForm,
    MalformedPayload,
    Where,
    idea_form,
    interaction_actor,
    metadata,
    slack_id,
    slash_command,
    trigger_id,
    view_id,
)
from bot.slack.registry import Registry

log = logging.getLogger(__name__)

COMMAND = "/challenge"
# chat.update of one post at most this often: a burst of submissions makes a few
# updates, and the last one reads the counts after the burst (exact).
COUNT_PACE_S = 2.0


def register(registry: Registry, deps: SlackDeps) -> None:
    surface = ChallengeSurface(deps)
    registry.command(COMMAND, surface.on_command)
    registry.view(CREATE_CALLBACK, surface.on_create)
    registry.action(re.compile(f"^{SUBMIT_ACTION}$"), surface.on_submit_button)
    registry.view(IDEA_CALLBACK, surface.on_idea)
    registry.action(re.compile(f"^{MANAGE_ACTION}$"), surface.on_manage)
    registry.view(EXTEND_CALLBACK, surface.on_extend)
    outbox = deps.container.outbox
    outbox.handle(CHALLENGE_POST, surface.on_created)
    outbox.handle(CHALLENGE_REFRESH, surface.on_refresh)
    outbox.handle(CHALLENGE_REMINDER, surface.on_reminder)
    outbox.handle(CHALLENGE_SUMMARY, surface.on_closed)


class ChallengeSurface:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps
        self.pacer = Pacer()
        self._lock = threading.Lock()
        self._refreshing: set[int] = set()
        self._dirty: set[int] = set()

    @property
    def challenges(self) -> Any:
        return self.deps.container.challenges

    # -- /challenge ------------------------------------------------------------------

    def on_command(
        self,
        ack: Callable[..., None],
        body: dict[str, Any],
        client: WebClient,
        context: dict[str, Any],
    ) -> None:
        command = slash_command(body)
        actor = command.actor
        loc = actor.locale
        if command.text.lower() == "list":
            ack(text=self._list_text(actor))
            return
        if command.text:
            ack(text=t("challenge.list_command_usage", loc))
            return
        refusal = self.deps.container.permissions.refusal(actor, Permission.CREATE_CHALLENGE)
        if refusal is not None:
            ack(text=refusal.message(loc))
            return
        ack()
        trigger = command.trigger_id
        if trigger is not None:
            handoff(
                self.deps.workers,
                self.deps.deduper,
                context,
                lambda: client.views_open(
                    trigger_id=trigger,
                    view=create_modal(self.deps.named(client, actor).locale),
                ),
            )

    def _list_text(self, actor: Actor) -> str:
        open_ones = self.challenges.listing(actor.team_id, only_open=True)
        if not open_ones:
            return t("challenge.none_open", actor.locale)
        lines = [t("challenge.list_head", actor.locale)]
        lines += [
            t(
                "challenge.list_line",
                actor.locale,
                title=escape(c.title),
                id=c.id,
                deadline=when(c.deadline),
            )
            for c in open_ones
        ]
        return "\n".join(lines)

    # -- the creation modal ------------------------------------------------------------

    def on_create(
        self,
        ack: Callable[..., None],
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
    ) -> None:
        actor = interaction_actor(body)
        view_id(view)
        values = _values(view)
        errors: dict[str, str] = {}
        tz = self._timezone(client, actor.user_id)
        deadline = _deadline(values, tz)
        channel = _selected(values, "channel", "selected_conversation")
        if channel is not None:
            try:
                channel = slack_id(channel, "channel", "channel")
            except MalformedPayload:
                channel = None
        if channel is not None and not self._can_post(client, channel):
            errors["channel"] = t("challenge.error.channel_unreachable", actor.locale)
        command = CreateChallenge(
            actor=actor,
            title=_text(values, "title"),
            question=_text(values, "question"),
            deadline=deadline,
            channel_id=channel or "",
            tags=[tag for tag in _text(values, "tags").split(",") if tag.strip()],
            criteria=_text(values, "criteria") or None,
        )
        try:
            if errors:
                errors.update(self.challenges.errors(command))
            result = None if errors else self.challenges.create(command)
        except ChallengeInvalid as exc:
            errors.update(exc.errors)
            result = None
        if errors:
            ack(response_action="errors", errors=_to_blocks(errors))
            return
        if isinstance(result, Refusal):
            ack(response_action="errors", errors={"title": result.message(actor.locale)})
            return
        ack()

    def _timezone(self, client: WebClient, user_id: str) -> str:
        """The manager's Slack time zone (users.info), UTC when unknown."""
        try:
            tz = str(client.users_info(user=user_id)["user"].get("tz") or "UTC")
            ZoneInfo(tz)
            return tz
        except (SlackApiError, KeyError, TypeError, ZoneInfoNotFoundError, ValueError):
            return "UTC"

    def _can_post(self, client: WebClient, channel: str) -> bool:
        """Whether the bot can post there: a member already, or a public channel it
        can join. Slack says no otherwise (archived, private without an invitation)."""
        try:
            info = client.conversations_info(channel=channel)["channel"]
            if info.get("is_archived"):
                return False
            if info.get("is_member") or info.get("is_im"):
                return True
            if info.get("is_private"):
                return False
            client.conversations_join(channel=channel)
            return True
        except SlackApiError:
            return False

    # -- the "Submit an idea" button and its modal -------------------------------------

    def on_submit_button(
        self,
        ack: Callable[..., None],
        body: dict[str, Any],
        client: WebClient,
        respond: Callable[..., Any],
    ) -> None:
        actor = interaction_actor(body)
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else None
        value = first.get("value") if isinstance(first, dict) else None
        if not isinstance(value, str) or not value.isdigit() or len(value) > 12:
            raise MalformedPayload("the challenge button carries no challenge id")
        trigger = trigger_id(body)
        ack()
        actor = self.deps.who(client, actor)  # the modal in the person's language
        try:
            challenge = self.challenges.open_for_ideas(actor.team_id, int(value), actor.locale)
        except ChallengeNotOpen as exc:
            respond(text=str(exc), response_type="ephemeral", replace_original=False)
            return
        if trigger is not None:
            client.views_open(
                trigger_id=trigger, view=idea_for_challenge_modal(challenge, actor.locale)
            )

    def on_idea(
        self,
        ack: Callable[..., None],
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: dict[str, Any],
    ) -> None:
        actor = interaction_actor(body)
        modal = view_id(view)
        raw_id = metadata(view).get("challenge", "")
        if not raw_id.isdigit():
            raise MalformedPayload("private_metadata has no challenge id")
        try:
            form = idea_form(view)
        except InvalidForm as exc:
            ack(response_action="errors", errors=exc.errors)
            return
        errors = form_errors(form)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        key = f"view:{actor.team_id}:{modal}"
        ack()
        deps = self.deps

        def start() -> None:
            send = ChannelReply(
                client,
                lambda: Where(open_dm(client, actor.user_id)),
                deps.workers,
                placeholder=False,
            )

            def work() -> list[Reply]:
                named = deps.named(client, actor)
                return self._submit(
                    named, int(raw_id), form.title, form.description, form.anonymous
                )

            run_turn(deps.workers, deps.deduper, work, send, keys=(key,))

        handoff(deps.workers, deps.deduper, context, start, extra=((key, "view", None, True),))

    def _submit(
        self, actor: Actor, challenge_id: int, title: str, description: str, anonymous: bool
    ) -> list[Reply]:
        container = self.deps.container
        try:
            challenge = self.challenges.open_for_ideas(actor.team_id, challenge_id, actor.locale)
        except ChallengeNotOpen as exc:
            # Late: nothing is lost, the person can still submit it as a general idea.
            return [Reply(str(exc), kind=ReplyKind.ERROR)]
        try:
            idea = container.ideas.create(
                NewIdea(
                    team_id=actor.team_id,
                    title=title.strip(),
                    description=description.strip(),
                    author_id=actor.user_id,
                    author_name=actor.name,
                    anonymous=anonymous,
                    challenge=challenge.title,
                ),
                actor,
            )
        except InvalidInput as exc:
            return [Reply(str(exc), kind=ReplyKind.ERROR)]
        from bot.core.cards import idea_card

        key = "submitted.anonymous" if anonymous else "submitted.named"
        return [
            Reply(
                t(key, actor.locale, ref=idea.public_ref, title=idea.title),
                kind=ReplyKind.SUBMITTED,
                cards=(idea_card(idea, actor, policy=container.permissions),),
                idea_id=idea.id,
            )
        ]

    # -- managers: extend or close early, from the post's menu -------------------------

    def on_manage(
        self,
        ack: Callable[..., None],
        body: dict[str, Any],
        client: WebClient,
        respond: Callable[..., Any],
    ) -> None:
        actor = interaction_actor(body)
        loc = actor.locale
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else None
        option = first.get("selected_option") if isinstance(first, dict) else None
        value = option.get("value") if isinstance(option, dict) else None
        what, _, raw_id = value.partition(":") if isinstance(value, str) else ("", "", "")
        if what not in ("extend", "close") or not raw_id.isdigit() or len(raw_id) > 12:
            raise MalformedPayload("the challenge menu carries no known choice")
        trigger = trigger_id(body)
        ack()

        def tell(text: str) -> None:
            respond(text=text, response_type="ephemeral", replace_original=False)

        refusal = self.deps.container.permissions.refusal(actor, Permission.CREATE_CHALLENGE)
        if refusal is not None:
            tell(refusal.message(loc))
            return
        challenge = self.challenges.get(actor.team_id, int(raw_id))
        if challenge is None or not challenge.is_open:
            title = challenge.title if challenge else raw_id
            tell(t("challenge.error.already_closed", loc, title=title))
            return
        if what == "extend":
            if trigger is not None:
                client.views_open(trigger_id=trigger, view=extend_modal(challenge, loc))
            return
        try:
            result = self.challenges.close(CloseChallenge(actor, challenge.id))
        except InvalidInput as exc:
            tell(str(exc))
            return
        if isinstance(result, Refusal):
            tell(result.message(loc))
            return
        # The post and the summary follow through the outbox (ChallengeClosed).
        tell(t("challenge.closed", loc, title=escape(result.title), id=result.id))

    def on_extend(
        self,
        ack: Callable[..., None],
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
    ) -> None:
        actor = interaction_actor(body)
        loc = actor.locale
        view_id(view)
        raw_id = metadata(view).get("challenge", "")
        if not raw_id.isdigit() or len(raw_id) > 12:
            raise MalformedPayload("private_metadata has no challenge id")
        deadline = _deadline(_values(view), self._timezone(client, actor.user_id))
        if deadline is None:
            ack(
                response_action="errors",
                errors={"deadline_date": t("challenge.error.deadline_missing", loc)},
            )
            return
        try:
            result = self.challenges.extend(ExtendChallenge(actor, int(raw_id), deadline))
        except ChallengeInvalid as exc:
            ack(response_action="errors", errors=_to_blocks(exc.errors))
            return
        except InvalidInput as exc:
            ack(response_action="errors", errors={"deadline_date": str(exc)})
            return
        if isinstance(result, Refusal):
            ack(response_action="errors", errors={"deadline_date": result.message(loc)})
            return
        ack()  # the post shows the new deadline (ChallengeChanged, through the outbox)

    # -- durable consumers --------------------------------------------------------------

    def on_created(self, event: ChallengeCreated) -> None:
        """Post once: a retry after a crash finds the message ts and stops."""
        challenge = self.challenges.get(event.team_id, event.challenge_id)
        client = self.deps.clients.for_team(event.team_id)
        if challenge is None or client is None or not challenge.channel_id:
            return
        if challenge.message_ts:
            return
        text, blocks = self._post_blocks(challenge)
        self.pacer.wait(challenge.channel_id)
        response = _post(client, challenge.channel_id, text, blocks)
        with self.deps.container.store.unit_of_work() as uow:
            uow.challenges.set_message(
                event.team_id, challenge.id, str(response["channel"]), str(response["ts"])
            )
            uow.commit()

    def on_refresh(self, event: ChallengeChanged | ChallengeClosed) -> None:
        self._refresh_coalesced(event.team_id, event.challenge_id)

    def _refresh_coalesced(self, team_id: str, challenge_id: int) -> None:
        """One refresher per post at a time; requests during a refresh make one more
        pass (reading the counts afresh), so a burst ends with the exact count."""
        with self._lock:
            if challenge_id in self._refreshing:
                self._dirty.add(challenge_id)
                return
            self._refreshing.add(challenge_id)
        try:
            while True:
                with self._lock:
                    self._dirty.discard(challenge_id)
                self._refresh(team_id, challenge_id)
                time.sleep(COUNT_PACE_S)
                with self._lock:
                    if challenge_id not in self._dirty:
                        self._refreshing.discard(challenge_id)
                        return
        except BaseException:
            with self._lock:
                self._refreshing.discard(challenge_id)
            raise

    def _refresh(self, team_id: str, challenge_id: int) -> None:
        challenge = self.challenges.get(team_id, challenge_id)
        client = self.deps.clients.for_team(team_id)
        if challenge is None or client is None or not challenge.message_ts:
            return
        text, blocks = self._post_blocks(challenge)
        client.chat_update(
            channel=challenge.channel_id, ts=challenge.message_ts, text=text, blocks=blocks
        )

    def _post_blocks(self, challenge: Challenge) -> tuple[str, list[dict[str, object]]]:
        with self.deps.container.store.unit_of_work() as uow:
            ideas = uow.challenges.ideas(challenge.team_id, challenge.id)
        return challenge_post(
            challenge, len(ideas), participants(ideas), self.deps.container.settings.locale
        )

    def on_reminder(self, event: ChallengeReminderDue) -> None:
        challenge = self.challenges.get(event.team_id, event.challenge_id)
        client = self.deps.clients.for_team(event.team_id)
        if challenge is None or client is None or not challenge.channel_id:
            return
        # Still relevant when delivered: not closed, not moved since it was owed.
        if not challenge.is_open or challenge.deadline.isoformat(timespec="seconds") != (
            datetime.fromisoformat(event.deadline).astimezone(UTC).isoformat(timespec="seconds")
        ):
            return
        loc = self.deps.container.settings.locale
        with self.deps.container.store.unit_of_work() as uow:
            count = len(uow.challenges.ideas(event.team_id, challenge.id))
        text = t(
            "challenge.reminder",
            loc,
            left=event.before,
            title=escape(challenge.title),
            question=escape(challenge.question),
            ideas=count,
        )
        blocks = [{"type": "section", "text": mrkdwn(text).to_dict()}]
        self.pacer.wait(challenge.channel_id)
        client.chat_postMessage(
            channel=challenge.channel_id, text=text, blocks=blocks, thread_ts=None
        )

    def on_closed(self, event: ChallengeClosed) -> None:
        """The summary, in the channel and to the creator (once: the outbox row)."""
        summary = self.challenges.summary(event.team_id, event.challenge_id)
        challenge = self.challenges.get(event.team_id, event.challenge_id)
        client = self.deps.clients.for_team(event.team_id)
        if summary is None or challenge is None or client is None:
            return
        text = render_summary(
            summary, self.deps.container.settings.locale, escape=escape, mention=_mention
        )
        blocks = [{"type": "section", "text": mrkdwn(text).to_dict()}]
        if challenge.channel_id:
            self.pacer.wait(challenge.channel_id)
            client.chat_postMessage(channel=challenge.channel_id, text=text, blocks=blocks)
        creator = challenge.created_by
        if creator and _is_slack_user(creator):
            client.chat_postMessage(channel=open_dm(client, creator), text=text, blocks=blocks)


def _mention(user_key: str) -> str:
    return f"<@{user_key}>" if _is_slack_user(user_key) else escape(user_key)


def _is_slack_user(user_key: str) -> bool:
    return re.fullmatch(r"[UW][A-Z0-9]{2,}", user_key) is not None


def _post(client: WebClient, channel: str, text: str, blocks: list[dict[str, object]]) -> Any:
    try:
        return client.chat_postMessage(channel=channel, text=text, blocks=blocks)
    except SlackApiError as exc:
        if exc.response.get("error") != "not_in_channel":
            raise
    client.conversations_join(channel=channel)
    return client.chat_postMessage(channel=channel, text=text, blocks=blocks)


# -- reading the creation modal ----------------------------------------------------------


def _values(view: dict[str, Any]) -> dict[str, Any]:
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict):
        raise MalformedPayload("view.state.values is missing")
    return values


def _selected(values: dict[str, Any], block: str, key: str) -> str | None:
    element = values.get(block)
    if not isinstance(element, dict):
        return None
    state = next(iter(element.values()), None)
    value = state.get(key) if isinstance(state, dict) else None
    return value if isinstance(value, str) and value else None


def _text(values: dict[str, Any], block: str) -> str:
    return (_selected(values, block, "value") or "").strip()


def _deadline(values: dict[str, Any], tz: str) -> datetime | None:
    day = _selected(values, "deadline_date", "selected_date")
    hour = _selected(values, "deadline_time", "selected_time") or "17:00"
    if day is None:
        return None
    try:
        local = datetime.fromisoformat(f"{day}T{hour}")
    except ValueError:
        return None
    return local.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def _to_blocks(errors: dict[str, str]) -> dict[str, str]:
    """Core field names → the modal's block ids."""
    blocks = {"deadline": "deadline_date", "review": "deadline_date"}
    return {blocks.get(name, name): message for name, message in errors.items()}
