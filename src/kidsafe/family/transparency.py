"""What the child can always see: that supervision is on, who supervises, and what guardians can see
(ICO Age Appropriate Design Code, standard 11). Supervision ends at 18, and the child and every guardian
are told (a notice each, and a ``family.supervision_ended`` event for the platform).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe import events
from kidsafe.family.contacts import needs_approval
from kidsafe.family.content import content_settings
from kidsafe.family.links import guardians_of, zone
from kidsafe.store.models.family import FamilyChild, FamilyNotice, GuardianAlert
from kidsafe.taxonomy import AgeBand

GUARDIANS_SEE_UNDER_13 = [
    "your screen-time budget, schedules and how much time you used",
    "requests for extra time, new contacts and purchases",
    "alerts when something risky is flagged, and which message or post it was",
]
GUARDIANS_SEE_TEEN = [
    "your screen-time budget, schedules and how much time you used",
    "requests for extra time, new contacts and purchases",
    "alerts with the kind of risk and the time only, never your messages",
    "in a safety emergency (grooming, sextortion, serious self-harm), which message or post was flagged",
]
GUARDIANS_NEVER_SEE = ["the text of your messages", "your passwords"]


def eighteenth_birthday(birth: date) -> date:
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # 29 February
        return date(birth.year + 18, 3, 1)


def enforce_age_limit(session: Session, child: FamilyChild, now: datetime) -> bool:
    """End supervision when the child is an adult (band or 18th birthday in their time zone).

    Returns True when it ended now. Idempotent."""
    if not child.supervised:
        return False
    today = now.astimezone(zone(child.timezone)).date()
    adult = child.age_band == AgeBand.ADULT.value or (
        child.birth_date is not None and today >= eighteenth_birthday(child.birth_date))
    if not adult:
        return False
    child.supervised = False
    child.supervision_ended_at = now
    child.age_band = AgeBand.ADULT.value
    guardians = guardians_of(session, child.child_id)
    session.add(FamilyNotice(recipient_id=child.child_id, recipient_role="child", child_id=child.child_id,
                             kind="supervision_ended", created_at=now,
                             text="You are 18: parental supervision of this account has ended. Guardians no "
                                  "longer see your screen time, requests or alerts."))
    for g in guardians:
        session.add(FamilyNotice(recipient_id=g, recipient_role="guardian", child_id=child.child_id,
                                 kind="supervision_ended", created_at=now,
                                 text=f"{child.child_id} is 18: your supervision of this account has ended."))
    events.publish(session, "family.supervision_ended", child.child_id,
                   {"child_id": child.child_id, "guardian_ids": guardians, "ended_at": now.isoformat()})
    session.flush()
    return True


def sweep(session: Session, now: datetime) -> list[str]:
    """End supervision of every child who has turned 18; returns their ids."""
    ended = []
    for child in session.scalars(select(FamilyChild).where(FamilyChild.supervised.is_(True))):
        if enforce_age_limit(session, child, now):
            ended.append(child.child_id)
    return ended


def notices_for(session: Session, recipient_id: str, limit: int = 50) -> list[dict[str, Any]]:
    rows = session.scalars(select(FamilyNotice).where(FamilyNotice.recipient_id == recipient_id)
                           .order_by(FamilyNotice.created_at.desc(), FamilyNotice.id.desc()).limit(limit))
    return [{"kind": n.kind, "child_id": n.child_id, "text": n.text, "at": n.created_at.isoformat()} for n in rows]


def _help(child: FamilyChild) -> list[dict[str, Any]]:
    try:
        from kidsafe.policy.nudges import help_resources  # owned by the policy capability
    except ImportError:
        return []
    try:
        res = help_resources(child.country or "default", child.lang or "en")
    except Exception:  # noqa: BLE001 - help is a courtesy; the view must never fail because of it
        return []
    return [r if isinstance(r, dict) else getattr(r, "__dict__", {"name": str(r)}) for r in (res or [])]


def _words(child: FamilyChild, key: str, builtin: Any) -> Any:
    """The child's wording for ``key`` in their language, from the editable data file, else ``builtin``."""
    from kidsafe.policy.nudges import wording

    text = wording("supervision", key, child.lang)
    return text if isinstance(text, type(builtin)) and text else builtin


def shared_with_guardians(session: Session, child_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """The latest alerts guardians received about the child, as the child sees them: the kind of risk, the
    time, whether it was an emergency and whether guardians could see which content it was."""
    rows = session.scalars(select(GuardianAlert).where(GuardianAlert.child_id == child_id)
                           .order_by(GuardianAlert.occurred_at.desc(), GuardianAlert.id.desc()).limit(limit))
    return [{"categories": a.categories, "occurred_at": a.occurred_at.isoformat(), "emergency": a.emergency,
             "content_shared": a.content_visible} for a in rows]


def view(session: Session, child: FamilyChild, now: datetime, contact_bands: set[str]) -> dict[str, Any]:
    """The child's own view of their supervision, in plain words (French or English: ``child.lang``)."""
    enforce_age_limit(session, child, now)
    teen = child.age_band != AgeBand.UNDER_13.value
    sees: list[str] = []
    guardians = guardians_of(session, child.child_id) if child.supervised else []
    if guardians:
        sees = _words(child, "can_see_teen", GUARDIANS_SEE_TEEN) if teen else \
            _words(child, "can_see_child", GUARDIANS_SEE_UNDER_13)
    ends = eighteenth_birthday(child.birth_date).isoformat() if child.birth_date else None
    return {
        "child_id": child.child_id,
        "supervised": child.supervised,
        "summary": (_words(child, "summary_on", "A guardian supervises this account.") if guardians
                    else _words(child, "summary_off", "Nobody supervises this account.")),
        "lang": "fr" if (child.lang or "en")[:2].lower() == "fr" else "en",
        "guardians": guardians,
        "guardians_can_see": sees,
        "guardians_never_see": _words(child, "never_see", GUARDIANS_NEVER_SEE),
        "settings": {
            "timezone": child.timezone, "budgets_minutes": child.budgets, "schedules": child.schedules,
            "holidays": child.holidays, "content": content_settings(child),
            "new_contacts_need_approval": needs_approval(child, AgeBand.UNKNOWN, contact_bands),
            "adult_contacts_need_approval": needs_approval(child, AgeBand.ADULT, contact_bands),
            "ask_to_buy": child.ask_to_buy,
        },
        "supervision_ends_on": ends,
        "supervision_ended_at": child.supervision_ended_at.isoformat() if child.supervision_ended_at else None,
        "notices": notices_for(session, child.child_id),
        "shared_with_guardians": shared_with_guardians(session, child.child_id) if child.supervised else [],
        "help": _help(child),
        "as_of": now.isoformat(),
        "ends_in_days": (eighteenth_birthday(child.birth_date) - now.date()).days
        if child.birth_date and child.supervised else None,
    }

