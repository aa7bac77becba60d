"""Context cues that change what a rude or hateful word means: negation, counter-speech, reclaimed
self-identification and quoting/reporting.

"I don't hate immigrants", "calling someone a <slur> is never ok", "proud to be gay" and "he called me
a <slur>" contain attack words but are not attacks. The lexicon finds the words and the cue phrases
(``negation``, ``counter_speech``, ``self_identification``, ``quote_or_report`` in the lexicon files);
this module decides which attack hits those cues neutralise, so that the attack features
(``slur``, ``insult``, ``hate_expression``...) count only real attacks and the neutralised hits are
counted in ``mentioned_attack`` (a bad word) or ``mentioned_statement`` (a hateful statement or threat made
without one) instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Attack features that context can neutralise, and the cue that neutralises each kind.
ATTACK_FEATURES = frozenset({"slur", "insult", "insult_second_person", "insult_third_person", "mild_insult",
                             "dehumanising", "hate_expression", "threat", "body_shaming", "self_harm_incitement"})
IDENTITY_FEATURES = frozenset({"slur", "identity_term", "hate_expression"})

# Negation tokens as they appear after normalisation and squeezing of double letters (``don't`` -> ``don``, ``t``).
NEGATION_TOKENS = frozenset({"not", "never", "no", "don", "dont", "doesn", "doesnt", "didn", "didnt", "isn", "isnt",
                             "aren", "arent", "wasn", "wasnt", "won", "wont", "can", "cant", "canot", "nobody",
                             "ne", "n", "pas", "jamais", "aucun", "aucune", "rien", "personne", "nothing"})
_NEGATION = re.compile(
    r"(?<![a-z0-9])(?:not|never|no|nobody|nothing|don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|won'?t|can'?t|canot"
    r"|ne|n'|pas|jamais|aucune?|rien)(?![a-z0-9])"
)
SECOND_PERSON_TOKENS = frozenset({"you", "u", "your", "ur", "youre", "yours", "yourself", "ya", "yo", "thou", "yu",
                                  "tu", "t", "te", "toi", "ton", "ta", "tes", "vous", "votre", "vos", "ty"})
NEGATION_WINDOW = 24  # characters before an attack hit in which a negation word neutralises it
# ...and at most this many words between them, none of them "you": "not an idiot", "don't hate", "ne déteste"
# are negated; "I do not like talking to you <slur>", "can't take u <slur> anywhere" are not (measured on the
# shared dev splits, a looser scope defused as many real attacks as it spared harmless messages).
NEGATION_MAX_GAP_WORDS = 2
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(slots=True)
class Cues:
    """Context found in one message (positions in the squeezed, folded text)."""

    negations: list[int] = field(default_factory=list)  # end positions of negation words
    counter_speech: bool = False
    self_identification: bool = False
    quote_or_report: bool = False
    breaks: list[int] = field(default_factory=list)  # positions of clause breaks (, . ; ! ?): a negation stops there
    text: str = ""  # the squeezed, folded text the positions refer to


def negation_ends(squeezed: str, tokens: set[str]) -> list[int]:
    """End positions of negation words; cheap when the message has none (a set intersection)."""
    if tokens.isdisjoint(NEGATION_TOKENS):
        return []
    return [m.end() for m in _NEGATION.finditer(squeezed)]


_BREAK = re.compile(r"[,.;!?]")


def clause_breaks(squeezed: str) -> list[int]:
    """Positions of punctuation that ends a clause ("no, you are an idiot": the "no" does not negate "idiot")."""
    return [m.start() for m in _BREAK.finditer(squeezed)]


def second_person_count(tokens: list[str]) -> int:
    return sum(1 for t in tokens if t in SECOND_PERSON_TOKENS)


# A belief denied just before the words said to someone: "i don't think you're ugly", "no one thinks ur a loser",
# "personne pense que t'es moche", "je trouve pas que t'es nulle" (nineteenth audit); "i know you're ugly" is no denial.
# Nothing is said to the person then, and no bad word is mentioned either. Written as matched: letters squeezed.
_DENIED_BELIEF = re.compile(
    r"(?:(?<![a-z0-9])(?:don'?t|do not|doesn'?t|does not|didn'?t|did not|never|no one|none|nobody|not one person)"
    r"(?: (?:realy|even|ever|actualy|honestly|seriously))? (?:think|thinks|thought|believe|believes|said|says|say"
    r"|fel|fels|find|finds|considers?)(?: that)?"
    r"|(?<![a-z0-9])(?:persone|je|j'?|on|jamais (?:je|on)) ?(?:ne |n'?)?(?:pense|trouve|dit|crois|croit|a dit)"
    r"(?: pas| jamais)? (?:que|qu'?))"
    # then the clause said of the person, up to the hit: "you're ugly", "ur a loser", "t'es moche"
    r" ?(?:(?:you're|youre|you are|ur|u r|u are|t'?es|tu es)(?![a-z0-9])[^,.;!?]{0,25})?$"
)


def denied_belief(start: int, cues: Cues, end: int | None = None) -> bool:
    """Whether the attack word or phrase at ``start`` is said of someone after a denied belief ("i don't think
    you're ugly", "no one thinks ur a loser"): nothing is said to them, and nothing is mentioned either. A hit that
    runs on past a clause break is not the denied clause alone ("nobody thinks ur pretty, ugly cow")."""
    if end is not None and _BREAK.search(cues.text, start, end):
        return False
    return _DENIED_BELIEF.search(cues.text, max(0, start - 64), start) is not None


def is_neutralised(feature: str, start: int, cues: Cues, end: int | None = None) -> bool:
    """Whether an attack hit of ``feature`` starting at ``start`` is negated, countered, reclaimed or reported."""
    if feature not in ATTACK_FEATURES:
        return False
    if cues.counter_speech or cues.quote_or_report:
        return True
    if cues.self_identification and feature in IDENTITY_FEATURES:
        return True
    if denied_belief(start, cues, end):
        return True
    first = _WORD.match(cues.text, start)
    if first and first.group() in SECOND_PERSON_TOKENS:
        return False  # "can't take u <slur>": the negation is about something else, the insult is addressed
    return any(start - NEGATION_WINDOW <= end <= start and not any(end <= b < start for b in cues.breaks)
               and _negates(cues.text, end, start, feature) for end in cues.negations)


def _squeezed(words: str) -> frozenset[str]:
    """The words as the text they are matched on spells them (repeated letters squeezed: "support" -> "suport")."""
    return frozenset(re.sub(r"([a-z])\1+", r"\1", w) for w in words.split())


_BARE_NO = re.compile(r"(?<![a-z0-9])no$")
_NEGATION_TAIL = re.compile(r"[a-z0-9']*$")  # the negation word itself, at the end of the text before the hit
# "no" that starts an idiom negates nothing: "ur so ugly no wonder nobody likes u", "no offense but you're a ...",
# "no good fat <slur>"
NO_IDIOMS = _squeezed("wonder doubt offense offence cap joke lie kidding good")
IMPERATIVE_BE = frozenset({"be", "being", "sois", "soyez", "fais", "faites"})
# twenty-fourth audit: not being afraid to do it is saying one will ("i'm not afraid to slit your throat", "i won't
# hesitate to", "j'ai pas peur de te tuer")
FEARLESS = _squeezed("afraid scared frightened hesitate hesitating peur hésiter hesiter")
# a contrast ends the negation's scope: "I'm not racist but immigrants are animals"
CONTRAST_WORDS = frozenset({"but", "yet", "though", "however", "mais", "pourtant", "cependant"})
# A negated verb of liking or tolerating keeps its object a put-down: "can't stand that <slur>", "i don't trust
# <slur>s", "je supporte pas ce <slur>" negate the verb, not the slur (an insult or slur word only: "i don't want
# to hurt you" still negates the threat). English puts the verb after the negation, French before "pas".
NOUN_ATTACKS = frozenset({"slur", "insult", "mild_insult", "dehumanising", "body_shaming"})


DISLIKE_VERBS_AFTER = _squeezed("stand support trust respect tolerate hire date accept like serve rent "
                                "confiance blairer sentir saquer encadrer piffer")
DISLIKE_VERBS_BEFORE = _squeezed("supporte supportes aime aimes apprecie respecte tolere accepte")
# Setting oneself apart from a group is an attack on it: "at least i'm not a <slur>", "glad i'm not a ...",
# "heureusement que je suis pas un ...".
_SELF_DISTINCTION = re.compile(
    r"(?<![a-z0-9])(?:at least|glad|thank god|thankfully|lucky|au moins|heureusement|dieu merci)"
    r"(?![a-z0-9])[^,.;!?]{0,16}$")


def _negates(text: str, end: int, start: int, feature: str = "") -> bool:
    """Whether the negation ending at ``end`` scopes over the attack word starting at ``start``: at most
    ``NEGATION_MAX_GAP_WORDS`` words between them, no "you" or "but" among them, not a reproach ("don't be stupid",
    "stop being a ...", "ne sois pas con"), not an interjection ("no bitch", "no idiot would..."), and for an
    insult or slur word neither a negated verb of liking (``DISLIKE_VERBS_AFTER``, ``DISLIKE_VERBS_BEFORE``) nor
    setting oneself apart ("at least i'm not a ...")."""
    words = _WORD.findall(text[end:start])
    if (len(words) > NEGATION_MAX_GAP_WORDS or not SECOND_PERSON_TOKENS.isdisjoint(words)
            or not CONTRAST_WORDS.isdisjoint(words)):
        return False
    if feature in NOUN_ATTACKS:
        before = _NEGATION_TAIL.sub("", text[max(0, end - 40):end])
        if (not DISLIKE_VERBS_AFTER.isdisjoint(words) or _SELF_DISTINCTION.search(before)
                or not DISLIKE_VERBS_BEFORE.isdisjoint(_WORD.findall(before)[-2:])):
            return False
    if words and (words[0] in IMPERATIVE_BE or words[0] in FEARLESS):
        return False
    if words and words[0] in NO_IDIOMS and _BARE_NO.search(text, max(0, end - 3), end):
        return False
    return not (not words and _BARE_NO.search(text, max(0, end - 3), end))
