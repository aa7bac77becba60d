"""Training on a tiny invented data folder (same layout as ../shared/data), and checks of the shipped model."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kidsafe.config import PROJECT_ROOT
from kidsafe.conversation import synthetic, training
from kidsafe.conversation.features import FEATURE_NAMES
from kidsafe.conversation.replay import replay
from kidsafe.conversation.scorer import ConversationScorer

ORDINARY = ["what's your favourite band", "probably the old stuff", "do you like pizza", "yes with olives",
            "how was the trip", "long but fun", "any tips for the exam", "sleep early", "best movie this year?",
            "the space one", "why is the sky blue", "light scattering i think", "cats or dogs", "dogs obviously"]


def _fake_data(root: Path) -> Path:
    rng = random.Random(0)
    (root / "conversations").mkdir(parents=True)
    (root / "text").mkdir()
    with open(root / "conversations" / "perverted_justice.jsonl", "w", encoding="utf-8") as f:
        for i in range(12):
            split = "dev" if i % 3 == 0 else "train"
            msgs = synthetic.generate("grooming_en", seed=i, filler=10, keep=0.8)
            first = msgs[0].sender
            for role, mine in (("predator", True), ("decoy", False)):
                texts = [m.text for m in msgs if (m.sender == first) == mine]
                rec = {"id": f"fake:{i}:{role}", "conversation_id": f"c{i}", "role": role, "messages": texts,
                       "labels": {"grooming": int(mine)}, "lang": "en", "source": "fake", "split": split}
                f.write(json.dumps(rec) + "\n")
    with open(root / "text" / "formspring.jsonl", "w", encoding="utf-8") as f:
        for i in range(300):
            split = "dev" if i % 3 == 0 else "train"
            q, a = rng.choice(ORDINARY), rng.choice(ORDINARY)
            f.write(json.dumps({"id": f"fs:{i}", "text": f"Q: {q}<br>A: {a}", "split": split}) + "\n")
    return root


def test_train_writes_a_loadable_model(tmp_path: Path) -> None:
    data = _fake_data(tmp_path / "data")
    summary = training.train(data, tmp_path / "models")["conversation"]
    path = tmp_path / "models" / "conversation" / "model.json"
    assert Path(summary["model"]) == path and path.exists()
    model = json.loads(path.read_text())
    assert model["feature_names"] == list(FEATURE_NAMES)
    assert all(c >= 0 for c in model["coef"])  # monotone: every feature can only raise the risk
    t = model["thresholds"]["grooming"]
    assert t[0] < t[1] < t[2] < 1.0
    assert summary["dev"]["tp"] + summary["dev"]["fn"] == 4  # the four dev chats, never trained on
    scorer = ConversationScorer.load(tmp_path / "models")
    res, _ = replay(synthetic.generate("grooming_en", seed=99), scorer)
    assert res.max_grooming > 0.5


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="KIDSAFE_DATA_DIR"):
        training.train(tmp_path, tmp_path / "models")
    assert training.main([str(tmp_path), str(tmp_path / "models")]) == 2


def test_level_thresholds_are_ordered() -> None:
    t = training.level_thresholds(0.7)
    assert t[0] == pytest.approx(0.7) and t[0] < t[1] < t[2] < 1.0


def test_shipped_model_card_and_metadata() -> None:
    model_dir = PROJECT_ROOT / "models" / "conversation"
    if not (model_dir / "model.json").exists():
        pytest.skip("no shipped conversation model (run python -m kidsafe.conversation.training)")
    model = json.loads((model_dir / "model.json").read_text())
    assert model["feature_names"] == list(FEATURE_NAMES)
    assert "perverted_justice_en train" in model["meta"]["trained_on"]["positives"]
    assert "cyberagression" not in json.dumps(model["meta"]["trained_on"])  # CC BY-NC: evaluation only
    card = (model_dir / "MODEL_CARD.md").read_text()
    assert "cyberagression_large_fr" in card and "never" in card.lower()
