"""Turn texts into the feature matrix every text detector reads.

Two parts, side by side in one sparse matrix:

* hashed word 1-2-grams and character 2-4-grams of the *normalised* text (so ``s3x``, ``s e x`` and
  ``ѕех`` all hash like ``sex``); hashing keeps the vocabulary out of the artefact and the memory flat;
* the language-independent lexicon signals of :mod:`kidsafe.text.lexicon` (profanity, insult aimed at
  "you", negation, counter-speech...), scaled up so the linear model can lean on them: a French insult
  that no French training set labels still lights the shared ``profanity`` signal learnt on English.

The layout is recorded in the model artefact (``FeatureSpec``) so a model is only ever read with the
features it was trained on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from kidsafe.text.analysis import Evidence
from kidsafe.text.hashing import NgramHasher

try:  # text-rules' evasion-proof normaliser and lexicon
    from kidsafe.text.lexicon import FEATURE_NAMES as _LEXICON_FEATURES
    from kidsafe.text.lexicon import scan as _scan
    from kidsafe.text.normalize import normalize as _normalize
except ImportError:  # pragma: no cover - only while text-rules' modules are missing
    _normalize = None  # type: ignore[assignment]
    _scan = None  # type: ignore[assignment]
    _LEXICON_FEATURES = ()

LEXICON_FEATURES: tuple[str, ...] = tuple(_LEXICON_FEATURES)
_WS = re.compile(r"\s+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")


@dataclass(frozen=True)
class FeatureSpec:
    """How texts become columns; stored in ``model.json`` and checked on load."""

    word_bits: int = 17
    char_bits: int = 17
    lexicon: tuple[str, ...] = LEXICON_FEATURES
    lexicon_scale: float = 3.0
    version: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def n_hashed(self) -> int:
        return (1 << self.word_bits) + (1 << self.char_bits)

    @property
    def n_features(self) -> int:
        return self.n_hashed + len(self.lexicon)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lexicon"] = list(self.lexicon)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FeatureSpec:
        return cls(word_bits=d["word_bits"], char_bits=d["char_bits"], lexicon=tuple(d["lexicon"]),
                   lexicon_scale=d["lexicon_scale"], version=d["version"], extra=d.get("extra", {}))


@dataclass
class Prepared:
    """The normalised texts of a batch plus their lexicon signals (computed once, used by every category)."""

    normalized: list[str]
    lexicon: np.ndarray  # (n, len(LEXICON_FEATURES)) float32, in the *current* lexicon's column order
    evidence: list[list[Evidence]]
    rule_scores: list[dict[str, float]]


def _fallback_normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def clean(text: str) -> str:
    """Drop what carries no risk signal but varies by source (URLs, @handles) before hashing."""
    if "http" in text or "www." in text:
        text = _URL.sub(" url ", text)
    if "@" in text:
        text = _MENTION.sub(" @user ", text)
    return _WS.sub(" ", text).strip()


def prepare(texts: Sequence[str], langs: Sequence[str | None] | None = None) -> Prepared:
    """Normalise and scan every text once."""
    langs = langs or [None] * len(texts)
    n_lex = len(LEXICON_FEATURES)
    lex = np.zeros((len(texts), n_lex), dtype=np.float32)
    normalized: list[str] = []
    evidence: list[list[Evidence]] = []
    rule_scores: list[dict[str, float]] = []
    for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        if _normalize is None:
            normalized.append(clean(_fallback_normalize(text)))
            evidence.append([])
            rule_scores.append({})
            continue
        norm = _normalize(text)
        sig = _scan(text, normalized=norm, lang=lang)
        # the model does not see innocent phrases either ("garden hoe", "baisser le son")
        normalized.append(clean(sig.blanked if sig.blanked is not None else norm.folded))
        lex[i] = sig.features
        evidence.append(list(sig.evidence))
        rule_scores.append(dict(sig.rule_scores))
    return Prepared(normalized, lex, evidence, rule_scores)


class Featurizer:
    """Builds the sparse matrix for a :class:`FeatureSpec` (stateless: nothing is fitted)."""

    def __init__(self, spec: FeatureSpec) -> None:
        self.spec = spec
        # the columns of scikit-learn's HashingVectorizer(analyzer="word", ngram_range=(1, 2),
        # token_pattern=r"(?u)\b\w+\b") and HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4)), both
        # alternate_sign=False, norm="l2", lowercase=False, float32 — computed per word and cached
        self._word = NgramHasher(1 << spec.word_bits, "word")
        self._char = NgramHasher(1 << spec.char_bits, "char_wb")
        # where each of the model's lexicon columns is found in the current lexicon (-1: no longer exists)
        current = {name: i for i, name in enumerate(LEXICON_FEATURES)}
        self._lex_index = np.array([current.get(name, -1) for name in spec.lexicon], dtype=np.int64)

    def transform(self, prepared: Prepared) -> sp.csr_matrix:
        words = self._word.transform(prepared.normalized)
        chars = self._char.transform(prepared.normalized)
        n = len(prepared.normalized)
        lex = np.zeros((n, len(self.spec.lexicon)), dtype=np.float32)
        ok = self._lex_index >= 0
        if ok.any() and prepared.lexicon.shape[1]:
            lex[:, ok] = prepared.lexicon[:, self._lex_index[ok]]
        lex *= self.spec.lexicon_scale
        return sp.hstack([words, chars, sp.csr_matrix(lex)], format="csr", dtype=np.float32)
