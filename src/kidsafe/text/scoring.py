"""How a category's final score is made from the calibrated model, text-rules' rule scores and context cues.

Shared by the engine (every message) and the trainer (thresholds are chosen on exactly the scores that ship):

* ``model``: the calibrated linear model alone;
* ``model+rules``: noisy-or of the model and the rule score (a sure rule, "kys", "are your parents home?",
  is never talked down by a model trained on another source);
* ``rules``: the rule score alone (no shared data labels the category);
* then, for hate and harassment only, a context shift: when the message's attack words are all negated,
  condemned, reclaimed or reported ("I don't hate immigrants", "calling someone a <slur> is never ok",
  "proud to be gay", "he called me a ..."), the score is pulled down in log-odds.
"""

from __future__ import annotations

import numpy as np

from kidsafe.text.context import ATTACK_FEATURES
from kidsafe.text.features import LEXICON_FEATURES

CONTEXT_CATEGORIES = ("hate", "harassment")
CONTEXT_LOGIT_SHIFT = 2.5  # how far (in log-odds) a defusing context pulls hate/harassment down
# Explicit cues: counter-speech, reclaiming, quoting, or an attack word the lexicon found negated ("mentioned").
# A bare "not" elsewhere defuses nothing: measured, it pulled real insults down (OLID/Formspring ROC-AUC -0.06).
STRONG_CUES = ("counter_speech", "self_identification", "quote_or_report", "mentioned_attack", "mentioned_statement")


def _index(names: tuple[str, ...]) -> list[int]:
    return [LEXICON_FEATURES.index(n) for n in names if n in LEXICON_FEATURES]


_STRONG = _index(STRONG_CUES)
_ATTACKS = _index(tuple(sorted(ATTACK_FEATURES)))


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def defusing_context(lexicon: np.ndarray) -> np.ndarray:
    """(n,) 1.0 where a message's hateful/insulting words are defused by context (an explicit cue) and none is
    left standing, else 0.0. One negated insult does not defuse the others: "i'm not the bitch you are, you ugly
    lowlife" stays an attack (it was pulled down, and 6 % of Formspring's bullying answers carried such a cue
    against 0.5 % of its harmless ones)."""
    n = lexicon.shape[0]
    if not lexicon.shape[1]:
        return np.zeros(n)
    strong = lexicon[:, _STRONG].max(axis=1) > 0 if _STRONG else np.zeros(n, bool)
    if _ATTACKS:
        strong &= lexicon[:, _ATTACKS].max(axis=1) <= 0
    return strong.astype(np.float64)


def combine(category: str, kind: str, model_p: np.ndarray, rule: np.ndarray, context: np.ndarray) -> np.ndarray:
    """Final (n,) scores of one category."""
    if kind == "rules":
        p = rule.astype(np.float64)
    elif kind == "model+rules":
        p = 1.0 - (1.0 - model_p) * (1.0 - rule)
    else:
        p = model_p.astype(np.float64)
    if category in CONTEXT_CATEGORIES and context.any():
        p = np.where(context > 0, sigmoid(logit(p) - CONTEXT_LOGIT_SHIFT * context), p)
    return np.clip(p, 0.0, 1.0)


def rule_column(rule_scores: list[dict[str, float]], category: str) -> np.ndarray:
    return np.array([rs.get(category, 0.0) for rs in rule_scores], dtype=np.float64)
