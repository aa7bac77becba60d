"""Latency of ``sessions:check`` (may this child play now?) and of usage reporting, beside a peer in the same run.

Seeds a fresh SQLite store (or ``--db URL``) with synthetic children in several time zones, each with budgets,
a bedtime and school hours, a holiday calendar and a week of usage records, then times one call at a time and
reports p50/p99/max in microseconds for:

- ``floor`` (the peer): a session with one primary-key read of the child row: the least any stored check costs;
- ``check``: ``kidsafe.family.screen_time.check`` in a session (child row, usage of the local day, approved
  extra time, schedules around the day, DST-correct bounds);
- ``usage``: ``record_usage`` of a new session, committed; ``usage-dup``: the same id reported again;
- ``http``: ``POST /v1/sessions:check`` through the FastAPI app (TestClient: auth, validation, JSON), beside
  ``http-floor``: ``GET /healthz`` through the same client (the transport's own cost).

    .venv/bin/python -m bench.family_session_check                    # 300 children, 3,000 checks
    .venv/bin/python -m bench.family_session_check --children 1000 --checks 5000 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ZONES = ["Europe/Paris", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Tokyo"]
SCHEDULES = [
    {"name": "night", "kind": "bedtime", "day_types": ["school_day"], "start": "20:30", "end": "07:00"},
    {"name": "weekend night", "kind": "bedtime", "day_types": ["weekend", "holiday"], "start": "21:30",
     "end": "08:00"},
    {"name": "school", "kind": "school_hours", "day_types": ["school_day"], "start": "08:30", "end": "16:30"},
]
START = datetime(2026, 3, 23, tzinfo=UTC)  # the week of the March 2026 European DST change


def seed(db: Any, n_children: int, rng: random.Random) -> None:
    from kidsafe.family import links, screen_time

    with db.session() as s:
        for i in range(n_children):
            cid = f"kid{i}"
            child, _ = links.upsert_child(s, cid, age_band_=rng.choice(["under_13", "13_15", "16_17"]),
                                          timezone=rng.choice(ZONES))
            links.link(s, cid, f"parent{i}")
            child.budgets = {"school_day": 60, "weekend": 120, "holiday": 180}
            child.schedules = SCHEDULES
            child.holidays = ["2026-03-27"]
            for j in range(20):  # a week of usage: ~3 sessions a day
                start = START + timedelta(hours=8 * j + rng.randint(0, 5), minutes=rng.randint(0, 59))
                screen_time.record_usage(s, cid, f"u{j}", start, start + timedelta(minutes=rng.randint(5, 40)))


def timed(fn: Callable[[int], object], n: int) -> dict[str, float]:
    """Wall-clock and CPU-time percentiles. CPU time is the whole process's (TestClient serves requests from
    another thread): on a shared machine the wall-clock tail includes time spent waiting for a core, the CPU
    time is the call's own cost (with PostgreSQL: the client side only)."""
    wall, cpu = [], []
    for i in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(i)
        c1, t1 = time.process_time(), time.perf_counter()
        wall.append((t1 - t0) * 1e6)
        cpu.append((c1 - c0) * 1e6)
    wall.sort()
    cpu.sort()
    p99 = min(n - 1, int(n * 0.99))
    return {"n": n, "p50_us": round(statistics.median(wall), 1), "p99_us": round(wall[p99], 1),
            "max_us": round(wall[-1], 1), "cpu_p50_us": round(statistics.median(cpu), 1),
            "cpu_p99_us": round(cpu[p99], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--children", type=int, default=300)
    ap.add_argument("--checks", type=int, default=3000)
    ap.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from kidsafe.api.app import create_app
    from kidsafe.auth import create_api_key
    from kidsafe.config import Settings
    from kidsafe.family import screen_time
    from kidsafe.store.db import Database
    from kidsafe.store.models.family import FamilyChild

    tmp = tempfile.TemporaryDirectory()
    db = Database(args.db or f"sqlite:///{Path(tmp.name) / 'bench.db'}")
    db.migrate()
    rng = random.Random(7)
    t0 = time.perf_counter()
    seed(db, args.children, rng)
    seed_s = time.perf_counter() - t0
    n = args.checks
    kids = [f"kid{rng.randrange(args.children)}" for _ in range(n)]
    moments = [START + timedelta(seconds=rng.randrange(7 * 86400)) for _ in range(n)]

    def floor(i: int) -> None:
        with db.session() as s:
            s.get(FamilyChild, kids[i])

    def check(i: int) -> None:
        with db.session() as s:
            screen_time.check(s, kids[i], moments[i])

    def usage(i: int) -> None:
        with db.session() as s:
            screen_time.record_usage(s, kids[i], f"b{i}", moments[i], moments[i] + timedelta(minutes=5))

    def usage_dup(i: int) -> None:
        with db.session() as s:
            screen_time.record_usage(s, kids[i], f"b{i}", moments[i], moments[i] + timedelta(minutes=5))

    floor(0), check(0)  # warm caches (zoneinfo, statement cache)
    results: dict[str, Any] = {"floor": timed(floor, n), "check": timed(check, n),
                               "usage": timed(usage, min(n, 2000)), "usage-dup": timed(usage_dup, min(n, 2000))}
    settings = Settings.from_env(database_url=db.url, secret_key="bench")
    with db.session() as s:
        _, key = create_api_key(s, "bench", "platform")
    headers = {"Authorization": f"Bearer {key}"}
    app = create_app(settings, db, migrate=False)
    clock = [moments[0]]
    app.state.family_clock = lambda: clock[0]  # the server clock, moved to each moment of the week
    with TestClient(app) as client:
        client.post("/v1/sessions:check", json={"child_id": kids[0]}, headers=headers)

        def http(i: int) -> None:
            clock[0] = moments[i]
            r = client.post("/v1/sessions:check", headers=headers, json={"child_id": kids[i]})
            assert r.status_code == 200, r.text

        def http_floor(i: int) -> None:
            assert client.get("/healthz").status_code == 200

        results["http-floor"] = timed(http_floor, min(n, 1000))
        results["http"] = timed(http, min(n, 1000))
    base = results["floor"]["p50_us"]
    for v in results.values():
        v["p50_vs_floor"] = round(v["p50_us"] / base, 2)
    out = {"children": args.children, "usage_rows": args.children * 20, "seed_s": round(seed_s, 2),
           "backend": "sqlite" if db.is_sqlite else "postgresql", "results": results,
           "loadavg": [round(x, 2) for x in os.getloadavg()]}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"{out['children']} children, {out['usage_rows']} usage rows, {out['backend']} (seeded in "
              f"{out['seed_s']} s)")
        print(f"{'call':<10} {'n':>6} {'p50 µs':>9} {'p99 µs':>9} {'max µs':>9} {'cpu p50':>9} {'cpu p99':>9} "
              f"{'p50/floor':>10}")
        for k, v in results.items():
            print(f"{k:<10} {v['n']:>6} {v['p50_us']:>9} {v['p99_us']:>9} {v['max_us']:>9} {v['cpu_p50_us']:>9} "
                  f"{v['cpu_p99_us']:>9} {v['p50_vs_floor']:>10}")
        print(f"load average at the end: {out['loadavg']}")
    db.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
