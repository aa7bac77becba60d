"""The shipped text model artefact: ``model.json`` (layout, calibration, thresholds, provenance) plus
``weights.npz`` (one linear weight column per trained category). Plain numpy and JSON, no pickle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.text.features import FeatureSpec

MODEL_JSON = "model.json"
WEIGHTS = "weights.npz"
FORMAT_VERSION = 1

# How a category's final score is made:
#   "model": the calibrated linear model;
#   "model+rules": noisy-or of the calibrated model and text-rules' rule score;
#   "rules": the rule score alone (no shared data labels the category).
KINDS = ("model", "model+rules", "rules")


@dataclass
class CategoryModel:
    kind: str
    threshold: float
    platt: tuple[float, float] = (1.0, 0.0)  # p = sigmoid(a * decision + b)
    sources: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "threshold": self.threshold, "platt": list(self.platt),
                "sources": self.sources, "info": self.info}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CategoryModel:
        return cls(kind=d["kind"], threshold=float(d["threshold"]), platt=(float(d["platt"][0]), float(d["platt"][1])),
                   sources=list(d.get("sources", [])), info=dict(d.get("info", {})))


@dataclass
class TextModel:
    spec: FeatureSpec
    categories: dict[str, CategoryModel]
    weight_categories: list[str]  # column order of ``weights``
    weights: np.ndarray  # (spec.n_features, len(weight_categories)) float32
    bias: np.ndarray  # (len(weight_categories),) float32
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def thresholds(self) -> dict[str, float]:
        return {c: self.categories[c].threshold for c in CATEGORY_NAMES}

    def save(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        doc = {"format": FORMAT_VERSION, "features": self.spec.to_dict(),
               "categories": {c: self.categories[c].to_dict() for c in CATEGORY_NAMES},
               "weight_categories": self.weight_categories, "meta": self.meta}
        (out_dir / MODEL_JSON).write_text(json.dumps(doc, indent=2, sort_keys=False) + "\n", encoding="utf-8")
        # float16 keeps the artefact at a few MB; the loss is far below the calibration error
        with open(out_dir / WEIGHTS, "wb") as f:
            np.savez_compressed(f, weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32))

    @classmethod
    def load(cls, model_dir: Path) -> TextModel:
        doc = json.loads((model_dir / MODEL_JSON).read_text(encoding="utf-8"))
        if doc.get("format") != FORMAT_VERSION:
            raise ValueError(f"{model_dir / MODEL_JSON}: unsupported model format {doc.get('format')!r}")
        spec = FeatureSpec.from_dict(doc["features"])
        with np.load(model_dir / WEIGHTS, allow_pickle=False) as z:
            weights = z["weights"].astype(np.float32)
            bias = z["bias"].astype(np.float32)
        cats = {c: CategoryModel.from_dict(doc["categories"][c]) for c in CATEGORY_NAMES}
        wc = list(doc["weight_categories"])
        if weights.shape != (spec.n_features, len(wc)):
            raise ValueError(f"{model_dir / WEIGHTS}: shape {weights.shape} does not match the feature layout")
        return cls(spec, cats, wc, weights, bias, doc.get("meta", {}))
