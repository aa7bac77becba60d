"""`kidsafe` commands of the `cases` capability.

- ``kidsafe audit verify``: walk the hash chain; exit 1 naming the first bad entry when it is broken.
- ``kidsafe cases queue``: the most urgent open cases.
- ``kidsafe cases import FILE.jsonl``: file reports (one JSON object per line, the body of ``POST /v1/reports``);
  bad lines are reported with their number and reason on stderr, the rest are filed, exit 1 at the end.
- ``kidsafe cases ingest`` / ``deliver`` / ``purge``: automatic flags from events, the webhook outbox, retention.
"""

from __future__ import annotations

import getpass
import json
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table


def say(message: str) -> None:
    """One plain line on stderr (not wrapped, so line numbers stay greppable)."""
    typer.echo(message, err=True)


def _db():  # type: ignore[no-untyped-def]
    from kidsafe.store.db import get_database

    db = get_database()
    db.migrate()
    return db


def _cli_principal(role: str = "admin"):  # type: ignore[no-untyped-def]
    from kidsafe.auth import Principal, Role

    return Principal("cli", 0, getpass.getuser(), Role(role))


def verify() -> None:
    """Verify the audit log's hash chain (exit 1 and the first bad entry when it is broken)."""
    from kidsafe.cases import audit

    with _db().session() as s:
        r = audit.verify(s)
    if r.ok:
        say(f"audit log OK: {r.entries} entries, chain intact")
        return
    say(f"audit log BROKEN at entry {r.first_bad_seq}: {r.reason}")
    raise typer.Exit(1)


def queue(limit: int = typer.Option(20, min=1, max=200), category: str = typer.Option(None)) -> None:
    """List the most urgent open cases."""
    from kidsafe.cases import service as svc

    table = Table("id", "category", "severity", "minor", "due", "overdue", "assigned", "reports")
    with _db().session() as s:
        try:
            page = svc.list_queue(s, _cli_principal(), category=category, limit=limit)
        except svc.CaseError as e:
            say(f"error: {e.field}: {e.message}")
            raise typer.Exit(2) from None
        for c in page.items:
            table.add_row(str(c.id), c.category, c.severity, "yes" if c.minor_involved else "",
                          c.due_at.isoformat(timespec="minutes"), "OVERDUE" if svc.is_overdue(c) else "",
                          c.assigned_to or "", str(c.report_count + c.flag_count))
    Console().print(table)


def import_reports(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
                   as_key: str = typer.Option(None, "--as-key", help="platform API key name filing them")) -> None:
    """File reports from a JSON-lines file; prints one tracking id per accepted line."""
    from pydantic import ValidationError
    from sqlalchemy import select

    from kidsafe.api.cases import ReportBody
    from kidsafe.auth import Principal, Role
    from kidsafe.cases import service as svc
    from kidsafe.store.models import ApiKey

    db = _db()
    principal = _cli_principal("admin")
    if as_key:
        with db.session() as s:
            key = s.scalar(select(ApiKey).where(ApiKey.name == as_key))
            if key is None or key.revoked_at is not None or key.role != "platform":
                say(f"error: no active platform API key named {as_key!r}")
                raise typer.Exit(2)
            principal = Principal("api_key", key.id, key.name, Role.PLATFORM)
    bad = ok = 0
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                body = ReportBody.model_validate(json.loads(line))
                with db.session() as s:  # one transaction per line: nothing accepted is lost
                    row = svc.submit_report(s, principal, svc.ReportInput(**body.model_dump()))
                    print(row.tracking_id)
                ok += 1
            except json.JSONDecodeError as e:
                bad += 1
                say(f"{path}:{n}: not JSON: {e.msg}")
            except ValidationError as e:
                bad += 1
                first = e.errors()[0]
                say(f"{path}:{n}: {'.'.join(map(str, first['loc'])) or 'line'}: {first['msg']}")
            except svc.CaseError as e:
                bad += 1
                say(f"{path}:{n}: {e.field}: {e.message}")
    say(f"{ok} reports filed, {bad} lines rejected")
    if bad:
        raise typer.Exit(1)


def ingest() -> None:
    """Turn pending conversation.alert / policy.decision / media.match events into automatic flags."""
    from kidsafe.cases import service as svc

    with _db().session() as s:
        n = svc.ingest_events(s)
    say(f"{n} automatic flags added")


def deliver() -> None:
    """Deliver the webhook notices that are due (signed, retried with back-off)."""
    from kidsafe.cases import service as svc

    with _db().session() as s:
        r = svc.deliver_due(s)
    say(f"delivered {r.delivered}, will retry {r.retried}, failed {r.failed}")


def purge(now: str = typer.Option(None, help="Purge as of this ISO time (default: now).")) -> None:
    """Delete evidence older than the retention limit (KIDSAFE_RETENTION_DAYS_EVIDENCE); keep hashes."""
    from kidsafe.cases import service as svc

    when = None
    if now:
        try:
            when = datetime.fromisoformat(now)
            if when.tzinfo is None:
                raise ValueError
        except ValueError:
            say("error: --now must be an ISO time with a timezone")
            raise typer.Exit(2) from None
    with _db().session() as s:
        r = svc.purge_expired(s, when)
    say(f"purged: {r.case_evidence} case texts, {r.report_details} report texts, "
              f"{r.appeal_statements} appeal statements, {r.escalation_evidence} escalation bundles")


def register(app: typer.Typer) -> None:
    """Add this capability's commands to the root `kidsafe` app."""
    audit_app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)
    audit_app.command("verify")(verify)
    cases_app = typer.Typer(help="Reports, the review queue, notices and retention.", no_args_is_help=True)
    cases_app.command("queue")(queue)
    cases_app.command("import")(import_reports)
    cases_app.command("ingest")(ingest)
    cases_app.command("deliver")(deliver)
    cases_app.command("purge")(purge)
    app.add_typer(audit_app, name="audit")
    app.add_typer(cases_app, name="cases")
