"""The multi-index: exact recall against brute force, incremental adds and removals, chunk planning."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kidsafe.media.index import PdqIndex, Segment, brute_force, hex_to_words, plan_chunks, words_to_hex
from tests.conftest import require_data


def _random_words(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 2**64 - 1, size=(n, 4), dtype=np.uint64, endpoint=True)


def _near(words: np.ndarray, rows: np.ndarray, seed: int, max_flips: int = 40) -> np.ndarray:
    """Copies of ``words[rows]`` with 0..max_flips random bits flipped (planted near-duplicates)."""
    rng = np.random.default_rng(seed)
    out = words[rows].copy()
    for q in out:
        for b in rng.choice(256, size=int(rng.integers(0, max_flips + 1)), replace=False):
            q[b // 64] ^= np.uint64(1) << np.uint64(63 - b % 64)
    return out


def _as_set(hits) -> set[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    return {(h.query, h.id, h.distance) for h in hits}


def test_hex_round_trip() -> None:
    hexes = [np.random.default_rng(i).bytes(32).hex() for i in range(5)]
    assert words_to_hex(hex_to_words(hexes)) == hexes
    with pytest.raises(ValueError):
        hex_to_words(["abcd"])


@pytest.mark.parametrize("n", [1, 50, 20_000])
def test_recall_is_exact_against_brute_force(n: int) -> None:
    words = _random_words(n, n)
    queries = np.concatenate([_near(words, np.arange(min(n, 150)), 1), _random_words(20, 99)])
    index = PdqIndex.build(words, np.arange(n) + 1000)
    expected = {(q, r + 1000, d) for q, r, d in brute_force(words, queries, 31)}
    assert _as_set(index.search(queries)) == expected
    assert expected  # the planted near-duplicates within 31 bits are there
    # one query at a time gives the same answer as the batch
    single = set()
    for i, q in enumerate(queries):
        single |= {(i, h.id, h.distance) for h in index.search(q)}
    assert single == expected


def test_smaller_radius_than_build() -> None:
    words = _random_words(3000, 7)
    queries = _near(words, np.arange(100), 2)
    index = PdqIndex.build(words, np.arange(3000))
    for t in (0, 8, 20):
        assert _as_set(index.search(queries, t)) == set(brute_force(words, queries, t))
    with pytest.raises(ValueError):
        index.search(queries, 40)


def test_wider_radius_index() -> None:
    words = _random_words(2000, 8)
    queries = _near(words, np.arange(60), 3, max_flips=60)
    index = PdqIndex.build(words, np.arange(2000), max_distance=52)
    assert _as_set(index.search(queries, 52)) == set(brute_force(words, queries, 52))


def test_adds_are_matchable_at_once_and_merge_without_losing_anything() -> None:
    rng = np.random.default_rng(5)
    base = _random_words(5000, 11)
    index = PdqIndex.build(base, np.arange(5000), np.zeros(5000), max_distance=31)
    index.tail_limit = 100
    all_words = [base]
    next_id = 5000
    for step in range(12):  # 12 x 97 adds: several tail seals and segment merges
        new = _random_words(97, 100 + step)
        index.add(new, range(next_id, next_id + 97), [1] * 97)
        all_words.append(new)
        next_id += 97
        probe = _near(new, np.arange(5), step)
        got = {(h.query, h.id) for h in index.search(probe)}
        assert {(q, r + next_id - 97) for q, r, _ in brute_force(new, probe, 31)} <= got
    words = np.concatenate(all_words)
    queries = _near(words, rng.integers(0, len(words), size=200), 42)
    assert _as_set(index.search(queries)) == set(brute_force(words, queries, 31))
    assert len(index._segments) < 6  # merged geometrically, not one segment per seal
    assert len(index) == len(words)


def test_removed_hashes_are_not_returned() -> None:
    words = _random_words(1000, 12)
    index = PdqIndex.build(words, np.arange(1000))
    index.tail_limit = 10
    index.add(_random_words(5, 13), [2000, 2001, 2002, 2003, 2004], [0] * 5)
    index.remove([3, 2001])
    hits = {h.id for h in index.search(np.concatenate([words[:5], _random_words(5, 13)]), 0)}
    assert hits == {0, 1, 2, 4, 2000, 2002, 2003, 2004}
    index.add(_random_words(20, 14), range(3000, 3020), [0] * 20)  # seals and merges: tombstones dropped
    assert 3 not in {h.id for h in index.search(words[:5], 0)}


def test_labels_are_returned() -> None:
    words = _random_words(10, 15)
    index = PdqIndex.build(words, np.arange(10), np.arange(10) % 3)
    assert [(h.id, h.label) for h in index.search(words[4], 0)] == [(4, 1)]


def test_chunk_plans_satisfy_the_pigeonhole_bound() -> None:
    for n in (1, 1000, 1_000_000, 10_000_000, 100_000_000):
        for t in (0, 10, 31, 63):
            widths, radii = plan_chunks(n, t)
            assert sum(widths) == 256 and max(widths) <= 24
            assert sum(r + 1 for r in radii) >= t + 1
    assert len(plan_chunks(10_000_000, 31)[0]) == 11


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 45))
def test_property_exact_recall(seed: int, t: int) -> None:
    words = _random_words(300, seed)
    queries = _near(words, np.arange(0, 300, 15), seed, max_flips=50)
    segment = Segment(words, np.arange(300), np.zeros(300), 45)
    qs, rows, dist = segment.search(queries, t)
    assert set(zip(qs.tolist(), rows.tolist(), dist.tolist(), strict=True)) == set(brute_force(words, queries, t))
    single = set()  # the one-query path (an upload) gives the same answer
    for i, q in enumerate(queries):
        _, rows, dist = segment.search(q, t)
        single |= {(i, r, d) for r, d in zip(rows.tolist(), dist.tolist(), strict=True)}
    assert single == set(brute_force(words, queries, t))


def test_far_hashes_never_match() -> None:
    """A stored hash's complement is at distance 256 (no wrap-around in the 8-bit popcount sums)."""
    words = _random_words(2000, 21)
    index = PdqIndex.build(words, np.arange(2000), max_distance=45)
    assert index.search(~words[7], 45) == [] and index.search(~words[:3]) == []


@pytest.mark.data
def test_reference_needles_and_haystack() -> None:
    root = require_data("pdq", "reg-test-input")
    haystack = [line.strip() for line in (root / "haystack.txt").open() if line.strip()]
    needles = [line.strip() for line in (root / "needles.txt").open() if line.strip()]
    expected = {(int(r["needle_line"]) - 1, int(r["haystack_line"]) - 1, int(r["hamming_distance"]))
                for r in csv.DictReader((root / "needle_haystack_matches_d31.csv").open())}
    index = PdqIndex.build(hex_to_words(haystack), np.arange(len(haystack)))
    assert _as_set(index.search(hex_to_words(needles))) == expected
    assert len(expected) == 250


def test_full_radius_index_keeps_exact_distances() -> None:
    """At radius 255 a probe can reach a stored hash's complement (distance 256): it must not wrap to 0."""
    words = _random_words(50, 22)
    index = PdqIndex.build(words, np.arange(50), max_distance=255)
    hits = index.search(~words[3], 255)
    assert 3 not in {h.id for h in hits} and len(hits) == 49
    assert {(h.id, h.distance) for h in index.search(words[3], 0)} == {(3, 0)}
