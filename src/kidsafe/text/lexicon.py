"""Hand-written lexicon and phrase signals shared by the trained model and the rules.

``scan(text)`` returns a fixed-order feature vector (``FEATURE_NAMES``), evidence spans in ORIGINAL
offsets, and rule-based scores for the categories the shared data labels thinly (grooming, sextortion,
personal_info, sexual_minors, plus self_harm and harassment where a rule is sure).

Lexicon files (``lexicons/<lang>.yaml``) hold, per feature:

* ``words``: whole words (``fuck*`` for a prefix), matched on tokens of the normalised, accent-folded
  text with every run of a repeated letter squeezed to one (so ``fuuuck``, ``fuck`` and ``fuk``-free
  spellings meet on one key; a term's own double letters are still required: ``ass`` does not hit ``as``);
* ``phrases``: regular expressions over the same squeezed text, where a space means "any separators"
  and ``{name}`` expands a macro (``{you}``) or a whole word list (``{insult}``). Each phrase runs only
  when one of its trigger words (derived from its literal words, or given with ``when:``) is present,
  so the cost stays per message, not per term. A phrase word whose double letter tells it from a word the lexicons
  write ("off" / "of", "too" / "to", "comme" / "come") keeps it: such a match is checked on the unsqueezed text;
* ``innocent``: whole words that a listed prefix would catch but that are harmless ("shiitake" under ``shit*``,
  "retardant" under ``retard*``): never a hit, in any language;
* ``innocent_phrases``: harmless uses of a listed word ("magna cum laude", "moby dick", "chili con carne",
  "suicide prevention") and French words that squeeze onto a listed one ("baisser" -> "baiser"), matched on
  the folded text *before* squeezing and blanked out before any other matching (gated on their words too);
* ``ambiguous``: words that are innocent in another language (French ``con``, ``bite``), matched only
  when ``lang`` is this file's language.

All matching is a handful of C-level regex passes plus set/dict look-ups: no Python loop over terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from kidsafe.text import context, personal_info
from kidsafe.text.analysis import Evidence
from kidsafe.text.normalize import FOLD_TABLE, Normalized, normalize, read_lexicon_file

# Feature name -> taxonomy category its evidence supports (None: a context cue, no evidence).
FEATURE_CATEGORY: dict[str, str | None] = {
    "profanity": "profanity",
    "insult": "harassment",
    "insult_second_person": "harassment",
    "insult_third_person": "harassment",
    "mild_insult": "harassment",
    "body_shaming": "harassment",
    "self_harm_incitement": "harassment",
    "slur": "hate",
    "identity_term": None,
    "dehumanising": "hate",
    "hate_expression": "hate",
    "sexual": "sexual",
    "sexual_explicit": "sexual",
    "emoji_sexual": "sexual",
    "minor_reference": None,
    "adult_reference": None,
    "sexual_context": None,
    "sexual_minors_term": "sexual_minors",
    "sexual_minors_combo": "sexual_minors",
    "violence": "violence",
    "threat": "violence",
    "weapon": "violence",
    "self_harm": "self_harm",
    "suicide": "self_harm",
    "eating_disorder": "self_harm",
    "grooming_compliment": "grooming",
    "grooming_isolation": "grooming",
    "grooming_secrecy": "grooming",
    "grooming_risk_check": "grooming",
    "grooming_offplatform": "grooming",
    "grooming_meet": "grooming",
    "grooming_gift": "grooming",
    "grooming_sexual_question": "grooming",
    "image_request": "grooming",
    "sextortion_threat": "sextortion",
    "sextortion_demand": "sextortion",
    "sextortion_countdown": "sextortion",
    "sextortion_victim_report": "sextortion",
    "personal_info_share": "personal_info",
    "personal_info_request": "personal_info",
    "photo_request": "personal_info",
    "negation": None,
    "counter_speech": None,
    "self_identification": None,
    "quote_or_report": None,
    "protective_context": None,
    "mentioned_attack": None,
    "mentioned_statement": None,
    "second_person": None,
    "shouting": None,
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURE_CATEGORY)
FEATURE_INDEX: dict[str, int] = {name: i for i, name in enumerate(FEATURE_NAMES)}
CUE_FEATURES = frozenset({"negation", "counter_speech", "self_identification", "quote_or_report"})
LANGUAGES = ("en", "fr")

_SQUEEZE = re.compile(r"([a-z])\1+")
_NUMBER_UNIT = re.compile(r"\d+([a-z]+)$")  # "24h" -> "h", "48hrs" -> "hrs"
_FR_T = re.compile(r"(?<![a-z0-9'’])t(?=['’ ]|$)")  # French second person "t'" / teen "t nul"
_UPPER = re.compile(r"[^\W\d_a-zß-ÿ]")  # upper-case letters (approximately: letters that are not lower-case Latin)
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"[a-z0-9]+(?:\*+[a-z0-9]+)*")
_MACRO = re.compile(r"\{([a-z_]+)\}")
_RUNS = re.compile(r"(.)\1*")
_WORD_SPLIT = re.compile(r"[\s\-]+")
_SINGLE_TOKEN = re.compile(r"[a-z0-9]+(?:\*+[a-z0-9]*)*")
# Hits inside a self-harm incitement ("kill yourself") are part of the attack, not separate signals.
_SUPPRESSING = frozenset({"self_harm_incitement"})
_SUPPRESSED = frozenset({"suicide", "self_harm", "violence"})
# A neutralised attack that holds a listed bad word ("i would never call anyone a <slur>") is a mentioned bad word
# (mentioned_attack), which profanity learns from: it is still bad language. One made of a statement with no listed
# word ('my teacher said "go back to your country" was racist', "saying they are vermin is hate speech") is a
# mentioned statement, which profanity does not learn from. Both defuse hate and harassment.
_BAD_WORD_FEATURES = frozenset({"profanity", "insult", "insult_second_person", "insult_third_person", "slur",
                                "body_shaming", "self_harm_incitement"})
_PI_SHARE_KINDS = frozenset({"phone", "email", "handle", "address", "school", "age", "location"})


@dataclass(slots=True)
class Signals:
    features: np.ndarray
    evidence: list[Evidence] = field(default_factory=list)
    rule_scores: dict[str, float] = field(default_factory=dict)
    blanked: str | None = None  # the folded text with its innocent phrases blanked, when it had any

    def feature(self, name: str) -> float:
        return float(self.features[FEATURE_INDEX[name]])


@dataclass(frozen=True, slots=True)
class _Term:
    feature: str
    runs: tuple[int, ...] | None  # run lengths of the term's letters when it has double letters
    lang: str | None  # set for ambiguous words: only matched when the message is in this language


@dataclass(frozen=True, slots=True)
class _Phrase:
    feature: str
    pattern: re.Pattern[str]
    kind: str
    requires: tuple[frozenset[str], ...] = ()  # further word sets the message must each share a token with
    listed_words: bool = False  # a multi-word entry of a word list ("fils de pute"): a bad word, not a statement
    # where the phrase holds a word whose double letter tells it from another word ("off" / "of"): its source, macros
    # expanded; a match on the squeezed text counts only if ``_doubled`` of it also matches the unsqueezed text
    doubled: str | None = None


@dataclass(frozen=True, slots=True)
class _Innocent:
    pattern: re.Pattern[str]  # over the folded, unsqueezed text
    requires: tuple[frozenset[str], ...]  # squeezed word sets the message must each share a token with


@dataclass(slots=True)
class Lexicon:
    """Compiled lexicons of every language: word keys, prefix keys and trigger-gated phrases."""

    words: dict[str, list[_Term]] = field(default_factory=dict)
    prefixes: dict[str, list[_Term]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()
    phrases: list[_Phrase] = field(default_factory=list)
    triggers: dict[str, list[int]] = field(default_factory=dict)
    always: list[int] = field(default_factory=list)
    common_gated: int = 0  # phrases gated on a common word (they run often: keep few)
    prefix3: dict[str, list[str]] = field(default_factory=dict)  # first 3 letters -> prefix keys
    word_keys: frozenset[str] = frozenset()
    innocent: frozenset[str] = frozenset()  # squeezed tokens that are never word hits
    innocent_phrases: list[_Innocent] = field(default_factory=list)
    innocent_triggers: dict[str, list[int]] = field(default_factory=dict)  # squeezed word -> innocent phrases
    terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # feature -> [(lang, term)] for tests
    written: frozenset[str] = frozenset()  # words written with no double letter (see ``_strict``)


def squeeze(s: str) -> str:
    """Every run of one repeated letter reduced to one letter: the key both terms and texts are matched on."""
    return _SQUEEZE.sub(_first_letter, s)


def _first_letter(m: re.Match[str]) -> str:
    return m.group(1)


def _runs(word: str) -> tuple[int, ...]:
    return tuple(len(m.group()) for m in _RUNS.finditer(word))


def _squeeze_pattern(src: str) -> str:
    """Squeeze doubled literal letters in a regex source, leaving escapes, classes and quantified letters alone."""
    out: list[str] = []
    prev = ""
    i = 0
    in_class = False
    while i < len(src):
        c = src[i]
        if c == "\\":
            out.append(src[i:i + 2])
            prev = ""
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        nxt = src[i + 1] if i + 1 < len(src) else ""
        if not in_class and c.isalpha() and c == prev and (not nxt or nxt not in "?*+{"):  # "" is in every str
            i += 1
            continue
        out.append(c)
        prev = c if (c.isalpha() and not in_class) else ""
        i += 1
    return "".join(out)


def _split_top_level(src: str) -> list[str] | None:
    """Items of a phrase source separated by spaces at parenthesis depth 0; None if it has a top-level ``|``."""
    items: list[str] = []
    depth = 0
    cur: list[str] = []
    i = 0
    while i < len(src):
        c = src[i]
        if c == "\\":
            cur.append(src[i:i + 2])
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:  # a group ends an item when followed by "?" or by another group
                nxt = src[i + 1:i + 2]
                if nxt in ("?", "*", "("):
                    cur.append(")" + (nxt if nxt != "(" else ""))
                    items.append("".join(cur))
                    cur = []
                    i += 1 if nxt == "(" else 2
                    continue
        elif c == "|" and depth == 0:
            return None
        if c == " " and depth == 0:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    items.append("".join(cur))
    return [it for it in items if it]


_FIRST_WORD = re.compile(r"([a-z0-9]+)(s\?)?(?:'([a-z0-9]+))?(?=$| |')")


def _literal_words(alt: str) -> set[str] | None:
    """Tokens the text must contain when ``alt`` (a literal start of a phrase alternative) matches."""
    m = _FIRST_WORD.match(alt)
    if not m:
        return None
    word, plural, after = m.groups()
    words = {word}
    if plural:
        words.add(word + "s")
    if after:  # "you're" may be written "youre"
        words.add(word + after)
    return words


def _group_alternatives(item: str) -> list[str] | None:
    """Alternatives of a group that spans the whole item, e.g. ``(?:snap|insta)``; None otherwise."""
    if not (item.startswith("(") and item.endswith(")")) or item.startswith(("(?=", "(?!", "(?<")):
        return None
    depth = 0
    for i, c in enumerate(item):
        depth += c == "("
        depth -= c == ")"
        if depth == 0 and i != len(item) - 1:
            return None
    inner = item[3:-1] if item.startswith("(?:") else item[1:-1]
    alts: list[str] = []
    cur: list[str] = []
    depth = 0
    for c in inner:
        if c == "|" and depth == 0:
            alts.append("".join(cur))
            cur = []
            continue
        depth += c == "("
        depth -= c == ")"
        cur.append(c)
    alts.append("".join(cur))
    return alts


def _triggers(src: str) -> list[frozenset[str]]:
    """Word sets the message must each share a token with for the phrase to be able to match (one per required item)."""
    items = _split_top_level(src)
    if items is None:
        return []
    required: list[frozenset[str]] = []
    for item in items:
        alts = _group_alternatives(item)
        words: set[str] | None = set()
        for alt in alts if alts is not None else [item]:
            found = _literal_words(alt)
            if found is None or words is None:
                words = None
                break
            words |= found
        if words:
            required.append(frozenset(squeeze(w) for w in words))
    return required


# Words so common in chat that a phrase gated on them would run on most messages.
_COMMON = frozenset({"you", "u", "ur", "your", "ya", "i", "me", "my", "im", "a", "an", "the", "to", "is", "are", "it",
                     "its", "that", "this", "and", "or", "of", "in", "on", "at", "for", "so", "do", "be", "we", "he",
                     "she", "they", "no", "not", "dont", "don", "what", "whats", "can", "will", "je", "j", "tu", "t",
                     "te", "ta", "ton", "tes", "toi", "de", "d", "en", "il", "elle", "pas", "se", "ma", "mon",
                     "le", "la", "les", "l", "un", "une", "et", "ou", "c", "cest", "est", "es", "qu", "que", "moi",
                     "m", "s", "n", "ne", "y", "tas", "jai", "ai", "va", "vais", "des", "du", "au"})


def _trigger_rank(words: frozenset[str]) -> tuple[int, int, int]:
    if any(w.startswith("@") for w in words):
        return (1, 0, 0)
    common = sum(w in _COMMON for w in words)
    return (-common, -len(words), min(len(w) for w in words))


# An item that starts with a word list or a choice of word lists: "{insult}", "({identity_term}|{slur})( people)?"
_LEADING_LISTS = re.compile(r"\{([a-z_]+)\}(?![?*])|\((\{[a-z_]+\}(?:\|\{[a-z_]+\})*)\)(?![?*])")


def _word_list_gates(src: str, word_features: set[str]) -> list[frozenset[str]]:
    """``{"@insult"}`` for each word list the phrase requires (an item that starts with ``{insult}``, or with a
    choice of lists ``({identity_term}|{slur})``: any of them): the best gates."""
    gates = []
    for item in _split_top_level(src) or []:
        m = _LEADING_LISTS.match(item)
        if not m:
            continue
        names = [m.group(1)] if m.group(1) else _MACRO.findall(m.group(2))
        if all(name in word_features for name in names):
            gates.append(frozenset("@" + name for name in names))
    return gates


def _word_regex(term: str) -> str:
    body = " ".join(re.escape(squeeze(w)) for w in _WORD_SPLIT.split(term.rstrip("*")) if w)
    return body + ("[a-z0-9]*" if term.endswith("*") else "")


def _phrase_safe(term: str, listed: frozenset[str] = frozenset()) -> bool:
    """Whether a listed word may stand in a phrase (``{insult}``). Phrases run on squeezed text, where a short word
    with a doubled letter is another word ("ass" -> "as": "i love you as well" matched "(you|u) {insult}"; "butt"
    -> "but", "xxx" -> "x"), or another listed word (English "coons" reads French "cons": "j'aime pas les cons"
    matched a slur about a group); the word matcher checks the doubled letters, a phrase cannot."""
    base = term.rstrip("*")
    key = squeeze(base)
    return key == base or (len(key) > 3 and key not in listed)


_ESCAPE_OR_CLASS = re.compile(r"\\.|\[[^\]]*\]|\{[a-z_]+\}|\(\?[<:=!]*")
_LETTERS = re.compile(r"[a-z]+")


def _literal_tokens(src: str) -> set[str]:
    """The literal words of a phrase source (escapes, classes, macro names and group syntax left out)."""
    return set(_LETTERS.findall(_ESCAPE_OR_CLASS.sub(" ", src)))


# French feminine participles and adjectives ("âgée", "fatiguées" fold to "agee", "fatiguees"): the masculine, or
# the word written without its accent, is the same word, so their "ee" stays squeezable.
_FRENCH_FEMININE = re.compile(r"...ees?$")


def _has_double(word: str) -> bool:
    return _SQUEEZE.search(word) is not None


def _strict(word: str, written: frozenset[str]) -> bool:
    """Whether a phrase word must keep its double letter: squeezed, it is a word the lexicons write ("off" -> "of")."""
    return _has_double(word) and squeeze(word) in written and not _FRENCH_FEMININE.search(word)


def _doubled(src: str, written: frozenset[str]) -> str | None:
    """``src`` (macros expanded, not squeezed) as a pattern over the unsqueezed text in which each word whose double
    letter tells it from a word the lexicons write ("off" / "of", "too" / "to", "pass" / "pas", "butt" / "but") keeps
    that double letter (``o+ff+``), while every other letter may be repeated as in the squeezed match (``k+i+l+``: a
    "kil yourself" typo still matches "kill yourself"). None when the phrase has no such word. Letters inside a
    look-behind, and a letter under its own quantifier, stay as written."""
    out: list[str] = []
    strict_found = False
    depth_behind: list[bool] = []  # per open group: is it a look-behind
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            out.append(src[i:i + 2])
            i += 2
            continue
        if c == "[":
            j = src.index("]", i + 1)
            out.append(src[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            behind = src.startswith(("(?<=", "(?<!"), i)
            depth_behind.append(behind)
            out.append(c)
            i += 1
            continue
        if c == ")":
            if depth_behind:
                depth_behind.pop()
            out.append(c)
            i += 1
            continue
        if c == "{":
            j = src.index("}", i + 1)
            out.append(src[i:j + 1])
            i = j + 1
            continue
        if not ("a" <= c <= "z"):
            out.append(c)
            i += 1
            continue
        j = i
        while j < n and "a" <= src[j] <= "z":
            j += 1
        word = src[i:j]
        quantified = j < n and src[j] in "?*+{"
        if any(depth_behind) or (src[i - 1:i] == "?" and src[i - 2:i] in ("(?",)):
            out.append(word)
            i = j
            continue
        strict = _strict(word, written)
        strict_found |= strict
        runs = [m.group() for m in _RUNS.finditer(word)]
        for k, run in enumerate(runs):
            if k == len(runs) - 1 and quantified:
                out.append(run)
            else:
                out.append((run if strict else run[0]) + "+")
        i = j
    if not strict_found:
        return None
    body = "".join(out).replace("'", r"[\W_]?").replace(" ", r"[\W_]*")
    return rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])"


@lru_cache(maxsize=2048)  # more than the phrases with a doubled-letter word
def _doubled_pattern(src: str, written: frozenset[str]) -> re.Pattern[str] | None:
    """``_doubled`` of a phrase source, compiled on the phrase's first squeezed match (most phrases never match)."""
    doubled = _doubled(src, written)
    return re.compile(doubled) if doubled is not None else None


def _doubled_match(src: str, written: frozenset[str], folded: str, start: int) -> bool:
    pattern = _doubled_pattern(src, written)
    return pattern is None or pattern.match(folded, start) is not None


def _expand(src: str, macros: dict[str, str]) -> str:
    for _ in range(3):  # macros may use macros
        src = _MACRO.sub(lambda m: macros[m.group(1)], src)
    return src


# "\\w+" (any word) before a separator in a phrase: it must end where the word ends. A space in a phrase allows no
# separator at all ("sendnudes"), so "(ur) (\\w+ )?(see)" had matched "ur hou|se" in "or ur house gets it".
_WHOLE_WORD_WILDCARD = re.compile(r"(\\w[+*])(?=[ ),|]|\( |$)")


def _whole_words(src: str) -> str:
    return _WHOLE_WORD_WILDCARD.sub(r"\1(?!\\w)", src)


def _compile_phrase(src: str, macros: dict[str, str]) -> tuple[re.Pattern[str], list[frozenset[str]]]:
    src = _squeeze_pattern(_whole_words(_expand(src, macros)))
    required = _triggers(src)
    body = src.replace("'", r"[\W_]?").replace(" ", r"[\W_]*")
    pattern = re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")
    return pattern, required


def _compile_innocent(src: str, macros: dict[str, str]) -> _Innocent:
    """An innocent phrase: like a phrase, but its letters are matched as written ("baisser" is not "baiser")."""
    src = _expand(src, macros)
    required = _triggers(src)
    if not required:
        raise ValueError("an innocent phrase must start with a literal word")
    body = src.replace("'", r"[\W_]?").replace(" ", r"[\W_]*")
    return _Innocent(re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])"), tuple(required))


def _fold(s: object) -> str:
    return str(s).lower().translate(FOLD_TABLE).replace("’", "'")


def _load_file(lang: str) -> dict[str, Any]:
    data = read_lexicon_file(f"{lang}.yaml") or {}
    if not isinstance(data, dict):
        raise ValueError(f"lexicons/{lang}.yaml must be a mapping")
    return data


def _written_words(files: dict[str, dict[str, Any]], phrases: list[tuple[str, str, Any, bool]]) -> frozenset[str]:
    """Every word the lexicons write with no double letter, in phrases, macros, word lists and innocent phrases, plus
    the common chat words: a phrase word that squeezes onto one of them ("off" onto "of") must keep its double."""
    words: set[str] = set(_COMMON)
    for data in files.values():
        for value in (data.get("macros") or {}).values():
            words |= _literal_tokens(_fold(value))
        for terms in (data.get("words") or {}).values():
            words |= {w for t in terms for w in _LETTERS.findall(_fold(t))}
        for src in data.get("innocent_phrases") or []:
            words |= _literal_tokens(_fold(src))
    for _lang, _feature, rule, _from_words in phrases:
        words |= _literal_tokens(_fold(rule if isinstance(rule, str) else rule["re"]))
    return frozenset(w for w in words if not _has_double(w))


def build(langs: Iterable[str] = LANGUAGES) -> Lexicon:
    """Compile the lexicon files; raises ValueError naming the file and feature on a bad entry."""
    lex = Lexicon()
    files = {lang: _load_file(lang) for lang in langs}
    macros: dict[str, str] = {}
    listed = frozenset(_fold(t).rstrip("*") for data in files.values() for terms in (data.get("words") or {}).values()
                       for t in terms)
    for data in files.values():
        for name, value in (data.get("macros") or {}).items():
            macros[name] = f"(?:{_fold(value)})"
        for feature, terms in (data.get("words") or {}).items():
            # every word list is also a macro: {insult} in a phrase means "any insult word"
            alts = "|".join(_word_regex(_fold(t)) for t in terms if _phrase_safe(_fold(t), listed))
            macros.setdefault(feature, "")
            macros[feature] = f"(?:{alts}|{macros[feature][3:-1]})" if macros[feature] else f"(?:{alts})"
    phrases: list[tuple[str, str, Any, bool]] = []
    word_features = {f for data in files.values() for f in (data.get("words") or {})}
    for lang, data in files.items():
        ambiguous = {squeeze(_fold(w)) for w in data.get("ambiguous") or []}
        lex.innocent |= {squeeze(_fold(w)) for w in data.get("innocent") or []}
        for src in data.get("innocent_phrases") or []:
            try:
                innocent = _compile_innocent(_fold(src), macros)
            except (re.error, KeyError, ValueError) as e:
                raise ValueError(f"lexicons/{lang}.yaml: innocent_phrases: bad phrase {src!r}: {e}") from None
            for w in max(innocent.requires, key=_trigger_rank):
                lex.innocent_triggers.setdefault(w, []).append(len(lex.innocent_phrases))
            lex.innocent_phrases.append(innocent)
        for feature, terms in (data.get("words") or {}).items():
            if feature not in FEATURE_INDEX:
                raise ValueError(f"lexicons/{lang}.yaml: unknown feature {feature!r}")
            for term in terms:
                term = _fold(term)
                lex.terms.setdefault(feature, []).append((lang, term))
                if not _SINGLE_TOKEN.fullmatch(term):  # "fils de pute", "sous-merde": a literal phrase
                    phrases.append((lang, feature, _word_regex(term), True))
                    continue
                base = term.rstrip("*")
                if term.endswith("*") and len(base) < 3:
                    raise ValueError(f"lexicons/{lang}.yaml: {feature}: prefix {term!r} is too short")
                key = squeeze(base)
                runs = _runs(base)
                entry = _Term(feature, runs if any(r > 1 for r in runs) else None, lang if key in ambiguous else None)
                target = lex.prefixes if term.endswith("*") else lex.words
                target.setdefault(key, []).append(entry)
        for feature, rules in (data.get("phrases") or {}).items():
            if feature not in FEATURE_INDEX:
                raise ValueError(f"lexicons/{lang}.yaml: unknown feature {feature!r}")
            phrases.extend((lang, feature, rule, False) for rule in rules)
    written = _written_words(files, phrases)
    lex.written = written
    strict_macros = {name for name, value in macros.items()
                     if any(_strict(w, written) for w in _literal_tokens(_expand(value, macros)))}
    for lang, feature, rule, from_words in phrases:
        if isinstance(rule, str):
            src, kind, when = rule, None, None
        else:
            src, kind, when = rule["re"], rule.get("kind"), rule.get("when")
        try:
            pattern, required = _compile_phrase(_fold(src), macros)
            doubled = None
            if not from_words and (any(_strict(w, written) for w in _literal_tokens(_fold(src)))
                                   or not strict_macros.isdisjoint(_MACRO.findall(src))):
                doubled = _whole_words(_expand(_fold(src), macros))
        except (re.error, KeyError) as e:
            raise ValueError(f"lexicons/{lang}.yaml: {feature}: bad phrase {src!r}: {e}") from None
        required = _word_list_gates(_fold(src), word_features) + required
        if when:
            required = [frozenset(squeeze(_fold(w)) for w in when)]
        idx = len(lex.phrases)
        primary = max(required, key=_trigger_rank) if required else None
        rest = tuple(r for r in required if r is not primary)
        lex.phrases.append(_Phrase(feature, pattern, kind or f"lexicon:{feature}", rest, from_words, doubled))
        if not from_words:
            lex.terms.setdefault(feature, []).append((lang, str(src)))
        if primary is None:
            lex.always.append(idx)
            continue
        if not primary.isdisjoint(_COMMON):
            lex.common_gated += 1
        for w in primary:
            lex.triggers.setdefault(w, []).append(idx)
    lex.prefix_lengths = tuple(sorted({len(k) for k in lex.prefixes}))
    for key in lex.prefixes:
        lex.prefix3.setdefault(key[:3], []).append(key)
    lex.word_keys = frozenset(lex.words)
    return lex


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    return build()


class _SqueezeMap:
    """Maps positions of the squeezed folded text back to the folded text (computed only when needed)."""

    __slots__ = ("folded", "identity", "_map")

    def __init__(self, folded: str, squeezed: str) -> None:
        self.folded = folded
        self.identity = len(squeezed) == len(folded)  # nothing was squeezed: positions are the same
        self._map: list[int] | None = None

    def __call__(self, i: int) -> int:
        if self._map is None:
            if self.identity:
                return min(i, len(self.folded))
            m: list[int] = []
            f = self.folded
            for k, ch in enumerate(f):
                if k and ch == f[k - 1] and "a" <= ch <= "z":
                    continue
                m.append(k)
            m.append(len(f))
            self._map = m
        return self._map[min(i, len(self._map) - 1)]


def _term_ok(term: _Term, folded_word: str, lang: str | None) -> bool:
    if term.lang is not None and term.lang != lang:
        return False
    if term.runs is None:
        return True
    runs = _runs(folded_word)
    return len(runs) >= len(term.runs) and all(r >= t for r, t in zip(runs, term.runs, strict=False))


def _word_hits(lex: Lexicon, tokset: set[str]) -> dict[str, list[_Term]]:
    """Tokens of the message that are lexicon words or start with a lexicon prefix, with their terms."""
    found: dict[str, list[_Term]] = {}
    innocent = lex.innocent
    for tok in (tokset & lex.word_keys) - innocent:
        found[tok] = list(lex.words[tok])
    prefix3 = lex.prefix3
    for tok in tokset:
        keys = prefix3.get(tok[:3])
        if keys and tok not in innocent:
            for key in keys:
                if tok.startswith(key):
                    found.setdefault(tok, []).extend(lex.prefixes[key])
    return found


# Classmates arranging to see each other at school ("on se voit demain au collège", "let's meet in class") are not
# an adult arranging a meeting: a mutual "see each other" whose place is the school is not a grooming meet cue
# (the minor reference "au collège" had escalated it to a grooming flag). "je viens te chercher au collège",
# an offer to come and pick a child up, still is.
_PEER_MEET = _compile_phrase(_fold(
    "(on |nous )?(se voit|se voir|se retrouve|se rejoint|se capte)|"
    "(let's|lets|we can|we could|we'll) meet( up)?"), {})[0]
_SCHOOL_PLACE = _compile_phrase(_fold(
    "(au|à l'|a l'|à la|a la|en|dans la|dans ma) (collège|college|lycée|lycee|école|ecole|récré|recre|récréation|"
    "cantine|classe|cours|perm|cdi|cour)|(at|in) (school|class|recess|lunch|the cafeteria|the school library|homeroom)"
), {})[0]


# Children's own secrets are not an adult's secrecy: "don't tell mom we ate the cookies" (a shared parent, no
# "your") and "don't tell anyone about the surprise party for mum" are not grooming secrecy cues, while
# "don't tell your mom" and "c'est notre petit secret" still are.
_FAMILY_SECRET = _compile_phrase(_fold(
    "(don't|dont|do not|never|won't|wont) (tell|show) (mom|mum|mommy|mummy|dad|daddy|mama|papa|grandma|grandpa)|"
    "(dis|dites|raconte|répète|dit)( le| lui| ça| ca)? (rien|pas) (à|a) (maman|papa|mamie|papi)"), {})[0]
_SURPRISE_FOR_SOMEONE = _compile_phrase(_fold(
    "surprise (party|for (mom|mum|dad|her|him|them|the|our|my|grandma|grandpa))|(birthday|bday) surprise|"
    "(fête|soirée|fete|soiree) surprise|surprise pour (maman|papa|sa|son|ses|la|le|notre|mon|ma|mamie|papi)|"
    # fifteenth audit: "it's a secret, we're planning a gift for the teacher"
    "(planning|plan|making|buying|getting|organising|organizing|preparing) (a |the |her |his |their )?(gift|present|"
    "surprise|party|cake|card) for (the|our|my|his|her|their|mom|mum|dad|grandma|grandpa|him|her|them|miss|mr|mrs|ms)|"
    "(prépare|prepare|préparer|preparer|préparons|on prépare|achète|acheter) (un|une|le|la) "
    "(cadeau|surprise|gâteau|gateau|fête|fete|carte) (pour|à|a) "
    "(la|le|notre|mon|ma|sa|son|maman|papa|mamie|papi|madame|monsieur|la prof|le prof)|"
    # eighteenth audit: "c'est notre petit secret : le gâteau pour l'anniversaire de maman 🤫"
    "(cadeau|surprise|gâteau|gateau|fête|fete|carte|secret) (pour|de) (l'anniversaire|l'anniv|la fête|la fete) (de|d') "
    "(maman|papa|mamie|papi|la|le|notre|mon|ma|sa|son|mes|nos)|"
    "(gift|present|surprise|cake|card|party) for (mom's|mum's|dad's|moms|mums|dads|grandma's|grandpa's|my|our|his|her) "
    "(\\w+ )?(birthday|bday|anniversary|retirement)|"
    # twentieth audit: "can you keep a secret? i got a puppy for my sister's birthday", "c'est l'anniversaire surprise"
    "(got|bought|made|found|ordered|getting|buying|making) (a|an|the|her|him|them|some) (\\w+ )?for "
    "(my|our|his|her|mom's|mum's|dad's|grandma's|grandpa's) (\\w+('s)? )?"
    "(birthday|bday|anniversary|retirement|christmas)|(anniversaire|anniv) surprise"
), {})[0]
_WORDS = re.compile(r"[a-z0-9]+")
# A child confiding their own secret: "don't tell anyone but i have a crush on sam", "dis rien mais j'ai eu 4 en
# maths". Not when "you" follows: "don't tell anyone but i really like you" is still secrecy.
_CONFIDING = re.compile(
    r"\s*,?\s*(?:but|mais)\s*,?\s*(?:i|i'm|im|i've|ive|i was|my|je|j'|j|jai|j'ai|ma|mon|mes)(?![a-z0-9])")


_ABOUT_US = _compile_phrase(_fold(
    "about (us|me|our|this chat|this convo|what we)|(de|sur) (nous|moi)|pour nous"), {})[0]


def _childrens_own_secret(sq: str, start: int, end: int) -> bool:
    if _ABOUT_US.search(sq):
        return False
    if _SURPRISE_FOR_SOMEONE.search(sq):
        return True
    confiding = _CONFIDING.match(sq, end)
    if confiding and context.SECOND_PERSON_TOKENS.isdisjoint(_WORDS.findall(sq, confiding.end())):
        return True
    return any(m.start() < end and start < m.end() for m in _FAMILY_SECRET.finditer(sq))


# Safety advice is not a request: "don't send nudes to anyone", "never send pics to strangers" tell a child what not
# to do (they were grooming flags, severity critical), and so does advice reported ("the teacher told us never to send
# nudes"). "don't send nudes to anyone but me" still asks.
_ADVICE_AGAINST = re.compile(
    r"(?:^|[^a-z0-9'])(?:don't|dont|do not|never|don't ever|dont ever|never ever|never to|not to|to never)\s*$")
_ONLY_TO_ME = _compile_phrase(_fold(
    "(only|but|except|apart from|other than) (me|to me|for me)|(sauf|qu') ?(à|a) moi|seulement (à|a) moi"), {})[0]


def _advice_against(sq: str, start: int) -> bool:
    return bool(_ADVICE_AGAINST.search(sq, max(0, start - 18), start)) and not _ONLY_TO_ME.search(sq)


def _peer_meeting_at_school(sq: str, start: int, end: int) -> bool:
    peer = any(m.start() < end and start < m.end() for m in _PEER_MEET.finditer(sq))
    return peer and bool(_SCHOOL_PLACE.search(sq))


def _blank_innocent(lex: Lexicon, folded: str, tokset: set[str]) -> str:
    """``folded`` with its innocent phrases replaced by spaces (same length, so every offset still holds)."""
    ids: set[int] = set()
    for t in tokset:
        found = lex.innocent_triggers.get(t)
        if found:
            ids.update(found)
    spans: list[tuple[int, int]] = []
    for idx in ids:
        entry = lex.innocent_phrases[idx]
        if all(not r.isdisjoint(tokset) for r in entry.requires):
            spans.extend(m.span() for m in entry.pattern.finditer(folded))
    if not spans:
        return folded
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def scan(text: str, normalized: Normalized | None = None, lang: str | None = None) -> Signals:
    """Lexicon, phrase, personal-information and context signals of one message."""
    lex = get_lexicon()
    n = normalized if normalized is not None else normalize(text)
    folded = n.folded
    sq = squeeze(folded)
    tokens = _TOKEN.findall(sq)
    tokset = set(tokens)
    blanked: str | None = None
    if not tokset.isdisjoint(lex.innocent_triggers):
        blanked = _blank_innocent(lex, folded, tokset)
        if blanked is folded:
            blanked = None
        else:
            folded = blanked
            sq = squeeze(folded)
            tokens = _TOKEN.findall(sq)
            tokset = set(tokens)
    smap = _SqueezeMap(folded, sq)
    values = [0.0] * len(FEATURE_NAMES)
    hits: list[tuple[str, int, int, str]] = []  # (feature, start, end, kind) in squeezed positions

    # 1. whole words and prefixes
    bad_words: list[tuple[int, int]] = []  # spans of listed bad words (squeezed positions)
    found = _word_hits(lex, tokset)
    if found:
        for m in _TOKEN.finditer(sq):
            terms = found.get(m.group())
            if not terms:
                continue
            folded_word = folded[smap(m.start()):smap(m.end())]
            seen: set[str] = set()
            for term in terms:
                if term.feature not in seen and _term_ok(term, folded_word, lang):
                    seen.add(term.feature)
                    hits.append((term.feature, m.start(), m.end(), f"lexicon:{term.feature}"))
                    if term.feature in _BAD_WORD_FEATURES:
                        bad_words.append((m.start(), m.end()))
        tokset.update("@" + t.feature for terms in found.values() for t in terms)

    # 2. phrases whose trigger words are present; a unit glued to its number ("24h", "48hrs", "5min") triggers a
    # phrase as the unit word would ("you have 24h", "t'as 24h"), without being a word hit of its own
    rule_ids: set[int] = set(lex.always)
    triggers = lex.triggers
    phrase_tokens = tokset
    units = {m.group(1) for t in tokset if t[:1].isdigit() for m in (_NUMBER_UNIT.match(t),) if m}
    if units:
        phrase_tokens = tokset | units
    for t in phrase_tokens:
        ids = triggers.get(t)
        if ids:
            rule_ids.update(ids)
    phrases = lex.phrases
    for idx in sorted(rule_ids):
        phrase = phrases[idx]
        if phrase.requires and any(map(phrase_tokens.isdisjoint, phrase.requires)):
            continue
        for m in phrase.pattern.finditer(sq):
            if phrase.doubled is not None and not _doubled_match(phrase.doubled, lex.written, folded, smap(m.start())):
                continue  # "take care of yourself" is not "off yourself"
            hits.append((phrase.feature, m.start(), m.end(), phrase.kind))
            if phrase.listed_words and phrase.feature in _BAD_WORD_FEATURES:
                bad_words.append((m.start(), m.end()))

    # 3. context cues, then count hits (attack hits neutralised by context count as mentioned_attack/_statement)
    negations = context.negation_ends(sq, tokset)
    if negations and "pas" in tokset:  # squeezed "pass" reads as French "pas": not a negation
        negations = [e for e in negations if sq[e - 3:e] != "pas" or folded[smap(e - 1):smap(e - 1) + 2] != "ss"]
    cues = context.Cues(negations=negations, breaks=context.clause_breaks(sq) if negations else [], text=sq)
    values[FEATURE_INDEX["negation"]] = len(cues.negations)
    evidence: list[Evidence] = []
    if hits:
        for feature, _s, _e, _k in hits:
            if feature in CUE_FEATURES and feature != "negation":
                setattr(cues, feature, True)
        seen_spans: set[tuple[str, int, int]] = set()
        covering = [(s, e) for f, s, e, _ in hits if f in _SUPPRESSING]
        statements: list[tuple[int, int]] = []  # neutralised attacks with no bad word in them
        for feature, start, end, kind in hits:
            if (feature, start, end) in seen_spans:
                continue
            seen_spans.add((feature, start, end))
            if feature in _SUPPRESSED and any(s <= start and end <= e for s, e in covering):
                continue  # "suicide-toi" tells someone else to die: not the writer's own suicidal ideation
            if feature == "grooming_meet" and _peer_meeting_at_school(sq, start, end):
                continue
            if feature == "image_request" and _advice_against(sq, start):
                continue
            if feature == "grooming_secrecy" and _childrens_own_secret(sq, start, end):
                continue
            if feature in CUE_FEATURES:
                values[FEATURE_INDEX[feature]] += 1
                continue
            if context.is_neutralised(feature, start, cues, end):
                if context.denied_belief(start, cues, end):
                    continue  # "i don't think you're ugly": nothing said to anyone, no bad word mentioned
                if any(start <= s and e <= end for s, e in bad_words):
                    values[_MENTIONED_ATTACK] += 1
                else:
                    statements.append((start, end))
                continue
            values[FEATURE_INDEX[feature]] += 1
            category = FEATURE_CATEGORY[feature]
            if category is not None:
                s, e = n.to_original(smap(start), smap(end))
                evidence.append(Evidence(s, e, kind, category))
        values[_MENTIONED_STATEMENT] = _count_merged(statements)

    # 4. personal information shared
    info = personal_info.find(text, n)
    if info.evidence:
        values[FEATURE_INDEX["personal_info_share"]] += sum(e.kind in _PI_SHARE_KINDS for e in info.evidence)
        evidence.extend(info.evidence)
    if info.ages and min(info.ages) < 18:
        values[FEATURE_INDEX["minor_reference"]] += 1
    second = tokset.intersection(context.SECOND_PERSON_TOKENS)
    if "t" in second and not _FR_T.search(sq):
        second.discard("t")  # the "t" of English "don't", "can't": not the French "t'es" / "t nul"
    values[FEATURE_INDEX["second_person"]] = len(second)
    if not text.islower():
        uppers = len(_UPPER.findall(text))
        letters = len(_LETTER.findall(text))
        if uppers and letters >= 6:
            values[FEATURE_INDEX["shouting"]] = uppers / letters

    # 5. combinations and rule scores: a child and something sexual in one message, unless the message protects
    # children from it ("porn is bad for kids", "how do i talk to my kids about sex") and makes no contact move
    if values[_MINOR] and any(values[i] for i in _SEXUAL_OR_IMAGE) and not (
            values[_PROTECTIVE] and not any(values[i] for i in _CONTACT_MOVES)):
        values[_SEXUAL_MINORS_COMBO] += 1
    if len(evidence) > 1:
        evidence.sort(key=lambda e: (e.start, e.end))
    scores = rule_scores(dict(zip(FEATURE_NAMES, values, strict=True))) if (hits or info.evidence) else {}
    return Signals(np.array(values, dtype=np.float32), evidence, scores, blanked)


_MINOR = FEATURE_INDEX["minor_reference"]
_MENTIONED_ATTACK = FEATURE_INDEX["mentioned_attack"]
_MENTIONED_STATEMENT = FEATURE_INDEX["mentioned_statement"]
_SEXUAL_OR_IMAGE = tuple(FEATURE_INDEX[k] for k in ("sexual", "sexual_explicit", "image_request", "emoji_sexual"))
_SEXUAL_MINORS_COMBO = FEATURE_INDEX["sexual_minors_combo"]
_PROTECTIVE = FEATURE_INDEX["protective_context"]
# what an adult approaching a child does (asks for images, secrecy, a meeting, threatens): protective words next to
# one of these ("it's not bad for kids, send me a pic") protect nobody
_CONTACT_MOVES = tuple(FEATURE_INDEX[k] for k in FEATURE_NAMES
                       if k.startswith(("grooming_", "sextortion_")) or k == "image_request")


def _count_merged(spans: list[tuple[int, int]]) -> int:
    """How many separate stretches of text ``spans`` cover: one quoted statement that several overlapping
    phrases match ("les arabes sont des cafards") is one mention."""
    count, reach = 0, -1
    for start, end in sorted(spans):
        if start >= reach:
            count += 1
        reach = max(reach, end)
    return count


def _noisy_or(*ps: float) -> float:
    q = 1.0
    for p in ps:
        q *= 1.0 - p
    return 1.0 - q


def _sat(count: float, p_one: float) -> float:
    """Probability-like strength of ``count`` independent cues each worth ``p_one``."""
    return 1.0 - (1.0 - p_one) ** count if count > 0 else 0.0


def rule_scores(f: dict[str, float]) -> dict[str, float]:
    """Rule-based probability-like scores (missing key: no opinion) from a feature dict."""
    scores: dict[str, float] = {}
    # sextortion: a threat to share images is the core; demands and countdowns alongside make it near-certain
    threat, demand, countdown, victim = (f["sextortion_threat"], f["sextortion_demand"], f["sextortion_countdown"],
                                         f["sextortion_victim_report"])
    if threat or demand or victim or countdown:
        p = _noisy_or(_sat(threat, 0.7), _sat(victim, 0.8), _sat(demand, 0.25), _sat(countdown, 0.2))
        if threat and (demand or countdown):
            p = max(p, 0.95)
        elif demand and countdown:  # "u have 2 hours. bitcoin address below": a deadline on a payment is extortion
            p = max(p, 0.55)
        scores["sextortion"] = round(p, 4)
    # personal information: shared identifiers, or a request for them
    # (a request for a picture of the person counts as a request, but not twice beside the picture request that
    # grooming already counts: "send me a pic of your face" is one ask)
    share, request, photo = f["personal_info_share"], f["personal_info_request"], f["photo_request"]
    if share or request or photo:
        scores["personal_info"] = round(_noisy_or(_sat(share, 0.8), _sat(request + photo, 0.6)), 4)
    # grooming: distinct cue types add up; sexual content, a minor reference or the writer saying they are an
    # adult alongside escalates (two of those: an adult and a child named in one message)
    kinds = [f[k] > 0 for k in ("grooming_compliment", "grooming_isolation", "grooming_secrecy",
                                "grooming_risk_check", "grooming_offplatform", "grooming_meet", "grooming_gift",
                                "grooming_sexual_question", "image_request")]
    n_kinds = sum(kinds)
    # "do you like sex? how old are you": sexual talk to "you" with a request for their age, school or address
    sexual_ask = f["personal_info_request"] and f["second_person"] and (f["sexual"] or f["sexual_explicit"])
    if n_kinds or sexual_ask:
        base = {0: 0.5, 1: 0.45, 2: 0.75, 3: 0.9}.get(n_kinds, 0.96)
        if sexual_ask:
            base = _noisy_or(base, 0.3) if n_kinds else base
        if f["grooming_secrecy"] or f["grooming_risk_check"] or f["grooming_sexual_question"]:
            base = max(base, 0.6)
        if f["minor_reference"] or f["adult_reference"] or f["sexual"] or f["sexual_explicit"] or f["sexual_context"]:
            base = _noisy_or(base, 0.4)
        if f["minor_reference"] and f["adult_reference"]:  # "i'm 30 and you're 13, age is just a number"
            base = _noisy_or(base, 0.4)
        if (f["image_request"] or f["grooming_gift"] or f["grooming_compliment"] or f["grooming_meet"]) and \
                f["personal_info_request"]:
            # "how old are you? send a pic", "what's your address? i'll send you a gift", "what grade are you in?
            # you're so pretty", "whats ur schedule tomorrow? ill be near ur school"
            base = _noisy_or(base, 0.3)
        scores["grooming"] = round(base, 4)
    # sexual content: an explicit act named is sexual by definition, and so is asking for a sexual picture ("send
    # me a naked pic", "une photo de tes seins"); a sexual word alone ("sex", "nudes") leans so
    # ("what color is ur underwear": a question to "you" about underwear is sexual as well as grooming)
    asks = (f["image_request"] > 0 or f["grooming_sexual_question"] > 0) and \
        (f["sexual"] or f["sexual_context"] or f["emoji_sexual"])
    if f["sexual"] or f["sexual_explicit"] or asks:
        scores["sexual"] = round(_noisy_or(_sat(f["sexual_explicit"], 0.85), _sat(f["sexual"], 0.3),
                                           0.5 if asks else 0.0), 4)
    # sexual content involving minors
    if f["sexual_minors_term"] or f["sexual_minors_combo"]:
        scores["sexual_minors"] = round(_noisy_or(_sat(f["sexual_minors_term"], 0.85),
                                                  _sat(f["sexual_minors_combo"], 0.75)), 4)
    # self-harm ideation said about oneself (an eating-disorder phrase is specific enough to count like self-injury)
    if f["suicide"] or f["self_harm"] or f["eating_disorder"]:
        scores["self_harm"] = round(_noisy_or(_sat(f["suicide"], 0.7), _sat(f["self_harm"], 0.6),
                                              _sat(f["eating_disorder"], 0.6)), 4)
    # bad language and hateful statements: a lexicon hit is the category by definition (context already
    # neutralised negated, condemned, reclaimed and quoted hits); one bad word is worth 0.85 so that it clears the
    # profanity threshold (0.69, chosen for precision) whatever the model thinks of the rest of the message
    if f["profanity"] or f["slur"]:
        scores["profanity"] = round(_noisy_or(_sat(f["profanity"], 0.85), _sat(f["slur"], 0.5)), 4)
    if f["hate_expression"] or f["dehumanising"]:
        scores["hate"] = round(_noisy_or(_sat(f["hate_expression"], 0.6), _sat(f["dehumanising"], 0.6)), 4)
    # violence: a threat of violence ("i'm going to stab you", "je vais te tuer"), worse with a weapon named
    if f["threat"]:
        scores["violence"] = round(_noisy_or(_sat(f["threat"], 0.7), _sat(f["weapon"], 0.3)), 4)
    # harassment: an insult said to someone ("you idiot", "@sam loser"), less sure about someone ("he is an idiot":
    # a public figure as well as a classmate), and telling someone to kill themselves
    if f["self_harm_incitement"] or f["insult_second_person"] or f["insult_third_person"]:
        scores["harassment"] = round(_noisy_or(_sat(f["self_harm_incitement"], 0.85),
                                               _sat(f["insult_second_person"], 0.6),
                                               _sat(f["insult_third_person"], 0.45)), 4)
    return scores
