"""Guardians and children: child profiles (age band, time zone, birth date) and guardian links.

A child may have several guardians; account ids are the platform's own strings. A band set here is also
recorded as a ``guardian_declared`` age signal (``kidsafe.policy.age``), so policy decisions about the child
use it; a new child without a band takes the band of its age signals.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kidsafe.family.errors import FamilyError, not_found
from kidsafe.store.db import utcnow
from kidsafe.store.models.family import FamilyChild, FamilyNotice, GuardianLink
from kidsafe.taxonomy import AgeBand

SUPERVISED_BANDS = (AgeBand.UNDER_13, AgeBand.AGE_13_15, AgeBand.AGE_16_17, AgeBand.UNKNOWN)


def zone(name: str, field: str = "timezone") -> ZoneInfo:
    """The IANA time zone ``name`` (e.g. ``Europe/Paris``), or a 422 naming ``field``."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FamilyError(422, "invalid_request", f"unknown time zone {name!r} (use an IANA name such as "
                          "Europe/Paris)", field) from None


def age_band(value: str, field: str = "age_band") -> AgeBand:
    try:
        return AgeBand(value)
    except ValueError:
        raise FamilyError(422, "invalid_request", f"unknown age band {value!r}; expected one of "
                          f"{', '.join(b.value for b in AgeBand)}", field) from None


def get_child(session: Session, child_id: str, field: str = "child_id") -> FamilyChild:
    child = session.get(FamilyChild, child_id)
    if child is None:
        raise not_found("supervised child", child_id, field)
    return child


def upsert_child(session: Session, child_id: str, *, age_band_: str | None = None, timezone: str | None = None,
                 birth_date: date | None = None, country: str | None = None, lang: str | None = None,
                 now: datetime | None = None) -> tuple[FamilyChild, bool]:
    """Create or update a child's profile; returns ``(child, created)``."""
    now = now or utcnow()
    if not child_id or len(child_id) > 200:
        raise FamilyError(422, "invalid_request", "child_id must be 1..200 characters", "child_id")
    band = age_band(age_band_) if age_band_ is not None else None
    if timezone is not None:
        zone(timezone)
    child = session.get(FamilyChild, child_id)
    created = child is None
    if child is None:
        if band is None:
            band = _band_from_signals(session, child_id, now)
        if band == AgeBand.ADULT:
            raise FamilyError(422, "invalid_request", "an adult account cannot be supervised", "age_band")
        child = FamilyChild(child_id=child_id, age_band=band.value, timezone=timezone or "UTC",
                            country=(country or "").upper(), lang=lang or "en", supervised=True, budgets={},
                            schedules=[], holidays=[], blocked_categories=[], ask_to_buy=True, created_at=now,
                            updated_at=now, birth_date=birth_date)
        session.add(child)
    else:
        if band is not None:
            child.age_band = band.value
        if timezone is not None:
            child.timezone = timezone
        if birth_date is not None:
            child.birth_date = birth_date
        if country is not None:
            child.country = country.upper()
        if lang is not None:
            child.lang = lang
        child.updated_at = now
    session.flush()
    if band is not None and band is not AgeBand.UNKNOWN:
        _declare_band(session, child_id, band, now)
    return child, created


def _declare_band(session: Session, child_id: str, band: AgeBand, now: datetime) -> None:
    """A band set through parental controls is a ``guardian_declared`` age signal for the policy capability
    (so decisions about the child use it); recorded once per band, conflicts recorded by ``policy.age``."""
    from kidsafe.policy import age
    from kidsafe.store.models.policy import AgeSignal

    same = session.scalar(select(AgeSignal.id).where(
        AgeSignal.account_id == child_id, AgeSignal.source == age.Source.GUARDIAN_DECLARED.value,
        AgeSignal.band == band.value, AgeSignal.revoked.is_(False)).limit(1))
    if same is None:
        age.add_signal(session, child_id, band.value, age.Source.GUARDIAN_DECLARED.value, provider="family",
                       recorded_by="family", now=now)


def _band_from_signals(session: Session, child_id: str, now: datetime) -> AgeBand:
    """The band the policy capability's age signals give the account (``unknown`` without signals)."""
    try:
        from kidsafe.policy.age import band_for
    except ImportError:  # pragma: no cover - the policy capability is part of kidsafe
        return AgeBand.UNKNOWN
    return AgeBand(band_for(session, child_id, now))


def link(session: Session, child_id: str, guardian_id: str, now: datetime | None = None) -> GuardianLink:
    """Make ``guardian_id`` a guardian of ``child_id`` (idempotent); both are told supervision is on."""
    child = get_child(session, child_id)
    if not guardian_id or len(guardian_id) > 200:
        raise FamilyError(422, "invalid_request", "guardian_id must be 1..200 characters", "guardian_id")
    if guardian_id == child_id:
        raise FamilyError(422, "invalid_request", "a child cannot be their own guardian", "guardian_id")
    existing = session.scalar(select(GuardianLink).where(GuardianLink.child_id == child_id,
                                                         GuardianLink.guardian_id == guardian_id))
    if existing is not None:
        return existing
    now = now or utcnow()
    row = GuardianLink(child_id=child_id, guardian_id=guardian_id, created_at=now)
    session.add(row)
    session.add(FamilyNotice(recipient_id=child_id, recipient_role="child", child_id=child_id,
                             kind="supervision_started", created_at=now,
                             text="A guardian now supervises this account. You can always see what they can see."))
    session.add(FamilyNotice(recipient_id=guardian_id, recipient_role="guardian", child_id=child_id,
                             kind="supervision_started", created_at=now,
                             text=f"You now supervise {child.child_id}. The child can see that supervision is on."))
    session.flush()
    return row


def unlink(session: Session, child_id: str, guardian_id: str, now: datetime | None = None) -> bool:
    """Remove a guardian link; the child and that guardian are told (the child always sees who supervises)."""
    res = session.execute(delete(GuardianLink).where(GuardianLink.child_id == child_id,
                                                     GuardianLink.guardian_id == guardian_id))
    if not res.rowcount:  # type: ignore[attr-defined]
        return False
    now = now or utcnow()
    left = len(guardians_of(session, child_id))
    session.add(FamilyNotice(recipient_id=child_id, recipient_role="child", child_id=child_id,
                             kind="guardian_removed", created_at=now,
                             text=f"{guardian_id} no longer supervises this account. "
                                  + (f"{left} guardian(s) still do." if left else "Nobody supervises it now.")))
    session.add(FamilyNotice(recipient_id=guardian_id, recipient_role="guardian", child_id=child_id,
                             kind="guardian_removed", created_at=now,
                             text=f"You no longer supervise {child_id}."))
    session.flush()
    return True


def guardians_of(session: Session, child_id: str) -> list[str]:
    return list(session.scalars(select(GuardianLink.guardian_id).where(GuardianLink.child_id == child_id)
                                .order_by(GuardianLink.guardian_id)))


def children_of(session: Session, guardian_id: str) -> list[str]:
    return list(session.scalars(select(GuardianLink.child_id).where(GuardianLink.guardian_id == guardian_id)
                                .order_by(GuardianLink.child_id)))


def require_guardian(session: Session, child_id: str, guardian_id: str) -> None:
    """Refuse (403) a decision by someone who is not a guardian of the child."""
    if guardian_id not in guardians_of(session, child_id):
        raise FamilyError(403, "forbidden", f"{guardian_id!r} is not a guardian of {child_id!r}", "guardian_id")
