"""Conversation risk: a calibrated grooming score, a sextortion score, the stages seen, an alert level, reasons.

``ConversationScorer`` follows scikit-learn's habit: ``predict_proba(vectors)``; it is a logistic model whose
weights live in ``models/conversation/model.json`` (plain numbers, no pickle) and are rebuilt by
``python -m kidsafe.conversation.training``. Declared age bands were not in the training data, so their effect
is a documented, hand-set adjustment of the log-odds (adult → minor raises it, adults only lowers it), as is the
escalation term (a non-minor showing secrecy / sexualisation / image requests plus other stages towards a minor).
The sextortion score is a hand-set logistic over the sextortion cues (no labelled sextortion data exists), which
the text engine's own sextortion score can confirm. Writing style (``age_style``) is a signal only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kidsafe.conversation import age_style
from kidsafe.conversation.features import FEATURE_NAMES, ConversationState, features
from kidsafe.conversation.stages import (
    DEMAND,
    GROOMING_STAGES,
    IMAGES,
    LABELS,
    MEETING,
    OFF_PLATFORM,
    RISK,
    SECRECY,
    SEXUAL,
    STAGES,
    THREAT,
    VICTIM,
)
from kidsafe.taxonomy import AgeBand

MODEL_FILE = "model.json"
LEVEL_NAMES = {0: "none", 1: "elevated", 2: "high", 3: "critical"}
DEFAULT_THRESHOLDS = {"grooming": [0.5, 0.8, 0.95], "sextortion": [0.5, 0.8, 0.95]}
BAND_ORDER = [AgeBand.UNDER_13.value, AgeBand.AGE_13_15.value, AgeBand.AGE_16_17.value, AgeBand.ADULT.value,
              AgeBand.UNKNOWN.value]
ADULT_TO_MINOR_LOGIT = 1.0  # declared adult contacting a declared minor
ADULTS_ONLY_LOGIT = -2.5  # everyone declared adult, no stated minor age, no minor context
# The text engine's own sextortion rules (a second, independent cue set) add this to the sextortion log-odds
# when one message scores at least TEXT_SEXTORTION_MIN: not enough to alert alone, enough to confirm one cue.
TEXT_SEXTORTION_LOGIT = 1.5
TEXT_SEXTORTION_MIN = 0.5
STYLE_INCONSISTENT = 0.75  # adult-style score above which a declared minor "writes like an adult"


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass
class Risk:
    grooming: float
    sextortion: float
    level: int
    stages: dict[str, list[str]]  # stage -> ids of messages showing it
    suspect_id: str | None
    target_ids: list[str]
    target_age_band: str
    reasons: list[str]
    signals: list[str] = field(default_factory=list)
    messages: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"grooming": round(self.grooming, 4), "sextortion": round(self.sextortion, 4), "level": self.level,
                "level_name": LEVEL_NAMES[self.level], "stages": self.stages, "suspect_id": self.suspect_id,
                "target_ids": self.target_ids, "target_age_band": self.target_age_band, "reasons": self.reasons,
                "signals": self.signals, "messages": self.messages}


class ConversationScorer:
    def __init__(self, coef: Sequence[float], intercept: float, mean: Sequence[float], scale: Sequence[float],
                 thresholds: dict[str, list[float]] | None = None, meta: dict[str, Any] | None = None) -> None:
        if not len(coef) == len(mean) == len(scale) == len(FEATURE_NAMES):
            raise ValueError("model does not match FEATURE_NAMES; retrain (python -m kidsafe.conversation.training)")
        # fold standardisation into the weights: w·((x-m)/s) + b = (w/s)·x + (b - Σ w m / s)
        self.w = [c / s for c, s in zip(coef, scale, strict=True)]
        self.b = intercept - sum(c * m / s for c, m, s in zip(coef, mean, scale, strict=True))
        self.thresholds = thresholds or DEFAULT_THRESHOLDS
        self.meta = meta or {}

    # --- loading ---------------------------------------------------------------------------------------
    @classmethod
    def load(cls, models_dir: str | Path | None = None) -> ConversationScorer:
        """The shipped model (``<models_dir>/conversation/model.json``); a cue-count prior if it is absent."""
        path = Path(models_dir) / "conversation" / MODEL_FILE if models_dir else None
        if path is None or not path.exists():
            return cls.prior()
        d = json.loads(path.read_text(encoding="utf-8"))
        if list(d["feature_names"]) != list(FEATURE_NAMES):
            raise ValueError(f"{path}: features differ from this code's; retrain the conversation model")
        return cls(d["coef"], d["intercept"], d["mean"], d["scale"], d.get("thresholds"), d.get("meta"))

    @classmethod
    def prior(cls) -> ConversationScorer:
        """Hand-set weights used only when no trained model is shipped (tests of a bare checkout)."""
        coef = [0.0] * len(FEATURE_NAMES)
        for name, w in {"has_risk_assessment": 1.5, "has_secrecy_isolation": 1.5, "has_sexualisation": 1.0,
                        "has_image_request": 1.0, "has_meeting_request": 0.8, "has_off_platform": 0.6,
                        "has_trust_building": 0.5, "has_gifts_money": 0.3, "suspect_distinct_stages": 0.4,
                        "age_gap": 1.0}.items():
            coef[FEATURE_NAMES.index(name)] = w
        return cls(coef, -6.0, [0.0] * len(coef), [1.0] * len(coef), None, {"model": "prior"})

    def to_json(self) -> dict[str, Any]:
        return {"feature_names": list(FEATURE_NAMES), "coef": self.w, "intercept": self.b,
                "mean": [0.0] * len(self.w), "scale": [1.0] * len(self.w), "thresholds": self.thresholds,
                "meta": self.meta}

    # --- scoring --------------------------------------------------------------------------------------
    def decision(self, x: Sequence[float]) -> float:
        return self.b + sum(w * v for w, v in zip(self.w, x, strict=True))

    def predict_proba(self, vectors: Sequence[Sequence[float]]) -> list[float]:
        """P(grooming) for each feature vector (no age-band adjustment)."""
        return [_sigmoid(self.decision(x)) for x in vectors]

    def grooming_logit(self, state: ConversationState) -> float:
        """Log-odds of grooming for the conversation so far (model + declared-age-band adjustment)."""
        return self.decision(features(state)) + band_adjustment(state) + escalation_adjustment(state)

    def grooming(self, state: ConversationState) -> float:
        return _sigmoid(self.grooming_logit(state))

    @staticmethod
    def sextortion(state: ConversationState) -> float:
        c = state.stage_counts()
        t, d, v, i = c.get(THREAT, 0), c.get(DEMAND, 0), c.get(VICTIM, 0), c.get(IMAGES, 0)
        z = (-5.0 + 2.5 * (t > 0) + 1.5 * math.log1p(t) + 1.5 * (d > 0) + 2.0 * (t > 0 and d > 0)
             + 1.0 * (t > 0 and i > 0) + 6.5 * (v > 0) + 1.0 * math.log1p(v)
             + TEXT_SEXTORTION_LOGIT * (text_peak(state, "sextortion") >= TEXT_SEXTORTION_MIN))
        return _sigmoid(z)

    def level(self, grooming: float, sextortion: float) -> int:
        lv = 0
        for i, (tg, ts) in enumerate(zip(self.thresholds["grooming"], self.thresholds["sextortion"], strict=True)):
            if grooming >= tg or sextortion >= ts:
                lv = i + 1
        return lv

    def assess(self, state: ConversationState) -> Risk:
        g, s = self.grooming(state), self.sextortion(state)
        suspect = state.suspect()
        targets = [k for k in state.senders if k != suspect]
        targets += [r for r in state.recipients if r != suspect and r not in state.senders]
        stages = {st: sorted({e["message_id"] for e in state.evidence.get(st, [])}) for st in STAGES
                  if st in state.evidence}
        return Risk(grooming=g, sextortion=s, level=self.level(g, s), stages=stages, suspect_id=suspect,
                    target_ids=targets, target_age_band=_youngest(state, targets), reasons=reasons(state, suspect),
                    signals=signals(state), messages=state.n)


def text_peak(state: ConversationState, category: str) -> float:
    """The highest per-message text-engine score of ``category`` seen in the conversation (0 without scores)."""
    return max((st.text_max.get(category, 0.0) for st in state.senders.values()), default=0.0)


def band_adjustment(state: ConversationState) -> float:
    """Log-odds added for declared age bands (the training chats carry none)."""
    bands = {k: st.band for k, st in state.senders.items()}
    declared = [b for b in bands.values() if b != AgeBand.UNKNOWN.value]
    adj = 0.0
    if any(b == AgeBand.ADULT.value for b in declared) and any(AgeBand(b).is_minor for b in declared):
        adj += ADULT_TO_MINOR_LOGIT
    if (len(declared) >= 2 and all(b == AgeBand.ADULT.value for b in declared)
            and not any((st.min_age or 99) < 18 or st.minor_context >= 2 for st in state.senders.values())):
        adj += ADULTS_ONLY_LOGIT
    return adj


# Hand-set weights of the stages that, coming from a non-minor towards a minor, mark grooming's escalation
# (the trained model learns mostly from stated ages and questions, because every Perverted-Justice chat has them).
ESCALATION_WEIGHTS = {SECRECY: 2.0, SEXUAL: 2.0, IMAGES: 1.5, RISK: 1.5, MEETING: 1.0, OFF_PLATFORM: 1.0}
ESCALATION_STRONG = (SECRECY, SEXUAL, IMAGES)
ESCALATION_OFFSET = 1.5


def escalation(state: ConversationState) -> tuple[str | None, list[str]]:
    """(sender, escalation stages) for the sender not known to be a minor who shows the most escalation, when
    that is >= 2 stages, one of them secrecy, sexualisation or an image request, in a chat with someone declared
    or stated to be a minor (the suspect is preferred on a tie)."""
    minors = {k for k, st in state.senders.items() if st.is_minor() or st.states_minor()}
    if not minors:
        return None, []
    suspect = state.suspect()
    best: tuple[float, bool, str | None, list[str]] = (0.0, False, None, [])
    for k, st in state.senders.items():
        if k in minors:
            continue
        seen = [s for s in ESCALATION_WEIGHTS if st.stages.get(s)]
        if len(seen) < 2 or not any(s in ESCALATION_STRONG for s in seen):
            continue
        key = (sum(ESCALATION_WEIGHTS[s] for s in seen), k == suspect, k, seen)
        if key[:2] > best[:2]:
            best = key
    return best[2], best[3]


def escalation_adjustment(state: ConversationState) -> float:
    """Log-odds added for the escalation pattern of ``escalation`` (hand-set, documented in the model card)."""
    _, seen = escalation(state)
    return max(0.0, sum(ESCALATION_WEIGHTS[s] for s in seen) - ESCALATION_OFFSET) if seen else 0.0


def _youngest(state: ConversationState, ids: list[str]) -> str:
    best = AgeBand.UNKNOWN.value
    for k in ids:
        st = state.senders.get(k)
        band = st.band if st else AgeBand.UNKNOWN.value
        if st and band == AgeBand.UNKNOWN.value and st.min_age is not None:
            band = (AgeBand.UNDER_13.value if st.min_age < 13 else AgeBand.AGE_13_15.value if st.min_age < 16
                    else AgeBand.AGE_16_17.value if st.min_age < 18 else AgeBand.ADULT.value)
        if BAND_ORDER.index(band) < BAND_ORDER.index(best):
            best = band
    return best


def signals(state: ConversationState) -> list[str]:
    """Machine-readable flags: ``age_gap``, ``age_style_inconsistent:<sender>``."""
    out = []
    if band_adjustment(state) > 0:
        out.append("age_gap")
    for k, st in state.senders.items():
        style = age_style.adult_style(st.style)
        if st.is_minor() and style is not None and style >= STYLE_INCONSISTENT:
            out.append(f"age_style_inconsistent:{k}")
        if st.band != AgeBand.UNKNOWN.value and st.min_age is not None:
            stated_minor = st.min_age < 18
            if stated_minor != AgeBand(st.band).is_minor:
                out.append(f"age_statement_inconsistent:{k}")
    return out


def reasons(state: ConversationState, suspect: str | None) -> list[str]:
    """Sentences a moderator can read; never message text beyond the stage names."""
    out: list[str] = []
    counts = state.stage_counts()
    seen = [s for s in STAGES if counts.get(s)]
    for s in seen:
        by = ""
        if suspect and state.senders[suspect].stages.get(s):
            by = f", {state.senders[suspect].stages[s]} from {suspect}"
        out.append(f"{LABELS[s]}: {counts[s]} message(s), first at message {state.first_index[s] + 1}{by}")
    groom = [s for s in seen if s in GROOMING_STAGES]
    if len(groom) >= 3:
        out.append(f"{len(groom)} distinct grooming stages in one conversation")
    for k, st in state.senders.items():
        if st.band != AgeBand.UNKNOWN.value:
            out.append(f"{k} declared age band {st.band}")
        if st.min_age is not None:
            ages = str(st.min_age) if st.min_age == st.max_age else f"{st.min_age}-{st.max_age}"
            out.append(f"{k} stated an age of {ages}")
    if band_adjustment(state) > 0:
        out.append("an adult is in contact with a minor (declared age bands): weighs most")
    ts = text_peak(state, "sextortion")
    if ts >= TEXT_SEXTORTION_MIN:
        out.append(f"the text engine flags sextortion language in a message (score {ts:.2f})")
    esc_by, esc = escalation(state)
    if esc:
        names = ", ".join(LABELS[s].split(" (")[0] for s in esc)
        out.append(f"{esc_by}, not known to be a minor, escalates towards a minor: {names}")
    for sig in signals(state):
        if sig.startswith("age_style_inconsistent:"):
            out.append(f"{sig.split(':', 1)[1]} presents as a minor but writes like an adult (a signal, not a verdict)")
        elif sig.startswith("age_statement_inconsistent:"):
            out.append(f"{sig.split(':', 1)[1]} stated an age that contradicts their declared band")
    return out
