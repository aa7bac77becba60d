"""Retention of tracked conversations: idle ones are deleted whole (state, scores, counted message ids).

A conversation that has received no message for ``KIDSAFE_RETENTION_DAYS_CONVERSATION`` days is purged. The
``conversation.alert`` events already published are not touched: the cases and family capabilities own what they
made of them (and their own retention). A message redelivered after its conversation was purged starts a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from kidsafe.store.db import utcnow
from kidsafe.store.models.conversation import Conversation, ConversationMessage

BATCH = 500


@dataclass
class PurgeResult:
    conversations: int = 0
    message_ids: int = 0
    cutoff: datetime | None = None


def purge_expired(session: Session, days: int, now: datetime | None = None) -> PurgeResult:
    """Delete conversations not updated in the last ``days`` days, with their counted message ids."""
    if days < 0:
        raise ValueError("retention days must be >= 0")
    now = now or utcnow()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    cutoff = now - timedelta(days=days)
    result = PurgeResult(cutoff=cutoff)
    while True:
        ids = list(session.scalars(select(Conversation.id).where(Conversation.updated_at < cutoff).limit(BATCH)))
        if not ids:
            return result
        gone: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            delete(ConversationMessage).where(ConversationMessage.conversation_id.in_(ids)))
        result.message_ids += gone.rowcount or 0
        gone = session.execute(delete(Conversation).where(Conversation.id.in_(ids)))  # type: ignore[assignment]
        result.conversations += gone.rowcount or 0
