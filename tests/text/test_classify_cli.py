"""``kidsafe classify`` and ``kidsafe check``: JSONL in, JSONL out, same order, bad lines reported and kept."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kidsafe.cli import app
from kidsafe.taxonomy import CATEGORY_NAMES

runner = CliRunner()

GOOD = [
    {"id": "a", "text": "have a nice day at school", "lang": "en"},
    {"id": 2, "text": "t'es vraiment un gros connard"},
    {"id": "c", "text": "you are so mature for your age, don't tell your mom we talk"},
]


def _jsonl(records: list[object]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def _out(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_stdin_to_stdout_keeps_order_and_schema() -> None:
    r = runner.invoke(app, ["classify", "-"], input=_jsonl(GOOD))
    assert r.exit_code == 0, r.output
    out = _out(r.stdout)
    assert [o["id"] for o in out] == ["a", 2, "c"]
    for o in out:
        assert set(o) == {"id", "lang", "scores", "flags", "severity", "evidence"}
        assert set(o["scores"]) == set(CATEGORY_NAMES)
        assert all(0.0 <= v <= 1.0 for v in o["scores"].values())
        assert set(o["flags"]) <= set(CATEGORY_NAMES)
        assert o["severity"] in ("none", "low", "medium", "high", "critical")
    assert out[0]["lang"] == "en" and out[1]["lang"] == "fr"


def test_file_input_and_output_file(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    dst = tmp_path / "out.jsonl"
    src.write_text(_jsonl(GOOD * 3), encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "-o", str(dst)])
    assert r.exit_code == 0, r.output
    out = _out(dst.read_text(encoding="utf-8"))
    assert [o["id"] for o in out] == ["a", 2, "c"] * 3


def test_bad_lines_are_reported_with_line_number_and_kept_in_order(tmp_path: Path) -> None:
    lines = [GOOD[0], "{not json", {"id": "x"}, {"id": "y", "text": 42}, "[1, 2]", GOOD[2]]
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl(lines), encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["classify", str(src), "-o", str(dst)])
    assert r.exit_code == 1
    for n in (2, 3, 4, 5):
        assert f"line {n}:" in r.stderr
    assert "missing field 'text'" in r.stderr and "must be a string" in r.stderr
    out = _out(dst.read_text(encoding="utf-8"))
    assert len(out) == 6
    assert out[0]["id"] == "a" and out[5]["id"] == "c" and "scores" in out[5]
    assert [o.get("line") for o in out[1:5]] == [2, 3, 4, 5]
    assert all("error" in o for o in out[1:5])


def test_batches_larger_than_one_flush_stay_in_order() -> None:
    records = [{"id": i, "text": f"message number {i}"} for i in range(1100)]
    r = runner.invoke(app, ["classify"], input=_jsonl(records))
    assert r.exit_code == 0
    assert [o["id"] for o in _out(r.stdout)] == list(range(1100))


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["classify", str(tmp_path / "nope.jsonl")])
    assert r.exit_code == 2
    assert "cannot read" in r.stderr


def test_check_prints_scores_and_evidence() -> None:
    r = runner.invoke(app, ["check", "call me at 06 12 34 56 78 you idiot"])
    assert r.exit_code == 0, r.output
    assert "severity" in r.stdout and "personal_info" in r.stdout
