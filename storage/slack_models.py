"""Tables owned by the Slack transport (processed deliveries live in storage.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class IdeaPost(Base):
    """Where an idea's card was posted, so votes can update that message in place."""

    __tablename__ = "idea_posts"
    __table_args__ = (UniqueConstraint("idea_id", "channel", name="uq_idea_posts_idea_channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(64))
    ts: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
