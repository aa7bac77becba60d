"""Score a whole conversation offline, message by message, as the live tracker would (CLI, training, bench).

``replay`` feeds messages in order to a fresh ``ConversationState``, scores after every message and remembers
the first message index at which an alert level was reached (``alert_at``). A repeated message id counts once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kidsafe.conversation.features import ConversationState
from kidsafe.conversation.scorer import ConversationScorer, Risk
from kidsafe.conversation.stages import detect


@dataclass(frozen=True, slots=True)
class ChatMessage:
    id: str
    sender: str
    text: str
    sender_age_band: str | None = None
    recipients: tuple[str, ...] = ()


@dataclass
class ReplayResult:
    risk: Risk
    alert_at: int | None  # index (0-based) of the message at which the first alert level was reached
    level_at: dict[int, int] = field(default_factory=dict)  # level -> message index where it was first reached
    max_grooming: float = 0.0
    max_sextortion: float = 0.0
    duplicates: int = 0
    state: ConversationState | None = None

    def to_record(self, record_id: Any) -> dict[str, Any]:
        r = self.risk
        return {"id": record_id, "grooming": round(self.max_grooming, 4), "sextortion": round(self.max_sextortion, 4),
                "level": max(self.level_at, default=0), "flags": _flags(self), "stages": r.stages,
                "alert_at": self.alert_at, "suspect_id": r.suspect_id, "target_age_band": r.target_age_band,
                "messages": r.messages, "reasons": r.reasons}


def _flags(res: ReplayResult) -> list[str]:
    flags = []
    if res.alert_at is not None:
        flags.append("alert")
    if res.max_grooming >= 0.5:
        flags.append("grooming")
    if res.max_sextortion >= 0.5:
        flags.append("sextortion")
    return flags + res.risk.signals


def replay(
    messages: Iterable[ChatMessage],
    scorer: ConversationScorer,
    text_scores: Sequence[dict[str, float]] | None = None,
    snapshots: Sequence[int] = (),
    score_each: bool = True,
) -> tuple[ReplayResult, list[list[float]]]:
    """Stream ``messages`` through a fresh state; also return feature vectors after ``snapshots`` messages."""
    from kidsafe.conversation.features import features

    state = ConversationState()
    seen: set[str] = set()
    level_at: dict[int, int] = {}
    max_g = max_s = 0.0
    dup = 0
    snaps: list[list[float]] = []
    want = set(snapshots)
    for i, m in enumerate(messages):
        if m.id in seen:
            dup += 1
            continue
        seen.add(m.id)
        index = state.add(m.id, m.sender, m.sender_age_band, m.text, detect(m.text), list(m.recipients),
                          text_scores[i] if text_scores else None)
        if score_each or state.n == 1:
            g, s = scorer.grooming(state), scorer.sextortion(state)
            max_g, max_s = max(max_g, g), max(max_s, s)
            for lv in range(1, scorer.level(g, s) + 1):
                level_at.setdefault(lv, index)
        if state.n in want:
            snaps.append(features(state))
    risk = scorer.assess(state)
    res = ReplayResult(risk=risk, alert_at=level_at.get(1), level_at=level_at, max_grooming=max_g,
                       max_sextortion=max_s, duplicates=dup, state=state)
    return res, snaps


_SPEAKER = re.compile(r"^\s*([\w.@-]{1,40})\s*:\s+(.*)$")


def split_segment(text: str) -> list[ChatMessage]:
    """An unsplit chat segment → messages: one per non-empty line; ``name: text`` lines give the sender."""
    out = []
    for i, line in enumerate(x for x in text.splitlines() if x.strip()):
        m = _SPEAKER.match(line)
        sender, body = (m.group(1), m.group(2)) if m else ("unknown", line)
        out.append(ChatMessage(id=str(i), sender=sender, text=body))
    return out
