"""Evaluate a policy on one event: which rules match, which action wins, who is told, and why.

**Most severe wins.** Every rule is checked; among the rules that match, the one with the most severe
action wins (``allow`` < ``label`` < ``nudge`` < ``blur`` < ``hold_for_review`` < ``block`` <
``block_and_escalate``); between rules with the same action, the earlier one in the file is named.
We chose this over "first match wins" because a policy protects children: with first-match, a broad
``allow`` rule placed above a protective rule silently disables it, and reordering rules changes outcomes;
with most-severe-wins, adding a rule can only make the outcome stricter, rule order never weakens
protection, and reviewers can read each rule on its own. (To relax a rule, narrow its conditions.)

Who is told is the union of ``notify`` over every matching rule: a rule that asks for moderators to be
told is honoured even when another rule's action wins. Likewise a matching rule that nudges the *actor*
keeps its nudge beside a more severe action (the sender still gets the supportive words and the help
resources: a child writing about self-harm whose post is blurred for a young audience is still offered
help); a nudge to the target is dropped then (the target will not see the content). When no rule
matches, ``settings.default_action`` applies.

The result depends only on the event and the policy (no clock, no randomness, no I/O), so the same input
under the same policy version always gives the same decision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kidsafe.policy.model import (
    BAND_MAX_AGE,
    Action,
    Context,
    Notify,
    NudgeTo,
    Policy,
    Relationship,
    Rule,
    rating_min_age,
)
from kidsafe.taxonomy import AgeBand, Category

MINOR_BANDS = frozenset({AgeBand.UNDER_13, AgeBand.AGE_13_15, AgeBand.AGE_16_17})
UNDER_16_BANDS = frozenset({AgeBand.UNDER_13, AgeBand.AGE_13_15})


@dataclass(frozen=True)
class Event:
    """One thing that happens between two accounts, as the engine sees it (no text: scores only)."""

    actor_id: str
    actor_band: AgeBand = AgeBand.UNKNOWN
    target_id: str | None = None
    target_band: AgeBand = AgeBand.UNKNOWN
    context: Context = Context.DIRECT_MESSAGE
    # Not given → treated as a stranger: the safe default (ICO AADC standard 7).
    relationship: Relationship = Relationship.STRANGER
    scores: Mapping[str, float] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    conversation_level: int = 0  # 0 = no alert, 1..3 from the conversation engine
    content_rating: str | None = None


@dataclass(frozen=True)
class Match:
    rule_id: str
    action: Action
    notify: tuple[Notify, ...]
    signals: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Decision:
    action: Action
    rule_id: str | None  # None: no rule matched, the default action applies
    notify: tuple[Notify, ...]
    policy_platform: str
    policy_version: str
    matches: tuple[Match, ...]
    nudge_to: NudgeTo | None = None
    nudge_topic: str | None = None

    @property
    def signals(self) -> tuple[dict[str, Any], ...]:
        """The signals of the winning rule."""
        for m in self.matches:
            if m.rule_id == self.rule_id:
                return m.signals
        return ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "rule_id": self.rule_id,
            "notify": [n.value for n in self.notify],
            "policy": {"platform": self.policy_platform, "version": self.policy_version},
            "signals": list(self.signals),
            "matched_rules": [{"rule_id": m.rule_id, "action": m.action.value} for m in self.matches],
            "nudge_to": self.nudge_to.value if self.nudge_to else None,
            "nudge_topic": self.nudge_topic,
        }


class CompiledRule:
    """A rule with its conditions turned into sets and tuples, checked cheapest first."""

    __slots__ = ("id", "action", "notify", "scores", "flags", "level", "actor_bands", "target_bands", "contexts",
                 "relationships", "rating_at_least", "rating_above_target", "nudge_to", "nudge")

    def __init__(self, rule: Rule, unknown_is_minor: bool) -> None:
        w = rule.when
        self.id = rule.id
        self.action = rule.action
        self.notify = tuple(rule.notify)
        self.scores = tuple((c.value, t) for c, t in w.scores.items()) if w.scores else None
        self.flags = frozenset(c.value for c in w.flags) if w.flags else None
        self.level = w.conversation_level_at_least
        self.actor_bands = _bands(w.actor_age, unknown_is_minor)
        self.target_bands = _bands(w.target_age, unknown_is_minor)
        self.contexts = frozenset(w.context) if w.context else None
        self.relationships = frozenset(w.relationship) if w.relationship else None
        self.rating_at_least = w.content_rating_at_least
        self.rating_above_target = w.content_rating_above_target_age
        self.nudge_to = rule.nudge_to
        self.nudge = rule.nudge

    def match(self, ev: Event, rating_age: int | None) -> tuple[dict[str, Any], ...] | None:
        """The signals that made this rule match, or None when it does not."""
        if self.contexts is not None and ev.context not in self.contexts:
            return None
        if self.relationships is not None and ev.relationship not in self.relationships:
            return None
        if self.actor_bands is not None and ev.actor_band not in self.actor_bands:
            return None
        if self.target_bands is not None and ev.target_band not in self.target_bands:
            return None
        signals: list[dict[str, Any]] = []
        if self.rating_at_least is not None:
            if rating_age is None or rating_age < self.rating_at_least:
                return None
            signals.append({"signal": "content_rating", "value": ev.content_rating, "min_age": rating_age})
        if self.rating_above_target is not None:
            above = rating_age is not None and rating_age > BAND_MAX_AGE[ev.target_band]
            if above != self.rating_above_target:
                return None
            if above:
                signals.append({"signal": "content_rating_above_target_age", "value": ev.content_rating,
                                "min_age": rating_age, "target_age_band": ev.target_band.value})
        if self.level is not None:
            if ev.conversation_level < self.level:
                return None
            signals.append({"signal": "conversation_level", "value": ev.conversation_level, "threshold": self.level})
        if self.flags is not None:
            hit = sorted(self.flags & ev.flags)
            if not hit:
                return None
            signals.extend({"signal": "flag", "category": c} for c in hit)
        if self.scores is not None:
            hits = [(c, s, t) for c, t in self.scores if (s := ev.scores.get(c, 0.0)) >= t]
            if not hits:
                return None
            signals.extend({"signal": "score", "category": c, "score": round(s, 4), "threshold": t}
                           for c, s, t in hits)
        return tuple(signals)

    def top_category(self, ev: Event) -> str | None:
        """The matched category with the highest score (for the nudge wording)."""
        best: tuple[float, str] | None = None
        for c, _ in self.scores or ():
            s = ev.scores.get(c, 0.0)
            if best is None or s > best[0]:
                best = (s, c)
        if best is None and self.flags:
            hit = sorted(self.flags & ev.flags)
            return hit[0] if hit else None
        return best[1] if best else None


def _bands(names: list[str] | None, unknown_is_minor: bool) -> frozenset[AgeBand] | None:
    if not names:
        return None
    out: set[AgeBand] = set()
    for n in names:
        if n == "any":
            out.update(AgeBand)
        elif n == "minor":
            out.update(MINOR_BANDS)
            if unknown_is_minor:
                out.add(AgeBand.UNKNOWN)
        elif n == "under_16":
            out.update(UNDER_16_BANDS)
            if unknown_is_minor:
                out.add(AgeBand.UNKNOWN)
        else:
            out.add(AgeBand(n))
    return frozenset(out)


class CompiledPolicy:
    """A validated policy ready to evaluate events (compile once, evaluate many times)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.platform = policy.policy.platform
        self.version = policy.policy.version
        self.default_action = policy.settings.default_action
        self.rules = tuple(CompiledRule(r, policy.settings.unknown_is_minor) for r in policy.rules)
        self.descriptions = {r.id: r.description for r in policy.rules}

    def evaluate(self, ev: Event) -> Decision:
        rating_age = _rating_age(ev.content_rating)
        matches: list[Match] = []
        matched: list[CompiledRule] = []
        winner: CompiledRule | None = None
        for rule in self.rules:
            signals = rule.match(ev, rating_age)
            if signals is None:
                continue
            matches.append(Match(rule.id, rule.action, rule.notify, signals))
            matched.append(rule)
            if winner is None or rule.action.rank > winner.action.rank:
                winner = rule
        if winner is None:
            return Decision(self.default_action, None, (), self.platform, self.version, ())
        told = {n for m in matches for n in m.notify}
        notify = tuple(n for n in Notify if n in told)
        nudge_to = nudge_topic = None
        nudger: CompiledRule | None = winner if winner.action is Action.NUDGE else None
        if nudger is None:
            nudger = next((r for r in matched if r.action is Action.NUDGE and r.nudge_to is NudgeTo.ACTOR), None)
        if nudger is not None:
            nudge_to = nudger.nudge_to
            nudge_topic = nudger.nudge or nudger.top_category(ev) or "general"
        return Decision(winner.action, winner.id, notify, self.platform, self.version, tuple(matches),
                        nudge_to, nudge_topic)


def _rating_age(rating: str | None) -> int | None:
    if rating is None:
        return None
    try:
        return rating_min_age(rating)
    except ValueError:
        return None


def make_event(actor_id: str, target_id: str | None = None, *, actor_band: str | AgeBand = AgeBand.UNKNOWN,
               target_band: str | AgeBand = AgeBand.UNKNOWN, context: str | Context = Context.DIRECT_MESSAGE,
               relationship: str | Relationship | None = None, scores: Mapping[str, float] | None = None,
               flags: list[str] | None = None, grooming: float | None = None, sextortion: float | None = None,
               conversation_level: int = 0, content_rating: str | None = None) -> Event:
    """Build an ``Event`` from plain values; conversation risk scores are merged into the text scores (max)."""
    merged: dict[str, float] = {}
    for k, v in (scores or {}).items():
        fv = float(v)
        merged[k] = fv if math.isfinite(fv) else 0.0
    for cat, extra in ((Category.GROOMING.value, grooming), (Category.SEXTORTION.value, sextortion)):
        if extra is not None and math.isfinite(extra):
            merged[cat] = max(merged.get(cat, 0.0), float(extra))
    return Event(
        actor_id=actor_id, actor_band=AgeBand(actor_band), target_id=target_id, target_band=AgeBand(target_band),
        context=Context(context), relationship=Relationship(relationship or Relationship.STRANGER),
        scores=merged, flags=frozenset(flags or ()), conversation_level=int(conversation_level),
        content_rating=content_rating,
    )
