"""Evaluation measures shared by the lab: ranking quality, quality at a threshold, confidence intervals.

Every function takes 0/1 labels and scores as arrays and returns plain floats (``None`` when the measure is
undefined, e.g. ROC-AUC with one class only), so results serialise to JSON as they are.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score


@dataclass(frozen=True)
class BinaryMetrics:
    n: int
    positives: int
    roc_auc: float | None
    roc_auc_ci95: tuple[float, float] | None
    average_precision: float | None
    threshold: float
    precision: float | None
    recall: float | None
    f1: float | None
    f05: float | None
    false_positive_rate: float | None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["roc_auc_ci95"] = list(self.roc_auc_ci95) if self.roc_auc_ci95 else None
        return d


def f_beta(precision: float, recall: float, beta: float) -> float:
    if precision <= 0 and recall <= 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def bootstrap_auc_ci(y: np.ndarray, s: np.ndarray, rounds: int = 200, seed: int = 0) -> tuple[float, float] | None:
    """95% percentile-bootstrap interval of ROC-AUC (resampling rows; rounds with one class are skipped)."""
    if len(y) < 2 or y.min() == y.max():
        return None
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(rounds):
        idx = rng.integers(0, len(y), len(y))
        yb = y[idx]
        if yb.min() == yb.max():
            continue
        aucs.append(roc_auc_score(yb, s[idx]))
    if not aucs:
        return None
    lo, hi = np.percentile(aucs, [2.5, 97.5])
    return round(float(lo), 4), round(float(hi), 4)


def binary_metrics(labels: Any, scores: Any, threshold: float, bootstrap: int = 200, seed: int = 0) -> BinaryMetrics:
    """Ranking measures over ``scores`` and counting measures for ``scores >= threshold``."""
    y = np.asarray(labels, dtype=np.int8)
    s = np.asarray(scores, dtype=np.float64)
    if y.shape != s.shape:
        raise ValueError(f"labels and scores differ in shape: {y.shape} vs {s.shape}")
    if y.size and not np.isin(y, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    n, pos = int(y.size), int(y.sum())
    both = 0 < pos < n
    pred = s >= threshold
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, pos)
    p, r = precision or 0.0, recall or 0.0
    return BinaryMetrics(
        n=n,
        positives=pos,
        roc_auc=round(float(roc_auc_score(y, s)), 4) if both else None,
        roc_auc_ci95=bootstrap_auc_ci(y, s, bootstrap, seed) if both and bootstrap else None,
        average_precision=round(float(average_precision_score(y, s)), 4) if both else None,
        threshold=threshold,
        precision=None if precision is None else round(precision, 4),
        recall=None if recall is None else round(recall, 4),
        f1=round(f_beta(p, r, 1.0), 4) if pos else None,
        f05=round(f_beta(p, r, 0.5), 4) if pos else None,
        false_positive_rate=None if n == pos else round(fp / (n - pos), 4),
    )
