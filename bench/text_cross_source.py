"""Cross-source generalisation: each training set scored by a model that never saw it.

    .venv/bin/python bench/text_cross_source.py [--out bench/out/text_cross_source.json] [--categories harassment,hate]

kidsafe is judged on text from other sources than ``../shared/data``. The test splits of the sets a category is
fitted on measure it on text like its training data; this measures it on a *source* it has not seen. For every
category fitted on several sets (harassment, hate, profanity) and every one of those sets S, the category is
refitted exactly as ``kidsafe train`` fits it (same features, lexicon, calibration and rules), but without S, and
S's test rows are scored with the final shipped score (model combined with the rules). The table gives, per row:
the shipped model's ROC-AUC (S in training), the held-out ROC-AUC, and the peers' ROC-AUC on the same rows from
``bench/out/text_quality.json`` when that file exists (alt-profanity-check and hatesonar never saw most of these
sets either; both were trained on Davidson). CyberAgression-fr, which no shipped model trains on, is scored by
every held-out model as a fixed unseen reference.

Nothing is written to ``models/``; the refits live in memory. Takes about ten minutes on one core.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kidsafe.config import get_settings  # noqa: E402
from kidsafe.text.features import FeatureSpec, Featurizer, Prepared, prepare  # noqa: E402
from kidsafe.text.scoring import combine, defusing_context, rule_column  # noqa: E402
from kidsafe.training import text_model  # noqa: E402
from kidsafe.training.data import Row, load_rows  # noqa: E402

CATEGORIES = ("harassment", "hate", "profanity")
UNSEEN_REFERENCE = "cyberagression_large_fr"
TEMPLATES = ("identity_templates", "clean_templates")  # our own sentences: no test split


def final_scores(category: str, fitted: text_model.Fitted, x: sp.csr_matrix, prepared: Prepared,
                 spec: FeatureSpec, idx: list[int]) -> np.ndarray:
    """The shipped score of rows ``idx`` under ``fitted``: calibrated model combined with the rules and context."""
    xm = x[idx]
    keep = text_model._mask(category, spec)
    if keep is not None:
        xm = xm @ sp.diags(keep, format="csr")
    a, b = fitted.model.platt
    p = 1.0 / (1.0 + np.exp(-(a * np.asarray(xm @ fitted.weights + fitted.bias, dtype=np.float64) + b)))
    return combine(category, fitted.model.kind, p, rule_column([prepared.rule_scores[i] for i in idx], category),
                   defusing_context(prepared.lexicon[idx]))


def test_rows(rows: list[Row], source: str, category: str) -> tuple[list[int], np.ndarray]:
    idx = [i for i, r in enumerate(rows) if r.source == source and r.split == "test" and category in r.labels]
    return idx, np.array([rows[i].labels[category] for i in idx], dtype=np.int64)


def peer_auc(quality: dict[str, dict[str, float]], source: str, category: str) -> dict[str, float]:
    return quality.get(f"{source}/{category}", {})


def read_peers(path: Path) -> dict[str, dict[str, float]]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    out: dict[str, dict[str, float]] = {}
    for row in data if isinstance(data, list) else data.get("rows", []):
        peers = {name: float(v["roc_auc"]) for name, v in row.items()
                 if isinstance(v, dict) and name != "kidsafe" and v.get("roc_auc") is not None}
        out[f"{row['set']}/{row['category']}"] = peers
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "text_cross_source.json")
    ap.add_argument("--quality", type=Path, default=ROOT / "bench" / "out" / "text_quality.json",
                    help="text_quality.py output to read the peers' ROC-AUC from")
    ap.add_argument("--categories", default=",".join(CATEGORIES),
                    help=f"comma-separated categories to measure (default: {','.join(CATEGORIES)})")
    args = ap.parse_args()
    categories = [c for c in args.categories.split(",") if c]
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown:
        print(f"--categories: not fitted on several sets: {', '.join(unknown)}", file=sys.stderr)
        return 2
    data_dir = Path(get_settings().data_dir)
    if not (data_dir / "text").is_dir():
        print(f"no data at {data_dir} (set KIDSAFE_DATA_DIR)", file=sys.stderr)
        return 2
    peers = read_peers(args.quality)
    rows = load_rows(data_dir)
    t0 = time.process_time()
    print(f"preparing {len(rows):,} rows", file=sys.stderr)
    prepared = prepare([r.text for r in rows], [r.lang for r in rows])
    spec = FeatureSpec()
    x = Featurizer(spec).transform(prepared)
    results: list[dict[str, object]] = []
    for category in categories:
        sources = [s for s in text_model.sources_for(category) if s not in TEMPLATES]
        shipped = text_model.fit_category(category, x, rows, prepared, spec)
        assert shipped is not None
        for held_out in sources:
            idx, y = test_rows(rows, held_out, category)
            if not idx or y.min() == y.max():
                continue
            print(f"{category}: refitting without {held_out}", file=sys.stderr)
            fitted = text_model.fit_category(category, x, rows, prepared, spec, exclude=frozenset({held_out}))
            if fitted is None:
                continue
            ref_idx, ref_y = test_rows(rows, UNSEEN_REFERENCE, category)
            row: dict[str, object] = {
                "category": category, "held_out": held_out, "n": len(idx), "positives": int(y.sum()),
                "in_training": round(float(roc_auc_score(y, final_scores(category, shipped, x, prepared, spec,
                                                                          idx))), 4),
                "held_out_auc": round(float(roc_auc_score(y, final_scores(category, fitted, x, prepared, spec,
                                                                           idx))), 4),
                "peers": peer_auc(peers, held_out, category),
            }
            if ref_idx and ref_y.min() != ref_y.max():
                row["unseen_reference_auc"] = round(float(roc_auc_score(
                    ref_y, final_scores(category, fitted, x, prepared, spec, ref_idx))), 4)
            results.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"rows": results, "cpu_seconds": round(time.process_time() - t0, 1)}, indent=1))
    print("| category | held-out set | n (pos) | ROC-AUC, set in training | ROC-AUC, set held out | "
          "alt-profanity-check | hatesonar | CyberAgression-fr, set held out |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        pe = r["peers"]
        assert isinstance(pe, dict)
        print(f"| {r['category']} | {r['held_out']} | {r['n']} ({r['positives']}) | {r['in_training']:.3f} | "
              f"**{r['held_out_auc']:.3f}** | {pe.get('profanity_check', float('nan')):.3f} | "
              f"{pe.get('hatesonar', float('nan')):.3f} | {r.get('unseen_reference_auc', float('nan')):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
