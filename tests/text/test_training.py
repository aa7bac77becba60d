"""``kidsafe train`` end to end on a tiny invented data folder, plus a check on the real shared data."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kidsafe.cli import app
from kidsafe.config import PROJECT_ROOT
from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.text.engine import TextAnalyzer
from kidsafe.training import main as train_main
from kidsafe.training.data import Row
from kidsafe.training.text_model import best_f1_threshold, indicator_sources, weak_label
from tests.conftest import require_data

RUDE = ["you are a stupid clown", "shut up you idiot", "what a dumb loser you are", "go away moron",
        "you are pathetic and ugly", "nobody likes you idiot"]
NICE = ["the weather is lovely today", "see you at practice tomorrow", "thanks for the help with homework",
        "we watched a film about space", "my cat sleeps all day", "the bus was late again"]
SEXUAL = ["send me a naked picture", "I want to have sex with you", "show me your body naked"]
HATEFUL = ["those people are vermin and should leave", "immigrants are animals", "all of them are parasites"]


def _records(name: str, n: int, rng: random.Random) -> list[dict]:  # type: ignore[type-arg]
    out = []
    for i in range(n):
        pos = i % 2 == 0
        split = ("train", "train", "train", "dev", "test")[i % 5] if name != "olid" else ("train", "test")[i % 4 == 3]
        if name == "olid":
            text, labels = rng.choice(RUDE if pos else NICE), {"profanity": int(pos), "harassment": int(pos)}
        elif name == "openai_moderation_en":
            split = "test" if i % 4 == 3 else "train"
            kind = i % 3
            if kind == 0:
                text, labels = rng.choice(SEXUAL if pos else NICE), {"sexual": int(pos), "sexual_minors": 0}
            elif kind == 1:
                text, labels = rng.choice(HATEFUL if pos else NICE), {"hate": int(pos), "violence": 0}
            else:
                text, labels = rng.choice(NICE), {"violence": 0, "self_harm": 0, "sexual": 0}
        else:  # davidson
            text, labels = rng.choice(HATEFUL if pos else NICE), {"hate": int(pos), "profanity": 0}
        out.append({"id": f"{name}:{i}", "text": f"{text} {i}", "lang": "en", "source": name, "split": split,
                    "labels": labels, "orig": {}})
    return out


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    (root / "text").mkdir()
    rng = random.Random(7)
    for name in ("olid", "openai_moderation_en", "davidson"):
        with open(root / "text" / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for r in _records(name, 160, rng):
                f.write(json.dumps(r) + "\n")
    (root / "conversations").mkdir()
    with open(root / "conversations" / "perverted_justice.jsonl", "w", encoding="utf-8") as f:
        for i in range(24):
            pred = i % 2 == 0
            msgs = (["you are so mature for your age", "don't tell your parents about me", "are you home alone now"]
                    if pred else ["i have soccer practice later today", "my brother is annoying me again"]) * 3
            rec = {"id": f"pj:{i}", "conversation_id": f"c{i // 2}", "role": "predator" if pred else "decoy",
                   "messages": msgs, "labels": {"grooming": int(pred)}, "lang": "en",
                   "source": "perverted_justice_en", "split": ("train", "train", "dev", "test")[i // 2 % 4]}
            f.write(json.dumps(rec) + "\n")
    return root


def test_train_end_to_end_is_reproducible(tiny_data: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for out in ("a", "b"):
        r = runner.invoke(app, ["train", "--data-dir", str(tiny_data), "--out-dir", str(tmp_path / out), "--text-only"])
        assert r.exit_code == 0, r.output
    a, b = tmp_path / "a" / "text", tmp_path / "b" / "text"
    assert (a / "model.json").read_text() == (b / "model.json").read_text()
    with np.load(a / "weights.npz") as wa, np.load(b / "weights.npz") as wb:
        assert np.array_equal(wa["weights"], wb["weights"])
    card = (a / "MODEL_CARD.md").read_text()
    assert "licence not stated" in card and "ROC-AUC" in card
    model = json.loads((a / "model.json").read_text())
    assert set(model["categories"]) == set(CATEGORY_NAMES)
    for c in CATEGORY_NAMES:
        assert 0.0 < model["categories"][c]["threshold"] < 1.0
    analyzer = TextAnalyzer.load(tmp_path / "a")
    rude, nice = analyzer.analyze_batch(["shut up you stupid idiot", "see you at practice tomorrow"])
    assert rude.scores["harassment"] > nice.scores["harassment"]
    assert "harassment" in rude.flags and not nice.flags


def test_train_without_data_is_a_clear_error(tmp_path: Path) -> None:
    assert train_main(str(tmp_path / "missing"), str(tmp_path / "out"), with_conversation=False) == 2


def test_best_f1_threshold() -> None:
    p = np.array([0.9, 0.8, 0.7, 0.3, 0.2, 0.1])
    y = np.array([1, 1, 1, 0, 0, 0])
    assert 0.3 < best_f1_threshold(p, y) <= 0.7


def test_precision_floor_raises_a_threshold_or_falls_back_to_one_half() -> None:
    p = np.array([0.9, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
    y = np.array([1, 0, 0, 1, 1, 1, 1, 1])
    assert best_f1_threshold(p, y) <= 0.2  # plain max F1 takes (nearly) everything
    assert best_f1_threshold(p, y, precision_floor=0.9) == 0.9
    assert best_f1_threshold(p, np.array([0, 0, 0, 0, 0, 0, 0, 1]), precision_floor=0.9) == 0.5


def test_source_indicators_leave_the_most_everyday_set_as_baseline() -> None:
    rows = [Row("a", "en", "tweets", "train"), Row("b", "en", "tweets", "train"), Row("c", "en", "forum", "train"),
            Row("d", "en", "forum", "train"), Row("e", "en", "chats", "train")]
    y = np.array([0, 1, 1, 1, 0])
    assert indicator_sources(rows, list(range(5)), y) == ("forum", "tweets")


def test_identity_templates_are_hate_and_profanity_negatives_for_training_only(tiny_data: Path, tmp_path: Path) -> None:
    from kidsafe.training import identity_templates
    from kidsafe.training.data import load_rows

    sentences = identity_templates.sentences()
    assert sentences == identity_templates.sentences() and len(set(sentences)) == len(sentences)
    assert {lang for _, lang in sentences} == {"en", "fr"}
    rows = [r for r in load_rows(tiny_data) if r.source == identity_templates.SOURCE]
    assert len(rows) == len(sentences)
    assert all(r.split == "train" and r.labels == {"hate": 0, "profanity": 0} for r in rows)
    assert load_rows(tmp_path / "nothing here") == []  # no shared data: no templates either


def test_clean_templates_are_profanity_negatives_with_no_bad_word(tiny_data: Path) -> None:
    from kidsafe.text.lexicon import scan
    from kidsafe.training import clean_templates
    from kidsafe.training.data import load_rows

    sentences = clean_templates.sentences()
    assert sentences == clean_templates.sentences() and len(set(sentences)) == len(sentences)
    assert {lang for _, lang in sentences} == {"en", "fr"}
    # no sentence holds a word the lexicon calls bad language: they teach the model what is *not* profane
    assert [t for t, lang in sentences if scan(t, lang=lang).feature("profanity")] == []
    rows = [r for r in load_rows(tiny_data) if r.source == clean_templates.SOURCE]
    assert len(rows) == len(sentences)
    assert all(r.split == "train" and r.labels == {"profanity": 0} for r in rows)


def test_weak_labels() -> None:
    tweet = Row("nice day", "en", "olid", "train", {"profanity": 0})
    normal = Row("bonne journée", "fr", "mlma_fr", "train", {"hate": 0, "harassment": 0})
    hateful = Row("...", "fr", "mlma_fr", "train", {"hate": 1})
    offensive = Row("...", "fr", "mlma_fr", "train", {"harassment": 1})
    assert weak_label("grooming", tweet) == 0
    assert weak_label("profanity", normal) == 0
    assert weak_label("profanity", hateful) is None  # "hateful" alone says nothing about bad language
    assert weak_label("profanity", offensive) == 1  # MLMA "offensive"/"abusive" = OLID's OFF
    assert weak_label("profanity", tweet) == 0


@pytest.mark.data
def test_shipped_model_quality_on_shared_test_splits() -> None:
    """The shipped model, scored on the shared test splits it has labels for (skips without ../shared/data)."""
    data = require_data("text", "davidson.jsonl").parents[1]
    from kidsafe.training.data import load_rows
    from kidsafe.training.text_model import evaluate

    rows = [r for r in load_rows(data) if r.source in ("davidson", "formspring", "mlma_fr", "ftr_fr")]
    results = {(m["set"], m["category"]): m for m in evaluate(PROJECT_ROOT / "models" / "text", rows)}
    assert results[("davidson", "profanity")]["roc_auc"] > 0.9
    assert results[("davidson", "hate")]["roc_auc"] > 0.8
    assert results[("formspring", "harassment")]["roc_auc"] > 0.8
    assert results[("ftr_fr", "hate")]["roc_auc"] > 0.75


def test_annotator_votes_become_weighted_soft_targets() -> None:
    from kidsafe.training.data import annotator_shares
    from kidsafe.training.text_model import soft_targets

    shares = annotator_shares("davidson", {"count": "3", "hate_speech": "2", "offensive_language": "1",
                                           "neither": "0", "class": "0"})
    assert shares == {"hate": 2 / 3, "profanity": 1.0}
    assert annotator_shares("davidson", {}) == {} and annotator_shares("olid", {"count": "3"}) == {}
    rows = [Row("a", "en", "davidson", "train", {"hate": 1}, shares), Row("b", "en", "olid", "train", {"hate": 0}),
            Row("c", "en", "davidson", "train", {"hate": 0}, {"hate": 0.0})]
    idx, y, w = soft_targets("hate", rows, [0, 1, 2], np.array([1, 0, 0]))
    assert idx == [0, 0, 1, 2] and y.tolist() == [1, 0, 0, 0]
    assert np.allclose(w, [2 / 3, 1 / 3, 1.0, 1.0])
    idx, y, w = soft_targets("profanity", rows, [0], np.array([1]))  # unanimous: one plain row
    assert idx == [0] and y.tolist() == [1] and w.tolist() == [1.0]


def test_small_data_categories_read_only_their_own_lexicon_signals() -> None:
    from kidsafe.training.text_model import LEXICON_INPUTS, masked_lexicon

    assert "body_shaming" in masked_lexicon("sexual") and "sexual" not in masked_lexicon("sexual")
    # fitted on tens of thousands of rows: learns every signal but the rules-only ones
    assert masked_lexicon("harassment") == ("adult_reference", "sexual_context", "protective_context")
    if not (PROJECT_ROOT / "models" / "text" / "model.json").exists():
        pytest.skip("no shipped text model (run `kidsafe train`)")
    analyzer = TextAnalyzer.load(PROJECT_ROOT / "models")
    model, spec = analyzer.model, analyzer.model.spec
    for category, allowed in LEXICON_INPUTS.items():
        column = model.weights[spec.n_hashed:, analyzer._col[category]]
        for name, w in zip(spec.lexicon, column, strict=True):
            assert name in allowed or w == 0.0, (category, name)
        assert model.categories[category].info["lexicon_inputs"] == list(allowed)


def test_profanity_never_learns_that_suicide_talk_or_contact_cues_are_bad_language() -> None:
    from kidsafe.training.text_model import masked_lexicon

    masked = masked_lexicon("profanity")
    assert {"suicide", "self_harm", "counter_speech", "grooming_secrecy", "personal_info_request"} <= set(masked)
    assert "profanity" not in masked and "insult" not in masked and "slur" not in masked
    if not (PROJECT_ROOT / "models" / "text" / "model.json").exists():
        pytest.skip("no shipped text model (run `kidsafe train`)")
    analyzer = TextAnalyzer.load(PROJECT_ROOT / "models")
    spec = analyzer.model.spec
    column = analyzer.model.weights[spec.n_hashed:, analyzer._col["profanity"]]
    weights = dict(zip(spec.lexicon, column.tolist(), strict=True))
    assert all(weights[name] == 0.0 for name in masked if name in weights)
    assert weights["profanity"] > 0


@pytest.mark.parametrize("name", ["adult_reference", "sexual_context"])
def test_no_model_learns_the_rules_only_signals(name: str) -> None:
    """"i'm 25" only escalates a grooming cue (the grooming model must not flag an adult's age by itself); so does a
    word sexual only in context ("bra", "fesses": the sexual model must not flag "my mom bought me a new bra")."""
    from kidsafe.text.features import LEXICON_FEATURES
    from kidsafe.training.text_model import TRAIN_SOURCES, masked_lexicon

    assert name in LEXICON_FEATURES
    assert all(name in masked_lexicon(c) for c in TRAIN_SOURCES)
    if not (PROJECT_ROOT / "models" / "text" / "model.json").exists():
        pytest.skip("no shipped text model (run `kidsafe train`)")
    analyzer = TextAnalyzer.load(PROJECT_ROOT / "models")
    spec = analyzer.model.spec
    row = analyzer.model.weights[spec.n_hashed + spec.lexicon.index(name)]
    assert not np.any(row)


def test_f_half_threshold_weighs_precision_more() -> None:
    from kidsafe.training.text_model import THRESHOLD_BETA, best_f1_threshold

    # 4 positives; a cut at 0.7 catches 3 with no error, one at 0.2 catches all 4 with 1 false alarm
    p = np.array([0.9, 0.8, 0.7, 0.5, 0.2])
    y = np.array([1, 1, 1, 0, 1])
    assert best_f1_threshold(p, y) == 0.2  # F1 0.89 beats 0.86
    assert best_f1_threshold(p, y, beta=0.5) == 0.7  # F0.5 0.94 beats 0.83
    assert THRESHOLD_BETA == {"profanity": 0.5}


def test_smoothing_averages_the_f_curve_over_nearby_cuts() -> None:
    from kidsafe.training.text_model import THRESHOLD_SMOOTHING, best_f1_threshold

    # positives down to 0.70, a mixed stretch to 0.60, a pocket of positives around 0.30-0.36
    p = np.round(np.linspace(0.99, 0.01, 99), 2)
    y = np.zeros(99, dtype=int)
    y[:30] = 1
    y[30:40:2] = 1
    y[63:70] = 1
    assert best_f1_threshold(p, y, smoothing=0.0) == best_f1_threshold(p, y) == 0.61
    assert best_f1_threshold(p, y, smoothing=0.05) == 0.64  # averaged with its neighbours, 0.61 is no longer best
    assert best_f1_threshold(p, y, smoothing=1.0) == 0.99  # one window: every cut ties, the higher one wins
    assert THRESHOLD_SMOOTHING == {"profanity": 0.05}


def test_precision_floor_on_a_handful_of_flags_needs_confidence() -> None:
    from kidsafe.training.text_model import precision_lower_bound

    # 2 of the 3 highest scores are right (point precision 0.67), the rest is noise: on 3 flags that is no
    # evidence of precision >= 0.5, so the confident floor falls back to 0.5
    p = np.array([0.9, 0.8, 0.7, 0.3, 0.25, 0.2, 0.15, 0.1])
    y = np.array([1, 0, 1, 0, 0, 1, 0, 0])
    assert best_f1_threshold(p, y, precision_floor=0.5) == 0.7
    assert best_f1_threshold(p, y, precision_floor=0.5, z=1.645) == 0.5
    # with many flags the bound is close to the estimate
    assert abs(float(precision_lower_bound(np.array([800]), np.array([1000]), 1.645)[0]) - 0.8) < 0.03
    assert float(precision_lower_bound(np.array([2]), np.array([3]), 0.0)[0]) == 2 / 3


def test_calibration_f1_is_also_reported_as_shipped() -> None:
    """The threshold is chosen with each row's data-set indicator on; the card also says what the indicator-free
    shipped model scores on the same rows, so its calibration F1 is not read as the deployed one."""
    if not (PROJECT_ROOT / "models" / "text" / "model.json").exists():
        pytest.skip("no shipped text model (run `kidsafe train`)")
    model = TextAnalyzer.load(PROJECT_ROOT / "models").model
    with_indicators = [c for c, cm in model.categories.items() if cm.info.get("source_indicators")]
    assert "harassment" in with_indicators
    for c in with_indicators:
        assert 0.0 <= model.categories[c].info["calibration_f1_as_shipped"] <= 1.0
    card = (PROJECT_ROOT / "models" / "text" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "as shipped)" in card
