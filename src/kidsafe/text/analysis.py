"""The result of analysing one text: what every consumer of the text engine reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kidsafe.taxonomy import CATEGORY_NAMES, Severity


@dataclass(frozen=True)
class Evidence:
    """A span of the *original* text (character offsets) that supports a category."""

    start: int
    end: int
    kind: str  # e.g. "phone", "email", "lexicon:profanity", "request:photo"
    category: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "category": self.category}


@dataclass
class TextAnalysis:
    lang: str
    scores: dict[str, float]
    flags: list[str] = field(default_factory=list)
    severity: Severity = Severity.NONE
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "scores": {c: round(float(self.scores.get(c, 0.0)), 4) for c in CATEGORY_NAMES},
            "flags": list(self.flags),
            "severity": self.severity.value,
            "evidence": [e.to_dict() for e in self.evidence],
        }
