"""PDQ index benchmark: kidsafe's multi-index (``kidsafe.media.index.PdqIndex``) beside faiss peers, one core.

    .venv/bin/python bench/media_index.py --sizes 1000000 10000000 --queries 2000 --cpu 0

For each size N it generates N random 256-bit PDQ hashes in numpy and a query set of which half are planted
near-duplicates: each planted query is a stored hash with 0..31 bits flipped, and two more stored rows are
overwritten with copies of the query at 0..40 flipped bits (so some queries have several matches and some
copies sit just outside the threshold). The other half are random hashes (almost never within 31 bits of
anything). Then, one method at a time, in the same process pinned to one CPU
(``os.sched_setaffinity`` + ``faiss.omp_set_num_threads(1)``):

* ``kidsafe``: ``PdqIndex.build`` (exact multi-index hashing, numpy) then one ``PdqIndex.search`` per query;
* ``faiss-flat``: ``faiss.IndexBinaryFlat`` brute force, one ``range_search`` per query (the exact reference);
* ``faiss-mih``: ``faiss.IndexBinaryMultiHash(256, 16, 16)`` with ``nflip=1``, the configuration of
  python-threatexchange's ``PDQMultiHashIndex`` that HMA uses (16 x 16-bit maps, exact at distance 31);
* ``te-pdqindex`` (``--te-max``, default 1M): python-threatexchange's ``PDQIndex`` itself (the HMA path, with
  its Python entry objects), ``query(hex)`` per query.

Reported per method: build wall and CPU seconds, RSS delta after build and peak RSS growth during build
(``/proc/self/status`` VmRSS / VmHWM, VmHWM reset through ``/proc/self/clear_refs``), bytes per hash, p50/p99
latency of one lookup (wall), lookups/s by wall clock and by process CPU time (the machine is shared: CPU time
is what one core spends; also the median over blocks of 200 lookups, less sensitive to bursts of other
people's load), and recall/precision against ``faiss-flat`` at the threshold. ``faiss-flat`` is
itself cross-checked against a numpy brute force on ``--check`` queries. Queries are a sample (``--queries``),
not all N hashes. Results go to stdout as a Markdown table and, with ``--json``, to a file.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import faiss  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from kidsafe.media.index import PdqIndex, hamming, words_to_hex  # noqa: E402

Result = set[tuple[int, int, int]]  # (query number, row, distance)


# --- process facts --------------------------------------------------------------------------------------

def _status(key: str) -> int:
    """A ``/proc/self/status`` memory line in bytes (VmRSS, VmHWM)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def pin(cpu: int) -> None:
    os.sched_setaffinity(0, {cpu})
    faiss.omp_set_num_threads(1)


# --- data -----------------------------------------------------------------------------------------------

def flip(word_rows: np.ndarray, counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Copies of ``(k, 4) uint64`` rows with ``counts[i]`` distinct random bits flipped in row i."""
    out = word_rows.copy()
    for i, c in enumerate(counts.tolist()):
        for b in rng.choice(256, size=c, replace=False).tolist():
            out[i, b // 64] ^= np.uint64(1) << np.uint64(63 - b % 64)
    return out


def make_data(n: int, n_queries: int, radius: int, seed: int, warmup: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` hashes and ``warmup`` random warm-up queries followed by ``n_queries`` measured ones."""
    rng = np.random.default_rng(seed)
    words = rng.integers(0, 2**64 - 1, size=(n, 4), dtype=np.uint64, endpoint=True)
    planted = n_queries // 2
    targets = rng.choice(n, size=3 * planted, replace=False)
    queries = np.empty((n_queries, 4), dtype=np.uint64)
    queries[:planted] = flip(words[targets[:planted]], rng.integers(0, radius + 1, planted), rng)
    for k in (1, 2):  # two more near copies of each planted query, some just outside the radius
        rows = targets[k * planted:(k + 1) * planted]
        words[rows] = flip(queries[:planted], rng.integers(0, radius + 10, planted), rng)
    queries[planted:] = rng.integers(0, 2**64 - 1, size=(n_queries - planted, 4), dtype=np.uint64, endpoint=True)
    warm = rng.integers(0, 2**64 - 1, size=(warmup, 4), dtype=np.uint64, endpoint=True)
    return words, np.concatenate([warm, queries])


def as_bytes(words: np.ndarray) -> np.ndarray:
    """``(n, 4) uint64`` (first bit = most significant) as faiss's ``(n, 32) uint8`` codes."""
    return np.ascontiguousarray(words).astype(">u8").view(np.uint8).reshape(-1, 32)


def numpy_brute_force(words: np.ndarray, queries: np.ndarray, radius: int) -> Result:
    out: Result = set()
    for qi, q in enumerate(queries):
        dist = hamming(words, q)
        out |= {(qi, int(r), int(dist[r])) for r in np.flatnonzero(dist <= radius)}
    return out


# --- methods: build() -> object, lookup(object, qi) -> set of (qi, row, dist) ----------------------------------

class Method:
    name = ""

    def __init__(self, words: np.ndarray, queries: np.ndarray, radius: int) -> None:
        self.words, self.queries, self.radius = words, queries, radius

    def build(self) -> None:
        raise NotImplementedError

    def lookup(self, qi: int) -> Result:
        raise NotImplementedError


class Kidsafe(Method):
    name = "kidsafe"

    def build(self) -> None:
        n = len(self.words)
        # the index gets its own copy of the hashes (as when it loads them from the store)
        self.index = PdqIndex.build(self.words.copy(), np.arange(n, dtype=np.int64), np.zeros(n, np.int32),
                                    max_distance=self.radius)
        self.q = [self.queries[i:i + 1].copy() for i in range(len(self.queries))]

    def lookup(self, qi: int) -> Result:
        return {(qi, h.id, h.distance) for h in self.index.search(self.q[qi], self.radius)}


class FaissFlat(Method):
    name = "faiss-flat"

    def build(self) -> None:
        self.index = faiss.IndexBinaryFlat(256)
        self.index.add(as_bytes(self.words))
        self.q = [as_bytes(self.queries[i:i + 1]) for i in range(len(self.queries))]

    def lookup(self, qi: int) -> Result:
        lims, dist, ids = self.index.range_search(self.q[qi], self.radius + 1)  # faiss: distance < radius
        return {(qi, int(i), int(d)) for i, d in zip(ids.tolist(), dist.tolist(), strict=True)}


class FaissMih(Method):
    name = "faiss-mih"

    def build(self) -> None:
        self.index = faiss.IndexBinaryMultiHash(256, 16, 16)
        self.index.nflip = self.radius // 16  # pigeonhole over 16 maps: exact at radius <= 31 with nflip 1
        self.index.add(as_bytes(self.words))
        self.q = [as_bytes(self.queries[i:i + 1]) for i in range(len(self.queries))]

    def lookup(self, qi: int) -> Result:
        lims, dist, ids = self.index.range_search(self.q[qi], self.radius + 1)
        return {(qi, int(i), int(d)) for i, d in zip(ids.tolist(), dist.tolist(), strict=True)}


class TePdqIndex(Method):
    name = "te-pdqindex"

    def build(self) -> None:
        from threatexchange.signal_type.pdq.pdq_index import PDQIndex

        hexes = words_to_hex(self.words)
        self.index = PDQIndex(zip(hexes, range(len(hexes)), strict=True))
        del hexes
        self.q = words_to_hex(self.queries)
        self.index.query(self.q[0])  # threatexchange builds a reverse id map lazily on the first query

    def lookup(self, qi: int) -> Result:
        return {(qi, int(m.metadata), int(m.similarity_info.distance)) for m in self.index.query(self.q[qi])}


# --- measuring ------------------------------------------------------------------------------------------

def _ms(seconds: np.ndarray, pct: int) -> float:
    return round(float(np.percentile(seconds, pct)) * 1e3, 3)


def measure(method: Method, truth: Result | None, n: int, warmup: int) -> tuple[dict[str, object], Result]:
    """Build, then ``warmup`` random lookups (not measured), then one timed lookup per measured query."""
    gc.collect()
    rss0 = _status("VmRSS")
    peak_ok = _reset_peak()
    w0, c0 = time.perf_counter(), time.process_time()
    method.build()
    build_wall, build_cpu = time.perf_counter() - w0, time.process_time() - c0
    gc.collect()
    rss1 = _status("VmRSS")
    peak = _status("VmHWM") if peak_ok else 0
    for qi in range(warmup):
        method.lookup(qi)
    lat = np.empty(len(method.queries) - warmup)
    lat_cpu = np.empty(len(lat))
    found: Result = set()
    wall_total = time.perf_counter()
    cpu_total = time.process_time()
    for k, qi in enumerate(range(warmup, len(method.queries))):
        t, c = time.perf_counter(), time.process_time()
        found |= method.lookup(qi)
        lat[k], lat_cpu[k] = time.perf_counter() - t, time.process_time() - c
    wall_total = time.perf_counter() - wall_total
    cpu_total = time.process_time() - cpu_total
    row: dict[str, object] = {
        "method": method.name, "n": n, "build_s": round(build_wall, 2), "build_cpu_s": round(build_cpu, 2),
        "rss_delta_mb": round((rss1 - rss0) / 2**20, 1), "bytes_per_hash": round((rss1 - rss0) / n, 1),
        "peak_growth_mb": round((peak - rss0) / 2**20, 1) if peak else None,
        "p50_ms": _ms(lat, 50), "p99_ms": _ms(lat, 99), "p50_cpu_ms": _ms(lat_cpu, 50), "p99_cpu_ms": _ms(lat_cpu, 99),
        "lookups_per_s": round(len(lat) / wall_total), "lookups_per_cpu_s": round(len(lat) / cpu_total),
        # the same per block of 200 consecutive lookups, median block: less sensitive to bursts of other load
        "median_block_lookups_per_cpu_s": round(float(np.median([len(b) / b.sum() for b in
                                                                 np.array_split(lat_cpu, max(1, len(lat) // 200))]))),
        "queries": len(lat), "found": len(found),
    }
    if truth is not None:
        row["recall"] = round(len(found & truth) / len(truth), 6) if truth else 1.0
        row["precision"] = round(len(found & truth) / len(found), 6) if found else 1.0
    return row, found


def run_size(n: int, args: argparse.Namespace, rows: list[dict[str, object]]) -> None:
    t = time.perf_counter()
    words, queries = make_data(n, args.queries, args.radius, args.seed + n, args.warmup)
    print(f"\n## N = {n:,}: data generated in {time.perf_counter() - t:.1f} s "
          f"({args.queries} queries, {args.queries // 2} planted)", flush=True)
    flat = FaissFlat(words, queries, args.radius)
    row, truth = measure(flat, None, n, args.warmup)
    row["recall"] = row["precision"] = 1.0  # the reference
    sample = min(args.check, args.queries)
    exact = {(qi + args.warmup, r, d) for qi, r, d in
             numpy_brute_force(words, queries[args.warmup:args.warmup + sample], args.radius)}
    agree = exact == {x for x in truth if x[0] < args.warmup + sample}
    row["note"] = f"reference; equals numpy brute force on {sample} queries: {agree}"
    print(f"faiss-flat equals numpy brute force on the first {sample} queries: {agree}; "
          f"{len(truth)} (query, row) pairs within {args.radius}; "
          f"distances {sorted({d for _, _, d in truth})[:3]}..{max((d for _, _, d in truth), default=None)}",
          flush=True)
    if not agree:
        raise SystemExit("faiss-flat and numpy disagree: no trustworthy reference")
    del flat
    rows.append(row)
    _print_row(row)
    peers: list[Callable[[np.ndarray, np.ndarray, int], Method]] = [Kidsafe]
    if "faiss-mih" in args.peers and n <= args.mih_max:
        peers.append(FaissMih)
    if "te-pdqindex" in args.peers and n <= args.te_max:
        peers.append(TePdqIndex)
    for cls in peers:
        m = cls(words, queries, args.radius)
        row, _ = measure(m, truth, n, args.warmup)
        if isinstance(m, Kidsafe):
            row["note"] = f"index.nbytes = {m.index.nbytes / 2**20:.0f} MiB"
        del m
        gc.collect()
        rows.append(row)
        _print_row(row)


_COLS = ["method", "n", "build_s", "build_cpu_s", "rss_delta_mb", "bytes_per_hash", "peak_growth_mb", "p50_ms",
         "p99_ms", "p50_cpu_ms", "p99_cpu_ms", "lookups_per_s", "lookups_per_cpu_s", "median_block_lookups_per_cpu_s",
         "recall", "precision"]


def _print_row(row: dict[str, object]) -> None:
    print("| " + " | ".join(str(row.get(c, "")) for c in _COLS) + " |", flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    p.add_argument("--queries", type=int, default=2000, help="query sample per size (half planted)")
    p.add_argument("--radius", type=int, default=31)
    p.add_argument("--peers", nargs="*", default=["faiss-mih", "te-pdqindex"])
    p.add_argument("--mih-max", type=int, default=10_000_000, help="largest N for faiss-mih")
    p.add_argument("--te-max", type=int, default=1_000_000, help="largest N for threatexchange's PDQIndex")
    p.add_argument("--warmup", type=int, default=200, help="random lookups before timing (not measured)")
    p.add_argument("--check", type=int, default=50, help="queries cross-checked by numpy brute force")
    p.add_argument("--cpu", type=int, default=0, help="CPU to pin to")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", type=Path, help="write the rows here")
    args = p.parse_args()
    pin(args.cpu)
    print(f"# PDQ index benchmark: python {platform.python_version()}, numpy {np.__version__}, faiss "
          f"{faiss.__version__}, pinned to CPU {sorted(os.sched_getaffinity(0))}, radius {args.radius}")
    print("| " + " | ".join(_COLS) + " |")
    rows: list[dict[str, object]] = []
    for n in args.sizes:
        run_size(n, args, rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    bad = [r for r in rows if r.get("method") == "kidsafe" and r.get("recall") != 1.0]
    if bad:
        raise SystemExit("kidsafe recall below 100%")


if __name__ == "__main__":
    main()
