"""Queue page latency with many open cases: the rendered, signed-in console page beside its bare query.

Seeds N open cases (default 100,000) with bulk inserts through the cases models into a fresh store, signs a
moderator in, then requests ``GET /console/queue`` (first page, a filtered page, a deep page by cursor) and
reports p50/p99 in milliseconds. The peer in the same run is the same page's database query alone
(``load_queue``), so the ratio is what rendering, session checks and HTTP add.

    .venv/bin/python -m bench.console_queue                       # SQLite in a temp dir, 100,000 cases
    .venv/bin/python -m bench.console_queue --cases 10000 --requests 100
    .venv/bin/python -m bench.console_queue --database-url postgresql+psycopg://kidsafe:kidsafe@127.0.0.1:5432/bench_console
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

CATEGORIES = ["sexual", "sexual_minors", "violence", "self_harm", "hate", "harassment", "profanity", "grooming",
              "sextortion", "personal_info"]
SEVERITY = {"sexual": "medium", "sexual_minors": "critical", "violence": "high", "self_harm": "high", "hate": "high",
            "harassment": "medium", "profanity": "low", "grooming": "critical", "sextortion": "critical",
            "personal_info": "medium"}
RANK = {"critical": 0, "high": 2, "medium": 4, "low": 6}


def seed(db, n: int, batch: int = 5000) -> float:  # type: ignore[no-untyped-def]
    from kidsafe.store.db import utcnow
    from kidsafe.store.models.cases import Case

    rng = random.Random(7)
    now = utcnow()
    start = time.perf_counter()
    for lo in range(0, n, batch):
        rows = []
        for i in range(lo, min(n, lo + batch)):
            cat = rng.choice(CATEGORIES)
            sev = SEVERITY[cat]
            minor = rng.random() < 0.4
            opened = now - timedelta(minutes=rng.randint(0, 60 * 24 * 3))
            sla = 60 if cat in ("sexual_minors", "grooming", "sextortion") else 1440
            rows.append(dict(
                subject_type="content", subject_id=f"msg-{i}", account_id=f"acct-{i % 5000}", category=cat,
                categories=[cat], severity=sev, minor_involved=minor, restricted=cat == "sexual_minors",
                queue_rank=RANK[sev] + (0 if minor else 1), status="open", source="report", automated=False,
                report_count=1, flag_count=0, content_type="text", scores={cat: round(rng.random(), 3)},
                detector_evidence=[], context={}, opened_at=opened, due_at=opened + timedelta(minutes=sla),
                updated_at=opened, merge_key=f"content:msg-{i}"))
        with db.session() as s:
            s.execute(insert(Case), rows)
    return time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[98] * 1000


def timed(fn: Callable[[], object], n: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from kidsafe.api.app import create_app
    from kidsafe.auth import create_staff_user
    from kidsafe.config import Settings
    from kidsafe.store.db import Database
    from kidsafe.web.console import safe_next  # noqa: F401  (imports the console)
    from kidsafe.web.queue import QueueFilters, load_queue
    from kidsafe.web.session import read_session

    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    db = Database(url)
    db.migrate()
    seconds = seed(db, args.cases)
    print(f"seeded {args.cases} open cases in {seconds:.1f} s ({db.engine.dialect.name})")
    with db.session() as s:
        create_staff_user(s, "bench-mod", "bench password 1", "moderator")
    app = create_app(Settings.from_env(database_url=url, secret_key="bench-secret"), db, migrate=False)
    with TestClient(app) as client:
        page = client.get("/console/login").text
        token = re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
        r = client.post("/console/login", data={"username": "bench-mod", "password": "bench password 1",
                                                "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303, r.text
        first = client.get("/console/queue")
        assert first.status_code == 200 and first.text.count("/console/cases/") >= 50, first.text[:500]
        cursor = re.search(r'after=([^"&]+)"', first.text).group(1)  # type: ignore[union-attr]
        pages = {
            "first page": "/console/queue",
            "category=harassment": "/console/queue?category=harassment",
            "overdue only": "/console/queue?overdue=1",
            "second page (cursor)": f"/console/queue?after={cursor}",
        }
        print(f"{'GET':<28} {'p50 ms':>8} {'p99 ms':>8}")
        results = {}
        for name, path in pages.items():
            p50, p99 = percentiles(timed(lambda path=path: client.get(path), args.requests))
            results[name] = (p50, p99)
            print(f"{name:<28} {p50:8.1f} {p99:8.1f}")
        # the peer: the same first page's query alone, no HTTP, session or rendering
        from starlette.requests import Request

        req = Request({"type": "http", "app": app, "headers": [(b"cookie", ("; ".join(
            f"{k}={v}" for k, v in client.cookies.items())).encode())]})

        def query_only() -> None:
            with db.session() as s:
                staff = read_session(req, s)
                load_queue(s, staff, QueueFilters(), None, 50)

        q50, q99 = percentiles(timed(query_only, args.requests))
        print(f"{'peer: query only':<28} {q50:8.1f} {q99:8.1f}")
        p50, p99 = results["first page"]
        print(f"rendered page / query only: p50 x{p50 / q50:.1f}, p99 x{p99 / q99:.1f}")
    db.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
