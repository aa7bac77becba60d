"""Guardian alerts and digests, from the ``conversation.alert`` and ``policy.decision`` events.

Who sees what (ICO Age Appropriate Design Code, standard 11 "parental controls"):

- under 13: guardians may see which content was flagged (a reference: ``content_ref`` / message ids;
  kidsafe never stores the message text itself);
- 13–17 and unknown: guardians get the category and the time only, never the content, unless it is a
  safety emergency (grooming, sextortion, critical self-harm, or a decision to block and escalate).

Alerts are made by consuming events with ``kidsafe.events.pending/ack`` under the consumer name
``family``; the unique key (child, event) makes a replay harmless.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kidsafe import events
from kidsafe.family.links import children_of, guardians_of
from kidsafe.store.db import utcnow
from kidsafe.store.models import Event
from kidsafe.store.models.family import FamilyChild, GuardianAlert
from kidsafe.taxonomy import AgeBand

CONSUMER = "family"
EVENT_TYPES = ("conversation.alert", "policy.decision")
# Decisions worth telling a guardian about (allow/label/nudge are the child's own business, unless the policy
# rule asks for a guardian to be told: ``"guardian"`` in the event's ``notify``).
ALERT_ACTIONS = frozenset({"blur", "hold_for_review", "block", "block_and_escalate"})
EMERGENCY_CATEGORIES = frozenset({"grooming", "sextortion", "sexual_minors"})
SELF_HARM_CRITICAL = 0.9
STRANGER_CONTACT = "stranger_contact"


def _parse_time(value: Any, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
        except ValueError:
            pass
    return default


def _score(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _children(session: Session, ids: list[Any]) -> list[FamilyChild]:
    out = []
    for cid in dict.fromkeys(str(i) for i in ids if i):
        child = session.get(FamilyChild, cid)
        if child is not None and child.supervised:
            out.append(child)
    return out


def _alert(session: Session, child: FamilyChild, ev: Event, categories: list[str], emergency: bool,
           content_ref: str | None, message_ids: list[str], action: str | None, occurred_at: datetime) -> bool:
    exists = session.scalar(select(GuardianAlert.id).where(GuardianAlert.child_id == child.child_id,
                                                           GuardianAlert.source_event_id == ev.id))
    if exists is not None:
        return False
    visible = child.age_band == AgeBand.UNDER_13.value or emergency
    session.add(GuardianAlert(
        child_id=child.child_id, source_event_id=ev.id, source=ev.type, age_band=child.age_band,
        categories=sorted(set(categories)), emergency=emergency, content_visible=visible,
        content_ref=(content_ref[:300] if content_ref else None) if visible else None,
        message_ids=[str(m)[:200] for m in message_ids][:50] if visible else [], action=action,
        occurred_at=occurred_at, created_at=utcnow()))
    return True


def _from_conversation(session: Session, ev: Event) -> int:
    p = ev.payload or {}
    # the contract carries calibrated scores (0..1); a risk counts from 0.5, else the stronger of the two
    risk = {c: _score(p.get(c)) for c in ("grooming", "sextortion")}
    cats = [c for c, v in risk.items() if v >= 0.5] or [max(risk, key=lambda c: risk[c])]
    emergency = True  # an alert means grooming or sextortion risk crossed an alert level
    at = _parse_time(p.get("alert_at"), ev.created_at)
    ref = f"conversation:{p['conversation_id']}" if p.get("conversation_id") else None
    made = 0
    for child in _children(session, list(p.get("target_ids") or [])):
        made += _alert(session, child, ev, cats, emergency, ref, list(p.get("message_ids") or []), None, at)
    return made


def _from_decision(session: Session, ev: Event) -> int:
    p = ev.payload or {}
    action = str(p.get("action", ""))
    notify = p.get("notify") or []
    if action not in ALERT_ACTIONS and not (isinstance(notify, list) and "guardian" in notify):
        return 0
    cats = [str(c) for c in (p.get("categories") or [])]
    if not cats and p.get("relationship") == "stranger":
        cats = [STRANGER_CONTACT]  # a contact rule (e.g. an adult stranger's direct message): no content category
    scores = p.get("scores") or {}
    self_harm = scores.get("self_harm", 0) if isinstance(scores, dict) else 0
    emergency = (action == "block_and_escalate" or bool(EMERGENCY_CATEGORIES & set(cats))
                 or (isinstance(self_harm, int | float) and self_harm >= SELF_HARM_CRITICAL))
    made = 0
    for child in _children(session, [p.get("target_id"), p.get("actor_id")]):
        made += _alert(session, child, ev, cats, emergency, p.get("content_ref"), [], action, ev.created_at)
    return made


def consume(session: Session, batch: int = 500) -> int:
    """Turn pending events into guardian alerts; returns how many alerts were made."""
    made = 0
    while True:
        pending = events.pending(session, CONSUMER, EVENT_TYPES, limit=batch)
        if not pending:
            return made
        for ev in pending:
            made += _from_conversation(session, ev) if ev.type == "conversation.alert" else _from_decision(session, ev)
            events.ack(session, CONSUMER, ev.id)
        session.flush()


def purge_alerts(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete guardian alerts that occurred more than ``retention_days`` ago; returns how many."""
    if retention_days < 0:
        raise ValueError("retention_days must be >= 0")
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    res = session.execute(delete(GuardianAlert).where(GuardianAlert.occurred_at < cutoff))
    return int(getattr(res, "rowcount", 0) or 0)


def describe(alert: GuardianAlert) -> dict[str, Any]:
    """An alert as a guardian sees it: no content reference unless the rules above allow it."""
    cats = ", ".join(c.replace("_", " ") for c in alert.categories) or "a risk"
    out: dict[str, Any] = {
        "id": alert.id, "child_id": alert.child_id, "categories": alert.categories,
        "occurred_at": alert.occurred_at.isoformat(), "emergency": alert.emergency, "source": alert.source,
        "action": alert.action, "age_band": alert.age_band, "content_visible": alert.content_visible,
        "text": f"{'Safety emergency: ' if alert.emergency else ''}something about {cats} was flagged at "
                f"{alert.occurred_at.strftime('%Y-%m-%d %H:%M')} UTC.",
    }
    if alert.content_visible:
        out["content"] = {"content_ref": alert.content_ref, "message_ids": alert.message_ids}
    return out


def alerts_for(session: Session, guardian_id: str, since: datetime | None = None,
               until: datetime | None = None, limit: int = 200) -> list[dict[str, Any]]:
    kids = children_of(session, guardian_id)
    if not kids:
        return []
    q = select(GuardianAlert).where(GuardianAlert.child_id.in_(kids))
    if since is not None:
        q = q.where(GuardianAlert.occurred_at >= since)
    if until is not None:
        q = q.where(GuardianAlert.occurred_at < until)
    q = q.order_by(GuardianAlert.occurred_at.desc(), GuardianAlert.id.desc()).limit(limit)
    return [describe(a) for a in session.scalars(q)]


def digest(session: Session, guardian_id: str, since: datetime, until: datetime) -> dict[str, Any]:
    """A guardian's summary for ``[since, until)``: per child, alerts by category, screen time, open requests."""
    from kidsafe.family.screen_time import used_seconds
    from kidsafe.store.models.family import ContactRequest, ExtraTimeRequest, PurchaseRequest

    children = []
    for cid in children_of(session, guardian_id):
        alerts = list(session.scalars(select(GuardianAlert).where(
            GuardianAlert.child_id == cid, GuardianAlert.occurred_at >= since, GuardianAlert.occurred_at < until)))
        by_cat: Counter[str] = Counter(c for a in alerts for c in a.categories)
        pending = {
            name: len(list(session.scalars(select(model.id).where(model.child_id == cid,
                                                                  model.status == "pending"))))
            for name, model in (("extra_time", ExtraTimeRequest), ("contacts", ContactRequest),
                                ("purchases", PurchaseRequest))
        }
        children.append({
            "child_id": cid, "alerts": len(alerts), "emergencies": sum(a.emergency for a in alerts),
            "alerts_by_category": dict(sorted(by_cat.items())),
            "screen_time_seconds": used_seconds(session, cid, since, until), "pending_requests": pending,
            "co_guardians": [g for g in guardians_of(session, cid) if g != guardian_id],
        })
    return {"guardian_id": guardian_id, "since": since.isoformat(), "until": until.isoformat(),
            "children": children}
