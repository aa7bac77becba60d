"""Exact Hamming-radius search over 256-bit PDQ hashes by multi-index hashing (Norouzi et al., CVPR 2012).

Each hash is cut into ``m`` chunks. If two hashes are within distance ``t``, at least one chunk differs in at
most ``floor(t / m)`` bits (pigeonhole), so probing every chunk value within that small radius in per-chunk
tables finds every true match: recall is 100% at the radius the index is asked for, not approximate.

Layout (numpy only, no per-entry Python objects): one *segment* holds its hashes as ``(n, 4) uint64``,
the caller's ids (``int32`` when they fit) and labels (``int32``, here the bank id), and per chunk a bucket table in CSR
form (``offsets`` of size 2**w + 1 and row numbers sorted by chunk value), all chunks concatenated. At 10M
hashes with 11 chunks of 23/24 bits that is about 1.3 GB.

New hashes go to a small brute-force *tail*; a full tail becomes a segment, and segments of similar size
merge (like an LSM tree), so adds are matchable at once and no add costs a full rebuild. Removals are
tombstones, dropped at the next merge.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import ceil, comb, log2
from typing import Any

import numpy as np

WORDS = 4  # 256 bits = 4 x uint64
BITS = 256
TAIL_LIMIT = 4096  # brute-force rows before the tail becomes a segment
MAX_CHUNK_BITS = 24  # largest bucket table: 2**24 offsets (64 MiB)


def hex_to_words(hexes: Sequence[str]) -> np.ndarray:
    """64-hex-character PDQ hashes as an ``(n, 4) uint64`` array (first hex digit = most significant bits)."""
    if len(hexes) == 0:
        return np.zeros((0, WORDS), dtype=np.uint64)
    raw = b"".join(bytes.fromhex(h) for h in hexes)
    if len(raw) != 32 * len(hexes):
        raise ValueError("every PDQ hash must be 64 hex characters")
    return np.frombuffer(raw, dtype=">u8").reshape(-1, WORDS).astype(np.uint64)


def words_to_hex(words: np.ndarray) -> list[str]:
    raw = np.ascontiguousarray(words, dtype=np.uint64).astype(">u8").tobytes()
    return [raw[i:i + 32].hex() for i in range(0, len(raw), 32)]


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise Hamming distances between ``(n, 4)`` and ``(n, 4)`` / ``(4,)`` uint64 arrays."""
    c = np.bitwise_count(a ^ b)
    return c[..., 0].astype(np.int32) + c[..., 1] + c[..., 2] + c[..., 3]


def plan_chunks(n: int, max_distance: int) -> tuple[list[int], list[int]]:
    """Chunk widths and per-chunk probe radii for ``n`` hashes searched up to ``max_distance``.

    Widths near log2(n) keep buckets at about one entry (MIH's optimum) while each bucket table (2**w
    offsets) stays no larger than the hashes themselves. Radii follow the generalised pigeonhole
    principle: if the radii satisfy sum(r_j + 1) >= t + 1, a pair within distance t agrees within r_j on
    some chunk j. Chunks with radius -1 are never probed.
    """
    cap = min(MAX_CHUNK_BITS, max(16, ceil(log2(max(n, 2))) + 1))
    m = ceil(BITS / cap)
    widths = [BITS // m + (1 if j < BITS % m else 0) for j in range(m)]
    base, extra = divmod(max_distance + 1, m)
    # the `extra` chunks with the best cost saving keep radius `base`, the others get base - 1
    order = sorted(range(m), key=lambda j: -widths[j])
    radii = [base - 1] * m
    for j in order[:extra]:
        radii[j] = base
    return widths, radii


def _ball(w: int, r: int) -> int:
    return sum(comb(w, i) for i in range(min(r, w) + 1)) if r >= 0 else 0


def _flip_masks(w: int, r: int) -> np.ndarray:
    """Every ``w``-bit mask with at most ``r`` bits set (the probe ball around a chunk value)."""
    masks = [0] if r >= 0 else []
    for k in range(1, min(r, w) + 1):
        masks.extend(sum(1 << b for b in bits) for bits in combinations(range(w), k))
    return np.asarray(masks, dtype=np.int64)


def _chunk_values(words: np.ndarray, start: int, width: int) -> np.ndarray:
    """Bits ``start .. start + width - 1`` (0 = most significant bit of word 0) of each row, as int64."""
    i, o = divmod(start, 64)
    mask = np.uint64((1 << width) - 1)
    if o + width <= 64:
        return ((words[:, i] >> np.uint64(64 - o - width)) & mask).astype(np.int64)
    spill = o + width - 64  # bits taken from the next word
    hi = (words[:, i] << np.uint64(spill)) & mask
    return (hi | (words[:, i + 1] >> np.uint64(64 - spill))).astype(np.int64)


class Segment:
    """An immutable multi-index over a fixed set of hashes."""

    def __init__(self, words: np.ndarray, ids: np.ndarray, labels: np.ndarray, max_distance: int) -> None:
        self.words = np.ascontiguousarray(words, dtype=np.uint64).reshape(-1, WORDS)
        ids = np.asarray(ids, dtype=np.int64)
        small = len(ids) == 0 or (ids.min() >= -(2**31) and ids.max() < 2**31)
        self.ids = ids.astype(np.int32) if small else ids
        self.labels = np.asarray(labels, dtype=np.int32)
        self.max_distance = max_distance
        n = len(self.ids)
        widths, radii = plan_chunks(n, max_distance)
        self.m = len(widths)
        pos_dtype: type[np.unsignedinteger[Any]] | type[np.signedinteger[Any]] = (
            np.uint32 if n * self.m < 2**32 else np.int64)
        weights = np.zeros((BITS, self.m), dtype=np.int64)  # query bits -> chunk values, by one matmul
        probed = [c for c, r in enumerate(radii) if r >= 0]
        # one array for every probed chunk's bucket offsets, one for its rows, filled in place (no concatenation
        # copies, so the build peaks at the index size plus one chunk's sort)
        self.offsets = np.zeros(sum((1 << widths[c]) + 1 for c in probed), dtype=pos_dtype)
        self.rows = np.zeros(n * len(probed), dtype=pos_dtype)
        probe_chunk, probe_flip, probe_base = [], [], []
        self._chunks: list[tuple[int, int]] = []  # (shift from the right end of the 256 bits, mask) per chunk
        base = start = part = 0
        for c, (w, r) in enumerate(zip(widths, radii, strict=True)):
            weights[start:start + w, c] = 1 << np.arange(w - 1, -1, -1, dtype=np.int64)
            self._chunks.append((BITS - start - w, (1 << w) - 1))
            if r >= 0:
                keys = _chunk_values(self.words, start, w)
                offsets = self.offsets[base:base + (1 << w) + 1]
                np.cumsum(np.bincount(keys, minlength=1 << w), out=offsets[1:])
                offsets += pos_dtype(part * n)  # type: ignore[misc]
                self.rows[part * n:(part + 1) * n] = np.argsort(keys, kind="stable")
                del keys
                flips = _flip_masks(w, r)
                probe_chunk.append(np.full(len(flips), c, dtype=np.intp))
                probe_flip.append(flips)
                probe_base.append(np.full(len(flips), base, dtype=np.int64))
                base += (1 << w) + 1
                part += 1
            start += w
        self._byte_sum_exact = all(r < w for w, r in zip(widths, radii, strict=True))
        self._offsets_next = self.offsets[1:]  # bucket ends, without an index + 1 per probe
        self._weights = weights
        self._probe_chunk = np.concatenate(probe_chunk)
        self._probe_flip = np.concatenate(probe_flip)
        self._probe_base = np.concatenate(probe_base)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.words, self.ids, self.labels, self.offsets, self.rows))

    def search(self, queries: np.ndarray, max_distance: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All (query number, row, distance) with distance <= ``max_distance`` (<= the build radius)."""
        if max_distance > self.max_distance:
            raise ValueError(f"this segment was built for distances up to {self.max_distance}")
        q = np.ascontiguousarray(queries, dtype=np.uint64).reshape(-1, WORDS)
        nq = len(q)
        probe_count = len(self._probe_flip)
        empty = (np.zeros(0, np.intp), np.zeros(0, np.int64), np.zeros(0, np.int32))
        if nq == 0 or len(self.ids) == 0:
            return empty
        if nq == 1:
            return self._search_one(q[0], max_distance, empty)
        bits = np.unpackbits(q.astype(">u8").view(np.uint8), axis=1).astype(np.int64)
        vals = bits @ self._weights  # (nq, m) chunk values
        probe = ((vals[:, self._probe_chunk] ^ self._probe_flip) + self._probe_base).ravel()
        starts = np.take(self.offsets, probe).astype(np.int64)
        lengths = np.take(self.offsets, probe + 1).astype(np.int64) - starts
        hit = np.flatnonzero(lengths)
        if len(hit) == 0:
            return empty
        starts, lengths = np.take(starts, hit), np.take(lengths, hit)
        ends = np.cumsum(lengths)
        total = int(ends[-1])
        idx = np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - lengths), lengths)
        rows = np.take(self.rows, idx).astype(np.int64)
        cand = np.take(self.words, rows, axis=0)
        qs = np.repeat(hit // probe_count, lengths)
        dist = hamming(cand, np.take(q, qs, axis=0))
        keep = np.flatnonzero(dist <= max_distance)
        n = len(self.ids)
        key = np.unique(np.take(qs, keep).astype(np.int64) * n + np.take(rows, keep))
        qs, rows = (key // n).astype(np.intp), key % n
        return qs, rows, hamming(np.take(self.words, rows, axis=0), np.take(q, qs, axis=0))


    def _search_one(self, q: np.ndarray, max_distance: int,
                    empty: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The single-query path (an upload being matched): fewer, smaller numpy steps than the batch path."""
        h = int.from_bytes(q.astype(">u8").tobytes(), "big")
        vals = np.array([(h >> shift) & mask for shift, mask in self._chunks], dtype=np.int64)
        probe = (np.take(vals, self._probe_chunk) ^ self._probe_flip) + self._probe_base
        starts = np.take(self.offsets, probe)
        lengths = np.take(self._offsets_next, probe) - starts
        ends = np.cumsum(lengths, dtype=np.int64)
        if ends[-1] == 0:
            return empty
        # the row positions of every probed bucket, end to end (empty buckets repeat zero times)
        positions = np.arange(ends[-1], dtype=np.int64) + np.repeat(starts.astype(np.int64) - (ends - lengths), lengths)
        rows = np.take(self.rows, positions)
        c = np.bitwise_count(np.take(self.words, rows, axis=0) ^ q)
        if self._byte_sum_exact:
            # the four 8-bit popcounts of a row summed by one multiply: exact below 256, and every candidate
            # agrees on at least one bit of the chunk it was found by, so its distance is below 256
            dist = (c.view(np.uint32).ravel() * np.uint32(0x01010101)) >> np.uint32(24)
        else:
            dist = (c[:, 0] + c[:, 1]).astype(np.int16) + (c[:, 2] + c[:, 3])
        keep = np.flatnonzero(dist <= max_distance)
        if len(keep) == 0:
            return empty
        rows, dist = np.take(rows, keep).astype(np.int64), np.take(dist, keep).astype(np.int32)
        if len(rows) > 1:  # a row within reach of several chunks is found once per chunk
            rows, first = np.unique(rows, return_index=True)
            dist = np.take(dist, first)
        return np.zeros(len(rows), np.intp), rows, dist


@dataclass(frozen=True)
class Hit:
    query: int  # position of the query in the batch
    id: int  # the caller's id (a bank entry id)
    label: int  # the caller's label (a bank id)
    distance: int


class PdqIndex:
    """Exact PDQ search over every hash added, with cheap adds and removals (thread-safe)."""

    def __init__(self, max_distance: int = 31, tail_limit: int = TAIL_LIMIT) -> None:
        if not 0 <= max_distance < BITS:
            raise ValueError("max_distance must be in 0..255")
        self.max_distance = max_distance
        self.tail_limit = tail_limit
        self._segments: list[Segment] = []
        self._new_tail()
        self._removed: set[int] = set()
        self._lock = threading.RLock()

    def _new_tail(self) -> None:
        # rows [0, _tail_n) are in use; writers only append past them and sealing swaps in new arrays, so a
        # search can read a snapshot (arrays, count) without copying
        self._tail_words = np.zeros((max(self.tail_limit, 1), WORDS), dtype=np.uint64)
        self._tail_ids = np.zeros(len(self._tail_words), dtype=np.int64)
        self._tail_labels = np.zeros(len(self._tail_words), dtype=np.int32)
        self._tail_n = 0

    # --- building -------------------------------------------------------------------------
    @classmethod
    def build(cls, words: np.ndarray, ids: np.ndarray, labels: np.ndarray | None = None,
              max_distance: int = 31) -> PdqIndex:
        """One segment over all given hashes (the start-up path)."""
        index = cls(max_distance)
        ids = np.asarray(ids, dtype=np.int64)
        labels = np.zeros(len(ids), np.int32) if labels is None else np.asarray(labels, np.int32)
        if len(ids):
            index._segments.append(Segment(words, ids, labels, max_distance))
        return index

    def add(self, words: np.ndarray, ids: Iterable[int], labels: Iterable[int]) -> None:
        """Add hashes; they are matchable as soon as this returns."""
        words = np.asarray(words, dtype=np.uint64).reshape(-1, WORDS)
        ids_a, labels_a = np.fromiter(ids, dtype=np.int64), np.fromiter(labels, dtype=np.int32)
        if not len(words) == len(ids_a) == len(labels_a):
            raise ValueError("words, ids and labels must have the same length")
        with self._lock:
            if self._removed:
                self._removed.difference_update(ids_a.tolist())
            done = 0
            while done < len(ids_a):
                n = self._tail_n
                k = min(len(ids_a) - done, len(self._tail_words) - n)
                self._tail_words[n:n + k] = words[done:done + k]
                self._tail_ids[n:n + k] = ids_a[done:done + k]
                self._tail_labels[n:n + k] = labels_a[done:done + k]
                self._tail_n, done = n + k, done + k
                if self._tail_n >= min(self.tail_limit, len(self._tail_words)):
                    self._seal_tail()

    def remove(self, ids: Iterable[int]) -> None:
        with self._lock:
            self._removed.update(int(i) for i in ids)

    def _seal_tail(self) -> None:
        n = self._tail_n
        seg = Segment(self._tail_words[:n].copy(), self._tail_ids[:n].copy(), self._tail_labels[:n].copy(),
                      self.max_distance)
        self._new_tail()
        self._segments.append(seg)
        # merge while the newest segment is at least half the size of the one before (geometric sizes)
        while len(self._segments) >= 2 and 2 * len(self._segments[-1]) >= len(self._segments[-2]):
            b, a = self._segments.pop(), self._segments.pop()
            self._segments.append(self._merge(a, b))

    def _merge(self, a: Segment, b: Segment) -> Segment:
        words = np.concatenate([a.words, b.words])
        ids = np.concatenate([a.ids, b.ids])
        labels = np.concatenate([a.labels, b.labels])
        if self._removed:
            keep = ~np.isin(ids, np.fromiter(self._removed, dtype=np.int64))
            self._removed.difference_update(ids[~keep].tolist())
            words, ids, labels = words[keep], ids[keep], labels[keep]
        return Segment(words, ids, labels, self.max_distance)

    # --- searching ------------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(s) for s in self._segments) + self._tail_n - len(self._removed)

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self._segments) + len(self._tail_ids) * 44

    def search(self, queries: np.ndarray, max_distance: int | None = None) -> list[Hit]:
        """Every stored hash within ``max_distance`` (default: the build radius) of each query row."""
        t = self.max_distance if max_distance is None else max_distance
        if t > self.max_distance:
            raise ValueError(f"the index answers distances up to {self.max_distance}; rebuild it for {t}")
        q = np.asarray(queries, dtype=np.uint64).reshape(-1, WORDS)
        with self._lock:
            segments = list(self._segments)
            tail_n, tail_words = self._tail_n, self._tail_words
            tail_ids, tail_labels = self._tail_ids, self._tail_labels
            removed = frozenset(self._removed)
        hits: list[Hit] = []
        for seg in segments:
            qs, rows, dist = seg.search(q, t)
            for qi, i, lb, d in zip(qs.tolist(), seg.ids[rows].tolist(), seg.labels[rows].tolist(), dist.tolist(),
                                    strict=True):
                if i not in removed:
                    hits.append(Hit(qi, i, lb, d))
        if tail_n:
            for qi in range(len(q)):
                dist = hamming(tail_words[:tail_n], q[qi])
                for j in np.flatnonzero(dist <= t).tolist():
                    if int(tail_ids[j]) not in removed:
                        hits.append(Hit(qi, int(tail_ids[j]), int(tail_labels[j]), int(dist[j])))
        hits.sort(key=lambda h: (h.query, h.distance, h.id))
        return hits


def brute_force(words: np.ndarray, queries: np.ndarray, max_distance: int) -> list[tuple[int, int, int]]:
    """Reference answer: every (query number, row, distance) within ``max_distance``, by full scan."""
    out: list[tuple[int, int, int]] = []
    for qi, q in enumerate(np.asarray(queries, dtype=np.uint64).reshape(-1, WORDS)):
        dist = hamming(words, q)
        out.extend((qi, int(r), int(dist[r])) for r in np.flatnonzero(dist <= max_distance))
    return out
