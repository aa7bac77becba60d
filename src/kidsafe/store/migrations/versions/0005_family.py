"""family: supervised children, guardian links, usage, extra time, contacts, purchases, alerts, notices

Revision ID: 0005_family
Revises: 0004_policy
"""

import sqlalchemy as sa
from alembic import op

from kidsafe.store.types import UTCDateTime

revision = "0005_family"
down_revision = "0004_policy"
branch_labels = None
depends_on = None


def _decision_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "family_children",
        sa.Column("child_id", sa.String(200), nullable=False),
        sa.Column("age_band", sa.String(16), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("supervised", sa.Boolean(), nullable=False),
        sa.Column("supervision_ended_at", UTCDateTime(), nullable=True),
        sa.Column("budgets", sa.JSON(), nullable=False),
        sa.Column("schedules", sa.JSON(), nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("max_rating", sa.String(16), nullable=True),
        sa.Column("blocked_categories", sa.JSON(), nullable=False),
        sa.Column("contact_approval", sa.Boolean(), nullable=True),
        sa.Column("ask_to_buy", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("child_id", name=op.f("pk_family_children")),
    )
    op.create_table(
        "family_guardian_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.String(200), nullable=False),
        sa.Column("guardian_id", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_guardian_links")),
        sa.UniqueConstraint("child_id", "guardian_id", name=op.f("uq_family_guardian_links_child_guardian")),
    )
    op.create_index(op.f("ix_family_guardian_links_child_id"), "family_guardian_links", ["child_id"])
    op.create_index(op.f("ix_family_guardian_links_guardian_id"), "family_guardian_links", ["guardian_id"])
    op.create_table(
        "family_usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.String(200), nullable=False),
        sa.Column("usage_id", sa.String(200), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_usage")),
        sa.UniqueConstraint("child_id", "usage_id", name=op.f("uq_family_usage_child_usage")),
    )
    op.create_index(op.f("ix_family_usage_child_id"), "family_usage", ["child_id"])
    op.create_index(op.f("ix_family_usage_ended_at"), "family_usage", ["ended_at"])
    op.create_table(
        "family_extra_time",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.String(200), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        *_decision_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_extra_time")),
    )
    op.create_index(op.f("ix_family_extra_time_child_id"), "family_extra_time", ["child_id"])
    op.create_table(
        "family_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.String(200), nullable=False),
        sa.Column("contact_id", sa.String(200), nullable=False),
        sa.Column("contact_age_band", sa.String(16), nullable=False),
        *_decision_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_contacts")),
        sa.UniqueConstraint("child_id", "contact_id", name=op.f("uq_family_contacts_child_contact")),
    )
    op.create_index(op.f("ix_family_contacts_child_id"), "family_contacts", ["child_id"])
    op.create_table(
        "family_purchases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.String(200), nullable=False),
        sa.Column("purchase_id", sa.String(200), nullable=False),
        sa.Column("item", sa.String(200), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        *_decision_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_purchases")),
        sa.UniqueConstraint("child_id", "purchase_id", name=op.f("uq_family_purchases_child_purchase")),
    )
    op.create_index(op.f("ix_family_purchases_child_id"), "family_purchases", ["child_id"])
    op.create_table(
        "family_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.String(200), nullable=False),
        sa.Column("source_event_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("age_band", sa.String(16), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("content_visible", sa.Boolean(), nullable=False),
        sa.Column("content_ref", sa.String(300), nullable=True),
        sa.Column("message_ids", sa.JSON(), nullable=False),
        sa.Column("action", sa.String(32), nullable=True),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_alerts")),
        sa.UniqueConstraint("child_id", "source_event_id", name=op.f("uq_family_alerts_child_source_event")),
    )
    op.create_index(op.f("ix_family_alerts_child_id"), "family_alerts", ["child_id"])
    op.create_index(op.f("ix_family_alerts_occurred_at"), "family_alerts", ["occurred_at"])
    op.create_table(
        "family_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.String(200), nullable=False),
        sa.Column("recipient_role", sa.String(16), nullable=False),
        sa.Column("child_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_notices")),
    )
    op.create_index(op.f("ix_family_notices_recipient_id"), "family_notices", ["recipient_id"])


def downgrade() -> None:
    for t in ["family_notices", "family_alerts", "family_purchases", "family_contacts", "family_extra_time",
              "family_usage", "family_guardian_links", "family_children"]:
        op.drop_table(t)
