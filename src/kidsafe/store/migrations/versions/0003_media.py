"""media: hash banks, bank entries, preserved evidence (see kidsafe/store/models/media.py)

Revision ID: 0003_media
Revises: 0002_conversation
"""

import sqlalchemy as sa
from alembic import op

from kidsafe.store.types import UTCDateTime

revision = "0003_media"
down_revision = "0002_conversation"
branch_labels = None
depends_on = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "media_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("negative", sa.Boolean(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("preserve_evidence", sa.Boolean(), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_banks")),
        sa.UniqueConstraint("name", name=op.f("uq_media_banks_name")),
    )
    op.create_table(
        "media_bank_entries",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("signal_type", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.String(200), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["media_banks.id"], ondelete="CASCADE",
                                name=op.f("fk_media_bank_entries_bank_id_media_banks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_bank_entries")),
        sa.UniqueConstraint("bank_id", "signal_type", "value", name=op.f("uq_media_bank_entries_bank_id")),
    )
    op.create_index(op.f("ix_media_bank_entries_bank_id"), "media_bank_entries", ["bank_id"])
    op.create_index(op.f("ix_media_bank_entries_value"), "media_bank_entries", ["value"])
    op.create_table(
        "media_evidence",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("md5", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pdq", sa.String(64), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("matches", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_evidence")),
    )
    op.create_index(op.f("ix_media_evidence_expires_at"), "media_evidence", ["expires_at"])
    op.create_index(op.f("ix_media_evidence_sha256"), "media_evidence", ["sha256"])


def downgrade() -> None:
    op.drop_table("media_evidence")
    op.drop_table("media_bank_entries")
    op.drop_table("media_banks")
