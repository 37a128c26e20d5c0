"""Ideas as JSON-ready dicts: the CLI contract (DESIGN.md §5).

`show_author` is the permission policy's answer for the viewer; without it an
anonymous idea's author is withheld.
"""

from __future__ import annotations

from typing import Any

from bot.core.cards import reason_text
from bot.core.models import INTERNAL_REF_PREFIX, Idea, SimilarIdea


def idea_to_dict(idea: Idea, show_author: bool = False) -> dict[str, Any]:
    return {
        "id": idea.id,
        "external_id": idea.external_ref,
        "title": idea.title,
        "description": idea.description,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "benefits": idea.benefits,
        "tags": list(idea.tags),
        "status": idea.status.value,
        "status_reason": idea.status_reason,
        # While merged: "#A", the idea it lives on in (its votes count there).
        "merged_into": f"#{idea.merged_into}" if idea.merged_into is not None else None,
        "votes": idea.votes,
        "author": _author(idea, show_author),
        "anonymous": idea.anonymous,
        "challenge": idea.challenge,
        "challenge_id": idea.challenge_id,
        "created_at": idea.created_at.isoformat(),
        "updated_at": idea.updated_at.isoformat(),
    }


def similar_to_dict(hit: SimilarIdea) -> dict[str, Any]:
    return {
        "id": hit.idea.external_ref if hit.idea.external_id is not None else hit.idea.id,
        "idea_id": hit.idea.id,
        "title": hit.idea.title,
        "score": round(hit.score, 4),
        "kind": hit.kind.value,
        "status": hit.idea.status.value,
        "votes": hit.idea.votes,
        "why": reason_text(hit.reason),
    }


EXPORT_COLUMNS = (
    "id",
    "title",
    "description",
    "problem",
    "proposal",
    "benefits",
    "tags",
    "author",
    "anonymous",
    "created_at",
    "status",
    "status_reason",
    "votes",
    "challenge",
)


def _author(idea: Idea, show_author: bool) -> str | None:
    return idea.author_name if show_author or not idea.anonymous else None


def export_ref(idea: Idea) -> str | int:
    ref = idea.external_ref
    return ref if ref is not None else f"{INTERNAL_REF_PREFIX}{idea.id}"


def export_row(idea: Idea, show_author: bool = False) -> dict[str, Any]:
    """An idea in the import format: importing it again changes nothing."""
    return {
        "id": export_ref(idea),
        "title": idea.title,
        "description": idea.description,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "benefits": idea.benefits,
        "tags": list(idea.tags),
        "author": _author(idea, show_author),
        "anonymous": idea.anonymous,
        "created_at": idea.created_at.isoformat(),
        "status": idea.status.value,
        "status_reason": idea.status_reason,
        "votes": idea.votes,
        "challenge": idea.challenge,
    }
