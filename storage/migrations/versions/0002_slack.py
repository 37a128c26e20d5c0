"""slack: where idea cards were posted

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idea_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idea_id", "channel", name="uq_idea_posts_idea_channel"),
    )
    with op.batch_alter_table("idea_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idea_posts_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("idea_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_posts_team_id"))
    op.drop_table("idea_posts")
