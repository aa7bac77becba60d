"""Make, record and explain decisions: ``POST /v1/decisions`` in one function.

The text (when content is given instead of a prior analysis) is analysed and dropped: the record keeps
scores, matched signals and ids. Hold-for-review and block-and-escalate decisions are published as
``policy.decision`` events for the cases capability, and so is any decision that tells a guardian or the
moderators (``notify`` is in the payload; guardian alerts come from these events).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from kidsafe import events
from kidsafe.policy import age, registry, shadow
from kidsafe.policy.engine import CompiledPolicy, Decision, Event, make_event
from kidsafe.policy.inputs import DecisionInput
from kidsafe.policy.model import Action, Notify, NudgeTo
from kidsafe.policy.nudges import nudge_for
from kidsafe.store.db import utcnow
from kidsafe.store.models.policy import PolicyDecision
from kidsafe.taxonomy import AgeBand

ESCALATING = (Action.HOLD_FOR_REVIEW, Action.BLOCK_AND_ESCALATE)
EVENT_TYPE = "policy.decision"

# (text, lang) -> {"scores", "flags", "lang"}; the API passes the app's analyzer
Analyse = Callable[[str, str | None], dict[str, Any]]


class DecisionInputError(ValueError):
    def __init__(self, status: int, code: str, field: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.field = status, code, field


def to_event(inp: DecisionInput, actor_band: AgeBand, target_band: AgeBand,
             analysis: dict[str, Any] | None) -> Event:
    risk = inp.conversation_risk
    return make_event(
        inp.actor.id, inp.target.id if inp.target else None, actor_band=actor_band, target_band=target_band,
        context=inp.context, relationship=inp.relationship,
        scores=(analysis or {}).get("scores") or {}, flags=(analysis or {}).get("flags") or [],
        grooming=risk.grooming if risk else None, sextortion=risk.sextortion if risk else None,
        conversation_level=risk.level if risk else 0, content_rating=inp.content_rating,
    )


def analysis_of(inp: DecisionInput, analyse: Analyse | None, max_text_chars: int) -> dict[str, Any] | None:
    """The prior analysis, or the analysis of the given text (which is not kept)."""
    if inp.analysis is not None:
        return {"scores": {c.value: s for c, s in inp.analysis.scores.items()},
                "flags": [c.value for c in inp.analysis.flags], "lang": inp.analysis.lang}
    if inp.content is not None:
        if len(inp.content.text) > max_text_chars:
            raise DecisionInputError(413, "text_too_long", "content.text",
                                     f"text is {len(inp.content.text)} characters; the limit is {max_text_chars}")
        if analyse is None:
            raise DecisionInputError(422, "invalid_request", "content", "no text analyser here; give 'analysis'")
        return analyse(inp.content.text, inp.content.lang)
    return None


def publishes(d: Decision) -> bool:
    """Escalations, and any decision that tells a guardian or the moderators, are published as
    ``policy.decision`` events: the cases capability reads them (it flags hold_for_review / block_and_escalate),
    the family capability turns them into guardian alerts. Decisions that only concern the user are not."""
    return d.action in ESCALATING or Notify.GUARDIAN in d.notify or Notify.MODERATORS in d.notify


def input_hash(ev: Event, policy: CompiledPolicy) -> str:
    """A fingerprint of what the decision depends on: same hash → same decision."""
    body = [policy.platform, policy.version, ev.actor_id, ev.actor_band.value, ev.target_id, ev.target_band.value,
            ev.context.value, ev.relationship.value, sorted((k, round(v, 6)) for k, v in ev.scores.items()),
            sorted(ev.flags), ev.conversation_level, ev.content_rating]
    return hashlib.sha256(json.dumps(body, separators=(",", ":")).encode()).hexdigest()


def nudge_of(d: Decision, ev: Event, lang: str | None, country: str | None) -> dict[str, Any] | None:
    if d.nudge_topic is None:
        return None
    band = ev.actor_band if d.nudge_to is NudgeTo.ACTOR else ev.target_band
    out = nudge_for(d.nudge_topic, band, lang, country)
    out["to"] = d.nudge_to.value if d.nudge_to else None
    return out


def decision_categories(d: Decision, ev: Event) -> list[str]:
    cats = sorted({s["category"] for s in d.signals if "category" in s})
    return cats or sorted(ev.flags)


def explain(d: Decision, ev: Event, policy: CompiledPolicy) -> dict[str, Any]:
    return {
        "rule_id": d.rule_id,
        "rule": policy.descriptions.get(d.rule_id, "") if d.rule_id else "no rule matched: the default action",
        "policy_platform": d.policy_platform,
        "policy_version": d.policy_version,
        "signals": list(d.signals),
        "scores": {k: round(v, 4) for k, v in sorted(ev.scores.items())},
        "flags": sorted(ev.flags),
        "matched_rules": [{"rule_id": m.rule_id, "action": m.action.value, "signals": list(m.signals)}
                          for m in d.matches],
        "actor_age_band": ev.actor_band.value,
        "target_age_band": ev.target_band.value,
        "context": ev.context.value,
        "relationship": ev.relationship.value,
        "conversation_level": ev.conversation_level,
        "content_rating": ev.content_rating,
    }


def decide(session: Session, inp: DecisionInput, *, analyse: Analyse | None = None, max_text_chars: int = 20_000,
           now: datetime | None = None) -> dict[str, Any]:
    """Evaluate the live policy (and the candidate in shadow), record the decision, publish it if it escalates."""
    now = now or utcnow()
    analysis = analysis_of(inp, analyse, max_text_chars)
    actor_band = inp.actor.age_band or age.band_for(session, inp.actor.id, now)
    target_band = AgeBand.UNKNOWN
    if inp.target is not None:
        target_band = inp.target.age_band or age.band_for(session, inp.target.id, now)
    ev = to_event(inp, actor_band, target_band, analysis)
    live, candidate = registry.in_force(session, inp.platform)
    d = live.evaluate(ev)
    decision_id = str(uuid.uuid4())
    fingerprint = input_hash(ev, live)
    cd = candidate.evaluate(ev) if candidate is not None else None
    diff = cd is not None and shadow.differs(d, cd)
    if diff:
        assert cd is not None
        shadow.log_difference(decision_id, d, cd)
    categories = decision_categories(d, ev)
    scores = {k: round(v, 4) for k, v in sorted(ev.scores.items())}
    session.add(PolicyDecision(
        id=decision_id, created_at=now, platform=inp.platform, policy_version=d.policy_version,
        action=d.action.value, rule_id=d.rule_id, notify=[n.value for n in d.notify], actor_id=ev.actor_id,
        target_id=ev.target_id, actor_age_band=ev.actor_band.value, target_age_band=ev.target_band.value,
        context=ev.context.value, relationship=ev.relationship.value, categories=categories, scores=scores,
        signals=list(d.signals), content_ref=inp.content_ref, input_hash=fingerprint,
        candidate_version=cd.policy_version if cd else None, candidate_action=cd.action.value if cd else None,
        candidate_rule_id=cd.rule_id if cd else None, differs=diff,
    ))
    if publishes(d):
        events.publish(session, EVENT_TYPE, decision_id, {
            "decision_id": decision_id, "action": d.action.value, "rule_id": d.rule_id,
            "policy_version": d.policy_version, "actor_id": ev.actor_id, "target_id": ev.target_id,
            "actor_age_band": ev.actor_band.value, "target_age_band": ev.target_band.value,
            "context": ev.context.value, "categories": categories, "scores": scores, "content_ref": inp.content_ref,
            "notify": [n.value for n in d.notify], "relationship": ev.relationship.value,
        })
    session.flush()
    lang = inp.lang or (inp.content.lang if inp.content else None) or (analysis or {}).get("lang")
    return {
        "decision_id": decision_id,
        "action": d.action.value,
        "notify": [n.value for n in d.notify],
        "nudge": nudge_of(d, ev, lang, inp.country),
        "reasons": explain(d, ev, live),
        "input_hash": fingerprint,
        "created_at": now.isoformat(),
    }


def purge_decisions(session: Session, older_than_days: int, now: datetime | None = None) -> int:
    """Delete decision records (with their shadow results) older than the retention limit; returns the count."""
    if older_than_days < 0:
        raise ValueError("older_than_days must be >= 0")
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    result = session.execute(delete(PolicyDecision).where(PolicyDecision.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
