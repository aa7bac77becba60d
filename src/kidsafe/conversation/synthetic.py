"""Invented conversations for tests and for the false-alert evaluation (no dataset text, no real people).

Each kind is a small script of lines for two speakers; ``generate(kind, seed)`` fills in names, small-talk
filler and shuffles which optional lines appear, so one kind yields many different conversations.
Grooming scripts never use a rude word. Hard negatives (``NEGATIVE_KINDS``) reuse the surface cues an
ordinary chat has: meeting up, phone numbers, gifts, "where are you", compliments between adults.
"""

from __future__ import annotations

import random

from kidsafe.conversation.replay import ChatMessage

FILLER_EN = ["lol", "ok", "yeah", "haha", "cool", "what are you up to", "nothing much", "same", "nice", "idk",
             "did you see the game", "so bored today", "brb", "ok back", "true", "for real", "that's funny"]
FILLER_FR = ["mdr", "ok", "ouais", "grave", "tu fais quoi", "rien de ouf", "pareil", "trop bien", "jsp",
             "t'as vu le match", "je m'ennuie", "jreviens", "c'est drôle", "vrai"]

# (speaker, line); speaker "a" is the first account, "b" the second.
SCRIPTS: dict[str, dict[str, object]] = {
    "grooming_en": {"bands": ("adult", "13_15"), "lang": "en", "lines": [
        ("a", "hey there, saw your post, you seem really cool"), ("b", "hi thanks"), ("a", "how old are you?"),
        ("b", "im 13"), ("a", "you're so mature for your age, honestly"),
        ("a", "you can trust me, i'm not like others"),
        ("b", "aw thanks"), ("a", "nobody understands you like i do"), ("a", "are your parents home right now?"),
        ("b", "no my mom is at work"), ("a", "are you alone?"), ("a", "this is just between us ok, don't tell anyone"),
        ("a", "our little secret"), ("a", "have you ever kissed anyone?"), ("a", "send me a pic of you"),
        ("a", "add me on snap, it's easier"), ("a", "i could buy you a gift card"), ("a", "we should meet up sometime"),
        ("a", "i can pick you up after school"), ("a", "delete the chat after ok"),
    ]},
    "grooming_fr": {"bands": ("adult", "13_15"), "lang": "fr", "lines": [
        ("a", "salut, t'as quel âge ?"), ("b", "j'ai 13 ans"), ("a", "t'es trop mignonne et tellement mature"),
        ("a", "tu peux me faire confiance"), ("a", "tes parents sont là ce soir ?"), ("b", "non ma mère travaille"),
        ("a", "t'es toute seule ?"), ("a", "c'est notre petit secret, le dis à personne"),
        ("a", "envoie moi une photo de toi"), ("a", "ajoute moi sur snap"), ("a", "je t'achète un cadeau si tu veux"),
        ("a", "on se voit samedi ? je viens te chercher"), ("a", "efface les messages après"),
    ]},
    "sextortion_en": {"bands": ("unknown", "16_17"), "lang": "en", "lines": [
        ("a", "i have your pics"), ("a", "i'll send your nudes to all your friends and family"),
        ("b", "please don't"), ("a", "you have 24 hours"), ("a", "pay me $500 in gift cards or bitcoin"),
        ("a", "or everyone will see them"), ("a", "send more pics and i'll delete them"),
    ]},
    "sextortion_fr": {"bands": ("unknown", "16_17"), "lang": "fr", "lines": [
        ("a", "j'ai tes photos"), ("a", "je vais envoyer tes photos à tous tes amis"), ("b", "s'il te plait non"),
        ("a", "tu as 24h"), ("a", "paye moi 300 euros en carte cadeau"), ("a", "sinon tout le monde va voir"),
    ]},
    "sextortion_victim_en": {"bands": ("13_15", "13_15"), "lang": "en", "lines": [
        ("a", "i need help"), ("b", "what happened"),
        ("a", "this guy says he will send my photos to everyone at school"), ("a", "he wants money"),
        ("b", "tell an adult"),
    ]},
    "sextortion_victim_fr": {"bands": ("13_15", "13_15"), "lang": "fr", "lines": [
        ("a", "j'ai besoin d'aide"), ("b", "quoi"), ("a", "un mec menace d'envoyer mes photos à toute la classe"),
        ("a", "il veut de l'argent"), ("b", "parle à un adulte"),
    ]},
    # ---- hard negatives -------------------------------------------------------------------------------
    "adult_flirting": {"bands": ("adult", "adult"), "lang": "en", "lines": [
        ("a", "had a great time last night"), ("b", "me too, you looked gorgeous"), ("a", "you're so sweet"),
        ("b", "i really like you"), ("a", "want to meet up friday after work?"), ("b", "sure, my place or yours?"),
        ("a", "send me a pic of that dress you mentioned"), ("b", "haha later"), ("a", "what's your number again"),
        ("b", "text me when you leave work"), ("a", "miss you already"),
    ]},
    "teens_joking": {"bands": ("13_15", "13_15"), "lang": "en", "lines": [
        ("a", "bro you're so dumb lmao"), ("b", "shut up idiot"), ("a", "did you do the homework"),
        ("b", "nah copy mine tomorrow"), ("a", "my mom says i cant come saturday"), ("b", "ugh lame"),
        ("a", "add me on discord"), ("b", "whats your username"), ("a", "lol you suck at fortnite"),
        ("b", "i'm 14 and better than you"), ("a", "don't tell anyone i failed the test"),
    ]},
    "teens_joking_fr": {"bands": ("13_15", "16_17"), "lang": "fr", "lines": [
        ("a", "t'es trop nul mdr"), ("b", "ta gueule"), ("a", "t'as fait les devoirs"), ("b", "nan jsp"),
        ("a", "on se voit demain au collège"), ("b", "ouais"), ("a", "t'as snap ?"), ("b", "ouais ajoute moi"),
    ]},
    "parent_where_are_you": {"bands": ("adult", "13_15"), "lang": "en", "lines": [
        ("a", "where are you?"), ("b", "at Sam's"), ("a", "are you alone or is Sam's mom home?"),
        ("b", "her mom is here"), ("a", "i'll pick you up at 6"), ("b", "ok"), ("a", "text me when you're ready"),
        ("a", "love you, don't forget your jacket"), ("b", "love you too"),
    ]},
    "parent_where_are_you_fr": {"bands": ("adult", "13_15"), "lang": "fr", "lines": [
        ("a", "t'es où ?"), ("b", "chez Léa"), ("a", "ses parents sont là ?"), ("b", "oui sa mère est là"),
        ("a", "je viens te chercher à 18h"), ("b", "ok"), ("a", "appelle moi si besoin"), ("a", "je t'aime"),
    ]},
    "coach_match": {"bands": ("adult", "13_15"), "lang": "en", "lines": [
        ("a", "hi team, match on saturday at 10"), ("b", "ok coach"), ("a", "can your parents drive you?"),
        ("b", "my dad can"), ("a", "great, meet at the field at 9:30"), ("a", "bring your shin guards"),
        ("a", "text me if you can't make it"), ("b", "will do"), ("a", "you played really well last week"),
    ]},
    "friends_meet": {"bands": ("16_17", "16_17"), "lang": "en", "lines": [
        ("a", "wanna hang out later"), ("b", "yes! mall at 4?"), ("a", "we should meet at the bus stop"),
        ("b", "ok text me"), ("a", "can you send me the pic from the party"), ("b", "haha yes"),
        ("a", "your hair looked so cute"), ("b", "thanks"),
    ]},
    "gaming_gifts": {"bands": ("16_17", "13_15"), "lang": "en", "lines": [
        ("a", "gg that was close"), ("b", "gg"), ("a", "i'll buy you the battle pass if we win"),
        ("b", "no way lol"), ("a", "i have like 2000 v-bucks"), ("a", "add me on discord for the next game"),
        ("b", "whats your tag"), ("a", "gift card from my birthday"), ("b", "nice"),
    ]},
    "babysitter": {"bands": ("adult", "under_13"), "lang": "en", "lines": [
        ("a", "hi! are your parents home? i'm coming at 6"), ("b", "mom is here"), ("a", "great"),
        ("a", "don't tell your brother about the cake, it's a surprise"), ("b", "ok!"),
        ("a", "i'll pick you up from school tomorrow"), ("b", "yay"),
    ]},
    "cousin_photos": {"bands": ("adult", "under_13"), "lang": "en", "lines": [
        ("a", "hey kiddo, how old are you now?"), ("b", "12"), ("a", "you're so tall now haha"),
        ("a", "send me a pic of your new puppy"), ("b", "ok"), ("a", "we should meet at the lake this summer"),
    ]},
    "tutor_fr": {"bands": ("adult", "13_15"), "lang": "fr", "lines": [
        ("a", "bonjour, on fait le cours en appel vidéo ?"), ("b", "oui"), ("a", "tes parents sont là ?"),
        ("b", "oui mon père"), ("a", "très bien, envoie moi une photo de l'exercice"), ("b", "ok"),
        ("a", "à mardi"),
    ]},
    "adult_work": {"bands": ("adult", "adult"), "lang": "en", "lines": [
        ("a", "can we meet at 3 about the report"), ("b", "sure"), ("a", "send me the photos from the site visit"),
        ("b", "sending now"), ("a", "call me when you land"), ("b", "will do"),
        ("a", "don't tell anyone about the surprise party for Jo"),
    ]},
}

POSITIVE_KINDS = ("grooming_en", "grooming_fr", "sextortion_en", "sextortion_fr", "sextortion_victim_en",
                  "sextortion_victim_fr")
NEGATIVE_KINDS = tuple(k for k in SCRIPTS if k not in POSITIVE_KINDS)
TEEN_KINDS = ("teens_joking", "teens_joking_fr", "friends_meet", "gaming_gifts")


def generate(kind: str, seed: int = 0, filler: int = 6, keep: float = 1.0) -> list[ChatMessage]:
    """One conversation of ``kind``: the script's lines (each kept with probability ``keep``) plus filler."""
    script = SCRIPTS[kind]
    rng = random.Random(f"{kind}:{seed}")
    bands = script["bands"]  # type: ignore[index]
    fill = FILLER_FR if script["lang"] == "fr" else FILLER_EN
    lines: list[tuple[str, str]] = [ln for ln in script["lines"] if keep >= 1.0 or rng.random() < keep]  # type: ignore[attr-defined]
    for _ in range(filler):
        lines.insert(rng.randrange(len(lines) + 1), (rng.choice("ab"), rng.choice(fill)))
    ids = {"a": f"user{rng.randrange(10_000)}", "b": f"user{rng.randrange(10_000, 20_000)}"}
    return [ChatMessage(id=f"m{i}", sender=ids[s], text=t, sender_age_band=bands[0] if s == "a" else bands[1],  # type: ignore[index]
                        recipients=(ids["b" if s == "a" else "a"],))
            for i, (s, t) in enumerate(lines)]
