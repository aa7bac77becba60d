"""What the case page shows, gathered in one place: the case, its reports, detector evidence and scores,
conversation context, actions with their statements of reasons, notices, escalations, appeals, and the
affected account's history and strikes.

Content (the evidence text, the reporters' words, an image) is marked up here but shown blurred and in greyscale
by the template until the moderator reveals it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

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

HISTORY_LIMIT = 20


@dataclass
class CaseView:
    case: Case
    reports: list[Report]
    actions: list[CaseAction]
    statements: dict[int, StatementOfReasons]  # by action id
    notices: list[Notice]
    escalations: list[Escalation]
    appeals: list[Appeal]
    standing: AccountStanding | None
    account_actions: list[CaseAction]  # on the same account, in other cases
    scores: list[tuple[str, float]] = field(default_factory=list)  # highest first
    evidence_html: Markup | None = None


def highlight(text: str, spans: list[dict[str, Any]]) -> Markup:
    """``text`` escaped, with the detector evidence spans wrapped in ``<mark>`` (overlaps are merged)."""
    ranges: list[tuple[int, int, str]] = []
    for span in spans:
        try:
            start, end = int(span.get("start", -1)), int(span.get("end", -1))
        except (TypeError, ValueError):
            continue
        if 0 <= start < end <= len(text):
            label = str(span.get("category") or span.get("kind") or "evidence")
            ranges.append((start, end, label))
    ranges.sort()
    out: list[str] = []
    pos = 0
    for start, end, label in ranges:
        if start < pos:
            start = pos
        if start >= end:
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f'<mark class="evidence" title="{escape(label)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def load_case_view(s: Session, case: Case) -> CaseView:
    reports = list(s.scalars(select(Report).where(Report.case_id == case.id).order_by(Report.id)))
    actions = list(s.scalars(select(CaseAction).where(CaseAction.case_id == case.id).order_by(CaseAction.id)))
    statements = {st.action_id: st for st in s.scalars(
        select(StatementOfReasons).where(StatementOfReasons.case_id == case.id))}
    notices = list(s.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.id)))
    escalations = list(s.scalars(select(Escalation).where(Escalation.case_id == case.id).order_by(Escalation.id)))
    appeals = list(s.scalars(select(Appeal).where(Appeal.case_id == case.id).order_by(Appeal.id)))
    standing = None
    account_actions: list[CaseAction] = []
    if case.account_id:
        standing = s.scalar(select(AccountStanding).where(AccountStanding.account_id == case.account_id))
        account_actions = list(s.scalars(
            select(CaseAction).where(CaseAction.account_id == case.account_id, CaseAction.case_id != case.id)
            .order_by(CaseAction.id.desc()).limit(HISTORY_LIMIT)))
    scores = sorted(((str(k), float(v)) for k, v in (case.scores or {}).items()
                     if isinstance(v, int | float)), key=lambda kv: -kv[1])
    evidence_html = highlight(case.evidence_text, case.detector_evidence or []) if case.evidence_text else None
    return CaseView(case, reports, actions, statements, notices, escalations, appeals, standing, account_actions,
                    scores, evidence_html)
