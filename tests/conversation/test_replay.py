"""Offline replay of a conversation (what `classify-conversations` and the benchmarks use)."""

from __future__ import annotations

import pytest

from kidsafe.config import PROJECT_ROOT
from kidsafe.conversation.replay import ChatMessage, ReplayResult, replay, split_segment
from kidsafe.conversation.scorer import ConversationScorer


@pytest.fixture(scope="module")
def scorer() -> ConversationScorer:
    return ConversationScorer.load(PROJECT_ROOT / "models")


THREAT = [
    ChatMessage("1", "x", "hey"),
    ChatMessage("2", "v", "who is this"),
    ChatMessage("3", "x", "i have your pics"),
    ChatMessage("4", "x", "i'll post your nudes unless you pay me in bitcoin"),
    ChatMessage("5", "x", "you have 24 hours"),
]


def test_alert_at_is_the_first_alerting_message(scorer: ConversationScorer) -> None:
    res, _ = replay(THREAT, scorer)
    assert res.alert_at is not None and 2 <= res.alert_at <= 4
    assert res.level_at[1] == res.alert_at
    assert all(res.level_at[lv] >= res.level_at[lv - 1] for lv in res.level_at if lv > 1)
    no_alert, _ = replay(THREAT[:2], scorer)
    assert no_alert.alert_at is None and no_alert.level_at == {}


def test_redelivered_message_counts_once(scorer: ConversationScorer) -> None:
    once, _ = replay(THREAT, scorer)
    twice, _ = replay(THREAT + THREAT[2:], scorer)
    assert twice.duplicates == 3
    assert twice.risk.to_dict() == once.risk.to_dict()


def test_record_shape(scorer: ConversationScorer) -> None:
    res, _ = replay(THREAT, scorer)
    rec = res.to_record("c1")
    assert rec["id"] == "c1"
    assert {"grooming", "sextortion", "flags", "stages", "alert_at"} <= set(rec)
    assert "alert" in rec["flags"] and "sextortion" in rec["flags"]
    assert isinstance(res, ReplayResult)


def test_snapshots_return_feature_vectors(scorer: ConversationScorer) -> None:
    _, vecs = replay(THREAT, scorer, snapshots=(2, 5), score_each=False)
    assert len(vecs) == 2 and len(vecs[0]) == len(vecs[1])


def test_split_segment_reads_speaker_prefixes() -> None:
    msgs = split_segment("max: hi there\n\nkim: hey\njust a line without a name\n")
    assert [m.sender for m in msgs] == ["max", "kim", "unknown"]
    assert [m.text for m in msgs] == ["hi there", "hey", "just a line without a name"]
    assert [m.id for m in msgs] == ["0", "1", "2"]
    assert split_segment("") == []
