"""Shadow mode: a candidate policy evaluated beside the live one on the same events, never enforced.

Each decision record keeps the candidate's action and rule next to the live ones (``candidate_*``
columns of ``policy_decisions``); a difference is also logged (ids, versions, actions and rules: never
message text). ``summary`` aggregates the records; ``diff_offline`` does the same for two policy files
over a JSONL file of events (``kidsafe policy diff --live A --candidate B EVENTS``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from kidsafe.policy.engine import CompiledPolicy, Decision, Event
from kidsafe.policy.model import Action
from kidsafe.store.models.policy import PolicyDecision

log = logging.getLogger("kidsafe.policy.shadow")


def differs(live: Decision, candidate: Decision) -> bool:
    return live.action is not candidate.action or live.rule_id != candidate.rule_id


def log_difference(decision_id: str, live: Decision, candidate: Decision) -> None:
    log.info("shadow difference decision=%s live=%s@%s:%s(%s) candidate=%s@%s:%s(%s)", decision_id,
             live.policy_platform, live.policy_version, live.action.value, live.rule_id,
             candidate.policy_platform, candidate.policy_version, candidate.action.value, candidate.rule_id)


def summary(session: Session, platform: str | None = None, candidate_version: str | None = None,
            top: int = 20) -> dict[str, Any]:
    """Per candidate version: decisions evaluated in shadow, how many differ, and how (action → action)."""
    where: list[ColumnElement[bool]] = [PolicyDecision.candidate_version.is_not(None)]
    if platform:
        where.append(PolicyDecision.platform == platform)
    if candidate_version:
        where.append(PolicyDecision.candidate_version == candidate_version)
    q = (select(PolicyDecision.platform, PolicyDecision.policy_version, PolicyDecision.candidate_version,
                PolicyDecision.action, PolicyDecision.candidate_action, PolicyDecision.rule_id,
                PolicyDecision.candidate_rule_id, func.count())
         .where(*where)
         .group_by(PolicyDecision.platform, PolicyDecision.policy_version, PolicyDecision.candidate_version,
                   PolicyDecision.action, PolicyDecision.candidate_action, PolicyDecision.rule_id,
                   PolicyDecision.candidate_rule_id))
    groups: dict[tuple[str, str, str], list[tuple[str, str, str | None, str | None, int]]] = {}
    for plat, live_v, cand_v, act, cand_act, rule, cand_rule, n in session.execute(q):
        # candidate_version is not null here, so neither is candidate_action
        groups.setdefault((plat, live_v, cand_v or ""), []).append((act, cand_act or "", rule, cand_rule, n))
    out = []
    for (plat, live_v, cand_v), rows in sorted(groups.items()):
        out.append(_summarise(plat, live_v, cand_v, rows, top))
    return {"comparisons": out}


def _summarise(platform: str, live_version: str, candidate_version: str,
               rows: Iterable[tuple[str, str, str | None, str | None, int]], top: int) -> dict[str, Any]:
    total = differ = stricter = looser = 0
    transitions: Counter[tuple[str, str]] = Counter()
    rule_pairs: Counter[tuple[str | None, str | None]] = Counter()
    for act, cand_act, rule, cand_rule, n in rows:
        total += n
        if act == cand_act and rule == cand_rule:
            continue
        differ += n
        rule_pairs[(rule, cand_rule)] += n
        if act != cand_act:
            transitions[(act, cand_act)] += n
            if Action(cand_act).rank > Action(act).rank:
                stricter += n
            else:
                looser += n
    return {
        "platform": platform, "live_version": live_version, "candidate_version": candidate_version,
        "evaluated": total, "different": differ, "different_rate": round(differ / total, 4) if total else 0.0,
        "stricter": stricter, "looser": looser,
        "transitions": [{"live": a, "candidate": b, "count": n} for (a, b), n in _ordered(transitions, top)],
        "rule_changes": [{"live_rule": a, "candidate_rule": b, "count": n} for (a, b), n in _ordered(rule_pairs, top)],
    }


def _ordered(counter: Counter[Any], top: int) -> list[tuple[Any, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]


def diff_offline(live: CompiledPolicy, candidate: CompiledPolicy, events: Iterable[Event],
                 top: int = 20) -> dict[str, Any]:
    """Evaluate both policies on each event and summarise the differences (nothing is stored)."""
    counts: Counter[tuple[str, str, str | None, str | None]] = Counter()
    for ev in events:
        a, b = live.evaluate(ev), candidate.evaluate(ev)
        counts[(a.action.value, b.action.value, a.rule_id, b.rule_id)] += 1
    rows = [(*k, n) for k, n in counts.items()]
    return _summarise(live.platform, live.version, candidate.version, rows, top)
