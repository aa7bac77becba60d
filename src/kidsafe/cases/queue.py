"""The review queue: priority, service levels, overdue cases, assignment and keyset pagination.

Order: ``queue_rank`` (severity, then whether a minor is involved; lower is more urgent), then ``due_at``
(the service-level deadline: sexual_minors, grooming and sextortion within ``Settings.sla_minutes_urgent``,
others within ``Settings.sla_minutes_default``, any category overridden by ``Settings.sla_minutes_by_category``;
an older case has an earlier deadline), then ``id``.
Pages are fetched by keyset (``cursor``), so page N costs the same as page 1 with 100,000 open cases;
the ``ix_cases_queue*`` indexes cover the order. Moderators never see ``restricted`` (sexual_minors) cases.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, literal, select, tuple_
from sqlalchemy.orm import Session

from kidsafe.auth import Principal, Role
from kidsafe.cases import audit, roles
from kidsafe.cases.errors import Forbidden, Invalid
from kidsafe.config import Settings, get_settings
from kidsafe.store.db import utcnow
from kidsafe.store.models import ApiKey, StaffUser
from kidsafe.store.models.cases import Case
from kidsafe.store.types import UTCDateTime
from kidsafe.taxonomy import CATEGORY_NAMES, Severity, info

URGENT_CATEGORIES = frozenset({"sexual_minors", "grooming", "sextortion"})
MAX_PAGE = 200


@functools.lru_cache(maxsize=8)
def sla_overrides(raw: str) -> dict[str, int]:
    """``KIDSAFE_SLA_MINUTES_BY_CATEGORY`` (``"self_harm=240,hate=720"``) as {category: minutes}."""
    out: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        name, _, minutes = part.partition("=")
        name = name.strip()
        if name not in CATEGORY_NAMES or not minutes.strip().isdigit() or int(minutes) < 1:
            raise ValueError(f"KIDSAFE_SLA_MINUTES_BY_CATEGORY: {part!r} is not <category>=<minutes> "
                             f"(categories: {', '.join(CATEGORY_NAMES)}; minutes at least 1)")
        out[name] = int(minutes)
    return out


def sla_minutes(category: str, settings: Settings | None = None) -> int:
    """The service level of a category: its override, else urgent (sexual_minors, grooming, sextortion) or default."""
    s = settings or get_settings()
    override = sla_overrides(s.sla_minutes_by_category).get(category)
    if override is not None:
        return override
    return s.sla_minutes_urgent if category in URGENT_CATEGORIES else s.sla_minutes_default


def queue_rank(severity: Severity | str, minor_involved: bool) -> int:
    """0 is the most urgent (critical, minor involved); 9 the least."""
    return (Severity.CRITICAL.rank - Severity(severity).rank) * 2 + (0 if minor_involved else 1)


def category_severity(category: str) -> Severity:
    return info(category).base_severity


def is_overdue(case: Case, now: datetime | None = None) -> bool:
    return case.status == "open" and case.due_at < (now or utcnow())


@dataclass
class QueuePage:
    items: list[Case]
    next_cursor: str | None


def encode_cursor(case: Case) -> str:
    raw = json.dumps([case.queue_rank, case.due_at.isoformat(), case.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        rank, due, case_id = json.loads(raw)
        due_at = datetime.fromisoformat(due)
        if due_at.tzinfo is None or not isinstance(rank, int) or not isinstance(case_id, int):
            raise ValueError
        return rank, due_at, case_id
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise Invalid("cursor is not one this server issued", "cursor") from None


def list_queue(session: Session, principal: Principal, *, status: str = "open", category: str | None = None,
               overdue: bool | None = None, assigned_to: str | None = None, unassigned: bool = False,
               cursor: str | None = None, limit: int = 50, now: datetime | None = None) -> QueuePage:
    """One page of cases, most urgent first. ``assigned_to="me"`` means the caller."""
    roles.require_staff(principal)
    if status not in ("open", "closed"):
        raise Invalid("status must be open or closed", "status")
    if category is not None and category not in CATEGORY_NAMES:
        raise Invalid(f"unknown category {category!r}; expected one of {', '.join(CATEGORY_NAMES)}", "category")
    if not 1 <= limit <= MAX_PAGE:
        raise Invalid(f"limit must be between 1 and {MAX_PAGE}", "limit")
    now = now or utcnow()
    q = select(Case).where(Case.status == status)
    if not roles.sees_restricted(principal):
        if category in roles.RESTRICTED_CATEGORIES:
            raise Forbidden("only child-safety specialists may list sexual_minors cases", "category")
        q = q.where(Case.restricted.is_(False))
    if category is not None:
        q = q.where(Case.category == category)
    if overdue is True:
        q = q.where(Case.due_at < now)
    elif overdue is False:
        q = q.where(Case.due_at >= now)
    if assigned_to is not None:
        q = q.where(Case.assigned_to == (principal.actor if assigned_to == "me" else assigned_to))
    if unassigned:
        q = q.where(Case.assigned_to.is_(None))
    if cursor:
        rank, due_at, case_id = decode_cursor(cursor)
        q = q.where(tuple_(Case.queue_rank, Case.due_at, Case.id)
                    > tuple_(literal(rank), literal(due_at, UTCDateTime()), literal(case_id)))
    q = q.order_by(Case.queue_rank, Case.due_at, Case.id).limit(limit + 1)
    rows = list(session.scalars(q))
    more = len(rows) > limit
    rows = rows[:limit]
    return QueuePage(rows, encode_cursor(rows[-1]) if more and rows else None)


def queue_stats(session: Session, principal: Principal, now: datetime | None = None) -> dict[str, int]:
    """Counts of open cases the caller may see: total, overdue, unassigned."""
    roles.require_staff(principal)
    now = now or utcnow()
    base = select(func.count()).select_from(Case).where(Case.status == "open")
    if not roles.sees_restricted(principal):
        base = base.where(Case.restricted.is_(False))
    return {
        "open": session.scalar(base) or 0,
        "overdue": session.scalar(base.where(Case.due_at < now)) or 0,
        "unassigned": session.scalar(base.where(Case.assigned_to.is_(None))) or 0,
    }


def _staff_role(session: Session, actor: str) -> Role | None:
    kind, _, name = actor.partition(":")
    if kind == "staff":
        user = session.scalar(select(StaffUser).where(StaffUser.username == name))
        return Role(user.role) if user is not None and user.active else None
    if kind == "api_key":
        key = session.scalar(select(ApiKey).where(ApiKey.name == name))
        return Role(key.role) if key is not None and key.revoked_at is None else None
    return None


def assign_case(session: Session, principal: Principal, case_id: int, assignee: str | None = None) -> Case:
    """Assign a case to ``assignee`` (an audit actor such as ``staff:alice``; default: the caller).

    ``assignee=""`` unassigns. The assignee must be staff allowed to open the case.
    """
    case = roles.check_case_access(principal, session.get(Case, case_id), case_id)
    if case.status != "open":
        raise Invalid("only open cases can be assigned", "case_id")
    target = principal.actor if assignee is None else assignee.strip()
    if target:
        role = principal.role if target == principal.actor else _staff_role(session, target)
        if role is None or role not in roles.STAFF:
            raise Invalid(f"{target!r} is not an active staff member", "assignee")
        if case.restricted and role not in roles.SPECIALISTS:
            raise Invalid("sexual_minors cases can only be assigned to child-safety specialists", "assignee")
    previous = case.assigned_to
    case.assigned_to = target or None
    case.updated_at = utcnow()
    audit.append(session, principal.actor, "case.assign", "case", case.id,
                 {"from": previous, "to": case.assigned_to})
    return case


def get_case(session: Session, principal: Principal, case_id: int) -> Case:
    return roles.check_case_access(principal, session.get(Case, case_id), case_id)


def due_at_for(opened_at: datetime, category: str, settings: Settings | None = None) -> datetime:
    return opened_at + timedelta(minutes=sla_minutes(category, settings))

