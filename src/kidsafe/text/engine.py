"""The text analyser: loads the shipped model and scores texts for every category.

PLACEHOLDER: returns zero scores until the trained detectors land (issue: text risk engine).
The public surface (``TextAnalyzer.load``, ``analyze``, ``analyze_batch``, ``get_analyzer``) is stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.text.analysis import TextAnalysis


class TextAnalyzer:
    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = model_dir
        self.thresholds = {c: 0.5 for c in CATEGORY_NAMES}

    @classmethod
    def load(cls, models_dir: str | Path | None = None) -> TextAnalyzer:
        return cls(Path(models_dir) if models_dir else None)

    def analyze(self, text: str, lang: str | None = None) -> TextAnalysis:
        return self.analyze_batch([text], [lang])[0]

    def analyze_batch(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[TextAnalysis]:
        langs = langs or [None] * len(texts)
        return [TextAnalysis(lang=lg or "und", scores={c: 0.0 for c in CATEGORY_NAMES}) for lg in langs]


@lru_cache(maxsize=4)
def get_analyzer(models_dir: str | None = None) -> TextAnalyzer:
    if models_dir is None:
        from kidsafe.config import get_settings

        models_dir = get_settings().models_dir
    return TextAnalyzer.load(models_dir)
