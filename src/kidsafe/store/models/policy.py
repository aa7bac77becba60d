"""Tables of the `policy` capability: policy versions, age signals and bands, decisions (with shadow results).

No message text is stored: decisions keep scores, matched signals and ids.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kidsafe.store.db import Base, utcnow
from kidsafe.store.types import UTCDateTime


class PolicyVersion(Base):
    """One uploaded policy file. Per platform at most one is ``live`` and at most one ``candidate`` (shadow)."""

    __tablename__ = "policy_versions"
    __table_args__ = (UniqueConstraint("platform", "version", name="uq_policy_versions_platform_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="candidate")  # live | candidate | retired
    format: Mapped[str] = mapped_column(String(8), default="yaml")
    source: Mapped[str] = mapped_column(Text)  # the policy file itself (rules, no personal data)
    sha256: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgeAccount(Base):
    """An account's current age band, resolved from its age signals (see ``kidsafe.policy.age``)."""

    __tablename__ = "age_accounts"

    account_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    band: Mapped[str] = mapped_column(String(16), default="unknown")
    source: Mapped[str | None] = mapped_column(String(32), nullable=True)
    assurance: Mapped[str | None] = mapped_column(String(16), nullable=True)
    signal_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the signal that won
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgeSignal(Base):
    """One statement about an account's age band, with where it came from and how sure it is."""

    __tablename__ = "age_signals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[str] = mapped_column(
        String(200), ForeignKey("age_accounts.account_id", ondelete="CASCADE"), index=True)
    band: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(32))  # self_declared | guardian_declared | os_signal | verified
    assurance: Mapped[str] = mapped_column(String(16))  # low | substantial | high
    provider: Mapped[str] = mapped_column(String(100), default="")
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgeConflict(Base):
    """Two trustworthy signals of one account that disagree on the band, and which band won."""

    __tablename__ = "age_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[str] = mapped_column(
        String(200), ForeignKey("age_accounts.account_id", ondelete="CASCADE"), index=True)
    signal_id: Mapped[int] = mapped_column(Integer)
    other_signal_id: Mapped[int] = mapped_column(Integer)
    band: Mapped[str] = mapped_column(String(16))
    other_band: Mapped[str] = mapped_column(String(16))
    resolved_band: Mapped[str] = mapped_column(String(16))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PolicyDecision(Base):
    """One decision: what the live policy said, and what the candidate (shadow) policy would have said."""

    __tablename__ = "policy_decisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    platform: Mapped[str] = mapped_column(String(64))
    policy_version: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    rule_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    notify: Mapped[list[str]] = mapped_column(JSON, default=list)
    actor_id: Mapped[str] = mapped_column(String(200))
    target_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    actor_age_band: Mapped[str] = mapped_column(String(16))
    target_age_band: Mapped[str] = mapped_column(String(16))
    context: Mapped[str] = mapped_column(String(32))
    relationship: Mapped[str] = mapped_column(String(32))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    signals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    content_ref: Mapped[str | None] = mapped_column(String(200), nullable=True)
    input_hash: Mapped[str] = mapped_column(String(64))
    candidate_version: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    candidate_action: Mapped[str | None] = mapped_column(String(32), nullable=True)
    candidate_rule_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    differs: Mapped[bool] = mapped_column(Boolean, default=False)
