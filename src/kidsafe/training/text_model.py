"""Fit the shipped text model: one calibrated linear model per category with training data.

For each category: logistic regression on the rows of the shippable sets where the category is annotated
(train split), Platt calibration on the dev rows (out-of-fold train predictions where dev has too few
positives), and the decision threshold that maximises F1 on those same calibration scores. Fixed seeds and
a fixed row order: the same data gives the same weights and thresholds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.text.features import FeatureSpec, Featurizer, prepare
from kidsafe.text.model import CategoryModel, TextModel
from kidsafe.training.data import EVAL_ONLY, LICENCES, SHIPPABLE, Row

SEED = 0
TRAIN_SOURCES: dict[str, tuple[str, ...]] = {
    "sexual": ("openai_moderation_en",),
    "sexual_minors": ("openai_moderation_en",),
    "violence": ("openai_moderation_en",),
    "self_harm": ("openai_moderation_en", "cssrs_reddit_en"),
    "hate": ("davidson", "tweeteval_hate", "mlma_fr", "mlma_en", "ftr_fr", "openai_moderation_en"),
    "harassment": ("olid", "formspring", "mlma_fr", "mlma_en", "openai_moderation_en", "davidson"),
    "profanity": ("olid", "davidson"),
    "grooming": ("perverted_justice_en",),
}
# Categories the shared data labels thinly or not at all also use text-rules' rule scores.
KINDS: dict[str, str] = {c: "model" for c in TRAIN_SOURCES} | {
    "sexual_minors": "model+rules", "grooming": "model+rules", "sextortion": "rules", "personal_info": "rules",
}
RULE_THRESHOLD = 0.5
C_REGULARISATION = 2.0
MIN_DEV_POSITIVES = 20

Progress = Callable[[str], None]


@dataclass
class Fitted:
    weights: np.ndarray
    bias: float
    model: CategoryModel


def _fit_linear(x: sp.csr_matrix, y: np.ndarray) -> LogisticRegression:
    clf = LogisticRegression(C=C_REGULARISATION, solver="liblinear", max_iter=200, random_state=SEED)
    clf.fit(x, y)
    return clf


def _platt(decision: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    cal = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    cal.fit(decision.reshape(-1, 1), y)
    return float(cal.coef_[0, 0]), float(cal.intercept_[0])


def best_f1_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The score threshold with the highest F1 (ties: the higher threshold)."""
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(1 - ys)
    f1 = 2 * tp / (tp + fp + ys.sum())
    # only positions where the next score differs are real cut points
    last = np.r_[ps[1:] != ps[:-1], True]
    i = int(np.argmax(np.where(last, f1, -1)))
    return float(round(max(min(ps[i], 0.99), 0.01), 4))


def fit_category(category: str, x: sp.csr_matrix, rows: list[Row]) -> Fitted | None:
    sources = TRAIN_SOURCES[category]
    tr = [i for i, r in enumerate(rows) if r.split == "train" and r.source in sources and category in r.labels]
    dv = [i for i, r in enumerate(rows) if r.split == "dev" and r.source in sources and category in r.labels]
    assert all(rows[i].source in SHIPPABLE for i in tr)
    y_tr = np.array([rows[i].labels[category] for i in tr], dtype=np.int64)
    if len(tr) < 10 or y_tr.min() == y_tr.max():
        return None
    clf = _fit_linear(x[tr], y_tr)
    y_dv = np.array([rows[i].labels[category] for i in dv], dtype=np.int64)
    if len(dv) and y_dv.sum() >= MIN_DEV_POSITIVES and y_dv.min() != y_dv.max():
        dec, y_cal, how = clf.decision_function(x[dv]), y_dv, "dev split"
    else:  # too few dev positives: out-of-fold decisions on train + dev
        idx = tr + dv
        y_all = np.array([rows[i].labels[category] for i in idx], dtype=np.int64)
        dec = np.zeros(len(idx))
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
        for a, b in folds.split(np.zeros(len(idx)), y_all):
            dec[b] = _fit_linear(x[[idx[i] for i in a]], y_all[a]).decision_function(x[[idx[i] for i in b]])
        y_cal, how = y_all, "5-fold out-of-fold on train+dev"
    a, b = _platt(dec, y_cal)
    p = 1.0 / (1.0 + np.exp(-(a * dec + b)))
    thr = best_f1_threshold(p, y_cal)
    info = {"train_rows": len(tr), "train_positives": int(y_tr.sum()), "calibration": how,
            "calibration_rows": len(y_cal), "calibration_positives": int(y_cal.sum()),
            "calibration_f1": round(float(f1_score(y_cal, p >= thr)), 4)}
    cm = CategoryModel(kind=KINDS[category], threshold=thr, platt=(round(a, 6), round(b, 6)),
                       sources=list(sources), info=info)
    return Fitted(clf.coef_[0].astype(np.float32), float(clf.intercept_[0]), cm)


def fit(rows: list[Row], progress: Progress = lambda _: None) -> TextModel:
    spec = FeatureSpec()
    progress("normalising and scanning texts")
    prepared = prepare([r.text for r in rows], [r.lang for r in rows])
    progress("hashing features")
    x = Featurizer(spec).transform(prepared)
    cats: dict[str, CategoryModel] = {}
    cols: list[np.ndarray] = []
    bias: list[float] = []
    order: list[str] = []
    for c in CATEGORY_NAMES:
        progress(f"fitting {c}")
        fitted = fit_category(c, x, rows) if c in TRAIN_SOURCES else None
        if fitted is None:
            cats[c] = CategoryModel(kind="rules", threshold=RULE_THRESHOLD, info={"note": "rule scores only"})
            continue
        cats[c] = fitted.model
        cols.append(fitted.weights)
        bias.append(fitted.bias)
        order.append(c)
    weights = np.stack(cols, axis=1) if cols else np.zeros((spec.n_features, 0), np.float32)
    return TextModel(spec, cats, order, weights, np.array(bias, dtype=np.float32),
                     meta={"seed": SEED, "C": C_REGULARISATION, "training_sets": sorted(
                         {s for c in order for s in TRAIN_SOURCES[c]}), "licences": LICENCES})


def evaluate(model_dir: Path, rows: list[Row], split: str = "test") -> list[dict[str, Any]]:
    """ROC-AUC, average precision and F1 at the shipped threshold per (set, category) of ``split``."""
    from kidsafe.text.engine import TextAnalyzer

    analyzer = TextAnalyzer.load(model_dir.parent)
    idx = [i for i, r in enumerate(rows) if r.split == split]
    scores, _ = analyzer.score_matrix([rows[i].text for i in idx], [rows[i].lang for i in idx])
    results: list[dict[str, Any]] = []
    for source in sorted({rows[i].source for i in idx}):
        for k, c in enumerate(CATEGORY_NAMES):
            sel = [j for j, i in enumerate(idx) if rows[i].source == source and c in rows[i].labels]
            if not sel:
                continue
            y = np.array([rows[idx[j]].labels[c] for j in sel])
            if y.min() == y.max():
                continue
            s = scores[sel, k]
            thr = analyzer.thresholds[c]
            results.append({"set": source, "category": c, "n": len(sel), "positives": int(y.sum()),
                            "roc_auc": round(float(roc_auc_score(y, s)), 4),
                            "average_precision": round(float(average_precision_score(y, s)), 4),
                            "f1": round(float(f1_score(y, s >= thr)), 4),
                            "trained_on_set": source in TRAIN_SOURCES.get(c, ()) and source not in EVAL_ONLY})
    return results
