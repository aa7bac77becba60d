"""HTTP routes of the `family` capability: parental controls.

The platform calls these on behalf of its users (it authenticates its children and guardians; kidsafe checks
that a deciding guardian is linked to the child). Times are computed on the server in the child's time zone,
by the server clock (``app.state.family_clock`` when set, for tests): an ``at`` a client sends is accepted only
within ``KIDSAFE_FAMILY_MAX_CLOCK_SKEW_S`` of it, so a changed device clock cannot bypass bedtime or budgets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kidsafe.api.deps import get_principal, get_session, get_settings_dep, require_roles
from kidsafe.api.errors import ApiError
from kidsafe.auth import Principal, Role
from kidsafe.config import Settings
from kidsafe.family import alerts, contacts, content, links, screen_time, transparency
from kidsafe.family.errors import FamilyError
from kidsafe.store.db import utcnow
from kidsafe.store.models.family import ContactRequest, ExtraTimeRequest, FamilyChild, PurchaseRequest

router = APIRouter(prefix="/v1", tags=["family"])
platform = require_roles(Role.PLATFORM)
Id = Field(min_length=1, max_length=200)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def now_dep(request: Request) -> datetime:
    clock: Callable[[], datetime] | None = getattr(request.app.state, "family_clock", None)
    return (clock or utcnow)()


def _when(at: datetime | None, now: datetime, field: str = "at") -> datetime:
    if at is None:
        return now
    if at.tzinfo is None:
        raise ApiError(422, "invalid_request", "timestamps need a time zone offset (e.g. 2026-03-29T08:00:00Z)",
                       field)
    return at.astimezone(UTC)


def _server_time(at: datetime | None, now: datetime, skew_s: int, field: str = "at") -> datetime:
    """The server clock decides: a client's ``at`` (a device clock) is accepted only within ``skew_s`` seconds of
    it, so changing the device's clock cannot move a child out of bedtime or into a fresh budget."""
    when = _when(at, now, field)
    if abs((when - now).total_seconds()) > skew_s:
        raise ApiError(422, "invalid_request", f"{field} is {int(abs((when - now).total_seconds()))} s away from "
                       f"the server clock (at most {skew_s} s): kidsafe keeps time itself; leave '{field}' out",
                       field)
    return when


def _child_dict(session: Session, child: FamilyChild) -> dict[str, Any]:
    return {
        "child_id": child.child_id, "age_band": child.age_band, "timezone": child.timezone,
        "birth_date": child.birth_date.isoformat() if child.birth_date else None, "country": child.country,
        "lang": child.lang, "supervised": child.supervised, "guardians": links.guardians_of(session, child.child_id),
        "budgets_minutes": child.budgets, "schedules": child.schedules, "holidays": child.holidays,
        "content": content.content_settings(child), "contact_approval": child.contact_approval,
        "ask_to_buy": child.ask_to_buy,
    }


# --- children and guardians ------------------------------------------------------------------------------

class ChildIn(Strict):
    age_band: str | None = Field(default=None, description="under_13, 13_15, 16_17 or unknown; when a new child "
                                 "has none, the band from the account's age signals (kidsafe.policy.age)")
    timezone: str | None = Field(default=None, max_length=64, description="IANA name, e.g. Europe/Paris")
    birth_date: date | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2}(-[A-Za-z]{2})?$")
    guardian_ids: list[str] = Field(default_factory=list, max_length=20)
    contact_approval: bool | None = Field(default=None, description="override the band's default")
    ask_to_buy: bool | None = None


@router.put("/children/{child_id}")
def put_child(child_id: str, body: ChildIn, response: Response, session: Session = Depends(get_session),
              now: datetime = Depends(now_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    """Create or update a supervised child (fields given are changed), optionally linking guardians."""
    child, created = links.upsert_child(session, child_id, age_band_=body.age_band, timezone=body.timezone,
                                        birth_date=body.birth_date, country=body.country, lang=body.lang, now=now)
    if "contact_approval" in body.model_fields_set:
        child.contact_approval = body.contact_approval
    if body.ask_to_buy is not None:
        child.ask_to_buy = body.ask_to_buy
    for i, g in enumerate(body.guardian_ids):
        try:
            links.link(session, child_id, g, now)
        except FamilyError as e:
            e.field = f"guardian_ids[{i}]"
            raise
    transparency.enforce_age_limit(session, child, now)
    response.status_code = 201 if created else 200
    return _child_dict(session, child)


@router.get("/children/{child_id}")
def get_child(child_id: str, session: Session = Depends(get_session),
              _: Principal = Depends(platform)) -> dict[str, Any]:
    return _child_dict(session, links.get_child(session, child_id))


class GuardianIn(Strict):
    guardian_id: str = Id


@router.post("/children/{child_id}/guardians", status_code=201)
def add_guardian(child_id: str, body: GuardianIn, session: Session = Depends(get_session),
                 now: datetime = Depends(now_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    links.link(session, child_id, body.guardian_id, now)
    return {"child_id": child_id, "guardians": links.guardians_of(session, child_id)}


@router.delete("/children/{child_id}/guardians/{guardian_id}")
def remove_guardian(child_id: str, guardian_id: str, session: Session = Depends(get_session),
                    now: datetime = Depends(now_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    """Remove a guardian link; the child and that guardian are told."""
    links.get_child(session, child_id)
    if not links.unlink(session, child_id, guardian_id, now):
        raise ApiError(404, "not_found", f"{guardian_id!r} is not a guardian of {child_id!r}", "guardian_id")
    return {"child_id": child_id, "guardians": links.guardians_of(session, child_id)}


@router.get("/guardians/{guardian_id}/children")
def guardian_children(guardian_id: str, session: Session = Depends(get_session),
                      _: Principal = Depends(platform)) -> dict[str, Any]:
    kids = [_child_dict(session, links.get_child(session, c)) for c in links.children_of(session, guardian_id)]
    return {"guardian_id": guardian_id, "children": kids}


# --- screen time -----------------------------------------------------------------------------------------

@router.put("/children/{child_id}/budgets")
def put_budgets(child_id: str, body: screen_time.Budgets, session: Session = Depends(get_session),
                _: Principal = Depends(platform)) -> dict[str, Any]:
    """Daily minutes per day type (school_day, weekend, holiday); a day type left out has no limit."""
    return {"child_id": child_id, "budgets_minutes": screen_time.set_budgets(session, child_id, body).budgets}


class SchedulesIn(Strict):
    schedules: list[screen_time.Schedule] = Field(max_length=50)


@router.put("/children/{child_id}/schedules")
def put_schedules(child_id: str, body: SchedulesIn, session: Session = Depends(get_session),
                  _: Principal = Depends(platform)) -> dict[str, Any]:
    """Replace the child's schedules (bedtime, school hours, quiet times) in local wall-clock time."""
    return {"child_id": child_id,
            "schedules": screen_time.set_schedules(session, child_id, body.schedules).schedules}


class HolidaysIn(Strict):
    dates: list[date] = Field(max_length=400)


@router.put("/children/{child_id}/holidays")
def put_holidays(child_id: str, body: HolidaysIn, session: Session = Depends(get_session),
                 _: Principal = Depends(platform)) -> dict[str, Any]:
    """Replace the family's holiday calendar for this child (local dates)."""
    return {"child_id": child_id, "holidays": screen_time.set_holidays(session, child_id, body.dates).holidays}


class SessionCheckIn(Strict):
    child_id: str = Id
    at: datetime | None = Field(default=None, description="default: now (server clock); a value further than "
                                "KIDSAFE_FAMILY_MAX_CLOCK_SKEW_S from the server clock is refused")


@router.post("/sessions:check")
def sessions_check(body: SessionCheckIn, session: Session = Depends(get_session), now: datetime = Depends(now_dep),
                   settings: Settings = Depends(get_settings_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    """May the child play now, how much time is left, and if not, why and until when (by the server clock)."""
    at = _server_time(body.at, now, settings.family_max_clock_skew_s)
    return screen_time.check(session, body.child_id, at).to_dict()


class UsageIn(Strict):
    child_id: str = Id
    usage_id: str = Field(min_length=1, max_length=200, description="the platform's id; a repeat counts once")
    started_at: datetime
    ended_at: datetime


class UsageBatchIn(Strict):
    records: list[UsageIn] = Field(min_length=1)


@router.post("/usage")
def post_usage(body: UsageBatchIn, session: Session = Depends(get_session), now: datetime = Depends(now_dep),
               settings: Settings = Depends(get_settings_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    """Report play sessions. Each ``usage_id`` counts once; a bad record is reported and the others kept.
    A session may not end in the future (beyond ``KIDSAFE_FAMILY_MAX_CLOCK_SKEW_S``): a device clock set ahead
    cannot move today's play to another day."""
    if len(body.records) > settings.max_batch:
        raise ApiError(413, "too_many_records", f"at most {settings.max_batch} records per request", "records")
    latest = now + timedelta(seconds=settings.family_max_clock_skew_s)
    results: list[dict[str, Any]] = []
    for i, r in enumerate(body.records):
        try:
            if r.ended_at.tzinfo is not None and r.ended_at > latest:
                raise FamilyError(422, "invalid_request", "ended_at is in the future by the server clock", "ended_at")
            res = screen_time.record_usage(session, r.child_id, r.usage_id, r.started_at, r.ended_at)
            results.append({"index": i, "usage_id": res.usage_id, "status": res.status, "seconds": res.seconds})
        except FamilyError as e:
            results.append({"index": i, "usage_id": r.usage_id, "status": "error", "code": e.code,
                            "field": f"records[{i}].{e.field}", "message": e.message})
    counts = {s: sum(1 for r in results if r["status"] == s) for s in ("accepted", "duplicate", "error")}
    return {**counts, "results": results}


class ExtraTimeIn(Strict):
    minutes: int = Field(ge=1)
    reason: str = Field(default="", max_length=200)
    at: datetime | None = None


@router.post("/children/{child_id}/extra-time", status_code=201)
def ask_extra_time(child_id: str, body: ExtraTimeIn, session: Session = Depends(get_session),
                   now: datetime = Depends(now_dep), settings: Settings = Depends(get_settings_dep),
                   _: Principal = Depends(platform)) -> dict[str, Any]:
    """The child asks for more time today; the child's guardians decide."""
    row = screen_time.request_extra_time(session, child_id, body.minutes, body.reason,
                                         _server_time(body.at, now, settings.family_max_clock_skew_s),
                                         settings.family_max_extra_minutes)
    return screen_time.extra_time_dict(row)


@router.get("/children/{child_id}/extra-time")
def list_extra_time(child_id: str, status: str | None = Query(default=None, pattern="^(pending|approved|denied)$"),
                    session: Session = Depends(get_session), _: Principal = Depends(platform)) -> dict[str, Any]:
    links.get_child(session, child_id)
    q = select(ExtraTimeRequest).where(ExtraTimeRequest.child_id == child_id)
    if status:
        q = q.where(ExtraTimeRequest.status == status)
    rows = session.scalars(q.order_by(ExtraTimeRequest.id.desc()).limit(200))
    return {"child_id": child_id, "requests": [screen_time.extra_time_dict(r) for r in rows]}


class DecisionIn(Strict):
    guardian_id: str = Id
    approve: bool
    minutes: int | None = Field(default=None, ge=1, description="extra time only: approve fewer minutes")


@router.post("/extra-time/{request_id}:decide")
def decide_extra_time(request_id: int, body: DecisionIn, session: Session = Depends(get_session),
                      now: datetime = Depends(now_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    row = screen_time.decide_extra_time(session, request_id, body.guardian_id, body.approve, now, body.minutes)
    return screen_time.extra_time_dict(row)


# --- content ---------------------------------------------------------------------------------------------

class ContentIn(Strict):
    max_rating: str | None = Field(default=None, description="PEGI 3/7/12/16/18 or ESRB E/E10+/T/M/AO; "
                                   "null: the age band's default")
    blocked_categories: list[str] = Field(default_factory=list, max_length=20)


@router.put("/children/{child_id}/content")
def put_content(child_id: str, body: ContentIn, session: Session = Depends(get_session),
                _: Principal = Depends(platform)) -> dict[str, Any]:
    child = content.set_content(session, child_id, body.max_rating, body.blocked_categories)
    return {"child_id": child_id, **content.content_settings(child)}


class ContentCheckIn(Strict):
    child_id: str = Id
    rating: str | None = None
    categories: list[str] = Field(default_factory=list, max_length=20)
    descriptors: dict[str, str] = Field(default_factory=dict, description="OARS descriptor → none/mild/"
                                        "moderate/intense")


@router.post("/content:check")
def content_check(body: ContentCheckIn, session: Session = Depends(get_session),
                  _: Principal = Depends(platform)) -> dict[str, Any]:
    """Whether content with this rating, these detected categories and descriptors suits the child."""
    child = links.get_child(session, body.child_id)
    return {"child_id": body.child_id,
            **content.check_content(child, body.rating, body.categories, body.descriptors).to_dict()}


# --- contacts and purchases ------------------------------------------------------------------------------

class ContactIn(Strict):
    child_id: str = Id
    contact_id: str = Id
    contact_age_band: str = "unknown"


@router.post("/contacts")
def ask_contact(body: ContactIn, response: Response, session: Session = Depends(get_session),
                now: datetime = Depends(now_dep), settings: Settings = Depends(get_settings_dep),
                _: Principal = Depends(platform)) -> dict[str, Any]:
    """A child adds a contact (or is added): approved at once, or pending a guardian's approval."""
    row, created = contacts.request_contact(session, body.child_id, body.contact_id, body.contact_age_band,
                                            contacts.approval_bands(settings.family_contact_approval_bands), now)
    response.status_code = 201 if created else 200
    return contacts.contact_dict(row)


@router.get("/children/{child_id}/contacts")
def list_contacts(child_id: str, session: Session = Depends(get_session),
                  _: Principal = Depends(platform)) -> dict[str, Any]:
    links.get_child(session, child_id)
    rows = session.scalars(select(ContactRequest).where(ContactRequest.child_id == child_id)
                           .order_by(ContactRequest.id).limit(1000))
    return {"child_id": child_id, "contacts": [contacts.contact_dict(r) for r in rows]}


@router.post("/contacts/{request_id}:decide")
def decide_contact(request_id: int, body: DecisionIn, session: Session = Depends(get_session),
                   now: datetime = Depends(now_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    row = contacts.decide(session, ContactRequest, request_id, body.guardian_id, body.approve, now)
    return contacts.contact_dict(row)


class PurchaseIn(Strict):
    child_id: str = Id
    purchase_id: str = Id
    item: str = Field(min_length=1, max_length=200)
    amount_cents: int = Field(ge=0, le=100_000_000)
    currency: str = Field(pattern=r"^[A-Za-z]{3}$")


@router.post("/purchases")
def ask_purchase(body: PurchaseIn, response: Response, session: Session = Depends(get_session),
                 now: datetime = Depends(now_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    """Ask to buy: pending a guardian while ``ask_to_buy`` is on; a repeat of ``purchase_id`` is the same request."""
    row, created = contacts.request_purchase(session, body.child_id, body.purchase_id, body.item, body.amount_cents,
                                             body.currency, now)
    response.status_code = 201 if created else 200
    return contacts.purchase_dict(row)


@router.get("/children/{child_id}/purchases")
def list_purchases(child_id: str, session: Session = Depends(get_session),
                   _: Principal = Depends(platform)) -> dict[str, Any]:
    links.get_child(session, child_id)
    rows = session.scalars(select(PurchaseRequest).where(PurchaseRequest.child_id == child_id)
                           .order_by(PurchaseRequest.id.desc()).limit(200))
    return {"child_id": child_id, "purchases": [contacts.purchase_dict(r) for r in rows]}


@router.post("/purchases/{request_id}:decide")
def decide_purchase(request_id: int, body: DecisionIn, session: Session = Depends(get_session),
                    now: datetime = Depends(now_dep), _: Principal = Depends(platform)) -> dict[str, Any]:
    row = contacts.decide(session, PurchaseRequest, request_id, body.guardian_id, body.approve, now)
    return contacts.purchase_dict(row)


# --- alerts, digest, transparency ------------------------------------------------------------------------

def _sync_alerts(request: Request) -> None:
    """Turn pending events into guardian alerts before answering (a concurrent sync may win: fine)."""
    db = request.app.state.db
    try:
        with db.write_lock, db.session() as s:
            alerts.consume(s)
    except IntegrityError:
        pass


def _aware(value: datetime | None, field: str) -> datetime | None:
    return None if value is None else _when(value, value, field)


@router.get("/guardians/{guardian_id}/alerts")
def guardian_alerts(request: Request, guardian_id: str, since: datetime | None = None, until: datetime | None = None,
                    limit: int = Query(default=100, ge=1, le=500), _: Principal = Depends(platform),
                    session: Session = Depends(get_session)) -> dict[str, Any]:
    """Alerts about this guardian's children, newest first (no content for 13–17 unless an emergency)."""
    _sync_alerts(request)
    return {"guardian_id": guardian_id,
            "alerts": alerts.alerts_for(session, guardian_id, _aware(since, "since"), _aware(until, "until"), limit)}


@router.get("/guardians/{guardian_id}/digest")
def guardian_digest(request: Request, guardian_id: str, since: datetime | None = None, until: datetime | None = None,
                    now: datetime = Depends(now_dep), _: Principal = Depends(platform),
                    session: Session = Depends(get_session)) -> dict[str, Any]:
    """A summary per child for ``[since, until)`` (default: the last 7 days)."""
    _sync_alerts(request)
    end = _aware(until, "until") or now
    start = _aware(since, "since") or end - timedelta(days=7)
    if start >= end:
        raise ApiError(422, "invalid_request", "since must be before until", "since")
    return alerts.digest(session, guardian_id, start, end)


@router.get("/guardians/{guardian_id}/notices")
def guardian_notices(guardian_id: str, session: Session = Depends(get_session),
                     _: Principal = Depends(platform)) -> dict[str, Any]:
    return {"guardian_id": guardian_id, "notices": transparency.notices_for(session, guardian_id)}


@router.get("/children/{child_id}/transparency")
def child_transparency(request: Request, child_id: str, session: Session = Depends(get_session),
                       now: datetime = Depends(now_dep), settings: Settings = Depends(get_settings_dep),
                       _: Principal = Depends(get_principal)) -> dict[str, Any]:
    """What the child sees: supervision is on, who supervises, what guardians can and cannot see, and what
    they were told lately (kind of risk and time) (ICO standard 11)."""
    _sync_alerts(request)
    child = links.get_child(session, child_id)
    return transparency.view(session, child, now, contacts.approval_bands(settings.family_contact_approval_bands))
