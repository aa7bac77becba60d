"""Appeals: the list (pending first) and one appeal with the decision form (a different moderator decides)."""

from __future__ import annotations

from fastapi import Depends, Request
from sqlalchemy import case as sql_case
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from kidsafe.api.deps import get_session
from kidsafe.cases import service
from kidsafe.cases.errors import CaseError
from kidsafe.store.models.cases import Appeal, Case, CaseAction, StatementOfReasons
from kidsafe.web.case_page import ACTION_LABELS, _end_date
from kidsafe.web.console import (
    FormError,
    current_staff,
    form_text,
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

PAGE = 100
DONE_MESSAGES = {"decided": "Appeal decided: the user is told the outcome through the outbox."}


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


def render_appeal(request: Request, s: Session, staff: StaffSession, appeal_id: int, *, status_code: int = 200,
                  form_error: str | None = None, flash: str | None = None) -> Response:
    try:
        appeal = service.get_appeal(s, staff.principal, appeal_id)
    except CaseError as exc:
        return refusal_page(request, exc, staff, "/console/appeals")
    case = s.get(Case, appeal.case_id)
    action = s.get(CaseAction, appeal.action_id)
    statement = s.scalar(select(StatementOfReasons).where(StatementOfReasons.action_id == appeal.action_id))
    own_decision = action is not None and action.actor == staff.principal.actor
    lighter = [a for a in service.ACTIONS if action is not None and a != "no_violation"
               and _weight(a) < _weight(action.action)] + (["suspend"] if action and action.action == "suspend" else [])
    return render(request, "appeal.html", status_code=status_code, staff=staff, nav="appeals", appeal=appeal,
                  case=case, action=action, statement=statement, outcomes=service.OUTCOMES, own_decision=own_decision,
                  replacement_actions=lighter, action_labels=ACTION_LABELS, form_error=form_error, flash=flash,
                  flash_kind="ok")


def _weight(action: str) -> int:
    from kidsafe.cases.actions import WEIGHT

    return WEIGHT.get(action, 99)


@router.get("/appeals/{appeal_id}")
async def appeal_page(request: Request, appeal_id: int, done: str | None = None,
                      staff: StaffSession = Depends(current_staff), s: Session = Depends(get_session)) -> Response:
    return render_appeal(request, s, staff, appeal_id, flash=DONE_MESSAGES.get(done or ""))


@router.post("/appeals/{appeal_id}/decide")
@guarded
async def decide(request: Request, appeal_id: int, staff: StaffSession = Depends(current_staff),
                 s: Session = Depends(get_session)) -> Response:
    form = await read_form(request, staff)
    try:
        outcome = form_text(form, "outcome", required=True)
        note = form_text(form, "note")
        replacement = None
        if outcome == "partially_reversed":
            kind = form_text(form, "replacement_action", required=True)
            appeal = service.get_appeal(s, staff.principal, appeal_id)
            case = s.get(Case, appeal.case_id)
            assert case is not None
            replacement = service.ActionInput(
                action=kind, on_content=case.subject_type == "content" and kind not in ("suspend", "ban", "warn"),
                on_account=kind in ("suspend", "ban", "warn") and bool(case.account_id),
                decision_facts=note, category=None,
                end_date=_end_date(form_text(form, "replacement_end_date")) if kind == "suspend" else None)
        with write_session(request) as ws:
            service.decide_appeal(ws, staff.principal, appeal_id, outcome, note, replacement=replacement,
                                  settings=request.app.state.settings)
    except FormError as exc:
        return render_appeal(request, s, staff, appeal_id, status_code=422, form_error=str(exc))
    except CaseError as exc:
        if exc.status == 404:
            return refusal_page(request, exc, staff, "/console/appeals")
        field = f"{exc.field.replace('_', ' ')}: " if exc.field else ""
        return render_appeal(request, s, staff, appeal_id, status_code=exc.status, form_error=field + exc.message)
    return see_other(f"/console/appeals/{appeal_id}?done=decided")
