"""Language detection for messages without ``lang``: FR/EN chat text, short slang, unknown languages."""

from __future__ import annotations

import pytest

from kidsafe.text.language import UNDETERMINED, detect, resolve


@pytest.mark.parametrize("text", [
    "salut ça va ? tu fais quoi ce soir",
    "tg fdp",
    "je ne sais pas si je peux venir demain",
    "t'es trop belle sur ta photo",
    "mdr jsp",
])
def test_french(text: str) -> None:
    assert detect(text) == "fr"


@pytest.mark.parametrize("text", [
    "hey how are you doing today",
    "u ok?",
    "I don't know what you mean by that",
    "lol that is so funny",
    "where do you live",
])
def test_english(text: str) -> None:
    assert detect(text) == "en"


def test_other_languages_and_nothing_to_go_on() -> None:
    assert detect("¿Dónde está la biblioteca? Necesito estudiar para el examen de mañana.") == "es"
    assert detect("Ich habe heute keine Zeit, weil ich arbeiten muss.") == "de"
    assert detect("") == UNDETERMINED
    assert detect("🙂🙂 !!! ???") == UNDETERMINED


@pytest.mark.parametrize("text", [
    "tengo un gato negro",  # "un" is also a French cue word
    "mi camiseta es de color negro",  # "es" too ("tu es")
    "voy al cine con mi hermano",
    "ho un gatto nero",
])
def test_a_short_message_in_a_third_language_is_not_read_as_french(text: str) -> None:
    assert detect(text) not in ("fr", "en")


def test_french_cue_words_still_decide_a_french_message() -> None:
    assert detect("tu es un negro de merde") == "fr"
    assert detect("ferme-la tmr") == "fr"
    assert detect("un p'tit café ?") == "fr"


def test_many_cue_words_of_one_language_decide_without_the_character_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import kidsafe.text.language as language

    def no_model():  # type: ignore[no-untyped-def]
        raise AssertionError("the character model was asked")

    monkeypatch.setattr(language, "_identifier", no_model)
    assert detect("honestly i think that you are right about the homework for tomorrow") == "en"
    assert detect("franchement je pense que tu as raison pour les devoirs de demain matin") == "fr"


def test_given_language_wins() -> None:
    assert resolve("hello there", "FR") == "fr"
    assert resolve("bonjour à tous", None) == "fr"
