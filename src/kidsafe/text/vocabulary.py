"""The single words of the lexicons' word lists, as normalisation needs them to undo two spelling tricks:

* letters hidden behind asterisks (``b*tch``, ``m*slims``, ``f**king``): one star per hidden letter, so a masked
  word is read as the listed word it can be; where it can be several words of one list (``f**king``: ``fucking``,
  ``fvcking``), the first listed; where words of different lists (``b***``), it is left alone;
* a spelt-out word run together with the one-letter words before it (``u r a b i t c h`` → ``u r a bitch``,
  ``you're a l o s e r`` → ``a loser``).

Read straight from ``lexicons/*.yaml`` (the ``words`` section of every language): the lexicon module itself
builds on :mod:`kidsafe.text.normalize`, so normalisation cannot import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kidsafe.text.normalize import FOLD_TABLE, read_lexicon_file

LANGUAGE_FILES = ("en.yaml", "fr.yaml")
_WORD = re.compile(r"[a-z]+")
_REPEATS = re.compile(r"([a-z])\1+")
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class Vocabulary:
    """Listed words by (length, first letter), and listed prefixes (``fuck*``) by first letter, each with its
    list's name and its rank in the lexicon files."""

    words: dict[tuple[int, str], tuple[tuple[str, str, int], ...]]
    prefixes: dict[str, tuple[tuple[str, str, int], ...]]
    squeezed: frozenset[str]  # every listed word, repeated letters squeezed ("bitch", "fag")
    squeezed_prefixes: tuple[str, ...]

    def unmask(self, token: str) -> str | None:
        """The listed word ``token`` reads as with each ``*`` one letter, or None when there is none or the
        words it can be come from different lists."""
        found: list[tuple[int, str, str]] = []
        n = len(token)
        if len(token) - token.count("*") < 2:
            return None
        for word, feature, rank in self.words.get((n, token[0]), ()):
            if all(t == "*" or t == w for t, w in zip(token, word, strict=True)):
                found.append((rank, word, feature))
        for prefix, feature, rank in self.prefixes.get(token[0], ()):
            m = len(prefix)
            head, tail = token[:m], token[m:]
            # the prefix itself must show two letters: "f**king" is not "fap" + "king"
            if m <= n and "*" not in tail and m - head.count("*") >= 2 \
                    and all(t == "*" or t == p for t, p in zip(head, prefix, strict=True)):
                found.append((rank, prefix + tail, feature))
        if len({w for _, w, _ in found}) > 1:
            # stars usually hide vowels: "f*cker" is "fucker" before it is "fvcker"
            vowels = [c for c in found if all(w in _VOWELS for t, w in zip(token, c[1], strict=True) if t == "*")]
            found = vowels or found
        if not found or len({feature for _, _, feature in found}) > 1 and len({w for _, w, _ in found}) > 1:
            return None
        return min(found)[1]

    def is_listed(self, letters: str) -> bool:
        """Whether ``letters`` (a joined, spelt-out run) is a listed word or starts with a listed prefix."""
        key = _REPEATS.sub(r"\1", letters)
        return key in self.squeezed or key.startswith(self.squeezed_prefixes)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    words: dict[tuple[int, str], list[tuple[str, str, int]]] = {}
    prefixes: dict[str, list[tuple[str, str, int]]] = {}
    rank = 0
    for name in LANGUAGE_FILES:
        doc = read_lexicon_file(name) or {}
        for feature, entries in (doc.get("words") or {}).items():
            for entry in entries:
                rank += 1
                entry = str(entry).lower().translate(FOLD_TABLE)
                is_prefix = entry.endswith("*")
                word = entry.rstrip("*")
                if not _WORD.fullmatch(word) or len(word) < 3:
                    continue  # phrases ("fils de pute"), masked entries ("f*ck*"), "pd"
                if is_prefix:
                    prefixes.setdefault(word[0], []).append((word, feature, rank))
                else:
                    words.setdefault((len(word), word[0]), []).append((word, feature, rank))
    every_word = {w for group in words.values() for w, _, _ in group}
    every_prefix = {p for group in prefixes.values() for p, _, _ in group}
    return Vocabulary(
        words={k: tuple(v) for k, v in words.items()},
        prefixes={k: tuple(v) for k, v in prefixes.items()},
        squeezed=frozenset(_REPEATS.sub(r"\1", w) for w in every_word),
        squeezed_prefixes=tuple(sorted({_REPEATS.sub(r"\1", p) for p in every_prefix})),
    )
