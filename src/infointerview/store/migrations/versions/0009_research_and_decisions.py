"""Research per target: notes with their sources, claims to verify, the evidence
conversations give for and against them, and the decisions taken.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _owner() -> sa.Column[int]:
    return sa.Column("owner_id", sa.Integer(), nullable=False)


def _owner_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["owner_id"], ["users.id"], name=op.f(f"fk_{table}_owner_id_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "research_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("source_title", sa.String(length=300), nullable=True),
        sa.Column("source_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _owner(),
        _owner_key("research_notes"),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["targets.id"],
            name=op.f("fk_research_notes_target_id_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_notes")),
    )
    op.create_index(op.f("ix_research_notes_owner_id"), "research_notes", ["owner_id"])
    op.create_index(op.f("ix_research_notes_target_id"), "research_notes", ["target_id"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("research_note_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "claim",
                "question",
                name="claim_kind",
                native_enum=False,
                length=20,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _owner(),
        _owner_key("claims"),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["targets.id"],
            name=op.f("fk_claims_target_id_targets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["research_note_id"],
            ["research_notes.id"],
            name=op.f("fk_claims_research_note_id_research_notes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_owner_id"), "claims", ["owner_id"])
    op.create_index(op.f("ix_claims_target_id"), "claims", ["target_id"])
    op.create_index(op.f("ix_claims_research_note_id"), "claims", ["research_note_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column(
            "verdict",
            sa.Enum(
                "confirms",
                "contradicts",
                "refines",
                "answers",
                name="verdict",
                native_enum=False,
                length=20,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("quote", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _owner(),
        _owner_key("evidence"),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_evidence_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_evidence_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    op.create_index(op.f("ix_evidence_owner_id"), "evidence", ["owner_id"])
    op.create_index(op.f("ix_evidence_claim_id"), "evidence", ["claim_id"])
    op.create_index(op.f("ix_evidence_conversation_id"), "evidence", ["conversation_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _owner(),
        _owner_key("decisions"),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["targets.id"],
            name=op.f("fk_decisions_target_id_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_owner_id"), "decisions", ["owner_id"])
    op.create_index(op.f("ix_decisions_target_id"), "decisions", ["target_id"])
    op.create_table(
        "decision_claims",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_claims_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_decision_claims_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "claim_id", name=op.f("pk_decision_claims")),
    )
    op.create_index(op.f("ix_decision_claims_claim_id"), "decision_claims", ["claim_id"])


def downgrade() -> None:
    """Downgrade schema."""
    for table in ("decision_claims", "decisions", "evidence", "claims", "research_notes"):
        op.drop_table(table)
