"""Retention: evidence (reported text, reporters' words, appeal statements, escalated evidence) is purged
after ``Settings.retention_days_evidence``; hashes, scores and decisions stay.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kidsafe.cases import audit
from kidsafe.config import Settings, get_settings
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Appeal, Case, Escalation, Report


@dataclass
class PurgeResult:
    case_evidence: int = 0
    report_details: int = 0
    appeal_statements: int = 0
    escalation_evidence: int = 0


def _rowcount(result: Any) -> int:
    """Rows an UPDATE changed (``CursorResult.rowcount``; typed as the generic ``Result``)."""
    return int(getattr(result, "rowcount", 0) or 0)


def purge_expired(session: Session, now: datetime | None = None, *, settings: Settings | None = None,
                  actor: str = "system:retention") -> PurgeResult:
    settings = settings or get_settings()
    now = now or utcnow()
    cutoff = now - timedelta(days=settings.retention_days_evidence)
    res = PurgeResult()
    res.case_evidence = _rowcount(session.execute(
        update(Case).where(Case.evidence_expires_at < now, Case.evidence_text.is_not(None))
        .values(evidence_text=None)))
    res.report_details = _rowcount(session.execute(
        update(Report).where(Report.created_at < cutoff, Report.details.is_not(None))
        .values(details=None)))
    res.appeal_statements = _rowcount(session.execute(
        update(Appeal).where(Appeal.expires_at < now, Appeal.statement.is_not(None))
        .values(statement=None)))
    for esc in session.scalars(select(Escalation).where(Escalation.evidence_expires_at < now)):
        if any("data" in item for item in esc.evidence):
            esc.evidence = [{k: v for k, v in item.items() if k != "data"} for item in esc.evidence]
            res.escalation_evidence += 1
    session.flush()
    if any(asdict(res).values()):
        audit.append(session, actor, "retention.purge", "retention", "evidence", asdict(res))
    return res
