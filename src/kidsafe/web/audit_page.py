"""The audit log view: newest entries first, with a button that verifies the whole hash chain."""

from __future__ import annotations

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from kidsafe.api.deps import get_session
from kidsafe.cases import service
from kidsafe.web.console import current_staff, error_page, render, router
from kidsafe.web.session import StaffSession

PAGE = 100


@router.get("/audit")
async def audit_page(request: Request, before: int | None = None, verify: str | None = None,
                     staff: StaffSession = Depends(current_staff), s: Session = Depends(get_session)) -> Response:
    if before is not None and before < 1:
        return error_page(request, 422, "Invalid page", "before: must be a positive entry number", staff,
                          "/console/audit")
    entries = service.recent_audit(s, staff.principal, limit=PAGE, before_seq=before)
    result = service.verify_audit(s, staff.principal) if verify else None
    older = entries[-1].seq if entries and entries[-1].seq > 1 else None
    return render(request, "audit.html", staff=staff, nav="audit", entries=entries, result=result, older=older,
                  first_page=before is None)
