"""Neutral and friendly sentences about identity groups, written for kidsafe: extra ``hate`` = 0 and ``profanity`` = 0
training rows.

Hate-speech corpora are collected by searching for slurs and group names, so almost every tweet that names a
group ("muslims", "immigrants", "gay people", "les migrants") is an attack and a linear model learns that the
group name itself is hateful (unintended identity-term bias, Dixon et al., AIES 2018). Children talk about
their friends, teachers and themselves with the same words. These template sentences (invented here, no
dataset text) pair every group name with ordinary and supportive contexts, so the hate model has to find the
attack, not the group. They are not negations or counter-speech: those are handled by the context cues
(:mod:`kidsafe.text.context`) and tested separately.
"""

from __future__ import annotations

from itertools import product

SOURCE = "identity_templates"

GROUPS_EN = ("immigrants", "refugees", "muslims", "jews", "christians", "black people", "white people", "asian people",
             "gay people", "lesbians", "trans people", "women", "girls", "disabled people", "arabs", "mexicans",
             "migrants", "africans", "deaf people", "old people", "autistic people", "bisexual people", "men", "boys")
PERSON_EN = ("an immigrant", "a refugee", "muslim", "jewish", "christian", "black", "white", "asian", "gay",
             "a lesbian", "trans", "a woman", "a girl", "disabled", "arab", "mexican", "a migrant", "african", "deaf",
             "autistic", "bi")
GROUP_TEMPLATES_EN = ("{g} are welcome here", "we stand with {g}", "{g} deserve respect like everyone",
                      "so many {g} in my class", "the documentary about {g} was interesting",
                      "{g} have the same rights as everyone", "my friends are {g}", "the school has a club for {g}",
                      "talking with {g} about their lives", "history of {g} in this country")
PERSON_TEMPLATES_EN = ("my best friend is {p}", "I am {p} and proud", "my teacher is {p} and she is great",
                       "my neighbour is {p}", "my mum is {p}")
GROUPS_FR = ("immigrés", "réfugiés", "musulmans", "juifs", "chrétiens", "noirs", "arabes", "gays", "lesbiennes",
             "personnes trans", "femmes", "filles", "migrants", "handicapés", "asiatiques", "africains")
GROUP_TEMPLATES_FR = ("les {g} sont les bienvenus ici", "on soutient les {g}", "les {g} méritent le respect",
                      "il y a beaucoup de {g} dans ma classe", "un reportage sur les {g}",
                      "les {g} ont les mêmes droits que tout le monde", "l'histoire des {g} en France")


def sentences() -> list[tuple[str, str]]:
    """(text, lang) pairs in a fixed order."""
    out = [(t.format(g=g), "en") for g, t in product(GROUPS_EN, GROUP_TEMPLATES_EN)]
    out += [(t.format(p=p), "en") for p, t in product(PERSON_EN, PERSON_TEMPLATES_EN)]
    out += [(t.format(g=g), "fr") for g, t in product(GROUPS_FR, GROUP_TEMPLATES_FR)]
    return out
