"""Retention is enforced by code: one call (and the server's background worker) runs every purge."""

import json
from datetime import timedelta

from typer.testing import CliRunner

from kidsafe import housekeeping
from kidsafe.cli import app
from kidsafe.store.db import utcnow

STEPS = {"conversations", "media_evidence", "case_evidence", "policy_decisions", "family_usage", "family_alerts",
         "supervision_ended"}


def test_every_step_runs_and_old_conversations_go(client, auth, database, settings) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/conversations/c-old/messages", headers=auth,
                    json={"id": "m1", "sender": "a", "text": "see you at practice"})
    assert r.status_code == 200, r.text
    today = housekeeping.run(database, settings)
    assert set(today) == STEPS and not any(isinstance(v, dict) and "error" in v for v in today.values())
    assert client.get("/v1/conversations/c-old/risk", headers=auth).status_code == 200  # still within retention
    later = utcnow() + timedelta(days=settings.retention_days_conversation + 1)
    result = housekeeping.run(database, settings, later)
    assert result["conversations"]["conversations"] == 1
    assert client.get("/v1/conversations/c-old/risk", headers=auth).status_code == 404


def test_cli_runs_it_and_refuses_a_naive_time(monkeypatch, database) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIDSAFE_DATABASE_URL", database.url)
    from kidsafe.config import get_settings

    get_settings.cache_clear()
    try:
        ok = CliRunner().invoke(app, ["housekeeping"])
        assert ok.exit_code == 0, ok.output
        assert set(json.loads(ok.stdout)) == STEPS
        bad = CliRunner().invoke(app, ["housekeeping", "--now", "2030-01-01T00:00:00"])
        assert bad.exit_code == 2 and "UTC offset" in bad.stderr
    finally:
        get_settings.cache_clear()
