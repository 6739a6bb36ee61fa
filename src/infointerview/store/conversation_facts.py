"""What a conversation's messages say, kept on the conversation itself: when the first
reply came, how many hours after the first request, and when the first thank-you went.

The numbers (services.stats) read one row per conversation for these instead of joining
each conversation's messages: at a career centre's 100,000 conversations and 300,000
messages the join cost more than the whole of `stats` may take. They are derived values,
so they are only ever written here, from the messages, by one portable statement: when a
message is logged or sent, after a restore, and by the migration that added them.
"""

from __future__ import annotations

from infointerview.store.plain_sql import Driver

# The first request sent on the conversation being updated.
_ASKED = """(SELECT min(q.sent_at) FROM messages q
             WHERE q.conversation_id = conversations.id
               AND q.kind = 'request' AND q.status = 'sent')"""
# A reply is a message received after the first request; with no request sent (a
# conversation moved on by hand), any message received.
_REPLIED_AND_THANKED = f"""
UPDATE conversations SET
    replied_at = (SELECT min(m.received_at) FROM messages m
                  WHERE m.conversation_id = conversations.id AND m.status = 'received'
                    AND (m.received_at > {_ASKED} OR {_ASKED} IS NULL)),
    thanked_at = (SELECT min(m.sent_at) FROM messages m
                  WHERE m.conversation_id = conversations.id
                    AND m.kind = 'thank_you' AND m.status = 'sent')
WHERE {{where}}"""
# Hours from the first request to the reply (NULL without either), once replied_at is set.
_HOURS = {
    "sqlite": f"(julianday(replied_at) - julianday({_ASKED})) * 24.0",
    "postgresql": f"extract(epoch FROM replied_at - {_ASKED}) / 3600.0",
}
_REPLY_HOURS = "UPDATE conversations SET reply_hours = {hours} WHERE {where}"


def refresh(db: Driver, *, conversation_id: int | None = None) -> None:
    """Derive the reply and thank-you facts of one conversation from its messages, or of
    every conversation in the database when ``conversation_id`` is None."""
    where = "id = :id" if conversation_id is not None else "1 = 1"
    params = {"id": conversation_id} if conversation_id is not None else {}
    db.execute(_REPLIED_AND_THANKED.format(where=where), params)
    db.execute(_REPLY_HOURS.format(hours=_HOURS[db.dialect], where=where), params)
