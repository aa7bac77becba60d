"""Tables of the `conversation` capability: tracked conversations and the message ids already counted.

A conversation row holds the rolling, bounded state (``kidsafe.conversation.features.ConversationState`` as
JSON: counts, stage evidence pointers, at most short cue snippets), the latest scores and the alert history,
never the transcript. ``conversation_messages`` remembers which message ids were counted (idempotency across
restarts); both are deleted together by the retention purge.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kidsafe.store.db import Base, utcnow
from kidsafe.store.types import UTCDateTime


class Conversation(Base):
    """One tracked conversation (its id is the platform's)."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    owner_key_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the API key that created it
    state: Mapped[dict[str, Any]] = mapped_column(JSON)  # ConversationState.to_json(): features, not text
    messages: Mapped[int] = mapped_column(Integer, default=0)  # distinct messages counted
    grooming: Mapped[float] = mapped_column(Float, default=0.0)  # latest scores
    sextortion: Mapped[float] = mapped_column(Float, default=0.0)
    level: Mapped[int] = mapped_column(Integer, default=0)  # latest level 0..3
    alerted_level: Mapped[int] = mapped_column(Integer, default=0)  # highest level already alerted
    alert_at: Mapped[int | None] = mapped_column(Integer, nullable=True)  # time to first alert, in messages
    first_alert_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    alerts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{level, at, event_id, time}]
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic lock: a lost update is retried
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    __mapper_args__ = {"version_id_col": version}


class ConversationMessage(Base):
    """A message id already counted in a conversation (so a redelivery counts once); no text."""

    __tablename__ = "conversation_messages"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # index in the conversation (arrival order, 0-based)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)  # showed a stage cue or a text flag
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
