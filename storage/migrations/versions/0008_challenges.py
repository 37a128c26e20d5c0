"""challenges: the review date the creator sets (the summary's next step)

Revision ID: 0008_challenges
Revises: 0007_recognition
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_challenges"
down_revision = "0007_recognition"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("challenges") as batch:
        batch.add_column(sa.Column("review_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("challenges") as batch:
        batch.drop_column("review_at")
