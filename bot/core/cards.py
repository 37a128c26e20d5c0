"""Ideas and drafts as transport-neutral cards."""

from __future__ import annotations

from bot.core.messages import t
from bot.core.models import Actor, Idea, IdeaFields, IdeaStatus, MatchReason, SimilarIdea
from bot.core.permissions import Permissions
from bot.core.replies import IdeaCard

# Without a configured policy (a channel card, a test) only the author is told apart.
_DEFAULT_POLICY = Permissions()


def status_label(status: str, locale: str | None = None) -> str:
    return t(f"status.{status}", locale)


def status_line(idea: Idea, key: str, locale: str | None = None) -> str:
    """Catalogue message `key` (or its `_declined` variant, which gives the reason)
    about where one idea stands."""
    if idea.status is IdeaStatus.DECLINED:
        key += "_declined"
    return t(
        key,
        locale,
        title=idea.title,
        ref=idea.public_ref,
        status=status_label(idea.status.value, locale),
        reason=idea.status_reason or "",
    )


def idea_card(
    idea: Idea,
    viewer: Actor | None = None,
    show_author: bool = True,
    policy: Permissions | None = None,
) -> IdeaCard:
    """An anonymous idea's author is shown only to whom the policy allows (the author
    sees "you"); with no viewer (a channel card) never."""
    author = None
    policy = policy or _DEFAULT_POLICY
    if show_author and not idea.anonymous:
        author = idea.author_name
    elif show_author and viewer is not None and policy.can_see_author(viewer, idea):
        if viewer.user_id == idea.author_id:
            author = t("card.you_anonymous", viewer.locale)
        else:
            author = idea.author_name
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
        merged_into=idea.merged_into,
    )


def similar_card(
    hit: SimilarIdea, viewer: Actor | None = None, policy: Permissions | None = None
) -> IdeaCard:
    card = idea_card(hit.idea, viewer, policy=policy)
    return IdeaCard(
        **{
            **card.__dict__,
            "similarity": hit.kind.value,
            "score": round(hit.score, 3),
            "match_reason": reason_text(hit.reason, viewer.locale if viewer else None),
        }
    )


def reason_text(reason: MatchReason | None, locale: str | None = None) -> str | None:
    """One short line: the matching sentence, else the shared terms, else "by meaning"."""
    if reason is None:
        return None
    if reason.sentence:
        return t("similar.why_sentence", locale, sentence=reason.sentence)
    if reason.terms:
        return t("similar.why_terms", locale, terms=", ".join(reason.terms))
    return t("similar.why_meaning", locale)


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


def compose_description(fields: IdeaFields, locale: str | None = None) -> str:
    """The text of an idea shaped in conversation: its parts, labelled, in reading order."""
    parts = []
    for name in ("problem", "proposal", "benefits"):
        value = (getattr(fields, name) or "").strip()
        if value:
            parts.append(f"{t('field.' + name, locale).capitalize()}: {value}")
    return "\n\n".join(parts)
