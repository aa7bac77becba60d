"""kidsafe policy check / test / diff / upload / purge and kidsafe age: exit codes and line-numbered errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kidsafe.cli import app
from kidsafe.config import get_settings
from kidsafe.policy.registry import DEFAULT_POLICY_FILE

runner = CliRunner()
DEFAULT = str(DEFAULT_POLICY_FILE)


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KIDSAFE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_check(tmp_path: Path) -> None:
    code, out, _ = run("policy", "check", DEFAULT)
    assert code == 0 and "ok" in out and "2026.11-2" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("policy:\n  version: '1'\nrules:\n  - id: r\n    action: nope\n    when: {contxt: [live]}\n")
    code, _, err = run("policy", "check", str(bad))
    assert code == 1
    assert f"{bad}: line 5: rules[0].action:" in err and f"{bad}: line 6: rules[0].when.contxt:" in err


def test_test_shows_decisions_and_reports_bad_lines(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    lines = [
        {"id": "e1", "actor": {"id": "a", "age_band": "adult"}, "target": {"id": "k", "age_band": "under_13"},
         "context": "direct_message"},
        "not json",
        {"actor": {"id": "a"}, "context": "telepathy"},
        {"id": "e4", "actor": {"id": "k", "age_band": "13_15"}, "context": "public_post",
         "analysis": {"scores": {"personal_info": 0.9}}, "lang": "fr"},
    ]
    events.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n")
    code, out, err = run("policy", "test", DEFAULT, str(events))
    assert code == 1
    got = [json.loads(x) for x in out.splitlines()]
    assert [(g["line"], g["id"], g["action"]) for g in got] == [(1, "e1", "block"), (4, "e4", "nudge")]
    assert got[1]["nudge"]["lang"] == "fr" and got[1]["scores"] == {"personal_info": 0.9}
    assert got[0]["notify"] == ["user", "guardian"] and got[0]["target_age_band"] == "under_13"
    assert "line 2: invalid JSON" in err and "line 3: context:" in err and "2 bad line(s)" in err


def test_offline_diff(tmp_path: Path) -> None:
    strict = tmp_path / "strict.yaml"
    strict.write_text(DEFAULT_POLICY_FILE.read_text().replace('version: "2026.11-2"', 'version: "strict"')
                      .replace("actor_age: [adult, unknown]\n      target_age: [under_16]",
                               "actor_age: [adult, unknown]\n      target_age: [minor]"))
    events = tmp_path / "e.jsonl"
    events.write_text("\n".join(json.dumps({"actor": {"id": "a", "age_band": "adult"},
                                            "target": {"id": "t", "age_band": b}, "context": "direct_message"})
                                for b in ("16_17", "16_17", "13_15", "adult")) + "\n")
    code, out, _ = run("policy", "diff", "--live", DEFAULT, "--candidate", str(strict), str(events), "--json")
    assert code == 0, out
    c = json.loads(out)["comparisons"][0]
    assert (c["evaluated"], c["different"], c["stricter"]) == (4, 2, 2)
    assert c["transitions"] == [{"live": "nudge", "candidate": "block", "count": 2}]
    code, _, err = run("policy", "diff", "--live", DEFAULT)
    assert code == 2


def test_upload_list_status_diff_purge_and_age(cli_db: None, tmp_path: Path) -> None:
    code, out, _ = run("policy", "upload", DEFAULT, "--status", "live")
    assert code == 0 and "default@2026.11-2 is live" in out
    code, out, _ = run("policy", "list")
    assert code == 0 and "in force: live default@2026.11-2, no candidate" in out
    code, out, _ = run("policy", "diff")
    assert code == 0 and "no shadow results" in out
    code, _, err = run("policy", "status", "default", "nope", "--to", "live")
    assert code == 1 and "no version" in err
    code, out, _ = run("policy", "purge", "--days", "0")
    assert code == 0 and "deleted 0" in out
    code, out, _ = run("age", "add", "acc-1", "--band", "13_15", "--source", "self_declared")
    assert code == 0 and "band 13_15" in out
    code, out, _ = run("age", "add", "acc-1", "--band", "adult", "--source", "verified")
    assert code == 0 and "band adult" in out and "1 conflict" in out
    code, _, err = run("age", "add", "acc-1", "--band", "adult", "--source", "self_declared", "--assurance", "high")
    assert code == 1 and "assurance" in err
    code, out, _ = run("age", "show", "acc-1")
    assert code == 0 and json.loads(out)["age_band"] == "adult"
    verified = [x["id"] for x in json.loads(out)["signals"] if x["source"] == "verified"][0]
    code, out, _ = run("age", "revoke", "acc-1", str(verified))
    assert code == 0 and "band 13_15 (from self_declared)" in out
    code, _, err = run("age", "revoke", "acc-1", "9999")
    assert code == 1 and "signal_id" in err
