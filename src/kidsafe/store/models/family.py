"""Tables of the `family` capability: supervised children, guardian links, screen time, content settings,
contact and purchase approvals, guardian alerts and notices.

Account ids are the platform's own strings. Privacy: no message text is ever stored here. An alert for a
13–17-year-old keeps the category and time only; a reference to the flagged content (``content_ref``,
message ids) is kept only for under-13s or in a safety emergency. Usage records are purged after
``Settings.retention_days_usage`` by ``kidsafe.family.screen_time.purge_usage``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kidsafe.store.db import Base, utcnow
from kidsafe.store.types import UTCDateTime


class FamilyChild(Base):
    """A supervised child and their settings (budgets in minutes per day type; ``None`` = no limit)."""

    __tablename__ = "family_children"

    child_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    age_band: Mapped[str] = mapped_column(String(16))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # to end supervision at 18
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    country: Mapped[str] = mapped_column(String(2), default="")
    lang: Mapped[str] = mapped_column(String(8), default="en")
    supervised: Mapped[bool] = mapped_column(Boolean, default=True)
    supervision_ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    budgets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"school_day": 60, ...}
    schedules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    holidays: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO dates, the family's calendar
    max_rating: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "PEGI 12", "ESRB T"
    blocked_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact_approval: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # None: the band's default
    ask_to_buy: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class GuardianLink(Base):
    """A guardian of a child (a child may have several)."""

    __tablename__ = "family_guardian_links"
    __table_args__ = (UniqueConstraint("child_id", "guardian_id", name="uq_family_guardian_links_child_guardian"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(String(200), index=True)
    guardian_id: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class UsageRecord(Base):
    """Time the platform reports a child spent; ``usage_id`` makes a report count once."""

    __tablename__ = "family_usage"
    __table_args__ = (UniqueConstraint("child_id", "usage_id", name="uq_family_usage_child_usage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(String(200), index=True)
    usage_id: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ExtraTimeRequest(Base):
    """A child's request for more time on one local day; a linked guardian approves or denies it."""

    __tablename__ = "family_extra_time"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(String(200), index=True)
    local_date: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, approved, denied
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ContactRequest(Base):
    """A new contact for a child: approved automatically, or waiting for a guardian."""

    __tablename__ = "family_contacts"
    __table_args__ = (UniqueConstraint("child_id", "contact_id", name="uq_family_contacts_child_contact"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(String(200), index=True)
    contact_id: Mapped[str] = mapped_column(String(200))
    contact_age_band: Mapped[str] = mapped_column(String(16), default="unknown")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, approved, denied
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PurchaseRequest(Base):
    """"Ask to buy": a child's purchase waiting for a guardian (``purchase_id`` is the platform's id)."""

    __tablename__ = "family_purchases"
    __table_args__ = (UniqueConstraint("child_id", "purchase_id", name="uq_family_purchases_child_purchase"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(String(200), index=True)
    purchase_id: Mapped[str] = mapped_column(String(200))
    item: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, approved, denied
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class GuardianAlert(Base):
    """What a child's guardians are told about a flagged event; never message text.

    ``content_ref`` and ``message_ids`` stay empty for 13–17 unless ``emergency``.
    """

    __tablename__ = "family_alerts"
    __table_args__ = (UniqueConstraint("child_id", "source_event_id", name="uq_family_alerts_child_source_event"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(String(200), index=True)
    source_event_id: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(32))  # conversation.alert, policy.decision
    age_band: Mapped[str] = mapped_column(String(16))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    content_visible: Mapped[bool] = mapped_column(Boolean, default=False)
    content_ref: Mapped[str | None] = mapped_column(String(300), nullable=True)
    message_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    action: Mapped[str | None] = mapped_column(String(32), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FamilyNotice(Base):
    """A message for a child or a guardian (e.g. supervision started or ended)."""

    __tablename__ = "family_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[str] = mapped_column(String(200), index=True)
    recipient_role: Mapped[str] = mapped_column(String(16))  # child, guardian
    child_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
