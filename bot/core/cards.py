"""Ideas and drafts as transport-neutral cards."""

from __future__ import annotations

from bot.core.messages import t
from bot.core.models import Idea, IdeaFields, IdeaStatus, SimilarIdea
from bot.core.replies import IdeaCard


def status_label(status: str, locale: str | None = None) -> str:
    return t(f"status.{status}", locale)


def status_line(idea: Idea, key: str) -> str:
    """Catalogue message `key` (or its `_declined` variant, which gives the reason)
    about where one idea stands."""
    if idea.status is IdeaStatus.DECLINED:
        key += "_declined"
    return t(
        key,
        title=idea.title,
        ref=idea.public_ref,
        status=status_label(idea.status.value),
        reason=idea.status_reason or "",
    )


def idea_card(idea: Idea, viewer: str | None = None, show_author: bool = True) -> IdeaCard:
    """`viewer` sees their own name on their anonymous ideas; nobody else does."""
    author = None
    if show_author and not idea.anonymous:
        author = idea.author_name
    elif show_author and viewer and viewer == idea.author_id:
        author = t("card.you_anonymous")
    return IdeaCard(
        title=idea.title,
        idea_id=idea.id,
        problem=idea.problem,
        proposal=idea.proposal,
        benefits=idea.benefits,
        description=idea.description,
        tags=tuple(idea.tags),
        status=idea.status.value,
        status_reason=idea.status_reason,
        votes=idea.votes,
        author=author,
        challenge=idea.challenge,
    )


def similar_card(hit: SimilarIdea) -> IdeaCard:
    card = idea_card(hit.idea)
    return IdeaCard(**{**card.__dict__, "similarity": hit.kind.value, "score": round(hit.score, 3)})


def preview_card(fields: IdeaFields, author: str | None) -> IdeaCard:
    return IdeaCard(
        title=fields.title or "",
        problem=fields.problem,
        proposal=fields.proposal,
        benefits=fields.benefits,
        tags=tuple(fields.tags),
        challenge=fields.challenge,
        author=author,
        is_preview=True,
    )


def compose_description(fields: IdeaFields) -> str:
    """The text of an idea shaped in conversation: its parts, labelled, in reading order."""
    parts = []
    for name in ("problem", "proposal", "benefits"):
        value = (getattr(fields, name) or "").strip()
        if value:
            parts.append(f"{t('field.' + name).capitalize()}: {value}")
    return "\n\n".join(parts)
