"""Ideas as JSON-ready dicts: the CLI contract (DESIGN.md §5)."""

from __future__ import annotations

from typing import Any

from bot.core.models import Idea, SimilarIdea


def idea_to_dict(idea: Idea) -> dict[str, Any]:
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
        "votes": idea.votes,
        "author": None if idea.anonymous else idea.author_name,
        "anonymous": idea.anonymous,
        "challenge": idea.challenge,
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


def export_row(idea: Idea) -> dict[str, Any]:
    """An idea in the import format, so an export can be imported elsewhere."""
    return {
        "id": idea.external_ref if idea.external_id is not None else str(idea.id),
        "title": idea.title,
        "description": idea.description,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "benefits": idea.benefits,
        "tags": list(idea.tags),
        "author": None if idea.anonymous else idea.author_name,
        "anonymous": idea.anonymous,
        "created_at": idea.created_at.isoformat(),
        "status": idea.status.value,
        "status_reason": idea.status_reason,
        "votes": idea.votes,
        "challenge": idea.challenge,
    }
