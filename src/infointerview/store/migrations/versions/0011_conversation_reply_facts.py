"""Each conversation's first reply, the hours from its first request to that reply, and
its first thank-you sent, kept on the conversation (store.conversation_facts derives
them from the messages), with the indexes the numbers (`stats`) read them by.

Plain ADD COLUMNs: a batch rebuild of conversations would drop the table, and SQLite
would cascade that to every row that references a conversation. The values are filled
from the messages already stored.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from infointerview.store import conversation_facts
from infointerview.store.plain_sql import of_connection

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BY_STATE = ("owner_id", "state", "channel", "person_id", "replied_at")
_BY_WAIT = ("owner_id", "reply_hours")


def _name(columns: tuple[str, ...]) -> str:
    return "ix_conversations_" + "_".join(columns)


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("conversations", sa.Column("replied_at", sa.DateTime(timezone=True)))
    op.add_column("conversations", sa.Column("reply_hours", sa.Float()))
    op.add_column("conversations", sa.Column("thanked_at", sa.DateTime(timezone=True)))
    for columns in (_BY_STATE, _BY_WAIT):
        op.create_index(op.f(_name(columns)), "conversations", list(columns), unique=False)
    conversation_facts.refresh(of_connection(op.get_bind()))


def downgrade() -> None:
    """Downgrade schema."""
    for columns in (_BY_STATE, _BY_WAIT):
        op.drop_index(op.f(_name(columns)), table_name="conversations")
    for column in ("thanked_at", "reply_hours", "replied_at"):
        op.drop_column("conversations", column)
