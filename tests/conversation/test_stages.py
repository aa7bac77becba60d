"""Stage cues of one message, FR and EN (texts are invented for the tests)."""

from __future__ import annotations

import pytest

from kidsafe.conversation import stages
from kidsafe.conversation.stages import detect


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("you're so mature for your age", stages.TRUST),
        ("you can trust me, i'm not like the others", stages.TRUST),
        ("t'es trop mignonne tu sais", stages.TRUST),
        ("how old are you?", stages.PERSONAL),
        ("t'as quel âge ?", stages.PERSONAL),
        ("are your parents home right now?", stages.RISK),
        ("r u home alone?", stages.RISK),
        ("tes parents sont là ce soir ?", stages.RISK),
        ("this is just between us, don't tell anyone", stages.SECRECY),
        ("c'est notre petit secret", stages.SECRECY),
        ("efface les messages après", stages.SECRECY),
        ("send me a pic of you", stages.IMAGES),
        ("envoie moi une photo de toi", stages.IMAGES),
        ("we should meet up sometime", stages.MEETING),
        ("on se voit samedi ? je viens te chercher", stages.MEETING),
        ("add me on snap, it's easier", stages.OFF_PLATFORM),
        ("ajoute moi sur snap", stages.OFF_PLATFORM),
        ("i could buy you a gift card", stages.GIFTS),
        ("je t'achète un cadeau", stages.GIFTS),
        ("i'll send your nudes to all your friends", stages.THREAT),
        ("i have your pics", stages.THREAT),
        ("you have 24 hours", stages.THREAT),
        ("je vais envoyer tes photos à tout le monde", stages.THREAT),
        ("j'ai tes photos", stages.THREAT),
        ("tu as 24h", stages.THREAT),
        ("pay me in bitcoin", stages.DEMAND),
        ("buy steam cards and send me the codes", stages.DEMAND),
        ("paye moi 300 euros", stages.DEMAND),
        ("he says he will send my photos to everyone", stages.VICTIM),
        ("this guy is threatening to post my pics", stages.VICTIM),
        ("il menace d'envoyer mes photos", stages.VICTIM),
        ("un mec menace d'envoyer mes photos à toute la classe", stages.VICTIM),
        ("quelqu'un a mes photos", stages.VICTIM),
        ("someone is blackmailing me", stages.VICTIM),
        ("someone has my nudes", stages.VICTIM),
        ("they want 500 dollars or they'll post my pics", stages.VICTIM),
        ("un mec me menace de diffuser ma vidéo", stages.VICTIM),
        ("il me fait du chantage", stages.VICTIM),
        ("i will send the video to your parents", stages.THREAT),
        ("send me money or everyone sees your nudes", stages.THREAT),
        ("tick tock", stages.THREAT),
        ("paye ou je publie", stages.THREAT),
        ("paye 100 euros ou je publie tout", stages.THREAT),
        ("j ai tes photos", stages.THREAT),
        ("lets meet at the park tomorrow", stages.MEETING),
        ("je vais tout envoyer à tes parents", stages.THREAT),
    ],
)
def test_stage_cue(text: str, stage: str) -> None:
    assert stage in detect(text).stages


@pytest.mark.parametrize(
    "text",
    ["did you do the homework", "the match is at 10 on saturday", "lol ok", "t'as fait les devoirs",
     "i love this song", "my dad can drive me"],
)
def test_ordinary_messages_have_no_risk_cues(text: str) -> None:
    found = detect(text).stages
    assert not found & {stages.RISK, stages.SECRECY, stages.SEXUAL, stages.IMAGES, stages.THREAT, stages.DEMAND,
                        stages.VICTIM}


def test_offsets_point_into_the_original_text_even_with_accents() -> None:
    text = "Écoute, tes parents sont là ? c’est notre petit secret"
    cues = detect(text)
    assert {stages.RISK, stages.SECRECY} <= cues.stages
    for cue in cues.cues:
        assert 0 <= cue.start < cue.end <= len(text)
    secret = next(c for c in cues.cues if c.stage == stages.SECRECY)
    assert "secret" in text[secret.start:secret.end]


def test_stated_ages_and_minor_context() -> None:
    assert detect("im 13 lol").stated_ages == (13,)
    assert detect("j'ai 14 ans").stated_ages == (14,)
    assert detect("35/m here").stated_ages == (35,)
    assert detect("i'm 5 minutes away").stated_ages == ()
    assert detect("i'm in 8th grade").minor_context
    assert not detect("i work in a school office").minor_context


def test_every_stage_has_a_readable_label() -> None:
    assert set(stages.LABELS) == set(stages.STAGES)
