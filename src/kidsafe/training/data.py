"""Read the shared data (``Settings.data_dir``) into per-category training, dev and test rows.

Only sets whose README row says "may train shipped default models: yes" ever reach ``train``; the others
(and sets we choose not to train on) are used for evaluation only. OLID and TweetEval-offensive are the
same tweets: OLID trains, TweetEval-offensive is never used for either training or evaluation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kidsafe.training import clean_templates, identity_templates

# Licence of each set, as named in shared/data/README.md (for the model card).
LICENCES: dict[str, str] = {
    "olid": "licence not stated",
    "davidson": "MIT",
    "tweeteval_hate": "licence not stated",
    "formspring": "licence not stated",
    "mlma_fr": "MIT",
    "mlma_en": "MIT",
    "ftr_fr": "MIT",
    "openai_moderation_en": "MIT",
    "cssrs_reddit_en": "licence not stated",
    "perverted_justice_en": "licence not stated",
    "cyberagression_large_fr": "CC BY-NC 4.0 (evaluation only)",
    "identity_templates": "written for kidsafe (Apache-2.0), see kidsafe.training.identity_templates",
    "clean_templates": "written for kidsafe (Apache-2.0), see kidsafe.training.clean_templates",
}
SHIPPABLE = frozenset({"davidson", "mlma_fr", "mlma_en", "ftr_fr", "openai_moderation_en", "olid", "tweeteval_hate",
                       "formspring", "cssrs_reddit_en", "perverted_justice_en", "identity_templates",
                       "clean_templates"})
EVAL_ONLY = frozenset({"cyberagression_large_fr"})
TEXT_SETS = ("olid", "davidson", "tweeteval_hate", "formspring", "mlma_fr", "mlma_en", "ftr_fr",
             "openai_moderation_en", "cssrs_reddit_en", "cyberagression_large_fr")
GROOMING_SET = "perverted_justice_en"
MAX_CHARS = 3000  # long Reddit histories (cssrs) are cut: the service scores messages, not user histories
MESSAGES_PER_SIDE = 60  # messages kept per side of a grooming chat, evenly spread over the chat
MIN_MESSAGE_CHARS = 12  # "ok", "lol" carry no grooming signal, only noise


@dataclass
class Row:
    text: str
    lang: str
    source: str
    split: str  # train | dev | test
    labels: dict[str, int] = field(default_factory=dict)
    # share of the annotators who gave the label, where the source publishes its votes (see annotator_shares)
    shares: dict[str, float] = field(default_factory=dict)


def annotator_shares(source: str, orig: dict) -> dict[str, float]:  # type: ignore[type-arg]
    """Per-category share of annotators voting for the label, for sets that publish the votes.

    Davidson gives each tweet's vote counts (``count``, ``hate_speech``, ``offensive_language``); its 0/1
    labels are the majority class. A tweet 2 of 3 annotators called hateful is not as sure a positive as one
    all 3 did, and training on the shares (soft labels) ranks the doubtful ones in between.
    """
    if source != "davidson":
        return {}
    try:
        n = int(orig["count"])
        hate, offensive = int(orig["hate_speech"]), int(orig["offensive_language"])
    except (KeyError, TypeError, ValueError):
        return {}
    if n <= 0:
        return {}
    return {"hate": hate / n, "profanity": (hate + offensive) / n}


def _bucket(key: str) -> int:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 10


def _split(source: str, rec_id: str, split: str) -> str:
    """Sets without a dev split (olid, openai_moderation_en) give one tenth of train to dev, by id hash."""
    if split == "train" and source in ("olid", "openai_moderation_en") and _bucket("dev:" + rec_id) == 0:
        return "dev"
    return split


def _read_jsonl(path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_rows(data_dir: Path) -> list[Row]:
    """Every usable row of the shared data (training and evaluation), in a fixed order."""
    rows: list[Row] = []
    for name in TEXT_SETS:
        path = data_dir / "text" / f"{name}.jsonl"
        if not path.exists():
            continue
        for r in _read_jsonl(path):
            if not r["labels"]:
                continue
            rows.append(Row(r["text"][:MAX_CHARS], r["lang"], name, _split(name, r["id"], r["split"]),
                            dict(r["labels"]), annotator_shares(name, r.get("orig") or {})))
    path = data_dir / "conversations" / "perverted_justice.jsonl"
    if path.exists():
        for r in _read_jsonl(path):
            msgs = [m for m in r["messages"] if len(m.strip()) >= MIN_MESSAGE_CHARS]
            if len(msgs) > MESSAGES_PER_SIDE:
                step = len(msgs) / MESSAGES_PER_SIDE
                msgs = [msgs[int(i * step)] for i in range(MESSAGES_PER_SIDE)]
            for m in msgs:
                rows.append(Row(m[:MAX_CHARS], r["lang"], GROOMING_SET, r["split"], dict(r["labels"])))
    if rows:  # our own neutral identity-mention sentences (no hate, no bad language), never evaluated on: train only
        rows += [Row(text, lang, identity_templates.SOURCE, "train", {"hate": 0, "profanity": 0})
                 for text, lang in identity_templates.sentences()]
        # and everyday sentences with no bad word (name-calling, "she"): profanity 0, train only
        rows += [Row(text, lang, clean_templates.SOURCE, "train", {"profanity": 0})
                 for text, lang in clean_templates.sentences()]
    return rows
