"""One normalisation step shared by every text detector, against evasion.

``normalize(text)`` lower-cases and folds a message so that the lexicons, rules and models all see the
same canonical form, however it was disguised:

* Unicode NFKC (full-width, mathematical, circled letters), look-alike letters from other scripts
  (``lexicons/confusables.yaml``: Cyrillic ``а``/``е``/``о``, Greek, ...), zero-width and format
  characters, combining marks (Zalgo text) and skin-tone modifiers removed;
* common emoji substitutes replaced by a word (``lexicons/emoji.yaml``: 🍆 → ``eggplantemoji``);
* spaced-out letters joined (``s e x``, ``s.e.x``, ``k-y-s``), and a listed word split from the one-letter
  words spelt out before it (``u r a b i t c h`` → ``u r a bitch``);
* leetspeak decoded inside words (``s3x``, ``p0rn``, ``a$$``, ``b!tch``) but not in numbers, times,
  ordinals or ages (``2024``, ``5h30``, ``6th``, ``11yo``, ``13ans``, ``cm2``);
* letters masked by asterisks restored where the word can only be one listed word (``b*tch``, ``m*slims``);
* runs of three or more identical letters squeezed to two (``biiiitch`` → ``biitch``; ``cool`` stays);
* French accents kept in ``text`` and removed in ``folded``.

Every character of the result remembers the index of the original character it came from, so a match
in the normalised text maps back to a span of what the user actually wrote (``to_original``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from kidsafe.text.vocabulary import Vocabulary

LEXICON_DIR = Path(__file__).with_name("lexicons")
# libyaml's loader where PyYAML has it: the lexicons parse in 0.02 s instead of 0.3 s, at every start-up
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_lexicon_file(name: str) -> Any:
    """``lexicons/<name>`` parsed with a safe YAML loader."""
    return yaml.load((LEXICON_DIR / name).read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - safe loader

FR_ACCENTED = "àâäçéèêëîïôöùûüÿ"
FOLD_TABLE = str.maketrans(FR_ACCENTED, "aaaceeeeiioouuuy")
_APOSTROPHES = "’‘`´ʼʹ′＇"
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}
_COMBINING = "\x00"  # marker returned by _map_char for combining marks (merged into an accent or dropped)
_CACHE_LIMIT = 50_000

# ASCII fast path: lower() keeps the length; map back-quote to an apostrophe and controls to spaces.
_ASCII_TABLE = str.maketrans({"`": "'", **{chr(i): " " for i in range(32)}, "\x7f": " "})

# Leetspeak: characters decoded inside a word that also has letters.
_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g",
                             "@": "a", "$": "s", "|": "l", "!": "i"})
_LEET_TOKEN = re.compile(r"(?<![\w@$!|])(?=[\w@$!|]*[0-9@$!|])[\w@$!|]+")
# Listed words whose "a" is written "@" at the start of the word ("@ss", "@sshole", "@rse"): an "@" that starts any
# other word starts a mention.
_AT_LEET_WORDS = ("ass", "arse", "anal", "anus")
# Short words whose leetspeak looks like a model number ("s0", "ar3", "m3"): decoded anyway ("y0u ar3 s0 stup1d").
_LEET_SHORT_WORDS = frozenset({"so", "are", "be", "me", "to", "no", "go", "ya", "he", "we", "see", "she", "the",
                               "sex", "ass", "fat", "hoe", "te", "do", "kill", "kills", "die", "dead"})
# Numbers that are not leetspeak: ordinals, ages, times, units, French school years.
_NUMBER_WORD = re.compile(
    r"\d+(?:[.,:h]\d+)?(?:st|nd|rd|th|e|è|er|re|ere|ère|eme|ème|em|ieme|ième|yos|yo|y|yrs?|ans?|h|hrs?|am|pm|k|m|km|"
    r"cm|mm|kg|g|min|mn|sec|s|x|p|fps|gb|go|mo|ko|mb|v|eur|euros?|ms|d|j|mois|ml|l)?"
    r"|(?:cp|ce1|ce2|cm1|cm2|[a-z]{1,3}\d{1,4}|\d+[a-z]\d+|[1-9]\d{0,3}[a-z])"  # "221b" (a house number), "4k", "5g"
)
_NAME_NUMBER = re.compile(r"\d{3,}|_\w*\d$|(?<![0-9])[0-9]*[268][0-9]*$|(?<=[a-z]{3})(?<![0-9])([0-9])(?!\1)[0-9]$")
# Spaced letters: three or more single letters (or leet characters) separated by 1-2 separators.
# The last letter must end its word: in "u r a b!tch" the "b" starts "b!tch" ("!" is a leet "i").
# (an emoji between the letters separates them too: "k🙂y🙂s")
_SEP = " .\\-_*·\U0001F300-\U0001FAFF\u2600-\u27BF"
_SPACED = re.compile(rf"(?<![\w@$|*])(?:[^\W_@$|][{_SEP}]{{1,2}}|[@$|][{_SEP}]{{1,2}}){{2,}}[\w@$|](?![\w@$|*]|![a-z])")
_SPACED_SEP = re.compile(rf"[{_SEP}]+")
# Three-letter words worth joining when spelt out; longer spelt-out runs are always joined.
_SHORT_JOINS = frozenset({"sex", "kys", "kms", "ass", "fag", "die", "cum", "gay", "fdp", "ntm", "tg", "pd", "nud",
                          "wtf", "stfu", "pute", "bite", "cul"})
# Two letters written with dots ("p.d.", "t.g"): too short for a spelt-out run, joined only where they spell one of
# these two-letter insults (not "a.m.", "p.m.", "u.k.").
_DOTTED_PAIR = re.compile(r"(?<![\w@$|*.])([^\W\d_])\.([^\W\d_])(?=\.?(?:$|[^\w@$|*.]))")
_PAIR_JOINS = frozenset({"pd", "tg"})
# One-letter words a spelt-out run may start with ("u r a l o s e r"; French "c" and "t" for "c'est", "t'es").
_PEELABLE = frozenset("uraict")
# A word with letters masked by asterisks: one star per hidden letter, a letter after the last star.
_MASKED = re.compile(r"(?<![\w*])[^\W\d_]+(?:\*+[^\W\d_]+)+(?![\w*])")
_RUN3 = re.compile(r"([a-zß-ÿа-яα-ω])\1\1+")
_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


@dataclass(frozen=True, slots=True)
class Normalized:
    """A message in canonical form; ``offsets[i]`` is the original index of ``text[i]`` (and ``folded[i]``)."""

    text: str
    folded: str
    offsets: tuple[int, ...]
    original: str = ""

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of ``text``/``folded`` to the span of the original text it came from."""
        n = len(self.offsets)
        if n == 0:
            return (0, 0)
        start = min(max(start, 0), n - 1)
        end = min(max(end, start + 1), n)
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1
        orig = self.original
        while o_end < len(orig) and _is_invisible(orig[o_end]):
            o_end += 1
        return (o_start, o_end)


def _is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) in _DROPPED_CATEGORIES or 0x1F3FB <= ord(ch) <= 0x1F3FF


@lru_cache(maxsize=1)
def confusables() -> dict[str, str]:
    """Look-alike character -> Latin letter, from ``lexicons/confusables.yaml``."""
    data = read_lexicon_file("confusables.yaml")
    return {ch: latin for latin, chars in data.items() for ch in chars}


@lru_cache(maxsize=1)
def emoji_words() -> dict[str, str]:
    """Emoji -> the word normalize() writes in its place, from ``lexicons/emoji.yaml``."""
    data = read_lexicon_file("emoji.yaml")
    return {str(k): str(v) for k, v in data.items()}


_char_cache: dict[str, str] = {}


def _map_char(c: str) -> str:
    """What one non-ASCII character becomes: '' (dropped), _COMBINING, or one or more lower-case chars."""
    emoji = emoji_words().get(c)
    if emoji is not None:
        return f" {emoji} "
    cat = unicodedata.category(c)
    if cat in ("Mn", "Me"):
        return _COMBINING
    if cat == "Cf" or 0x1F3FB <= ord(c) <= 0x1F3FF:
        return ""
    if cat in ("Cc", "Zs", "Zl", "Zp"):
        return " "
    if c in _APOSTROPHES:
        return "'"
    table = confusables()
    out = []
    for ch in unicodedata.normalize("NFKC", c).lower():
        ch = table.get(ch, ch)
        if ch.isascii() or ch in FR_ACCENTED:
            out.append(ch)
        elif ch in _LIGATURES:
            out.append(_LIGATURES[ch])
        else:
            base = "".join(b for b in unicodedata.normalize("NFD", ch) if not unicodedata.combining(b))
            out.append(table.get(base, base) if base else "")
    return "".join(out)


def _map_chars(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    offsets: list[int] = []
    cache = _char_cache
    for i, c in enumerate(text):
        if c.isascii():
            chars.append(c.lower() if c >= " " else " ")
            offsets.append(i)
            continue
        m = cache.get(c)
        if m is None:
            m = _map_char(c)
            if len(cache) < _CACHE_LIMIT:
                cache[c] = m
        if m == _COMBINING:
            if chars and chars[-1].isalpha():  # "e" + U+0301 -> "é" when French keeps it; otherwise dropped
                composed = unicodedata.normalize("NFC", chars[-1] + c)
                if len(composed) == 1 and composed in FR_ACCENTED:
                    chars[-1] = composed
            continue
        if len(m) == 1:
            chars.append(m)
            offsets.append(i)
        else:
            for ch in m:
                chars.append(ch)
                offsets.append(i)
    return "".join(chars), offsets


def _join_spaced(s: str, offsets: list[int]) -> tuple[str, list[int]]:
    out: list[str] = []
    out_offsets: list[int] = []
    pos = 0
    for m in _SPACED.finditer(s):
        letters = _SPACED_SEP.sub("", m.group())
        if sum(ch.isalpha() for ch in letters) < 2:
            continue
        if len(letters) < 4 and letters.translate(_LEET_TABLE) not in _SHORT_JOINS:
            continue
        out.append(s[pos:m.start()])
        out_offsets.extend(offsets[pos:m.start()])
        # letters one separator apart make a word; where the run also has wider gaps, those are the spaces
        # between its words ("y o u  a r e  u g l y" -> "you are ugly", not "youareugly"); where it mixes plain
        # spaces with dots or dashes, the spaces are ("u r a f.a.g.g.o.t" -> "u r a faggot")
        seps = [g.group() for g in _SPACED_SEP.finditer(m.group())]
        mixed = len({sep.strip(" ") == "" for sep in seps}) > 1
        word_gap = len(set(map(len, seps))) > 1 and min(map(len, seps)) == 1
        peel = 0 if mixed or word_gap else _leading_words(letters)
        k = m.start()
        n_letters = 0
        while k < m.end():
            gap = _SPACED_SEP.match(s, k, m.end())
            if gap:
                g = gap.group()
                if n_letters <= peel or ((g.strip(" ") == "") if mixed else (word_gap and len(g) > 1)):
                    out.append(" ")
                    out_offsets.append(offsets[k])
                k = gap.end()
                continue
            out.append(s[k])
            out_offsets.append(offsets[k])
            n_letters += 1
            k += 1
        pos = m.end()
    if pos == 0:
        return s, offsets
    out.append(s[pos:])
    out_offsets.extend(offsets[pos:])
    return "".join(out), out_offsets


def _join_dotted_pairs(s: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``s`` without the dot inside each listed pair ("p.d." -> "pd.")."""
    dots = {m.start() + 1 for m in _DOTTED_PAIR.finditer(s)
            if (m.group(1) + m.group(2)).translate(FOLD_TABLE) in _PAIR_JOINS}
    if not dots:
        return s, offsets
    keep = [i for i in range(len(s)) if i not in dots]
    return "".join(s[i] for i in keep), [offsets[i] for i in keep]


def _leading_words(letters: str) -> int:
    """How many one-letter words open a spelt-out run that is no listed word but ends on one ("uraloser")."""
    key = letters.translate(_LEET_TABLE).translate(FOLD_TABLE)
    vocab = _vocabulary()
    if vocab.is_listed(key):
        return 0
    for k in range(1, min(3, len(key) - 3) + 1):
        if key[k - 1] not in _PEELABLE:
            break
        if vocab.is_listed(key[k:]):
            return k
    return 0


def _unmask(m: re.Match[str]) -> str:
    token = m.group()
    word = _vocabulary().unmask(token.translate(FOLD_TABLE))
    return word if word is not None else token


def _vocabulary() -> Vocabulary:
    from kidsafe.text.vocabulary import vocabulary  # it reads the lexicon files, with this module's tables

    return vocabulary()


def _decode_leet(m: re.Match[str]) -> str:
    tok = m.group()
    if tok[0] == "@" and len(tok) > 1 and (tok[1].isalnum() or tok[1] == "_") \
            and not tok.translate(_LEET_TABLE).startswith(_AT_LEET_WORDS):
        return tok  # a mention ("@sam_99 loser"), kept as typed: not "asam_gg"
    core = tok.rstrip("!|")
    if not core or core.isdigit() or not any(ch.isalpha() for ch in core):
        return tok
    # a user name's number ("lily.rose2011", "gamer123", "sniper_99", "lily09", "covid19"): three digits or more,
    # digits after an underscore, a trailing number with a digit that stands for no letter, or two different digits
    # ending a word of three letters or more, are not leetspeak ("ki11", "di3", "h0e" still are)
    if _NAME_NUMBER.search(core):
        return tok
    # a doubled "1" inside a word is "ll" ("ki11", "ki11er", "he11"): a doubled "i" hardly occurs
    decoded = core.replace("11", "ll").translate(_LEET_TABLE)
    if _NUMBER_WORD.fullmatch(core) and decoded not in _LEET_SHORT_WORDS:
        return tok  # "ps4", "mp3", "a4", "cm2", "3rd": not leetspeak
    return decoded + tok[len(core):]


def _squeeze(s: str, offsets: list[int]) -> tuple[str, list[int]]:
    out: list[str] = []
    out_offsets: list[int] = []
    pos = 0
    for m in _RUN3.finditer(s):
        out.append(s[pos:m.start() + 2])
        out_offsets.extend(offsets[pos:m.start() + 2])
        pos = m.end()
    out.append(s[pos:])
    out_offsets.extend(offsets[pos:])
    return "".join(out), out_offsets


def normalize(text: str) -> Normalized:
    """Canonical, evasion-resistant form of ``text`` with a map back to the original offsets."""
    offsets: list[int] | None
    if text.isascii():
        s = text.lower().translate(_ASCII_TABLE)
        offsets = None
    else:
        s, offsets = _map_chars(text)
    if _SPACED.search(s):
        s, offsets = _join_spaced(s, offsets if offsets is not None else list(range(len(s))))
    if "." in s and _DOTTED_PAIR.search(s):
        s, offsets = _join_dotted_pairs(s, offsets if offsets is not None else list(range(len(s))))
    s = _LEET_TOKEN.sub(_decode_leet, s)  # same length: offsets unchanged
    if "*" in s:
        s = _MASKED.sub(_unmask, s)  # same length: offsets unchanged
    if _RUN3.search(s):
        s, offsets = _squeeze(s, offsets if offsets is not None else list(range(len(s))))
    folded = s if s.isascii() else s.translate(FOLD_TABLE)
    return Normalized(s, folded, tuple(offsets) if offsets is not None else tuple(range(len(s))), text)
