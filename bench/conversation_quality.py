"""Conversation-level grooming/sextortion quality on the held-out test split, beside a per-message baseline.

    .venv/bin/python bench/conversation_quality.py [--max-messages N] [--seeds 40] [--update-card] \\
        [--out bench/out/conversation_quality.json] [--md docs/bench/conversation_quality.md]

* Positives: the Perverted-Justice chats of the **test** split (never trained on, never used to choose a
  threshold), each side-merged into an approximate order (the source keeps the two sides apart).
* Negatives (label 0): test-split Formspring question/answer pairs, test-split pseudo-chats of consecutive
  Formspring posts / Davidson tweets / OLID tweets, all CyberAgression-Large French teen role-play chats
  (CC BY-NC: evaluation only, the model never saw them) and invented hard negatives from
  ``kidsafe.conversation.synthetic`` (adults flirting, teens insulting each other, parent "where are you",
  coach arranging a match, friends meeting, gaming gifts, adults at work) with seeds the tests do not use.
* A conversation alerts when its score crosses the shipped level-1 threshold after any message; recall,
  precision and F0.5 (PAN-2012's measure) count conversations, not messages.
* Baseline: "alert when one message's text-engine grooming score reaches the text engine's grooming
  threshold" (its shipped threshold, and, generously, the best threshold picked on this test set itself).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kidsafe.config import get_settings  # noqa: E402
from kidsafe.conversation import datasets, synthetic  # noqa: E402
from kidsafe.conversation.datasets import LabelledChat  # noqa: E402
from kidsafe.conversation.evaluation import Trace, f_beta, metrics, trace  # noqa: E402
from kidsafe.conversation.scorer import ConversationScorer  # noqa: E402

TEEN_SOURCES = {"cyberagression_fr", "formspring_pair", "formspring_chat", "synthetic_teen"}
ADULT_SOURCES = {"davidson_chat", "olid_chat", "synthetic_adult"}
ADULT_KINDS = {"adult_flirting", "adult_work"}  # adults only; TEEN_KINDS: minors only; the rest: adult and minor
SEED_OFFSET = 1000  # tests use seeds 0..4


def synthetic_chats(seeds: int) -> tuple[list[LabelledChat], list[LabelledChat]]:
    neg, pos = [], []
    for kind in synthetic.NEGATIVE_KINDS:
        src = ("synthetic_adult" if kind in ADULT_KINDS else "synthetic_teen" if kind in synthetic.TEEN_KINDS
               else "synthetic_adult_to_minor")
        for s in range(seeds):
            msgs = synthetic.generate(kind, SEED_OFFSET + s, filler=8, keep=0.8)
            neg.append(LabelledChat(f"synthetic:{kind}:{s}", src, 0, msgs))
    for kind in synthetic.POSITIVE_KINDS:
        for s in range(seeds):
            msgs = synthetic.generate(kind, SEED_OFFSET + s, filler=8, keep=0.8)
            pos.append(LabelledChat(f"synthetic:{kind}:{s}", f"synthetic_{kind}", 1, msgs))
    return neg, pos


def baseline(chats: list[LabelledChat], max_messages: int | None, models_dir: str) -> dict[str, object]:
    """Per-message baseline: the peak single-message text-engine grooming score of each chat."""
    from kidsafe.text.engine import get_analyzer

    analyzer = get_analyzer(models_dir)
    thr = float(analyzer.thresholds["grooming"])
    peaks, firsts = [], []
    for chat in chats:
        texts = [m.text for m in chat.messages[:max_messages]]
        scores = []
        for k in range(0, len(texts), 2000):
            batch = texts[k:k + 2000]
            scores += [a.scores.get("grooming", 0.0) for a in analyzer.analyze_batch(batch, [None] * len(batch))]
        peaks.append(max(scores, default=0.0))
        firsts.append(next((i for i, s in enumerate(scores) if s >= thr), None))

    def at(t: float) -> dict[str, float]:
        tp = sum(1 for c, p in zip(chats, peaks, strict=True) if c.label and p >= t)
        fp = sum(1 for c, p in zip(chats, peaks, strict=True) if not c.label and p >= t)
        pos = sum(c.label for c in chats)
        neg = len(chats) - pos
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / pos if pos else 0.0
        return {"threshold": round(t, 4), "tp": tp, "fp": fp, "precision": round(p, 4), "recall": round(r, 4),
                "f0.5": round(f_beta(p, r), 4), "false_alert_rate": round(fp / neg, 4) if neg else 0.0}

    shipped = at(thr)
    delays = [f + 1 for c, f in zip(chats, firsts, strict=True) if c.label and f is not None]
    shipped["median_messages_to_alert"] = statistics.median(delays) if delays else None
    best = max((at(t) for t in sorted(set(peaks))), key=lambda m: m["f0.5"])
    return {"shipped_threshold": shipped, "best_threshold_on_test": best}


def _row(name: str, m: dict) -> str:  # type: ignore[type-arg]
    med = m.get("median_messages_to_alert")
    return (f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f0.5']:.3f} | "
            f"{m['false_alert_rate']:.4f} | {med if med is not None else '–'} |")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-messages", type=int, default=None, help="score only the first N messages of a chat")
    ap.add_argument("--seeds", type=int, default=40, help="invented conversations per synthetic kind")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "conversation_quality.json"))
    ap.add_argument("--md", default=None, help="also write the Markdown report here")
    ap.add_argument("--update-card", action="store_true",
                    help="write models/conversation/test_metrics.json and regenerate MODEL_CARD.md")
    args = ap.parse_args()
    settings = get_settings()
    data = Path(settings.data_dir)
    if not data.joinpath(*datasets.PJ_FILE).exists():
        print(f"shared data not found at {data} (set KIDSAFE_DATA_DIR)", file=sys.stderr)
        return 2
    scorer = ConversationScorer.load(settings.models_dir)
    t0 = time.time()
    pos = datasets.perverted_justice(data, "test")
    neg = datasets.negatives(data, "test", seed=7) + datasets.cyberagression(data)
    syn_neg, syn_pos = synthetic_chats(args.seeds)
    traces: list[Trace] = [trace(c, scorer, max_messages=args.max_messages) for c in pos + neg + syn_neg]
    syn_traces = [trace(c, scorer) for c in syn_pos]
    levels = scorer.thresholds["grooming"]
    s_levels = scorer.thresholds["sextortion"]
    result: dict[str, object] = {
        "model": scorer.meta.get("model"), "thresholds": scorer.thresholds, "max_messages": args.max_messages,
        "positives": len(pos), "negatives": len(neg) + len(syn_neg),
        "messages_scored": sum(len(t.grooming) for t in traces),
        "levels": {f"level_{i + 1}": metrics(traces, levels[i], s_levels[i]) for i in range(3)},
    }
    lv1 = result["levels"]["level_1"]  # type: ignore[index]
    teen = [t for t in traces if t.chat.source in TEEN_SOURCES]
    adult = [t for t in traces if t.chat.source in ADULT_SOURCES]
    result["false_alert_rate_teen"] = metrics(teen, levels[0], s_levels[0])["false_alert_rate"]
    result["false_alert_rate_adult"] = metrics(adult, levels[0], s_levels[0])["false_alert_rate"]
    harder = [t for t in traces if not t.chat.label and t.chat.source != "formspring_pair"]
    result["false_alert_rate_without_formspring_pairs"] = metrics(harder, levels[0], s_levels[0])["false_alert_rate"]
    result["negatives_without_formspring_pairs"] = len(harder)
    adult_minor = [t for t in traces if t.chat.source == "synthetic_adult_to_minor"]
    result["false_alert_rate_adult_to_minor"] = metrics(adult_minor, levels[0], s_levels[0])["false_alert_rate"]
    result["without_synthetic_negatives"] = metrics(traces[:len(pos) + len(neg)], levels[0], s_levels[0])
    result["synthetic_positives"] = metrics(syn_traces, levels[0], s_levels[0])["alerts_by_source"]
    result["seconds_conversation_model"] = round(time.time() - t0, 1)
    if not args.no_baseline:
        t1 = time.time()
        result["baseline_max_message_grooming"] = baseline(pos + neg + syn_neg, args.max_messages,
                                                           settings.models_dir)
        result["seconds_baseline"] = round(time.time() - t1, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("positives", "negatives", "false_alert_rate_teen",
                                              "false_alert_rate_adult")}, indent=1))
    print(_row("conversation model, level 1", lv1))  # type: ignore[arg-type]
    if args.md:
        Path(args.md).write_text(report(result, sys.argv), encoding="utf-8")
    if args.update_card:
        from kidsafe.conversation.training import TEST_METRICS_FILE, write_card

        model_dir = Path(settings.models_dir) / "conversation"
        keep = ("positives", "negatives", "levels", "false_alert_rate_teen", "false_alert_rate_adult",
                "false_alert_rate_adult_to_minor")
        test = {k: result[k] for k in keep}
        test["model_sha256"] = hashlib.sha256((model_dir / "model.json").read_bytes()).hexdigest()
        (model_dir / TEST_METRICS_FILE).write_text(json.dumps(test, indent=1) + "\n", encoding="utf-8")
        write_card(model_dir)
    return 0


NOTES = [
    "## How hard are the negatives? (read before quoting the false-alert rate)",
    "",
    "* `formspring_pair` (most of the negatives) are one question and one answer from Formspring, a teen Q&A "
    "site: real teen language, often sexual or insulting, but two messages long, so easy for a conversation "
    "model; the rate without them is given above.",
    "* `formspring_chat`, `davidson_chat`, `olid_chat` are **pseudo-chats**: consecutive posts/tweets of the test "
    "split alternated between two speakers (10-150 messages). Lots of profanity and sexual words, but no real "
    "back-and-forth, no meeting plans between two people.",
    "* `cyberagression_fr` are real French teen role-play chats about bullying (multi-party, insults, threats of "
    "violence): the closest thing to ordinary teen group chat here. Only 19 conversations (CC BY-NC: evaluation "
    "only, never trained on).",
    "  When this report was written, its one alert was a **sextortion** alert on a role-played blackmail "
    "(money demanded to take down a photo, the word 'chantage'): arguably a true catch of blackmail, counted "
    "here as a false alert.",
    "* `synthetic_teen` / `synthetic_adult` / `synthetic_adult_to_minor` are conversations **written by us** "
    "(kidsafe.conversation.synthetic, seeds the tests do not use): adults flirting and asking to meet, teens "
    "insulting each other, a parent asking 'where are you' and 'is her mom home', a coach arranging a match and "
    "asking for a text, a babysitter asking if the parents are home and keeping a surprise secret, a cousin "
    "asking for a puppy photo, a French tutor on a video call, friends planning to meet and swapping party "
    "pics, gaming gift cards and v-bucks, colleagues at work. They are the "
    "hard negatives (they share surface cues with grooming), but they come from a handful of scripts, so "
    "they measure those scripts, not the open world.",
    "* Declared age bands: the Perverted-Justice and public-post chats carry none, so the benchmark measures the "
    "model without them (ages only as stated in the text). The invented chats do declare bands (an adult and a "
    "minor in the parent, coach, babysitter, cousin and tutor scripts), which is where the hand-set adult-to-minor and "
    "escalation adjustments are exercised.",
    "* No real private teen-to-teen or adult-to-adult chat logs are available: the false-alert rate on real "
    "traffic will be higher than measured here. Positives are all from one source (Perverted-Justice, "
    "English, decoys are adults), with an approximate message order.",
    "* The baseline row shows what the conversation model adds: the text engine's per-message grooming head "
    "(trained predator side vs decoy side) fires on almost any chat, and even with the best threshold picked "
    "on the test set itself it reaches F0.5 well below the conversation model.",
    "",
]


def report(r: dict, argv: list[str]) -> str:  # type: ignore[type-arg]
    lv = r["levels"]
    lines = [
        "# Conversation-level grooming and sextortion quality",
        "",
        "Produced by (2 shared CPU cores, other engineers' jobs running beside it):",
        "",
        "```",
        " ".join([".venv/bin/python", "bench/conversation_quality.py", *argv[1:]]),
        "```",
        "",
        "The model was rebuilt with `.venv/bin/python -m kidsafe.conversation.training` (deterministic: the same "
        "model.json byte for byte; about 3-4.5 minutes on the 2 shared cores; the first 1,500 messages of each "
        "train chat are used, snapshots after 5, 10, 20, ... messages). This script took "
        f"{r['seconds_conversation_model']} s for the conversation model and {r.get('seconds_baseline', '–')} s "
        "for the text-engine baseline.",
        "",
        f"Model: {r['model']}; thresholds chosen on the **dev** split: grooming {r['thresholds']['grooming']}, "
        f"sextortion {r['thresholds']['sextortion']} (levels 1/2/3). Scored after every message "
        f"({r['messages_scored']:,} messages"
        + (f", first {r['max_messages']} of each chat" if r["max_messages"] else "") + ").",
        "",
        f"Positives: {r['positives']} Perverted-Justice chats of the held-out **test** split (never trained on, "
        f"never used for thresholds). Negatives: {r['negatives']} conversations (see below).",
        "",
        "| detector | precision | recall | F0.5 | false-alert rate | median messages to alert |",
        "|---|---|---|---|---|---|",
        _row("conversation model, level 1 (elevated)", lv["level_1"]),
        _row("conversation model, level 2 (high)", lv["level_2"]),
        _row("conversation model, level 3 (critical)", lv["level_3"]),
        _row("level 1, without the synthetic negatives", r["without_synthetic_negatives"]),
    ]
    if "baseline_max_message_grooming" in r:
        b = r["baseline_max_message_grooming"]
        lines += [
            _row("baseline: one message's text-engine grooming score ≥ its threshold", b["shipped_threshold"]),
            _row("baseline, best threshold picked on this test set (optimistic)", b["best_threshold_on_test"]),
        ]
    lines += [
        "",
        f"False-alert rate at level 1: ordinary **teen** chats {r['false_alert_rate_teen']:.4f}, "
        f"ordinary **adult** chats {r['false_alert_rate_adult']:.4f}, invented ordinary **adult-to-minor** chats "
        f"(parent, coach, babysitter, cousin, tutor) {r['false_alert_rate_adult_to_minor']:.4f} (target ≤ 0.01). "
        "Teen = CyberAgression, Formspring and invented teen-only chats; adult = Davidson/OLID pseudo-chats and "
        "invented adult-only chats. Without the easy two-message Formspring pairs: "
        f"{r['false_alert_rate_without_formspring_pairs']:.4f} of {r['negatives_without_formspring_pairs']} "
        "negative conversations.",
        "",
        "Alerts per source at level 1 (positives: recall; negatives: false-alert rate):",
        "",
        "| source | label | chats | alerts | rate |",
        "|---|---|---|---|---|",
    ]
    for src, v in lv["level_1"]["alerts_by_source"].items():
        lab = 1 if src == "perverted_justice" else 0
        lines.append(f"| {src} | {lab} | {v['chats']} | {v['alerts']} | {v['rate']:.4f} |")
    lines += ["", "Invented positives (not in the PAN measure; alerts of each kind at level 1; each script line is "
              "kept with probability 0.8, so some chats lose their only decisive line, e.g. the victim's report):", "",
              "| kind | chats | alerts |", "|---|---|---|"]
    for src, v in r["synthetic_positives"].items():
        lines.append(f"| {src.removeprefix('synthetic_')} | {v['chats']} | {v['alerts']} |")
    lines += ["", f"Suspect identified correctly (the predator side) in "
              f"{lv['level_1']['suspect_accuracy']} of alerted test chats. Time to alert: median "
              f"{lv['level_1']['median_messages_to_alert']} messages, i.e. a median "
              f"{lv['level_1']['median_fraction_of_chat_to_alert']:.1%} of the way through the chat (test chats "
              "are long: hundreds to thousands of messages).", ""]
    lines += NOTES
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
