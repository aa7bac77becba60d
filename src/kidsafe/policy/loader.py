"""Read a policy file (YAML or TOML) into a ``Policy``, with errors that name the line and the field.

Every problem found is reported, not only the first: ``PolicyError.issues`` holds ``Issue(line, field,
message)`` items, and ``str(error)`` prints them one per line as ``LINE: FIELD: MESSAGE``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kidsafe.policy.model import Policy

DEFAULT_MAX_BYTES = 262_144
DEFAULT_MAX_RULES = 500


@dataclass(frozen=True)
class Issue:
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "line ?"
        return f"{where}: {self.field}: {self.message}"


class PolicyError(ValueError):
    """A policy file that cannot be used; ``issues`` says where and why."""

    def __init__(self, issues: list[Issue], source_name: str = "policy") -> None:
        self.issues = issues
        self.source_name = source_name
        super().__init__("\n".join(f"{source_name}: {i}" for i in issues))


def load_policy_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES,
                     max_rules: int = DEFAULT_MAX_RULES) -> Policy:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise PolicyError([Issue(None, "file", f"cannot read: {e.strerror}")], str(path)) from None
    fmt = "toml" if p.suffix.lower() == ".toml" else "yaml"
    return parse_policy(raw, fmt, str(path), max_bytes=max_bytes, max_rules=max_rules)


def parse_policy(source: str | bytes, fmt: str = "yaml", source_name: str = "policy",
                 max_bytes: int = DEFAULT_MAX_BYTES, max_rules: int = DEFAULT_MAX_RULES) -> Policy:
    """Parse and validate a policy; raises ``PolicyError`` listing every problem with its line."""
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            raise PolicyError([Issue(None, "file", f"{len(source)} bytes; the limit is {max_bytes}")], source_name)
        try:
            text = source.decode("utf-8")
        except UnicodeDecodeError as e:
            raise PolicyError([Issue(None, "file", f"not UTF-8 ({e.reason})")], source_name) from None
    else:
        text = source
        if len(text.encode("utf-8")) > max_bytes:
            raise PolicyError([Issue(None, "file", f"larger than the limit of {max_bytes} bytes")], source_name)
    if fmt not in ("yaml", "toml"):
        raise PolicyError([Issue(None, "format", f"unknown format {fmt!r}; expected yaml or toml")], source_name)
    data, lines = _parse_yaml(text, source_name) if fmt == "yaml" else _parse_toml(text, source_name)
    if not isinstance(data, dict):
        raise PolicyError([Issue(1, "(top level)", "a policy must be a mapping with 'policy' and 'rules'")],
                          source_name)
    issues = _precheck(data, lines, max_rules)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as e:
        found = [_issue_from(err, lines) for err in e.errors()]
        if any("already used" in i.message for i in issues):  # the model's own duplicate-id check says it again
            found = [i for i in found if "used twice" not in i.message]
        issues += found
        policy = None
    if issues:
        raise PolicyError(_dedupe(issues), source_name)
    assert policy is not None
    return policy


# --- YAML ----------------------------------------------------------------------------------


class _YamlLoader(yaml.SafeLoader):
    """SafeLoader where ``13_15`` stays a string: YAML 1.1 reads digits with underscores as the integer 1315."""


_INT = "tag:yaml.org,2002:int"
_YamlLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != _INT] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(_INT, re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+|0o?[0-7]+)$"),
                                  list("-+0123456789"))


def _parse_yaml(text: str, source_name: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    try:
        node = yaml.compose(text, Loader=_YamlLoader)
        data = yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise PolicyError([Issue(line, "(syntax)", f"invalid YAML: {e.problem or e}")], source_name) from None
    except yaml.YAMLError as e:
        raise PolicyError([Issue(None, "(syntax)", f"invalid YAML: {e}")], source_name) from None
    lines: dict[tuple[Any, ...], int] = {}
    dupes: list[Issue] = []
    if node is not None:
        _walk_yaml(node, (), lines, dupes)
    if dupes:
        raise PolicyError(dupes, source_name)
    return data, lines


def _walk_yaml(node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int],
               dupes: list[Issue]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dupes.append(Issue(key_node.start_mark.line + 1, _field((*path, key)), "key given twice"))
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk_yaml(value_node, (*path, key), lines, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _walk_yaml(item, (*path, i), lines, dupes)


# --- TOML ----------------------------------------------------------------------------------


_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_\"'.-]+)\s*=")
_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?")


def _parse_toml(text: str, source_name: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = _TOML_AT.search(str(e))
        raise PolicyError([Issue(int(m.group(1)) if m else None, "(syntax)", f"invalid TOML: {e}")],
                          source_name) from None
    return data, _toml_lines(text)


def _toml_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Best-effort line of each key: tomllib keeps no positions, so tables and keys are found by scanning.

    Handles what policy files use: ``[policy]``, ``[settings]``, ``[account_defaults.<band>]``,
    ``[[rules]]`` with ``[rules.when]`` and ``key = value`` lines (inline tables are located by their key).
    """
    lines: dict[tuple[Any, ...], int] = {}
    table: tuple[Any, ...] = ()
    counts: dict[str, int] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.split("#", 1)[0]
        h = _TOML_HEADER.match(stripped)
        if h and stripped.strip().startswith("["):
            parts = [p.strip().strip("\"'") for p in h.group(1).split(".")]
            if stripped.strip().startswith("[["):
                counts[parts[0]] = counts.get(parts[0], -1) + 1
                table = (parts[0], counts[parts[0]], *parts[1:])
            elif parts[0] in counts:  # a sub-table of the last array element, e.g. [rules.when]
                table = (parts[0], counts[parts[0]], *parts[1:])
            else:
                table = tuple(parts)
            lines.setdefault(table, n)
            continue
        k = _TOML_KEY.match(stripped)
        if k:
            key_path = tuple(p.strip("\"'") for p in k.group(1).split("."))
            lines.setdefault((*table, *key_path), n)
    return lines


# --- issues ------------------------------------------------------------------------------


def _precheck(data: dict[str, Any], lines: dict[tuple[Any, ...], int], max_rules: int) -> list[Issue]:
    """Checks pydantic cannot place on a line: the rule count and duplicate rule ids."""
    issues: list[Issue] = []
    rules = data.get("rules")
    if isinstance(rules, list):
        if len(rules) > max_rules:
            issues.append(Issue(lines.get(("rules",)), "rules", f"{len(rules)} rules; the limit is {max_rules}"))
        first: dict[str, int] = {}
        for i, rule in enumerate(rules):
            rid = rule.get("id") if isinstance(rule, dict) else None
            if not isinstance(rid, str):
                continue
            if rid in first:
                issues.append(Issue(_line_for(("rules", i, "id"), lines), f"rules[{i}].id",
                                    f"rule id {rid!r} is already used by rules[{first[rid]}]"))
            else:
                first[rid] = i
    return issues


def _issue_from(err: Any, lines: dict[tuple[Any, ...], int]) -> Issue:
    loc = tuple(p for p in err.get("loc", ()) if p != "[key]")
    msg = err.get("msg", "invalid")
    if err.get("type") == "extra_forbidden":
        msg = "unknown field (check the spelling)"
    elif err.get("type") == "missing":
        msg = "required field is missing"
    elif err.get("type") == "enum":
        expected = err.get("ctx", {}).get("expected")
        msg = f"{err.get('input')!r} is not allowed; expected {expected}" if expected else msg
    elif err.get("type") == "string_pattern_mismatch":
        msg = f"{err.get('input')!r} is not a valid value here"
        if len(loc) >= 2 and loc[-2] in ("actor_age", "target_age"):
            msg += "; expected under_13, 13_15, 16_17, adult, unknown, any, minor or under_16"
        elif loc and loc[-1] == "id":
            msg += "; ids use a-z, 0-9 and _ . : - (at most 100 characters)"
    return Issue(_line_for(loc, lines), _field(loc) or "(top level)", msg)


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    """The line of ``loc``, or of its nearest parent that has one."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[int | None, str, str]] = set()
    out = []
    for i in issues:
        k = (i.line, i.field, i.message)
        if k not in seen:
            seen.add(k)
            out.append(i)
    return sorted(out, key=lambda i: (i.line or 0, i.field))
