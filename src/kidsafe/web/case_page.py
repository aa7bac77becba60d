"""The case page (evidence, scores, context, history, decisions) and its forms: assign, act."""

from __future__ import annotations

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from kidsafe.api.deps import get_session
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Case
from kidsafe.web.case_view import load_case_view
from kidsafe.web.console import current_staff, error_page, render, router
from kidsafe.web.permissions import assignee_name, may_see_restricted
from kidsafe.web.session import StaffSession


def image_url_of(case: Case) -> str | None:
    """An image the browser may load for the case (only https URLs; it is shown blurred until revealed)."""
    url = case.content_url or ""
    return url if case.content_type == "image" and url.startswith("https://") else None


def case_or_error(request: Request, s: Session, staff: StaffSession, case_id: int) -> Case | Response:
    case = s.get(Case, case_id)
    if case is None:
        return error_page(request, 404, "Case not found", f"There is no case {case_id}.", staff)
    if case.restricted and not may_see_restricted(staff.principal):
        return error_page(request, 403, "Restricted case",
                          "Only child-safety specialists may open cases involving sexual content with minors.", staff)
    return case


@router.get("/cases/{case_id}")
async def case_page(request: Request, case_id: int, staff: StaffSession = Depends(current_staff),
                    s: Session = Depends(get_session)) -> Response:
    case = case_or_error(request, s, staff, case_id)
    if isinstance(case, Response):
        return case
    return render(request, "case.html", staff=staff, nav="queue", view=load_case_view(s, case),
                  me=assignee_name(staff.principal), now=utcnow(), image_url=image_url_of(case), action_form=None)
