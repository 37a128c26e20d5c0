"""Core calls for the Slack surfaces, each returning transport-neutral replies."""

from __future__ import annotations

from bot.container import Container
from bot.core.cards import idea_card
from bot.core.conversation import Incoming
from bot.core.messages import t
from bot.core.models import Actor, NewIdea
from bot.core.replies import Action, Reply, ReplyKind
from bot.core.terms import must_accept
from bot.core.text import InvalidInput
from bot.slack.parse import IdeaForm


def say(container: Container, actor: Actor, text: str) -> list[Reply]:
    """A person's message ("similar: …" searches; the core reads that too)."""
    if not text.strip():
        return container.conversation.start(actor)
    return container.conversation.handle(Incoming(actor, text=text))


def click(container: Container, actor: Actor, action: Action, value: str) -> list[Reply]:
    return container.conversation.handle(Incoming(actor, action=action, value=value))


def submit_form(
    container: Container, actor: Actor, form: IdeaForm, source: str | None
) -> list[Reply]:
    """A modal's idea, submitted directly (no conversation), authored by the submitter."""
    refused = terms_refusal(container, actor)
    if refused is not None:
        return [refused]
    description = form.description.strip()
    if source:
        description += "\n\n" + source
    try:
        idea = container.ideas.create(
            NewIdea(
                team_id=actor.team_id,
                title=form.title.strip(),
                description=description,
                author_id=actor.user_id,
                author_name=actor.name,
                anonymous=form.anonymous,
            ),
            actor,
        )
    except InvalidInput as exc:
        return [Reply(str(exc), kind=ReplyKind.ERROR)]
    key = "submitted.anonymous" if form.anonymous else "submitted.named"
    return [
        Reply(
            t(key, ref=idea.public_ref, title=idea.title),
            kind=ReplyKind.SUBMITTED,
            cards=(idea_card(idea, actor, policy=container.permissions),),
            idea_id=idea.id,
        )
    ]


def terms_refusal(container: Container, actor: Actor) -> Reply | None:
    """The modal has no room for the terms: who has not accepted them is told how to."""
    terms = container.conversation.deps.terms
    if terms is None:
        return None
    with container.store.unit_of_work() as uow:
        profile = uow.people.profile(actor.team_id, actor.user_id, actor.name)
    if not must_accept(terms, profile):
        return None
    return Reply(t("terms.modal_refused", actor.locale), kind=ReplyKind.ERROR)
