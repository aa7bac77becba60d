"""scan(): lexicon terms hit through every disguise, never inside innocent words, with original-offset evidence;
rule scores for the categories the shared data does not label (invented texts only)."""

from __future__ import annotations

import pytest

from kidsafe.text.lexicon import FEATURE_NAMES, get_lexicon, scan

CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х"})
LEET = str.maketrans({"e": "3", "o": "0", "a": "4", "s": "$"})


def features(text: str, lang: str | None = None) -> dict[str, float]:
    return {n: float(v) for n, v in zip(FEATURE_NAMES, scan(text, lang=lang).features, strict=True) if v}


def variants(term: str) -> dict[str, str]:
    """The same word disguised five ways (programmatic, so every listed term gets every trick)."""
    middle = len(term) // 2
    return {
        "homoglyph": term.translate(CYRILLIC),
        "zero_width": term[:middle] + "\u200b" + term[middle:],
        "leet": term[0] + term[1:].translate(LEET),
        "spaced": " ".join(term),
        "repeated": term[:middle] + term[middle - 1] * 3 + term[middle:],
    }


TERMS = [("fuck", "profanity", "en"), ("bitch", "insult", "en"), ("idiot", "insult", "en"),
         ("porn", "sexual", "en"), ("nudes", "sexual", "en"), ("connard", "insult", "fr"),
         ("salope", "insult", "fr"), ("batard", "insult", "fr"), ("pedo", "sexual_minors_term", "en")]


@pytest.mark.parametrize(("term", "feature", "lang"), TERMS)
def test_terms_hit_through_every_disguise(term: str, feature: str, lang: str) -> None:
    assert features(term, lang).get(feature), term
    for trick, disguised in variants(term).items():
        assert features(f"lol {disguised} ok", lang).get(feature), (trick, disguised)


@pytest.mark.parametrize("text", ["we had a class on the assassination", "I visited Sussex", "a fruit cocktail",
                                  "data analysis", "my therapist is nice", "c'est pénible", "Scunthorpe United",
                                  "the score was 3-2 at 14:30", "it costs 15 euros", "born in 2011"])
def test_no_hit_inside_innocent_words(text: str) -> None:
    sig = scan(text)
    assert not sig.evidence and not sig.rule_scores, text


@pytest.mark.parametrize(("text", "lang"), [("tg", "fr"), ("ntm", "fr"), ("fdp", "fr"), ("nique ta mère", "fr"),
                                            ("t'es qu'un connard", "fr"), ("kys", "en"), ("stfu", "en"),
                                            ("nobody likes you", "en"), ("suicide-toi", "fr")])
def test_teen_insults_are_aimed_at_someone(text: str, lang: str) -> None:
    assert scan(text, lang=lang).rule_scores.get("harassment", 0) >= 0.5


def test_ambiguous_french_words_only_in_french() -> None:
    assert not features("the con was great", "en").get("insult")
    assert features("quel con", "fr").get("insult")


@pytest.mark.parametrize(("text", "lang"), [
    ("are your parents home right now?", "en"), ("don't tell your mom, it's our little secret", "en"),
    ("add me on snap so we can talk more privately", "en"), ("c'est notre secret, dis rien à tes parents", "fr"),
    ("t'es seule chez toi ?", "fr"),
])
def test_grooming_cues_without_rude_words(text: str, lang: str) -> None:
    sig = scan(text, lang=lang)
    assert sig.rule_scores.get("grooming", 0) >= 0.6
    assert any(e.category == "grooming" for e in sig.evidence)


@pytest.mark.parametrize(("text", "lang"), [
    ("I have your pictures, send 100$ in steam cards or everyone sees them", "en"),
    ("j'ai tes photos, si tu m'envoies pas 200 euros je les envoie à tous tes contacts", "fr"),
    ("il dit qu'il va envoyer mes photos à tout le monde", "fr"),
])
def test_sextortion_scripts_and_victim_reports(text: str, lang: str) -> None:
    assert scan(text, lang=lang).rule_scores.get("sextortion", 0) >= 0.8


def test_a_deadline_on_a_payment_is_extortion_without_a_word_about_pictures() -> None:
    assert scan("u have 2 hours. bitcoin address below. dont test me", lang="en").rule_scores["sextortion"] >= 0.5
    assert scan("you have 2 hours for the exam", lang="en").rule_scores.get("sextortion", 0) < 0.5


def test_evidence_spans_are_in_original_offsets() -> None:
    text = "omg уоu аrе а f.u.c.k.i.n.g idiоt"
    sig = scan(text, lang="en")
    assert sig.evidence
    for e in sig.evidence:
        assert 0 <= e.start < e.end <= len(text)
    assert any("idiоt" in text[e.start:e.end] for e in sig.evidence)


def test_phrases_never_read_a_squeezed_short_word_as_another() -> None:
    """Phrases run on squeezed text: "ass" would be "as" there, so "you as well" read as an aimed insult."""
    from kidsafe.text.lexicon import _phrase_safe

    assert not _phrase_safe("ass") and not _phrase_safe("butt") and not _phrase_safe("xxx")
    assert _phrase_safe("idiot") and _phrase_safe("dumbass") and _phrase_safe("connard")
    assert "harassment" not in scan("i love you as well", lang="en").rule_scores
    assert scan("you dumbass", lang="en").rule_scores.get("harassment", 0) >= 0.5
    assert features("you ass", "en").get("insult")  # the word matcher still checks the doubled letter


def test_phrases_never_read_a_squeezed_word_as_another_listed_word() -> None:
    """English "coons" squeezed is French "cons": in a phrase it would make "j'aime pas les cons" a slur."""
    from kidsafe.text.lexicon import _phrase_safe

    assert not _phrase_safe("coons", frozenset({"cons"}))
    assert _phrase_safe("coons")  # no other listed word: long enough to stand in a phrase
    assert not features("j'aime pas les cons", "fr").get("hate_expression")
    assert features("j'aime pas les pédés", "fr").get("hate_expression")


def test_a_phrase_word_keeps_the_double_letter_that_tells_it_from_another_word() -> None:
    """Phrases run on squeezed text, where "off" is "of": "take care of yourself" had been "off yourself" (a harassment
    flag, 0.85). A hand-written phrase word whose squeezed form is a word the lexicons write ("of", "to", "pas", "il")
    must keep its double letter; other doubles stay squeezable, so typos and stretched letters still match."""
    from kidsafe.text.lexicon import _doubled

    written = frozenset({"of", "to"})
    assert _doubled("(hang|off) yourself", written) is not None
    assert _doubled("kill yourself", written) is None  # "kil" is no other word: nothing to tell apart
    assert _doubled("(?<!too )fat", written) is None  # letters in a look-behind stay as written
    for text in ("take care of yourself", "be proud of yourself", "you should be ashamed of yourself",
                 "take a picture of yourself", "the lack of yourself"):
        assert not features(text, "en").get("self_harm_incitement"), text
    for text in ("just off yourself", "go offff urself", "0ff yourself", "kil yourself", "go kiiill yourself"):
        assert features(text, "en").get("self_harm_incitement"), text
    # French words keep theirs against English ones and back: "il met" (he puts) is no "meet"
    assert not features("il met du ketchup partout", "fr").get("grooming_meet")
    assert not features("je me prépare, elle est âgée de 12 ans", "fr").get("self_harm_incitement")


def test_every_doubled_letter_check_compiles() -> None:
    from kidsafe.text.lexicon import _doubled_pattern

    lex = get_lexicon()
    checks = [p.doubled for p in lex.phrases if p.doubled is not None]
    assert len(checks) > 100
    assert all(_doubled_pattern(src, lex.written) is not None for src in checks)


@pytest.mark.parametrize("text", [
    "cut yourself some slack, it was your first match", "did you cut yourself on the paper?",
    "you'll just shoot yourself in the foot", "go shoot yourself a nice photo at sunset",
    "cut yourself a slice of cake",
])
def test_doing_something_for_yourself_is_no_incitement(text: str) -> None:
    assert not features(text, "en").get("self_harm_incitement")


@pytest.mark.parametrize("text", ["go cut yourself", "cut yourself, loser", "ur so ugly go shoot yourself",
                                  "neck yourself", "fuck of loser"])
def test_incitement_and_typed_insults_still_hit(text: str) -> None:
    assert scan(text, lang="en").rule_scores.get("harassment", 0) >= 0.5


def test_a_typed_too_still_reads_as_too() -> None:
    assert features("shes to fat", "en").get("insult_third_person")  # written out: "too" keeps its double o


def test_a_word_wildcard_in_a_phrase_ends_with_its_word() -> None:
    """A space in a phrase may be no separator at all ("sendnudes"), so "(\\w+ )?" followed by a word could end
    inside a word: "or ur (\\w+ )?(see)" matched "or ur hou|se" in "or ur house gets it"."""
    from kidsafe.text.lexicon import _whole_words

    assert _whole_words(r"(ur) (\w+ )?(se)") == r"(ur) (\w+(?!\w) )?(se)"
    assert _whole_words(r"(\w+ie|\w+ette)") == r"(\w+ie|\w+ette)"  # a suffix after the wildcard: left alone
    assert not features("or ur house gets it", "en").get("sextortion_demand")
    assert features("or everyone will see", "en").get("sextortion_demand")


def test_a_choice_of_word_lists_gates_a_phrase() -> None:
    """``({identity_term}|{slur})`` gates its phrase on either list, not on the common words around it."""
    from kidsafe.text.lexicon import _word_list_gates

    lists = {"identity_term", "slur", "insult"}
    assert _word_list_gates("({identity_term}|{slur})( people)? (are|is) bad", lists) == [
        frozenset({"@identity_term", "@slur"})]
    assert _word_list_gates("{insult}s? now", lists) == [frozenset({"@insult"})]
    assert _word_list_gates("({identity_term}|{slur})? are", lists) == []  # optional: not a gate
    assert _word_list_gates("({you}|{slur}) are", lists) == []  # a macro is not a word list


def test_words_sexual_only_in_context_escalate_grooming_but_are_not_sexual() -> None:
    sig = features("my mom bought me a new bra", "en")
    assert sig.get("sexual_context") and not sig.get("sexual")
    assert not scan("my mom bought me a new bra", lang="en").rule_scores.get("grooming")
    with_request = scan("send me a pic in your bra", lang="en").rule_scores.get("grooming", 0)
    assert with_request > scan("send me a pic", lang="en").rule_scores.get("grooming", 0)


@pytest.mark.parametrize(("text", "lang"), [("what color is ur underwear", "en"),
                                            ("t'as quelle couleur de culotte ?", "fr")])
def test_a_question_about_underwear_is_sexual_as_well_as_grooming(text: str, lang: str) -> None:
    rules = scan(text, lang=lang).rule_scores
    assert rules.get("grooming", 0) >= 0.6 and rules.get("sexual", 0) >= 0.5
    assert not scan("what color is ur backpack", lang="en").rule_scores.get("sexual")


@pytest.mark.parametrize(("text", "lang", "feature"), [
    ("shiitake mushrooms are tasty", "en", "profanity"),  # under the prefix shit*
    ("fire retardant spray", "en", "insult"),  # under the prefix retard*
    ("pass the butter please", "en", "violence"),  # squeezed "butter" is French "buter", matched only in French
])
def test_innocent_words_are_not_hits(text: str, lang: str, feature: str) -> None:
    assert not features(text, lang).get(feature)


@pytest.mark.parametrize(("text", "lang", "feature"), [
    # eleventh audit: words of one language that are another language's bad word, once folded and squeezed
    ("see you tmr at school", "en", "insult_second_person"),  # French "ta mère", English "tomorrow"
    ("practice is on tues and thurs", "en", "violence"),  # French "tués", English "Tuesday"
    ("the mongol empire was huge", "en", "insult"),
    ("on a étudié l'empire mongol en histoire", "fr", "insult"),
    ("à plus tard", "fr", "insult"),  # English "tard", French "later"
    ("c'est trop tard pour les devoirs", "fr", "insult"),
    ("mon p'tit frère est malade", "fr", "sexual"),  # not English "tit"
    ("un p'tit café ?", None, "sexual"),
    ("you rate this song?", "en", "insult_second_person"),  # folded French "raté"
    ("rate my outfit", "en", "insult"),
    ("j'ai raté mon bus", "fr", "insult"),  # "rater", to miss
    ("the bride looked beautiful", "en", "slur"),  # folded French "bridé"
    ("corpse bride is my favourite movie", "en", "slur"),
    ("Hakimi est bridé par le coach", "fr", "slur"),  # "brider", to hold back
    ("ce moteur est bridé à 45 km/h", "fr", "slur"),
    ("tiens bien la bride du cheval", "fr", "slur"),
    ("the variable is null", "en", "insult"),  # squeezed "null" is French "nul"
    ("une lame de rasoir", "fr", "insult"),  # a blade, not English "lame"
    ("i made fusilli pasta for dinner", "en", "weapon"),  # under the French prefix fusil*
    ("tengo un gato negro", "es", "slur"),  # the colour
    ("tengo un gato negro", None, "slur"),
])
def test_false_friends_are_not_hits(text: str, lang: str | None, feature: str) -> None:
    assert not features(text, lang).get(feature)


@pytest.mark.parametrize(("text", "lang", "feature"), [
    ("ferme-la tmr", "fr", "insult_second_person"),
    ("ils ont été tués", "fr", "violence"),
    ("t'es un mongol", "fr", "insult"),
    ("you stupid tard", "en", "insult"),
    ("nice tits", "en", "sexual"),
    ("t'es un raté", "fr", "insult_second_person"),
    ("espèce de ratée", "fr", "insult"),
    ("sale bridé", "fr", "slur"),
    ("t'es qu'un bridé", "fr", "insult_second_person"),
    ("un bridé m'a parlé", "fr", "slur"),
    ("t'es nul", "fr", "insult"),
    ("that's so lame", "en", "insult"),
    ("sale négro", "fr", "slur"),
    ("shut up negro", "en", "slur"),
])
def test_false_friends_keep_their_real_uses(text: str, lang: str, feature: str) -> None:
    assert features(text, lang).get(feature)


def test_innocent_list_leaves_the_real_words() -> None:
    assert features("this is shit", "en").get("profanity")
    assert features("you retard", "en").get("insult")
    assert features("je vais te buter", "fr").get("threat")


def test_english_pass_is_not_the_french_negation() -> None:
    """Squeezed, "pass" reads "pas": "nice pass idiot" negated the insult."""
    assert not features("nice pass idiot", "en").get("negation")
    assert features("nice pass idiot", "en").get("insult")
    assert features("t'es pas un idiot", "fr").get("negation")


def test_innocent_phrases_are_blanked_as_written_and_keep_offsets() -> None:
    """Innocent phrases match the folded text before squeezing ("baisser" is not "baiser"), blank it with spaces of
    the same length, and the hits around them keep their original offsets."""
    assert not features("tu peux baisser le son", "fr").get("sexual")
    assert features("je veux te baiser", "fr").get("sexual")  # the word itself, written with one "s"
    sig = scan("suicide prevention week, and i want to kill myself", lang="en")
    assert sig.blanked is not None and sig.blanked.startswith(" " * len("suicide prevention"))
    suicide = [e for e in sig.evidence if e.category == "self_harm"]
    text = "suicide prevention week, and i want to kill myself"
    assert suicide and all(text[e.start:e.end] != "suicide" for e in suicide)
    assert any("kill myself" in text[e.start:e.end] for e in suicide)
    assert scan("i want to kill myself", lang="en").blanked is None  # nothing innocent: nothing copied


@pytest.mark.parametrize("phrase", ["(big|small", "\\\\d+"])  # a bad regex; no literal word to gate it on
def test_a_bad_innocent_phrase_names_its_file(phrase: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kidsafe.text import lexicon, normalize

    (tmp_path / "en.yaml").write_text(f'innocent_phrases: ["{phrase}"]\n', encoding="utf-8")
    monkeypatch.setattr(normalize, "LEXICON_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"lexicons/en.yaml: innocent_phrases: bad phrase"):
        lexicon.build(["en"])


def test_a_phrase_ending_in_a_doubled_letter_is_squeezed_like_the_text() -> None:
    from kidsafe.text.lexicon import _squeeze_pattern

    assert _squeeze_pattern("(to|in) hell") == "(to|in) hel"
    assert _squeeze_pattern("bo+l?l") == "bo+l?l"  # a quantified letter is left alone
    assert features("gays are going to hell", "en").get("hate_expression")


@pytest.mark.parametrize(("text", "lang", "feature"), [
    ("@sam loser", "en", "insult_second_person"),  # said to someone: the mention, then only the insult
    ("whatever, you know what, retard", "en", "insult_second_person"),
    ("wesh sale pute", "fr", "insult_second_person"),
    ("she's such a slut", "en", "insult_second_person"),  # slut-shaming stays with the put-downs aimed at "you"
    ("he is an idiot", "en", "insult_third_person"),
    ("elle c'est une pute", "fr", "insult_third_person"),
])
def test_insults_aimed_at_a_person_without_you(text: str, lang: str, feature: str) -> None:
    assert features(text, lang).get(feature)
    assert scan(text, lang=lang).rule_scores.get("harassment", 0) >= 0.45


@pytest.mark.parametrize(("text", "lang"), [
    ("he's not an idiot", "en"), ("don't call her a slut", "en"), ("the movie was trash", "en"),
    ("he's a real nigga", "en"), ("il est nul en maths", "fr"), ("il est con ce jeu", "fr"),
    ("you are a nigerian prince lol", "en"),  # squeezed, "nigger*" reads "niger*": the country is blanked first
])
def test_no_aimed_insult_in_denials_things_praise_or_countries(text: str, lang: str) -> None:
    found = features(text, lang)
    assert not found.get("insult_second_person") and not found.get("insult_third_person")


@pytest.mark.parametrize(("text", "lang", "combined"), [
    ("porn is bad for kids", "en", False),
    ("we need to protect children from porn", "en", False),
    ("les enfants ne doivent pas regarder de porno", "fr", False),
    ("sex is not bad for kids your age", "en", True),  # not protective: "is not bad"
    ("kids shouldn't watch porn, send me a pic", "en", True),  # a contact move next to it protects nobody
    ("show me your boobs kid", "en", True),
])
def test_protective_talk_keeps_a_child_and_a_sexual_word_apart(text: str, lang: str, combined: bool) -> None:
    assert bool(features(text, lang).get("sexual_minors_combo")) is combined



def test_sexual_words_give_a_sexual_rule_score_explicit_acts_a_sure_one() -> None:
    assert scan("wanna sex", lang="en").rule_scores.get("sexual", 0) == pytest.approx(0.3)
    assert scan("send me a blowjob video", lang="en").rule_scores.get("sexual", 0) >= 0.85
    assert scan("send me a naked pic", lang="en").rule_scores.get("sexual", 0) >= 0.5  # asking for a sexual picture
    assert scan("envoie moi une photo de tes seins", lang="fr").rule_scores.get("sexual", 0) >= 0.5
    assert "sexual" not in scan("send me a pic of the beach", lang="en").rule_scores
    assert "sexual" not in scan("le sexe du bébé c'est une fille", lang="fr").rule_scores  # a baby's sex
    assert "sexual" not in scan("pieds nus dans le sable", lang="fr").rule_scores


def test_sexual_talk_with_a_request_for_details_is_a_grooming_cue() -> None:
    assert scan("do you like sex? how old are you", lang="en").rule_scores.get("grooming", 0) >= 0.5
    assert "grooming" not in scan("how old are you? i'm 12", lang="en").rule_scores
    assert "grooming" not in scan("do you like sex ed class?", lang="en").rule_scores


@pytest.mark.parametrize("text", ["don't send nudes to anyone, it's dangerous", "never send pics to strangers",
                                  "dont send me nudes lol"])
def test_advice_against_sending_images_is_not_an_image_request(text: str) -> None:
    assert scan(text, lang="en").feature("image_request") == 0


def test_an_exclusive_request_is_still_one() -> None:
    assert scan("don't send nudes to anyone but me", lang="en").feature("image_request") > 0


@pytest.mark.parametrize(("text", "lang"), [("you have 24h to pay", "en"), ("u got 48hrs", "en"), ("t'as 24h", "fr")])
def test_a_unit_glued_to_its_number_triggers_the_countdown(text: str, lang: str) -> None:
    assert any(e.kind == "lexicon:sextortion_countdown" for e in scan(text, lang=lang).evidence), text


def test_every_phrase_is_gated_on_a_trigger_word() -> None:
    # a phrase with no word to gate it runs on every message (a pattern that opens with an optional group: give it
    # `when:` words); nine such phrases had cost 13 % of the engine's speed
    lex = get_lexicon()
    assert not lex.always, [lex.phrases[i].pattern.pattern[:80] for i in lex.always]



@pytest.mark.parametrize(("text", "lang"), [
    ("he's such a coward", "en"), ("what a fraud smh", "en"), ("she is a snake", "en"),
    ("the new kid is a crybaby", "en"), ("mon voisin est un escroc", "fr"),
])
def test_name_calling_without_bad_language_is_a_mild_insult(text: str, lang: str) -> None:
    assert scan(text, lang=lang).feature("mild_insult") > 0, text


@pytest.mark.parametrize(("text", "lang"), [
    ("u hypocrite lol", "en"), ("ur a fraud lol", "en"), ("stop crying you crybaby", "en"),
    ("shut up you clown", "en"), ("ur such a dweeb", "en"),
    ("t'es qu'un menteur", "fr"), ("t'es un lâche", "fr"), ("quelle bande de mauviettes", "fr"),
    ("espèce de traître", "fr"), ("t'es trop nul toi", "fr"),
])
def test_name_calling_said_to_someone_is_an_insult_aimed_at_them(text: str, lang: str) -> None:
    signals = scan(text, lang=lang)
    assert signals.feature("insult_second_person") > 0, text
    assert signals.rule_scores.get("harassment", 0) >= 0.6, text


@pytest.mark.parametrize(("text", "lang"), [
    ("credit card fraud is on the rise", "en"), ("we watched the traitors last night", "en"),
    ("april fools!", "en"), ("he is a snake charmer", "en"), ("don't rat on me", "en"),
    ("i'm not a liar", "en"), ("you are a joke of a player", "en"), ("c'est nul ce film", "fr"),
    ("lâche pas, t'es presque au bout", "fr"), ("t'es nul en maths ? moi aussi", "fr"),
])
def test_the_same_words_said_of_no_one_are_not(text: str, lang: str) -> None:
    assert scan(text, lang=lang).feature("mild_insult") == 0, text


def test_a_mild_insult_is_not_a_bad_word() -> None:
    # "liar" is name-calling, not bad language: no profanity rule score, no mentioned bad word when quoted
    signals = scan("you liar", lang="en")
    assert "profanity" not in signals.rule_scores
    assert scan("calling someone a liar is not nice", lang="en").feature("mentioned_attack") == 0


@pytest.mark.parametrize(("text", "lang"), [
    ("kill all the cops", "en"), ("we should bomb their whole country", "en"), ("line them up and shoot them", "en"),
    ("those traitors should be executed", "en"), ("go shoot up the school", "en"), ("tuez-les tous", "fr"),
    ("il faut tous les fusiller", "fr"), ("qu'ils crèvent tous", "fr"),
])
def test_a_call_for_violence_against_others_is_a_threat(text: str, lang: str) -> None:
    signals = scan(text, lang=lang)
    assert signals.feature("threat") > 0, text
    assert signals.rule_scores.get("violence", 0) >= 0.7, text


@pytest.mark.parametrize(("text", "lang"), [
    ("we can beat them easily", "en"), ("we should hang them on the wall", "en"),
    ("we're gonna kill them in the finals", "en"), ("kill all the zombies", "en"),
    ("all the kids should be killed off in the sequel lol", "en"), ("so u have to kill them and eat them?", "en"),
    ("on va les massacrer au foot demain", "fr"), ("vous tuez la conversation", "fr"),
    ("tu voulais qu'il crève ?", "fr"),
])
def test_the_same_verbs_about_a_game_a_film_or_a_thing_are_not(text: str, lang: str) -> None:
    assert scan(text, lang=lang).feature("threat") == 0, text


@pytest.mark.parametrize("text", ["we should never kill all the cops", "nobody should kill all the cops",
                                  "i don't think we should bomb their country"])
def test_a_negated_call_for_violence_is_neutralised(text: str) -> None:
    assert scan(text, lang="en").feature("threat") == 0


@pytest.mark.parametrize(("text", "lang"), [("i'm not afraid to slit your throat", "en"),
                                            ("i won't hesitate to stab you", "en"), ("j'ai pas peur de te tuer", "fr")])
def test_not_being_afraid_to_do_it_is_no_negation(text: str, lang: str) -> None:
    assert scan(text, lang=lang).rule_scores.get("violence", 0) >= 0.7, text


@pytest.mark.parametrize(("text", "lang"), [
    ('"kill all the cops" is a horrible thing to say', "en"),
    ("saying we should bomb their country is insane", "en"),
    ("my teacher said people who say kill all the jews are evil", "en"),
    ('he wrote "go shoot up the school" on the wall, i told the principal', "en"),
    ("quelqu'un a écrit tuez-les tous sur le mur", "fr"),
])
def test_a_call_for_violence_condemned_or_reported_is_no_threat(text: str, lang: str) -> None:
    signals = scan(text, lang=lang)
    assert signals.feature("threat") == 0 and "violence" not in signals.rule_scores, text
