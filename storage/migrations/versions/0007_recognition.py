"""points: one award per key (replayed events award once), private awards

Revision ID: 0007_recognition
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_recognition"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("points") as batch:
        batch.add_column(sa.Column("award_key", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Rows written before awards had keys (none are expected) keep a unique one.
    op.execute("UPDATE points SET award_key = 'legacy:' || id WHERE award_key IS NULL")
    with op.batch_alter_table("points") as batch:
        batch.alter_column("award_key", existing_type=sa.String(length=200), nullable=False)
        batch.alter_column("private", existing_type=sa.Boolean(), server_default=None)
        batch.create_unique_constraint("uq_points_team_award", ["team_id", "award_key"])


def downgrade() -> None:
    with op.batch_alter_table("points") as batch:
        batch.drop_constraint("uq_points_team_award", type_="unique")
        batch.drop_column("private")
        batch.drop_column("award_key")
