"""Appeals (DSA Art. 20): the affected user appeals within ``Settings.appeal_window_days``; a different
moderator decides: ``upheld`` (nothing changes), ``reversed`` (the action is undone, notices are sent) or
``partially_reversed`` (the action is replaced by a lighter one, with a new statement of reasons).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe.auth import Principal
from kidsafe.cases import audit, notices, roles
from kidsafe.cases.actions import WEIGHT, ActionInput, personal_ids, reverse_action, take_action
from kidsafe.cases.errors import Conflict, Forbidden, Invalid, NotFound
from kidsafe.cases.intake import new_tracking_id
from kidsafe.cases.statements import StatementError, check_free_text
from kidsafe.config import Settings, get_settings
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Appeal, Case, CaseAction

OUTCOMES = ("upheld", "reversed", "partially_reversed")


def submit_appeal(session: Session, principal: Principal, action_id: int, account_id: str,
                  statement: str | None = None, *, settings: Settings | None = None,
                  now: datetime | None = None) -> Appeal:
    """The platform appeals on behalf of ``account_id``, the user the action affected."""
    roles.require_platform(principal)
    settings = settings or get_settings()
    now = now or utcnow()
    if statement is not None and len(statement) > settings.max_report_chars:
        raise Invalid(f"statement must be at most {settings.max_report_chars} characters", "statement")
    action = session.get(CaseAction, action_id)
    # the same answer for "no such action" and "not this user's action"
    if action is None or not account_id or action.account_id != account_id:
        raise NotFound(f"no action {action_id} affecting this account", "action_id")
    case = session.get(Case, action.case_id)
    assert case is not None
    if case.platform_key_id is not None and not roles.owns_key_resource(principal, case.platform_key_id):
        raise NotFound(f"no action {action_id} affecting this account", "action_id")  # another platform's user
    if action.action == "no_violation":
        raise Invalid("there is nothing to appeal: no action was taken", "action_id")
    if action.status != "active":
        raise Invalid("this action is no longer in force", "action_id")
    if now > action.created_at + timedelta(days=settings.appeal_window_days):
        raise Invalid(f"the appeal window of {settings.appeal_window_days} days has closed", "action_id")
    pending = session.scalar(select(Appeal.id).where(Appeal.action_id == action.id, Appeal.status == "pending"))
    if pending is not None:
        raise Conflict("an appeal against this action is already pending", "action_id")
    row = Appeal(tracking_id=new_tracking_id("apl"), case_id=action.case_id, action_id=action.id,
                 account_id=account_id, submitted_by_key_id=principal.id if principal.kind == "api_key" else None,
                 statement=statement, status="pending", created_at=now,
                 expires_at=now + timedelta(days=settings.retention_days_evidence))
    session.add(row)
    session.flush()
    audit.append(session, principal.actor, "appeal.submit", "case", action.case_id,
                 {"appeal_id": row.id, "action_id": action.id})
    return row


def get_appeal(session: Session, principal: Principal, appeal_id: int) -> Appeal:
    row = session.get(Appeal, appeal_id)
    if row is None:
        raise NotFound(f"no appeal {appeal_id}", "appeal_id")
    if roles.is_staff(principal):
        roles.check_case_access(principal, session.get(Case, row.case_id), row.case_id)
        return row
    if not roles.owns_key_resource(principal, row.submitted_by_key_id):
        raise NotFound(f"no appeal {appeal_id}", "appeal_id")
    return row


def list_appeals(session: Session, principal: Principal, *, status: str | None = "pending",
                 limit: int = 100) -> list[Appeal]:
    """Appeals the caller may decide (oldest first); moderators do not see sexual_minors cases."""
    roles.require_staff(principal)
    if status is not None and status not in ("pending", *OUTCOMES):
        raise Invalid("status must be pending, upheld, reversed or partially_reversed", "status")
    if not 1 <= limit <= 500:
        raise Invalid("limit must be between 1 and 500", "limit")
    q = select(Appeal).join(Case, Case.id == Appeal.case_id).order_by(Appeal.created_at, Appeal.id).limit(limit)
    if status is not None:
        q = q.where(Appeal.status == status)
    if not roles.sees_restricted(principal):
        q = q.where(Case.restricted.is_(False))
    return list(session.scalars(q))


def decide_appeal(session: Session, principal: Principal, appeal_id: int, outcome: str, note: str = "", *,
                  replacement: ActionInput | None = None, settings: Settings | None = None,
                  now: datetime | None = None) -> Appeal:
    """Decide an appeal. ``replacement`` (a lighter action) is required for ``partially_reversed``."""
    roles.require_staff(principal)
    now = now or utcnow()
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound(f"no appeal {appeal_id}", "appeal_id")
    case = roles.check_case_access(principal, session.get(Case, appeal.case_id), appeal.case_id)
    if appeal.status != "pending":
        raise Conflict(f"this appeal was already decided ({appeal.status})", "appeal_id")
    if outcome not in OUTCOMES:
        raise Invalid(f"outcome must be one of {', '.join(OUTCOMES)}", "outcome")
    action = session.get(CaseAction, appeal.action_id)
    assert action is not None
    if action.actor == principal.actor:
        raise Forbidden("a different moderator must decide the appeal against your own decision", "appeal_id")
    if len(note) > 5000:
        raise Invalid("note must be at most 5000 characters", "note")
    try:
        check_free_text("note", note, personal_ids(session, case))
    except StatementError as e:
        raise Invalid(e.message, "note") from None
    new_action: CaseAction | None = None
    if outcome == "partially_reversed":
        if replacement is None:
            raise Invalid("partially_reversed needs the replacement action", "replacement")
        lighter = WEIGHT.get(replacement.action, 99) < WEIGHT[action.action] or (
            replacement.action == action.action == "suspend" and replacement.end_date is not None
            and action.end_date is not None and replacement.end_date < action.end_date)
        if not lighter or replacement.action == "no_violation":
            raise Invalid("the replacement must be a lighter action than the one appealed "
                          "(use reversed to lift it entirely)", "replacement.action")
    elif replacement is not None:
        raise Invalid("only partially_reversed takes a replacement action", "replacement")
    if outcome in ("reversed", "partially_reversed"):
        reverse_action(session, principal.actor, action, reason=f"appeal {appeal.id}: {outcome}", now=now,
                       notify=outcome == "reversed")
    if replacement is not None:
        new_action = take_action(session, principal, case.id, replacement, settings=settings, now=now,
                                 replaces=action)
    appeal.status, appeal.decided_by, appeal.decided_at = outcome, principal.actor, now
    appeal.decision_note = note or None
    appeal.new_action_id = new_action.id if new_action else None
    audit.append(session, principal.actor, "appeal.decide", "case", case.id,
                 {"appeal_id": appeal.id, "action_id": action.id, "outcome": outcome,
                  "new_action_id": appeal.new_action_id})
    notices.enqueue(session, kind="appeal_outcome", recipient="affected_user", platform_key_id=case.platform_key_id,
                    case_id=case.id, key=f"appeal:{appeal.id}:outcome", actor=principal.actor,
                    payload={"appeal_tracking_id": appeal.tracking_id, "account_id": appeal.account_id,
                             "action_id": action.id, "outcome": outcome, "explanation": note or None,
                             "new_action_id": appeal.new_action_id})
    return appeal


def appeals_for_case(session: Session, case_id: int) -> list[Appeal]:
    return list(session.scalars(select(Appeal).where(Appeal.case_id == case_id).order_by(Appeal.id)))
