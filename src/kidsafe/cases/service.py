"""The cases service: the one module the API (``kidsafe.api.cases``), the console (``kidsafe.web``) and the CLI call.

Every function takes the SQLAlchemy ``Session`` (the caller commits) and the acting ``Principal`` (role checks,
audit actor); refusals raise ``kidsafe.cases.errors.CaseError`` subclasses (``Invalid`` 422, ``Forbidden`` 403,
``NotFound`` 404, ``Conflict`` 409) carrying ``message`` and ``field``.

Intake
    ``submit_report(session, principal, ReportInput(...), settings=, analyzer=) -> Report`` (``.tracking_id``)
    ``report_status(session, principal, tracking_id) -> ReportStatus``  (only the filing key, or staff)
    ``ingest_events(session, settings=) -> int``  (automatic flags from conversation.alert / policy.decision /
    media.match)
Queue
    ``list_queue(session, principal, status=, category=, overdue=, assigned_to="me"|actor, unassigned=,
    cursor=, limit=) -> QueuePage(items: list[Case], next_cursor)``; ``queue_stats(session, principal)``;
    ``is_overdue(case, now)``; ``assign_case(session, principal, case_id, assignee=None|""|actor)``
Case view
    ``get_case(session, principal, case_id) -> Case``;
    ``case_view(session, principal, case_id) -> CaseView`` (case, reports, actions, statements, escalations,
    appeals, notices, account standing, account history)
Actions
    ``take_action(session, principal, case_id, ActionInput(action, on_content, on_account, category,
    decision_facts, ground, legal_ground, end_date, authority)) -> CaseAction``; ``ACTIONS``
Appeals
    ``submit_appeal(session, principal, action_id, account_id, statement) -> Appeal`` (platform);
    ``list_appeals(session, principal, status=)``; ``get_appeal``;
    ``decide_appeal(session, principal, appeal_id, outcome, note, replacement=ActionInput|None) -> Appeal``
Notices and webhooks
    ``register_webhook(session, principal, url) -> (WebhookEndpoint, secret)``; ``list_webhooks``;
    ``deactivate_webhook``; ``list_notices(session, principal, status=, case_id=)``; ``retry_notice``;
    ``deliver_due(session, now, transport=)``
Audit and retention
    ``verify_audit(session, principal) -> VerifyResult``; ``recent_audit(session, principal, limit, before_seq)``;
    ``purge_expired(session, now)``
Serialisation (JSON-ready dicts, used by the API)
    ``case_summary(case, now)``, ``case_detail(view, now)``, ``action_dict``, ``appeal_dict``, ``notice_dict``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from kidsafe.auth import Principal
from kidsafe.cases import audit, roles
from kidsafe.cases.actions import ACTIONS, ActionInput, actions_for_case, standing, take_action
from kidsafe.cases.appeals import OUTCOMES, appeals_for_case, decide_appeal, get_appeal, list_appeals, submit_appeal
from kidsafe.cases.errors import CaseError, Conflict, Forbidden, Invalid, NotFound
from kidsafe.cases.intake import (
    FlagInput,
    ReportInput,
    ReportStatus,
    add_flag,
    ingest_events,
    report_status,
    reports_for_case,
    submit_report,
)
from kidsafe.cases.notices import (
    deactivate_webhook,
    deliver_due,
    list_notices,
    list_webhooks,
    register_webhook,
    retry_notice,
    verify_signature,
)
from kidsafe.cases.queue import QueuePage, assign_case, get_case, is_overdue, list_queue, queue_stats, sla_minutes
from kidsafe.cases.retention import purge_expired
from kidsafe.store.db import utcnow
from kidsafe.store.models import AuditEntry
from kidsafe.store.models.cases import (
    AccountStanding,
    Appeal,
    Case,
    CaseAction,
    Escalation,
    Notice,
    Report,
    StatementOfReasons,
)

__all__ = [
    "ACTIONS", "OUTCOMES", "ActionInput", "CaseError", "CaseView", "Conflict", "FlagInput", "Forbidden", "Invalid",
    "NotFound", "QueuePage", "ReportInput", "ReportStatus", "action_dict", "add_flag", "appeal_dict", "assign_case",
    "case_detail", "case_summary", "case_view", "deactivate_webhook", "decide_appeal", "deliver_due", "get_appeal",
    "get_case", "ingest_events", "is_overdue", "list_appeals", "list_notices", "list_queue", "list_webhooks",
    "notice_dict", "purge_expired", "queue_stats", "recent_audit", "register_webhook", "report_status",
    "retry_notice", "sla_minutes", "submit_appeal", "submit_report", "take_action", "verify_audit",
    "verify_signature",
]


# audit subjects only child-safety specialists (and admins) may read: the hash banks (kidsafe.media.banks)
RESTRICTED_AUDIT_SUBJECTS = ("media_bank", "media_bank_entry")


@dataclass
class CaseView:
    case: Case
    reports: list[Report]
    actions: list[CaseAction]
    statements: list[StatementOfReasons]
    escalations: list[Escalation]
    appeals: list[Appeal]
    notices: list[Notice]
    standing: AccountStanding | None
    account_history: list[Case] = field(default_factory=list)  # other cases about the same account


def case_view(session: Session, principal: Principal, case_id: int) -> CaseView:
    """Everything a moderator needs to decide: content, detector scores and evidence, conversation context,
    reports, earlier decisions, and the account's history and strikes."""
    case = get_case(session, principal, case_id)
    history: list[Case] = []
    if case.account_id:
        q = (select(Case).where(Case.account_id == case.account_id, Case.id != case.id)
             .order_by(Case.id.desc()).limit(20))
        history = [c for c in session.scalars(q) if roles.can_view_case(principal, c)]
    return CaseView(
        case=case, reports=reports_for_case(session, case.id), actions=actions_for_case(session, case.id),
        statements=list(session.scalars(select(StatementOfReasons).where(StatementOfReasons.case_id == case.id)
                                        .order_by(StatementOfReasons.id))),
        escalations=list(session.scalars(select(Escalation).where(Escalation.case_id == case.id)
                                         .order_by(Escalation.id))),
        appeals=appeals_for_case(session, case.id),
        notices=list(session.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.id))),
        standing=standing(session, case.account_id) if case.account_id else None,
        account_history=history)


def verify_audit(session: Session, principal: Principal) -> audit.VerifyResult:
    roles.require_staff(principal)
    return audit.verify(session)


def recent_audit(session: Session, principal: Principal, *, limit: int = 100,
                 before_seq: int | None = None) -> list[AuditEntry]:
    """Newest audit entries first (staff). Moderators do not see the entries about sexual_minors cases (their
    notices included) nor about the hash banks, which only child-safety specialists may read."""
    roles.require_staff(principal)
    if not 1 <= limit <= 500:
        raise Invalid("limit must be between 1 and 500", "limit")
    q = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if before_seq is not None:
        q = q.where(AuditEntry.seq < before_seq)
    if not roles.sees_restricted(principal):
        restricted = select(Case.id).where(Case.restricted.is_(True))
        q = q.where(
            ~((AuditEntry.subject_type == "case")
              & AuditEntry.subject_id.in_(select(cast(Case.id, String)).where(Case.restricted.is_(True)))),
            ~((AuditEntry.subject_type == "notice")
              & AuditEntry.subject_id.in_(select(cast(Notice.id, String)).where(Notice.case_id.in_(restricted)))),
            AuditEntry.subject_type.not_in(RESTRICTED_AUDIT_SUBJECTS))
    return list(session.scalars(q))


# --- JSON-ready views -----------------------------------------------------------------------------

def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def case_summary(case: Case, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    return {
        "id": case.id, "status": case.status, "outcome": case.outcome, "subject_type": case.subject_type,
        "subject_id": case.subject_id, "account_id": case.account_id, "category": case.category,
        "categories": list(case.categories), "severity": case.severity, "minor_involved": case.minor_involved,
        "restricted": case.restricted, "queue_rank": case.queue_rank, "assigned_to": case.assigned_to,
        "source": case.source, "automated": case.automated, "report_count": case.report_count,
        "flag_count": case.flag_count, "opened_at": _iso(case.opened_at), "due_at": _iso(case.due_at),
        "overdue": is_overdue(case, now), "closed_at": _iso(case.closed_at),
    }


def action_dict(a: CaseAction) -> dict[str, Any]:
    return {"id": a.id, "case_id": a.case_id, "action": a.action, "on_content": a.on_content,
            "on_account": a.on_account, "account_id": a.account_id, "category": a.category,
            "decision_ground": a.decision_ground, "legal_ground": a.legal_ground, "decision_facts": a.decision_facts,
            "strike": a.strike, "end_date": _iso(a.end_date), "actor": a.actor, "automated": a.automated,
            "status": a.status, "replaces_action_id": a.replaces_action_id, "created_at": _iso(a.created_at),
            "reversed_at": _iso(a.reversed_at)}


def appeal_dict(a: Appeal, *, staff: bool = True) -> dict[str, Any]:
    d = {"id": a.id, "tracking_id": a.tracking_id, "action_id": a.action_id, "account_id": a.account_id,
         "status": a.status, "created_at": _iso(a.created_at), "decided_at": _iso(a.decided_at),
         "decision_note": a.decision_note, "new_action_id": a.new_action_id}
    if staff:
        d.update(case_id=a.case_id, statement=a.statement, decided_by=a.decided_by)
    return d


def notice_dict(n: Notice) -> dict[str, Any]:
    return {"id": n.id, "idempotency_key": n.idempotency_key, "webhook_id": n.webhook_id, "case_id": n.case_id,
            "recipient": n.recipient, "kind": n.kind, "status": n.status, "attempts": n.attempts,
            "next_attempt_at": _iso(n.next_attempt_at), "last_error": n.last_error, "created_at": _iso(n.created_at),
            "delivered_at": _iso(n.delivered_at), "payload": n.payload}


def case_detail(view: CaseView, now: datetime | None = None) -> dict[str, Any]:
    c = view.case
    d = case_summary(c, now)
    d.update({
        "content": {"type": c.content_type, "text": c.evidence_text, "url": c.content_url,
                    "sha256": c.evidence_sha256, "content_date": _iso(c.content_date),
                    "evidence_expires_at": _iso(c.evidence_expires_at),
                    # reviewer wellness: media is shown blurred and greyscale until the moderator reveals it
                    "blur_until_revealed": c.content_type in ("image", "video")},
        "scores": c.scores, "detector_evidence": c.detector_evidence, "context": c.context,
        "reports": [{"id": r.id, "tracking_id": r.tracking_id, "source": r.source, "reason": r.reason,
                     "details": r.details, "reporter_is_child_concerned": r.reporter_is_subject_child,
                     "created_at": _iso(r.created_at)} for r in view.reports],
        "actions": [action_dict(a) for a in view.actions],
        "statements": [{"id": s.id, "action_id": s.action_id, "puid": s.puid, "payload": s.payload,
                        "created_at": _iso(s.created_at)} for s in view.statements],
        "escalations": [{"id": e.id, "action_id": e.action_id, "authority": e.authority, "status": e.status,
                         "evidence_sha256": e.evidence_sha256,
                         "evidence": [{"kind": i["kind"], "sha256": i["sha256"]} for i in e.evidence],
                         "created_at": _iso(e.created_at)} for e in view.escalations],
        "appeals": [appeal_dict(a) for a in view.appeals],
        "notices": [notice_dict(n) for n in view.notices],
        "account": None if not c.account_id else {
            "account_id": c.account_id,
            "status": view.standing.status if view.standing else "active",
            "strikes": view.standing.strikes if view.standing else 0,
            "suspended_until": _iso(view.standing.suspended_until) if view.standing else None,
            "history": [case_summary(h, now) for h in view.account_history]},
    })
    return d
