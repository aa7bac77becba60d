"""The case page (evidence, scores, context, history, decisions) and its forms: assign, decide.

Reads and writes go through the cases service (``kidsafe.cases.service``), which checks roles (moderators
cannot open sexual_minors cases), validates the decision and its statement of reasons, queues the notices
and writes the audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.responses import Response

from kidsafe.api.deps import get_session
from kidsafe.cases import service
from kidsafe.cases.actions import ACCOUNT_ONLY, CONTENT_ONLY
from kidsafe.cases.errors import CaseError
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Case
from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.web.case_view import load_case_page
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
from kidsafe.web.permissions import assignee_name, may_see_restricted
from kidsafe.web.session import StaffSession

ACTION_LABELS = {
    "remove": "Remove the content", "age_restrict": "Age-restrict the content", "label": "Label the content",
    "warn": "Warn the account", "suspend": "Suspend the account (until a date)", "ban": "Ban the account",
    "escalate_to_authorities": "Escalate to the authorities (preserves the evidence)",
    "no_violation": "No violation",
}
DONE_MESSAGES = {
    "assigned": "Assignment saved.",
    "decided": "Decision recorded: the statement of reasons and the notices to the affected user and the reporters "
               "are in the outbox.",
    "no_violation": "Recorded as no violation: the reporters will be told the outcome.",
}


def image_url_of(case: Case) -> str | None:
    """An image the browser may load for the case (only https URLs; it is shown blurred until revealed)."""
    url = case.content_url or ""
    return url if case.content_type == "image" and url.startswith("https://") else None


def _action_form_defaults(case: Case) -> dict[str, Any]:
    return {"action": "", "on_content": case.subject_type == "content", "on_account": False,
            "category": case.category, "ground": "incompatible", "legal_ground": "", "decision_facts": "",
            "end_date": "", "authority": ""}


def render_case(request: Request, s: Session, staff: StaffSession, case_id: int, *, status_code: int = 200,
                form_values: dict[str, Any] | None = None, form_error: str | None = None,
                flash: str | None = None) -> Response:
    try:
        page = load_case_page(s, staff.principal, case_id)
    except CaseError as exc:
        return refusal_page(request, exc, staff, "/console/queue")
    case = page.case
    categories = [c for c in CATEGORY_NAMES if c != "sexual_minors" or may_see_restricted(staff.principal)]
    return render(request, "case.html", status_code=status_code, staff=staff, nav="queue", page=page,
                  view=page.view, me=assignee_name(staff.principal), now=utcnow(), image_url=image_url_of(case),
                  actions=service.ACTIONS, action_labels=ACTION_LABELS, content_only=CONTENT_ONLY,
                  account_only=ACCOUNT_ONLY, categories=categories,
                  form=form_values or _action_form_defaults(case), form_error=form_error, flash=flash,
                  flash_kind="ok")


@router.get("/cases/{case_id}")
async def case_page(request: Request, case_id: int, done: str | None = None,
                    staff: StaffSession = Depends(current_staff), s: Session = Depends(get_session)) -> Response:
    return render_case(request, s, staff, case_id, flash=DONE_MESSAGES.get(done or ""))


@router.post("/cases/{case_id}/assign")
@guarded
async def assign(request: Request, case_id: int, staff: StaffSession = Depends(current_staff)) -> Response:
    form = await read_form(request, staff)
    assignee = form_text(form, "assignee")
    try:
        with write_session(request) as ws:
            service.assign_case(ws, staff.principal, case_id, assignee)
    except CaseError as exc:
        return refusal_page(request, exc, staff, f"/console/cases/{case_id}")
    return see_other(f"/console/cases/{case_id}?done=assigned")


def _end_date(value: str) -> datetime | None:
    """A suspension's end: the start of the given day, UTC (``YYYY-MM-DD``) or an ISO date-time."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(datetime.strptime(value, "%Y-%m-%d").date(), time(0, 0), UTC)
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        raise FormError("end_date", "expected a date like 2030-01-31") from None


def parse_action_form(form: FormData) -> tuple[dict[str, Any], service.ActionInput]:
    """The form's values (to show again after an error) and the decision they describe."""
    values: dict[str, Any] = {
        "action": form_text(form, "action"),
        "on_content": form.get("on_content") == "1",
        "on_account": form.get("on_account") == "1",
        "category": form_text(form, "category"),
        "ground": form_text(form, "ground") or "incompatible",
        "legal_ground": form_text(form, "legal_ground"),
        "decision_facts": form_text(form, "decision_facts"),
        "end_date": form_text(form, "end_date"),
        "authority": form_text(form, "authority"),
    }
    if not values["action"]:
        raise FormError("action", "choose a decision")
    decision = service.ActionInput(
        action=values["action"], on_content=values["on_content"], on_account=values["on_account"],
        category=values["category"] or None, decision_facts=values["decision_facts"], ground=values["ground"],
        legal_ground=values["legal_ground"] or None,
        end_date=_end_date(values["end_date"]) if values["action"] == "suspend" else None,
        authority=values["authority"] or None if values["action"] == "escalate_to_authorities" else None)
    return values, decision


@router.post("/cases/{case_id}/act")
@guarded
async def act(request: Request, case_id: int, staff: StaffSession = Depends(current_staff),
              s: Session = Depends(get_session)) -> Response:
    form = await read_form(request, staff)
    values: dict[str, Any] = {}
    try:
        values, decision = parse_action_form(form)
        with write_session(request) as ws:
            service.take_action(ws, staff.principal, case_id, decision, settings=request.app.state.settings)
    except FormError as exc:
        merged = {**_blank_form(), **values}
        return render_case(request, s, staff, case_id, status_code=422, form_values=merged, form_error=str(exc))
    except CaseError as exc:
        if exc.status in (403, 404):
            return refusal_page(request, exc, staff, "/console/queue")
        field = f"{exc.field.replace('_', ' ')}: " if exc.field else ""
        return render_case(request, s, staff, case_id, status_code=exc.status, form_values=values,
                           form_error=field + exc.message)
    done = "no_violation" if values["action"] == "no_violation" else "decided"
    return see_other(f"/console/cases/{case_id}?done={done}")


def _blank_form() -> dict[str, Any]:
    return {"action": "", "on_content": False, "on_account": False, "category": "", "ground": "incompatible",
            "legal_ground": "", "decision_facts": "", "end_date": "", "authority": ""}
