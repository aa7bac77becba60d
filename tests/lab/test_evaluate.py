"""`kidsafe lab evaluate` on small invented files: unknown labels, groups, bad lines, conversations."""

import json
from pathlib import Path

from typer.testing import CliRunner

from kidsafe.cli import app
from kidsafe.lab.evaluate import RecordError, parse_record

RECORDS = [
    {"id": "1", "text": "you are so mature for your age, this stays between us ok?", "labels": {"grooming": 1},
     "source": "invented"},
    {"id": "2", "text": "see you at practice tomorrow, bring your boots", "labels": {"grooming": 0},
     "source": "invented"},
    {"id": "3", "text": "what a lovely drawing", "labels": {"harassment": 0}, "source": "other"},
    {"id": "4", "messages": ["hi", "how old are you?", "are your parents home?", "add me on snap, our secret"],
     "labels": {"grooming": 1}, "source": "chats"},
]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_report_groups_and_counts_only_labelled_categories(tmp_path: Path) -> None:
    path = _write(tmp_path, [json.dumps(r) for r in RECORDS])
    result = CliRunner().invoke(app, ["lab", "evaluate", str(path), "--by", "source", "--format", "json",
                                      "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["records"] == 4 and report["errors"] == 0
    groups = report["groups"]
    assert set(groups) == {"invented", "other", "chats"}
    assert set(groups["invented"]) == {"grooming"}  # the record labelled only grooming says nothing of hate
    assert groups["invented"]["grooming"]["n"] == 2 and groups["invented"]["grooming"]["positives"] == 1
    assert set(groups["other"]) == {"harassment"}
    assert set(groups["chats"]) == {"conversation:grooming"}  # conversation scores kept apart
    for cats in groups.values():
        for m in cats.values():
            assert 0.0 <= m["threshold"] <= 1.0


def test_bad_lines_are_reported_with_their_number_and_the_rest_is_scored(tmp_path: Path) -> None:
    lines = [json.dumps(RECORDS[0]), "{not json", json.dumps({"text": "x", "labels": {"grooming": "yes"}}),
             json.dumps(RECORDS[1])]
    path = _write(tmp_path, lines)
    result = CliRunner().invoke(app, ["lab", "evaluate", str(path), "--bootstrap", "0"])
    assert result.exit_code == 1
    assert f"{path}:2: invalid JSON" in result.stderr
    assert f"{path}:3: labels.grooming must be 0 or 1" in result.stderr
    assert "records: 2 · bad lines: 2" in result.stdout
    assert "| all | grooming | 2 | 1 |" in result.stdout


def test_record_validation_names_the_field() -> None:
    cases = {
        '{"text": "hi"}': "labels",
        '{"text": 3, "labels": {"hate": 0}}': "text",
        '{"text": "hi", "labels": {"nope": 1}}': "unknown category",
        '{"messages": [], "labels": {"grooming": 1}}': "messages",
        '{"messages": ["hi"], "labels": {"hate": 1}}': "grooming or sextortion",
        '[1, 2]': "JSON object",
    }
    for line, needle in cases.items():
        try:
            parse_record(line, max_chars=100)
        except RecordError as e:
            assert needle in str(e), (line, str(e))
        else:
            raise AssertionError(f"accepted {line}")
    try:
        parse_record(json.dumps({"text": "x" * 101, "labels": {"hate": 0}}), max_chars=100)
    except RecordError as e:
        assert "limit is 100" in str(e)
    else:
        raise AssertionError("accepted an over-long text")
