"""Tables of the `media` capability: hash banks, their entries, and preserved evidence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kidsafe.store.db import Base, utcnow
from kidsafe.store.types import UTCDateTime

BIGINT = BigInteger().with_variant(Integer, "sqlite")


class HashBank(Base):
    """A named list of known-image hashes (e.g. one partner's CSAM list), or a negative bank of known
    false positives that suppresses matches."""

    __tablename__ = "media_banks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    source: Mapped[str] = mapped_column(String(200), default="")  # who supplied the list (NCMEC, own review…)
    category: Mapped[str] = mapped_column(String(20))  # csam | ncii | terror | other
    negative: Mapped[bool] = mapped_column(Boolean, default=False)
    threshold: Mapped[int] = mapped_column(Integer, default=31)  # PDQ Hamming distance that still matches
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    preserve_evidence: Mapped[bool] = mapped_column(Boolean, default=False)  # keep the upload when it matches
    description: Mapped[str] = mapped_column(String(500), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped on every change (index sync)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HashBankEntry(Base):
    """One hash in a bank. Only the hash and its metadata are kept, never the image."""

    __tablename__ = "media_bank_entries"
    __table_args__ = (UniqueConstraint("bank_id", "signal_type", "value"),)

    id: Mapped[int] = mapped_column(BIGINT, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("media_banks.id", ondelete="CASCADE"), index=True)
    signal_type: Mapped[str] = mapped_column(String(16))  # pdq | md5 | sha256 (ThreatExchange names)
    value: Mapped[str] = mapped_column(String(64), index=True)  # lower-case hex
    quality: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_id: Mapped[str | None] = mapped_column(String(200), nullable=True)  # the supplier's id for it
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MediaEvidence(Base):
    """An upload kept because it matched a bank that (or a request that) asks to preserve evidence."""

    __tablename__ = "media_evidence"

    id: Mapped[int] = mapped_column(BIGINT, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(200), nullable=True)  # the platform's content id
    md5: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    pdq: Mapped[str | None] = mapped_column(String(64), nullable=True)
    quality: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    content: Mapped[bytes] = mapped_column(LargeBinary)
    matches: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
