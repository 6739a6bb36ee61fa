"""Each person's own keep-in-touch interval: the days between contacts, where the
explorer set one (NULL: the configured default, [followup] keep_in_touch_days).

A plain ADD COLUMN: a batch rebuild of people would drop the table, and SQLite would
cascade that to every row that references a person.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("people", sa.Column("keep_in_touch_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("people", "keep_in_touch_days")
