"""Policy files: the default loads, and every problem is reported with its line and field."""

from __future__ import annotations

import pytest

from kidsafe.policy.loader import PolicyError, load_policy_file, parse_policy
from kidsafe.policy.model import Action
from kidsafe.policy.registry import DEFAULT_POLICY_FILE

MINIMAL = """\
policy:
  version: "1"
rules:
  - id: r1
    when:
      target_age: [13_15]
    action: nudge
"""


def issues(source: str, fmt: str = "yaml", **kw: int) -> list[tuple[int | None, str, str]]:
    with pytest.raises(PolicyError) as e:
        parse_policy(source, fmt, **kw)
    return [(i.line, i.field, i.message) for i in e.value.issues]


def test_default_policy_loads() -> None:
    p = load_policy_file(DEFAULT_POLICY_FILE)
    assert p.policy.platform == "default" and p.rules
    assert {r.action for r in p.rules} >= {Action.BLOCK, Action.NUDGE, Action.HOLD_FOR_REVIEW,
                                          Action.BLOCK_AND_ESCALATE}


def test_unquoted_band_names_stay_bands() -> None:
    # YAML 1.1 would read 13_15 as the integer 1315
    p = parse_policy(MINIMAL)
    assert p.rules[0].when.target_age == ["13_15"]


def test_errors_name_line_and_field() -> None:
    src = """\
policy:
  version: "1"
rules:
  - id: a
    when:
      scores: {sexxual: 0.5}
      target_age: [kid]
    action: blockk
  - id: a
    action: allow
    notifyy: [user]
  - id: b
    when:
      scores: {sexual: 1.5}
    action: block
"""
    found = issues(src)
    by_field = {f: (line, msg) for line, f, msg in found}
    assert by_field["rules[0].when.scores.sexxual"][0] == 6
    assert by_field["rules[0].when.target_age[0]"][0] == 7 and "under_13, 13_15" in by_field[
        "rules[0].when.target_age[0]"][1]
    assert by_field["rules[0].action"][0] == 8 and "block_and_escalate" in by_field["rules[0].action"][1]
    assert by_field["rules[1].id"] == (9, "rule id 'a' is already used by rules[0]")
    assert by_field["rules[1].notifyy"][0] == 11 and "unknown field" in by_field["rules[1].notifyy"][1]
    assert by_field["rules[2].when.scores.sexual"][0] == 14


def test_missing_sections_and_syntax_errors() -> None:
    assert issues("rules: []\n") == [(1, "policy", "required field is missing")]
    (line, field, msg), = issues("policy:\n  version: '1'\nrules:\n  - id: [unclosed\n")
    assert field == "(syntax)" and line is not None and line >= 4
    (line, field, _), = issues("policy:\n  version: 1\n  version: 2\nrules: []\n")
    assert (line, field) == (3, "policy.version")
    assert issues("- just a list\n")[0][1] == "(top level)"


def test_empty_conditions_are_refused() -> None:
    found = issues("policy: {version: '1'}\nrules:\n  - id: a\n    when: {context: []}\n    action: block\n")
    assert found[0][:2] == (4, "rules[0].when.context")


def test_limits() -> None:
    with pytest.raises(PolicyError, match="limit"):
        parse_policy(MINIMAL.encode(), max_bytes=20)
    rules = "".join(f"  - id: r{i}\n    action: allow\n" for i in range(5))
    found = issues("policy: {version: '1'}\nrules:\n" + rules, max_rules=3)
    assert found[0][1] == "rules" and "limit is 3" in found[0][2]


def test_toml_policy_and_its_errors() -> None:
    ok = """\
[policy]
version = "t1"

[[rules]]
id = "dm"
action = "block"
notify = ["user"]
[rules.when]
context = ["direct_message"]
target_age = ["under_16"]
"""
    p = parse_policy(ok, "toml")
    assert p.rules[0].when.target_age == ["under_16"]
    bad = ok + """
[[rules]]
id = "two"
action = "explode"
"""
    (line, field, _), = issues(bad, "toml")
    assert (line, field) == (14, "rules[1].action")
    (line, field, _), = issues("[policy]\nversion = \n", "toml")
    assert field == "(syntax)" and line == 2


def test_bad_bytes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "p.yaml"
    f.write_bytes(b"\xff\xfe")
    with pytest.raises(PolicyError, match="UTF-8"):
        load_policy_file(f)
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy_file(tmp_path / "absent.yaml")
