"""Writing-style age consistency: does a sender who says they are a minor write like an adult?

A *signal*, never a verdict: adults can write casually and children can write carefully. The style statistics
are a handful of running counts per sender (bounded state); ``adult_style(stats)`` turns them into a 0..1 score
with hand-set weights (no labelled child-writing data is available to fit them: the Perverted-Justice decoys are
adults posing as children, so they must not be used as a model of how children write).
"""

from __future__ import annotations

import math
import re

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_TEEN = re.compile(
    r"\b(?:lol|lmao|omg|idk|idc|ikr|tbh|ngl|fr|bruh|sus|rn|brb|ttyl|wtv|whatev|kk|ya|yea|yeah|hw|homework|mom|mommy"
    r"|mdr|ptdr|jsp|tkt|wesh|frr|trop|ouf|slt|bjr|stp|pk|pcq)\b",
    re.IGNORECASE,
)
_ADULT = re.compile(
    r"\b(?:my (?:wife|husband|ex-wife|kids|son|daughter|job|boss|mortgage|truck|apartment)|at work|from work|divorced"
    r"|mortgage|taxes|paycheck|salary|business trip|my car|i drive|years ago|college|university|retired|ma femme"
    r"|mon mari|mes enfants|mon boulot|au travail|mon patron|imp[oô]ts)\b",
    re.IGNORECASE,
)
_SENT_START = re.compile(r"(?:^|[.!?]\s+)([A-Z])")

STYLE_KEYS = ("msgs", "words", "word_chars", "long_words", "teen", "adult", "caps_starts", "full_stops")


def empty_stats() -> dict[str, int]:
    return dict.fromkeys(STYLE_KEYS, 0)


def update(stats: dict[str, int], text: str) -> None:
    """Add one message's style counts to ``stats`` (in place)."""
    words = _WORD.findall(text)
    stats["msgs"] += 1
    stats["words"] += len(words)
    stats["word_chars"] += sum(len(w) for w in words)
    stats["long_words"] += sum(1 for w in words if len(w) >= 8)
    stats["teen"] += len(_TEEN.findall(text))
    stats["adult"] += len(_ADULT.findall(text))
    stats["caps_starts"] += len(_SENT_START.findall(text))
    stats["full_stops"] += text.count(". ") + (1 if text.rstrip().endswith(".") else 0)


def adult_style(stats: dict[str, int]) -> float | None:
    """0..1: how adult the writing looks; None below 10 messages (too little to say anything)."""
    msgs, words = stats.get("msgs", 0), stats.get("words", 0)
    if msgs < 10 or words < 30:
        return None
    mean_len = stats["word_chars"] / words
    long_rate = stats["long_words"] / words
    teen_rate = stats["teen"] / msgs
    adult_rate = stats["adult"] / msgs
    caps_rate = stats["caps_starts"] / msgs
    stop_rate = stats["full_stops"] / msgs
    z = (-1.0 + 1.6 * (mean_len - 3.9) + 8.0 * long_rate - 3.0 * teen_rate + 12.0 * adult_rate
         + 1.0 * caps_rate + 1.0 * stop_rate)
    return 1.0 / (1.0 + math.exp(-z))
