"""Indexes on messages by kind and status, per owner and per conversation, which cover
the queries of the numbers (`stats`, the Stats page) on a career centre's volume.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BY_OWNER = ("owner_id", "kind", "status", "sent_at", "conversation_id")
_BY_CONVERSATION = ("conversation_id", "status", "kind", "sent_at", "received_at")


def _name(columns: tuple[str, ...]) -> str:
    return "ix_messages_" + "_".join(columns)


def upgrade() -> None:
    """Upgrade schema."""
    for columns in (_BY_OWNER, _BY_CONVERSATION):
        op.create_index(op.f(_name(columns)), "messages", list(columns), unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    for columns in (_BY_OWNER, _BY_CONVERSATION):
        op.drop_index(op.f(_name(columns)), table_name="messages")
