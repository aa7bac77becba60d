"""Appeals: the list (pending first) and one appeal with the decision form (a different moderator decides)."""

from __future__ import annotations

from fastapi import Depends, Request
from sqlalchemy import case as sql_case
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from kidsafe.api.deps import get_session
from kidsafe.store.models.cases import Appeal, Case, CaseAction, StatementOfReasons
from kidsafe.web.console import current_staff, error_page, render, router
from kidsafe.web.permissions import may_see_restricted
from kidsafe.web.session import StaffSession

PAGE = 100
OUTCOMES = ("upheld", "reversed", "partially_reversed")


@router.get("/appeals")
async def appeals_page(request: Request, staff: StaffSession = Depends(current_staff),
                       s: Session = Depends(get_session)) -> Response:
    pending_first = sql_case((Appeal.status == "pending", 0), else_=1)
    stmt = (select(Appeal, Case).join(Case, Case.id == Appeal.case_id)
            .order_by(pending_first, Appeal.created_at, Appeal.id).limit(PAGE))
    if not may_see_restricted(staff.principal):
        stmt = stmt.where(Case.restricted.is_(False))
    rows = [(row[0], row[1]) for row in s.execute(stmt)]
    return render(request, "appeals.html", staff=staff, nav="appeals", rows=rows)


def appeal_or_error(request: Request, s: Session, staff: StaffSession,
                    appeal_id: int) -> tuple[Appeal, Case] | Response:
    appeal = s.get(Appeal, appeal_id)
    case = s.get(Case, appeal.case_id) if appeal else None
    if appeal is None or case is None:
        return error_page(request, 404, "Appeal not found", f"There is no appeal {appeal_id}.", staff,
                          "/console/appeals")
    if case.restricted and not may_see_restricted(staff.principal):
        return error_page(request, 403, "Restricted appeal",
                          "Only child-safety specialists may open appeals about sexual content with minors.", staff,
                          "/console/appeals")
    return appeal, case


@router.get("/appeals/{appeal_id}")
async def appeal_page(request: Request, appeal_id: int, staff: StaffSession = Depends(current_staff),
                      s: Session = Depends(get_session)) -> Response:
    found = appeal_or_error(request, s, staff, appeal_id)
    if isinstance(found, Response):
        return found
    appeal, case = found
    action = s.get(CaseAction, appeal.action_id)
    statement = s.scalar(select(StatementOfReasons).where(StatementOfReasons.action_id == appeal.action_id))
    own_decision = action is not None and action.actor == staff.principal.actor
    return render(request, "appeal.html", staff=staff, nav="appeals", appeal=appeal, case=case, action=action,
                  statement=statement, outcomes=OUTCOMES, own_decision=own_decision)
