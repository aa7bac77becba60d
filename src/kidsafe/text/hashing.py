"""Hashed word and character n-grams, computed per word and remembered.

The same columns as scikit-learn's ``HashingVectorizer`` (murmurhash3 with seed 0, ``abs(h) % n_features``,
counts, then L2 row norm) for the two analysers the text model uses — word 1-2-grams with the
``\\b\\w+\\b`` token pattern and ``char_wb`` 2-4-grams — so a model trained with either reads the other's
matrix (a test checks the two agree cell for cell). It is faster because chat repeats its words: the
character n-grams of a word depend on the word alone, so each word is hashed once and its column indices
are kept in a bounded cache; a batch is then a concatenation of cached arrays and one sparse build.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

_WORD = re.compile(r"(?u)\b\w+\b")
_INT32_MIN = -(1 << 31)
CACHE_SIZE = 1 << 16  # distinct words (and word pairs) remembered per analyser


def _column(gram: str, n_features: int) -> int:
    """The column scikit-learn's ``FeatureHasher`` gives ``gram`` (it special-cases ``abs(-2**31)``)."""
    h = int(murmurhash3_32(gram, seed=0))
    if h == _INT32_MIN:
        return ((1 << 31) - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


def char_wb_grams(word: str, min_n: int = 2, max_n: int = 4) -> list[str]:
    """``char_wb`` n-grams of one whitespace-free word, padded with a space each side (as scikit-learn)."""
    w = f" {word} "
    size = len(w)
    grams: list[str] = []
    for n in range(min_n, max_n + 1):
        if size <= n:  # a word shorter than n counts once, whole, and ends the word
            grams.append(w)
            break
        grams.extend(w[i:i + n] for i in range(size - n + 1))
    return grams


class NgramHasher:
    """Hashes texts into a CSR matrix of L2-normalised n-gram counts (``float32``)."""

    def __init__(self, n_features: int, analyzer: str) -> None:
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"unknown analyzer {analyzer!r}")
        self.n_features = n_features
        self.analyzer = analyzer
        self._word_columns = lru_cache(maxsize=CACHE_SIZE)(self._columns_of_word)
        self._gram_column = lru_cache(maxsize=CACHE_SIZE)(self._column_of_gram)

    def _column_of_gram(self, gram: str) -> int:
        return _column(gram, self.n_features)

    def _columns_of_word(self, word: str) -> np.ndarray:
        return np.fromiter((_column(g, self.n_features) for g in char_wb_grams(word)), dtype=np.int32)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        if not texts:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        if self.analyzer == "char_wb":
            parts: list[np.ndarray] = []
            for i, text in enumerate(texts):
                arrays = [self._word_columns(w) for w in text.split()]
                parts.extend(arrays)
                indptr[i + 1] = sum(a.shape[0] for a in arrays)
            indices = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        else:
            flat: list[int] = []
            col = self._gram_column
            for i, text in enumerate(texts):
                tokens = _WORD.findall(text)
                before = len(flat)
                flat.extend(col(t) for t in tokens)
                flat.extend(col(f"{a} {b}") for a, b in zip(tokens, tokens[1:], strict=False))
                indptr[i + 1] = len(flat) - before
            indices = np.array(flat, dtype=np.int32)
        np.cumsum(indptr, out=indptr)
        data = np.ones(indices.shape[0], dtype=np.float32)
        x = sp.csr_matrix((data, indices, indptr), shape=(len(texts), self.n_features), dtype=np.float32)
        x.sum_duplicates()  # adds repeated n-grams up and sorts the indices
        return normalize(x, norm="l2", copy=False)
