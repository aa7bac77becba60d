"""Report intake and the review queue with many open cases: p50/p99 wall-clock and CPU time, beside peers.

Seeds N open cases (default 100,000; bulk SQLAlchemy core inserts, one report each) into a fresh store, then
measures, in-process through FastAPI's TestClient:

- ``POST /v1/reports`` about a new subject (opens a case; the text engine scores the content) and about a seeded
  subject (merges into its case); peer: the same intake through the service layer without HTTP or text analysis;
- ``GET /v1/cases`` (moderator key): the first page and a page 50,000 rows deep by keyset cursor;
- ``GET /console/queue`` (signed-in moderator): the first page and the same deep page;
- the queue query alone, keyset (``list_queue``) against the naive ``OFFSET`` query at the same depths (the peer).

CPU is ``time.process_time()`` of this process per request (the machine is shared, so wall-clock alone misleads);
with PostgreSQL the database server's CPU is not in it.

``--uvicorn`` also starts a real server (``uvicorn kidsafe.api.app:create_app --factory``, one process, access log
off) and sends the same intake and queue requests over a keep-alive HTTP connection; its CPU is the server
process's user+system time (``/proc/<pid>/stat``) over the whole batch, divided by the requests (a mean: the
kernel counts in 10 ms ticks).

    .venv/bin/python -m bench.cases_intake                                   # SQLite in a temp dir, 100,000 cases
    .venv/bin/python -m bench.cases_intake --cases 10000 --requests 100
    .venv/bin/python -m bench.cases_intake --uvicorn
    .venv/bin/python -m bench.cases_intake --database-url postgresql+psycopg://kidsafe:kidsafe@127.0.0.1:5432/bench_cases
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from bench.console_queue import seed as seed_cases

DEEP = 50_000  # rows skipped by the deep page (capped at half the seeded cases)
TEXTS = ["you are such a loser, nobody likes you", "send me a pic, don't tell your mum", "meet me after school?",
         "this game is rubbish lol", "you should hurt yourself"]  # short synthetic texts


def fresh_postgres(url: str) -> str:
    """Drop and create the database named in ``url`` (a benchmark database, never a real one)."""
    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{u.database}"'))
    admin.dispose()
    return url


def seed(db, n: int, batch: int = 10_000) -> float:  # type: ignore[no-untyped-def]
    """N open cases (bench.console_queue.seed) and one user report per case, by bulk inserts."""
    from kidsafe.store.db import utcnow
    from kidsafe.store.models.cases import Case, Report

    start = time.perf_counter()
    seed_cases(db, n)
    now = utcnow()
    with db.session() as s:
        first = s.scalar(select(func.min(Case.id)))
    for lo in range(0, n, batch):
        rows = [dict(tracking_id=f"rpt_seed{i:08d}", case_id=first + i, source="user_report", reporter_key_id=None,
                     reporter_ref=f"reporter-{i % 997}", reporter_is_subject_child=False, reason="harassment",
                     details=None, event_id=None, created_at=now) for i in range(lo, min(n, lo + batch))]
        with db.session() as s:
            s.execute(insert(Report), rows)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as c:
            c.execute(text("ANALYZE"))
            c.commit()
    return time.perf_counter() - start


def measure(fn: Callable[[int], object], n: int, warmup: int = 5) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of ``fn(i)`` for i in 0..n-1, after ``warmup`` untimed calls."""
    for i in range(warmup):
        fn(-1 - i)
    wall, cpu = [], []
    for i in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn(i)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    return wall, cpu


def server_cpu_s(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def over_uvicorn(url: str, platform_key: str, moderator_key: str, deep_cursor: str, cases: int, n: int,
                 run_id: str) -> None:
    """The intake and queue requests against a real uvicorn process on loopback."""
    port = free_port()
    env = {**os.environ, "KIDSAFE_DATABASE_URL": url, "KIDSAFE_SECRET_KEY": "bench-secret",
           "KIDSAFE_CASES_WORKER_INTERVAL_S": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "kidsafe.api.app:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning"],
                            env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def call(method: str, path: str, key: str, body: dict[str, object] | None = None) -> int:
            headers = {"Authorization": f"Bearer {key}"}
            data = None
            if body is not None:
                data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            resp.read()
            return resp.status

        def new_report(i: int) -> None:
            assert call("POST", "/v1/reports", platform_key, {
                "subject_type": "content", "subject_id": f"uv-{run_id}-{i}", "reason": "harassment",
                "account_id": f"acct-{i % 5000}", "content_text": TEXTS[i % len(TEXTS)]}) == 201

        def merge_report(i: int) -> None:
            assert call("POST", "/v1/reports", platform_key, {
                "subject_type": "content", "subject_id": f"msg-{(i * 104_729) % cases}", "reason": "hate",
                "content_text": TEXTS[i % len(TEXTS)]}) == 201

        def queue(cursor: str | None) -> Callable[[int], None]:
            path = "/v1/cases" + (f"?cursor={cursor}" if cursor else "")
            return lambda _: None if call("GET", path, moderator_key) == 200 else sys.exit("queue failed")

        for name, fn in (("uvicorn: POST /v1/reports (new subject)", new_report),
                         ("uvicorn: POST /v1/reports (merges)", merge_report),
                         ("uvicorn: GET /v1/cases first page", queue(None)),
                         ("uvicorn: GET /v1/cases deep page (keyset cursor)", queue(deep_cursor))):
            for i in range(5):  # warm-up outside the CPU window (lazy loading, caches)
                fn(-1 - i)
            before = server_cpu_s(proc.pid)
            wall, _ = measure(fn, n, warmup=0)
            mean_cpu = (server_cpu_s(proc.pid) - before) / n * 1000
            w50, w99 = pct(wall)
            print(f"{name:<52} {w50:8.2f} {w99:8.2f}   server CPU mean {mean_cpu:6.2f} ms/request", flush=True)
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def pct(samples: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[98] * 1000


def main() -> None:  # noqa: PLR0915 - one linear script
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--database-url", default=None, help="default: SQLite in a temp dir; a PostgreSQL database "
                    "named here is dropped and created")
    ap.add_argument("--uvicorn", action="store_true", help="also measure over HTTP against a real uvicorn server")
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from kidsafe.api.app import create_app
    from kidsafe.auth import create_api_key, create_staff_user, lookup_api_key
    from kidsafe.cases import service as svc
    from kidsafe.cases.queue import encode_cursor
    from kidsafe.config import Settings
    from kidsafe.store.db import Database
    from kidsafe.store.models.cases import Case

    tmp = tempfile.TemporaryDirectory()
    url = fresh_postgres(args.database_url) if args.database_url else f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    db = Database(url)
    db.migrate()
    seconds = seed(db, args.cases)
    print(f"seeded {args.cases} open cases (+{args.cases} reports) in {seconds:.1f} s on {db.engine.dialect.name}")
    with db.session() as s:
        _, platform_key = create_api_key(s, "bench-platform", "platform")
        _, moderator_key = create_api_key(s, "bench-moderator", "moderator")
        create_staff_user(s, "bench-mod", "bench password 1", "moderator")
    settings = Settings.from_env(database_url=url, secret_key="bench-secret", cases_worker_interval_s=0.0)
    app = create_app(settings, db, migrate=False)
    results: list[tuple[str, list[float], list[float]]] = []

    def run(name: str, fn: Callable[[int], object], n: int = args.requests) -> None:
        wall, cpu = measure(fn, n)
        results.append((name, wall, cpu))
        w50, w99 = pct(wall)
        c50, c99 = pct(cpu)
        print(f"{name:<52} {w50:8.2f} {w99:8.2f} {c50:8.2f} {c99:8.2f}", flush=True)

    print(f"{'':<52} {'wall ms':>17} {'CPU ms':>17}\n{'':<52} {'p50':>8} {'p99':>8} {'p50':>8} {'p99':>8}")
    run_id = uuid.uuid4().hex[:6]
    with TestClient(app) as client:
        api = {"Authorization": f"Bearer {platform_key}"}
        mod = {"Authorization": f"Bearer {moderator_key}"}

        def post_new(i: int) -> None:
            r = client.post("/v1/reports", headers=api, json={
                "subject_type": "content", "subject_id": f"new-{run_id}-{i}", "reason": "harassment",
                "account_id": f"acct-{i % 5000}", "content_text": TEXTS[i % len(TEXTS)], "reporter_id": "rep-1",
                "details": "they keep posting this"})
            assert r.status_code == 201, r.text

        def post_merge(i: int) -> None:
            r = client.post("/v1/reports", headers=api, json={
                "subject_type": "content", "subject_id": f"msg-{(i * 7919) % args.cases}", "reason": "hate",
                "content_text": TEXTS[i % len(TEXTS)], "reporter_id": "rep-2"})
            assert r.status_code == 201, r.text

        with db.session() as s:
            principal = lookup_api_key(s, platform_key)

        def service_only(i: int) -> None:
            with db.session() as s:
                svc.submit_report(s, principal, svc.ReportInput(  # type: ignore[arg-type]
                    subject_type="content", subject_id=f"svc-{run_id}-{i}", reason="harassment",
                    account_id=f"acct-{i % 5000}", content_text=TEXTS[i % len(TEXTS)]), settings=settings)

        run("POST /v1/reports (new subject: opens a case)", post_new)
        run("POST /v1/reports (seeded subject: merges)", post_merge)
        run("peer: submit_report, no HTTP, no text analysis", service_only)

        depth = min(DEEP, args.cases // 2)
        with db.session() as s:
            moderator = lookup_api_key(s, moderator_key)
            q = (select(Case).where(Case.status == "open", Case.restricted.is_(False))
                 .order_by(Case.queue_rank, Case.due_at, Case.id))
            deep_cursor = encode_cursor(s.scalars(q.offset(depth - 1).limit(1)).one())

        def api_page(cursor: str | None, **filters: str) -> Callable[[int], None]:
            params = {**filters, **({"cursor": cursor} if cursor else {})}

            def call(_: int) -> None:
                r = client.get("/v1/cases", headers=mod, params=params)
                assert r.status_code == 200 and len(r.json()["items"]) == 50, r.text[:300]
            return call

        run("GET /v1/cases first page", api_page(None))
        run(f"GET /v1/cases page at row {depth:,} (keyset cursor)", api_page(deep_cursor))
        run("GET /v1/cases?category=harassment", api_page(None, category="harassment"))
        run("GET /v1/cases?overdue=true", api_page(None, overdue="true"))

        page = client.get("/console/login").text
        token = re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
        r = client.post("/console/login", data={"username": "bench-mod", "password": "bench password 1",
                                                "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303, r.text

        def console_page(cursor: str | None) -> Callable[[int], None]:
            def call(_: int) -> None:
                r = client.get("/console/queue", params={"after": cursor} if cursor else None)
                assert r.status_code == 200 and r.text.count('href="/console/cases/') >= 50, r.text[:300]
            return call

        run("GET /console/queue first page (HTML)", console_page(None))
        run(f"GET /console/queue page at row {depth:,} (keyset cursor)", console_page(deep_cursor))

        def keyset(cursor: str | None) -> Callable[[int], None]:
            def call(_: int) -> None:
                with db.session() as s:
                    assert len(svc.list_queue(s, moderator, cursor=cursor, limit=50).items) == 50  # type: ignore[arg-type]
            return call

        def offset(skip: int) -> Callable[[int], None]:
            def call(_: int) -> None:
                with db.session() as s:
                    assert len(list(s.scalars(q.offset(skip).limit(51)))) == 51
            return call

        run("query: keyset first page", keyset(None))
        run("peer query: OFFSET 0", offset(0))
        run(f"query: keyset at row {depth:,}", keyset(deep_cursor))
        run(f"peer query: OFFSET {depth:,}", offset(depth), n=max(20, args.requests // 5))

    by = {name: (pct(w), pct(c)) for name, w, c in results}
    ks, off = by[f"query: keyset at row {depth:,}"], by[f"peer query: OFFSET {depth:,}"]
    print(f"deep page, OFFSET / keyset: wall p50 x{off[0][0] / ks[0][0]:.0f}, p99 x{off[0][1] / ks[0][1]:.0f}; "
          f"CPU p50 x{off[1][0] / max(ks[1][0], 1e-3):.0f}")
    new, peer = by["POST /v1/reports (new subject: opens a case)"], by["peer: submit_report, no HTTP, no text analysis"]
    print(f"intake over HTTP with text analysis / service alone: wall p50 x{new[0][0] / peer[0][0]:.1f}, "
          f"p99 x{new[0][1] / peer[0][1]:.1f}")
    if args.uvicorn:
        over_uvicorn(url, platform_key, moderator_key, deep_cursor, args.cases, args.requests, run_id)
    with db.session() as s:
        print(f"open cases at the end: {s.scalar(select(func.count()).select_from(Case).where(Case.status == 'open'))}")
    db.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
