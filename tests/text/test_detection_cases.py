"""What the shipped engine must get right on hand-written cases (invented texts, no dataset text).

Negation, counter-speech, reclaimed words and quoting lower hate/harassment; spelling tricks and French teen
slang do not escape; grooming is caught without a rude word; sextortion scripts and personal information are
flagged in French and English; ordinary messages stay clean.
"""

from __future__ import annotations

import pytest

from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.text.engine import TextAnalyzer


def flags(analyzer: TextAnalyzer, text: str, lang: str | None = None) -> list[str]:
    return analyzer.analyze(text, lang).flags


def score(analyzer: TextAnalyzer, text: str, category: str, lang: str | None = None) -> float:
    return analyzer.analyze(text, lang).scores[category]


@pytest.mark.parametrize(("attack", "defused", "lang"), [
    ("I hate immigrants, they should all go back", "I don't hate immigrants, they are welcome here", "en"),
    ("je déteste les migrants, dehors", "je ne déteste pas les migrants, ils sont bienvenus", "fr"),
    ("you are a faggot", "calling someone a faggot is never ok", "en"),
    ("you fat ugly bitch", "stop calling girls bitch, it is not ok", "en"),
    ("gays are disgusting", "as a gay man I am proud to be gay", "en"),
    ("you retard", "he called me a retard in class today and I cried", "en"),
    ("I hate gay people", "I don't hate gay people at all", "en"),
])
def test_context_lowers_hate_and_harassment(analyzer: TextAnalyzer, attack: str, defused: str, lang: str) -> None:
    hot = analyzer.analyze(attack, lang)
    cool = analyzer.analyze(defused, lang)
    assert {"hate", "harassment"} & set(hot.flags)
    assert max(cool.scores["hate"], cool.scores["harassment"]) < max(hot.scores["hate"], hot.scores["harassment"])
    assert not {"hate", "harassment"} & set(cool.flags)


@pytest.mark.parametrize("text", [
    "you are a fucking idiot",
    "you are a f.u.c.k.i.n.g idi0t",
    "y0u ar3 a fuuuuucking 1d10t",
    "you are a f u c k i n g idiot",
    "уоu аrе а fuсking idiоt",  # Cyrillic look-alikes
    "you are a fu\u200bcking id\u200diot",  # zero-width characters
])
def test_spelling_tricks_do_not_escape(analyzer: TextAnalyzer, text: str) -> None:
    assert {"harassment", "profanity"} & set(flags(analyzer, text, "en"))


@pytest.mark.parametrize("text", ["tg", "ntm", "fdp", "tg fdp", "nique ta mère", "t'es qu'un connard",
                                  "ta gueule sale batard"])
def test_french_teen_slang(analyzer: TextAnalyzer, text: str) -> None:
    assert {"harassment", "profanity"} & set(flags(analyzer, text, "fr"))


@pytest.mark.parametrize(("text", "lang"), [
    ("you are so mature for your age, not like other girls", "en"),
    ("are your parents home right now?", "en"),
    ("add me on snap so we can talk more privately", "en"),
    ("don't tell your mom about me, it's our little secret", "en"),
    ("t'es trop mature pour ton âge, ajoute moi sur snap", "fr"),
    ("c'est notre secret, dis rien à tes parents", "fr"),
])
def test_grooming_without_rude_words(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    a = analyzer.analyze(text, lang)
    assert "grooming" in a.flags
    assert a.severity.value == "critical"


@pytest.mark.parametrize(("text", "lang"), [
    ("I have your nudes. Pay 500$ in gift cards or I send them to all your followers", "en"),
    ("you have 24 hours to send me money or your family sees your pics", "en"),
    ("j'ai tes photos, si tu m'envoies pas 200 euros je les envoie à tous tes contacts", "fr"),
])
def test_sextortion_scripts(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    a = analyzer.analyze(text, lang)
    assert "sextortion" in a.flags
    assert a.severity.value == "critical"


@pytest.mark.parametrize(("text", "lang"), [
    ("my number is 06 12 34 56 78", "fr"),
    ("text me at +44 7700 900123", "en"),
    ("I'm 12 and I go to Lincoln Middle School", "en"),
    ("what's your address?", "en"),
])
def test_personal_info_with_evidence(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    a = analyzer.analyze(text, lang)
    assert "personal_info" in a.flags
    assert any(e.category == "personal_info" and 0 <= e.start < e.end <= len(text) for e in a.evidence)


@pytest.mark.parametrize(("text", "lang"), [
    ("happy birthday! see you at the party on saturday", "en"),
    ("we had a class about the assassination of Caesar", "en"),
    ("I visited Sussex and had a cocktail with my parents", "en"),
    ("le match était trop bien hier soir", "fr"),
    ("can you help me with my maths homework?", "en"),
    ("merci pour le cadeau, c'est trop gentil", "fr"),
])
def test_ordinary_messages_stay_clean(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    assert flags(analyzer, text, lang) == []


@pytest.mark.parametrize(("text", "lang"), [  # none of these is one of the training templates
    ("my cousin married a muslim guy last summer", "en"),
    ("the refugee kids joined our football team", "en"),
    ("our new teacher is gay and really funny", "en"),
    ("there are lots of jewish families in my street", "en"),
    ("she is black and the best player in our team", "en"),
    ("immigrants helped build this town", "en"),
    ("women run the world", "en"),
    ("ma meilleure amie est musulmane", "fr"),
    ("on a fait un exposé sur les migrants en classe", "fr"),
])
def test_naming_an_identity_group_is_not_hate(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    assert "hate" not in flags(analyzer, text, lang)


@pytest.mark.parametrize(("text", "lang"), [  # hate with no rude word: the well-known tropes
    ("immigrants are ruining this country", "en"),
    ("send them all back to africa", "en"),
    ("women belong in the kitchen", "en"),
    ("gay people should be killed", "en"),
    ("les migrants envahissent la france", "fr"),
    ("les arabes dehors", "fr"),
])
def test_hate_without_a_rude_word(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    assert "hate" in flags(analyzer, text, lang)


def test_self_harm_and_violence(analyzer: TextAnalyzer) -> None:
    assert "self_harm" in flags(analyzer, "I want to kill myself, I can't do this anymore", "en")
    assert "violence" in flags(analyzer, "I'm going to stab you tomorrow after school", "en")


def test_victim_report_of_sextortion(analyzer: TextAnalyzer) -> None:
    assert "sextortion" in flags(analyzer, "il dit qu'il va envoyer mes photos à tout le monde", "fr")


def test_negation_in_another_clause_does_not_defuse_an_insult(analyzer: TextAnalyzer) -> None:
    assert "harassment" in flags(analyzer, "no, you are a stupid idiot", "en")
    assert "harassment" not in flags(analyzer, "you are not an idiot, you are my best friend", "en")


def test_unknown_language_still_gets_every_score(analyzer: TextAnalyzer) -> None:
    a = analyzer.analyze("Ich habe heute keine Zeit, tut mir leid")
    assert set(a.scores) == set(CATEGORY_NAMES) and all(0.0 <= s <= 1.0 for s in a.scores.values())
    assert not a.flags


@pytest.mark.parametrize(("text", "lang"), [  # an insult or body-shaming aimed at "you" is harassment, not sexual
    ("t'es qu'une grosse merde", "fr"),
    ("tu es une grosse merde", "fr"),
    ("t'es grosse", "fr"),
    ("you're so fat", "en"),
    ("you're a fat pig", "en"),
])
def test_aimed_insults_are_harassment_not_sexual(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    a = analyzer.analyze(text, lang)
    assert "harassment" in a.flags
    assert "sexual" not in a.flags


@pytest.mark.parametrize(("text", "lang"), [  # the same words, aimed at no one
    ("tu fais une erreur", "fr"),
    ("j'ai une grosse envie de pizza", "fr"),
    ("t'as vu ma grosse voiture", "fr"),
])
def test_big_and_mistake_are_not_insults(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    assert not {"harassment", "sexual"} & set(flags(analyzer, text, lang))


def test_sextortion_threat_without_an_object_before_the_victims(analyzer: TextAnalyzer) -> None:
    a = analyzer.analyze("if you don't send more pics I'll show everyone the ones I have", "en")
    assert "sextortion" in a.flags and a.severity.value == "critical"
    assert "sextortion" not in flags(analyzer, "I'll show everyone my drawing tomorrow", "en")


@pytest.mark.parametrize(("text", "lang"), [  # a photo request wrapped in secrecy
    ("send me a pic of you, just for me", "en"),
    ("envoie-moi une photo de toi, juste pour moi", "fr"),
])
def test_photo_request_kept_secret_is_grooming(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    assert "grooming" in flags(analyzer, text, lang)


def test_french_move_off_platform_is_a_grooming_cue(analyzer: TextAnalyzer) -> None:
    assert score(analyzer, "on peut parler sur insta plutôt", "grooming", "fr") >= 0.45
    assert "grooming" in flags(analyzer, "t'es trop belle, on peut parler sur insta plutôt ?", "fr")
    assert score(analyzer, "on peut parler de ça demain", "grooming", "fr") < 0.45


@pytest.mark.parametrize(("text", "lang", "flagged"), [  # suicide-method questions, and the harmless look-alikes
    ("how many pills would it take", "en", True),
    ("what's the easiest way to die", "en", True),
    ("combien de cachets faut-il pour mourir", "fr", True),
    ("how many pills should I take for a headache", "en", False),
    ("the easiest way to learn french", "en", False),
    ("combien de cachets pour mon mal de tête", "fr", False),
])
def test_suicide_method_questions(analyzer: TextAnalyzer, text: str, lang: str, flagged: bool) -> None:
    assert ("self_harm" in flags(analyzer, text, lang)) is flagged


def test_french_antisemitic_control_trope(analyzer: TextAnalyzer) -> None:
    assert "hate" in flags(analyzer, "les juifs dirigent tout", "fr")
    assert "hate" not in flags(analyzer, "les juifs ont le droit de vivre en paix", "fr")


@pytest.mark.parametrize(("text", "lang", "category", "flagged"), [  # second audit: invented look-alike pairs
    ("t trop moche mdr", "fr", "harassment", True),  # SMS "t" for "t'es"
    ("t trop bien toi", "fr", "harassment", False),
    ("tu m'envoies une photo de toi en maillot ?", "fr", "grooming", True),
    ("send me a pic of you in your bikini", "en", "grooming", True),
    ("send me a pic in your new clothes", "en", "grooming", False),
    ("I don't want to be here anymore", "en", "self_harm", True),
    ("j'en peux plus de vivre", "fr", "self_harm", True),
    ("j'en ai marre de mes devoirs", "fr", "self_harm", False),
    ("i keep skipping meals to be skinny", "en", "self_harm", True),
    ("ne dis rien à ta mère", "fr", "hate", False),  # a secrecy cue is grooming, never hate
])
def test_second_audit_cases(analyzer: TextAnalyzer, text: str, lang: str, category: str, flagged: bool) -> None:
    assert (category in flags(analyzer, text, lang)) is flagged


def test_french_gift_offer_is_a_grooming_cue(analyzer: TextAnalyzer) -> None:
    assert score(analyzer, "je peux te payer des vbucks si tu veux", "grooming", "fr") >= 0.45


@pytest.mark.parametrize(("text", "lang", "flagged"), [  # third audit: threats of violence, and look-alikes
    ("I'm going to bring a gun to school tomorrow", "en", True),
    ("i'll beat the shit out of you after school", "en", True),
    ("tu vas voir à la sortie", "fr", True),
    ("I'm going to get a knife to cut the cake", "en", False),
    ("tu vas voir, c'est trop bien", "fr", False),
    ("we played shooting games all night", "en", False),
])
def test_threats_of_violence(analyzer: TextAnalyzer, text: str, lang: str, flagged: bool) -> None:
    assert ("violence" in flags(analyzer, text, lang)) is flagged


@pytest.mark.parametrize(("cue", "lang"), [  # one weak grooming cue alone scores 0.45 (no flag); with another, flags
    ("age is just a number", "en"),
    ("do you want to earn some money? it's easy", "en"),
    ("l'âge c'est qu'un chiffre", "fr"),
    ("personne ne te comprend comme moi", "fr"),
    ("tu veux gagner de l'argent facilement ?", "fr"),
])
def test_age_gap_and_money_offers_are_grooming_cues(analyzer: TextAnalyzer, cue: str, lang: str) -> None:
    assert score(analyzer, cue, "grooming", lang) >= 0.45
    assert "grooming" not in flags(analyzer, cue, lang)
    secret = "don't tell your parents" if lang == "en" else "dis rien à tes parents"
    assert "grooming" in flags(analyzer, f"{cue}, {secret}", lang)


@pytest.mark.parametrize(("text", "lang", "category", "flagged"), [  # fourth audit: FR/EN hate and counter-speech
    ("on dit pas pédé, c'est homophobe", "fr", "grooming", False),  # counter-speech, not a secret
    ("ne dit pas ça à tes parents", "fr", "grooming", True),
    ("I'm not racist but immigrants are animals", "en", "hate", True),  # "but" ends the negation's scope
    ("les homos devraient pas avoir le droit de se marier", "fr", "hate", True),
    ("gay people shouldn't be allowed to marry", "en", "hate", True),
    ("kids shouldn't be allowed to stay up late", "en", "hate", False),
    ("je déteste pas les musulmans, j'ai plein de potes musulmans", "fr", "hate", False),
])
def test_fourth_audit_cases(analyzer: TextAnalyzer, text: str, lang: str, category: str, flagged: bool) -> None:
    assert (category in flags(analyzer, text, lang)) is flagged


@pytest.mark.parametrize(("text", "lang", "category"), [  # fifth audit: spelling tricks and emoji
    ("s3nd n00dz", "en", "grooming"),
    ("y0u ar3 s0 stup1d", "en", "harassment"),
    ("u r so 🔥 send pic", "en", "grooming"),
    ("t'es 1 gr0sse p*te", "fr", "harassment"),
    ("j v te tuer", "fr", "violence"),
])
def test_spelling_tricks_and_emoji(analyzer: TextAnalyzer, text: str, lang: str, category: str) -> None:
    assert category in flags(analyzer, text, lang)


def test_the_snapchat_ghost_is_a_platform(analyzer: TextAnalyzer) -> None:
    assert score(analyzer, "add me on 👻", "grooming", "en") >= 0.45


@pytest.mark.parametrize(("text", "lang", "category", "flagged"), [  # sixth audit: everyday children's messages
    ("on se voit demain au collège", "fr", "grooming", False),  # classmates meeting at school
    ("let's meet in class tomorrow", "en", "grooming", False),
    ("je viens te chercher au collège", "fr", "grooming", True),  # an offer to pick a child up still is
    ("on se voit au collège et dis rien à tes parents", "fr", "grooming", True),
    ("ma mère vient me chercher à la sortie du collège", "fr", "violence", False),
    ("je t'attends à la sortie", "fr", "violence", True),  # the playground threat
    ("don't tell mom we ate all the cookies", "en", "grooming", False),  # a shared parent: siblings
    ("it's a secret, don't tell anyone about the surprise party for mom", "en", "grooming", False),
    ("on prépare une fête surprise pour maman, dis rien", "fr", "grooming", False),
    ("don't tell your mom we talk", "en", "grooming", True),
    ("don't tell mom about us, she wouldn't understand", "en", "grooming", True),
    ("c'est une surprise pour toi, dis rien à tes parents", "fr", "grooming", True),
    ("j'ai envie de mourir de rire", "fr", "self_harm", False),  # idioms and predictions, not wishes
    ("je vais mourir de faim", "fr", "self_harm", False),
    ("this test is so hard i'm gonna die", "en", "self_harm", False),
    ("j'ai envie de mourir", "fr", "self_harm", True),
    ("i just want to die", "en", "self_harm", True),
    ("i'm gonna end it all tonight", "en", "self_harm", True),
    ("quelle est ton adresse ?", "fr", "personal_info", True),
    ("tu vas à quelle école ?", "fr", "personal_info", True),
    ("nobody would care if you disappeared", "en", "harassment", True),
    ("everyone at school hates you", "en", "harassment", True),
    ("I'm going to shoot up the school", "en", "violence", True),
    ("i'm going to shoot some hoops after school", "en", "violence", False),
    ("les femmes c'est fait pour faire la cuisine", "fr", "hate", True),
    ("envoie une photo de toi, personne saura", "fr", "grooming", True),
    ("personne ne saura jamais pourquoi les dinosaures ont disparu", "fr", "grooming", False),
    ("nobody will know, i promise", "en", "grooming", True),
    ("nobody will know the answer to this riddle", "en", "grooming", False),
    ("i'll buy you a new phone if you send me a picture", "en", "grooming", True),
    ("ur mom doesnt need to know", "en", "grooming", True),
    ("my mom doesn't need to know about my grades lol", "en", "grooming", False),
    ("tu me fais confiance ? on se voit samedi, seule", "fr", "grooming", True),
    ("viens seule, je t'attends", "fr", "grooming", True),
    ("les handicapés ne servent à rien", "fr", "hate", True),
    ("muslims should all be deported", "en", "hate", True),
    ("muslims should be allowed to pray at school", "en", "hate", False),
    ("i'll find where you live", "en", "violence", True),
    ("i'll find where you are on the map", "en", "violence", False),
    ("je me fais vomir après chaque repas", "fr", "self_harm", True),
    ("i make myself throw up after every meal", "en", "self_harm", True),
    ("i haven't eaten in 3 days because i was sick", "en", "self_harm", False),
    ("i'm on a diet, i want to be under 60kg by summer", "en", "self_harm", False),
])
def test_sixth_audit_cases(analyzer: TextAnalyzer, text: str, lang: str, category: str, flagged: bool) -> None:
    assert (category in flags(analyzer, text, lang)) is flagged


@pytest.mark.parametrize(("text", "lang"), [  # French swearing is bad language: it had scored as low as 0.01
    ("merde j'ai raté le bus", "fr"),
    ("bordel de merde", "fr"),
    ("quel connard ce prof", "fr"),
    ("fais chier ce wifi", "fr"),
    ("c'est de la merde ce jeu", "fr"),
    ("putain de merde", "fr"),
    ("shit i forgot my keys", "en"),
    ("that bitch is crazy", "en"),
])
def test_french_swearing_is_profanity(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    assert "profanity" in flags(analyzer, text, lang)


@pytest.mark.parametrize(("text", "lang"), [  # a group's name or talk of suicide is not bad language
    ("my cousin married a muslim guy", "en"),
    ("i love my black friends", "en"),
    ("I don't hate immigrants, my mum is one", "en"),
    ("I want to kill myself", "en"),
    ("how many pills would it take", "en"),
    ("ma meilleure amie est musulmane", "fr"),
    ("I don't hate gay people at all", "en"),
    # everyday messages the F1 threshold (0.44) flagged through char n-grams learnt from tweets ("ho", "itch")
    ("he forgot his lunch at home again", "en"),
    ("she throws like a pro", "en"),
    ("i have to go back to the kitchen to get a spoon", "en"),
])
def test_identity_mentions_and_suicide_talk_are_not_profanity(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    assert "profanity" not in flags(analyzer, text, lang)


@pytest.mark.parametrize(("text", "lang", "flagged"), [  # the writer saying they are an adult escalates a grooming cue
    ("i'm 25 but i like younger girls", "en", True),
    ("i'm 35, you're so pretty", "en", True),
    ("i am an adult, you can trust me", "en", True),
    ("i'm much older than you but the age gap doesn't matter", "en", True),
    ("j'ai 25 ans mais j'aime les filles plus jeunes", "fr", True),
    ("je suis majeur, tu peux me faire confiance", "fr", True),
    ("t'as 13 ans ? l'âge c'est qu'un chiffre", "fr", True),
    # an adult's age, or a grooming-like phrase, alone is not grooming
    ("i'm 25 and i work in a bank", "en", False),
    ("you're so pretty", "en", False),
    ("the age difference doesn't matter to me", "en", False),
    ("j'ai 30 ans et deux enfants", "fr", False),
    ("je suis plus grand que toi au basket", "fr", False),
    ("you're 14 and you still can't ride a bike lol", "en", False),
])
def test_an_adult_saying_so_escalates_grooming(analyzer: TextAnalyzer, text: str, lang: str, flagged: bool) -> None:
    assert ("grooming" in flags(analyzer, text, lang)) is flagged


@pytest.mark.parametrize(("text", "lang", "flagged"), [  # gender-based put-downs aimed at "you" are harassment
    ("you throw like a girl", "en", True),
    ("get back in the kitchen woman", "en", True),
    ("tu cours comme une fille", "fr", True),
    ("ta place est à la cuisine", "fr", True),
    ("i run like a girl and i'm proud of it", "en", False),
    ("i have to go back to the kitchen to get a spoon", "en", False),
    ("je retourne à la cuisine chercher un verre", "fr", False),
])
def test_gender_based_put_downs(analyzer: TextAnalyzer, text: str, lang: str, flagged: bool) -> None:
    assert ("harassment" in flags(analyzer, text, lang)) is flagged


@pytest.mark.parametrize(("text", "lang", "category", "flagged"), [  # seventh audit: invented look-alike pairs
    # sextortion threats and victims' reports in other words
    ("send me a pic or i'll share the ones i have with all your followers", "en", "sextortion", True),
    ("he's threatening to post my pics if i don't send more, what do i do", "en", "sextortion", True),
    ("si tu m'envoies pas d'autres photos je les envoie à tout ton collège", "fr", "sextortion", True),
    ("i'll share the ones i like with my friends", "en", "sextortion", False),
    # "no wonder" negates nothing
    ("ur so ugly no wonder nobody likes u", "en", "harassment", True),
    ("no offense but you're an idiot", "en", "harassment", True),
    # a game is not a threat; the same words without one are
    ("i'm going to kill you in fortnite lol", "en", "violence", False),
    ("i'm gonna destroy your base in minecraft", "en", "violence", False),
    ("je vais te tuer sur fortnite", "fr", "violence", False),
    ("je vais te défoncer en 1v1", "fr", "violence", False),
    ("i will kill you at school tomorrow", "en", "violence", True),
    ("je vais te tuer à la sortie", "fr", "violence", True),
    # "nobody would notice if i was gone" is ideation; being late is not
    ("i feel like nobody would notice if i was gone", "en", "self_harm", True),
    ("personne ne remarquerait si je disparaissais", "fr", "self_harm", True),
    ("nobody will notice if i'm late", "en", "self_harm", False),
])
def test_seventh_audit_cases(analyzer: TextAnalyzer, text: str, lang: str, category: str, flagged: bool) -> None:
    assert (category in flags(analyzer, text, lang)) is flagged


@pytest.mark.parametrize(("text", "lang", "flagged"), [  # eighth audit: bullying with no word of the insult list
    ("you are all so dumb", "en", True),
    ("y'all are pathetic", "en", True),
    ("you have no friends", "en", True),
    ("even your mom hates you", "en", True),
    ("you don't belong here", "en", True),
    ("get lost loser", "en", True),
    ("you're a waste of space", "en", True),
    ("why are you even alive", "en", True),
    ("she sleeps with every guy in school", "en", True),
    ("t'es trop bête", "fr", True),
    ("tu fais pitié", "fr", True),
    ("t'as pas d'amis", "fr", True),
    ("même ta mère t'aime pas", "fr", True),
    ("va pleurer chez ta mère", "fr", True),
    ("bande de cons", "fr", True),
    ("sale porc", "fr", True),
    ("tas de graisse", "fr", True),
    ("sal pd", "fr", True),
    ("elle suce tout le monde", "fr", True),
    ("retourne dans ton pays", "fr", True),
    # the same words, harmless
    ("you all are amazing", "en", False),
    ("you have no idea how happy i am", "en", False),
    ("my mom hates when i leave my room messy", "en", False),
    ("nobody invited me to the party :(", "en", False),
    ("get lost in a good book", "en", False),
    ("why are you even awake at 3am", "en", False),
    ("hey whale watchers", "en", False),
    ("go cry to your mom if you need help, she loves you", "en", False),
    ("i love you as well", "en", False),  # squeezed, "as" had read as "ass"
    ("t'as pas d'amis qui peuvent t'aider ?", "fr", False),
    ("ton père veut pas que je sorte", "fr", False),
    ("gros tas de devoirs ce soir", "fr", False),
    ("une bande de copains", "fr", False),
    ("tu rentres dans ton pays cet été ?", "fr", False),
])
def test_eighth_audit_bullying(analyzer: TextAnalyzer, text: str, lang: str, flagged: bool) -> None:
    assert ("harassment" in flags(analyzer, text, lang)) is flagged


@pytest.mark.parametrize(("text", "lang", "category", "flagged"), [  # eighth audit: other categories
    # words sexual only in context: not sexual alone, still a grooming escalation with a photo request
    ("my mom bought me a new bra", "en", "sexual", False),
    ("i need new undies for camp", "en", "sexual", False),
    ("j'ai mal aux fesses après le foot", "fr", "sexual", False),
    ("ma mère m'a acheté un soutien-gorge", "fr", "sexual", False),
    ("une bande de copains", "fr", "sexual", False),  # "bandé" without its accent
    ("send me a pic in your underwear", "en", "grooming", True),
    ("envoie une photo en culotte", "fr", "grooming", True),
    ("strip for me", "en", "sexual", True),
    # a threat to spread a photo; a photo on the school website is not one
    ("ta photo va finir sur telegram", "fr", "sextortion", True),
    ("tes photos vont tourner partout", "fr", "sextortion", True),
    ("ta photo va être sur le site de l'école", "fr", "sextortion", False),
    # a group threat
    ("on va tous te défoncer demain", "fr", "violence", True),
    ("on va tous te voir demain", "fr", "violence", False),
    # "go back to your country" is hate; asking about the holidays is not
    ("will you go back to your country this summer?", "en", "hate", False),
    ("go back to your country", "en", "hate", True),
])
def test_eighth_audit_cases(analyzer: TextAnalyzer, text: str, lang: str, category: str, flagged: bool) -> None:
    assert (category in flags(analyzer, text, lang)) is flagged


@pytest.mark.parametrize(("text", "lang", "flagged"), [  # ninth audit: a slur naming a group in a hateful statement
    ("les bougnoules dehors", "fr", True),
    ("ces pédés devraient crever", "fr", True),
    ("les pédés sont des malades", "fr", True),
    ("mort aux bougnoules", "fr", True),
    ("je déteste les pédés", "fr", True),
    ("les gouines devraient pas avoir le droit de se marier", "fr", True),
    ("dykes are disgusting", "en", True),
    ("death to the kikes", "en", True),
    ("chinks are ruining this country", "en", True),
    # disliking a group, said plainly
    ("je n'aime pas les juifs", "fr", True),
    ("je peux pas blairer les arabes", "fr", True),
    ("i don't like muslims", "en", True),
    ("i don't trust jews", "en", True),
    # the same verbs about things, people who are not a protected group, or a word that only looks like a slur
    ("j'aime pas les épinards", "fr", False),
    ("je déteste les lundis", "fr", False),
    ("j'aime pas les cons", "fr", False),  # English "coons" squeezed reads "cons": a phrase must not match it
    ("i hate gay jokes", "en", False),
    ("i don't like mexican food", "en", False),
    ("i don't like the immigration policy", "en", False),
    # condemning the word
    ("calling people fags is disgusting", "en", False),
    ("i hate when people say faggot", "en", False),
    ("je déteste quand les gens disent pédé", "fr", False),
])
def test_ninth_audit_group_slurs(analyzer: TextAnalyzer, text: str, lang: str, flagged: bool) -> None:
    assert ("hate" in flags(analyzer, text, lang)) is flagged


# ninth audit: contact and self-harm cues, sexism, glorification, trading
_NINTH_AUDIT_CASES = [
    # a threat to post intimate images, made conditional on a demand or said outright
    ("send me $200 in gift cards or i post your nudes", "en", "sextortion", True),
    ("pay me or i'll leak your photos", "en", "sextortion", True),
    ("i'll post your nudes", "en", "sextortion", True),
    ("envoie 50€ ou j'envoie tes photos à tous tes potes", "fr", "sextortion", True),
    ("hurry up or i'll send the photos without you", "en", "sextortion", False),
    ("i'll post your photos from the party tomorrow", "en", "sextortion", False),
    ("or i could send the videos later", "en", "sextortion", False),
    # moving somewhere "more private", offering to show one's body, age question with a photo request
    ("add me on snap, it's more private", "en", "grooming", True),
    ("ajoute moi sur snap c'est plus discret", "fr", "grooming", True),
    ("let's talk somewhere more private", "en", "grooming", True),
    ("on peut parler dans un endroit plus discret", "fr", "grooming", True),
    ("wanna see my dick", "en", "grooming", True),
    ("i can show you mine if you show me yours", "en", "grooming", True),
    ("tu veux voir ma bite", "fr", "grooming", True),
    ("how old are you? 12? send a pic", "en", "grooming", True),
    ("t'as quel âge ? envoie une photo", "fr", "grooming", True),
    ("what's your snap?", "en", "grooming", False),
    ("i prefer the small bathroom, it's more private", "en", "grooming", False),
    ("do you want to see my new puppy", "en", "grooming", False),
    ("tu veux voir mon nouveau vélo", "fr", "grooming", False),
    ("i'll show you mine, my drawing is better", "en", "grooming", False),
    # eating-disorder ideation is self-harm; a missed meal or a snack is not
    ("i haven't eaten in 3 days and i still feel fat", "en", "self_harm", True),
    ("i'm so fat i need to stop eating", "en", "self_harm", True),
    ("i throw up after every meal", "en", "self_harm", True),
    ("j'ai pas mangé depuis 3 jours et je me trouve encore grosse", "fr", "self_harm", True),
    ("je saute des repas pour maigrir", "fr", "self_harm", True),
    ("i skipped breakfast, was late for school", "en", "self_harm", False),
    ("a snack under 100 calories", "en", "self_harm", False),
    ("stretches to get thinner legs", "en", "self_harm", False),
    ("je mange plus de viande", "fr", "self_harm", False),
    ("j'ai sauté le déjeuner aujourd'hui", "fr", "self_harm", False),

    # sexist tropes are hate; the same words about one person, a plan or a film are not
    ("women are too emotional to lead", "en", "hate", True),
    ("girls can't play video games lol", "en", "hate", True),
    ("les meufs savent pas jouer", "fr", "hate", True),
    ("make me a sandwich woman", "en", "hate", True),
    ("girls can't play until 5pm today", "en", "hate", False),
    ("women are so emotional about this movie lol", "en", "hate", False),
    ("mom can you make me a sandwich", "en", "hate", False),
    ("les filles peuvent pas venir ce soir", "fr", "hate", False),
    # slut-shaming is gender-based harassment
    ("she's a slut for wearing that", "en", "harassment", True),
    ("she's a star", "en", "harassment", False),
    # spelling tricks around chat shorthand
    ("u r a b!tch", "en", "harassment", True),
    ("y o u  a r e  u g l y", "en", "harassment", True),
    # glorifying a massacre is violent content; a game called a shooter is not
    ("school shootings are awesome", "en", "violence", True),
    ("the school shooter is a hero", "en", "violence", True),
    ("i'd love to see someone bomb that school", "en", "violence", True),
    ("ce mec qui a tiré dans l'école c'est un héros", "fr", "violence", True),
    ("this shooter is a great game", "en", "violence", False),
    ("the shooter was sentenced to life", "en", "violence", False),
    ("ce tireur est un boss sur valo", "fr", "violence", False),
    ("the game was a massacre lol", "en", "violence", False),
    # a threat inside a game is not a threat
    ("je vais te tuer au prochain match de fortnite", "fr", "violence", False),
    ("je vais te défoncer en ranked", "fr", "violence", False),
    ("i'm going to kill you in the next round", "en", "violence", False),
    ("je vais te tuer demain à la sortie du collège", "fr", "violence", True),
    ("i will kill you at school tomorrow", "en", "violence", True),
    # images of children offered for trade
    ("i have pics of 12 year olds to trade", "en", "sexual_minors", True),
    ("qui a des photos de gamines à échanger", "fr", "sexual_minors", True),
    ("i have pics of my kids to share", "en", "sexual_minors", False),
    # school and kitchen words
    ("we have sex education class today", "en", "sexual", False),
    ("shiitake mushrooms are tasty", "en", "profanity", False),
    # exclusion from the group, smell, a vocative put-down; the same words said kindly or about something else
    ("get out of our group chat", "en", "harassment", True),
    ("we're all going to block you", "en", "harassment", True),
    ("everyone is laughing at you", "en", "harassment", True),
    ("you smell", "en", "harassment", True),
    ("dégage de ce groupe", "fr", "harassment", True),
    ("on veut plus de toi dans le groupe", "fr", "harassment", True),
    ("on va tous te bloquer", "fr", "harassment", True),
    ("tu pues", "fr", "harassment", True),
    ("wesh la grosse", "fr", "harassment", True),
    ("t'es tellement pathétique", "fr", "harassment", True),
    ("leave the group chat if you want", "en", "harassment", False),
    ("i'll block you if you keep spamming", "en", "harassment", False),
    ("you smell like cookies", "en", "harassment", False),
    ("can you smell that", "en", "harassment", False),
    ("i can see and hear, you smell isnt important", "en", "harassment", False),
    ("on va te bloquer par erreur", "fr", "harassment", False),
    ("wesh gros ça va", "fr", "harassment", False),
]



# Tenth audit. Harmless uses of a listed word ("cum laude", "moby dick", "baisser le son", "la pédale de frein"),
# blanked before matching, and the harmful messages that carried no cue yet.
_TENTH_AUDIT_CASES = [
    # words that only look bad, in a harmless phrase (English)
    ("she graduated magna cum laude", "en", "sexual", False),
    ("i'm reading moby dick for english", "en", "sexual", False),
    ("i'm reading moby dick for english", "en", "profanity", False),
    ("we bought shin pads at dick's sporting goods", "en", "profanity", False),
    ("the blue tits are back in the garden", "en", "profanity", False),
    ("i used the garden hoe to dig", "en", "profanity", False),
    ("there's a chink in his armor", "en", "hate", False),
    ("that was a niggardly tip", "en", "profanity", False),
    ("we watched a documentary about suicide prevention", "en", "self_harm", False),
    ("the suicide squad movie was mid", "en", "self_harm", False),
    ("we ran suicides in basketball practice", "en", "self_harm", False),
    ("naked mole rats are so weird", "en", "sexual", False),
    ("shut up, no way! that's amazing", "en", "harassment", False),
    # ... and in French: "baisser" squeezes onto "baiser", "pédaler" starts like the slur "pédale"
    ("tu peux baisser le son stp", "fr", "sexual", False),
    ("la baisse des prix c'est cool", "fr", "sexual", False),
    ("un petit baiser sur la joue", "fr", "sexual", False),
    ("il faut pédaler plus fort", "fr", "profanity", False),
    ("la pédale de frein est cassée", "fr", "profanity", False),
    ("on habite dans un cul-de-sac", "fr", "profanity", False),
    ("passe moi la tapette à mouches", "fr", "profanity", False),
    ("ma chatte a fait des chatons", "fr", "profanity", False),
    ("on mange un chili con carne ce soir", "fr", "harassment", False),
    # the same words used to hurt are still caught
    ("i'm gonna fuck you hard", "en", "sexual", True),
    ("t'es une sale pédale", "fr", "harassment", True),
    ("je vais te baiser", "fr", "sexual", True),
    ("suicide is the only way out for me", "en", "self_harm", True),
    ("shut up you idiot", "en", "harassment", True),
    # a school weapon threat in the present tense
    ("i'm bringing a gun to school tomorrow", "en", "violence", True),
    ("je ramène un flingue au lycée demain", "fr", "violence", True),
    ("i'm bringing a cake to school tomorrow", "en", "violence", False),
    # the consequence of not paying, in the present tense, is a sextortion threat
    ("pay me 500 or everyone sees your video", "en", "sextortion", True),
    ("paye 200€ sinon tout le monde voit tes photos", "fr", "sextortion", True),
    ("hurry or everyone sees the surprise", "en", "sextortion", False),
    # asking how not to eat, or not deserving food, is eating-disorder ideation; cutting down on sweets is not
    ("tips to not eat for 3 days", "en", "self_harm", True),
    ("i deserve to starve", "en", "self_harm", True),
    ("i don't deserve to eat", "en", "self_harm", True),
    ("astuces pour ne pas manger pendant 2 jours", "fr", "self_harm", True),
    ("je mérite pas de manger", "fr", "self_harm", True),
    ("how to stop eating junk food at night", "en", "self_harm", False),
    ("i have to not eat before my blood test", "en", "self_harm", False),
    ("comment arrêter de manger des bonbons", "fr", "self_harm", False),
    # identity as illness or sin, said as a statement; denied or asked, it is not
    ("trans people are mentally ill", "en", "hate", True),
    ("being gay is a sin", "en", "hate", True),
    ("être gay c'est une maladie", "fr", "hate", True),
    ("les trans sont des malades mentaux", "fr", "hate", True),
    ("being gay is not a sin", "en", "hate", False),
    ("is being gay a sin?", "en", "hate", False),
    # grooming: the own-room check, isolation with a video call, a meeting kept from parents
    ("do you have your own room?", "en", "grooming", True),
    ("t'as ta chambre à toi ?", "fr", "grooming", True),
    ("let's video call, just the two of us", "en", "grooming", True),
    ("tu veux faire un facetime rien que nous deux", "fr", "grooming", True),
    ("viens au parc sans le dire à tes parents", "fr", "grooming", True),
    ("come to the park without telling your mom", "en", "grooming", True),
    ("don't go out without telling your parents", "en", "grooming", False),
    ("sors pas sans prévenir tes parents", "fr", "grooming", False),
    ("let's facetime later", "en", "grooming", False),
    ("kids your age need 9 hours of sleep", "en", "grooming", False),
    # teen put-downs with no insult word, and the same words in a neutral sentence
    ("t'es la risée de la classe", "fr", "harassment", True),
    ("t'es une victime", "fr", "harassment", True),
    ("t'as une tête de cul", "fr", "harassment", True),
    ("tu vas rien faire de ta vie", "fr", "harassment", True),
    ("on t'a pas sonné", "fr", "harassment", True),
    ("nobody asked", "en", "harassment", True),
    ("touch grass loser", "en", "harassment", True),
    ("lol cry about it", "en", "harassment", True),
    ("je suis victime de harcèlement", "fr", "harassment", False),
    ("nobody asked me to the dance", "en", "harassment", False),
    ("who asked for pizza", "en", "harassment", False),
    ("i need to get a life lol", "en", "harassment", False),
    ("i cry about it every night", "en", "harassment", False),
    # stereotypes about a protected group, said or asked, with no rude word (functional tests in the manner of
    # HateCheck: derogation, questions, verbs, exclusion); denied, refuted, praised or about a non-protected target,
    # they are not hate
    ("jews are greedy", "en", "hate", True),
    ("mexicans are lazy", "en", "hate", True),
    ("black people are genetically less intelligent", "en", "hate", True),
    ("disabled people are a burden on society", "en", "hate", True),
    ("muslims are all the same", "en", "hate", True),
    ("why are muslims so violent", "en", "hate", True),
    ("asians can't drive", "en", "hate", True),
    ("gay people shouldn't be teachers", "en", "hate", True),
    ("immigrants bring crime into our neighborhoods", "en", "hate", True),
    ("i'd never let a muslim babysit my kids", "en", "hate", True),
    ("trans women are men", "en", "hate", True),
    ("gays are going to hell", "en", "hate", True),
    ("women are only good for cooking", "en", "hate", True),
    ("les juifs sont radins", "fr", "hate", True),
    ("les noirs sont moins intelligents", "fr", "hate", True),
    ("les musulmans sont tous pareils", "fr", "hate", True),
    ("pourquoi les noirs sont si violents", "fr", "hate", True),
    ("les migrants ramènent la criminalité", "fr", "hate", True),
    ("les femmes sont bonnes qu'à faire la cuisine", "fr", "hate", True),
    ("les femmes trans sont des hommes", "fr", "hate", True),
    ("muslims are not terrorists", "en", "hate", False),
    ("immigrants are not criminals", "en", "hate", False),
    ("les migrants ne sont pas des criminels", "fr", "hate", False),
    ("saying immigrants are criminals is a harmful stereotype", "en", "hate", False),
    ("dire que les arabes sont des voleurs c'est un cliché", "fr", "hate", False),
    ("black people are sick of police brutality", "en", "hate", False),
    ("black people are amazing athletes and scientists", "en", "hate", False),
    ("immigrants make our country stronger", "en", "hate", False),
    ("gay people are welcome here", "en", "hate", False),
    ("trans people are valid", "en", "hate", False),
    ("politicians are scum", "en", "hate", False),
    ("spiders are disgusting", "en", "hate", False),
    # a gift counted in numbers, a school warning, a threat with a weapon slang word, and their harmless look-alikes
    ("i'll give you 1000 robux if you send a video", "en", "grooming", True),
    ("je te donne 1000 robux si tu m'envoies une vidéo", "fr", "grooming", True),
    ("i'll give you $50 if you send pics", "en", "grooming", True),
    ("i'll give you 2 minutes to finish your homework", "en", "grooming", False),
    ("don't come to school tomorrow, i'm serious", "en", "violence", True),
    ("don't come to school tomorrow if you're sick", "en", "violence", False),
    ("ima pull up to ur house with the strap", "en", "violence", True),
    # overdose, never waking up, being a burden; a bunch of pictures is not a bunch of pills
    ("i took a bunch of pills, i'm so tired", "en", "self_harm", True),
    ("i want to sleep and never wake up", "en", "self_harm", True),
    ("i'm worthless and everyone would be happier without me", "en", "self_harm", True),
    ("je vais me jeter sous un train", "fr", "self_harm", True),
    ("j'ai pris toute la boîte de doliprane", "fr", "self_harm", True),
    ("i took a bunch of pictures at the beach", "en", "self_harm", False),
    ("i slept and didn't wake up until noon lol", "en", "self_harm", False),
    # children sought by age; adults sought for a game are not
    ("looking for young girls 12-14 for fun chat", "en", "sexual_minors", True),
    ("looking for girls 18-25 to play valorant", "en", "sexual_minors", False),
    # "… or I send everything to your family"
    ("you have 24 hours to pay or i send everything to your family", "en", "sextortion", True),
    ("tu as 24h pour payer sinon j'envoie tout à ta famille", "fr", "sextortion", True),
    ("finish your homework or i send everyone home late", "en", "sextortion", False),
    # a group naming itself (reclaimed words) is not hate
    ("we're queer and we're here", "en", "hate", False),
    ("on est gays et fiers", "fr", "hate", False),
    # sexual propositions and acts with no listed word, and the same verbs about cables, games and headphones
    ("wanna hook up tonight", "en", "sexual", True),
    ("she gave him head behind the gym", "en", "sexual", True),
    ("wanna hook up the console to the tv", "en", "sexual", False),
    ("wanna smash the boss together", "en", "sexual", False),
    ("i gave him head phones for christmas", "en", "sexual", False),
    ("she gave him a head start", "en", "sexual", False),
    # "fvck" is "fuck"
    ("fvck off", "en", "harassment", True),
    ("fvck this", "en", "profanity", True),
    # graphic violence shared, someone else attacked at a set time or place, wished dead; sport and games are not
    ("watch this video of a guy getting beheaded", "en", "violence", True),
    ("check out this gore video lol", "en", "violence", True),
    ("regarde cette vidéo d'un mec qui se fait décapiter", "fr", "violence", True),
    ("we're gonna jump him at lunch", "en", "violence", True),
    ("on va le niquer à la sortie", "fr", "violence", True),
    ("je vais le défoncer ce bâtard", "fr", "violence", True),
    ("he deserves to be shot", "en", "violence", True),
    ("someone should stab that teacher", "en", "violence", True),
    ("i wish the whole school would burn down", "en", "violence", True),
    ("i'll make you bleed", "en", "violence", True),
    ("watch this video of a guy getting a haircut", "en", "violence", False),
    ("we're gonna beat them tomorrow in the final", "en", "violence", False),
    ("i'll shoot him tomorrow in fortnite", "en", "violence", False),
    ("je vais le défoncer à fifa", "fr", "violence", False),
    ("he deserves to be happy", "en", "violence", False),
    ("someone should help him", "en", "violence", False),
    # a stereotype as a verb; the same verbs in a neutral sentence
    ("immigrants take our jobs", "en", "hate", True),
    ("gypsies steal everything", "en", "hate", True),
    ("les gitans volent tout", "fr", "hate", True),
    ("les femmes ça sert à rien", "fr", "hate", True),
    ("muslims lie down to pray", "en", "hate", False),
    ("women don't work on sundays here", "en", "hate", False),
    ("migrants work hard", "en", "hate", False),
    # threats and wishes against a group, and the same verbs about bullies, brothers and pupils
    ("we should get rid of all immigrants", "en", "hate", True),
    ("i want to hurt trans people", "en", "hate", True),
    ("all women deserve to be raped", "en", "hate", True),
    ("disabled people should be locked away", "en", "hate", True),
    ("wouldn't it be better if all gays were dead?", "en", "hate", True),
    ("i will make sure every jew suffers", "en", "hate", True),
    ("women like you should be silenced", "en", "hate", True),
    ("typical woman, can't even park", "en", "hate", True),
    ("faut se débarrasser des immigrés", "fr", "hate", True),
    ("toutes les femmes méritent d'être violées", "fr", "hate", True),
    ("les handicapés devraient être enfermés", "fr", "hate", True),
    ("ce serait mieux si tous les juifs étaient morts", "fr", "hate", True),
    ("we should get rid of all the trash", "en", "hate", False),
    ("i want to hurt my brother", "en", "hate", False),
    ("women should be paid the same", "en", "hate", False),
    ("disabled people should be included", "en", "hate", False),
    ("le prof va virer les élèves en retard", "fr", "hate", False),
    ("les femmes méritent d'être respectées", "fr", "hate", False),
    # grooming, fifth pass: secrecy by consequence, "between us", a boyfriend question, an address for a gift
    ("our chats are just between us ok", "en", "grooming", True),
    ("if you tell anyone i'll get in trouble", "en", "grooming", True),
    ("si tu le dis à quelqu'un j'aurai des problèmes", "fr", "grooming", True),
    ("have you ever had a boyfriend?", "en", "grooming", True),
    ("what's your address so i can send you a present", "en", "grooming", True),
    ("donne moi ton adresse que je t'envoie un cadeau", "fr", "grooming", True),
    ("the difference between us is huge", "en", "grooming", False),
    ("if you tell anyone about the party we'll get in trouble lol", "en", "grooming", False),
    ("what's your address? my mom wants to send an invitation", "en", "grooming", False),
    ("will you be my girlfriend? i'm 14 too", "en", "grooming", False),
    ("you seem happy today", "en", "grooming", False),
    # a weapon emoji as the verb; not caring whether one lives
    ("i'll 🔫 you", "en", "violence", True),
    ("i'll gun you down in the next round", "en", "violence", False),
    ("nobody cares if i live or die", "en", "self_harm", True),
    ("tout le monde s'en fout si je meurs", "fr", "self_harm", True),
    ("nobody cares if i come to the party", "en", "self_harm", False),
]


_ELEVENTH_AUDIT_CASES = [
    # a word that is another language's bad word once accents are folded and letters squeezed ("false friends")
    ("see you tmr at school", "en", "harassment", False),
    ("ok ttyl, tmr we study", "en", "harassment", False),
    ("the mongol empire was huge", "en", "profanity", False),
    ("corpse bride is my favourite movie", "en", "profanity", False),
    ("the bride looked beautiful", "en", "profanity", False),
    ("you rate this song?", "en", "harassment", False),
    ("ce moteur est bridé à 45 km/h", "fr", "profanity", False),
    ("mon p'tit frère est malade", "fr", "sexual", False),
    ("un p'tit café ?", "fr", "sexual", False),
    # ... and the bad words themselves, still caught
    ("ferme-la tmr", "fr", "harassment", True),
    ("t'es un mongol", "fr", "harassment", True),
    ("t'es un raté", "fr", "harassment", True),
    ("t'es qu'un bridé", "fr", "harassment", True),
    ("sale bridé retourne dans ton pays", "fr", "hate", True),
    ("you stupid tard", "en", "harassment", True),
    ("show me your tits", "en", "sexual", True),
    # a hateful statement quoted to condemn it: not hate, and not bad language either (no bad word in it)
    ('my teacher said "go back to your country" was racist and she\'s right', "en", "hate", False),
    ('my teacher said "go back to your country" was racist and she\'s right', "en", "harassment", False),
    ('my teacher said "go back to your country" was racist and she\'s right', "en", "profanity", False),
    ("he said muslims are terrorists and that was so racist", "en", "hate", False),
    ('quand il a dit "les arabes dehors" c\'était raciste', "fr", "hate", False),
    ('quand il a dit "les arabes dehors" c\'était raciste', "fr", "profanity", False),
    ("dire que les arabes sont des cafards c'est du racisme", "fr", "hate", False),
    # ... while the statements themselves are not defused
    ("go back to your country", "en", "hate", True),
    ("les arabes dehors", "fr", "hate", True),
    # chat shorthand spaced by spaces, the slur by dots: two words, not "urafaggot"
    ("u r a f.a.g.g.o.t", "en", "harassment", True),
    ("u r a f.a.g.g.o.t", "en", "hate", True),
    # telling someone to stop breathing, exclusion, teen put-downs
    ("stop breathing, nobody wants you here", "en", "harassment", True),
    ("just stop existing", "en", "harassment", True),
    ("i can't stop breathing so loud after running", "en", "harassment", False),
    ("i can't stop breathing.", "en", "harassment", False),
    ("arrête de respirer sale bouffon", "fr", "harassment", True),
    ("arrête de respirer aussi fort", "fr", "harassment", False),
    ("we're all gonna ghost you", "en", "harassment", True),
    ("on va tous te ghoster", "fr", "harassment", True),
    ("t'es qu'une mytho", "fr", "harassment", True),
    ("t'es éclaté au sol", "fr", "harassment", True),
    ("on s'est éclatés hier soir", "fr", "harassment", False),
    ("t'es trop une victime", "fr", "harassment", True),
    # pictures threatened to be spread everywhere (no money asked: still a threat to share images)
    ("i'm gonna post your pics everywhere", "en", "sextortion", True),
    ("we will leak your photos online", "en", "sextortion", True),
    ("on va afficher tes photos partout", "fr", "sextortion", True),
    ("i'll post your pics online later from the trip", "en", "sextortion", False),
    ("je vais mettre ta photo sur le groupe de la classe", "fr", "sextortion", False),
]


_TWELFTH_AUDIT_CASES = [
    # an insult said to someone with no "you": the whole message, or its last words after a comma
    ("@sam_99 loser", "en", "harassment", True),
    ("whatever retard", "en", "harassment", True),
    ("ok fucking idiot lol", "en", "harassment", True),
    ("shut up, idiot", "en", "harassment", True),
    ("nice try, loser", "en", "harassment", True),
    ("ur basically a massive idiot", "en", "harassment", True),
    ("ok connard", "fr", "harassment", True),
    ("@lea sale bouffon", "fr", "harassment", True),
    ("ferme-la, abruti", "fr", "harassment", True),
    # ... not a verdict on a thing, friendly teasing in a game, or a reclaimed word
    ("that movie? trash", "en", "harassment", False),
    ("lame", "en", "harassment", False),
    ("lol noob", "en", "harassment", False),
    ("ok nigga", "en", "harassment", False),
    # an insult about someone who is not in the conversation
    ("he is an idiot", "en", "harassment", True),
    ("she is so dumb and clueless", "en", "harassment", True),
    ("the new kid is such a loser", "en", "harassment", True),
    ("that guy is a creep", "en", "harassment", True),
    ("il est con", "fr", "harassment", True),
    ("ce mec est un bouffon", "fr", "harassment", True),
    ("elle est trop moche", "fr", "harassment", True),
    # ... not praise, not denied, not about oneself, not a thing called "il" or "elle"
    ("she's a bad bitch", "en", "harassment", False),
    ("he's not an idiot", "en", "harassment", False),
    ("i'm such an idiot lol", "en", "harassment", False),
    ("he was so stupid to leave his bag there", "en", "harassment", False),
    ("he's a real nigga", "en", "harassment", False),
    ("il est nul en maths", "fr", "harassment", False),
    ("il est con ce jeu", "fr", "harassment", False),
    ("elle est moche cette robe", "fr", "harassment", False),
    ("il est gros ce chat", "fr", "harassment", False),
    # phrases run on squeezed text, where a slur lost its doubled letters: a country is not a slur
    ("you are a nigerian prince lol", "en", "harassment", False),
    ("refugees from sudan, nigeria and chad", "en", "harassment", False),
    # protecting children from sexual content, or teaching them about it, is not sexualising a minor ...
    ("porn is bad for kids", "en", "sexual_minors", False),
    ("how do i talk to my kids about sex", "en", "sexual_minors", False),
    ("kids shouldn't watch porn", "en", "sexual_minors", False),
    ("sex is not for kids", "en", "sexual_minors", False),
    ("parental controls block porn for my children", "en", "sexual_minors", False),
    ("il faut protéger les enfants de la pornographie", "fr", "sexual_minors", False),
    ("le porno c'est pas pour les enfants", "fr", "sexual_minors", False),
    # ... unless it is denied or comes with a contact move
    ("it's not bad for kids to watch porn", "en", "sexual_minors", True),
    ("porn isn't bad for kids, send me a pic", "en", "sexual_minors", True),
    ("keep it secret, sex is not for kids but you're mature", "en", "sexual_minors", True),
    ("i'm 13 send nudes", "en", "sexual_minors", True),
]

_THIRTEENTH_AUDIT_CASES = [
    # letters masked by stars, and a spelt-out insult run together with "u r a"
    ("you are a b*tch", "en", "harassment", True),
    ("you're a f*cking idiot", "en", "harassment", True),
    ("you are a fvcking loser", "en", "harassment", True),
    ("u r a b i t c h", "en", "harassment", True),
    ("you're a l o s e r", "en", "harassment", True),
    ("show me your d*ck", "en", "sexual", True),
    ("all m*slims are terrorists", "en", "hate", True),
    ("*hugs* see you tomorrow", "en", "harassment", False),
    ("u r a s t a r", "en", "harassment", False),
    # a threat to post "them" anywhere, after a demand
    ("send me more pics or i'll post them everywhere", "en", "sextortion", True),
    ("envoie d'autres photos sinon je les poste partout", "fr", "sextortion", True),
    ("i'll post them everywhere lol the holiday pics are great", "en", "sextortion", False),
    # sexual talk with a request for the child's age
    ("do you like sex? how old are you", "en", "grooming", True),
    ("how old are you? i'm 12", "en", "grooming", False),
    # a duration, or someone else's age, is not the sender's personal information
    ("i've been playing piano for 10 years", "en", "personal_info", False),
    ("je fais du judo depuis 5 ans", "fr", "personal_info", False),
    ("my 8 year old asked me what porn is", "en", "personal_info", False),
    ("i'm 13 years old", "en", "personal_info", True),
    # safety advice is not a request for images
    ("don't send nudes to anyone, it's dangerous", "en", "grooming", False),
    ("never send pics to strangers online", "en", "grooming", False),
    ("don't send nudes to anyone but me", "en", "grooming", True),
    # a sexual word is sexual content; a baby's sex and bare feet are not
    ("wanna s3x", "en", "sexual", True),
    ("send n00ds", "en", "sexual", True),
    ("montre moi ton sexe", "fr", "sexual", True),
    ("c'est quoi le sexe du bébé ?", "fr", "sexual", False),
    ("il marche pieds nus sur la plage", "fr", "sexual", False),
]

_FOURTEENTH_AUDIT_CASES = [
    # ideation without the usual words, cutting again and hiding it
    ("thinking about ending it all tonight", "en", "self_harm", True),
    ("what's the least painful way to go", "en", "self_harm", True),
    ("i cut again last night, hiding it with long sleeves", "en", "self_harm", True),
    ("je veux juste dormir pour toujours", "fr", "self_harm", True),
    ("je me suis encore coupée hier, je cache mes cicatrices", "fr", "self_harm", True),
    # ... but accidents, haircuts and directions are not self-harm
    ("i hurt myself playing football", "en", "self_harm", False),
    ("i cut myself shaving", "en", "self_harm", False),
    ("stop scratching my arm its itchy", "en", "self_harm", False),
    ("je me suis coupé en cuisinant", "fr", "self_harm", False),
    ("je me coupe les cheveux moi-même", "fr", "self_harm", False),
    ("je me tape la honte", "fr", "self_harm", False),
    ("the quickest way to go to the station is the bus", "en", "self_harm", False),
    # setting a child against their parents; a meeting with nobody else brought; secrecy named in French
    ("you can trust me more than your parents, they don't get you", "en", "grooming", True),
    ("tu peux me faire plus confiance qu'à tes parents, ils te comprennent pas", "fr", "grooming", True),
    ("wanna meet at the mall? don't bring anyone", "en", "grooming", True),
    ("i'm 19 but you seem way older than 13", "en", "grooming", True),
    ("on se parle sur snap plutôt, c'est plus discret", "fr", "grooming", True),
    ("j'aime les petites filles de 12 ans", "fr", "grooming", True),
    ("i love little kids, i'm a teacher", "en", "grooming", False),
    ("j'aime mes petites-filles", "fr", "grooming", False),
    # threats to send "this one" to followers, or to show a parent after a demand
    ("send me another video or i send this one to all your followers", "en", "sextortion", True),
    ("if u dont send more i'll show ur dad", "en", "sextortion", True),
    ("t'as 1h pour m'envoyer 100€ sinon tes photos partent chez tes parents", "fr", "sextortion", True),
    ("if you don't come i'll tell your mom you broke the vase", "en", "sextortion", False),
    # a threat against a school
    ("someone should shoot up that school", "en", "violence", True),
    # a picture of the person is personal information; a picture of the homework is not
    ("send me a pic of your face", "en", "personal_info", True),
    ("send me a pic of your face", "en", "grooming", False),  # one ask, not a photo request plus a details request
    ("envoie moi une photo de toi", "fr", "personal_info", True),
    ("can you send me the homework pics? i forgot my notebook", "en", "personal_info", False),
    ("envoie moi la photo du devoir", "fr", "personal_info", False),
    # a mention in the middle of a message addresses someone; things and girls of 12 have ages, not the sender
    ("lol @sam look at this", "en", "personal_info", False),
    ("this game is 10 years old and still fun", "en", "personal_info", False),
    # "ferme-la" is harassment, closing the window is not; what was said to a friend, asked how to report, is not
    ("ferme la fenêtre stp il fait froid", "fr", "harassment", False),
    ("ferme la, sale bouffon", "fr", "harassment", True),
    ("someone said kys to my friend, how do i report that", "en", "harassment", False),
    # second pass: leetspeak in a question, threats in two words, superlative put-downs, a chant to drive a group out
    ("wh4t sch00l d0 u g0 t0", "en", "personal_info", True),
    ("p4y m3 or ur n00dz g0 viral", "en", "sextortion", True),
    ("envoie 20 balles en paysafecard ou je balance tout", "fr", "sextortion", True),
    ("ou je balance tout le monde dans la piscine", "fr", "sextortion", False),
    ("pay me or i'll tell mom you ate the cake", "en", "sextortion", False),
    ("you're literally the dumbest person alive", "en", "harassment", True),
    ("t'es la personne la plus moche de la classe", "fr", "harassment", True),
    ("you are the best person alive", "en", "harassment", False),
    ("t'es le plus fort du monde", "fr", "harassment", False),
    ("muzzies out", "en", "hate", True),
    ("immigrants out", "en", "hate", True),
    ("the muslims out there are nice", "en", "hate", False),
    # third pass: a gift for discretion, a compliment with a request for details, a recorded call as leverage
    ("tu veux que je t'achète un nouveau tel ? faut juste que tu restes discrète", "fr", "grooming", True),
    ("what grade are you in? you're so pretty", "en", "grooming", True),
    ("j'ai enregistré notre appel vidéo, paie ou je l'envoie à tous tes contacts", "fr", "sextortion", True),
    ("i recorded you on cam. 500$ in bitcoin or your family gets the video", "en", "sextortion", True),
    ("i recorded the call for the school project", "en", "sextortion", False),
    ("je l'envoie à ta mère demain, le gâteau", "fr", "sextortion", False),
    ("i don't see the point in anything anymore, i just want it to stop", "en", "self_harm", True),
    ("i don't see the point of this homework", "en", "self_harm", False),
    ("tu habites dans quelle rue ?", "fr", "personal_info", True),
    # fourth pass: images of young teens sought, a threat to kill a whole class
    ("looking for pics of young teens, dm me", "en", "sexual_minors", True),
    ("looking for pics of young teens playing football for the club website", "en", "sexual_minors", False),
    ("je vais tous vous tuer au lycée demain", "fr", "violence", True),
    ("je vais tous vous tuer en ranked", "fr", "violence", False),
]

_FIFTEENTH_AUDIT_CASES = [
    # eating disorders: hiding not eating, crash weight loss, not feeling hunger (not during a fast)
    ("how do i hide that i'm not eating from my mom", "en", "self_harm", True),
    ("des astuces pour pas avoir faim ? je veux perdre 10 kilos en 2 semaines", "fr", "self_harm", True),
    ("des astuces pour pas avoir faim pendant le ramadan ?", "fr", "self_harm", False),
    ("3 days without food and i still feel huge", "en", "self_harm", True),
    ("i wrote my goodbye letters, tomorrow i'm done", "en", "self_harm", True),
    ("i wrote a goodbye letter to my teacher who's retiring", "en", "self_harm", False),
    ("j'ai envie de me tailler les veines", "fr", "self_harm", True),
    ("i used to self harm but i'm 2 years clean now and proud", "en", "self_harm", False),
    # exclusion, a crowd turned on someone, sexist put-downs, the clown emoji said of "you"
    ("nobody in this class likes you, just leave already", "en", "harassment", True),
    ("nobody in this class likes maths lol", "en", "harassment", False),
    ("we made a group chat just to laugh at your pics", "en", "harassment", True),
    ("we made a group chat for the science project", "en", "harassment", False),
    ("everyone laugh at her she actually thought she could sing", "en", "harassment", True),
    ("make me a sandwich and stop talking sweetie", "en", "harassment", True),
    ("can you make me a sandwich too please", "en", "harassment", False),
    ("you're a 🤡 and everyone knows it", "en", "harassment", True),
    ("🤡🤡🤡", "en", "harassment", False),
    ("t nul", "fr", "harassment", True),
    ("c t nul ce film", "fr", "harassment", False),
    ("nique sa mère la chance j'ai raté le bus", "fr", "harassment", False),
    # French "en retard" (late) is not the English slur
    ("le bus est encore en retard", "fr", "hate", False),
    ("le bus est encore en retard", "fr", "profanity", False),
    ("you're a retard", "en", "harassment", True),
    # violence: a head smashed in, massacre killers as heroes
    ("he deserves to get his head smashed in", "en", "violence", True),
    ("columbine shooters were heroes honestly", "en", "violence", True),
    ("we're watching a documentary about columbine for history class", "en", "violence", False),
    # sexual: touching oneself, dirty talk with children named, youth as what arouses, a child's body
    ("send me a video of you touching yourself", "en", "sexual", True),
    ("looking for boys under 14 to chat dirty with", "en", "sexual_minors", True),
    ("kids under 12 eat free on sundays", "en", "sexual_minors", False),
    ("young girls are the hottest, the younger the better", "en", "sexual_minors", True),
    ("the younger the better for learning languages", "en", "sexual_minors", False),
    ("she's only 12 but she has a nice body", "en", "sexual_minors", True),
    ("she has a nice body, she's an athlete", "en", "sexual_minors", False),
    ("suce moi", "fr", "sexual", True),
    # grooming: a maturity compliment with an age, "come alone", isolation, a favour bargained for, another app
    ("you're so mature for 13, i forget you're not my age", "en", "grooming", True),
    ("let's meet at the park, come alone", "en", "grooming", True),
    ("come alone or bring a friend, whatever you like", "en", "grooming", False),
    ("you're my special girl, no one understands you like i do", "en", "grooming", True),
    ("i can buy you robux if you do something for me", "en", "grooming", True),
    ("if you do the dishes for me i'll buy you ice cream", "en", "grooming", False),
    ("on peut parler sur un autre appli ? ici c'est surveillé", "fr", "grooming", True),
    ("ici c'est surveillé par les modos, restez polis", "fr", "grooming", False),
    ("this chat is moderated so be nice everyone", "en", "grooming", False),
    ("je te paie un forfait si tu me files ton insta", "fr", "grooming", True),
    # children's own secrets
    ("it's a secret, we're planning a gift for the teacher", "en", "grooming", False),
    ("don't tell anyone but i have a crush on sam", "en", "grooming", False),
    ("don't tell anyone but i really like you", "en", "grooming", True),
    # sextortion: pictures sent to a school, shared after a demand, held as leverage; not photos from a trip
    ("send me $200 in steam cards or your pics go to your school", "en", "sextortion", True),
    ("i have screenshots of you naked, do what i say", "en", "sextortion", True),
    ("send another one or everyone sees the first one", "en", "sextortion", True),
    ("send a paysafecard code now or i share the video", "en", "sextortion", True),
    ("pay or i leak", "en", "sextortion", True),
    ("i have the photos from the trip", "en", "sextortion", False),
    ("i have your pics from the party, want them?", "en", "sextortion", False),
    ("j'ai des photos de toi à la plage, je te les envoie ?", "fr", "sextortion", False),
    ("send me another one of those memes lol", "en", "sextortion", False),
    # personal information: a number said with "#", requests in chat spelling
    ("my # is 555 123 4567", "en", "personal_info", True),
    ("where u live", "en", "personal_info", True),
    ("wat school u go 2", "en", "personal_info", True),
    ("text me 10 minutes before", "en", "personal_info", False),
    # counter-speech naming a stereotype
    ("i don't think all muslims are terrorists, that's a stupid stereotype", "en", "hate", False),
    # third pass: conditional and group threats, arson, harm wished by someone else
    ("si tu reviens je te crève", "fr", "violence", True),
    ("on va l'attendre à la sortie et le défoncer", "fr", "violence", True),
    ("je vais te défoncer à fifa ce soir", "fr", "violence", False),
    ("je vais mettre le feu à ta maison", "fr", "violence", True),
    ("i'm gonna burn your house down", "en", "violence", True),
    ("we're jumping him after school, bring ur friends", "en", "violence", True),
    ("i hope someone shoots you", "en", "violence", True),
    ("disabled people are a waste of money", "en", "hate", True),
    ("why are you so fat lol", "en", "harassment", True),
    ("ur voice is so annoying, just stop talking forever", "en", "harassment", True),
    ("i'm going to tell everyone you wet the bed", "en", "harassment", True),
    ("post her pic in the gc so we can rate how ugly she is", "en", "harassment", True),
    ("tu suces ?", "fr", "sexual", True),
    ("let's fuck", "en", "sexual", True),
    ("des gamines de 12 ans en photo ça m'excite", "fr", "sexual_minors", True),
    ("i keep punching walls until my knuckles bleed, it's the only thing that helps", "en", "self_harm", True),
    ("we read a poem about suicide in english class", "en", "self_harm", False),
    ("le film parle du suicide d'un ado, c'est dur mais bien fait", "fr", "self_harm", False),
    ("you're different from other girls your age", "en", "grooming", True),
    ("ma petite soeur a 8 ans", "fr", "grooming", False),
    ("envoie encore une photo sinon je publie celle que j'ai", "fr", "sextortion", True),
    ("c'est quoi ton numéro de maillot ?", "fr", "personal_info", False),
    ("dis rien mais j'ai eu 4 en maths", "fr", "grooming", False),
    # isolation is a kind of cue of its own: with a compliment it flags, alone it does not
    ("ur parents r so strict, u deserve someone who treats u like an adult", "en", "grooming", True),
    ("your parents are so strict lol", "en", "grooming", False),
    ("personne te comprend comme moi, t'es trop belle", "fr", "grooming", True),
    # second pass: algospeak and dodged spellings
    ("thinking about sewerslide again", "en", "self_harm", True),
    ("go unalive yourself", "en", "harassment", True),
    ("i want to unalive myself", "en", "self_harm", True),
    ("kill yo self", "en", "harassment", True),
    ("wanna do seggs?", "en", "sexual", True),
    ("u watch c0rn?", "en", "sexual", True),
    ("we had corn for dinner", "en", "sexual", False),
    ("i'm gonna grape you", "en", "violence", True),
    ("grapes are my favourite fruit", "en", "violence", False),
    ("(((they))) control the banks", "en", "hate", True),
    ("the globalist jews want to replace us", "en", "hate", True),
    ("they want to replace the old gym with a new one", "en", "hate", False),
    ("on se voit en cachette ?", "fr", "grooming", True),
    ("je mange des bonbons en cachette", "fr", "grooming", False),
    ("i live on maple avenue near the park", "en", "personal_info", True),
    ("j'habite rue de la paix", "fr", "personal_info", True),
    ("i live on the main road lol", "en", "personal_info", False),
    ("people who say kys should be banned", "en", "harassment", False),
    # third pass: age-gap probes, pictures of the body, victims reporting leverage, ideation
    ("do you like older guys?", "en", "grooming", True),
    ("i'm 28, is that ok with you?", "en", "grooming", True),
    ("j'ai 30 ans mais l'âge c'est pas important", "fr", "grooming", True),
    ("you're so beautiful, have you ever been kissed?", "en", "grooming", True),
    ("send me a pic of your feet", "en", "grooming", True),
    ("can you send a pic of your legs, did the bruise go away?", "en", "grooming", False),
    ("tu veux que je te montre des trucs d'adulte ?", "fr", "grooming", True),
    ("a guy i met online has my nudes and wants $300", "en", "sextortion", True),
    ("i sent him a pic and now he says he'll post it unless i send more", "en", "sextortion", True),
    ("i just want everything to stop forever", "en", "self_harm", True),
    ("tonight's the night i end it", "en", "self_harm", True),
    # fourth pass
    ("everybody thinks ur a joke", "en", "harassment", True),
    ("imagine being this fat and ugly lmao", "en", "harassment", True),
    ("who let this clown in the chat", "en", "harassment", True),
    ("bring a knife tomorrow, we're gonna get him", "en", "violence", True),
    ("j'ai avalé toute la boîte de médocs", "fr", "self_harm", True),
    ("he's 10 and i want to touch him", "en", "sexual_minors", True),
    ("i want to kiss her so bad", "en", "sexual", False),
    ("sell me pics of your little sister", "en", "sexual_minors", True),
    ("your body is developing nicely", "en", "grooming", True),
    ("i bet you look amazing in a bikini", "en", "grooming", True),
    ("i'll be your secret boyfriend", "en", "grooming", True),
    ("i'm not like other adults, you can tell me anything", "en", "grooming", True),
    ("racism is disgusting and has no place here", "en", "hate", False),
    ("racism is disgusting and has no place here", "en", "profanity", False),
    # fifth pass, French teen chat
    ("sale tchoin", "fr", "harassment", True),
    ("va niquer ta mère", "fr", "harassment", True),
    ("même ta mère elle t'aime pas", "fr", "harassment", True),
    ("personne t'invitera jamais", "fr", "harassment", True),
    ("les noirs ça pue", "fr", "hate", True),
    ("j'ai arrêté de manger depuis 3 jours", "fr", "self_harm", True),
    ("je ramène un flingue demain", "fr", "violence", True),
    ("je ramène un pistolet à eau pour la fête", "fr", "violence", False),
    ("ajoute moi sur snap, on sera plus tranquilles", "fr", "grooming", True),
    ("je vais tout montrer à tes parents si tu m'envoies pas 50 euros", "fr", "sextortion", True),
    ("je vais tout montrer à maman, ton bulletin", "fr", "sextortion", False),
    ("on couche ensemble ce soir ?", "fr", "sexual", True),
    ("on couche ensemble chez mamie pendant les vacances", "fr", "sexual", False),
    ("t'as des seins de ouf", "fr", "sexual", True),
    # sixth pass
    ("hey cutie, u on here alone? dm me", "en", "grooming", True),
    ("wanna be my gf? i'm 22 but that doesn't matter", "en", "grooming", True),
    ("send me a video of you dancing in your room, just for me", "en", "grooming", True),
    ("ur pics r gonna be all over school tmrw unless u pay", "en", "sextortion", True),
    ("what's the best way to cut without it showing", "en", "self_harm", True),
    ("nobody even likes u, why do u keep posting", "en", "harassment", True),
    ("watch what happens to you after school", "en", "violence", True),
    ("watch what happens to you in the next episode", "en", "violence", False),
    ("ima shoot this whole school up fr", "en", "violence", True),
    ("i'm touching myself thinking of u", "en", "sexual", True),
]


_SIXTEENTH_AUDIT_CASES = [
    # grooming: a risk check with more words, a bond claimed by an adult, a child's age waved away, sneaking out,
    # a modeling "scout", admin rights offered, money for "a few pics", a meeting near the child's school
    ("what time do ur parents usually get back from work?", "en", "grooming", True),
    ("when do your parents get back from holiday? my mum wants to drop off the cake", "en", "grooming", False),
    ("i'm 24 but i feel like we really connect", "en", "grooming", True),
    ("me and you really click, best friends forever", "en", "grooming", False),
    ("ur parents would never understand what we have", "en", "grooming", True),
    ("can u sneak out tonight? ill wait at the park", "en", "grooming", True),
    ("can u sneak out a cookie from the kitchen for me", "en", "grooming", False),
    ("t'as quel âge ? 12 ? c'est pas grave", "fr", "grooming", True),
    ("t'as eu 12 ? c'est pas grave tu feras mieux la prochaine fois", "fr", "grooming", False),
    ("ajoute moi sur snap on sera mieux", "fr", "grooming", True),
    ("allume ta caméra je veux te voir", "fr", "grooming", True),
    ("hi im a talent scout for a modeling agency, send me some full body pics and ur age", "en", "grooming", True),
    ("ur so talented at roblox, i can give u admin if u add me on discord", "en", "grooming", True),
    ("wanna earn 50 bucks? just a few pics, nothing weird", "en", "grooming", True),
    ("wanna earn 50 bucks helping my dad wash cars on saturday?", "en", "grooming", False),
    ("whats ur schedule tomorrow? ill be near ur school", "en", "grooming", True),
    ("ur the only one i can talk to, ur so much more mature than my gf", "en", "grooming", True),
    ("don't mention me to ur parents ok? they'll get the wrong idea", "en", "grooming", True),
    ("the teacher told us never to send nudes to anyone", "en", "grooming", False),
    ("the teacher told us never to send nudes to anyone", "en", "sexual", False),
    # sextortion: "the ones i have", a block threatened, "you know what i have", French conditionals
    ("send more or i post the ones i have", "en", "sextortion", True),
    ("send more memes or i post the ones i have lol", "en", "sextortion", False),
    ("dont ignore me. u know what i have. 100 in amazon cards now", "en", "sextortion", True),
    ("you know what i have? a brand new puppy!!", "en", "sextortion", False),
    ("si tu m'envoies pas d'autres photos je les poste partout", "fr", "sextortion", True),
    ("t'as intérêt à payer sinon ta vidéo tourne dans tout le lycée", "fr", "sextortion", True),
    ("sinon ta vidéo tourne pas, faut la compresser", "fr", "sextortion", False),
    # self-harm: purging, pills ready, a bridge (not cliff jumping into a lake), French overdose
    ("how do u purge without ur parents hearing", "en", "self_harm", True),
    ("how do i purge my cache on chrome", "en", "self_harm", False),
    ("theres no point anymore. i have the pills ready", "en", "self_harm", True),
    ("i have my pills ready for the morning, doctor said take them with food", "en", "self_harm", False),
    ("i keep thinking about jumping off the bridge near school", "en", "self_harm", True),
    ("we're thinking about jumping off the cliff into the lake this summer", "en", "self_harm", False),
    ("ce soir je prends toutes les pilules de ma mère", "fr", "self_harm", True),
    ("jvé me tuer", "fr", "self_harm", True),
    # harassment: a group chat turned on someone, exclusion, "sale grosse", an animal insult, the clown emoji
    ("everyone in the group chat hates u", "en", "harassment", True),
    ("everyone in the group chat loves u", "en", "harassment", False),
    ("keep crying, nobody cares about ur problems", "en", "harassment", True),
    ("sale grosse", "fr", "harassment", True),
    ("sale grosse journée aujourd'hui", "fr", "harassment", False),
    ("on t'a tous bloquée parce que t'es chiante", "fr", "harassment", True),
    ("on t'a bloqué par erreur sorry !", "fr", "harassment", False),
    ("fat ugly cow 🐷", "en", "harassment", True),
    ("you're a fucking 🤡", "en", "harassment", True),
    # hate: an order to leave for a continent (not a family trip), bathrooms, a stereotype, French disgust
    ("go back to africa", "en", "hate", True),
    ("we go back to africa every summer to see my grandparents", "en", "hate", False),
    ("trannies shouldnt use the girls bathroom", "en", "hate", True),
    ("black ppl r so ghetto", "en", "hate", True),
    ("les pd me dégoûtent", "fr", "hate", True),
    # violence: a knife brought (not for a picnic), a massacre announced at school (not at a match)
    ("im bringing a knife tomorrow", "en", "violence", True),
    ("i'm bringing a knife tomorrow for the picnic, to cut the melon", "en", "violence", False),
    ("demain ça va être un massacre au lycée", "fr", "violence", True),
    ("demain ce sera un massacre au foot contre les 4e B", "fr", "violence", False),
    # sexual and sexual_minors
    ("i want to do dirty things to u", "en", "sexual", True),
    ("t'envoies une photo de ton boule ?", "fr", "sexual", True),
    ("got any pics of young girls?", "en", "sexual_minors", True),
    # personal information: a local number after "hmu", digits spaced out, a place on a street
    ("hmu 555-0142", "en", "personal_info", True),
    ("my numb3r is 0 6 1 2 3 4 5 6 7 8", "en", "personal_info", True),
    ("im at the mcdonalds on main st rn come", "en", "personal_info", True),
    # the animal, not the insult
    ("my dad is a pig farmer", "en", "profanity", False),
    # second pass, French: the same moves in French teen chat
    ("tu veux gagner des robux ? envoie juste une photo de toi", "fr", "grooming", True),
    ("je peux te donner admin sur mon serveur si tu m'ajoutes sur snap", "fr", "grooming", True),
    ("tu fais quoi ce soir ? tes parents sont où ?", "fr", "grooming", True),
    ("tes parents sont où en vacances cet été ?", "fr", "grooming", False),
    ("on garde ça entre nous hein, tes parents comprendraient pas", "fr", "grooming", True),
    ("tu peux sortir en douce ce soir ? je t'attends au parc", "fr", "grooming", True),
    ("on va faire le mur de la cabane dans le jardin", "fr", "grooming", False),
    ("si tu me bloques j'envoie tout à ta classe", "fr", "sextortion", True),
    ("tu sais ce que j'ai. 50€ en psc maintenant", "fr", "sextortion", True),
    ("tu sais ce que j'ai eu à noël ? une switch !", "fr", "sextortion", False),
    ("j'ai fait un montage de toi nue, je l'envoie à ton lycée si tu paies pas", "fr", "sextortion", True),
    ("je l'envoie à ta mère si tu paies pas ta part de la pizza", "fr", "sextortion", False),
    ("j'ai préparé les cachets, ce soir c'est fini", "fr", "self_harm", True),
    ("j'ai préparé mes médocs pour la colo", "fr", "self_harm", False),
    ("je pense tout le temps à sauter du pont", "fr", "self_harm", True),
    ("je pense souvent à sauter en parachute", "fr", "self_harm", False),
    ("tout le monde dans le groupe te déteste", "fr", "harassment", True),
    ("tout le monde dans la classe te trouve trop drôle", "fr", "harassment", False),
    ("t'es tellement pauvre que t'as même pas de tel mdr", "fr", "harassment", True),
    ("va pleurer, tout le monde s'en fout de tes problèmes", "fr", "harassment", True),
    ("personne veut être ton binôme, t'es trop bizarre", "fr", "harassment", True),
    ("personne veut être mon binôme, tu veux ?", "fr", "harassment", False),
    ("je ramène un couteau demain", "fr", "violence", True),
    ("je ramène un couteau demain pour couper le gâteau", "fr", "violence", False),
    ("je suis au mcdo de la rue de la république là, viens", "fr", "personal_info", True),
    ("tu veux qu'on fasse des trucs sales ?", "fr", "sexual", True),
    # third pass: coded language, and the everyday messages next to it
    ("anyone got cheese pizza links? dm", "en", "sexual_minors", True),
    ("anyone got cheese pizza coupons? dominos is closed", "en", "sexual_minors", False),
    ("looking for pics of little kids in the bath", "en", "sexual_minors", True),
    ("who wants to see my little cousin naked", "en", "sexual_minors", True),
    ("14 words brother", "en", "hate", True),
    ("i wrote 14 words for the title, too long?", "en", "hate", False),
    ("hitler did nothing wrong", "en", "hate", True),
    ("the holocaust never happened and jews lie about it", "en", "hate", True),
    ("our teacher showed us how people who claim the holocaust never happened are lying", "en", "hate", False),
    ("got new barcodes on my arm lol", "en", "self_harm", True),
    ("the voices tell me to end it", "en", "self_harm", True),
    ("i'll make sure you never walk again", "en", "violence", True),
    ("i'll make sure you never walk home alone again, i'll come get you", "en", "violence", False),
    ("i'm gonna shoot everyone at school monday", "en", "violence", True),
    ("i'll shoot everyone at school with my camera for the yearbook", "en", "violence", False),
    ("my number is zero seven seven zero zero nine zero zero one two three", "en", "personal_info", True),
    ("one two three four five six seven eight nine ten lets go", "en", "personal_info", False),
    ("send me a pic of ur ass", "en", "sexual", True),
    ("send me a pic of ur dog's butt lol he's so fluffy", "en", "sexual", False),
    ("ur mom should have aborted you", "en", "harassment", True),
    ("everyone would be happier if you moved schools", "en", "harassment", True),
    ("everyone would be happier if you brought cookies again 😂", "en", "harassment", False),
    # fourth pass: longer messages in chat style
    ("i bought u the battle pass 🎁 u owe me one now 😉 send me a cute pic", "en", "grooming", True),
    ("i bought u the battle pass for ur birthday!! happy bday 🎉", "en", "grooming", False),
    ("send me a cute pic of ur puppy pls", "en", "grooming", False),
    ("ur my best friend fr. ur mom's always working right? so ur home alone after school?", "en", "grooming", True),
    ("my mom's always working so my grandma picks me up", "en", "grooming", False),
    ("j'ai tout screen 📸 tu m'envoies 100 balles ou ça part sur insta", "fr", "sextortion", True),
    ("ou ça part en live sur twitch ce soir ?", "fr", "sextortion", False),
    ("honestly idk why i'm still here. everyone would be better off. i have a plan", "en", "self_harm", True),
    ("idk why i'm still here at 11pm doing homework", "en", "self_harm", False),
    ("lmaooo look at her trying to dance 💀💀 she looks like a whale", "en", "harassment", True),
    ("he looks like a potato in that costume lol 😂 love him", "en", "harassment", False),
    ("ngl immigrants are ruining everything, send them all back", "en", "hate", True),
    ("this rain is ruining everything, the picnic is cancelled", "en", "hate", False),
    ("im so done with him, tmrw im bringing my dads gun and ending this", "en", "violence", True),
    ("tomorrow im bringing my knife for the scouts trip", "en", "violence", False),
    ("if she talks to my bf again i'm gonna beat her up at lunch", "en", "violence", True),
    ("i'm gonna beat him at chess tomorrow at lunch", "en", "violence", False),
    ("envoie une photo de toi en sous vet stp", "fr", "sexual", True),
    ("envoie une photo de toi en maillot de foot pour l'équipe", "fr", "grooming", False),
]


_SEVENTEENTH_AUDIT_CASES = [
    # an emoji's name is not the plain word: a fruit, a vegetable and a mother tongue are not sexual
    ("i love peach smoothies", "en", "sexual", False),
    ("i cooked eggplant for dinner", "en", "sexual", False),
    ("french is my mother tongue", "en", "sexual", False),
    ("u want some 🍆?", "en", "sexual", True),
    # self-harm: a skipped meal cheered on, calories counted, pills and waking up, fainting "worth it"
    ("skip lunch tomorrow, stay strong 💪 u don't need it", "en", "self_harm", True),
    ("skip lunch tomorrow? we have a field trip so no cafeteria", "en", "self_harm", False),
    ("i only had 300 cals today but i still feel huge. tomorrow 0", "en", "self_harm", True),
    ("i had 3000 cals today and i feel huge lol", "en", "self_harm", False),
    ("how many of these do i need to take to not wake up", "en", "self_harm", True),
    ("what should i take to not wake up coughing at night", "en", "self_harm", False),
    ("i wrote letters for everyone. tonight's the night", "en", "self_harm", True),
    ("day 5 of water fast, dizzy but worth it. need to hit 45kg", "en", "self_harm", True),
    ("i was so dizzy after the ride lol", "en", "self_harm", False),
    ("i want to d!e my hair blue", "en", "self_harm", False),
    # harassment: ranked, mocked, shut out, rated, blackmailed; "kys" reclaimed
    ("everyone in the group chat voted, ur officially the ugliest girl in 8th grade", "en", "harassment", True),
    ("we made a fan page of ur worst pics lmaooo 300 followers already", "en", "harassment", True),
    ("we made a fan page for ur band", "en", "harassment", False),
    ("rate her body 1-10 😂", "en", "harassment", True),
    ("rate my drawing 1-10 pls be honest", "en", "harassment", False),
    ("we all agreed ur not invited to anything anymore", "en", "harassment", True),
    ("ur not invited to anything anymore? what did u do lol", "en", "harassment", False),
    ("everyone's laughing at ur video lmao ur so embarrassing", "en", "harassment", True),
    ("everyone's laughing at ur joke lol it was so good", "en", "harassment", False),
    ("i'll tell everyone ur secret if u dont do my homework", "en", "harassment", True),
    ("i'll tell everyone ur birthday is tomorrow so they bring cake", "en", "harassment", False),
    ("no one at school likes u, just transfer already", "en", "harassment", True),
    ("omg look at her outfit she looks like a cheap hooker", "en", "harassment", True),
    ("look at her outfit! she looks amazing", "en", "harassment", False),
    ("uɢʟʏ ғᴀᴛ ʙɪᴛᴄʜ", "en", "harassment", True),
    ("k.y.s = keep yourself safe, that's what our counsellor says lol", "en", "harassment", False),
    ("les meufs ça sert à rien en ranked, retourne faire la vaisselle", "fr", "harassment", True),
    ("on va sauter dans la piscine ce soir", "fr", "harassment", False),
    # hate: breeding denied, the takeover trope
    ("muslims are taking over europe, they breed like rats", "en", "hate", True),
    ("my hamsters breed like rabbits lol", "en", "hate", False),
    # violence: a found address, a group attack planned, and their everyday twins
    ("i found ur address lol. see u soon", "en", "violence", True),
    ("i found ur address lol, see u soon at the party", "en", "violence", False),
    ("tomorrow at lunch we jump him, bring gloves", "en", "violence", True),
    ("i'm gonna find u at recess to give u the book", "en", "violence", False),
    ("on va te swatter ce soir, t'as intérêt à te cacher", "fr", "violence", True),
    ("je vais te planter des fleurs dans le jardin", "fr", "violence", False),
    # grooming: a modeling career, a body question, secrecy, a platform "safer" than this one, gifts for a handle
    ("i can help u start a modeling career, just send me some full body pics", "en", "grooming", True),
    ("what are you wearing to the party saturday?", "en", "grooming", False),
    ("do u shave down there?", "en", "grooming", True),
    ("mature for 13, i like that. how tall are u? send a full pic", "en", "grooming", True),
    ("let's move to telegram, it's safer there", "en", "grooming", True),
    ("let's move the group to discord, it's easier", "en", "grooming", False),
    ("i'll be ur boyfriend but no one can know ok", "en", "grooming", True),
    ("what ur mom doesnt know wont hurt her 😉", "en", "grooming", True),
    ("what ur mom doesnt know: we're throwing her a surprise party", "en", "grooming", False),
    ("i work for a gaming company and i can get u free skins. just need ur snap to send them", "en", "grooming", True),
    # sextortion: the webcam scam, a deepfake, a demand and its audience
    ("i recorded you through your webcam. pay 500$ in bitcoin or i send the video to all your contacts", "en",
     "sextortion", True),
    ("i have access to your device and your pics. you have 48 hours", "en", "sextortion", True),
    ("i have access to the shared drive now", "en", "sextortion", False),
    ("send another one or i show ur bf the first", "en", "sextortion", True),
    ("do ur homework or i show mom the first draft", "en", "sextortion", False),
    ("if u dont pay ill make sure ur whole school sees it", "en", "sextortion", True),
    ("if u dont pay ur share of the pizza ill be mad", "en", "sextortion", False),
    ("i made a deepfake of u naked. 50€ or i post it", "en", "sextortion", True),
    ("i got ur video from the call, now do what i say", "en", "sextortion", True),
    ("i got ur video from the call, it's so funny i'm keeping it", "en", "sextortion", False),
    ("on a tes photos, paye ou on les balance", "fr", "sextortion", True),
    ("on a tes photos de la sortie, je te les envoie", "fr", "sextortion", False),
    # sexual minors: pictures of a child traded, an age stated as a preference
    ("trading pics of my 12 yo cousin, dm", "en", "sexual_minors", True),
    ("how old do girls have to be for u? 10 is fine for me", "en", "sexual_minors", True),
    ("im into younger girls like 12-13 😏 any here?", "en", "sexual_minors", True),
    ("10 is fine for me, see u at the cinema", "en", "sexual_minors", False),
    ("how old do u have to be for tiktok?", "en", "sexual_minors", False),
    # sexual: feet pictures bought
    ("send feet pics 🦶 i pay", "en", "sexual", True),
    ("my feet hurt after the hike", "en", "sexual", False),
    # personal info: a password or a one-time code asked for; "him in chess" is not a place
    ("what's ur roblox password? i'll give u free robux", "en", "personal_info", True),
    ("send me the code they texted you and i'll add the robux", "en", "personal_info", True),
    ("what's ur wifi password", "en", "personal_info", False),
    ("send me the code for the group project", "en", "personal_info", False),
    ("what time does ur school finish? which exit do u use?", "en", "personal_info", True),
    ("tomorrow at lunch we play him in chess, bring ur board", "en", "personal_info", False),
    # sexual: a question about someone's body, a French proposition
    ("what are ur boobs like", "en", "sexual", True),
    ("what are ur plans like for the weekend", "en", "sexual", False),
    ("on baise ce soir ?", "fr", "sexual", True),
    # French second pass: a promise of secrecy, a countdown to the school, a hacked webcam, a recorded live stream
    # used to give orders, not eating and feeling good, never waking up, a group made to mock, a group "interdit"
    ("tu peux me faire confiance, je dirai rien à personne", "fr", "grooming", True),
    ("t'as un copain pour le projet de sciences ?", "fr", "grooming", False),
    ("t'as 24h pour payer sinon tout ton collège la reçoit", "fr", "sextortion", True),
    ("t'as 24h pour rendre le devoir, bon courage", "fr", "sextortion", False),
    ("j'ai piraté ta webcam, j'ai des vidéos de toi", "fr", "sextortion", True),
    ("j'ai enregistré ton live, tu fais ce que je dis maintenant", "fr", "sextortion", True),
    ("j'ai enregistré ton live, t'étais trop drôle mdr", "fr", "sextortion", False),
    ("je mange plus depuis 4 jours et je me sens enfin bien", "fr", "self_harm", True),
    ("je mange plus de bonbons depuis 4 jours, fier de moi", "fr", "self_harm", False),
    ("comment faire pour ne plus se réveiller", "fr", "self_harm", True),
    ("comment faire pour se réveiller plus tôt ?", "fr", "self_harm", False),
    ("personne remarquerait si je changeais de coupe ? lol", "fr", "self_harm", False),
    ("on a créé un groupe pour se moquer de toi mdr", "fr", "harassment", True),
    ("on a créé un groupe pour le projet de maths", "fr", "harassment", False),
    ("les homos ça devrait être interdit", "fr", "hate", True),
    ("les noirs ils sont moins intelligents c'est prouvé", "fr", "hate", True),
    ("le mariage pour tous a été voté en 2013", "fr", "hate", False),
    ("je ramène mon arme préférée dans le jeu, l'arc", "fr", "violence", False),
    ("c'est quoi ton mot de passe fortnite ?", "fr", "personal_info", True),
    ("t'as quel âge ton chien ?", "fr", "personal_info", False),
    # second pass, support and fiction: a helpline message, a cause named, a verdict on a quote, a line said in a film,
    # an affectionate "shut up", an age to come
    ("if you're thinking about suicide please call 988, you matter", "en", "self_harm", False),
    ("le prof a dit que le harcèlement peut mener au suicide", "fr", "self_harm", False),
    ("i'm thinking about suicide", "en", "self_harm", True),
    ("\"go back to your country\" is a racist thing to say, period", "en", "hate", False),
    ("people who say women can't play games are just insecure", "en", "hate", False),
    ("the villain in the movie says \"i'll kill you all\" and then gets crushed lol", "en", "violence", False),
    ("shut up you're the best 😭❤️", "en", "harassment", False),
    ("my mom says i can't have snap until i'm 13", "en", "personal_info", False),
    ("i'm 12 and i just got my first phone!!", "en", "personal_info", True),
    # second pass, harmful: a relationship offered online, being alone asked about, nobody watching, the shooter
    # praised, self-injury that "helps", pills gathered, a victim taunted for money, "they're all the same"
    ("i'll be ur boyfriend if u want 😳 (asking u out lol)", "en", "grooming", False),
    ("u can be my e-girlfriend, i'll buy u nitro every month", "en", "grooming", True),
    ("if u were my gf i'd treat u so good. how old r u again?", "en", "grooming", True),
    ("whats ur schedule? when are u usually alone?", "en", "grooming", True),
    ("when are u usually free? for the study group", "en", "grooming", False),
    ("join my private server, just us, no mods 😊", "en", "grooming", True),
    ("the shooter at that school was a hero, someone should finish the job", "en", "violence", True),
    ("someone should finish the job on this group project lol", "en", "violence", False),
    ("i'm gonna make ur life hell, starting with ur face", "en", "violence", True),
    ("i've been hitting myself when i'm angry, it helps", "en", "self_harm", True),
    ("i keep hitting myself in the face with the ball at volleyball lol", "en", "self_harm", False),
    ("bought 3 packs of paracetamol and i'm ready", "en", "self_harm", True),
    ("bought 3 packs of gum and i'm ready for the road trip", "en", "self_harm", False),
    ("u have 10 min to send 50 or i'm sending everything to ur mom", "en", "sextortion", True),
    ("ur so stupid for sending those. now pay up", "en", "sextortion", True),
    ("now pay up, u lost the bet 😂", "en", "sextortion", False),
    ("no wonder ur dad left lol", "en", "harassment", True),
    ("ur the reason ur mom cries every night", "en", "harassment", True),
    ("ur the reason i passed math, thank u!!", "en", "harassment", False),
    ("everyone would be happier if u just disappeared", "en", "harassment", True),
    ("i'd never let my daughter near a muslim, they're all the same", "en", "hate", True),
    ("they're all the same, those marvel movies", "en", "hate", False),
    ("she's 13 but looks 18, so it's fine right?", "en", "sexual_minors", True),
    ("she's 13 but looks 18 in that filter lol", "en", "sexual_minors", False),
    # third pass: French chat words, Québec swearing, code-switching, and everyday twins
    ("t'es juste un crisse de cave", "fr", "harassment", True),
    ("t'es trop cute, send moi une pic 😏", "fr", "grooming", True),
    ("wesh t'as quel âge ? t'habites où ? on peut se capter", "fr", "grooming", True),
    ("viens chez moi ce soir, mes parents sont pas là, on sera tranquilles", "fr", "grooming", True),
    ("viens chez moi ce soir, ma mère fait des crêpes", "fr", "grooming", False),
    ("on va te brûler ta maison", "fr", "violence", True),
    ("on va te brûler ta maison dans minecraft", "fr", "violence", False),
    ("t'as des photos de ta petite soeur toute nue ?", "fr", "sexual_minors", True),
    ("t'as des photos de ta petite soeur à son anniversaire ?", "fr", "sexual_minors", False),
    ("jsuis un mec de 25 ans mais l'âge on s'en fout, t'es mature", "fr", "grooming", True),
    ("ton daron il rentre à quelle heure ?", "fr", "grooming", True),
    ("il rentre à quelle heure ton frère du foot ?", "fr", "grooming", False),
    ("shut up lol no way she said that", "en", "harassment", False),
    ("the art museum had so many naked statues lol", "en", "sexual", False),
    ("send me nude paintings of you", "en", "sexual", True),
    # fourth pass: a doubled "1" is "ll"
    ("ki11 all j3ws", "en", "hate", True),
    ("i will ki11 you", "en", "violence", True),
    # sixth pass: a house number with a letter, a street corner
    ("my address is 221b baker street, london", "en", "personal_info", True),
    ("meet me at 5th and main at 4, i'll be in the blue car", "en", "personal_info", True),
    ("i'm on the corner of oak and pine", "en", "personal_info", True),
    ("i'm at home and bored", "en", "personal_info", False),
    ("i got 5th and 2nd place in the races", "en", "personal_info", False),
]


@pytest.mark.parametrize(("text", "lang", "category", "flagged"),
                         _NINTH_AUDIT_CASES + _TENTH_AUDIT_CASES + _ELEVENTH_AUDIT_CASES + _TWELFTH_AUDIT_CASES
                         + _THIRTEENTH_AUDIT_CASES + _FOURTEENTH_AUDIT_CASES + _FIFTEENTH_AUDIT_CASES
                         + _SIXTEENTH_AUDIT_CASES + _SEVENTEENTH_AUDIT_CASES)
def test_audit_cases(analyzer: TextAnalyzer, text: str, lang: str, category: str, flagged: bool) -> None:
    assert (category in flags(analyzer, text, lang)) is flagged
