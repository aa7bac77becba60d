"""The review queue page: open cases by priority (severity, minor involved, service-level deadline), with filters.

The listing is the cases service's ``list_queue``: keyset pagination over the queue index (``queue_rank, due_at,
id``), so the first page and the hundredth cost the same with 100,000 open cases, and moderators never see
restricted (sexual_minors) cases (the filter is part of the query, not applied afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from kidsafe.api.deps import get_session
from kidsafe.cases import service
from kidsafe.cases.errors import CaseError
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Case
from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.web.console import current_staff, error_page, refusal_page, render, router
from kidsafe.web.permissions import may_see_restricted
from kidsafe.web.session import StaffSession

STATUSES = ("open", "closed")
MAX_PAGE = 200
OVERDUE_CAP = 1000  # counting every overdue case would cost a scan of the queue on each page view


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


def load_queue(s: Session, staff: StaffSession, filters: QueueFilters, after: str | None,
               limit: int) -> tuple[list[Case], str | None]:
    """One page of the queue in priority order, and the cursor of the next page (None on the last).

    Raises the cases service's ``CaseError`` for a bad filter or cursor."""
    page = service.list_queue(s, staff.principal, status=filters.status, category=filters.category or None,
                              overdue=True if filters.overdue else None, assigned_to="me" if filters.mine else None,
                              cursor=after or None, limit=limit)
    return page.items, page.next_cursor


def overdue_count(s: Session, staff: StaffSession, cap: int = OVERDUE_CAP) -> int:
    """Open cases past their deadline that the caller may see, counted up to ``cap`` (the banner says "cap+")."""
    ids = select(Case.id).where(Case.status == "open", Case.due_at < utcnow())
    if not may_see_restricted(staff.principal):
        ids = ids.where(Case.restricted.is_(False))
    return int(s.scalar(select(func.count()).select_from(ids.limit(cap + 1).subquery())) or 0)


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
    except CaseError as exc:
        return refusal_page(request, exc, staff, "/console/queue")
    return render(request, "queue.html", staff=staff, nav="queue", cases=cases, filters=filters,
                  categories=[c for c in CATEGORY_NAMES if c != "sexual_minors" or may_see_restricted(staff.principal)],
                  statuses=STATUSES, next_cursor=next_cursor, first_page=not after,
                  overdue_total=overdue_count(s, staff), overdue_cap=OVERDUE_CAP, now=utcnow())
