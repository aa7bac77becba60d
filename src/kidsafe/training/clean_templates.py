"""Everyday sentences with no bad language in them, written for kidsafe: extra ``profanity`` = 0 training rows.

The profanity model learns from OLID ("OFF": profanity *or* a targeted offence) and Davidson (77 % "offensive",
most of them insults of women), so two things that are not bad language had become bad language:

* name-calling without a swear word: "liar" alone scored profanity 0.94 and "he's not a liar, he just forgot"
  was flagged. Calling someone a liar is harassment when it is aimed at them (the rules and the harassment model
  see it), not bad language;
* the pronoun of a woman: "she" alone scored 0.28 and "she forgot" 0.48, from the tweets that call women names.

These sentences (invented here, no dataset text) pair the same words with ordinary contexts, so the model has to
find the bad word, not the subject or the accusation. They carry no harassment label: "you're a liar" is not
bad language, and whether it is harassment is left to the data that annotates it.
"""

from __future__ import annotations

from itertools import product

SOURCE = "clean_templates"

SUBJECTS_EN = ("she", "he", "my sister", "my brother", "my mum", "my dad", "my friend", "our teacher", "they",
               "her mom")
EVERYDAY_EN = ("{s} forgot the keys again", "{s} left early today", "{s} is at practice until six",
               "{s} said hi to everyone", "{s} won the game last night", "{s} is coming over tomorrow",
               "{s} lost the phone on the bus", "{s} made pancakes for breakfast", "{s} just got home",
               "i think {s} is right about the homework")
NAME_CALLING_EN = ("a liar", "a hypocrite", "a coward", "such a crybaby", "a fraud", "a snake", "a bully",
                   "a show-off", "a traitor", "a know-it-all")
CALLERS_EN = ("he says she is {n}", "she's not {n}, she just forgot", "he is not {n}", "you're {n}",
              "my brother called me {n}", "in the story the fox is {n}", "{n}?")
SUBJECTS_FR = ("elle", "il", "ma sœur", "mon frère", "ma mère", "mon père", "mon pote", "la prof")
EVERYDAY_FR = ("{s} a encore oublié les clés", "{s} part tôt aujourd'hui", "{s} est à l'entraînement",
               "{s} a gagné le match hier", "{s} vient demain", "{s} a fait des crêpes")
NAME_CALLING_FR = ("menteur", "menteuse", "hypocrite", "lâche", "un traître", "une balance", "nul en foot")
CALLERS_FR = ("il dit qu'elle est {n}", "t'es {n}", "elle est pas {n}, elle a oublié",
              "dans l'histoire le renard est {n}", "{n} ?")


def sentences() -> list[tuple[str, str]]:
    """(text, lang) pairs in a fixed order."""
    out = [(t.format(s=s), "en") for s, t in product(SUBJECTS_EN, EVERYDAY_EN)]
    out += [(t.format(n=n), "en") for n, t in product(NAME_CALLING_EN, CALLERS_EN)]
    out += [(t.format(s=s), "fr") for s, t in product(SUBJECTS_FR, EVERYDAY_FR)]
    out += [(t.format(n=n), "fr") for n, t in product(NAME_CALLING_FR, CALLERS_FR)]
    return out
