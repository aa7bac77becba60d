"""The text engine with the shipped model: calibrated scores, thresholds, batches, evidence, the API."""

from __future__ import annotations

from pathlib import Path

import pytest

from kidsafe.taxonomy import CATEGORY_NAMES, Severity
from kidsafe.text.engine import TextAnalyzer
from kidsafe.text.severity import severity


def test_thresholds_and_calibrated_scores_for_every_category(analyzer: TextAnalyzer) -> None:
    assert set(analyzer.thresholds) == set(CATEGORY_NAMES)
    assert all(0.0 < t < 1.0 for t in analyzer.thresholds.values())
    texts = ["", "hello", "you stupid idiot", "x" * 5000, "🙂" * 50, "je vais te tuer", "123 456"]
    for a in analyzer.analyze_batch(texts):
        assert set(a.scores) == set(CATEGORY_NAMES)
        assert all(0.0 <= s <= 1.0 for s in a.scores.values())
        assert a.flags == [c for c in CATEGORY_NAMES if a.scores[c] >= analyzer.thresholds[c]]


def test_batch_equals_single_and_keeps_order(analyzer: TextAnalyzer) -> None:
    texts = ["have a good day", "shut up you moron", "send me a pic of you in your underwear", "tg fdp"]
    batch = analyzer.analyze_batch(texts, [None, "en", "en", None])
    for t, lg, b in zip(texts, [None, "en", "en", None], batch, strict=True):
        single = analyzer.analyze(t, lg)
        assert single.flags == b.flags
        for c in CATEGORY_NAMES:
            assert single.scores[c] == pytest.approx(b.scores[c], abs=1e-9)
    assert analyzer.analyze_batch([]) == []


def test_unknown_language_still_scored(analyzer: TextAnalyzer) -> None:
    a = analyzer.analyze("ты тупой идиот fuck you", "ru")
    assert a.lang == "ru"
    assert max(a.scores.values()) > 0.0
    b = analyzer.analyze("!!!")
    assert b.lang == "und"


def test_evidence_is_in_original_offsets(analyzer: TextAnalyzer) -> None:
    text = "Salut ! Appelle-moi au 06 12 34 56 78 ce soir"
    a = analyzer.analyze(text, "fr")
    assert "personal_info" in a.flags
    spans = [text[e.start:e.end] for e in a.evidence if e.category == "personal_info"]
    assert any("06 12 34 56 78" in s for s in spans)


def test_model_free_fallback_uses_rules_only(tmp_path: Path) -> None:
    a = TextAnalyzer.load(tmp_path)
    r = a.analyze("my number is 07 11 22 33 44", "fr")
    assert set(r.scores) == set(CATEGORY_NAMES)
    assert r.scores["hate"] == 0.0


def test_severity_rules() -> None:
    thr = {c: 0.5 for c in CATEGORY_NAMES}
    assert severity([], {}, thr) is Severity.NONE
    assert severity(["profanity"], {"profanity": 0.99}, thr) is Severity.LOW
    assert severity(["harassment"], {"harassment": 0.95}, thr) is Severity.MEDIUM
    assert severity(["harassment"], {"harassment": 0.55}, thr) is Severity.LOW
    assert severity(["grooming"], {"grooming": 0.51}, thr) is Severity.CRITICAL
    assert severity(["violence", "hate", "harassment"], {"violence": 0.9, "hate": 0.9, "harassment": 0.9},
                    thr) is Severity.CRITICAL


def test_api_single_and_batch(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/text:analyze", json={"text": "you are a worthless idiot", "lang": "en"}, headers=auth)
    assert r.status_code == 200
    body = r.json()
    assert set(body["scores"]) == set(CATEGORY_NAMES) and body["lang"] == "en"
    r = client.post("/v1/text:analyze", json={"texts": [{"id": "1", "text": "hi"}, {"id": "2", "text": "tg fdp"}]},
                    headers=auth)
    assert r.status_code == 200
    assert [x["id"] for x in r.json()["results"]] == ["1", "2"]


def test_api_rejects_bad_input_naming_the_field(client, auth, settings) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/text:analyze", json={"text": "hi", "lang": "english"}, headers=auth)
    assert r.status_code == 422
    assert any(f["field"] == "lang" for f in r.json()["error"]["fields"])
    too_many = {"texts": [{"text": "x"}] * (settings.max_batch + 1)}
    r = client.post("/v1/text:analyze", json=too_many, headers=auth)
    assert r.status_code == 413 and r.json()["error"]["fields"][0]["field"] == "texts"
