"""ORM rows → core dataclasses (core never sees an ORM object)."""

from __future__ import annotations

from bot.core.models import Idea, IdeaStatus
from storage import models as m


def to_idea(row: m.Idea) -> Idea:
    author = row.author
    return Idea(
        id=row.id,
        team_id=row.team_id,
        external_id=row.external_id,
        external_id_numeric=bool(row.external_id_numeric),
        title=row.title,
        description=row.description,
        problem=row.problem,
        proposal=row.proposal,
        benefits=row.benefits,
        tags=[link.tag_name for link in row.tag_links],
        status=IdeaStatus(row.status),
        status_reason=row.status_reason,
        votes=row.vote_count,
        author_id=author.user_key if author else None,
        author_name=(author.display_name or author.user_key) if author else None,
        anonymous=row.anonymous,
        challenge=row.challenge.title if row.challenge else None,
        challenge_id=row.challenge_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        merged_into=row.merge_links[0].other_idea_id if row.merge_links else None,
    )
