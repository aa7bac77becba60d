"""The review queue page: open cases by priority (severity, minor involved, service-level deadline), with filters.

Pages are read with keyset pagination over the queue index (``queue_rank, due_at, id``), so the first page and
the hundredth cost the same with 100,000 open cases. Moderators never see restricted (sexual_minors) cases:
the filter is part of the query, not applied afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import Depends, Request
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from kidsafe.api.deps import get_session
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Case
from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.web.console import current_staff, error_page, render, router
from kidsafe.web.permissions import assignee_name, may_see_restricted
from kidsafe.web.session import StaffSession

STATUSES = ("open", "closed", "all")
MAX_PAGE = 200


@dataclass(frozen=True)
class QueueFilters:
    category: str = ""
    status: str = "open"
    overdue: bool = False
    mine: bool = False

    def query_string(self) -> str:
        parts = [f"status={self.status}"]
        if self.category:
            parts.append(f"category={self.category}")
        if self.overdue:
            parts.append("overdue=1")
        if self.mine:
            parts.append("mine=1")
        return "&".join(parts)


def parse_filters(category: str | None, status: str | None, overdue: str | None, mine: str | None) -> QueueFilters:
    """Validated filters; raises ``ValueError`` naming the field."""
    category = (category or "").strip()
    if category and category not in CATEGORY_NAMES:
        raise ValueError(f"category: unknown category {category!r}")
    status = (status or "open").strip()
    if status not in STATUSES:
        raise ValueError(f"status: expected one of {', '.join(STATUSES)}")
    return QueueFilters(category, status, overdue in ("1", "on", "true"), mine in ("1", "on", "true"))


def encode_cursor(case: Case) -> str:
    return f"{case.queue_rank}_{int(case.due_at.timestamp() * 1_000_000)}_{case.id}"


def decode_cursor(cursor: str) -> tuple[int, datetime, int]:
    from datetime import UTC

    try:
        rank, due_us, case_id = (int(p) for p in cursor.split("_"))
        return rank, datetime.fromtimestamp(due_us / 1_000_000, UTC), case_id
    except (ValueError, OverflowError, OSError):
        raise ValueError("after: not a valid page cursor") from None


def _filtered(stmt: Select, staff: StaffSession, filters: QueueFilters, now: datetime) -> Select:  # type: ignore[type-arg]
    if filters.status != "all":
        stmt = stmt.where(Case.status == filters.status)
    if not may_see_restricted(staff.principal):
        stmt = stmt.where(Case.restricted.is_(False))
    if filters.category:
        stmt = stmt.where(Case.category == filters.category)
    if filters.overdue:
        stmt = stmt.where(Case.status == "open", Case.due_at < now)
    if filters.mine:
        stmt = stmt.where(Case.assigned_to == assignee_name(staff.principal))
    return stmt


def load_queue(s: Session, staff: StaffSession, filters: QueueFilters, after: str | None,
               limit: int) -> tuple[list[Case], str | None]:
    """One page of the queue in priority order, and the cursor of the next page (None on the last)."""
    now = utcnow()
    stmt = _filtered(select(Case), staff, filters, now)
    if after:
        rank, due, case_id = decode_cursor(after)
        stmt = stmt.where(or_(Case.queue_rank > rank,
                              and_(Case.queue_rank == rank,
                                   or_(Case.due_at > due, and_(Case.due_at == due, Case.id > case_id)))))
    stmt = stmt.order_by(Case.queue_rank, Case.due_at, Case.id).limit(limit + 1)
    rows = list(s.scalars(stmt))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1]) if more and rows else None)


def overdue_count(s: Session, staff: StaffSession) -> int:
    stmt = select(func.count()).select_from(Case).where(Case.status == "open", Case.due_at < utcnow())
    if not may_see_restricted(staff.principal):
        stmt = stmt.where(Case.restricted.is_(False))
    return int(s.scalar(stmt) or 0)


@router.get("/queue")
async def queue_page(request: Request, category: str | None = None, status: str | None = None,
                     overdue: str | None = None, mine: str | None = None, after: str | None = None,
                     staff: StaffSession = Depends(current_staff), s: Session = Depends(get_session)) -> Response:
    try:
        filters = parse_filters(category, status, overdue, mine)
        limit = max(1, min(MAX_PAGE, int(request.app.state.settings.console_page_size)))
        cases, next_cursor = load_queue(s, staff, filters, after, limit)
    except ValueError as exc:
        return error_page(request, 422, "Invalid queue filter", str(exc), staff, "/console/queue")
    return render(request, "queue.html", staff=staff, nav="queue", cases=cases, filters=filters,
                  categories=CATEGORY_NAMES, statuses=STATUSES, next_cursor=next_cursor, first_page=not after,
                  overdue_total=overdue_count(s, staff), now=utcnow())
