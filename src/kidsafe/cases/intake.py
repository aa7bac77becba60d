"""Intake: user reports and automatic flags become cases; reports about the same subject merge into one case.

A report is acknowledged with a ``tracking_id`` (random, unguessable) that only the platform key that filed it,
and staff, can look up. The reported content's text is evidence: it is kept on the case only (with the
retention limit ``Settings.retention_days_evidence``), never logged, never in the audit log.

Automatic flags come from the events ``conversation.alert``, ``policy.decision`` and ``media.match`` (consumer
``cases``) and are merged exactly like reports (``source`` says where they came from; ``automated`` marks the
case). A ``media.match`` against a ``csam`` hash bank opens a restricted ``sexual_minors`` case whose evidence is
the upload's hashes and the matched bank entries (bank, entry id, signal type, distance), never the image.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kidsafe import events
from kidsafe.auth import Principal
from kidsafe.cases import audit, roles
from kidsafe.cases.errors import Invalid, NotFound
from kidsafe.cases.queue import category_severity, due_at_for, queue_rank
from kidsafe.config import Settings, get_settings
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Case, Report
from kidsafe.taxonomy import CATEGORY_NAMES, AgeBand, Severity

log = logging.getLogger("kidsafe.cases")
SUBJECT_TYPES = ("content", "account")
CONTENT_TYPES = ("text", "image", "video", "audio", "other")
EVENT_TYPES = ("conversation.alert", "policy.decision", "media.match")
CONSUMER = "cases"
# policy actions that ask for a human review
REVIEW_ACTIONS = frozenset({"hold_for_review", "block_and_escalate"})
# hash-bank categories (kidsafe.media.banks.BANK_CATEGORIES) -> taxonomy categories; "other" banks are local lists
# without a taxonomy meaning and open no case
BANK_CATEGORY = {"csam": "sexual_minors", "ncii": "sexual", "terror": "violence"}
HASH_NAMES = ("sha256", "md5", "pdq")
ALERT_RISK_SCORE = 0.5  # a conversation.alert risk score from which that risk becomes a category of the case


class Analyzer(Protocol):
    def analyze(self, text: str, lang: str | None = None) -> Any: ...


@dataclass
class ReportInput:
    """What a platform sends on behalf of a reporter (``POST /v1/reports``)."""

    subject_type: str
    subject_id: str
    reason: str
    account_id: str | None = None  # the account that posted the content (the affected user)
    content_text: str | None = None  # the reported content (evidence; kept on the case only)
    content_url: str | None = None
    content_type: str = "text"
    content_date: datetime | None = None
    details: str | None = None  # the reporter's own words
    reporter_id: str | None = None  # the platform's (pseudonymous) id of the reporter
    reporter_is_child_concerned: bool = False
    subject_age_band: str | None = None  # age band of the child concerned, if known
    lang: str | None = None
    conversation_id: str | None = None  # the conversation the content was sent in (context for the moderator)


@dataclass
class FlagInput:
    """An automatic flag from detection or policy."""

    source: str
    subject_type: str
    subject_id: str
    categories: list[str]
    severity: Severity
    minor_involved: bool
    event_id: int | None = None
    account_id: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)  # detector evidence (spans, hash matches)
    content_type: str | None = None  # what the flagged subject is, when the flag knows (media: image)
    content_sha256: str | None = None  # hash of the flagged content, when the flag knows it
    platform_key_id: int | None = None  # the platform whose content it is (its notices go there)


def new_tracking_id(prefix: str = "rpt") -> str:
    return f"{prefix}_{secrets.token_urlsafe(18)}"


def _validate(r: ReportInput, settings: Settings) -> None:
    if r.subject_type not in SUBJECT_TYPES:
        raise Invalid("subject_type must be content or account", "subject_type")
    if not r.subject_id or len(r.subject_id) > 200:
        raise Invalid("subject_id must be 1..200 characters", "subject_id")
    if r.reason not in CATEGORY_NAMES:
        raise Invalid(f"unknown reason {r.reason!r}; expected one of {', '.join(CATEGORY_NAMES)}", "reason")
    if r.account_id is not None and not 1 <= len(r.account_id) <= 200:
        raise Invalid("account_id must be 1..200 characters", "account_id")
    if r.content_type not in CONTENT_TYPES:
        raise Invalid(f"content_type must be one of {', '.join(CONTENT_TYPES)}", "content_type")
    if r.content_text is not None and len(r.content_text) > settings.max_text_chars:
        raise Invalid(f"content_text is {len(r.content_text)} characters; the limit is {settings.max_text_chars}",
                      "content_text")
    if r.details is not None and len(r.details) > settings.max_report_chars:
        raise Invalid(f"details is {len(r.details)} characters; the limit is {settings.max_report_chars}",
                      "details")
    if r.content_url is not None and (len(r.content_url) > 2000
                                      or not r.content_url.startswith(("https://", "http://"))):
        raise Invalid("content_url must be an http(s) URL of at most 2000 characters", "content_url")
    if r.content_date is not None and r.content_date.tzinfo is None:
        raise Invalid("content_date must include a timezone", "content_date")
    if r.subject_age_band is not None and r.subject_age_band not in {a.value for a in AgeBand}:
        raise Invalid(f"subject_age_band must be one of {', '.join(a.value for a in AgeBand)}", "subject_age_band")
    if r.reporter_id is not None and len(r.reporter_id) > 200:
        raise Invalid("reporter_id must be at most 200 characters", "reporter_id")
    if r.conversation_id is not None and not 1 <= len(r.conversation_id) <= 200:
        raise Invalid("conversation_id must be 1..200 characters", "conversation_id")


def _merge_key(subject_type: str, subject_id: str) -> str:
    return f"{subject_type}:{subject_id}"


def _open_case(session: Session, *, subject_type: str, subject_id: str, category: str, severity: Severity,
               minor: bool, source: str, platform_key_id: int | None, account_id: str | None,
               now: datetime, settings: Settings) -> tuple[Case, bool]:
    """The open case about this subject, created if there is none; returns (case, created)."""
    key = _merge_key(subject_type, subject_id)
    case = session.scalar(select(Case).where(Case.merge_key == key))
    if case is not None:
        return case, False
    case = Case(merge_key=key, subject_type=subject_type, subject_id=subject_id, category=category,
                categories=[category], severity=severity.value, minor_involved=minor,
                restricted=category in roles.RESTRICTED_CATEGORIES, queue_rank=queue_rank(severity, minor),
                status="open", source=source, automated=source != "user_report", report_count=0, flag_count=0,
                platform_key_id=platform_key_id, account_id=account_id or (subject_id if subject_type == "account"
                                                                          else None),
                scores={}, detector_evidence=[], context={}, opened_at=now, updated_at=now,
                due_at=due_at_for(now, category, settings))
    try:
        with session.begin_nested():
            session.add(case)
            session.flush()
    except IntegrityError:  # another request opened it at the same moment: join that one
        case = session.scalar(select(Case).where(Case.merge_key == key))
        if case is None:
            raise
        return case, False
    return case, True


def _merge(case: Case, *, category: str, severity: Severity, minor: bool, now: datetime,
           settings: Settings) -> None:
    """Fold one more report or flag into the case: most severe category, earliest deadline."""
    if category not in case.categories:
        case.categories = [*case.categories, category]
    if severity.rank > Severity(case.severity).rank:
        case.severity, case.category = severity.value, category
    case.minor_involved = case.minor_involved or minor
    case.restricted = case.restricted or category in roles.RESTRICTED_CATEGORIES
    case.queue_rank = queue_rank(case.severity, case.minor_involved)
    case.due_at = min(case.due_at, due_at_for(case.opened_at, category, settings))
    case.updated_at = now


def _score(case: Case, analyzer: Analyzer, text: str, lang: str | None) -> None:
    """Detector scores and evidence spans for the case view; a failing detector never loses the report."""
    try:
        d = analyzer.analyze(text, lang).to_dict()
    except Exception as e:  # noqa: BLE001 - the report matters more than its scores
        log.warning("text analysis failed for case %s: %s", case.id, type(e).__name__)
        return
    case.scores = d.get("scores", {})
    case.detector_evidence = d.get("evidence", [])


def conversation_context(session: Session, conversation_id: str) -> dict[str, Any]:
    """What the conversation capability knows about a conversation (scores and stages, never message text)."""
    from kidsafe.store.models.conversation import Conversation  # read-only

    ctx: dict[str, Any] = {"conversation_id": conversation_id}
    conv = session.get(Conversation, conversation_id)
    if conv is not None:
        ctx.update(conversation_level=conv.level, conversation_grooming=round(conv.grooming, 4),
                   conversation_sextortion=round(conv.sextortion, 4), conversation_messages=conv.messages)
    return ctx


def submit_report(session: Session, principal: Principal, report: ReportInput, *,
                  settings: Settings | None = None, analyzer: Analyzer | None = None,
                  now: datetime | None = None) -> Report:
    """File a user report; returns the stored report (its ``tracking_id`` is the acknowledgement)."""
    roles.require_platform(principal)
    settings = settings or get_settings()
    _validate(report, settings)
    now = now or utcnow()
    severity = category_severity(report.reason)
    minor = (report.reporter_is_child_concerned or report.reason in ("sexual_minors", "grooming")
             or (report.subject_age_band is not None and AgeBand(report.subject_age_band).is_minor))
    account_id = report.account_id or (report.subject_id if report.subject_type == "account" else None)
    key_id = principal.id if principal.kind == "api_key" else None
    case, created = _open_case(session, subject_type=report.subject_type, subject_id=report.subject_id,
                               category=report.reason, severity=severity, minor=minor, source="user_report",
                               platform_key_id=key_id, account_id=account_id, now=now, settings=settings)
    if not created:
        _merge(case, category=report.reason, severity=severity, minor=minor, now=now, settings=settings)
    case.report_count += 1
    if case.account_id is None and account_id:
        case.account_id = account_id
    if case.platform_key_id is None:
        case.platform_key_id = key_id
    if report.content_text and case.evidence_text is None:
        case.evidence_text = report.content_text
        case.evidence_sha256 = hashlib.sha256(report.content_text.encode()).hexdigest()
        case.evidence_expires_at = now + timedelta(days=settings.retention_days_evidence)
        case.content_type = report.content_type
        if analyzer is not None:
            _score(case, analyzer, report.content_text, report.lang)
    if report.content_url and case.content_url is None:
        case.content_url = report.content_url
        if not report.content_text:
            case.content_type = report.content_type
    if report.content_date and case.content_date is None:
        case.content_date = report.content_date
    if report.conversation_id and not case.context.get("conversation_id"):
        case.context = {**case.context, **conversation_context(session, report.conversation_id)}
    row = Report(tracking_id=new_tracking_id(), case_id=case.id, source="user_report", reporter_key_id=key_id,
                 reporter_ref=report.reporter_id, reporter_is_subject_child=report.reporter_is_child_concerned,
                 reason=report.reason, details=report.details, created_at=now)
    session.add(row)
    session.flush()
    if created:
        audit.append(session, principal.actor, "case.open", "case", case.id,
                     {"source": "user_report", "category": case.category, "severity": case.severity,
                      "subject_type": case.subject_type, "minor_involved": case.minor_involved})
    audit.append(session, principal.actor, "report.receive", "case", case.id,
                 {"report_id": row.id, "reason": row.reason, "merged": not created})
    return row


def add_flag(session: Session, flag: FlagInput, *, actor: str = "system:cases",
             settings: Settings | None = None, now: datetime | None = None) -> Report:
    """Merge an automatic flag into a case like a report (``automated_detection`` is Yes for its actions)."""
    settings = settings or get_settings()
    now = now or utcnow()
    categories = [c for c in flag.categories if c in CATEGORY_NAMES] or ["grooming"]
    primary = max(categories, key=lambda c: category_severity(c).rank)
    severity = flag.severity
    case, created = _open_case(session, subject_type=flag.subject_type, subject_id=flag.subject_id,
                               category=primary, severity=severity, minor=flag.minor_involved, source=flag.source,
                               platform_key_id=flag.platform_key_id, account_id=flag.account_id, now=now,
                               settings=settings)
    for c in categories:
        if not created or c != primary:
            _merge(case, category=c, severity=severity, minor=flag.minor_involved, now=now, settings=settings)
    case.flag_count += 1
    case.automated = True
    if case.account_id is None and flag.account_id:
        case.account_id = flag.account_id
    if flag.scores:
        case.scores = {**case.scores, **{k: max(float(v), float(case.scores.get(k, 0.0)))
                                         for k, v in flag.scores.items()}}
    if flag.context:
        case.context = {**case.context, **flag.context}
    if flag.evidence:
        case.detector_evidence = [*case.detector_evidence, *flag.evidence][-200:]
    if case.platform_key_id is None and flag.platform_key_id is not None:
        case.platform_key_id = flag.platform_key_id
    if flag.content_type and case.evidence_text is None and (created or case.content_url is None):
        case.content_type = flag.content_type
    if flag.content_sha256 and case.evidence_sha256 is None:
        case.evidence_sha256 = flag.content_sha256
    row = Report(tracking_id=new_tracking_id("flg"), case_id=case.id, source=flag.source, reason=primary,
                 event_id=flag.event_id, created_at=now)
    session.add(row)
    session.flush()
    if created:
        audit.append(session, actor, "case.open", "case", case.id,
                     {"source": flag.source, "category": case.category, "severity": case.severity,
                      "subject_type": case.subject_type, "minor_involved": case.minor_involved})
    audit.append(session, actor, "flag.receive", "case", case.id,
                 {"report_id": row.id, "source": flag.source, "categories": categories, "event_id": flag.event_id})
    return row


_LEVEL_SEVERITY = {1: Severity.MEDIUM, 2: Severity.HIGH, 3: Severity.CRITICAL}


def _media_hashes(session: Session | None, payload: dict[str, Any]) -> dict[str, str]:
    """The matched upload's hashes: from the event, else from the evidence the media capability preserved."""
    given = payload.get("hashes")
    hashes = {k: str(given[k]).lower() for k in HASH_NAMES if isinstance(given, dict) and isinstance(given.get(k), str)}
    evidence_id = payload.get("evidence_id")
    if not hashes and session is not None and isinstance(evidence_id, int) and not isinstance(evidence_id, bool):
        from kidsafe.store.models.media import MediaEvidence  # read-only: hashes, never the stored bytes

        row = session.execute(select(MediaEvidence.sha256, MediaEvidence.md5, MediaEvidence.pdq)
                              .where(MediaEvidence.id == evidence_id)).first()
        if row is not None:
            hashes = {k: v for k, v in zip(HASH_NAMES, row, strict=True) if v}
    return hashes


def _platform_key_id(session: Session | None, actor: Any) -> int | None:
    """The platform API key behind an event's ``actor`` (``api_key:<name>``), so its notices reach it."""
    if session is None or not isinstance(actor, str) or not actor.startswith("api_key:"):
        return None
    from kidsafe.store.models import ApiKey

    key = session.scalar(select(ApiKey).where(ApiKey.name == actor.partition(":")[2]))
    return key.id if key is not None and key.role == "platform" else None


def _media_flag(event_id: int, payload: dict[str, Any], session: Session | None) -> FlagInput | None:
    matches = [m for m in payload.get("matches") or [] if isinstance(m, dict) and m.get("category") in BANK_CATEGORY]
    if not matches:
        return None
    cats = sorted({BANK_CATEGORY[m["category"]] for m in matches}, key=lambda c: -category_severity(c).rank)
    hashes = _media_hashes(session, payload)
    reference = payload.get("reference")
    evidence_id = payload.get("evidence_id")
    if isinstance(reference, str) and reference.strip():
        subject_id = reference.strip()[:200]
    elif evidence_id:
        subject_id = f"media-evidence:{evidence_id}"
    elif hashes:
        subject_id = "media:" + next(f"{k}:{hashes[k]}" for k in HASH_NAMES if k in hashes)
    else:  # nothing names the upload: the match itself is still reviewed (the bank matches are the evidence)
        subject_id = f"media-match:{event_id}"
    evidence = [{"kind": "hash_match", "category": BANK_CATEGORY[m["category"]], "bank": str(m.get("bank", ""))[:100],
                 "bank_category": m["category"], "entry_id": m.get("entry_id"),
                 "signal_type": str(m.get("signal_type", ""))[:16], "distance": m.get("distance")}
                for m in matches[:50]]
    evidence += [{"kind": "media_hash", "signal_type": k, "value": v} for k, v in hashes.items()]
    exact = any(m.get("distance") == 0 for m in matches)
    return FlagInput(
        source="media.match", subject_type="content", subject_id=subject_id, categories=cats,
        severity=Severity.CRITICAL if "sexual_minors" in cats else max(
            (category_severity(c) for c in cats), key=lambda s: s.rank),
        minor_involved="sexual_minors" in cats, event_id=event_id,
        scores={c: 1.0 if exact else 0.9 for c in cats}, evidence=evidence, content_type="image",
        content_sha256=hashes.get("sha256"), platform_key_id=_platform_key_id(session, payload.get("actor")),
        context={"media_evidence_id": evidence_id if isinstance(evidence_id, int) else None,
                 "media_banks": sorted({str(m.get("bank", "")) for m in matches}),
                 **{f"media_{k}": v for k, v in hashes.items()}})


def flag_from_event(event_type: str, event_id: int, payload: dict[str, Any],
                    session: Session | None = None) -> FlagInput | None:
    """Turn a ``conversation.alert``, ``policy.decision`` or ``media.match`` event into a flag (None: nothing to
    review). ``session`` lets a media match find the upload's hashes in the preserved evidence."""
    if event_type == "media.match":
        return _media_flag(event_id, payload, session)
    if event_type == "conversation.alert":
        # the payload carries a score per risk (0..1); a risk counts when it is at least ALERT_RISK_SCORE, else
        # the higher of the two names the case
        risk = {c: float(payload[c]) for c in ("grooming", "sextortion")
                if isinstance(payload.get(c), int | float)}
        cats = [c for c, v in risk.items() if v >= ALERT_RISK_SCORE] or (
            [max(risk, key=lambda c: risk[c])] if risk else ["grooming"])
        level = int(payload.get("level") or 1)
        band = payload.get("target_age_band")
        minor = band != AgeBand.ADULT.value  # a child-safety alert's target is a minor unless known to be an adult
        suspect = str(payload.get("suspect_id") or "")
        conv = str(payload.get("conversation_id") or "")
        if not suspect and not conv:
            return None
        return FlagInput(
            source=event_type, subject_type="account" if suspect else "content", subject_id=suspect or conv,
            account_id=suspect or None, categories=cats, severity=_LEVEL_SEVERITY.get(level, Severity.HIGH),
            minor_involved=minor, event_id=event_id,
            scores={c: v for c, v in risk.items() if not isinstance(payload[c], bool)},
            context={"conversation_id": conv or None, "message_ids": list(payload.get("message_ids") or [])[:200],
                     "stages": list(payload.get("stages") or []), "alert_level": level,
                     "target_age_band": band, "reasons": list(payload.get("reasons") or [])[:20]})
    if event_type == "policy.decision":
        if payload.get("action") not in REVIEW_ACTIONS:
            return None
        cats = [c for c in (payload.get("categories") or []) if c in CATEGORY_NAMES]
        if not cats:
            return None
        content_ref = payload.get("content_ref")
        actor_id = payload.get("actor_id")
        subject_type, subject_id = ("content", str(content_ref)) if content_ref else ("account", str(actor_id or ""))
        if not subject_id:
            return None
        bands = {payload.get("actor_age_band"), payload.get("target_age_band")}
        minor = any(b in {a.value for a in AgeBand if a.is_minor} for b in bands)
        primary = max(cats, key=lambda c: category_severity(c).rank)
        severity = Severity.CRITICAL if payload.get("action") == "block_and_escalate" else category_severity(primary)
        scores = payload.get("scores") or {}
        return FlagInput(
            source=event_type, subject_type=subject_type, subject_id=subject_id,
            account_id=str(actor_id) if actor_id else None, categories=cats, severity=severity,
            minor_involved=minor, event_id=event_id,
            scores={k: float(v) for k, v in scores.items() if k in CATEGORY_NAMES and isinstance(v, int | float)},
            context={"policy_decision_id": payload.get("decision_id"), "policy_rule_id": payload.get("rule_id"),
                     "policy_version": payload.get("policy_version"), "policy_action": payload.get("action"),
                     "policy_context": payload.get("context")})
    return None


def ingest_events(session: Session, *, limit: int = 500, settings: Settings | None = None,
                  types: Sequence[str] = EVENT_TYPES) -> int:
    """Consume pending events into flags; returns how many flags were added. Safe to run again (idempotent)."""
    added = 0
    for ev in events.pending(session, CONSUMER, list(types), limit=limit):
        flag = flag_from_event(ev.type, ev.id, ev.payload or {}, session)
        if flag is not None and session.scalar(select(Report.id).where(Report.event_id == ev.id)) is None:
            add_flag(session, flag, settings=settings)
            added += 1
        events.ack(session, CONSUMER, ev.id)
    session.flush()
    return added


@dataclass
class ReportStatus:
    tracking_id: str
    status: str  # received, in_review, action_taken, no_violation, decision_reversed
    reason: str
    received_at: datetime
    decided_at: datetime | None = None
    outcome: str | None = None


def report_status(session: Session, principal: Principal, tracking_id: str) -> ReportStatus:
    """What the reporter may know about their report; only the key that filed it (and staff) may ask."""
    row = session.scalar(select(Report).where(Report.tracking_id == tracking_id))
    # the same answer for "not yours" and "does not exist": tracking ids are not to be probed
    if row is None or not roles.owns_key_resource(principal, row.reporter_key_id):
        raise NotFound(f"no report {tracking_id!r}", "tracking_id")
    case = session.get(Case, row.case_id)
    assert case is not None
    if roles.is_staff(principal) and not roles.can_view_case(principal, case):
        raise NotFound(f"no report {tracking_id!r}", "tracking_id")  # sexual_minors: specialists only
    if case.status == "open":
        status = "in_review" if case.assigned_to else "received"
        return ReportStatus(row.tracking_id, status, row.reason, row.created_at)
    outcome = case.outcome or "no_violation"
    status = {"no_violation": "no_violation", "reversed": "decision_reversed"}.get(outcome, "action_taken")
    return ReportStatus(row.tracking_id, status, row.reason, row.created_at, case.closed_at, outcome)


def reports_for_case(session: Session, case_id: int) -> list[Report]:
    return list(session.scalars(select(Report).where(Report.case_id == case_id).order_by(Report.id)))

