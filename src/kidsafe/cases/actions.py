"""Enforcement actions: remove, age_restrict, label, warn, suspend (with an end date), ban,
escalate_to_authorities (an escalation record with the evidence preserved and hashed) and no_violation.

An action may cover the content, the account, or both. Every action except ``no_violation`` produces a
statement of reasons (validated before it is stored) and a notice to the affected user; every action sends
the outcome to each reporter. Strikes and suspensions are kept in ``account_standing`` and recomputed from
the active actions, so reversing an action (appeals) restores the account exactly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe.auth import Principal
from kidsafe.cases import audit, notices, roles
from kidsafe.cases.errors import Invalid
from kidsafe.cases.statements import StatementError, build_statement, check_free_text, validate_statement
from kidsafe.config import Settings, get_settings
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import (
    AccountStanding,
    Case,
    CaseAction,
    Escalation,
    Report,
    StatementOfReasons,
)
from kidsafe.taxonomy import CATEGORY_NAMES

ACTIONS = ("remove", "age_restrict", "label", "warn", "suspend", "ban", "escalate_to_authorities", "no_violation")
# how heavy an action is: a partial reversal must replace an action with a lighter one
WEIGHT = {"no_violation": 0, "label": 1, "age_restrict": 2, "warn": 3, "remove": 4, "suspend": 5, "ban": 6,
          "escalate_to_authorities": 7}
CONTENT_ONLY = frozenset({"remove", "age_restrict", "label"})
ACCOUNT_ONLY = frozenset({"suspend", "ban"})
STRIKE_ACTIONS = frozenset({"remove", "warn", "suspend", "ban", "escalate_to_authorities"})
GROUNDS = {"incompatible": "DECISION_GROUND_INCOMPATIBLE_CONTENT", "illegal": "DECISION_GROUND_ILLEGAL_CONTENT"}


@dataclass
class ActionInput:
    """A moderator's decision. ``decision_facts`` are the facts relied on (in the statement: no personal data)."""

    action: str
    on_content: bool = True
    on_account: bool = False
    category: str | None = None  # default: the case's category
    decision_facts: str = ""
    ground: str = "incompatible"  # incompatible (terms and conditions) or illegal
    legal_ground: str | None = None  # required when ground is illegal
    end_date: datetime | None = None  # required for suspend
    authority: str | None = None  # required for escalate_to_authorities
    automated: bool = False


def personal_ids(session: Session, case: Case) -> tuple[str, ...]:
    """Identifiers of the people concerned (subject, account, reporters): never in a statement of reasons."""
    reporters = session.scalars(select(Report.reporter_ref).where(Report.case_id == case.id,
                                                                  Report.reporter_ref.is_not(None)))
    return tuple(dict.fromkeys(v for v in (case.subject_id, case.account_id, *reporters) if v))


def _validate(case: Case, a: ActionInput, now: datetime, personal: tuple[str, ...] = ()) -> None:
    if a.action not in ACTIONS:
        raise Invalid(f"action must be one of {', '.join(ACTIONS)}", "action")
    if a.category is not None and a.category not in CATEGORY_NAMES:
        raise Invalid(f"unknown category {a.category!r}", "category")
    if a.ground not in GROUNDS:
        raise Invalid("ground must be incompatible or illegal", "ground")
    if a.action == "no_violation":
        return
    if a.action in ACCOUNT_ONLY:
        a.on_account = True
    if a.action in CONTENT_ONLY and not a.on_content:
        raise Invalid(f"{a.action} applies to content: set on_content", "on_content")
    if not (a.on_content or a.on_account):
        raise Invalid("an action covers the content, the account, or both", "on_content")
    if a.on_content and case.subject_type != "content":
        raise Invalid("this case is about an account, not a piece of content", "on_content")
    if a.on_account and not case.account_id:
        raise Invalid("the case names no account: the report did not give account_id", "on_account")
    if a.action == "suspend":
        if a.end_date is None:
            raise Invalid("suspend needs an end_date", "end_date")
        if a.end_date.tzinfo is None:
            raise Invalid("end_date must include a timezone", "end_date")
        if a.end_date <= now:
            raise Invalid("end_date must be in the future", "end_date")
    elif a.end_date is not None:
        raise Invalid("only suspend takes an end_date", "end_date")
    if a.action == "escalate_to_authorities" and not (a.authority and 1 <= len(a.authority.strip()) <= 200):
        raise Invalid("escalate_to_authorities needs the authority (1..200 characters)", "authority")
    if not a.decision_facts.strip():
        raise Invalid("decision_facts are required: the facts and circumstances relied on", "decision_facts")
    if len(a.decision_facts) > 5000:
        raise Invalid("decision_facts must be at most 5000 characters", "decision_facts")
    if a.ground == "illegal" and not (a.legal_ground and a.legal_ground.strip()):
        raise Invalid("legal_ground is required when the ground is illegal", "legal_ground")
    if a.legal_ground is not None and len(a.legal_ground) > 500:
        raise Invalid("legal_ground must be at most 500 characters", "legal_ground")
    personal = personal or tuple(v for v in (case.subject_id, case.account_id) if v)
    for name, value in (("decision_facts", a.decision_facts), ("legal_ground", a.legal_ground or "")):
        try:
            check_free_text(name, value, personal)
        except StatementError as e:
            raise Invalid(e.message, name) from None


def recompute_standing(session: Session, account_id: str, now: datetime | None = None) -> AccountStanding:
    """Strikes, suspension and ban of an account, from its active actions."""
    now = now or utcnow()
    active = list(session.scalars(select(CaseAction).where(CaseAction.account_id == account_id,
                                                           CaseAction.status == "active")))
    row = session.scalar(select(AccountStanding).where(AccountStanding.account_id == account_id))
    if row is None:
        row = AccountStanding(account_id=account_id, status="active", strikes=0, updated_at=now)
        session.add(row)
    row.strikes = sum(1 for a in active if a.strike)
    banned = any(a.action == "ban" and a.on_account for a in active)
    ends = [a.end_date for a in active if a.action == "suspend" and a.on_account and a.end_date and a.end_date > now]
    row.status = "banned" if banned else "suspended" if ends else "active"
    row.suspended_until = max(ends) if ends and not banned else None
    row.updated_at = now
    session.flush()
    return row


def _evidence_bundle(case: Case) -> tuple[list[dict[str, Any]], str]:
    items: list[dict[str, Any]] = []

    def add(kind: str, data: Any) -> None:
        raw = data if isinstance(data, str) else json.dumps(data, sort_keys=True, separators=(",", ":"))
        items.append({"kind": kind, "sha256": hashlib.sha256(raw.encode()).hexdigest(), "data": data})

    if case.evidence_text:
        add("content_text", case.evidence_text)
    if case.content_url:
        add("content_url", case.content_url)
    if case.detector_evidence or case.scores:
        add("detector", {"scores": case.scores, "evidence": case.detector_evidence})
    if case.context:
        add("context", case.context)
    add("subject", {"subject_type": case.subject_type, "subject_id": case.subject_id, "account_id": case.account_id})
    bundle = hashlib.sha256("".join(i["sha256"] for i in items).encode()).hexdigest()
    return items, bundle


def reporters_of(session: Session, case_id: int) -> list[Report]:
    return list(session.scalars(select(Report).where(Report.case_id == case_id, Report.source == "user_report")
                                .order_by(Report.id)))


def notify_reporters(session: Session, case: Case, *, kind: str, outcome: str, ref: str, actor: str) -> None:
    for r in reporters_of(session, case.id):
        notices.enqueue(session, kind=kind, recipient="reporter", platform_key_id=r.reporter_key_id,
                        case_id=case.id, key=f"{ref}:reporter:{r.id}", actor=actor,
                        payload={"tracking_id": r.tracking_id, "reporter_id": r.reporter_ref, "outcome": outcome})


def take_action(session: Session, principal: Principal, case_id: int, a: ActionInput, *,
                settings: Settings | None = None, now: datetime | None = None,
                replaces: CaseAction | None = None) -> CaseAction:
    """Decide a case. Returns the action (its statement, escalation and notices are stored with it)."""
    settings = settings or get_settings()
    case = roles.check_case_access(principal, session.get(Case, case_id), case_id)
    now = now or utcnow()
    personal = personal_ids(session, case)
    _validate(case, a, now, personal)
    category = a.category or case.category
    if category in roles.RESTRICTED_CATEGORIES and not roles.sees_restricted(principal):
        raise Invalid("only child-safety specialists may decide on sexual_minors", "category")
    row = CaseAction(case_id=case.id, action=a.action, on_content=a.on_content and a.action != "no_violation",
                     on_account=a.on_account and a.action != "no_violation",
                     account_id=case.account_id, category=category, decision_ground=GROUNDS[a.ground],
                     legal_ground=a.legal_ground if a.ground == "illegal" else None,
                     decision_facts=a.decision_facts.strip(), end_date=a.end_date, actor=principal.actor,
                     automated=a.automated, status="active", created_at=now,
                     strike=a.action in STRIKE_ACTIONS and bool(case.account_id),
                     replaces_action_id=replaces.id if replaces else None)
    session.add(row)
    session.flush()
    audit.append(session, principal.actor, "case.action", "case", case.id,
                 {"action_id": row.id, "action": row.action, "on_content": row.on_content,
                  "on_account": row.on_account, "category": category, "strike": row.strike,
                  "end_date": row.end_date, "replaces_action_id": row.replaces_action_id})
    if row.account_id:
        recompute_standing(session, row.account_id, now)
    if case.status == "open":
        case.status, case.closed_at, case.merge_key = "closed", now, None
        audit.append(session, principal.actor, "case.close", "case", case.id, {"outcome": row.action})
    case.outcome = row.action
    case.updated_at = now
    if row.action == "escalate_to_authorities":
        items, bundle = _evidence_bundle(case)
        esc = Escalation(case_id=case.id, action_id=row.id, authority=(a.authority or "").strip(), evidence=items,
                         evidence_sha256=bundle, status="open", created_at=now,
                         evidence_expires_at=now + timedelta(days=settings.retention_days_evidence))
        session.add(esc)
        session.flush()
        audit.append(session, principal.actor, "escalation.create", "case", case.id,
                     {"escalation_id": esc.id, "authority": esc.authority, "evidence_sha256": bundle,
                      "items": [{"kind": i["kind"], "sha256": i["sha256"]} for i in items]})
    if row.action != "no_violation":
        sor = build_statement(case, row)
        try:
            validate_statement(sor, personal)
        except StatementError as e:
            raise Invalid(f"the statement of reasons would be invalid: {e.message}", e.field) from None
        stmt = StatementOfReasons(action_id=row.id, case_id=case.id, puid=sor["puid"], payload=sor, created_at=now)
        session.add(stmt)
        session.flush()
        audit.append(session, principal.actor, "statement.create", "case", case.id,
                     {"action_id": row.id, "puid": stmt.puid, "category": sor["category"]})
        notices.enqueue(session, kind="statement_of_reasons", recipient="affected_user",
                        platform_key_id=case.platform_key_id, case_id=case.id, key=f"action:{row.id}:affected",
                        actor=principal.actor,
                        payload={"account_id": case.account_id,
                                 "subject": {"type": case.subject_type, "id": case.subject_id},
                                 "action_id": row.id, "action": row.action, "statement_of_reasons": sor,
                                 "appeal_until": (now + timedelta(days=settings.appeal_window_days)).isoformat(),
                                 "replaces_action_id": row.replaces_action_id})
    notify_reporters(session, case, kind="report_outcome", ref=f"action:{row.id}", actor=principal.actor,
                     outcome="no_violation" if row.action == "no_violation" else "action_taken")
    return row


def reverse_action(session: Session, actor: str, action: CaseAction, *, reason: str,
                   now: datetime | None = None, notify: bool = True) -> CaseAction:
    """Undo an action (after an appeal): the account's standing is recomputed and everyone is told."""
    now = now or utcnow()
    if action.status != "active":
        raise Invalid("this action is not in force", "action_id")
    action.status, action.reversed_at = "reversed", now
    audit.append(session, actor, "action.reverse", "case", action.case_id,
                 {"action_id": action.id, "action": action.action, "reason": reason})
    if action.account_id:
        recompute_standing(session, action.account_id, now)
    case = session.get(Case, action.case_id)
    assert case is not None
    if not session.scalar(select(CaseAction.id).where(CaseAction.case_id == case.id, CaseAction.status == "active")
                          .limit(1)):
        case.outcome = "reversed"
    case.updated_at = now
    if notify:
        stmt = session.scalar(select(StatementOfReasons).where(StatementOfReasons.action_id == action.id))
        notices.enqueue(session, kind="action_reversed", recipient="affected_user",
                        platform_key_id=case.platform_key_id, case_id=case.id, key=f"reverse:{action.id}:affected",
                        actor=actor, payload={"account_id": action.account_id, "action_id": action.id,
                                              "action": action.action, "puid": stmt.puid if stmt else None,
                                              "subject": {"type": case.subject_type, "id": case.subject_id}})
        notify_reporters(session, case, kind="report_outcome", ref=f"reverse:{action.id}", actor=actor,
                         outcome="decision_reversed")
    return action


def actions_for_case(session: Session, case_id: int) -> list[CaseAction]:
    return list(session.scalars(select(CaseAction).where(CaseAction.case_id == case_id).order_by(CaseAction.id)))


def standing(session: Session, account_id: str) -> AccountStanding | None:
    return session.scalar(select(AccountStanding).where(AccountStanding.account_id == account_id))
