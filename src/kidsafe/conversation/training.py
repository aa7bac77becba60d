"""Train the conversation grooming model: ``python -m kidsafe.conversation.training [DATA_DIR] [OUT_DIR]``.

Trains on the train split only (Perverted-Justice chats vs ordinary chats, see ``datasets``), on snapshots of
each chat after 5, 10, 20, ... messages so the model scores early prefixes as well as whole chats; calibrates
(Platt, on each dev chat's peak log-odds) and chooses the alert thresholds on the dev split; writes
``<OUT_DIR>/conversation/model.json`` and ``MODEL_CARD.md`` and returns a summary.
The test split is never read here (``bench/conversation_quality.py`` reports on it).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from kidsafe.conversation import datasets
from kidsafe.conversation.evaluation import choose_threshold, metrics, trace
from kidsafe.conversation.features import FEATURE_NAMES
from kidsafe.conversation.replay import replay
from kidsafe.conversation.scorer import MODEL_FILE, ConversationScorer

SNAPSHOTS = (5, 10, 20, 40, 80, 160, 320, 640, 1280)
MAX_TRAIN_MESSAGES = 1500  # the first 1,500 messages of a chat: early detection is what matters
SEED = 13
C = 0.5
MAX_FALSE_ALERT_RATE = 0.005  # on dev negatives, when choosing the level-1 grooming threshold
SEXTORTION_THRESHOLDS = (0.5, 0.8, 0.95)  # hand-set score (no labelled sextortion data)


def _vectors(chats: list[datasets.LabelledChat], scorer: ConversationScorer) -> list[list[float]]:
    out = []
    for chat in chats:
        msgs = chat.messages[:MAX_TRAIN_MESSAGES]
        snaps = [k for k in SNAPSHOTS if k < len(msgs)] + [len(msgs)]
        _, vecs = replay(msgs, scorer, snapshots=snaps, score_each=False)
        out += vecs
    return out


def fit_monotone_logistic(x: Any, y: Any, c: float) -> tuple[Any, float]:
    """Class-balanced, L2-regularised logistic regression whose weights are all >= 0 (L-BFGS-B with bounds).

    Every feature is built to mean "more risk", so a negative weight could only come from an artefact of the
    data sources (e.g. tweets use more sexual words than grooming chats); the bound forbids it.
    """
    import numpy as np
    from scipy.optimize import minimize

    n, d = x.shape
    sw = np.where(y == 1, n / (2.0 * max(y.sum(), 1)), n / (2.0 * max((1 - y).sum(), 1)))

    def loss(theta: Any) -> tuple[float, Any]:
        w, b = theta[:d], theta[d]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        ll = sw * (np.logaddexp(0.0, z) - y * z)
        g = sw * (p - y)
        return float(ll.sum() + 0.5 / c * w @ w), np.append(x.T @ g + w / c, g.sum())

    res = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B",
                   bounds=[(0.0, None)] * d + [(None, None)], options={"maxiter": 2000})
    return res.x[:d], float(res.x[d])


def platt(z: Any, y: Any) -> tuple[float, float]:
    """1-D logistic fit ``P(y=1) = sigmoid(a z + b)`` (Platt scaling), a >= 0."""
    import numpy as np
    from scipy.optimize import minimize

    def loss(theta: Any) -> tuple[float, Any]:
        u = theta[0] * z + theta[1]
        p = 1.0 / (1.0 + np.exp(-u))
        g = p - y
        return float((np.logaddexp(0.0, u) - y * u).sum()), np.array([(g * z).sum(), g.sum()])

    res = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B", bounds=[(1e-3, None), (None, None)])
    return float(res.x[0]), float(res.x[1])


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def level_thresholds(t1: float) -> list[float]:
    """Level 1 is chosen on dev; levels 2 and 3 sit 1.5 and 3 log-odds above it."""
    return [round(t1, 6)] + [round(1.0 / (1.0 + math.exp(-(_logit(t1) + k))), 6) for k in (1.5, 3.0)]


def train(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Fit on the train split, calibrate and choose thresholds on dev, write ``<out_dir>/conversation/model.json``."""
    import numpy as np

    t0 = time.time()
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    if not data_dir.joinpath(*datasets.PJ_FILE).exists():
        raise FileNotFoundError(f"{data_dir.joinpath(*datasets.PJ_FILE)} not found (set KIDSAFE_DATA_DIR)")
    prior = ConversationScorer.prior()
    pos = datasets.perverted_justice(data_dir, "train", MAX_TRAIN_MESSAGES)
    neg = datasets.negatives(data_dir, "train", seed=SEED)
    xp, xn = _vectors(pos, prior), _vectors(neg, prior)
    x = np.array(xp + xn, dtype=float)
    y = np.array([1] * len(xp) + [0] * len(xn))
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    coef, intercept = fit_monotone_logistic((x - mean) / scale, y, C)

    # Platt scaling on dev at the conversation level: the peak log-odds a chat reaches (what alerts) against
    # its label; the class-balanced fit above gives scores, not probabilities.
    dev_pos = datasets.perverted_justice(data_dir, "dev")
    dev_neg = datasets.negatives(data_dir, "dev", seed=SEED)
    raw = ConversationScorer(coef.tolist(), intercept, mean.tolist(), scale.tolist())
    raw_traces = [trace(c, raw) for c in dev_pos + dev_neg]
    z = np.array([max(tr.logits or [-30.0]) for tr in raw_traces])
    a, b = platt(z, np.array([tr.chat.label for tr in raw_traces]))
    coef, intercept = coef * a, intercept * a + b
    scorer = ConversationScorer(coef.tolist(), intercept, mean.tolist(), scale.tolist())
    # replay dev with the final scorer (its hand-set adjustments are not rescaled by the calibration)
    traces = [trace(c, scorer) for c in dev_pos + dev_neg]
    t1 = choose_threshold(traces, MAX_FALSE_ALERT_RATE)
    scorer.thresholds = {"grooming": level_thresholds(t1), "sextortion": list(SEXTORTION_THRESHOLDS)}
    dev_metrics = metrics(traces, t1)
    counts: dict[str, int] = {}
    for c in neg:
        counts[c.source] = counts.get(c.source, 0) + 1
    scorer.meta = {
        "model": "logistic regression (weights >= 0) over rolling conversation features, Platt-calibrated on dev chats",
        "trained_on": {"positives": f"perverted_justice_en train: {len(pos)} chats, {len(xp)} snapshots",
                       "negatives": f"formspring pairs and formspring/davidson/olid pseudo-chats (train split): "
                                    f"{counts}, {len(xn)} snapshots"},
        "calibration": {"a": round(a, 6), "b": round(b, 6), "dev_chats": len(z), "on": "peak log-odds per chat"},
        "snapshots": list(SNAPSHOTS), "max_train_messages": MAX_TRAIN_MESSAGES, "C": C, "seed": SEED,
        "max_false_alert_rate_dev": MAX_FALSE_ALERT_RATE, "dev": dev_metrics,
    }
    out = out_dir / "conversation"
    out.mkdir(parents=True, exist_ok=True)
    model = {"feature_names": list(FEATURE_NAMES), "coef": [round(v, 6) for v in coef.tolist()],
             "intercept": round(intercept, 6), "mean": [round(v, 6) for v in mean.tolist()],
             "scale": [round(v, 6) for v in scale.tolist()], "thresholds": scorer.thresholds, "meta": scorer.meta}
    (out / MODEL_FILE).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    write_card(out)
    return {"conversation": {"model": str(out / MODEL_FILE), "thresholds": scorer.thresholds, "dev": dev_metrics,
                             "seconds": round(time.time() - t0, 1)}}


TEST_METRICS_FILE = "test_metrics.json"  # written by bench/conversation_quality.py --update-card
CARD_FILE = "MODEL_CARD.md"


def _metrics_row(name: str, m: dict[str, Any]) -> str:
    med = m.get("median_messages_to_alert")
    return (f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f0.5']:.3f} | {m['false_alert_rate']:.4f} "
            f"| {med if med is not None else '–'} |")


def write_card(model_dir: Path) -> Path:
    """``MODEL_CARD.md`` from ``model.json`` (and the held-out test metrics, when the benchmark wrote them)."""
    model = json.loads((model_dir / MODEL_FILE).read_text(encoding="utf-8"))
    meta, thr = model["meta"], model["thresholds"]
    lines = [
        "# Conversation grooming model (kidsafe.conversation)",
        "",
        "Scores a whole conversation after every message: a grooming probability (this model), a sextortion score "
        "(hand-set, see below), the grooming stages seen so far with the messages that show them, an alert level "
        "and readable reasons. Rebuilt by `python -m kidsafe.conversation.training [DATA_DIR] [OUT_DIR]` "
        "(or `kidsafe train`); weights are plain numbers in `model.json`, no pickle.",
        "",
        "## Intended use",
        "",
        "Early warning for moderators and child-safety specialists on services used by children: route a "
        "conversation to human review when an adult appears to be grooming or extorting a child. Not a verdict "
        "about any person; never act automatically on a score alone.",
        "",
        "## Training data and licences",
        "",
        "| set | licence | use |",
        "|---|---|---|",
        "| perverted_justice_en (Perverted-Justice chats, train split) | licence not stated (chats published by "
        "perverted-justice.com); the shared data README allows it to train shipped models | positives |",
        "| formspring (train split: Q/A pairs and pseudo-chats of consecutive posts) | licence not stated | "
        "negatives |",
        "| davidson (train split, pseudo-chats of consecutive tweets) | MIT | negatives |",
        "| olid (train split, pseudo-chats of consecutive tweets) | licence not stated | negatives |",
        "",
        "**Never trained on:** `cyberagression_large_fr` (CC BY-NC 4.0: evaluation only), the dev split (used "
        "only to calibrate and choose thresholds), the test split (only read by `bench/conversation_quality.py`), "
        "and the invented conversations of `kidsafe.conversation.synthetic` (tests and false-alert evaluation).",
        "",
        f"Trained on: {meta['trained_on']['positives']}; {meta['trained_on']['negatives']}. Each chat is scored "
        f"on snapshots after {', '.join(str(k) for k in meta['snapshots'])} messages and at its end (first "
        f"{meta['max_train_messages']} messages), so early prefixes are learnt too.",
        "",
        "Caveats: the Perverted-Justice file keeps the predator and decoy sides as separate lists, so the message "
        "order is an **approximate reconstruction** (the two sides merged proportionally). Decoys are adults "
        "posing as children. The negatives are not real private chats (Q/A pairs and tweets stitched into "
        "pseudo-chats), so they are easier than ordinary teen conversations; see the benchmark for invented hard "
        "negatives and the French teen chats.",
        "",
        "## Features",
        "",
        "Rolling, bounded per-conversation counts (no transcript): per grooming stage (trust building, personal "
        "questions, risk assessment, secrecy/isolation, sexualisation, image requests, meeting, off-platform, "
        "gifts/money) whether it was seen and log(1 + count); distinct stages overall and from the suspect; the "
        "suspect's share of cues; sexual-cue rate; minor present (an age < 18 stated in the chat or repeated "
        "minor context), adult beside a non-adult, age gap (also from stated ages: declared bands act through "
        "the hand-set adjustments below); interactions (sexual and contact request, sexual and "
        "minor, secrecy and risk check, stages x age gap). Stage cues are FR/EN phrase patterns "
        "(`kidsafe.conversation.stages`), never single rude words. Weights are constrained to be >= 0 (every "
        "feature can only raise risk). The `text_*` features (peak text-engine scores) exist in the vector but "
        "were not fitted (weight 0): the text engine's grooming head was itself trained on the Perverted-Justice "
        "train chats, so its scores there are optimistic.",
        "",
        "| feature | weight (per raw unit) |",
        "|---|---|",
    ]
    scale = model["scale"]
    for name, c, sc in zip(model["feature_names"], model["coef"], scale, strict=True):
        if c:
            lines.append(f"| {name} | {c / sc:.3f} |")
    lines += [
        "",
        "Hand-set parts (no labelled data for them): declared age bands add "
        "+1.0 log-odds for a declared adult with a declared minor and -2.5 when every declared sender is an adult "
        "and nobody states a minor age; an escalation term adds (sum of stage weights - 1.5) log-odds when the "
        "suspect, not known to be a minor, shows at least two of secrecy (2.0), sexualisation (2.0), image "
        "requests (1.5), risk checks (1.5), meeting (1.0), off-platform (1.0) - one of them secrecy, "
        "sexualisation or images - in a chat with a declared or self-stated minor (the trained weights lean on "
        "age questions, which every Perverted-Justice chat has); the sextortion score is a hand-set logistic "
        "over threats, countdowns, demands (money, gift cards, crypto, more images) and victim reports, plus "
        "1.5 log-odds when the text engine's own sextortion score of one message reaches 0.5 (alone it never "
        "alerts); the "
        "writing-style age check (`age_style`) is reported as a signal only and never changes a score.",
        "",
        "## Thresholds (chosen on the dev split)",
        "",
        f"Calibration: Platt scaling of each dev chat's peak log-odds ({meta['calibration']}). Level 1 is the "
        f"threshold with the best dev F0.5 whose dev false-alert rate is <= {meta['max_false_alert_rate_dev']}; "
        "levels 2 and 3 are 1.5 and 3 log-odds higher.",
        "",
        "| level | grooming | sextortion |",
        "|---|---|---|",
    ]
    for i, name in enumerate(("1 elevated", "2 high", "3 critical")):
        lines.append(f"| {name} | {thr['grooming'][i]:.4f} | {thr['sextortion'][i]:.2f} |")
    lines += ["", "| split | precision | recall | F0.5 | false-alert rate | median messages to alert |",
              "|---|---|---|---|---|---|", _metrics_row("dev (level 1)", meta["dev"])]
    test_path = model_dir / TEST_METRICS_FILE
    test = json.loads(test_path.read_text(encoding="utf-8")) if test_path.exists() else None
    model_sha = hashlib.sha256((model_dir / MODEL_FILE).read_bytes()).hexdigest()
    if test is not None and test.get("model_sha256") != model_sha:
        lines += ["", "Held-out test metrics are stale (model changed): run "
                  "`bench/conversation_quality.py --update-card`."]
    elif test is not None:
        for key, label in (("level_1", "test (level 1)"), ("level_2", "test (level 2)"), ("level_3", "test (level 3)")):
            if key in test.get("levels", {}):
                lines.append(_metrics_row(label, test["levels"][key]))
        lines += ["", f"Held-out test split: {test.get('positives')} Perverted-Justice chats vs "
                  f"{test.get('negatives')} ordinary conversations; false-alert rate on teen chats "
                  f"{test.get('false_alert_rate_teen')}, on adult chats {test.get('false_alert_rate_adult')}. "
                  "Details and the per-message baseline: `docs/bench/conversation_quality.md`."]
    else:
        lines += ["", "Held-out test metrics: run `bench/conversation_quality.py --update-card`."]
    lines += [
        "",
        "## Limitations",
        "",
        "* English grooming is learnt from one source (Perverted-Justice, US, 2000s chat style); French cues are "
        "hand-written and only checked on invented conversations.",
        "* Decoys are adults; real children write differently. Negatives are public posts, not private chats.",
        "* Alerts come late in long chats (median in the table): the model waits for several stages.",
        "* Phrase cues can be evaded by rewording; the text engine's scores are carried as inputs for a future "
        "refit.",
        "",
    ]
    path = model_dir / CARD_FILE
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    from kidsafe.config import PROJECT_ROOT, get_settings

    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else Path(get_settings().data_dir)
    out_dir = Path(args[1]) if len(args) > 1 else PROJECT_ROOT / "models"
    try:
        summary = train(data_dir, out_dir)
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
