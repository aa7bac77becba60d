"""Conversation tracking speed and memory on one core, beside the per-message text engine in the same run.

    .venv/bin/python bench/conversation_speed.py [--conversations 200] [--length 50] [--postgres URL] [--out FILE]

Pins itself to one CPU (``os.sched_setaffinity``; BLAS threads = 1) and measures, on invented chat traffic
generated here (ordinary FR/EN chat with grooming and sextortion conversations mixed in, messages of all
conversations interleaved as live traffic arrives):

1. peer: the text engine alone (``analyze_batch``) in batches of 256 and of 1 message;
2. the in-memory scoring path: stage cues + ``ConversationState.add`` + grooming/sextortion score + level
   after every message (text scores precomputed), then the same including the text engine (batches of 256);
3. the stored path: ``Tracker.ingest`` on a fresh SQLite file (and PostgreSQL with ``--postgres``): one message
   per call (live delivery: one transaction each) and 32 messages of one conversation per call; once with the
   real text engine and once with precomputed text scores (conversation + store cost alone);
4. the HTTP API in process (FastAPI ``TestClient``, SQLite): p50/p99 latency and CPU of one-message
   ``POST /v1/conversations/{id}/messages`` beside one-text ``POST /v1/text:analyze`` (the peer endpoint);
5. memory per tracked conversation: persisted state bytes (JSON), message-id rows, and in-process size of
   a loaded ``ConversationState`` (tracemalloc), after the benchmark's conversations and after a long one.

Wall-clock and CPU time (``time.process_time``) are both reported: the machine is shared, CPU time is the
steadier number. Writes Markdown to stdout (and ``--out``).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

_ORDINARY_EN = ("hey what are you doing tonight", "lol that was so funny", "see you at school tomorrow",
                "did you finish the maths homework", "this game is so laggy", "good luck for the match",
                "can you send me the notes from class", "my mum says dinner is ready", "ok bye", "haha yes",
                "who is coming to the party on friday", "i love this song so much", "brb", "what level are you")
_ORDINARY_FR = ("salut ça va", "tu fais quoi ce soir", "on se voit demain au collège", "mdr trop drôle",
                "j'ai pas fini mes devoirs", "trop bien le film", "bonne chance pour le match", "a plus")
_GROOMING = ("you are so mature for your age", "how old are you?", "are your parents home?",
             "don't tell anyone we talk, it's our secret", "add me on snap", "send me a pic of you",
             "we could meet at the park saturday", "i'll buy you a gift card", "t'es trop belle",
             "tes parents sont là ?", "c'est notre secret")
_SEXTORTION = ("i have your pictures", "pay 200 in gift cards or i send them to everyone",
               "you have 24 hours", "j'ai tes photos, paie ou je les publie")


def synthetic_traffic(conversations: int, length: int, seed: int = 0) -> list[tuple[str, dict[str, Any]]]:
    """(conversation id, message) pairs, conversations interleaved; ~10% grooming, ~3% sextortion."""
    rng = random.Random(seed)
    per_conv: list[list[tuple[str, dict[str, Any]]]] = []
    for c in range(conversations):
        cid = f"conv-{c}"
        kind = rng.random()
        a, b = f"u{c}a", f"u{c}b"
        bands = ("adult", "under_13") if kind < 0.13 else (rng.choice(("13_15", "16_17", "adult")),) * 2
        msgs = []
        for i in range(length):
            sender = a if rng.random() < 0.55 else b
            band = bands[0] if sender == a else bands[1]
            pool = _ORDINARY_EN if rng.random() < 0.7 else _ORDINARY_FR
            text = " ".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2))))
            if sender == a and kind < 0.10 and rng.random() < 0.3:
                text = rng.choice(_GROOMING)
            elif sender == a and 0.10 <= kind < 0.13 and rng.random() < 0.3:
                text = rng.choice(_SEXTORTION)
            msgs.append((cid, {"id": f"{cid}-m{i}", "sender": sender, "sender_age_band": band,
                               "recipients": [b if sender == a else a], "text": text}))
        per_conv.append(msgs)
    out: list[tuple[str, dict[str, Any]]] = []
    cursors = [0] * conversations
    live = list(range(conversations))
    while live:
        k = rng.randrange(len(live))
        c = live[k]
        out.append(per_conv[c][cursors[c]])
        cursors[c] += 1
        if cursors[c] == length:
            live.pop(k)
    return out


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    gc.collect()
    w, c = time.perf_counter(), time.process_time()
    r = fn()
    return time.perf_counter() - w, time.process_time() - c, r


class PrecomputedAnalyzer:
    """Stands in for the text engine with scores computed beforehand (isolates conversation + store cost)."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.table = table

    def analyze_batch(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[Any]:
        return [self.table[t] for t in texts]


def bench_api(db: Any, settings: Any, traffic: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, float, float,
                                                                                                 float]]:
    """Sequential one-message requests through the ASGI app (no network): conversations vs text:analyze."""
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from kidsafe.api.app import create_app
    from kidsafe.auth import create_api_key

    with db.session() as s:
        _, key = create_api_key(s, "bench", "platform")
    headers = {"Authorization": f"Bearer {key}"}
    app = create_app(replace(settings, database_url=db.url, secret_key="bench"), db, migrate=False)
    out = []
    with TestClient(app) as client:
        calls = {
            "POST /v1/conversations/{id}/messages": [(f"/v1/conversations/{cid}/messages", m) for cid, m in traffic],
            "POST /v1/text:analyze (peer)": [("/v1/text:analyze", {"text": m["text"]}) for _, m in traffic],
        }
        for name, reqs in calls.items():
            for url, body in reqs[:20]:  # warm-up, on other conversations
                client.post(url.replace("/conversations/", "/conversations/warm-"), json=body, headers=headers)
            lat = []
            c0 = time.process_time()
            for url, body in reqs:
                t0 = time.perf_counter()
                r = client.post(url, json=body, headers=headers)
                lat.append(time.perf_counter() - t0)
                assert r.status_code == 200, r.text
            cpu = time.process_time() - c0
            lat.sort()
            out.append((name, 1000 * lat[len(lat) // 2], 1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))],
                        len(reqs) / cpu))
    db.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--conversations", type=int, default=200)
    ap.add_argument("--length", type=int, default=50, help="messages per conversation")
    ap.add_argument("--postgres", default=None, help="server URL: also measure the stored path on PostgreSQL")
    ap.add_argument("--requests", type=int, default=1000, help="sequential HTTP requests per endpoint")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from kidsafe.config import Settings
    from kidsafe.conversation.features import ConversationState
    from kidsafe.conversation.messages import MessageIn
    from kidsafe.conversation.scorer import ConversationScorer
    from kidsafe.conversation.stages import detect
    from kidsafe.conversation.tracker import Tracker
    from kidsafe.store.db import Database
    from kidsafe.text.engine import get_analyzer

    settings = Settings.from_env()
    traffic = synthetic_traffic(args.conversations, args.length)
    n = len(traffic)
    texts = [m["text"] for _, m in traffic]
    analyzer = get_analyzer(settings.models_dir)
    scorer = ConversationScorer.load(settings.models_dir)
    model_name = (scorer.meta or {}).get("model", "trained") if scorer.meta else "trained"
    analyzer.analyze_batch(texts[:256], [None] * len(texts[:256]))  # warm-up
    rows: list[tuple[str, float, float, str]] = []

    def add(name: str, wall: float, cpu: float, count: int, note: str = "") -> None:
        rows.append((name, count / wall, count / cpu if cpu > 0 else float("nan"), note))

    # 1. peer: the text engine alone
    def engine_batched() -> list[Any]:
        out: list[Any] = []
        for i in range(0, n, 256):
            out += analyzer.analyze_batch(texts[i:i + 256], [None] * len(texts[i:i + 256]))
        return out

    w, c, analyses = timed(engine_batched)
    add("peer: text engine alone, batches of 256", w, c, n)
    k = min(n, 2000)
    w, c, _ = timed(lambda: [analyzer.analyze_batch([t], [None]) for t in texts[:k]])
    add("peer: text engine alone, 1 message per call", w, c, k)
    by_text = dict(zip(texts, analyses, strict=True))

    # 2. in-memory scoring path
    def in_memory(with_engine: bool) -> dict[str, ConversationState]:
        states: dict[str, ConversationState] = {}
        scores = [a.scores for a in (engine_batched() if with_engine else analyses)]
        for (cid, m), ts in zip(traffic, scores, strict=True):
            st = states.get(cid)
            if st is None:
                st = states[cid] = ConversationState()
            st.add(m["id"], m["sender"], m["sender_age_band"], m["text"], detect(m["text"]), m["recipients"], ts)
            scorer.level(scorer.grooming(st), scorer.sextortion(st))
        return states

    w, c, states = timed(lambda: in_memory(False))
    add("in-memory: cues + state update + scores + level (text scores given)", w, c, n)
    w, c, _ = timed(lambda: in_memory(True))
    add("in-memory: the same + text engine (batches of 256)", w, c, n)

    # 3. stored path
    def stored(db: Database, an: Any, batch: int) -> None:
        t = Tracker(db, settings, analyzer=an, scorer=scorer)
        if batch == 1:
            for cid, m in traffic:
                t.ingest(cid, [MessageIn(**m)])
            return
        groups: dict[str, list[MessageIn]] = {}
        for cid, m in traffic:
            g = groups.setdefault(cid, [])
            g.append(MessageIn(**m))
            if len(g) == batch:
                t.ingest(cid, g)
                groups[cid] = []
        for cid, g in groups.items():
            if g:
                t.ingest(cid, g)

    precomputed = PrecomputedAnalyzer(by_text)
    stores: list[tuple[str, Callable[[], Database]]] = []
    tmp = Path(tempfile.mkdtemp(prefix="kidsafe-bench-"))

    def sqlite_db() -> Database:
        db = Database(f"sqlite:///{tmp / (uuid.uuid4().hex + '.db')}")
        db.migrate()
        return db

    stores.append(("SQLite", sqlite_db))
    pg_admin = None
    pg_names: list[str] = []
    if args.postgres:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        pg_admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")

        def pg_db() -> Database:
            name = f"kidsafe_bench_{uuid.uuid4().hex[:10]}"
            with pg_admin.connect() as conn:  # type: ignore[union-attr]
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            pg_names.append(name)
            db = Database(make_url(args.postgres).set(database=name).render_as_string(hide_password=False))
            db.migrate()
            return db

        stores.append(("PostgreSQL", pg_db))
    last_db: Database | None = None
    for store_name, make in stores:
        for label, an in (("text scores given", precomputed), ("with text engine", analyzer)):
            for batch in (1, 32):
                db = make()
                w, c, _ = timed(lambda db=db, an=an, batch=batch: stored(db, an, batch))  # type: ignore[misc]
                per = "1 message per call" if batch == 1 else f"{batch} messages per call"
                note = "CPU: this process only, not the server's" if store_name == "PostgreSQL" else ""
                add(f"stored ({store_name}): Tracker.ingest, {per}, {label}", w, c, n, note)
                if last_db is not None and last_db is not db:
                    last_db.dispose()
                last_db = db
    sqlite_for_mem = sqlite_db()
    stored(sqlite_for_mem, precomputed, 32)

    # 4. the HTTP API, in process
    api_rows = bench_api(sqlite_db(), settings, traffic[: min(n, args.requests)])

    # 4. memory per tracked conversation
    from sqlalchemy import func, select

    from kidsafe.store.models.conversation import Conversation, ConversationMessage

    with sqlite_for_mem.session() as s:
        state_bytes = [len(json.dumps(r)) for r in s.scalars(select(Conversation.state))]
        n_ids = s.scalar(select(func.count()).select_from(ConversationMessage)) or 0
    db_file = Path(sqlite_for_mem.url.split(":///", 1)[1])
    sqlite_for_mem.dispose()
    long_state = ConversationState()
    rng = random.Random(1)
    for i in range(5000):
        t = rng.choice(_GROOMING + _ORDINARY_EN)
        long_state.add(f"m{i}", rng.choice(("a", "b")), "adult" if i % 2 else "13_15", t, detect(t), [],
                       {"grooming": 0.5})
    snapshot = [st.to_json() for st in states.values()]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loaded = [ConversationState.from_json(d) for d in snapshot]
    in_process = (tracemalloc.get_traced_memory()[0] - before) / len(loaded)
    tracemalloc.stop()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    long_loaded = ConversationState.from_json(long_state.to_json())
    long_in_process = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del loaded, long_loaded
    if pg_admin is not None:
        from sqlalchemy import text

        if last_db is not None:
            last_db.dispose()
        with pg_admin.connect() as conn:
            for name in pg_names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        pg_admin.dispose()

    state_bytes.sort()
    lines = [
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, pinned to one "
        f"core; {args.conversations} conversations x {args.length} messages = {n} messages, interleaved. "
        f"Conversation model: {model_name}; text engine: {'trained' if analyzer.model_dir else 'rules only'}.",
        "",
        "| path | messages/s (wall) | messages/s (CPU) | note |",
        "|---|---:|---:|---|",
        *(f"| {name} | {mw:,.0f} | {mc:,.0f} | {note} |" for name, mw, mc, note in rows),
        "",
        "| HTTP API in process (SQLite), one message per request | p50 ms | p99 ms | requests/s (CPU) |",
        "|---|---:|---:|---:|",
        *(f"| {name} | {p50:.2f} | {p99:.2f} | {rps:,.0f} |" for name, p50, p99, rps in api_rows),
        "",
        "| memory per tracked conversation | value |",
        "|---|---:|",
        f"| persisted state (JSON), median / max over the {len(state_bytes)} conversations ({args.length} messages) "
        f"| {state_bytes[len(state_bytes) // 2]:,} / {state_bytes[-1]:,} bytes |",
        f"| persisted state (JSON), one conversation of 5,000 messages | {len(json.dumps(long_state.to_json())):,} "
        f"bytes |",
        f"| in-process `ConversationState`, mean over the {len(snapshot)} conversations | {in_process:,.0f} bytes |",
        f"| in-process `ConversationState`, 5,000-message conversation | {long_in_process:,} bytes |",
        f"| counted message ids (`conversation_messages` rows), SQLite file incl. indexes | "
        f"{db_file.stat().st_size / max(n_ids, 1):,.0f} bytes per message (whole file / {n_ids:,} ids) |",
    ]
    report = "\n".join(lines)
    print(report)
    if args.out:
        Path(args.out).write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
