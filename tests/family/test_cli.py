"""``kidsafe family ...``: set up a child, check, import usage with line-numbered errors, decide, purge."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kidsafe.cli import app
from kidsafe.config import get_settings
from kidsafe.store import db as store_db

runner = CliRunner()


@pytest.fixture
def cli_db(database, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIDSAFE_DATABASE_URL", database.url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    cached = store_db._databases.pop(database.url, None)
    if cached is not None:
        cached.dispose()


def _run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["family", *args], input=input)


def test_family_commands(cli_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = _run("child", "kid1", "--age-band", "under_13", "--timezone", "Europe/Paris", "-g", "mum", "-g", "dad")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["guardians"] == ["dad", "mum"]
    r = _run("child", "kid1", "--no-contact-approval", "--no-ask-to-buy")
    assert r.exit_code == 0 and json.loads(r.stdout)["contact_approval"] is False
    assert json.loads(r.stdout)["ask_to_buy"] is False
    r = _run("child", "kid1", "--contact-approval", "--ask-to-buy")
    assert (json.loads(r.stdout)["contact_approval"], json.loads(r.stdout)["ask_to_buy"]) == (True, True)
    assert _run("budget", "set", "kid1", "--school-day", "60", "--weekend", "90").exit_code == 0
    r = _run("schedule", "add", "kid1", "--name", "night", "--kind", "bedtime", "-d", "school_day", "--start",
             "20:30", "--end", "07:00")
    assert r.exit_code == 0 and json.loads(r.stdout)["schedules"][0]["start"] == "20:30"
    r = _run("schedule", "add", "kid1", "--name", "bad", "-d", "school_day", "--start", "7h", "--end", "08:00")
    assert r.exit_code == 2 and "start" in r.stderr
    assert _run("holidays", "kid1", "2026-03-27").exit_code == 0
    r = _run("content", "kid1", "--max-rating", "pegi 12", "--block", "violence")
    assert r.exit_code == 0 and json.loads(r.stdout)["max_rating"] == "PEGI 12"
    assert _run("content", "kid1", "--max-rating", "PG").exit_code == 2

    usage = tmp_path / "usage.jsonl"
    usage.write_text("\n".join([
        json.dumps({"child_id": "kid1", "usage_id": "a", "started_at": "2026-03-23T16:00:00Z",
                    "ended_at": "2026-03-23T16:40:00Z"}),
        "{not json",
        json.dumps({"child_id": "kid1", "usage_id": "b", "started_at": "2026-03-23T16:50:00Z"}),
        json.dumps({"child_id": "kid1", "usage_id": "a", "started_at": "2026-03-23T16:00:00Z",
                    "ended_at": "2026-03-23T16:40:00Z"}),
        json.dumps({"child_id": "ghost", "usage_id": "c", "started_at": "2026-03-23T16:00:00Z",
                    "ended_at": "2026-03-23T16:10:00Z"}),
    ]) + "\n")
    r = _run("usage-import", str(usage))
    assert r.exit_code == 1
    assert json.loads(r.stdout) == {"accepted": 1, "duplicate": 1, "error": 3}
    assert "line 2:" in r.stderr and "line 3: missing ended_at" in r.stderr and "line 5: child_id" in r.stderr

    r = _run("status", "kid1", "--at", "2026-03-23T17:45:00Z")  # 18:45 in Paris
    out = json.loads(r.stdout)
    assert r.exit_code == 0 and out["session"]["remaining_seconds"] == 20 * 60
    assert out["supervision"]["supervised"] and out["supervision"]["guardians"] == ["dad", "mum"]
    assert _run("status", "kid1", "--at", "2026-03-23T17:45:00").exit_code == 2  # no offset

    r = runner.invoke(app, ["family", "requests", "kid1"])
    assert json.loads(r.stdout)["extra_time"] == []
    assert _run("decide", "contact", "999", "-g", "mum", "--approve").exit_code == 2
    r = _run("sweep", "--at", "2026-03-23T17:45:00Z")
    assert r.exit_code == 0 and json.loads(r.stdout) == {"supervision_ended": []}
    r = _run("purge", "--days", "0")
    assert r.exit_code == 0 and "deleted 1 usage record" in r.stderr and "deleted 0 guardian alert" in r.stderr
    r = _run("alerts", "mum")
    assert r.exit_code == 0 and json.loads(r.stdout)["alerts"] == []
    assert _run("digest", "mum").exit_code == 0
    assert _run("status", "nobody").exit_code == 2
