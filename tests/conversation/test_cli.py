"""``kidsafe classify-conversations`` and ``kidsafe conversations purge``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kidsafe.cli import app
from kidsafe.config import Settings, get_settings
from kidsafe.store.db import Database
from tests.conversation.helpers import COACH, GROOMING, messages

runner = CliRunner()

RECORD_KEYS = {"id", "grooming", "sextortion", "flags", "stages", "alert_at"}


def _record(cid: object, conv: list[tuple[str, str, str]]) -> dict:  # type: ignore[type-arg]
    return {"id": cid, "messages": [{"id": i, "sender": s, "sender_age_band": b, "text": t}
                                    for i, (s, b, t) in enumerate(conv)]}


def _segment(conv: list[tuple[str, str, str]]) -> str:
    return "\n".join(f"{s}: {t}" for s, _, t in conv)


def _jsonl(records: list[object]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def _out(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_records_and_segments() -> None:
    recs = [_record("g", GROOMING), _record(7, COACH), {"id": "seg", "text": _segment(GROOMING)}]
    r = runner.invoke(app, ["classify-conversations", "-"], input=_jsonl(recs))
    assert r.exit_code == 0, r.output
    g, c, seg = _out(r.stdout)
    assert [g["id"], c["id"], seg["id"]] == ["g", 7, "seg"]
    for o in (g, c, seg):
        assert set(o) >= RECORD_KEYS
        assert 0.0 <= o["grooming"] <= 1.0 and 0.0 <= o["sextortion"] <= 1.0
    assert "alert" in g["flags"] and isinstance(g["alert_at"], int) and g["suspect_id"] == "adult1"
    assert g["target_age_band"] == "under_13"
    assert c["alert_at"] is None and "alert" not in c["flags"]
    assert seg["messages"] == len(GROOMING) and "secrecy_isolation" in seg["stages"]
    assert seg["suspect_id"] == "adult1"


def test_bad_lines_are_reported_and_kept(tmp_path: Path) -> None:
    lines = [
        _record("a", COACH),
        "{not json",
        {"id": "b", "messages": [{"id": 1, "text": "hi"}]},
        {"id": "c", "messages": [{"id": 1, "sender": "x", "sender_age_band": "toddler", "text": "hi"}]},
        {"id": "d"},
        {"id": "e", "text": 5},
        {"id": "g", "messages": [{"id": 1, "sender": "x", "ts": "last tuesday", "text": "hi"}]},
        [1, 2],
        _record("f", GROOMING),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl(lines), encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["classify-conversations", str(src), "-o", str(dst)])
    assert r.exit_code == 1
    out = _out(dst.read_text(encoding="utf-8"))
    assert [o["id"] for o in out] == ["a", None, "b", "c", "d", "e", "g", None, "f"]
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    assert set(errors) == {2, 3, 4, 5, 6, 7, 8}
    assert "messages[0].sender" in errors[3] and "sender_age_band" in errors[4] and "'text'" in errors[6]
    assert "messages[0].ts" in errors[7]
    for n in errors:
        assert f"line {n}:" in r.stderr
    assert "7 bad line(s)" in r.stderr
    assert "error" not in out[0] and "error" not in out[-1]


def test_messages_with_times_are_scored_in_time_order() -> None:
    rec = _record("t", GROOMING)
    for i, m in enumerate(rec["messages"]):
        m["ts"] = 1_700_000_000 + 60 * i if i % 2 else f"2023-11-14T22:{13 + i:02d}:20Z"  # ISO and epoch mixed
    shuffled = {"id": "t", "messages": list(reversed(rec["messages"]))}
    r = runner.invoke(app, ["classify-conversations", "-"], input=_jsonl([rec, shuffled]))
    assert r.exit_code == 0, r.output
    a, b = _out(r.stdout)
    assert a["alert_at"] == b["alert_at"] and a["grooming"] == b["grooming"]


def test_missing_input_file_exits_2(tmp_path: Path) -> None:
    r = runner.invoke(app, ["classify-conversations", str(tmp_path / "nope.jsonl")])
    assert r.exit_code == 2


@pytest.fixture
def configured(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("KIDSAFE_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


def test_risk_and_purge_commands(configured: Settings, database: Database) -> None:
    from kidsafe.conversation.tracker import Tracker

    Tracker(database, configured).ingest("c1", messages(COACH))
    r = runner.invoke(app, ["conversations", "risk", "c1"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["messages"] == len(COACH)
    assert runner.invoke(app, ["conversations", "risk", "nope"]).exit_code == 1
    r = runner.invoke(app, ["conversations", "purge"])
    assert r.exit_code == 0, r.output
    assert "purged 0 conversation(s)" in r.stderr
    later = (datetime.now(UTC) + timedelta(days=configured.retention_days_conversation + 1)).isoformat()
    r = runner.invoke(app, ["conversations", "purge", "--now", later])
    assert r.exit_code == 0, r.output
    assert f"purged 1 conversation(s) and {len(COACH)} message id(s)" in r.stderr
    assert Tracker(database, configured).risk("c1") is None
    assert runner.invoke(app, ["conversations", "purge", "--now", "2026-01-01T00:00:00"]).exit_code == 2
