"""Tasks the follow-up rules make: a stable key per owner (so running the rules again
adds nothing), the referral a task is about, a priority, and when it was dismissed.
A new table holds each user's calendar feed token (a table of its own: adding a
constraint to users would make SQLite rebuild it, and dropping that parent table would
cascade to every row).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("key", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("referral_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("priority", sa.Integer(), server_default="5", nullable=False))
        batch_op.add_column(sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_tasks_referral_id_referrals"),
            "referrals",
            ["referral_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_tasks_referral_id"), ["referral_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tasks_owner_id_due_on"), ["owner_id", "due_on"], unique=False
        )
    # Tasks made before this revision had no key: give each its own, then require them.
    op.execute("UPDATE tasks SET key = 'legacy:' || id WHERE key = ''")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_tasks_owner_id_key"), ["owner_id", "key"])
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_calendar_feeds_owner_id")),
        sa.UniqueConstraint("token", name=op.f("uq_calendar_feeds_token")),
    )
    op.create_index(
        op.f("ix_calendar_feeds_owner_id"), "calendar_feeds", ["owner_id"], unique=False
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_calendar_feeds_owner_id"), table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_tasks_owner_id_key"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_tasks_owner_id_due_on"))
        batch_op.drop_index(batch_op.f("ix_tasks_referral_id"))
        batch_op.drop_constraint(batch_op.f("fk_tasks_referral_id_referrals"), type_="foreignkey")
        batch_op.drop_column("dismissed_at")
        batch_op.drop_column("priority")
        batch_op.drop_column("referral_id")
        batch_op.drop_column("key")
