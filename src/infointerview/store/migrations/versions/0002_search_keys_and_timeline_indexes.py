"""People get stored lower-case sort and search keys; the timeline gets per-person and
per-conversation indexes.

On SQLite, lower() is a Python function (SQLite's own folds ASCII only), so sorting and
searching 10,000 people called it tens of thousands of times per page. The keys are
computed once, when a person is written.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from infointerview.domain.naming import person_keys

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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
    # The keys services.people writes on every later change.
    for person_id, full_name, title in rows:
        sort_name, search_text = person_keys(full_name, title)
        connection.execute(
            people.update()
            .where(people.c.id == person_id)
            .values(sort_name=sort_name, search_text=search_text)
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
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_owner_id_sort_name"))
        batch_op.drop_column("search_text")
        batch_op.drop_column("sort_name")
