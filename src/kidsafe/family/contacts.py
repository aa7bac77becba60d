"""Contacts and purchases that need a guardian's approval.

Contacts: a new contact of a child whose age band is in ``Settings.family_contact_approval_bands``
(default under 13 and unknown) waits for a guardian; a guardian can turn this on or off per child
(``contact_approval``). An adult contact of a child under 16 always waits for a guardian (DSA Art. 28
guidelines: no contact from adult strangers to under-16s). Otherwise the contact is approved at once.

Purchases ("ask to buy"): while ``ask_to_buy`` is on (the default), a child's purchase waits for a guardian.
Both are idempotent by the platform's ids: asking again returns the same request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe.family.errors import FamilyError
from kidsafe.family.links import age_band, get_child, require_guardian
from kidsafe.store.models.family import ContactRequest, FamilyChild, PurchaseRequest
from kidsafe.taxonomy import AgeBand

UNDER_16 = (AgeBand.UNDER_13, AgeBand.AGE_13_15)


def approval_bands(setting: str) -> set[str]:
    return {b.strip() for b in setting.split(",") if b.strip()}


def needs_approval(child: FamilyChild, contact_band: AgeBand, bands: set[str]) -> bool:
    if not child.supervised:
        return False
    if contact_band == AgeBand.ADULT and AgeBand(child.age_band) in UNDER_16:
        return True
    if child.contact_approval is not None:
        return child.contact_approval
    return child.age_band in bands


def request_contact(session: Session, child_id: str, contact_id: str, contact_band: str, bands: set[str],
                    now: datetime) -> tuple[ContactRequest, bool]:
    """Ask to add ``contact_id``; returns ``(request, created)``. An existing request is returned as is."""
    band = age_band(contact_band, "contact_age_band")
    child = get_child(session, child_id)
    if not contact_id or len(contact_id) > 200 or contact_id == child_id:
        raise FamilyError(422, "invalid_request", "contact_id must be 1..200 characters and not the child",
                          "contact_id")
    row = session.scalar(select(ContactRequest).where(ContactRequest.child_id == child_id,
                                                      ContactRequest.contact_id == contact_id))
    if row is not None:
        return row, False
    pending = needs_approval(child, band, bands)
    row = ContactRequest(child_id=child_id, contact_id=contact_id, contact_age_band=band.value,
                         status="pending" if pending else "approved", created_at=now,
                         decided_by=None if pending else "automatic", decided_at=None if pending else now)
    session.add(row)
    session.flush()
    return row, True


def contact_status(session: Session, child_id: str, contact_id: str) -> str:
    """``approved``, ``pending``, ``denied`` or ``unknown`` (never asked)."""
    row = session.scalar(select(ContactRequest).where(ContactRequest.child_id == child_id,
                                                      ContactRequest.contact_id == contact_id))
    return row.status if row is not None else "unknown"


def request_purchase(session: Session, child_id: str, purchase_id: str, item: str, amount_cents: int,
                     currency: str, now: datetime) -> tuple[PurchaseRequest, bool]:
    child = get_child(session, child_id)
    row = session.scalar(select(PurchaseRequest).where(PurchaseRequest.child_id == child_id,
                                                       PurchaseRequest.purchase_id == purchase_id))
    if row is not None:
        if (row.item, row.amount_cents, row.currency) != (item, amount_cents, currency.upper()):
            raise FamilyError(409, "conflict", f"purchase_id {purchase_id!r} was already asked with other "
                              "details", "purchase_id")
        return row, False
    pending = child.supervised and child.ask_to_buy
    row = PurchaseRequest(child_id=child_id, purchase_id=purchase_id, item=item, amount_cents=amount_cents,
                          currency=currency.upper(), status="pending" if pending else "approved", created_at=now,
                          decided_by=None if pending else "automatic", decided_at=None if pending else now)
    session.add(row)
    session.flush()
    return row, True


def decide(session: Session, model: type[ContactRequest] | type[PurchaseRequest], request_id: int,
           guardian_id: str, approve: bool, now: datetime) -> Any:
    """A linked guardian approves or denies a pending contact or purchase request."""
    row: ContactRequest | PurchaseRequest | None = session.get(model, request_id)  # type: ignore[assignment]
    if row is None:
        raise FamilyError(404, "not_found", f"no request {request_id}", "request_id")
    require_guardian(session, row.child_id, guardian_id)
    if row.status != "pending":
        raise FamilyError(409, "conflict", f"this request was already {row.status}", "request_id")
    row.status = "approved" if approve else "denied"
    row.decided_by, row.decided_at = guardian_id, now
    return row


def contact_dict(row: ContactRequest) -> dict[str, Any]:
    return {"id": row.id, "child_id": row.child_id, "contact_id": row.contact_id,
            "contact_age_band": row.contact_age_band, "status": row.status, "decided_by": row.decided_by,
            "decided_at": row.decided_at.isoformat() if row.decided_at else None,
            "created_at": row.created_at.isoformat()}


def purchase_dict(row: PurchaseRequest) -> dict[str, Any]:
    return {"id": row.id, "child_id": row.child_id, "purchase_id": row.purchase_id, "item": row.item,
            "amount_cents": row.amount_cents, "currency": row.currency, "status": row.status,
            "decided_by": row.decided_by, "decided_at": row.decided_at.isoformat() if row.decided_at else None,
            "created_at": row.created_at.isoformat()}
