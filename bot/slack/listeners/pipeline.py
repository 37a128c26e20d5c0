"""Status changes from Slack: the status menu on an idea card (or in the managers'
App Home section) opens a modal asking for the reason; its Submit changes the status.

The card is the same for everyone in the channel, so anyone can open the menu: the
policy decides on the click and again on the Submit (a submission can be forged
without the modal ever being opened). A refusal is said to the person only — an
ephemeral message, or the modal replaced by the explanation — never a silent no-op.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import SectionBlock

from bot.core.messages import t
from bot.core.models import Actor, IdeaStatus
from bot.core.notices import SetStatusNotices
from bot.core.permissions import Permission, Refusal
from bot.core.pipeline import MAX_REASON_CHARS, SETTABLE, ChangeStatus
from bot.core.text import InvalidInput, clean
from bot.slack.blocks import mrkdwn
from bot.slack.delivery import open_dm
from bot.slack.deps import SlackDeps
from bot.slack.listeners.home import publish
from bot.slack.middleware import handoff
from bot.slack.parse import MalformedPayload, interaction_actor, metadata, trigger_id, view_id
from bot.slack.pipeline_blocks import (
    MODAL_CALLBACK,
    NOTICES_OFF,
    NOTICES_ON,
    REASON_BLOCK,
    STATUS_ACTION,
    message_view,
    preference_blocks,
    status_modal,
)
from bot.slack.registry import Registry

log = logging.getLogger(__name__)

_ROW_ID = re.compile(r"[1-9][0-9]{0,18}", re.ASCII)
_STATUS_VALUE = re.compile(r"(?P<idea>[1-9][0-9]{0,18}):(?P<status>[a-z_]{1,20})", re.ASCII)
_MAX_ROW_ID = 2**63 - 1


@dataclass(frozen=True)
class StatusChoice:
    actor: Actor
    idea_id: int
    status: IdeaStatus
    trigger_id: str | None
    response_url: str | None
    from_home: bool


def _settable(value: str, what: str) -> IdeaStatus:
    try:
        status = IdeaStatus(value)
    except ValueError:
        raise MalformedPayload(f"{what} is not a status") from None
    if status not in SETTABLE:
        raise MalformedPayload(f"{what} is not a status one may choose")
    return status


def _row_id(value: Any, what: str) -> int:
    if not isinstance(value, str) or not _ROW_ID.fullmatch(value) or int(value) > _MAX_ROW_ID:
        raise MalformedPayload(f"{what} is not an id")
    return int(value)


def status_choice(body: Mapping[str, Any]) -> StatusChoice:
    """The status menu's selection, checked for shape (not for permission)."""
    actor = interaction_actor(body)
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], Mapping):
        raise MalformedPayload("actions is missing or empty")
    selected = actions[0].get("selected_option")
    value = selected.get("value") if isinstance(selected, Mapping) else None
    match = _STATUS_VALUE.fullmatch(value) if isinstance(value, str) else None
    if match is None or int(match.group("idea")) > _MAX_ROW_ID:
        raise MalformedPayload("selected_option.value is not '<idea>:<status>'")
    view = body.get("view")
    response_url = body.get("response_url")
    return StatusChoice(
        actor=actor,
        idea_id=int(match.group("idea")),
        status=_settable(match.group("status"), "selected_option.value"),
        trigger_id=trigger_id(body),
        response_url=response_url if isinstance(response_url, str) else None,
        from_home=isinstance(view, Mapping) and view.get("type") == "home",
    )


@dataclass(frozen=True)
class StatusForm:
    actor: Actor
    idea_id: int
    status: IdeaStatus
    reason: str
    origin: str
    view_id: str


def status_form(body: Mapping[str, Any], view: Mapping[str, Any]) -> StatusForm:
    actor = interaction_actor(body)
    data = metadata(view)
    state = view.get("state")
    values = state.get("values") if isinstance(state, Mapping) else None
    if not isinstance(values, Mapping):
        raise MalformedPayload("view.state.values is missing")
    block = values.get(REASON_BLOCK, {})
    element: Any = next(iter(block.values()), {}) if isinstance(block, Mapping) else None
    reason = element.get("value") if isinstance(element, Mapping) else None
    if reason is not None and not isinstance(reason, str):
        raise MalformedPayload("the reason is not text")
    return StatusForm(
        actor=actor,
        idea_id=_row_id(data.get("idea"), "private_metadata.idea"),
        status=_settable(str(data.get("status", "")), "private_metadata.status"),
        reason=clean(reason or "")[: MAX_REASON_CHARS * 2],
        origin=data.get("origin", "channel"),
        view_id=view_id(view),
    )


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.action(re.compile(rf"^{STATUS_ACTION}$"), on_status_chosen(deps))
    registry.view(MODAL_CALLBACK, on_status_submitted(deps))
    registry.action(re.compile(rf"^(?:{NOTICES_OFF}|{NOTICES_ON})$"), on_notices_choice(deps))


def _tell(
    deps: SlackDeps, client: WebClient, choice: StatusChoice, respond: Callable[..., Any], text: str
) -> None:
    """Only the clicking person sees it: on Home as a notice on top, elsewhere ephemeral."""
    if choice.from_home:
        publish(deps, client, choice.actor, notice=text)
    elif choice.response_url:
        respond(text=text, response_type="ephemeral", replace_original=False)


def on_status_chosen(deps: SlackDeps) -> Callable[..., None]:
    def handle_status_chosen(
        ack: Callable[[], None],
        body: dict[str, Any],
        client: WebClient,
        respond: Callable[..., Any],
        context: dict[str, Any],
    ) -> None:
        choice = status_choice(body)  # before the ack: malformed is a 400
        ack()

        def open_form() -> None:
            container = deps.container
            actor = deps.named(client, choice.actor)
            refusal = container.permissions.refusal(actor, Permission.CHANGE_STATUS)
            if refusal is not None:
                _tell(deps, client, choice, respond, refusal.message(actor.locale))
                return
            idea = container.ideas.get(actor.team_id, str(choice.idea_id))
            problem = _problem(idea, choice.idea_id, actor)
            if problem or idea is None or choice.trigger_id is None:
                _tell(deps, client, choice, respond, problem or "…")
                return
            origin = "home" if choice.from_home else "channel"
            view = status_modal(idea, choice.status, origin, actor.locale)
            client.views_open(trigger_id=choice.trigger_id, view=view)

        handoff(deps.workers, deps.deduper, context, open_form)

    return handle_status_chosen


def _problem(idea: Any, idea_id: int, actor: Actor) -> str | None:
    loc = actor.locale
    if idea is None or idea.team_id != actor.team_id:
        return t("pipeline.error.unknown_idea", loc, ref=idea_id)
    if idea.status is IdeaStatus.MERGED:
        return t("pipeline.error.is_merged", loc, ref=idea.public_ref)
    return None


def on_status_submitted(deps: SlackDeps) -> Callable[..., None]:
    def handle_status_submitted(
        ack: Callable[..., None],
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: dict[str, Any],
    ) -> None:
        form = status_form(body, view)  # before the ack: malformed is a 400
        container = deps.container
        actor = deps.named(client, form.actor)
        refusal = container.permissions.refusal(actor, Permission.CHANGE_STATUS)
        if refusal is not None:
            ack(response_action="update", view=message_view(refusal.message(actor.locale)))
            return
        # What the manager can fix stays in the modal, under the reason.
        error = _form_error(deps, actor, form)
        if error is not None:
            ack(response_action="errors", errors={REASON_BLOCK: error})
            return
        key = f"view:{actor.team_id}:{form.view_id}"
        ack()

        def change() -> None:
            command = ChangeStatus(actor, form.idea_id, form.status, form.reason or None)
            try:
                result = container.ideas.pipeline.change_status(command)
            except InvalidInput as exc:  # lost a race since the checks above
                _dm(client, actor, str(exc))
                return
            if isinstance(result, Refusal):
                _dm(client, actor, result.message(actor.locale))
                return
            if form.origin == "home":
                done = t(
                    "pipeline.changed",
                    actor.locale,
                    ref=result.public_ref,
                    status=result.status.value,
                )
                publish(deps, client, actor, notice=done)

        handoff(deps.workers, deps.deduper, context, change, extra=((key, "view", None, True),))

    return handle_status_submitted


def _form_error(deps: SlackDeps, actor: Actor, form: StatusForm) -> str | None:
    loc = actor.locale
    if form.status is IdeaStatus.DECLINED and not form.reason:
        return t("pipeline.error.reason_required", loc)
    if len(form.reason) > MAX_REASON_CHARS:
        return t("pipeline.error.reason_too_long", loc, limit=MAX_REASON_CHARS)
    idea = deps.container.ideas.get(actor.team_id, str(form.idea_id))
    problem = _problem(idea, form.idea_id, actor)
    if problem or idea is None:
        return problem
    if idea.status is form.status and (idea.status_reason or "") == form.reason:
        return t("pipeline.error.unchanged", loc, ref=idea.public_ref, status=form.status.value)
    return None


def _dm(client: WebClient, actor: Actor, text: str) -> None:
    try:
        channel = open_dm(client, actor.user_id)
        client.chat_postMessage(
            channel=channel, text=text, blocks=[SectionBlock(text=mrkdwn(text)).to_dict()]
        )
    except SlackApiError as exc:
        log.warning("could not tell %s: %s", actor.user_id, exc.response.get("error"))


def on_notices_choice(deps: SlackDeps) -> Callable[..., None]:
    def handle_notices_choice(
        ack: Callable[[], None],
        body: dict[str, Any],
        client: WebClient,
        respond: Callable[..., Any],
        context: dict[str, Any],
    ) -> None:
        actor = interaction_actor(body)
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else None
        action_id = first.get("action_id") if isinstance(first, Mapping) else None
        if action_id not in (NOTICES_OFF, NOTICES_ON):
            raise MalformedPayload("unknown action_id")
        on = action_id == NOTICES_ON
        has_url = isinstance(body.get("response_url"), str)
        ack()

        def remember() -> None:
            named = deps.named(client, actor)
            text = deps.container.notices.set_preference(SetStatusNotices(named, on))
            if has_url:
                blocks = preference_blocks(text, on, named.locale)
                respond(text=text, blocks=blocks, replace_original=False)

        handoff(deps.workers, deps.deduper, context, remember)

    return handle_notices_choice
