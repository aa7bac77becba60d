"""Conversation-level evaluation: precision, recall, F0.5 (PAN-2012's measure), time to alert, false alerts.

A conversation "alerts" when, after some message, its grooming score reaches the grooming threshold or its
sextortion score reaches the sextortion threshold (level 1 of ``ConversationScorer.level``). ``trace`` keeps the
two scores after every message so many thresholds can be tried without replaying the chat again.
"""

from __future__ import annotations

import math
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
    grooming: list[float]  # grooming score after each message
    sextortion: list[float]  # sextortion score after each message
    suspect: str | None
    logits: list[float] | None = None  # grooming log-odds after each message (for calibration)

    @property
    def risk(self) -> list[float]:
        return [max(g, s) for g, s in zip(self.grooming, self.sextortion, strict=True)]


def trace(chat: LabelledChat, scorer: ConversationScorer, text_scores: Sequence[dict[str, float]] | None = None,
          max_messages: int | None = None) -> Trace:
    state = ConversationState()
    g_all: list[float] = []
    s_all: list[float] = []
    z_all: list[float] = []
    seen: set[str] = set()
    for i, m in enumerate(chat.messages[:max_messages]):
        if m.id in seen:
            continue
        seen.add(m.id)
        state.add(m.id, m.sender, m.sender_age_band, m.text, detect(m.text), list(m.recipients),
                  text_scores[i] if text_scores else None, keep_snippets=False)
        z = scorer.grooming_logit(state)
        z_all.append(z)
        g_all.append(_sigmoid(z))
        s_all.append(scorer.sextortion(state))
    return Trace(chat, g_all, s_all, state.suspect(), z_all)


def recalibrate(tr: Trace, a: float, b: float) -> Trace:
    """The same trace under ``sigmoid(a * logit + b)`` (Platt scaling), without replaying the chat."""
    z = [a * v + b for v in tr.logits or ()]
    return Trace(tr.chat, [_sigmoid(v) for v in z], tr.sextortion, tr.suspect, z)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def first_at(tr: Trace, threshold: float, sextortion_threshold: float = 0.5) -> int | None:
    """Index of the first message after which the conversation alerts, or None."""
    return next((i for i, (g, s) in enumerate(zip(tr.grooming, tr.sextortion, strict=True))
                 if g >= threshold or s >= sextortion_threshold), None)


def f_beta(p: float, r: float, beta: float = 0.5) -> float:
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0


def metrics(traces: Sequence[Trace], threshold: float, sextortion_threshold: float = 0.5) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    delays: list[int] = []
    fractions: list[float] = []
    by_source: dict[str, list[int]] = {}
    suspect_ok = suspect_n = 0
    for tr in traces:
        at = first_at(tr, threshold, sextortion_threshold)
        hit = at is not None
        src = by_source.setdefault(tr.chat.source, [0, 0])
        src[0] += hit
        src[1] += 1
        if tr.chat.label:
            tp, fn = tp + hit, fn + (not hit)
            if at is not None:
                delays.append(at + 1)
                fractions.append((at + 1) / max(len(tr.grooming), 1))
            if hit and tr.chat.predator is not None:
                suspect_n += 1
                suspect_ok += tr.suspect == tr.chat.predator
        else:
            fp, tn = fp + hit, tn + (not hit)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "threshold": round(threshold, 4), "sextortion_threshold": sextortion_threshold,
        "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(p, 4), "recall": round(r, 4),
        "f0.5": round(f_beta(p, r), 4), "f1": round(f_beta(p, r, 1.0), 4),
        "median_messages_to_alert": statistics.median(delays) if delays else None,
        "median_fraction_of_chat_to_alert": round(statistics.median(fractions), 4) if fractions else None,
        "false_alert_rate": round(fp / (fp + tn), 4) if fp + tn else None,
        "alerts_by_source": {k: {"alerts": v[0], "chats": v[1], "rate": round(v[0] / v[1], 4)}
                             for k, v in sorted(by_source.items())},
        "suspect_accuracy": round(suspect_ok / suspect_n, 4) if suspect_n else None,
    }


def choose_threshold(traces: Sequence[Trace], max_false_alert_rate: float = 0.005) -> float:
    """The grooming threshold with the best F0.5 among those whose false-alert rate stays under the cap.

    Candidates are the peak scores the chats actually reach (just above each negative's peak, and each
    positive's peak), so a saturated model still gets a threshold that separates them.
    """
    peaks = sorted({max(tr.grooming, default=0.0) for tr in traces})
    candidates = {min(1.0, math.nextafter(p, 2.0)) for p in peaks} | set(peaks) | {0.5}
    best_t, best_key = 0.99, (-1.0, 0.0)
    for t in sorted(candidates):
        if not 0.05 <= t < 1.0:
            continue
        m = metrics(traces, t)
        if m["false_alert_rate"] is not None and m["false_alert_rate"] > max_false_alert_rate:
            continue
        key = (m["f0.5"], -abs(t - 0.5))  # ties: the threshold nearest 0.5
        if key > best_key:
            best_t, best_key = t, key
    return best_t
