"""The text analyser: loads the shipped model once and scores texts for every category.

Per batch: normalise + lexicon scan every text once (:mod:`kidsafe.text.features`), one sparse matrix
product for all trained categories, Platt calibration, then :func:`kidsafe.text.scoring.combine` (noisy-or
with text-rules' rule scores where the category uses them; negation, counter-speech, self-identification and
quoting lower hate/harassment), thresholds, severity and evidence.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.text.analysis import TextAnalysis
from kidsafe.text.features import FeatureSpec, Featurizer, Prepared, prepare
from kidsafe.text.language import resolve
from kidsafe.text.language import warm_up as language_warm_up
from kidsafe.text.lexicon import get_lexicon
from kidsafe.text.model import CategoryModel, TextModel
from kidsafe.text.scoring import combine, defusing_context, rule_column, sigmoid
from kidsafe.text.severity import severity

log = logging.getLogger(__name__)


def _rules_only_model() -> TextModel:
    spec = FeatureSpec(word_bits=1, char_bits=1)
    cats = {c: CategoryModel(kind="rules", threshold=0.5) for c in CATEGORY_NAMES}
    return TextModel(spec, cats, [], np.zeros((spec.n_features, 0), np.float32), np.zeros(0, np.float32))


class TextAnalyzer:
    """Scores texts for every category. Build with :meth:`load`; thread-safe once built (read-only state)."""

    def __init__(self, model: TextModel, model_dir: Path | None = None) -> None:
        self.model = model
        self.model_dir = model_dir
        self.thresholds: dict[str, float] = model.thresholds
        self._featurizer = Featurizer(model.spec)
        self._col = {c: i for i, c in enumerate(model.weight_categories)}
        self._platt = np.array([model.categories[c].platt for c in model.weight_categories],
                               dtype=np.float64).reshape(-1, 2)
        self._thr = np.array([self.thresholds[c] for c in CATEGORY_NAMES])

    @classmethod
    def load(cls, models_dir: str | Path | None = None) -> TextAnalyzer:
        """Load ``<models_dir>/text``; without a trained model only the rule-based categories score."""
        if models_dir is None:
            from kidsafe.config import get_settings

            models_dir = get_settings().models_dir
        text_dir = Path(models_dir) / "text"
        warm_up()
        if not (text_dir / "model.json").exists():
            log.warning("no text model in %s: only rule-based scores (run `kidsafe train`)", text_dir)
            return cls(_rules_only_model(), None)
        return cls(TextModel.load(text_dir), text_dir)

    def analyze(self, text: str, lang: str | None = None) -> TextAnalysis:
        return self.analyze_batch([text], [lang])[0]

    def score_matrix(self, texts: Sequence[str], langs: Sequence[str | None]) -> tuple[np.ndarray, Prepared]:
        """(n, len(CATEGORY_NAMES)) calibrated scores, plus the prepared batch (evidence, rule scores)."""
        prepared = prepare(texts, langs)
        n = len(texts)
        model_p = np.zeros((n, len(CATEGORY_NAMES)), dtype=np.float64)
        if self.model.weight_categories:
            x = self._featurizer.transform(prepared)
            z = np.asarray(x @ self.model.weights, dtype=np.float64) + self.model.bias
            p = sigmoid(z * self._platt[:, 0] + self._platt[:, 1])
            for c, j in self._col.items():
                model_p[:, CATEGORY_NAMES.index(c)] = p[:, j]
        context = defusing_context(prepared.lexicon)
        scores = np.empty_like(model_p)
        for k, c in enumerate(CATEGORY_NAMES):
            scores[:, k] = combine(c, self.model.categories[c].kind, model_p[:, k],
                                   rule_column(prepared.rule_scores, c), context)
        return np.clip(scores, 0.0, 1.0), prepared

    def analyze_batch(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[TextAnalysis]:
        if not texts:
            return []
        langs = list(langs) if langs is not None else [None] * len(texts)
        resolved = [resolve(t, lg) for t, lg in zip(texts, langs, strict=True)]
        scores, prepared = self.score_matrix(texts, resolved)
        flagged = scores >= self._thr
        out: list[TextAnalysis] = []
        for i in range(len(texts)):
            row = {c: float(scores[i, k]) for k, c in enumerate(CATEGORY_NAMES)}
            flags = [c for k, c in enumerate(CATEGORY_NAMES) if flagged[i, k]]
            out.append(TextAnalysis(lang=resolved[i], scores=row, flags=flags,
                                    severity=severity(flags, row, self.thresholds), evidence=prepared.evidence[i]))
        return out


def warm_up() -> None:
    """Compile the lexicons and load the language model now, at start-up, not on the first message that needs
    them (about a second together): the service's first request and a stream's first batch are not slower."""
    get_lexicon()
    language_warm_up()


@lru_cache(maxsize=4)
def get_analyzer(models_dir: str | None = None) -> TextAnalyzer:
    """The analyser for ``models_dir`` (default ``Settings.models_dir``), loaded once per process."""
    if models_dir is None:
        from kidsafe.config import get_settings

        models_dir = get_settings().models_dir
    return TextAnalyzer.load(models_dir)
