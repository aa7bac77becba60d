"""policy: policy versions, age accounts/signals/conflicts, decisions (see kidsafe/store/models/policy.py)

Revision ID: 0004_policy
Revises: 0003_media
"""

import sqlalchemy as sa
from alembic import op

from kidsafe.store.types import UTCDateTime

revision = "0004_policy"
down_revision = "0003_media"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("status_changed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_versions")),
        sa.UniqueConstraint("platform", "version", name=op.f("uq_policy_versions_platform_version")),
    )
    op.create_index(op.f("ix_policy_versions_platform"), "policy_versions", ["platform"])
    op.create_table(
        "age_accounts",
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("band", sa.String(16), nullable=False),
        sa.Column("source", sa.String(32), nullable=True),
        sa.Column("assurance", sa.String(16), nullable=True),
        sa.Column("signal_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_age_accounts")),
    )
    op.create_table(
        "age_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("band", sa.String(16), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("assurance", sa.String(16), nullable=False),
        sa.Column("provider", sa.String(100), nullable=False),
        sa.Column("observed_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["age_accounts.account_id"], ondelete="CASCADE",
                                name=op.f("fk_age_signals_account_id_age_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_age_signals")),
    )
    op.create_index(op.f("ix_age_signals_account_id"), "age_signals", ["account_id"])
    op.create_table(
        "age_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("other_signal_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(16), nullable=False),
        sa.Column("other_band", sa.String(16), nullable=False),
        sa.Column("resolved_band", sa.String(16), nullable=False),
        sa.Column("detected_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["age_accounts.account_id"], ondelete="CASCADE",
                                name=op.f("fk_age_conflicts_account_id_age_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_age_conflicts")),
    )
    op.create_index(op.f("ix_age_conflicts_account_id"), "age_conflicts", ["account_id"])
    op.create_table(
        "policy_decisions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("policy_version", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("rule_id", sa.String(100), nullable=True),
        sa.Column("notify", sa.JSON(), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("target_id", sa.String(200), nullable=True),
        sa.Column("actor_age_band", sa.String(16), nullable=False),
        sa.Column("target_age_band", sa.String(16), nullable=False),
        sa.Column("context", sa.String(32), nullable=False),
        sa.Column("relationship", sa.String(32), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("content_ref", sa.String(200), nullable=True),
        sa.Column("input_hash", sa.String(64), nullable=False),
        sa.Column("candidate_version", sa.String(64), nullable=True),
        sa.Column("candidate_action", sa.String(32), nullable=True),
        sa.Column("candidate_rule_id", sa.String(100), nullable=True),
        sa.Column("differs", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_decisions")),
    )
    op.create_index(op.f("ix_policy_decisions_created_at"), "policy_decisions", ["created_at"])
    op.create_index(op.f("ix_policy_decisions_candidate_version"), "policy_decisions", ["candidate_version"])


def downgrade() -> None:
    for t in ["policy_decisions", "age_conflicts", "age_signals", "age_accounts", "policy_versions"]:
        op.drop_table(t)
