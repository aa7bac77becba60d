"""The notices outbox: every message to affected users and reporters, and whether its webhook delivered it."""

from __future__ import annotations

from fastapi import Depends, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from kidsafe.api.deps import get_session
from kidsafe.cases import service
from kidsafe.cases.errors import CaseError
from kidsafe.store.models.cases import Case, Notice
from kidsafe.web.console import (
    current_staff,
    error_page,
    guarded,
    read_form,
    refusal_page,
    render,
    router,
    see_other,
    write_session,
)
from kidsafe.web.permissions import may_see_restricted
from kidsafe.web.session import StaffSession

STATUSES = ("pending", "delivered", "failed", "held")
PAGE = 100


@router.get("/notices")
async def notices_page(request: Request, status: str | None = None, before: int | None = None,
                       staff: StaffSession = Depends(current_staff), s: Session = Depends(get_session)) -> Response:
    status = (status or "").strip()
    if status and status not in STATUSES:
        return error_page(request, 422, "Invalid filter", f"status: expected one of {', '.join(STATUSES)}", staff,
                          "/console/notices")
    stmt = select(Notice).order_by(Notice.id.desc()).limit(PAGE)
    if status:
        stmt = stmt.where(Notice.status == status)
    if before is not None:
        stmt = stmt.where(Notice.id < before)
    count_stmt = select(Notice.status, func.count()).group_by(Notice.status)
    if not may_see_restricted(staff.principal):
        # notices about restricted cases stay with the specialists (their rows and their counts)
        restricted = select(Case.id).where(Case.restricted.is_(True))
        visible = (Notice.case_id.is_(None)) | (Notice.case_id.not_in(restricted))
        stmt, count_stmt = stmt.where(visible), count_stmt.where(visible)
    notices = list(s.scalars(stmt))
    counts = dict(s.execute(count_stmt).all())
    older = notices[-1].id if len(notices) == PAGE else None
    return render(request, "notices.html", staff=staff, nav="notices", notices=notices, status=status,
                  can_retry=staff.principal.role.value == "admin",
                  statuses=STATUSES, counts=counts, older=older, first_page=before is None)


@router.post("/notices/{notice_id}/retry")
@guarded
async def retry(request: Request, notice_id: int, staff: StaffSession = Depends(current_staff)) -> Response:
    """Put a failed notice back in the outbox (admins)."""
    await read_form(request, staff)
    try:
        with write_session(request) as ws:
            service.retry_notice(ws, staff.principal, notice_id)
    except CaseError as exc:
        return refusal_page(request, exc, staff, "/console/notices")
    return see_other("/console/notices?status=pending")
