"""Conversation-level evaluation: precision, recall, F0.5 (PAN-2012's measure), time to alert, false alerts."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kidsafe.conversation.datasets import LabelledChat
from kidsafe.conversation.features import ConversationState
from kidsafe.conversation.scorer import ConversationScorer
from kidsafe.conversation.stages import detect


@dataclass
class Trace:
    chat: LabelledChat
    risk: list[float]  # max(grooming, sextortion) after each message
    suspect: str | None


def trace(chat: LabelledChat, scorer: ConversationScorer) -> Trace:
    state = ConversationState()
    risk = []
    for m in chat.messages:
        state.add(m.id, m.sender, m.sender_age_band, m.text, detect(m.text), list(m.recipients))
        risk.append(max(scorer.grooming(state), scorer.sextortion(state)))
    return Trace(chat, risk, state.suspect())


def first_at(tr: Trace, threshold: float) -> int | None:
    return next((i for i, r in enumerate(tr.risk) if r >= threshold), None)


def f_beta(p: float, r: float, beta: float = 0.5) -> float:
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0


def metrics(traces: Sequence[Trace], threshold: float) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    delays: list[int] = []
    by_source: dict[str, list[int]] = {}
    suspect_ok = suspect_n = 0
    for tr in traces:
        at = first_at(tr, threshold)
        hit = at is not None
        if tr.chat.label:
            tp, fn = tp + hit, fn + (not hit)
            if at is not None:
                delays.append(at + 1)
            if hit and tr.chat.predator is not None:
                suspect_n += 1
                suspect_ok += tr.suspect == tr.chat.predator
        else:
            fp, tn = fp + hit, tn + (not hit)
            src = by_source.setdefault(tr.chat.source, [0, 0])
            src[0] += hit
            src[1] += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "threshold": threshold, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(p, 4), "recall": round(r, 4),
        "f0.5": round(f_beta(p, r), 4), "f1": round(f_beta(p, r, 1.0), 4),
        "median_messages_to_alert": statistics.median(delays) if delays else None,
        "false_alert_rate": round(fp / (fp + tn), 4) if fp + tn else None,
        "false_alerts_by_source": {k: {"alerts": v[0], "chats": v[1], "rate": round(v[0] / v[1], 4)}
                                   for k, v in sorted(by_source.items())},
        "suspect_accuracy": round(suspect_ok / suspect_n, 4) if suspect_n else None,
    }


def choose_threshold(traces: Sequence[Trace], max_false_alert_rate: float = 0.005) -> float:
    """The threshold with the best F0.5 among those whose false-alert rate stays under the cap."""
    best_t, best_f = 0.99, -1.0
    for k in range(20, 100):
        t = k / 100
        m = metrics(traces, t)
        if m["false_alert_rate"] is not None and m["false_alert_rate"] > max_false_alert_rate:
            continue
        if m["f0.5"] > best_f:
            best_t, best_f = t, m["f0.5"]
    return best_t
