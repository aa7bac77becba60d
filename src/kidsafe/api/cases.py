"""HTTP routes of the `cases` capability: reports, queue, case view, assignment, actions, appeals,
webhooks, notices and audit. Roles are enforced on every endpoint (``require_roles``), and again in the
service layer (``kidsafe.cases.roles``) for what depends on the case (sexual_minors) or the owner (reports).

The ``startup`` hook starts a background worker that turns events into automatic flags and delivers the
webhook outbox every ``Settings.cases_worker_interval_s`` seconds (0 turns it off).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kidsafe.api.deps import get_session, require_roles
from kidsafe.api.errors import ApiError
from kidsafe.auth import Principal, Role
from kidsafe.cases import service as svc
from kidsafe.cases.errors import CaseError
from kidsafe.taxonomy import CATEGORY_NAMES

log = logging.getLogger("kidsafe.cases")
router = APIRouter(prefix="/v1", tags=["cases"])

Platform = Annotated[Principal, Depends(require_roles(Role.PLATFORM))]
Staff = Annotated[Principal, Depends(require_roles(Role.MODERATOR, Role.CHILD_SAFETY_SPECIALIST))]
Anyone = Annotated[Principal, Depends(require_roles(Role.PLATFORM, Role.MODERATOR, Role.CHILD_SAFETY_SPECIALIST))]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
Db = Annotated[Session, Depends(get_session)]
CategoryName = Literal[CATEGORY_NAMES]  # type: ignore[valid-type]


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except CaseError as e:
        raise ApiError(e.status, e.code, e.message, e.field) from None


# --- reports ---------------------------------------------------------------------------------------

class ReportBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject_type: Literal["content", "account"]
    subject_id: str = Field(min_length=1, max_length=200)
    reason: CategoryName  # type: ignore[valid-type]
    account_id: str | None = Field(default=None, min_length=1, max_length=200)
    content_text: str | None = None
    content_url: str | None = Field(default=None, max_length=2000)
    content_type: Literal["text", "image", "video", "audio", "other"] = "text"
    content_date: AwareDatetime | None = None
    details: str | None = None
    reporter_id: str | None = Field(default=None, max_length=200)
    reporter_is_child_concerned: bool = False
    subject_age_band: Literal["under_13", "13_15", "16_17", "adult", "unknown"] | None = None
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    conversation_id: str | None = Field(default=None, min_length=1, max_length=200)


@router.post("/reports", status_code=201)
def create_report(body: ReportBody, request: Request, principal: Platform, session: Db) -> dict[str, Any]:
    """File a report; the answer is the acknowledgement with the tracking id."""
    row = _call(svc.submit_report, session, principal, svc.ReportInput(**body.model_dump()),
                settings=request.app.state.settings, analyzer=getattr(request.app.state, "analyzer", None))
    return {"tracking_id": row.tracking_id, "status": "received", "received_at": row.created_at.isoformat()}


@router.get("/reports/{tracking_id}")
def get_report(tracking_id: str, principal: Anyone, session: Db) -> dict[str, Any]:
    st = _call(svc.report_status, session, principal, tracking_id)
    return {"tracking_id": st.tracking_id, "status": st.status, "reason": st.reason,
            "received_at": st.received_at.isoformat(), "decided_at": st.decided_at.isoformat() if st.decided_at
            else None, "outcome": st.outcome}


# --- queue and case view ---------------------------------------------------------------------------

@router.get("/cases")
def queue(principal: Staff, session: Db, status: Literal["open", "closed"] = "open",
          category: CategoryName | None = None, overdue: bool | None = None,  # type: ignore[valid-type]
          assigned_to: str | None = Query(default=None, max_length=200), unassigned: bool = False,
          cursor: str | None = Query(default=None, max_length=500),
          limit: int = Query(default=50, ge=1, le=200)) -> dict[str, Any]:
    page = _call(svc.list_queue, session, principal, status=status, category=category, overdue=overdue,
                 assigned_to=assigned_to, unassigned=unassigned, cursor=cursor, limit=limit)
    return {"items": [svc.case_summary(c) for c in page.items], "next_cursor": page.next_cursor}


@router.get("/cases:stats")
def stats(principal: Staff, session: Db) -> dict[str, int]:
    return _call(svc.queue_stats, session, principal)  # type: ignore[no-any-return]


@router.get("/cases/{case_id}")
def case(case_id: int, principal: Staff, session: Db) -> dict[str, Any]:
    return svc.case_detail(_call(svc.case_view, session, principal, case_id))


class AssignBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assignee: str | None = Field(default=None, max_length=200, description="audit actor, e.g. staff:alice; "
                                 "omitted: the caller; empty: unassign")


@router.post("/cases/{case_id}/assign")
def assign(case_id: int, body: AssignBody, principal: Staff, session: Db) -> dict[str, Any]:
    return svc.case_summary(_call(svc.assign_case, session, principal, case_id, body.assignee))


class ActionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["remove", "age_restrict", "label", "warn", "suspend", "ban", "escalate_to_authorities",
                    "no_violation"]
    on_content: bool = True
    on_account: bool = False
    category: CategoryName | None = None  # type: ignore[valid-type]
    decision_facts: str = Field(default="", max_length=5000)
    ground: Literal["incompatible", "illegal"] = "incompatible"
    legal_ground: str | None = Field(default=None, max_length=500)
    end_date: AwareDatetime | None = None
    authority: str | None = Field(default=None, max_length=200)


def _action_input(body: ActionBody) -> svc.ActionInput:
    return svc.ActionInput(**body.model_dump())


@router.post("/cases/{case_id}/actions", status_code=201)
def act(case_id: int, body: ActionBody, request: Request, principal: Staff, session: Db) -> dict[str, Any]:
    row = _call(svc.take_action, session, principal, case_id, _action_input(body),
                settings=request.app.state.settings)
    view = svc.case_view(session, principal, case_id)
    stmt = next((s for s in view.statements if s.action_id == row.id), None)
    return {"action": svc.action_dict(row), "statement_of_reasons": stmt.payload if stmt else None}


# --- appeals ---------------------------------------------------------------------------------------

class AppealBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action_id: int
    account_id: str = Field(min_length=1, max_length=200)
    statement: str | None = None


@router.post("/appeals", status_code=201)
def create_appeal(body: AppealBody, request: Request, principal: Platform, session: Db) -> dict[str, Any]:
    row = _call(svc.submit_appeal, session, principal, body.action_id, body.account_id, body.statement,
                settings=request.app.state.settings)
    return svc.appeal_dict(row, staff=False) | {"id": row.id}


@router.get("/appeals")
def appeals(principal: Staff, session: Db,
            status: Literal["pending", "upheld", "reversed", "partially_reversed"] | None = "pending",
            limit: int = Query(default=100, ge=1, le=500)) -> dict[str, Any]:
    rows = _call(svc.list_appeals, session, principal, status=status, limit=limit)
    return {"items": [svc.appeal_dict(a) for a in rows]}


@router.get("/appeals/{appeal_id}")
def appeal(appeal_id: int, principal: Anyone, session: Db) -> dict[str, Any]:
    row = _call(svc.get_appeal, session, principal, appeal_id)
    return svc.appeal_dict(row, staff=principal.role != Role.PLATFORM)


class DecisionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["upheld", "reversed", "partially_reversed"]
    note: str = Field(default="", max_length=5000)
    replacement: ActionBody | None = None


@router.post("/appeals/{appeal_id}/decision")
def decide(appeal_id: int, body: DecisionBody, request: Request, principal: Staff, session: Db) -> dict[str, Any]:
    row = _call(svc.decide_appeal, session, principal, appeal_id, body.outcome, body.note,
                replacement=_action_input(body.replacement) if body.replacement else None,
                settings=request.app.state.settings)
    return svc.appeal_dict(row)


# --- webhooks and notices --------------------------------------------------------------------------

class WebhookBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=2000, pattern=r"^https?://")


@router.post("/webhooks", status_code=201)
def create_webhook(body: WebhookBody, principal: Platform, session: Db) -> dict[str, Any]:
    row, secret = _call(svc.register_webhook, session, principal, body.url)
    return {"id": row.id, "url": row.url, "secret": secret, "active": row.active,
            "signature": "X-Kidsafe-Signature: sha256=HMAC_SHA256(secret, X-Kidsafe-Timestamp + '.' + body)"}


@router.get("/webhooks")
def webhooks(principal: Anyone, session: Db) -> dict[str, Any]:
    rows = _call(svc.list_webhooks, session, principal)
    return {"items": [{"id": w.id, "url": w.url, "active": w.active, "owner_key_id": w.owner_key_id,
                       "created_at": w.created_at.isoformat()} for w in rows]}


@router.delete("/webhooks/{webhook_id}")
def delete_webhook(webhook_id: int, principal: Platform, session: Db) -> dict[str, Any]:
    row = _call(svc.deactivate_webhook, session, principal, webhook_id)
    return {"id": row.id, "active": row.active}


@router.get("/notices")
def notices(principal: Anyone, session: Db,
            status: Literal["pending", "delivered", "failed", "held"] | None = None,
            case_id: int | None = None, limit: int = Query(default=100, ge=1, le=500)) -> dict[str, Any]:
    rows = _call(svc.list_notices, session, principal, status=status, case_id=case_id, limit=limit)
    return {"items": [svc.notice_dict(n) for n in rows]}


@router.post("/notices:deliver")
def deliver(request: Request, principal: Admin, session: Db) -> dict[str, int]:
    rep = svc.deliver_due(session, settings=request.app.state.settings,
                          transport=getattr(request.app.state, "webhook_transport", None))
    return {"delivered": rep.delivered, "retried": rep.retried, "failed": rep.failed}


@router.post("/notices/{notice_id}:retry")
def retry(notice_id: int, principal: Admin, session: Db) -> dict[str, Any]:
    return svc.notice_dict(_call(svc.retry_notice, session, principal, notice_id))


@router.post("/cases:ingest")
def ingest(request: Request, principal: Admin, session: Db) -> dict[str, int]:
    """Turn pending conversation.alert / policy.decision / media.match events into automatic flags now."""
    return {"flags": svc.ingest_events(session, settings=request.app.state.settings)}


@router.get("/audit:verify")
def audit_verify(principal: Staff, session: Db) -> dict[str, Any]:
    r = _call(svc.verify_audit, session, principal)
    return {"ok": r.ok, "entries": r.entries, "first_bad_seq": r.first_bad_seq, "reason": r.reason}


# --- background worker -----------------------------------------------------------------------------

class CasesWorker:
    """Every ``interval`` seconds: ingest events into flags, then deliver due notices."""

    def __init__(self, app: FastAPI, interval: float) -> None:
        self.app, self.interval = app, interval
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="kidsafe-cases-worker", daemon=True)

    def tick(self, now: datetime | None = None) -> None:
        db, settings = self.app.state.db, self.app.state.settings
        with db.session() as s:
            svc.ingest_events(s, settings=settings)
        with db.session() as s:
            svc.deliver_due(s, now, settings=settings, transport=getattr(self.app.state, "webhook_transport", None))

    def _run(self) -> None:
        while not self.stop_event.wait(self.interval):
            try:
                self.tick()
            except Exception:  # keep going: the next tick retries
                log.exception("cases worker tick failed")

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(timeout=10)


def startup(app: FastAPI) -> None:
    from kidsafe.cases.queue import sla_overrides

    sla_overrides(app.state.settings.sla_minutes_by_category)  # a bad KIDSAFE_SLA_MINUTES_BY_CATEGORY stops start-up
    interval = app.state.settings.cases_worker_interval_s
    running = getattr(app.state, "cases_worker", None)
    if running is not None and running.thread.is_alive():
        return  # the app started twice (two servers or test clients on one app): one worker, not an orphan
    if interval and interval > 0:
        app.state.cases_worker = CasesWorker(app, interval)
        app.state.cases_worker.start()


def shutdown(app: FastAPI) -> None:
    worker = getattr(app.state, "cases_worker", None)
    if worker is not None:
        worker.stop()
