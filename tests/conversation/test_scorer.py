"""Conversation risk on invented conversations: grooming without rude words, FR/EN sextortion (incl. the victim
describing it), age-gap context, age-style signal, and hard negatives that must not alert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kidsafe.config import PROJECT_ROOT
from kidsafe.conversation import stages, synthetic
from kidsafe.conversation.features import MAX_EVIDENCE, ConversationState
from kidsafe.conversation.replay import ChatMessage, replay
from kidsafe.conversation.scorer import LEVEL_NAMES, ConversationScorer

MODELS = PROJECT_ROOT / "models"


@pytest.fixture(scope="module")
def scorer() -> ConversationScorer:
    return ConversationScorer.load(MODELS)


def chat(lines: list[tuple[str, str]], bands: dict[str, str] | None = None) -> list[ChatMessage]:
    bands = bands or {}
    people = sorted({s for s, _ in lines})
    return [ChatMessage(id=f"m{i}", sender=s, text=t, sender_age_band=bands.get(s),
                        recipients=tuple(p for p in people if p != s)) for i, (s, t) in enumerate(lines)]


GROOMING_EN = [
    ("max", "hey, saw your drawing online, you're really talented"), ("kim", "thanks!"),
    ("max", "how old are you?"), ("kim", "im 13"), ("max", "you're so mature for your age"),
    ("kim", "haha thanks"), ("max", "you can trust me, i'm not like the others"),
    ("max", "are your parents home right now?"), ("kim", "no my mom is at work"), ("max", "are you alone?"),
    ("max", "this is just between us ok, don't tell anyone"), ("max", "send me a pic of you"),
    ("max", "add me on snap, it's easier"), ("max", "we should meet up sometime, i can pick you up after school"),
]
GROOMING_FR = [
    ("paul", "salut, t'as quel âge ?"), ("lea", "j'ai 13 ans"), ("paul", "t'es trop mignonne et tellement mature"),
    ("paul", "tu peux me faire confiance"), ("paul", "tes parents sont là ce soir ?"), ("lea", "non ma mère travaille"),
    ("paul", "t'es toute seule ?"), ("paul", "c'est notre petit secret, le dis à personne"),
    ("paul", "envoie moi une photo de toi"), ("paul", "ajoute moi sur snap"),
    ("paul", "on se voit samedi ? je viens te chercher"),
]
SEXTORTION = {
    "en": [("x", "i have your pics"), ("x", "i'll send your nudes to all your friends"), ("v", "please don't"),
           ("x", "you have 24 hours"), ("x", "pay me $300 in gift cards or bitcoin")],
    "fr": [("x", "j'ai tes photos"), ("x", "je vais envoyer tes photos à tous tes amis"), ("v", "non stp"),
           ("x", "tu as 24h"), ("x", "paye moi 300 euros en carte cadeau")],
    "victim_en": [("a", "i need help"), ("b", "what happened"),
                  ("a", "he says he will send my photos to everyone"), ("a", "he wants money by tonight")],
    "victim_fr": [("a", "j'ai besoin d'aide"), ("b", "quoi ?"), ("a", "il menace d'envoyer mes photos"),
                  ("a", "il veut de l'argent")],
}
HARD_NEGATIVES = {
    "adults_flirting": ([
        ("sam", "had a great time last night"), ("alex", "me too, you looked gorgeous"), ("sam", "you're so sweet"),
        ("alex", "i really like you"), ("sam", "want to meet up friday after work?"), ("alex", "sure, my place?"),
        ("sam", "what's your number again"), ("alex", "text me when you leave work"), ("sam", "miss you already"),
    ], {"sam": "adult", "alex": "adult"}),
    "teens_insulting_each_other": ([
        ("jo", "bro you're so dumb lmao"), ("ty", "shut up idiot"), ("jo", "did you do the homework"),
        ("ty", "nah copy mine tomorrow"), ("jo", "my mom says i cant come saturday"), ("ty", "ugh lame"),
        ("jo", "add me on discord"), ("ty", "you suck at fortnite anyway"), ("jo", "i'm 14 and better than you"),
    ], {"jo": "13_15", "ty": "13_15"}),
    "teens_fr": ([
        ("nina", "t'es trop nulle mdr"), ("ines", "ta gueule"), ("nina", "t'as fait les devoirs ?"),
        ("ines", "nan"), ("nina", "on se voit demain au collège"), ("ines", "ouais"), ("nina", "t'as snap ?"),
        ("ines", "ouais ajoute moi"),
    ], {"nina": "13_15", "ines": "13_15"}),
    "parent_where_are_you": ([
        ("mum", "where are you?"), ("kid", "at Sam's"), ("mum", "is Sam's mom home?"), ("kid", "yes"),
        ("mum", "i'll pick you up at 6"), ("kid", "ok"), ("mum", "text me when you're ready"), ("mum", "love you"),
    ], {"mum": "adult", "kid": "13_15"}),
    "coach_arranging_a_match": ([
        ("coach", "hi team, match on saturday at 10"), ("kid", "ok coach"), ("coach", "can your parents drive you?"),
        ("kid", "my dad can"), ("coach", "great, meet at the field at 9:30"), ("coach", "bring your shin guards"),
        ("coach", "text me if you can't make it"), ("coach", "you played really well last week"),
    ], {"coach": "adult", "kid": "13_15"}),
    "friends_planning_to_meet": ([
        ("a", "wanna hang out later"), ("b", "yes! mall at 4?"), ("a", "we should meet at the bus stop"),
        ("b", "ok text me"), ("a", "can you send me the pic from the party"), ("b", "haha yes"),
    ], {"a": "16_17", "b": "16_17"}),
    "aunt_birthday_gift": ([
        ("aunt", "happy birthday sweetie!"), ("kid", "thank you"), ("aunt", "i'll send you a gift card"),
        ("kid", "yay"), ("aunt", "how old are you now, 13?"), ("kid", "yes"),
        ("aunt", "we should meet up at grandma's on sunday"), ("kid", "ok"), ("aunt", "love you"),
    ], {"aunt": "adult", "kid": "13_15"}),
    "teacher_homework": ([
        ("t", "hi, did you finish the essay?"), ("s", "almost"), ("t", "send me a photo of the draft page"),
        ("s", "ok"), ("t", "your parents should sign the form"), ("s", "ok my mom will"),
        ("t", "great work, you're so smart"),
    ], {"t": "adult", "s": "13_15"}),
    "gaming_gifts": ([
        ("a", "gg that was close"), ("b", "gg"), ("a", "i'll buy you the battle pass if we win"), ("b", "no way lol"),
        ("a", "i have like 2000 v-bucks"), ("a", "add me on discord for the next game"), ("b", "whats your tag"),
    ], {"a": "16_17", "b": "13_15"}),
}


def test_grooming_without_rude_words_alerts(scorer: ConversationScorer) -> None:
    res, _ = replay(chat(GROOMING_EN, {"max": "adult", "kim": "13_15"}), scorer)
    risk = res.risk
    assert res.alert_at is not None and risk.level >= 1
    assert risk.grooming >= scorer.thresholds["grooming"][0]
    assert {stages.RISK, stages.SECRECY, stages.IMAGES, stages.OFF_PLATFORM, stages.MEETING} <= set(risk.stages)
    assert risk.suspect_id == "max" and risk.target_ids == ["kim"] and risk.target_age_band == "13_15"
    assert "age_gap" in risk.signals
    assert any("adult is in contact with a minor" in r for r in risk.reasons)
    assert any(r.startswith("secrecy and isolation") for r in risk.reasons)
    # the messages showing a stage are named: "are your parents home" is message m7
    assert "m7" in risk.stages[stages.RISK]


def test_grooming_alerts_without_declared_ages(scorer: ConversationScorer) -> None:
    res, _ = replay(chat(GROOMING_EN), scorer)
    assert res.alert_at is not None
    assert res.risk.target_age_band == "13_15"  # from "im 13", stated in the chat


def test_french_grooming_alerts(scorer: ConversationScorer) -> None:
    res, _ = replay(chat(GROOMING_FR, {"paul": "adult", "lea": "13_15"}), scorer)
    assert res.alert_at is not None
    assert res.risk.suspect_id == "paul"
    assert {stages.RISK, stages.SECRECY, stages.IMAGES, stages.MEETING} <= set(res.risk.stages)


@pytest.mark.parametrize("kind", sorted(SEXTORTION))
def test_sextortion_fr_en_and_victim_reports_alert(scorer: ConversationScorer, kind: str) -> None:
    res, _ = replay(chat(SEXTORTION[kind]), scorer)
    assert res.max_sextortion >= scorer.thresholds["sextortion"][0]
    assert res.alert_at is not None
    if kind.startswith("victim"):
        assert stages.VICTIM in res.risk.stages
    else:
        assert {stages.THREAT, stages.DEMAND} <= set(res.risk.stages)
        assert res.risk.suspect_id == "x"
        assert res.level_at.get(2) is not None  # threat + countdown + demand is at least "high"


@pytest.mark.parametrize("kind", sorted(HARD_NEGATIVES))
def test_hard_negatives_do_not_alert(scorer: ConversationScorer, kind: str) -> None:
    lines, bands = HARD_NEGATIVES[kind]
    for with_bands in (bands, None):
        res, _ = replay(chat(lines, with_bands), scorer)
        assert res.alert_at is None, (kind, with_bands, res.max_grooming, res.max_sextortion, res.risk.reasons)


SHORT_ESCALATION = [
    ("a", "hey you seem cool"), ("b", "thanks"), ("a", "you're so mature"), ("a", "are your parents home?"),
    ("b", "no"), ("a", "are you alone?"), ("a", "don't tell anyone we talk ok"), ("a", "add me on snap"),
    ("a", "send me a pic"),
]


def test_short_escalation_from_an_adult_to_a_minor_alerts(scorer: ConversationScorer) -> None:
    res, _ = replay(chat(SHORT_ESCALATION, {"a": "adult", "b": "13_15"}), scorer)
    assert res.alert_at is not None and res.alert_at <= 8
    assert any("escalates towards a minor" in r for r in res.risk.reasons)


def test_the_same_lines_between_two_declared_teens_do_not_alert(scorer: ConversationScorer) -> None:
    res, _ = replay(chat(SHORT_ESCALATION, {"a": "16_17", "b": "16_17"}), scorer)
    assert res.alert_at is None
    assert not any("escalates" in r for r in res.risk.reasons)


@pytest.mark.parametrize("kind", synthetic.NEGATIVE_KINDS)
def test_generated_hard_negatives_do_not_alert(scorer: ConversationScorer, kind: str) -> None:
    for seed in range(5):
        res, _ = replay(synthetic.generate(kind, seed), scorer)
        assert res.alert_at is None, (kind, seed, res.max_grooming, res.risk.reasons)


@pytest.mark.parametrize("kind", ["grooming_en", "grooming_fr", "sextortion_en", "sextortion_fr",
                                  "sextortion_victim_en", "sextortion_victim_fr"])
def test_generated_positives_alert(scorer: ConversationScorer, kind: str) -> None:
    for seed in range(5):
        res, _ = replay(synthetic.generate(kind, seed), scorer)
        assert res.alert_at is not None, (kind, seed)


def test_adult_to_minor_weighs_most(scorer: ConversationScorer) -> None:
    lines = GROOMING_EN[:9]  # compliments, age question, "are your parents home": no secrecy or images yet
    g = {}
    for name, bands in {"adult_to_minor": {"max": "adult", "kim": "13_15"}, "unknown": {},
                        "adults": {"max": "adult", "kim": "adult"}}.items():
        res, _ = replay(chat([(s, t.replace("im 13", "hi")) for s, t in lines], bands), scorer)
        g[name] = res.risk.grooming
    assert g["adult_to_minor"] > g["unknown"] > g["adults"]


def test_age_style_inconsistency_is_a_signal_not_a_verdict(scorer: ConversationScorer) -> None:
    adultish = ("Honestly, my wife and I discussed the mortgage yesterday. The appointment at work was "
                "rescheduled, unfortunately, because of the quarterly reporting requirements.")
    lines = [("kid", adultish) if i % 2 == 0 else ("friend", "ok lol") for i in range(24)]
    res, _ = replay(chat(lines, {"kid": "13_15", "friend": "13_15"}), scorer)
    assert "age_style_inconsistent:kid" in res.risk.signals
    assert any("writes like an adult (a signal, not a verdict)" in r for r in res.risk.reasons)
    assert res.alert_at is None  # style alone never raises an alert
    same, _ = replay(chat([("kid", "ok lol") if s == "kid" else (s, t) for s, t in lines],
                          {"kid": "13_15", "friend": "13_15"}), scorer)
    assert "age_style_inconsistent:kid" not in same.risk.signals
    assert res.risk.grooming == pytest.approx(same.risk.grooming)


def test_levels_are_ordered_and_named(scorer: ConversationScorer) -> None:
    for key in ("grooming", "sextortion"):
        t = scorer.thresholds[key]
        assert len(t) == 3 and t[0] < t[1] < t[2] < 1.0
    assert scorer.level(0.0, 0.0) == 0
    assert scorer.level(1.0, 0.0) == 3
    assert scorer.level(0.0, scorer.thresholds["sextortion"][1]) == 2
    assert LEVEL_NAMES[3] == "critical"


def test_state_round_trips_through_json_and_stays_bounded(scorer: ConversationScorer) -> None:
    msgs = chat(GROOMING_EN * 300)  # 4,200 messages
    res, _ = replay([ChatMessage(f"m{i}", m.sender, m.text, m.sender_age_band, m.recipients)
                     for i, m in enumerate(msgs)], scorer)
    state = res.state
    assert state is not None and state.n == len(msgs)
    blob = json.dumps(state.to_json())
    assert len(blob) < 20_000
    assert all(len(items) <= MAX_EVIDENCE for items in state.evidence.values())
    again = ConversationState.from_json(json.loads(blob))
    assert scorer.grooming(again) == pytest.approx(scorer.grooming(state))
    assert scorer.assess(again).to_dict() == scorer.assess(state).to_dict()


def test_snippets_can_be_turned_off() -> None:
    state = ConversationState()
    text = "are your parents home?"
    state.add("m1", "a", None, text, stages.detect(text), keep_snippets=False)
    item = state.evidence[stages.RISK][0]
    assert item["message_id"] == "m1" and "cue" not in item and item["end"] > item["start"]


def test_prior_when_no_model_and_mismatch_is_refused(tmp_path: Path) -> None:
    assert ConversationScorer.load(tmp_path).meta["model"] == "prior"
    assert ConversationScorer.load(None).meta["model"] == "prior"
    (tmp_path / "conversation").mkdir()
    (tmp_path / "conversation" / "model.json").write_text(json.dumps({"feature_names": ["x"]}))
    with pytest.raises(ValueError, match="retrain"):
        ConversationScorer.load(tmp_path)


def test_risk_to_dict_is_json(scorer: ConversationScorer) -> None:
    res, _ = replay(chat(SEXTORTION["en"]), scorer)
    d = res.risk.to_dict()
    json.dumps(d)
    assert d["level_name"] in LEVEL_NAMES.values() and d["messages"] == 5


def test_text_engine_sextortion_score_confirms_a_single_cue(scorer: ConversationScorer) -> None:
    text = "i have your pics"
    plain, with_text = ConversationState(), ConversationState()
    plain.add("m1", "x", None, text, stages.detect(text))
    with_text.add("m1", "x", None, text, stages.detect(text), text_scores={"sextortion": 0.7})
    assert scorer.sextortion(with_text) > scorer.sextortion(plain)
    assert scorer.level(0.0, scorer.sextortion(plain)) == 0
    assert any("text engine flags sextortion" in r for r in scorer.assess(with_text).reasons)
    alone = ConversationState()
    alone.add("m1", "x", None, "hello", stages.detect("hello"), text_scores={"sextortion": 0.9})
    assert scorer.level(0.0, scorer.sextortion(alone)) == 0  # the text score alone never alerts
