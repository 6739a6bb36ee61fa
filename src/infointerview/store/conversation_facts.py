"""What a conversation's messages say, kept on the conversation itself: when the first
request and the last nudge were sent, when the explorer last heard back, when the first
reply came and how many hours after the request, and when the first thank-you went.

The follow-up rules (services.followup_query) and the numbers (services.stats) read one
row per conversation for these instead of grouping each conversation's messages: at a
career centre's 100,000 conversations and 300,000 messages that grouping cost more than
`today` and `stats` may take. They are derived values, so they are only ever written
here, from the messages, by portable statements: when a message is logged or sent,
after a restore, and by the migration that added them.
"""

from __future__ import annotations

from infointerview.store.plain_sql import Driver

# The columns of conversations this module derives, and no other code writes.
COLUMNS = ("requested_at", "nudged_at", "heard_at", "replied_at", "reply_hours", "thanked_at")

_OF_IT = "m.conversation_id = conversations.id"
_FIRST_AND_LAST = f"""
UPDATE conversations SET
    requested_at = (SELECT min(m.sent_at) FROM messages m
                    WHERE {_OF_IT} AND m.kind = 'request' AND m.status = 'sent'),
    nudged_at = (SELECT max(m.sent_at) FROM messages m
                 WHERE {_OF_IT} AND m.kind = 'nudge' AND m.status = 'sent'),
    heard_at = (SELECT max(m.received_at) FROM messages m
                WHERE {_OF_IT} AND m.status = 'received'),
    thanked_at = (SELECT min(m.sent_at) FROM messages m
                  WHERE {_OF_IT} AND m.kind = 'thank_you' AND m.status = 'sent')
WHERE {{where}}"""
# A reply is a message received after the first request; with no request sent (a
# conversation moved on by hand), any message received.
_REPLIED = f"""
UPDATE conversations SET
    replied_at = (SELECT min(m.received_at) FROM messages m
                  WHERE {_OF_IT} AND m.status = 'received'
                    AND (m.received_at > conversations.requested_at
                         OR conversations.requested_at IS NULL))
WHERE {{where}}"""
# Hours from the first request to the reply (NULL without either).
_HOURS = {
    "sqlite": "(julianday(replied_at) - julianday(requested_at)) * 24.0",
    "postgresql": "extract(epoch FROM replied_at - requested_at) / 3600.0",
}
_REPLY_HOURS = "UPDATE conversations SET reply_hours = {hours} WHERE {where}"


def refresh(db: Driver, *, conversation_id: int | None = None) -> None:
    """Derive the message facts of one conversation, or of every conversation in the
    database when ``conversation_id`` is None (each statement reads the one before)."""
    where = "id = :id" if conversation_id is not None else "1 = 1"
    params = {"id": conversation_id} if conversation_id is not None else {}
    db.execute(_FIRST_AND_LAST.format(where=where), params)
    db.execute(_REPLIED.format(where=where), params)
    db.execute(_REPLY_HOURS.format(hours=_HOURS[db.dialect], where=where), params)
