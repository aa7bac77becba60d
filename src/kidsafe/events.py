"""Domain events: one capability publishes (``conversation.alert``), others consume at their pace.

Events live in the store, so a consumer that restarts resumes from its cursor and loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe.store.db import utcnow
from kidsafe.store.models import Event, EventCursor


def publish(session: Session, type_: str, subject_id: str, payload: dict[str, Any]) -> Event:
    ev = Event(type=type_, subject_id=subject_id, payload=payload, created_at=utcnow())
    session.add(ev)
    session.flush()
    return ev


def pending(session: Session, consumer: str, types: Sequence[str] | None = None, limit: int = 500) -> list[Event]:
    """Events after ``consumer``'s cursor (oldest first); call ``ack`` once handled."""
    cursor = session.get(EventCursor, consumer)
    after = cursor.last_event_id if cursor else 0
    q = select(Event).where(Event.id > after).order_by(Event.id).limit(limit)
    if types:
        q = q.where(Event.type.in_(list(types)))
    return list(session.scalars(q))


def ack(session: Session, consumer: str, event_id: int) -> None:
    cursor = session.get(EventCursor, consumer)
    if cursor is None:
        session.add(EventCursor(consumer=consumer, last_event_id=event_id))
    elif event_id > cursor.last_event_id:
        cursor.last_event_id = event_id
