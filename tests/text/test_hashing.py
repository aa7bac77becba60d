"""The cached n-gram hasher gives exactly scikit-learn's HashingVectorizer columns and values."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from kidsafe.text.hashing import NgramHasher, char_wb_grams

TEXTS = [
    "", "a", "ab", "abc abcd abcde", "lol lol lol lol", "you are such an idiot idiot",
    "t'es trop bête mdr 😂", "ééé çà où", "x  y\t z\nw", "a b a b a b", "@user url add me on snap",
    "ntm fdp tg", "s e x", "schol schol", "1234 5678 word_with_underscore",
]


def _reference(analyzer: str, n_features: int) -> HashingVectorizer:
    if analyzer == "word":
        return HashingVectorizer(n_features=n_features, analyzer="word", ngram_range=(1, 2),
                                 token_pattern=r"(?u)\b\w+\b", alternate_sign=False, norm="l2",
                                 lowercase=False, dtype=np.float32)
    return HashingVectorizer(n_features=n_features, analyzer="char_wb", ngram_range=(2, 4),
                             alternate_sign=False, norm="l2", lowercase=False, dtype=np.float32)


@pytest.mark.parametrize("analyzer", ["word", "char_wb"])
@pytest.mark.parametrize("n_features", [1 << 17, 1 << 10, 7])
def test_same_matrix_as_scikit_learn(analyzer: str, n_features: int) -> None:
    ours = NgramHasher(n_features, analyzer)
    ref = _reference(analyzer, n_features).transform(TEXTS)
    for _ in range(2):  # a second pass reads the cache
        got = ours.transform(TEXTS)
        assert got.shape == ref.shape and got.dtype == np.float32
        assert (got != ref).nnz == 0
        assert np.array_equal(got.indptr, ref.indptr) and np.array_equal(got.indices, ref.indices)


def test_char_grams_of_a_short_word_count_once() -> None:
    assert char_wb_grams("a") == [" a", "a ", " a "]
    assert char_wb_grams("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]


def test_empty_batch_and_unknown_analyzer() -> None:
    assert NgramHasher(16, "word").transform([]).shape == (0, 16)
    with pytest.raises(ValueError, match="analyzer"):
        NgramHasher(16, "char")
