"""Rolling, bounded state of one conversation and the feature vector the scorer reads.

The state holds counts (per stage, per sender), self-stated ages, writing-style counts and a few evidence
pointers (message id, stage, character offsets, and at most a short cue snippet) — never the transcript.
Its size is bounded whatever the length of the conversation: at most ``MAX_SENDERS`` senders are tracked
one by one (the rest are pooled under ``OTHER``) and at most ``MAX_EVIDENCE`` evidence items are kept per stage.
Every update is order-independent (counts and extrema), so messages may arrive out of order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from kidsafe.conversation import age_style
from kidsafe.conversation.stages import (
    GROOMING_STAGES,
    IMAGES,
    MEETING,
    OFF_PLATFORM,
    RISK,
    SECRECY,
    SEXUAL,
    MessageCues,
)
from kidsafe.taxonomy import AgeBand

MAX_SENDERS = 16
MAX_EVIDENCE = 5  # per stage: the first 3 and the latest 2
MAX_SNIPPET = 60
OTHER = "~other"
TEXT_CATEGORIES = ("sexual", "sexual_minors", "grooming", "sextortion")

# How much each stage says about who is grooming whom (used to pick the suspect among senders).
STAGE_WEIGHT = {
    "trust_building": 1.0, "personal_questions": 0.5, "risk_assessment": 3.0, "secrecy_isolation": 3.0,
    "sexualisation": 1.5, "image_request": 2.0, "meeting_request": 2.0, "off_platform": 1.5, "gifts_money": 1.0,
    "sextortion_threat": 3.0, "sextortion_demand": 2.0, "sextortion_victim_report": 0.0,
}


@dataclass
class SenderState:
    band: str = AgeBand.UNKNOWN.value
    msgs: int = 0
    stages: dict[str, int] = field(default_factory=dict)
    min_age: int | None = None  # youngest / oldest age this sender stated about themself
    max_age: int | None = None
    minor_context: int = 0
    style: dict[str, int] = field(default_factory=age_style.empty_stats)
    text_max: dict[str, float] = field(default_factory=dict)

    def cue_weight(self) -> float:
        return sum(STAGE_WEIGHT.get(s, 1.0) * math.log1p(n) for s, n in self.stages.items())

    def is_minor(self) -> bool:
        if AgeBand(self.band).is_minor:
            return True
        return self.band == AgeBand.UNKNOWN.value and self.min_age is not None and self.min_age < 18

    def is_adult(self) -> bool:
        if self.band == AgeBand.ADULT.value:
            return True
        return self.band == AgeBand.UNKNOWN.value and self.max_age is not None and self.max_age >= 18

    def states_minor(self) -> bool:
        """The chat itself says this sender is a minor (a stated age under 18, or repeated minor context)."""
        return (self.min_age is not None and self.min_age < 18) or self.minor_context >= 2

    def states_adult(self) -> bool:
        """The chat itself says this sender is an adult (a stated age of 18 or more)."""
        return self.max_age is not None and self.max_age >= 18

    def to_json(self) -> dict[str, Any]:
        return {"band": self.band, "msgs": self.msgs, "stages": self.stages, "min_age": self.min_age,
                "max_age": self.max_age, "minor_context": self.minor_context, "style": self.style,
                "text_max": self.text_max}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SenderState:
        return cls(band=d["band"], msgs=d["msgs"], stages=dict(d["stages"]), min_age=d["min_age"],
                   max_age=d["max_age"], minor_context=d["minor_context"], style=dict(d["style"]),
                   text_max=dict(d.get("text_max", {})))


@dataclass
class ConversationState:
    n: int = 0
    senders: dict[str, SenderState] = field(default_factory=dict)
    first_index: dict[str, int] = field(default_factory=dict)  # stage -> message index where it first appeared
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    recipients: list[str] = field(default_factory=list)  # ids seen only as recipients (bounded)

    # --- updates ------------------------------------------------------------------------------------
    def sender(self, sender_id: str) -> tuple[str, SenderState]:
        if sender_id not in self.senders and len(self.senders) >= MAX_SENDERS:
            sender_id = OTHER
        st = self.senders.get(sender_id)
        if st is None:
            st = self.senders[sender_id] = SenderState()
        return sender_id, st

    def add(
        self,
        message_id: str,
        sender_id: str,
        band: str | None,
        text: str,
        cues: MessageCues,
        recipients: list[str] | None = None,
        text_scores: dict[str, float] | None = None,
        keep_snippets: bool = True,
    ) -> int:
        """Count one message; returns its index (0-based, in arrival order)."""
        index = self.n
        self.n += 1
        key, st = self.sender(sender_id)
        st.msgs += 1
        if band and band != AgeBand.UNKNOWN.value:
            st.band = band
        for age in cues.stated_ages:
            st.min_age = age if st.min_age is None else min(st.min_age, age)
            st.max_age = age if st.max_age is None else max(st.max_age, age)
        if cues.minor_context:
            st.minor_context += 1
        age_style.update(st.style, text)
        if text_scores:
            for c in TEXT_CATEGORIES:
                v = float(text_scores.get(c, 0.0))
                if v > st.text_max.get(c, 0.0):
                    st.text_max[c] = round(v, 4)
        for r in recipients or ():
            if r != sender_id and r not in self.senders and r not in self.recipients and len(self.recipients) < 8:
                self.recipients.append(r)
        seen: set[str] = set()
        for cue in cues.cues:
            if cue.stage in seen:
                continue
            seen.add(cue.stage)
            st.stages[cue.stage] = st.stages.get(cue.stage, 0) + 1
            if cue.stage not in self.first_index or index < self.first_index[cue.stage]:
                self.first_index[cue.stage] = index
            item: dict[str, Any] = {"message_id": message_id, "sender": key, "index": index,
                                    "start": cue.start, "end": cue.end}
            if keep_snippets:
                item["cue"] = text[cue.start:cue.end][:MAX_SNIPPET]
            items = self.evidence.setdefault(cue.stage, [])
            if len(items) >= MAX_EVIDENCE:
                items.pop(3)  # keep the first three and the latest ones
            items.append(item)
        return index

    # --- reading --------------------------------------------------------------------------------------
    def stage_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for st in self.senders.values():
            for s, n in st.stages.items():
                out[s] = out.get(s, 0) + n
        return out

    def suspect(self) -> str | None:
        """The sender whose messages carry the most grooming/sextortion cues (adults first on a tie)."""
        best, best_w = None, 0.0
        for sid, st in self.senders.items():
            w = st.cue_weight() + (0.5 if st.is_adult() else 0.0)
            if w > best_w and st.cue_weight() > 0:
                best, best_w = sid, w
        return best

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "senders": {k: v.to_json() for k, v in self.senders.items()},
                "first_index": self.first_index, "evidence": self.evidence, "recipients": self.recipients}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ConversationState:
        return cls(n=d["n"], senders={k: SenderState.from_json(v) for k, v in d["senders"].items()},
                   first_index=dict(d["first_index"]), evidence={k: list(v) for k, v in d["evidence"].items()},
                   recipients=list(d.get("recipients", [])))


FEATURE_NAMES: tuple[str, ...] = (
    *(f"has_{s}" for s in GROOMING_STAGES),
    *(f"log_{s}" for s in GROOMING_STAGES),
    "suspect_distinct_stages", "suspect_share", "distinct_stages", "sexual_rate",
    "minor_present", "adult_present", "age_gap",
    "sexual_and_contact", "sexual_and_minor", "secrecy_and_risk", "stages_with_age_gap",
    *(f"text_{c}" for c in TEXT_CATEGORIES),
)


def features(state: ConversationState) -> list[float]:
    """The scorer's input vector (order of ``FEATURE_NAMES``); cheap enough to run after every message.

    Every feature can only raise the risk (the model's weights are constrained to be >= 0), and none measures
    length or writing style, which would let the model learn the data sources instead of grooming.
    """
    counts = state.stage_counts()
    suspect_id = state.suspect()
    sus = state.senders.get(suspect_id) if suspect_id else None
    groom_total = sum(counts.get(s, 0) for s in GROOMING_STAGES)
    sus_total = sum(sus.stages.get(s, 0) for s in GROOMING_STAGES) if sus else 0
    # Ages as the chat itself states them ("im 13", "35/m", "after school"), as in the training chats. Declared
    # age bands are platform metadata the training data never had: they act through the scorer's hand-set
    # band adjustment instead, so an adult-minor pair of accounts is not by itself "grooming-like".
    minor = any(st.states_minor() for st in state.senders.values())
    # an adult beside someone not known to be an adult (all-adult chats do not count: that is not a risk)
    adult = any(st.states_adult() for st in state.senders.values()) and not all(
        st.states_adult() for st in state.senders.values())
    gap = any(
        a.states_adult() and b.states_minor()
        for ka, a in state.senders.items() for kb, b in state.senders.items() if ka != kb
    )
    text = {c: max((st.text_max.get(c, 0.0) for st in state.senders.values()), default=0.0) for c in TEXT_CATEGORIES}
    vec = [1.0 if counts.get(s, 0) else 0.0 for s in GROOMING_STAGES]
    vec += [math.log1p(counts.get(s, 0)) for s in GROOMING_STAGES]
    distinct = sum(1 for s in GROOMING_STAGES if counts.get(s))
    sexual = bool(counts.get(SEXUAL))
    contact = bool(counts.get(MEETING) or counts.get(IMAGES) or counts.get(OFF_PLATFORM))
    vec += [
        float(sum(1 for s in GROOMING_STAGES if sus and sus.stages.get(s))),
        sus_total / groom_total if groom_total else 0.0,
        float(distinct),
        counts.get(SEXUAL, 0) / max(state.n, 1),
        float(minor), float(adult), float(gap),
        float(sexual and contact), float(sexual and minor),
        float(bool(counts.get(SECRECY)) and bool(counts.get(RISK))),
        distinct * float(gap),
        *(text[c] for c in TEXT_CATEGORIES),
    ]
    return vec
