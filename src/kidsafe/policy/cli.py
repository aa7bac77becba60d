"""``kidsafe policy ...`` (check, test, diff, upload, list, status, purge) and ``kidsafe age ...`` (add, revoke,
show)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

policy_app = typer.Typer(help="Policies: validate, try on events, compare in shadow, upload, purge decisions.",
                         no_args_is_help=True)
age_app = typer.Typer(help="Age signals and the age band they give an account.", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add this capability's commands to the root `kidsafe` app."""
    app.add_typer(policy_app, name="policy")
    app.add_typer(age_app, name="age")


def _db():  # type: ignore[no-untyped-def]
    from kidsafe.store.db import get_database

    db = get_database()
    db.migrate()
    return db


def _load(path: str):  # type: ignore[no-untyped-def]
    from kidsafe.config import get_settings
    from kidsafe.policy.engine import CompiledPolicy
    from kidsafe.policy.loader import PolicyError, load_policy_file

    s = get_settings()
    try:
        return CompiledPolicy(load_policy_file(path, max_bytes=s.max_policy_bytes, max_rules=s.max_policy_rules))
    except PolicyError as e:
        for issue in e.issues:
            err.print(f"{path}: {issue}", highlight=False, markup=False)
        err.print(f"{len(e.issues)} problem(s) in {path}", highlight=False, markup=False)
        raise typer.Exit(1) from None


@policy_app.command("check")
def check(file: str = typer.Argument(..., help="Policy file (.yaml, .yml or .toml).")) -> None:
    """Validate a policy file; problems are printed as FILE: line N: FIELD: MESSAGE (exit 1)."""
    compiled = _load(file)
    p = compiled.policy
    actions = Counter(r.action.value for r in p.rules)
    print(f"{file}: ok: platform {p.policy.platform!r}, version {p.policy.version!r}, {len(p.rules)} rules "
          f"({', '.join(f'{n} {a}' for a, n in sorted(actions.items()))})")


def _events(path: str) -> Iterator[tuple[int, Any, str | None, Any]]:
    """(line number, DecisionInput or None, error or None, record id) for each non-empty line."""
    from pydantic import ValidationError

    from kidsafe.policy.inputs import DecisionInput

    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    try:
        for n, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield n, None, f"invalid JSON ({e.msg} at column {e.colno})", None
                continue
            if not isinstance(rec, dict):
                yield n, None, "an event must be a JSON object", None
                continue
            rec_id = rec.pop("id", None)
            try:
                yield n, DecisionInput.model_validate(rec), None, rec_id
            except ValidationError as e:
                first = e.errors()[0]
                loc = ".".join(str(p) for p in first.get("loc", ())) or "(event)"
                more = f" (and {len(e.errors()) - 1} more)" if len(e.errors()) > 1 else ""
                yield n, None, f"{loc}: {first.get('msg')}{more}", rec_id
    except UnicodeDecodeError as e:
        yield -1, None, f"not UTF-8 ({e.reason}); stopping", None
    finally:
        if stream is not sys.stdin:
            stream.close()


def _to_event(inp: Any, analyzer: Any, max_chars: int) -> Any:
    from kidsafe.policy import decisions
    from kidsafe.taxonomy import AgeBand

    analysis = decisions.analysis_of(inp, lambda t, lg: analyzer.analyze(t, lg).to_dict(), max_chars)
    target_band = (inp.target.age_band or AgeBand.UNKNOWN) if inp.target else AgeBand.UNKNOWN
    return decisions.to_event(inp, inp.actor.age_band or AgeBand.UNKNOWN, target_band, analysis)


@policy_app.command("test")
def test(
    file: str = typer.Argument(..., help="Policy file."),
    events: str = typer.Argument(..., help="JSONL of decision events (the POST /v1/decisions body, plus 'id'), "
                                           "or - for stdin."),
) -> None:
    """Show the decision the policy takes for each event (JSONL on stdout; bad lines on stderr, exit 1).

    Age bands come from the events (absent: unknown); nothing is stored.
    """
    from kidsafe.config import get_settings
    from kidsafe.policy import decisions
    from kidsafe.text.engine import get_analyzer

    compiled = _load(file)
    settings = get_settings()
    analyzer = None
    bad = 0
    actions: Counter[str] = Counter()
    for n, inp, reason, rec_id in _events(events):
        if inp is None:
            bad += 1
            err.print(f"line {n}: {reason}" if n > 0 else f"{events}: {reason}", highlight=False, markup=False)
            continue
        if inp.content is not None and analyzer is None:
            analyzer = get_analyzer(settings.models_dir)
        try:
            ev = _to_event(inp, analyzer, settings.max_text_chars)
        except decisions.DecisionInputError as e:
            bad += 1
            err.print(f"line {n}: {e.field}: {e}", highlight=False, markup=False)
            continue
        except Exception as e:  # noqa: BLE001 - a failing analyser must not stop the other lines
            bad += 1
            err.print(f"line {n}: content: text analysis failed ({type(e).__name__})", highlight=False, markup=False)
            continue
        d = compiled.evaluate(ev)
        actions[d.action.value] += 1
        lang = inp.lang or (inp.content.lang if inp.content else None)
        out = {"line": n, "id": rec_id, "action": d.action.value, "rule_id": d.rule_id,
               "notify": [x.value for x in d.notify], "signals": list(d.signals),
               "matched_rules": [m.rule_id for m in d.matches],
               "actor_age_band": ev.actor_band.value, "target_age_band": ev.target_band.value,
               "scores": {k: round(v, 4) for k, v in sorted(ev.scores.items())},
               "nudge": decisions.nudge_of(d, ev, lang, inp.country)}
        print(json.dumps(out, ensure_ascii=False))
    err.print(f"{sum(actions.values())} decision(s): " + (", ".join(f"{a} {k}" for k, a in sorted(actions.items()))
                                                         or "none"), highlight=False, markup=False)
    if bad:
        err.print(f"{bad} bad line(s)", highlight=False, markup=False)
        raise typer.Exit(1)


@policy_app.command("diff")
def diff(
    platform: str = typer.Option(None, help="Only this platform (stored shadow results)."),
    candidate_version: str = typer.Option(None, "--candidate-version", help="Only this candidate version."),
    live: str = typer.Option(None, help="Offline: the live policy file."),
    candidate: str = typer.Option(None, help="Offline: the candidate policy file."),
    events: str = typer.Argument(None, help="Offline: JSONL events to evaluate both policies on."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Summarise how the shadow candidate decides differently from the live policy.

    Without files: from the decisions recorded by POST /v1/decisions. With --live, --candidate and EVENTS:
    evaluates both files on the events (nothing stored).
    """
    bad = 0
    if live or candidate or events:
        if not (live and candidate and events):
            err.print("offline diff needs --live FILE, --candidate FILE and EVENTS", highlight=False)
            raise typer.Exit(2)
        result, bad = _offline_diff(live, candidate, events)
        comparisons = [result]
    else:
        from kidsafe.policy import shadow

        with _db().session() as s:
            comparisons = shadow.summary(s, platform, candidate_version)["comparisons"]
    if as_json:
        print(json.dumps({"comparisons": comparisons}, indent=2))
        raise typer.Exit(1 if bad else 0)
    if not comparisons:
        print("no shadow results (upload a candidate policy: kidsafe policy upload FILE --status candidate)")
        return
    for c in comparisons:
        print(f"{c['platform']}: live {c['live_version']} vs candidate {c['candidate_version']}: "
              f"{c['different']} of {c['evaluated']} decisions differ ({c['different_rate']:.1%}); "
              f"{c['stricter']} stricter, {c['looser']} looser")
        for t in c["transitions"]:
            print(f"  {t['live']:>20} -> {t['candidate']:<20} {t['count']}")
        for r in c["rule_changes"]:
            print(f"  rule {r['live_rule']} -> {r['candidate_rule']}: {r['count']}")
    if bad:
        raise typer.Exit(1)


def _offline_diff(live: str, candidate: str, events: str) -> tuple[dict[str, Any], int]:
    from kidsafe.config import get_settings
    from kidsafe.policy import shadow
    from kidsafe.text.engine import get_analyzer

    a, b = _load(live), _load(candidate)
    settings = get_settings()
    analyzer = None
    evs = []
    bad = 0
    for n, inp, reason, _ in _events(events):
        if inp is None:
            bad += 1
            err.print(f"line {n}: {reason}", highlight=False, markup=False)
            continue
        if inp.content is not None and analyzer is None:
            analyzer = get_analyzer(settings.models_dir)
        try:
            evs.append(_to_event(inp, analyzer, settings.max_text_chars))
        except Exception as e:  # noqa: BLE001 - report the line, keep going
            bad += 1
            err.print(f"line {n}: content: {e}", highlight=False, markup=False)
    result = shadow.diff_offline(a, b, evs)
    if bad:
        err.print(f"{bad} bad line(s) skipped", highlight=False, markup=False)
    return result, bad


@policy_app.command("upload")
def upload(
    file: str = typer.Argument(..., help="Policy file."),
    status: str = typer.Option("candidate", help="live or candidate (shadow)."),
) -> None:
    """Store a policy version as live or as the shadow candidate (audited)."""
    from kidsafe.config import get_settings
    from kidsafe.policy import registry
    from kidsafe.policy.loader import PolicyError

    _load(file)  # prints line-numbered problems and exits 1 when invalid
    settings = get_settings()
    fmt = "toml" if Path(file).suffix.lower() == ".toml" else "yaml"
    try:
        with _db().session() as s:
            row = registry.upload(s, Path(file).read_text(encoding="utf-8"), fmt, status, "cli:" + _user(),
                                  max_bytes=settings.max_policy_bytes, max_rules=settings.max_policy_rules)
            print(f"{row.platform}@{row.version} is {row.status}")
    except (PolicyError, registry.PolicyVersionError) as e:
        err.print(f"error: {e}", highlight=False, markup=False)
        raise typer.Exit(1) from None


@policy_app.command("status")
def status(platform: str = typer.Argument(...), version: str = typer.Argument(...),
           to: str = typer.Option(..., "--to", help="live, candidate or retired.")) -> None:
    """Promote a candidate to live, make a version the candidate, or retire it (audited)."""
    from kidsafe.policy import registry

    try:
        with _db().session() as s:
            row = registry.set_status(s, platform, version, to, "cli:" + _user())
            print(f"{row.platform}@{row.version} is {row.status}")
    except registry.PolicyVersionError as e:
        err.print(f"error: {e}", highlight=False, markup=False)
        raise typer.Exit(1) from None


@policy_app.command("list")
def list_versions(platform: str = typer.Option(None)) -> None:
    """List stored policy versions and their status."""
    from rich.table import Table

    from kidsafe.policy import registry

    table = Table("platform", "version", "status", "created", "by")
    with _db().session() as s:
        for v in registry.list_versions(s, platform):
            table.add_row(v["platform"], v["version"], v["status"], v["created_at"][:19], v["created_by"])
        live, cand = registry.in_force(s, platform or registry.DEFAULT_PLATFORM)
    Console().print(table)
    print(f"in force: live {live.platform}@{live.version}"
          + (f", candidate {cand.platform}@{cand.version}" if cand else ", no candidate"))


@policy_app.command("purge")
def purge(
    days: int = typer.Option(None, help="Keep this many days (default KIDSAFE_RETENTION_DAYS_DECISIONS)."),
) -> None:
    """Delete decision records (and their shadow results) older than the retention limit."""
    from kidsafe.config import get_settings
    from kidsafe.policy.decisions import purge_decisions

    keep = days if days is not None else get_settings().retention_days_decisions
    if keep < 0:
        err.print("--days must be >= 0", highlight=False)
        raise typer.Exit(2)
    with _db().session() as s:
        n = purge_decisions(s, keep)
    print(f"deleted {n} decision record(s) older than {keep} days")


@age_app.command("add")
def age_add(
    account: str = typer.Argument(..., help="The platform's account id."),
    band: str = typer.Option(..., help="under_13, 13_15, 16_17 or adult."),
    source: str = typer.Option(..., help="self_declared, guardian_declared, os_signal or verified."),
    assurance: str = typer.Option(None, help="low, substantial or high (default by source)."),
    provider: str = typer.Option("", help="Who gave the signal (e.g. the age-assurance provider)."),
) -> None:
    """Record an age signal; prints the band that now applies and any conflict."""
    from kidsafe.cases import audit
    from kidsafe.policy import age

    try:
        with _db().session() as s:
            sig, res, conflicts = age.add_signal(s, account, band, source, assurance, provider=provider,
                                                 recorded_by="cli:" + _user())
            audit.append(s, "cli:" + _user(), "age.signal", "account", account,
                         {"signal_id": sig.id, "band": sig.band, "source": sig.source, "assurance": sig.assurance,
                          "resolved_band": res.band.value, "conflicts": len(conflicts)})
    except age.AgeSignalError as e:
        err.print(f"error: {e.field}: {e}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    print(f"{account}: band {res.band.value} (from {res.winner.source if res.winner else 'nothing'})"
          + (f"; {len(conflicts)} conflict(s) recorded" if conflicts else ""))


@age_app.command("revoke")
def age_revoke(account: str = typer.Argument(...),
               signal_id: int = typer.Argument(..., help="The signal's id (see kidsafe age show).")) -> None:
    """Stop trusting one signal (it stays on record); prints the band that now applies (audited)."""
    from kidsafe.cases import audit
    from kidsafe.policy import age

    try:
        with _db().session() as s:
            res = age.revoke_signal(s, account, signal_id)
            audit.append(s, "cli:" + _user(), "age.signal_revoked", "account", account,
                         {"signal_id": signal_id, "resolved_band": res.band.value})
    except age.AgeSignalError as e:
        err.print(f"error: {e.field}: {e}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    print(f"{account}: band {res.band.value} (from {res.winner.source if res.winner else 'nothing'})")


@age_app.command("show")
def age_show(account: str = typer.Argument(...)) -> None:
    """Show an account's band, signals and conflicts (JSON)."""
    from kidsafe.policy import age

    with _db().session() as s:
        out = age.account_age(s, account)
    if out is None:
        print(json.dumps({"account_id": account, "age_band": "unknown", "signals": [], "conflicts": []}))
        return
    print(json.dumps(out, indent=2))


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "unknown"
