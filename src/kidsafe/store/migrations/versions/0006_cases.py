"""cases: reports, cases, actions, statements of reasons, escalations, account standing, appeals,
webhook endpoints and the notice outbox (see kidsafe/store/models/cases.py)

Revision ID: 0006_cases
Revises: 0005_family
"""

import sqlalchemy as sa
from alembic import op

from kidsafe.store.types import UTCDateTime

revision = "0006_cases"
down_revision = "0005_family"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merge_key", sa.String(300), nullable=True),
        sa.Column("subject_type", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("account_id", sa.String(200), nullable=True),
        sa.Column("platform_key_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("minor_involved", sa.Boolean(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("queue_rank", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("assigned_to", sa.String(200), nullable=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("automated", sa.Boolean(), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("flag_count", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(16), nullable=False),
        sa.Column("content_url", sa.String(2000), nullable=True),
        sa.Column("content_date", UTCDateTime(), nullable=True),
        sa.Column("evidence_text", sa.Text(), nullable=True),
        sa.Column("evidence_sha256", sa.String(64), nullable=True),
        sa.Column("evidence_expires_at", UTCDateTime(), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("detector_evidence", sa.JSON(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("merge_key", name=op.f("uq_cases_merge_key")),
    )
    op.create_index(op.f("ix_cases_account_id"), "cases", ["account_id"])
    op.create_index(op.f("ix_cases_assigned_to"), "cases", ["assigned_to"])
    op.create_index(op.f("ix_cases_evidence_expires_at"), "cases", ["evidence_expires_at"])
    op.create_index(op.f("ix_cases_queue"), "cases", ["status", "queue_rank", "due_at", "id"])
    op.create_index(op.f("ix_cases_queue_unrestricted"), "cases",
                    ["status", "restricted", "queue_rank", "due_at", "id"])
    op.create_index(op.f("ix_cases_queue_category"), "cases", ["status", "category", "queue_rank", "due_at", "id"])
    op.create_index(op.f("ix_cases_subject"), "cases", ["subject_type", "subject_id"])

    op.create_table(
        "case_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_id", sa.String(40), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("reporter_key_id", sa.Integer(), nullable=True),
        sa.Column("reporter_ref", sa.String(200), nullable=True),
        sa.Column("reporter_is_subject_child", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_reports_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_reports")),
        sa.UniqueConstraint("tracking_id", name=op.f("uq_case_reports_tracking_id")),
        sa.UniqueConstraint("event_id", name=op.f("uq_case_reports_event_id")),
    )
    op.create_index(op.f("ix_case_reports_case_id"), "case_reports", ["case_id"])
    op.create_index(op.f("ix_case_reports_reporter_key_id"), "case_reports", ["reporter_key_id"])

    op.create_table(
        "case_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("on_content", sa.Boolean(), nullable=False),
        sa.Column("on_account", sa.Boolean(), nullable=False),
        sa.Column("account_id", sa.String(200), nullable=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("decision_ground", sa.String(64), nullable=False),
        sa.Column("legal_ground", sa.String(500), nullable=True),
        sa.Column("decision_facts", sa.Text(), nullable=False),
        sa.Column("strike", sa.Boolean(), nullable=False),
        sa.Column("end_date", UTCDateTime(), nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("automated", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("replaces_action_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("reversed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_actions_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_actions")),
    )
    op.create_index(op.f("ix_case_actions_case_id"), "case_actions", ["case_id"])
    op.create_index(op.f("ix_case_actions_account_id"), "case_actions", ["account_id"])

    op.create_table(
        "case_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("puid", sa.String(500), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["case_actions.id"],
                                name=op.f("fk_case_statements_action_id_case_actions")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_statements_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_statements")),
        sa.UniqueConstraint("action_id", name=op.f("uq_case_statements_action_id")),
        sa.UniqueConstraint("puid", name=op.f("uq_case_statements_puid")),
    )
    op.create_index(op.f("ix_case_statements_case_id"), "case_statements", ["case_id"])

    op.create_table(
        "case_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("authority", sa.String(200), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("evidence_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("evidence_expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["case_actions.id"],
                                name=op.f("fk_case_escalations_action_id_case_actions")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_escalations_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_escalations")),
        sa.UniqueConstraint("action_id", name=op.f("uq_case_escalations_action_id")),
    )
    op.create_index(op.f("ix_case_escalations_case_id"), "case_escalations", ["case_id"])

    op.create_table(
        "account_standing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("strikes", sa.Integer(), nullable=False),
        sa.Column("suspended_until", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_standing")),
        sa.UniqueConstraint("account_id", name=op.f("uq_account_standing_account_id")),
    )

    op.create_table(
        "case_appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_id", sa.String(40), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("submitted_by_key_id", sa.Integer(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("new_action_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["case_actions.id"],
                                name=op.f("fk_case_appeals_action_id_case_actions")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_appeals_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_appeals")),
        sa.UniqueConstraint("tracking_id", name=op.f("uq_case_appeals_tracking_id")),
    )
    op.create_index(op.f("ix_case_appeals_case_id"), "case_appeals", ["case_id"])
    op.create_index(op.f("ix_case_appeals_action_id"), "case_appeals", ["action_id"])
    op.create_index(op.f("ix_case_appeals_created_at"), "case_appeals", ["created_at"])

    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_key_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
    )
    op.create_index(op.f("ix_webhook_endpoints_owner_key_id"), "webhook_endpoints", ["owner_key_id"])

    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(120), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=True),
        sa.Column("platform_key_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(24), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["webhook_id"], ["webhook_endpoints.id"],
                                name=op.f("fk_notices_webhook_id_webhook_endpoints")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("idempotency_key", "webhook_id", name=op.f("uq_notices_idempotency_key")),
    )
    op.create_index(op.f("ix_notices_platform_key_id"), "notices", ["platform_key_id"])
    op.create_index(op.f("ix_notices_case_id"), "notices", ["case_id"])
    op.create_index(op.f("ix_notices_due"), "notices", ["status", "next_attempt_at"])


def downgrade() -> None:
    for t in ["notices", "webhook_endpoints", "case_appeals", "account_standing", "case_escalations",
              "case_statements", "case_actions", "case_reports", "cases"]:
        op.drop_table(t)
