"""Text detection quality per shared test split and category, beside two peers scored on the same texts.

    bash bench/setup_peers.sh            # once: .venv-peers with alt-profanity-check 1.9.1 and hatesonar 0.1.0
    .venv/bin/python bench/text_quality.py [--out bench/out/text_quality.json]

For every (test split, category) with both classes: ROC-AUC, average precision and F1 at the shipped
threshold for kidsafe; ROC-AUC and AP for the peers where a mapping exists (peers have no thresholds of ours;
their F1 is at 0.5 of the mapped probability):

* alt-profanity-check ``predict_prob`` → profanity, harassment;
* hatesonar: P(hate_speech) → hate; 1 − P(neither) (= offensive or hateful) → profanity, harassment.

The peers run in .venv-peers (never in the project's .venv); texts and scores go through temp files.
Without .venv-peers only kidsafe's column is filled.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kidsafe.config import get_settings  # noqa: E402
from kidsafe.taxonomy import CATEGORY_NAMES  # noqa: E402
from kidsafe.text.engine import TextAnalyzer  # noqa: E402
from kidsafe.training.data import load_rows  # noqa: E402

PEER_PY = ROOT / ".venv-peers" / "bin" / "python"
PEER_CATEGORIES = {
    "profanity_check": ("profanity", "harassment"),
    "hatesonar": ("hate", "profanity", "harassment"),
}
PEER_SCRIPT = r"""
import json, sys
import numpy as np
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
from profanity_check import predict_prob
pc = np.concatenate([predict_prob(texts[i:i + 2048]) for i in range(0, len(texts), 2048)]) if texts else np.zeros(0)
from hatesonar import Sonar
sonar = Sonar()
hate, offensive = [], []
for t in texts:
    probs = {c["class_name"]: c["confidence"] for c in sonar.ping(t)["classes"]}
    hate.append(probs["hate_speech"])
    offensive.append(1.0 - probs["neither"])
np.savez(sys.argv[2], profanity_check=pc, hatesonar_hate=np.array(hate), hatesonar_offensive=np.array(offensive))
"""


def peer_scores(texts: list[str]) -> dict[str, np.ndarray] | None:
    """Peers' scores for ``texts`` (cached in bench/out by a hash of the texts: the peers never change)."""
    digest = hashlib.sha1("\n\u0000".join(texts).encode("utf-8")).hexdigest()[:16]
    cache = ROOT / "bench" / "out" / f"peer_scores_{digest}.npz"
    if cache.exists():
        with np.load(cache) as z:
            return {k: z[k] for k in z.files}
    if not PEER_PY.exists():
        print("no .venv-peers (run bash bench/setup_peers.sh): peers left out", file=sys.stderr)
        return None
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "texts.jsonl", Path(tmp) / "scores.npz"
        with open(src, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps({"text": t}) + "\n")
        env = {**os.environ, "LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"}
        subprocess.run([str(PEER_PY), "-c", PEER_SCRIPT, str(src), str(dst)], check=True, env=env)
        with np.load(dst) as z:
            scores = {k: z[k] for k in z.files}
    np.savez(cache, **scores)
    return scores


def _peer_for(name: str, category: str, scores: dict[str, np.ndarray]) -> np.ndarray | None:
    if category not in PEER_CATEGORIES[name]:
        return None
    if name == "profanity_check":
        return scores["profanity_check"]
    return scores["hatesonar_hate"] if category == "hate" else scores["hatesonar_offensive"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "text_quality.json"))
    ap.add_argument("--split", default="test")
    args = ap.parse_args()
    settings = get_settings()
    rows = [r for r in load_rows(Path(settings.data_dir)) if r.split == args.split]
    if not rows:
        print(f"no {args.split} rows in {settings.data_dir}", file=sys.stderr)
        return 2
    analyzer = TextAnalyzer.load(settings.models_dir)
    texts = [r.text for r in rows]
    ours, _ = analyzer.score_matrix(texts, [r.lang for r in rows])
    peers = peer_scores(texts)
    results = []
    for source in sorted({r.source for r in rows}):
        for k, c in enumerate(CATEGORY_NAMES):
            idx = [i for i, r in enumerate(rows) if r.source == source and c in r.labels]
            y = np.array([rows[i].labels[c] for i in idx])
            if not idx or y.min() == y.max():
                continue
            s = ours[idx, k]
            res = {"set": source, "category": c, "lang": rows[idx[0]].lang, "n": len(idx), "positives": int(y.sum()),
                   "kidsafe": {"roc_auc": roc_auc_score(y, s), "ap": average_precision_score(y, s),
                               "f1": f1_score(y, s >= analyzer.thresholds[c])}}
            for name in PEER_CATEGORIES:
                ps = _peer_for(name, c, peers) if peers else None
                if ps is not None:
                    ps = ps[idx]
                    res[name] = {"roc_auc": roc_auc_score(y, ps), "ap": average_precision_score(y, ps),
                                 "f1": f1_score(y, ps >= 0.5)}
            results.append(res)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("| set | category | n (pos) | kidsafe AUC / AP / F1 | profanity-check AUC / AP | hatesonar AUC / AP | "
          "beats both on AUC |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        k = r["kidsafe"]
        cells = []
        wins = True
        for name in PEER_CATEGORIES:
            if name in r:
                cells.append(f"{r[name]['roc_auc']:.3f} / {r[name]['ap']:.3f}")
                wins &= k["roc_auc"] > r[name]["roc_auc"]
            else:
                cells.append("–")
        beat = "yes" if wins and any(n in r for n in PEER_CATEGORIES) else ("no" if not wins else "n/a")
        print(f"| {r['set']} ({r['lang']}) | {r['category']} | {r['n']} ({r['positives']}) | "
              f"{k['roc_auc']:.3f} / {k['ap']:.3f} / {k['f1']:.3f} | {cells[0]} | {cells[1]} | {beat} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
