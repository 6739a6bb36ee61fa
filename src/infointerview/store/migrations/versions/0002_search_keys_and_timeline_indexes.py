"""People get stored lower-case sort and search keys; the timeline gets per-person and
per-conversation indexes.

On SQLite, lower() is a Python function (SQLite's own folds ASCII only), so sorting and
searching 10,000 people called it tens of thousands of times per page. The keys are
computed once, when a person is written.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fold(text: str) -> str:
    # Frozen copy of domain.naming.fold as of this revision: a migration must keep doing
    # what it did when it was written.
    lowered = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", lowered)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sort_name", sa.String(length=300), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))
        batch_op.create_index(
            batch_op.f("ix_people_owner_id_sort_name"), ["owner_id", "sort_name"], unique=False
        )
    people = sa.table(
        "people",
        sa.column("id", sa.Integer()),
        sa.column("full_name", sa.String()),
        sa.column("title", sa.String()),
        sa.column("sort_name", sa.String()),
        sa.column("search_text", sa.Text()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.full_name, people.c.title)).all()
    # The keys services.people writes on every later change (domain.naming.person_keys).
    for person_id, full_name, title in rows:
        connection.execute(
            people.update()
            .where(people.c.id == person_id)
            .values(
                sort_name=_fold(full_name)[:300],
                search_text=f"{full_name}\n{title or ''}".lower(),
            )
        )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_person_id"))
        batch_op.drop_index(batch_op.f("ix_events_conversation_id"))
        batch_op.create_index(
            batch_op.f("ix_events_person_id_occurred_at"),
            ["person_id", "occurred_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_events_conversation_id_occurred_at"),
            ["conversation_id", "occurred_at"],
            unique=False,
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_conversation_id_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_events_person_id_occurred_at"))
        batch_op.create_index(
            batch_op.f("ix_events_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_events_person_id"), ["person_id"], unique=False)
    # recreate="never": SQLite (3.35+) drops the columns in place. Rebuilding the table
    # would drop it, and with foreign keys on, that cascades to emails, conversations...
    with op.batch_alter_table("people", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_owner_id_sort_name"))
        batch_op.drop_column("search_text")
        batch_op.drop_column("sort_name")
