"""Evaluate the shipped detectors on any labelled JSONL file: a platform's own sample, a new public set, an audit.

Input records use the shared data format: ``{"id"?, "text", "lang"?, "labels": {category: 0|1}, ...}`` for
messages, or ``{"id"?, "messages": [str | {"id"?, "sender"?, "sender_age_band"?, "text"}], "labels": {...}}``
for conversations (scored by the conversation model, categories ``grooming`` and ``sextortion``). A label that
is absent means *unknown*, never *no*: the record counts only for the categories it labels.
Scores are kept (two numbers per labelled category), never the texts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kidsafe.lab.metrics import binary_metrics
from kidsafe.taxonomy import CATEGORY_NAMES

BATCH = 512
CONVERSATION_CATEGORIES = ("grooming", "sextortion")


class RecordError(ValueError):
    """A record that cannot be evaluated; the message says which field and why."""


@dataclass
class _Scores:
    threshold: float = 0.5
    labels: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


@dataclass
class Evaluation:
    """Per group (e.g. source or split) and category: labels and scores, then metrics.

    Conversation-level results are kept apart from message-level ones under ``conversation:<category>``.
    """

    model: str
    group_by: str | None
    records: int = 0
    errors: int = 0
    groups: dict[str, dict[str, _Scores]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(_Scores)))

    def add(self, group: str, labels: dict[str, int], scores: dict[str, float], thresholds: dict[str, float],
            prefix: str = "") -> None:
        self.records += 1
        for cat, y in labels.items():
            if cat in scores:
                cell = self.groups[group][prefix + cat]
                cell.threshold = thresholds[cat]
                cell.labels.append(y)
                cell.scores.append(scores[cat])

    def report(self, bootstrap: int = 200) -> dict[str, Any]:
        out: dict[str, Any] = {"model": self.model, "records": self.records, "errors": self.errors,
                               "group_by": self.group_by, "groups": {}}
        for group in sorted(self.groups):
            cats = self.groups[group]
            order = [c for c in CATEGORY_NAMES if c in cats] + sorted(c for c in cats if c not in CATEGORY_NAMES)
            out["groups"][group] = {
                cat: binary_metrics(cats[cat].labels, cats[cat].scores, cats[cat].threshold, bootstrap).to_dict()
                for cat in order
            }
        return out


def parse_record(line: str, max_chars: int) -> dict[str, Any]:
    """One JSONL line → a validated record, or :class:`RecordError` naming the field."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise RecordError(f"invalid JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(rec, dict):
        raise RecordError("a record must be a JSON object")
    labels = rec.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise RecordError("field 'labels' must be a non-empty object of {category: 0 or 1}")
    for cat, y in labels.items():
        if cat not in CATEGORY_NAMES:
            raise RecordError(f"labels: unknown category {cat!r} (one of {', '.join(CATEGORY_NAMES)})")
        if y not in (0, 1) or isinstance(y, bool | float):
            raise RecordError(f"labels.{cat} must be 0 or 1")
    if "messages" in rec:
        msgs = rec["messages"]
        if not isinstance(msgs, list) or not msgs:
            raise RecordError("field 'messages' must be a non-empty list")
        for i, m in enumerate(msgs):
            text = m if isinstance(m, str) else m.get("text") if isinstance(m, dict) else None
            if not isinstance(text, str):
                raise RecordError(f"messages[{i}] must be a string or an object with a string 'text'")
            if len(text) > max_chars:
                raise RecordError(f"messages[{i}] is {len(text)} characters; the limit is {max_chars}")
        if not set(labels) & set(CONVERSATION_CATEGORIES):
            raise RecordError("a conversation record must label grooming or sextortion")
    else:
        if not isinstance(rec.get("text"), str):
            raise RecordError("missing string field 'text' (or 'messages' for a conversation)")
        if len(rec["text"]) > max_chars:
            raise RecordError(f"field 'text' is {len(rec['text'])} characters; the limit is {max_chars}")
        lang = rec.get("lang")
        if lang is not None and not isinstance(lang, str):
            raise RecordError("field 'lang' must be a string")
    return rec


def _group(rec: dict[str, Any], group_by: str | None) -> str:
    if not group_by:
        return "all"
    value = rec.get(group_by)
    return str(value) if value is not None else "(none)"


def _conversation_scores(rec: dict[str, Any], models_dir: str) -> dict[str, float]:
    from kidsafe.conversation.replay import ChatMessage, replay
    from kidsafe.conversation.scorer import ConversationScorer

    scorer = _conversation_scorer(models_dir, ConversationScorer)
    msgs = []
    for i, m in enumerate(rec["messages"]):
        if isinstance(m, str):
            msgs.append(ChatMessage(id=str(i), sender=str(rec.get("role") or "sender"), text=m))
        else:
            msgs.append(ChatMessage(id=str(m.get("id", i)), sender=str(m.get("sender", "sender")), text=m["text"],
                                    sender_age_band=m.get("sender_age_band")))
    result, _ = replay(msgs, scorer)
    return {"grooming": result.max_grooming, "sextortion": result.max_sextortion}


_SCORERS: dict[str, Any] = {}


def _conversation_scorer(models_dir: str, cls: Any) -> Any:
    if models_dir not in _SCORERS:
        _SCORERS[models_dir] = cls.load(models_dir)
    return _SCORERS[models_dir]


def conversation_thresholds(models_dir: str) -> dict[str, float]:
    """The first alert level's thresholds of the shipped conversation model."""
    from kidsafe.conversation.scorer import ConversationScorer

    scorer = _conversation_scorer(models_dir, ConversationScorer)
    return {c: float(scorer.thresholds[c][0]) for c in CONVERSATION_CATEGORIES}


def evaluate(
    lines: Iterable[str],
    models_dir: str,
    max_chars: int,
    group_by: str | None = None,
    on_error: Callable[[int, str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Evaluation:
    """Score every valid record of ``lines`` and collect labels and scores; bad lines go to ``on_error``."""
    from kidsafe.text.engine import get_analyzer

    analyzer = get_analyzer(models_dir)
    thresholds = dict(analyzer.thresholds)
    ev = Evaluation(model=str(analyzer.model_dir or "rules only"), group_by=group_by)
    conv_thresholds: dict[str, float] | None = None
    pending: list[dict[str, Any]] = []

    def flush() -> None:
        if not pending:
            return
        results = analyzer.analyze_batch([r["text"] for r in pending], [r.get("lang") for r in pending])
        for rec, res in zip(pending, results, strict=True):
            ev.add(_group(rec, group_by), rec["labels"], res.scores, thresholds)
        if on_progress:
            on_progress(len(pending))
        pending.clear()

    for number, line in _numbered(lines):
        try:
            rec = parse_record(line, max_chars)
        except RecordError as e:
            ev.errors += 1
            if on_error:
                on_error(number, str(e))
            continue
        if "messages" in rec:
            if conv_thresholds is None:
                conv_thresholds = conversation_thresholds(models_dir)
            labels = {c: y for c, y in rec["labels"].items() if c in CONVERSATION_CATEGORIES}
            ev.add(_group(rec, group_by), labels, _conversation_scores(rec, models_dir), conv_thresholds,
                   "conversation:")
            if on_progress:
                on_progress(1)
            continue
        pending.append(rec)
        if len(pending) >= BATCH:
            flush()
    flush()
    return ev


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line


def to_markdown(report: dict[str, Any]) -> str:
    """The report as a Markdown table (one row per group and category)."""
    rows = [f"model: `{report['model']}` · records: {report['records']} · bad lines: {report['errors']}", "",
            "| group | category | n | positives | ROC-AUC (95% CI) | AP | threshold | precision | recall | F1 | FPR |",
            "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|"]

    def fmt(v: Any) -> str:
        return "–" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)

    for group, cats in report["groups"].items():
        for cat, m in cats.items():
            auc = fmt(m["roc_auc"])
            if m["roc_auc_ci95"]:
                auc += f" ({m['roc_auc_ci95'][0]:.3f}–{m['roc_auc_ci95'][1]:.3f})"
            rows.append(f"| {group} | {cat} | {m['n']} | {m['positives']} | {auc} | {fmt(m['average_precision'])} | "
                        f"{fmt(m['threshold'])} | {fmt(m['precision'])} | {fmt(m['recall'])} | {fmt(m['f1'])} | "
                        f"{fmt(m['false_positive_rate'])} |")
    return "\n".join(rows) + "\n"
