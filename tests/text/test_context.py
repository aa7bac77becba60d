"""Negation, counter-speech, reclaimed self-identification and quoting neutralise attack words (invented texts)."""

from __future__ import annotations

import numpy as np
import pytest

from kidsafe.text.lexicon import FEATURE_NAMES, scan
from kidsafe.text.scoring import defusing_context

ATTACKS = ("slur", "insult", "insult_second_person", "hate_expression", "dehumanising")


def features(text: str, lang: str | None = None) -> dict[str, float]:
    return {n: float(v) for n, v in zip(FEATURE_NAMES, scan(text, lang=lang).features, strict=True) if v}


@pytest.mark.parametrize(("text", "cue"), [
    ("calling someone a faggot is never ok", "counter_speech"),
    ("proud to be gay", "self_identification"),
    ("he called me a retard in class", "quote_or_report"),
    ("I don't hate immigrants", "negation"),
    ("I don't hate gay people at all", "counter_speech"),
    ("we really do not hate muslims", "counter_speech"),
    ("nobody should say all jews are evil", "counter_speech"),
])
def test_cues_are_found_and_attacks_not_counted(text: str, cue: str) -> None:
    f = features(text, "en")
    assert f.get(cue)
    assert not any(f.get(a) for a in ATTACKS)


def test_real_attacks_stay_attacks() -> None:
    assert features("you are a faggot", "en").get("slur")
    assert features("I hate immigrants", "en").get("hate_expression")


def test_defusing_context_needs_an_explicit_cue() -> None:
    texts = ["calling someone a faggot is never ok", "he called me a retard", "you are a faggot",
             "I'm not sure, you stupid idiot"]
    lexicon = np.stack([scan(t, lang="en").features for t in texts])
    assert defusing_context(lexicon).tolist() == [1.0, 1.0, 0.0, 0.0]


@pytest.mark.parametrize(("text", "lang"), [("no, you are a stupid idiot", "en"),
                                            ("I'm not joking, you stupid idiot", "en"),
                                            ("ce n'est pas grave, t'es qu'un connard", "fr")])
def test_a_negation_in_another_clause_does_not_defuse_an_insult(text: str, lang: str) -> None:
    f = features(text, lang)
    assert f.get("insult") and not f.get("mentioned_attack")
    assert scan(text, lang=lang).rule_scores.get("harassment", 0) >= 0.5


def test_a_negated_insult_is_defused() -> None:
    assert features("you are not an idiot", "en").get("mentioned_attack")


@pytest.mark.parametrize(("text", "lang"), [
    ("he is not a loser", "en"),
    ("ce n'est pas un connard", "fr"),
])
def test_a_negation_right_before_the_attack_word_defuses_it(text: str, lang: str) -> None:
    f = features(text, lang)
    assert f.get("mentioned_attack") and not any(f.get(a) for a in ATTACKS)


@pytest.mark.parametrize("text", [
    "I do not want to play with you stupid idiot",  # the negation is about playing; the insult is addressed
    "don't be an idiot",  # a reproach, not a denial
    "no idiot would say that",  # an interjection
])
def test_a_negation_that_does_not_scope_over_the_attack_word_leaves_it_an_attack(text: str) -> None:
    f = features(text, "en")
    assert f.get("insult") and not f.get("mentioned_attack")


def test_a_contrast_ends_the_negation_scope() -> None:
    f = features("I'm not racist but immigrants are animals", "en")
    assert f.get("hate_expression") and not f.get("mentioned_attack")
    assert features("I'm not an idiot", "en").get("mentioned_attack")


def test_a_disclaimer_followed_by_but_is_no_counter_speech() -> None:
    assert not features("I don't hate immigrants but they should all go back", "en").get("counter_speech")


@pytest.mark.parametrize(("text", "second_person"), [
    ("I don't know, it can't be", 0),  # the "t" of n't is not the French "t'"
    ("t'es nul", 1),
    ("t nul", 1),
    ("you can't come", 1),
])
def test_second_person(text: str, second_person: int) -> None:
    assert features(text).get("second_person", 0) == second_person
