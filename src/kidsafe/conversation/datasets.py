"""Conversations built from ``../shared/data`` for training and evaluation (read via ``Settings.data_dir``).

* Positives: Perverted-Justice chats. The file keeps each side as a separate list, so the original interleaving
  is lost; ``interleave`` rebuilds an *approximate* order by merging the two sides proportionally (message i
  of a side with n messages sits at position (i + 0.5) / n). Sides are named ``p`` and ``d``, no band declared.
* Negatives: Formspring question/answer pairs (two-message chats), "pseudo-chats" made of consecutive
  Formspring posts or tweets (Davidson, OLID: adult language, much of it sexual or offensive) alternated
  between two speakers — not real conversations, 10 to 150 messages long — and, for evaluation
  only (CC BY-NC), the CyberAgression French teen role-play chats rebuilt by conversation id and turn.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kidsafe.conversation.replay import ChatMessage

PJ_FILE = ("conversations", "perverted_justice.jsonl")


@dataclass
class LabelledChat:
    id: str
    source: str
    label: int  # 1 grooming, 0 not
    messages: list[ChatMessage]
    predator: str | None = None  # sender id of the predator side (Perverted-Justice only)


def _read(path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def interleave(a: list[str], b: list[str], a_id: str = "p", b_id: str = "d") -> list[ChatMessage]:
    """Merge two sides of a chat proportionally (approximate order; the source lost the real one)."""
    keyed = [((i + 0.5) / len(a), 0, i, a_id, t) for i, t in enumerate(a)]
    keyed += [((j + 0.5) / len(b), 1, j, b_id, t) for j, t in enumerate(b)]
    keyed.sort()
    return [ChatMessage(id=f"{who}{i}", sender=who, text=t, recipients=(b_id if who == a_id else a_id,))
            for _, _, i, who, t in keyed]


def perverted_justice(data_dir: Path, split: str, max_messages: int | None = None) -> list[LabelledChat]:
    path = data_dir.joinpath(*PJ_FILE)
    sides: dict[str, dict[str, list[str]]] = {}
    for r in _read(path):
        if r["split"] != split:
            continue
        chat = sides.setdefault(r["conversation_id"], {"predator": [], "decoy": []})
        chat[r["role"]].extend(r["messages"])
    out = []
    for cid in sorted(sides):
        msgs = interleave(sides[cid]["predator"], sides[cid]["decoy"])
        out.append(LabelledChat(f"pj:{cid}", "perverted_justice", 1, msgs[:max_messages], predator="p"))
    return out


def _pseudo_chats(texts: list[str], source: str, rng: random.Random, lo: int, hi: int) -> list[LabelledChat]:
    out: list[LabelledChat] = []
    i = 0
    while i < len(texts):
        n = rng.randint(lo, hi)
        chunk = texts[i:i + n]
        i += n
        if len(chunk) < lo // 2:
            break
        msgs = [ChatMessage(id=str(k), sender="ab"[k % 2], text=t, recipients=("ba"[k % 2],))
                for k, t in enumerate(chunk)]
        out.append(LabelledChat(f"{source}:{len(out)}", source, 0, msgs))
    return out


def _formspring_parts(text: str) -> list[str]:
    q, _, a = text.partition("<br>A:")
    return [p.strip() for p in (q.removeprefix("Q:"), a) if p.strip()]


def negatives(data_dir: Path, split: str, seed: int = 0, pairs: int = 2000, lo: int = 10,
              hi: int = 150) -> list[LabelledChat]:
    """Ordinary chats of ``split`` (train/dev/test); only sources that may train a shipped model."""
    rng = random.Random(f"neg:{split}:{seed}")
    out: list[LabelledChat] = []
    fs_path = data_dir / "text" / "formspring.jsonl"
    if fs_path.exists():
        rows = [r for r in _read(fs_path) if r["split"] == split]
        for r in rng.sample(rows, min(pairs, len(rows))):
            parts = _formspring_parts(r["text"])
            msgs = [ChatMessage(id=str(k), sender="asker" if k == 0 else "owner", text=t) for k, t in enumerate(parts)]
            out.append(LabelledChat(r["id"], "formspring_pair", 0, msgs))
        texts = [t for r in rows for t in _formspring_parts(r["text"])]
        out += _pseudo_chats(texts, "formspring_chat", rng, lo, hi)
    for name in ("davidson", "olid"):
        path = data_dir / "text" / f"{name}.jsonl"
        if path.exists():
            texts = [r["text"] for r in _read(path) if r["split"] == split]
            out += _pseudo_chats(texts, f"{name}_chat", rng, lo, hi)
    return out


def cyberagression(data_dir: Path) -> list[LabelledChat]:
    """French teen role-play chats (CC BY-NC 4.0): evaluation only, never training."""
    path = data_dir / "text" / "cyberagression_large_fr.jsonl"
    if not path.exists():
        return []
    chats: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for r in _read(path):
        chats.setdefault(r["orig"]["conversation_id"], []).append(r)
    out = []
    for cid in sorted(chats):
        rows = sorted(chats[cid], key=lambda r: r["orig"]["turn"])
        msgs = [ChatMessage(id=str(k), sender=r["orig"]["speaker"], text=r["text"]) for k, r in enumerate(rows)]
        out.append(LabelledChat(f"cyberagression:{cid}", "cyberagression_fr", 0, msgs))
    return out
