"""What each conversation's messages say, kept on the conversation: its first request
and last nudge sent, the last message received, the first reply and the hours from the
request to it, and the first thank-you sent (store.conversation_facts derives them from
the messages), with the indexes the numbers (`stats`) read them by.

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

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BY_STATE = ("owner_id", "state", "channel", "person_id", "heard_at")
_BY_WAIT = ("owner_id", "reply_hours")
_MOMENTS = ("requested_at", "nudged_at", "heard_at", "replied_at", "thanked_at")


# The values, from the messages already stored: store.conversation_facts's statements as
# they are at this revision (a migration keeps its own copy, as 0003 does).
_OF_IT = "m.conversation_id = conversations.id"
_FILL = (
    f"""UPDATE conversations SET
    requested_at = (SELECT min(m.sent_at) FROM messages m
                    WHERE {_OF_IT} AND m.kind = 'request' AND m.status = 'sent'),
    nudged_at = (SELECT max(m.sent_at) FROM messages m
                 WHERE {_OF_IT} AND m.kind = 'nudge' AND m.status = 'sent'),
    heard_at = (SELECT max(m.received_at) FROM messages m
                WHERE {_OF_IT} AND m.status = 'received'),
    thanked_at = (SELECT min(m.sent_at) FROM messages m
                  WHERE {_OF_IT} AND m.kind = 'thank_you' AND m.status = 'sent')""",
    f"""UPDATE conversations SET
    replied_at = (SELECT min(m.received_at) FROM messages m
                  WHERE {_OF_IT} AND m.status = 'received'
                    AND (m.received_at > conversations.requested_at
                         OR conversations.requested_at IS NULL))""",
    "UPDATE conversations SET reply_hours = {hours}",
)
_HOURS = {
    "sqlite": "(julianday(replied_at) - julianday(requested_at)) * 24.0",
    "postgresql": "extract(epoch FROM replied_at - requested_at) / 3600.0",
}


def _name(columns: tuple[str, ...]) -> str:
    return "ix_conversations_" + "_".join(columns)


def upgrade() -> None:
    """Upgrade schema."""
    for moment in _MOMENTS:
        op.add_column("conversations", sa.Column(moment, sa.DateTime(timezone=True)))
    op.add_column("conversations", sa.Column("reply_hours", sa.Float()))
    for columns in (_BY_STATE, _BY_WAIT):
        op.create_index(op.f(_name(columns)), "conversations", list(columns), unique=False)
    for statement in _FILL:
        op.execute(statement.format(hours=_HOURS[op.get_bind().dialect.name]))


def downgrade() -> None:
    """Downgrade schema."""
    for columns in (_BY_STATE, _BY_WAIT):
        op.drop_index(op.f(_name(columns)), table_name="conversations")
    for column in (*_MOMENTS, "reply_hours"):
        op.drop_column("conversations", column)
