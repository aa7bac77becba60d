"""Tables of the `cases` capability: reports, cases, actions, statements of reasons, escalations,
account standing, appeals, webhook endpoints and the notice outbox.

Raw content is kept only where a case needs it as evidence (``Case.evidence_text``,
``Report.details``, ``Appeal.statement``, ``Escalation.evidence``) and is purged after
``Settings.retention_days_evidence`` by ``kidsafe.cases.retention.purge_expired``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kidsafe.store.db import Base, utcnow
from kidsafe.store.types import UTCDateTime


class Case(Base):
    """Everything reported or flagged about one subject (a piece of content or an account).

    ``merge_key`` is set while the case is open so that a second report about the same subject joins it;
    it is cleared when the case closes (a later report opens a new case).
    ``queue_rank`` orders the queue (lower is more urgent: severity, then whether a minor is involved);
    ties are broken by ``due_at`` (the service-level deadline, so older cases first) and ``id``.
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    merge_key: Mapped[str | None] = mapped_column(String(300), unique=True, nullable=True)
    subject_type: Mapped[str] = mapped_column(String(20))  # "content" or "account"
    subject_id: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)  # the affected account
    platform_key_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # platform that owns the subject
    category: Mapped[str] = mapped_column(String(32))  # the most severe category reported or flagged
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    severity: Mapped[str] = mapped_column(String(16))
    minor_involved: Mapped[bool] = mapped_column(Boolean, default=False)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # sexual_minors: specialists and admins only
    queue_rank: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, closed
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)  # last action taken
    assigned_to: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    source: Mapped[str] = mapped_column(String(32), default="report")  # report, automated (first intake)
    automated: Mapped[bool] = mapped_column(Boolean, default=False)  # any automatic flag joined the case
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    content_type: Mapped[str] = mapped_column(String(16), default="text")  # text, image, video, audio, other
    content_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    content_date: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    evidence_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    evidence_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    detector_evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # conversation id, message ids, stages
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (
        # keyset pagination of the queue: staff who may see everything, and moderators (restricted = false)
        Index("ix_cases_queue", "status", "queue_rank", "due_at", "id"),
        Index("ix_cases_queue_unrestricted", "status", "restricted", "queue_rank", "due_at", "id"),
        # the queue filtered by category (a filter on the two indexes above would walk most of the queue)
        Index("ix_cases_queue_category", "status", "category", "queue_rank", "due_at", "id"),
        Index("ix_cases_subject", "subject_type", "subject_id"),
    )


class Report(Base):
    """One user report or automatic flag; the reporter's acknowledgement carries ``tracking_id``."""

    __tablename__ = "case_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_id: Mapped[str] = mapped_column(String(40), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    source: Mapped[str] = mapped_column(String(32))  # user_report, conversation.alert, policy.decision
    reporter_key_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # API key that filed it
    reporter_ref: Mapped[str | None] = mapped_column(String(200), nullable=True)  # platform's id of the reporter
    reporter_is_subject_child: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(32))  # a taxonomy category
    details: Mapped[str | None] = mapped_column(Text, nullable=True)  # reporter's free text (evidence; purged)
    event_id: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)  # automatic flags
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CaseAction(Base):
    """A moderator's decision on a case; may cover the content, the account, or both."""

    __tablename__ = "case_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    on_content: Mapped[bool] = mapped_column(Boolean, default=False)
    on_account: Mapped[bool] = mapped_column(Boolean, default=False)
    account_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    category: Mapped[str] = mapped_column(String(32))
    decision_ground: Mapped[str] = mapped_column(String(64))
    legal_ground: Mapped[str | None] = mapped_column(String(500), nullable=True)
    decision_facts: Mapped[str] = mapped_column(Text, default="")
    strike: Mapped[bool] = mapped_column(Boolean, default=False)
    end_date: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    actor: Mapped[str] = mapped_column(String(200))
    automated: Mapped[bool] = mapped_column(Boolean, default=False)  # decided by automated means
    status: Mapped[str] = mapped_column(String(16), default="active")  # active, reversed
    replaces_action_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class StatementOfReasons(Base):
    """A DSA statement of reasons (Transparency Database field names and enums), without personal data."""

    __tablename__ = "case_statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("case_actions.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    puid: Mapped[str] = mapped_column(String(500), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Escalation(Base):
    """A referral to the authorities, with the evidence preserved and hashed (SHA-256)."""

    __tablename__ = "case_escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("case_actions.id"), unique=True)
    authority: Mapped[str] = mapped_column(String(200))
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{kind, sha256, text?}]
    evidence_sha256: Mapped[str] = mapped_column(String(64))  # over the whole evidence bundle
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    evidence_expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AccountStanding(Base):
    """What enforcement currently applies to an account: strikes, suspension, ban."""

    __tablename__ = "account_standing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active, suspended, banned
    strikes: Mapped[int] = mapped_column(Integer, default=0)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Appeal(Base):
    """The affected user's appeal against an action (DSA Art. 20), decided by a different moderator."""

    __tablename__ = "case_appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_id: Mapped[str] = mapped_column(String(40), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("case_actions.id"), index=True)
    account_id: Mapped[str] = mapped_column(String(200))
    submitted_by_key_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    statement: Mapped[str | None] = mapped_column(Text, nullable=True)  # the user's words (purged)
    status: Mapped[str] = mapped_column(String(24), default="pending")  # pending, upheld, reversed, partially_reversed
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_action_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when the statement text is purged


class WebhookEndpoint(Base):
    """Where a platform receives notices; each endpoint has its own HMAC-SHA256 secret."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_key_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Notice(Base):
    """One message in the outbox for one webhook endpoint, delivered at least once.

    ``idempotency_key`` is the same for every endpoint that receives the message, so receivers can de-duplicate.
    Without an endpoint (``webhook_id`` is null) the notice waits for the platform to read it.
    """

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120))
    webhook_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoints.id"), nullable=True)
    platform_key_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    recipient: Mapped[str] = mapped_column(String(24))  # affected_user, reporter
    kind: Mapped[str] = mapped_column(String(40))  # statement_of_reasons, report_outcome, appeal_outcome, ...
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, delivered, failed, held
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (
        UniqueConstraint("idempotency_key", "webhook_id"),
        Index("ix_notices_due", "status", "next_attempt_at"),
    )
