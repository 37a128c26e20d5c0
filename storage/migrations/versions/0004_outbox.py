"""outbox for durable side effects; processed_events pruned by age

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("consumer", sa.String(length=60), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.create_index("ix_outbox_due", ["done_at", "next_attempt_at"], unique=False)
    with op.batch_alter_table("processed_events") as batch:
        batch.create_index("ix_processed_events_received_at", ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_index("ix_processed_events_received_at")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_due")
    op.drop_table("outbox")
