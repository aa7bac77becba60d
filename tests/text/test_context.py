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


@pytest.mark.parametrize(("text", "lang"), [
    ("i don't think you're ugly at all, you're beautiful", "en"),
    ("no one thinks you're a loser, we love you", "en"),
    ("personne pense que t'es moche, t'es magnifique", "fr"),
])
def test_a_denied_belief_defuses_what_follows_it_and_mentions_nothing(text: str, lang: str) -> None:
    f = features(text, lang)
    assert not any(f.get(a) for a in ATTACKS) and not f.get("mentioned_attack") and not f.get("mentioned_statement")


@pytest.mark.parametrize(("text", "lang"), [
    ("i don't think ur smart, ur an idiot", "en"),
    ("i don't think you're a loser, i know you're a loser", "en"),
    ("je pense pas que t'es intelligente, t'es juste conne", "fr"),
])
def test_a_denied_belief_does_not_defuse_the_next_clause(text: str, lang: str) -> None:
    assert scan(text, lang=lang).rule_scores.get("harassment", 0) >= 0.5


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
    assert f.get("hate_expression") and not f.get("mentioned_attack") and not f.get("mentioned_statement")
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


@pytest.mark.parametrize(("text", "lang"), [
    ("can't stand that faggot", "en"),
    ("i don't trust retards with anything", "en"),
    ("at least i'm not a dyke", "en"),
    ("glad i'm not a faggot lol", "en"),
    ("no good fat dyke", "en"),
    ("je supporte pas ce pd", "fr"),
    ("j'aime pas les bougnoules", "fr"),
    ("heureusement que je suis pas un pd", "fr"),
])
def test_a_negated_liking_verb_or_self_distinction_leaves_the_slur_an_attack(text: str, lang: str) -> None:
    f = features(text, lang)
    assert f.get("slur") or f.get("insult"), f
    assert not f.get("mentioned_attack")


@pytest.mark.parametrize(("text", "lang", "feature"), [
    ("i'm not a faggot", "en", "slur"),
    ("he is not a retard", "en", "slur"),
    ("je ne suis pas un pd", "fr", "slur"),
    ("I don't want to hurt you", "en", "threat"),
    ("I don't hate immigrants", "en", "hate_expression"),
])
def test_look_alikes_stay_negated(text: str, lang: str, feature: str) -> None:
    f = features(text, lang)
    assert not f.get(feature), f


def test_a_message_with_an_attack_left_standing_is_not_defused() -> None:
    """One negated insult does not defuse the others: "i'm not the bitch you are, you ugly lowlife"."""
    texts = ["i'm not the idiot here, you ugly stupid loser", "i'm not an idiot", "i'm not stupid, you are"]
    lexicon = np.stack([scan(t, lang="en").features for t in texts])
    assert lexicon[:, FEATURE_NAMES.index("mentioned_attack")].tolist()[:2] == [1.0, 1.0]
    assert defusing_context(lexicon).tolist()[:2] == [0.0, 1.0]


@pytest.mark.parametrize(("text", "lang"), [
    ('my teacher said "go back to your country" was racist and she\'s right', "en"),
    ("he said muslims are terrorists and that was so racist", "en"),
    ("saying immigrants are animals is hate speech", "en"),
    ('quand il a dit "les arabes dehors" c\'était raciste', "fr"),
    ("dire que les arabes sont des cafards c'est du racisme", "fr"),
])
def test_a_hateful_statement_quoted_to_condemn_it_is_a_mentioned_statement(text: str, lang: str) -> None:
    f = features(text, lang)
    assert f.get("counter_speech") and f.get("mentioned_statement") == 1, f  # overlapping phrases: one mention
    assert not f.get("hate_expression") and not f.get("mentioned_attack")
    assert defusing_context(scan(text, lang=lang).features[None, :]).tolist() == [1.0]


def test_a_quoted_slur_is_still_a_mentioned_bad_word() -> None:
    f = features("i would never call anyone a faggot, that word is disgusting", "en")
    assert f.get("mentioned_attack") and not f.get("mentioned_statement")


@pytest.mark.parametrize(("text", "lang"), [
    ("that's racism against white people", "en"),  # a racist's own claim, not a verdict on a quote
    ("they were racist", "en"),  # no subject that refers to what was said
    ('its "racism" when we say it', "en"),
    ("la discrimination positive c'est du racisme anti-blanc", "fr"),
    ("ils étaient racistes", "fr"),
])
def test_a_verdict_needs_to_be_on_what_was_said(text: str, lang: str) -> None:
    assert not features(text, lang).get("counter_speech")
