"""``kidsafe family ...``: set up children and guardians, budgets, schedules, holidays and content limits; check
whether a child may play; import usage; see and decide requests; alerts, digests, purge and the 18th-birthday sweep.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy.orm import Session

family_app = typer.Typer(help="Parental controls: children, guardians, screen time, content, contacts, alerts.",
                         no_args_is_help=True)
budget_app = typer.Typer(help="Daily screen-time budgets per day type.", no_args_is_help=True)
schedule_app = typer.Typer(help="Schedules (bedtime, school hours, quiet times) in the child's local time.",
                           no_args_is_help=True)
family_app.add_typer(budget_app, name="budget")
family_app.add_typer(schedule_app, name="schedule")
err = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add this capability's commands to the root `kidsafe` app."""
    app.add_typer(family_app, name="family")


def _db():  # type: ignore[no-untyped-def]
    from kidsafe.store.db import get_database

    db = get_database()
    db.migrate()
    return db


@contextmanager
def _session() -> Iterator[Session]:
    """A session; a refused action prints its reason (and the field) on stderr and exits 2."""
    from kidsafe.family.errors import FamilyError

    try:
        with _db().session() as s:
            yield s
    except FamilyError as e:
        err.print(f"error: {e.message}" + (f" ({e.field})" if e.field else ""), highlight=False, markup=False)
        raise typer.Exit(2) from None


def _out(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _when(at: str | None) -> datetime:
    if not at:
        return datetime.now(UTC)
    try:
        dt = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        err.print(f"error: --at {at!r} is not an ISO 8601 time", highlight=False, markup=False)
        raise typer.Exit(2) from None
    if dt.tzinfo is None:
        err.print("error: --at needs a time zone offset (e.g. 2026-03-29T08:00:00Z)", highlight=False, markup=False)
        raise typer.Exit(2)
    return dt.astimezone(UTC)


@family_app.command("child")
def child_cmd(
    child_id: str = typer.Argument(..., help="The platform's account id of the child."),
    age_band: str = typer.Option(None, help="under_13, 13_15, 16_17 or unknown (new child: from age signals)."),
    timezone: str = typer.Option(None, help="IANA time zone, e.g. Europe/Paris."),
    birth_date: str = typer.Option(None, help="YYYY-MM-DD; supervision ends on the 18th birthday."),
    country: str = typer.Option(None, help="ISO 3166 alpha-2 country (help resources)."),
    lang: str = typer.Option(None, help="en or fr."),
    guardian: list[str] = typer.Option([], "--guardian", "-g", help="Link a guardian (repeatable)."),
    contact_approval: bool = typer.Option(None, "--contact-approval/--no-contact-approval",
                                          help="New contacts wait for a guardian (default: by age band, "
                                               "KIDSAFE_FAMILY_CONTACT_APPROVAL_BANDS)."),
    ask_to_buy: bool = typer.Option(None, "--ask-to-buy/--no-ask-to-buy", help="Purchases wait for a guardian."),
) -> None:
    """Create or update a supervised child and link guardians."""
    from kidsafe.family import links

    born = None
    if birth_date:
        try:
            born = date.fromisoformat(birth_date)
        except ValueError:
            err.print(f"error: --birth-date {birth_date!r} is not YYYY-MM-DD", highlight=False, markup=False)
            raise typer.Exit(2) from None
    with _session() as s:
        child, created = links.upsert_child(s, child_id, age_band_=age_band, timezone=timezone, birth_date=born,
                                            country=country, lang=lang)
        if contact_approval is not None:
            child.contact_approval = contact_approval
        if ask_to_buy is not None:
            child.ask_to_buy = ask_to_buy
        for g in guardian:
            links.link(s, child_id, g)
        _out({"child_id": child.child_id, "created": created, "age_band": child.age_band,
              "timezone": child.timezone, "guardians": links.guardians_of(s, child_id),
              "contact_approval": child.contact_approval, "ask_to_buy": child.ask_to_buy})


@family_app.command("link")
def link_cmd(child_id: str, guardian_id: str) -> None:
    """Make GUARDIAN_ID a guardian of CHILD_ID (a child may have several)."""
    from kidsafe.family import links

    with _session() as s:
        links.link(s, child_id, guardian_id)
        _out({"child_id": child_id, "guardians": links.guardians_of(s, child_id)})


@family_app.command("unlink")
def unlink_cmd(child_id: str, guardian_id: str) -> None:
    """Remove a guardian link."""
    from kidsafe.family import links

    with _session() as s:
        if not links.unlink(s, child_id, guardian_id):
            err.print(f"error: {guardian_id!r} is not a guardian of {child_id!r}", highlight=False, markup=False)
            raise typer.Exit(2)
        _out({"child_id": child_id, "guardians": links.guardians_of(s, child_id)})


@budget_app.command("set")
def budget_set(
    child_id: str,
    school_day: int = typer.Option(None, min=0, max=1440, help="Minutes on a school day (absent: no limit)."),
    weekend: int = typer.Option(None, min=0, max=1440, help="Minutes on Saturday and Sunday."),
    holiday: int = typer.Option(None, min=0, max=1440, help="Minutes on a family holiday."),
) -> None:
    """Set the daily budgets (a day type left out has no limit)."""
    from kidsafe.family import screen_time

    with _session() as s:
        child = screen_time.set_budgets(s, child_id, screen_time.Budgets(school_day=school_day, weekend=weekend,
                                                                           holiday=holiday))
        _out({"child_id": child_id, "budgets_minutes": child.budgets})


def _edit_schedules(child_id: str, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> None:
    from kidsafe.family import links, screen_time

    with _session() as s:
        child = links.get_child(s, child_id)
        try:
            schedules = [screen_time.Schedule.model_validate(x) for x in change(list(child.schedules or []))]
        except ValidationError as e:
            for x in e.errors():
                err.print(f"error: {'.'.join(str(p) for p in x['loc'])}: {x['msg']}", highlight=False, markup=False)
            raise typer.Exit(2) from None
        _out({"child_id": child_id, "schedules": screen_time.set_schedules(s, child_id, schedules).schedules})


@schedule_app.command("add")
def schedule_add(
    child_id: str,
    name: str = typer.Option(..., help="A unique name, e.g. 'school night'."),
    kind: str = typer.Option("quiet", help="bedtime, school_hours or quiet."),
    day_type: list[str] = typer.Option(..., "--day-type", "-d", help="school_day, weekend, holiday (repeatable)."),
    start: str = typer.Option(..., help="Local HH:MM."),
    end: str = typer.Option(..., help="Local HH:MM (before start: the next morning)."),
) -> None:
    """Add (or replace, by name) a schedule."""
    new = {"name": name, "kind": kind, "day_types": day_type, "start": start, "end": end}
    _edit_schedules(child_id, lambda cur: [x for x in cur if x.get("name") != name] + [new])


@schedule_app.command("remove")
def schedule_remove(child_id: str, name: str) -> None:
    """Remove a schedule by name."""
    _edit_schedules(child_id, lambda cur: [x for x in cur if x.get("name") != name])


@family_app.command("holidays")
def holidays_cmd(child_id: str,
                 dates: list[str] = typer.Argument(None, help="YYYY-MM-DD dates (none: clear).")) -> None:
    """Replace the family's holiday calendar for a child."""
    from kidsafe.family import screen_time

    days = []
    for d in dates or []:
        try:
            days.append(date.fromisoformat(d))
        except ValueError:
            err.print(f"error: {d!r} is not YYYY-MM-DD", highlight=False, markup=False)
            raise typer.Exit(2) from None
    with _session() as s:
        _out({"child_id": child_id, "holidays": screen_time.set_holidays(s, child_id, days).holidays})


@family_app.command("content")
def content_cmd(
    child_id: str,
    max_rating: str = typer.Option(None, help="PEGI 3/7/12/16/18 or ESRB E/E10+/T/M/AO (absent: the band's default)."),
    block: list[str] = typer.Option([], "--block", help="A category to block (repeatable)."),
) -> None:
    """Set the maximum content rating and blocked categories."""
    from kidsafe.family import content

    with _session() as s:
        child = content.set_content(s, child_id, max_rating, block)
        _out({"child_id": child_id, **content.content_settings(child)})


@family_app.command("status")
def status_cmd(child_id: str, at: str = typer.Option(None, help="ISO time with offset (default: now).")) -> None:
    """May the child play now, how much time is left, and what the child sees about supervision."""
    from kidsafe.config import get_settings
    from kidsafe.family import contacts, links, screen_time, transparency

    now = _when(at)
    with _session() as s:
        check = screen_time.check(s, child_id, now).to_dict()
        view = transparency.view(s, links.get_child(s, child_id), now,
                                 contacts.approval_bands(get_settings().family_contact_approval_bands))
        _out({"session": check, "supervision": {k: view[k] for k in ("supervised", "guardians",
                                                                      "guardians_can_see", "supervision_ends_on")}})


@family_app.command("usage-import")
def usage_import(file: str = typer.Argument(..., help="JSON Lines: {child_id, usage_id, started_at, ended_at}; "
                                            "- for stdin.")) -> None:
    """Count usage records from a file (each usage_id once). Bad lines are reported with their number and skipped;
    the others are kept; the exit status is 1 if any line was bad."""
    from kidsafe.family import screen_time
    from kidsafe.family.errors import FamilyError

    counts = {"accepted": 0, "duplicate": 0, "error": 0}
    db = _db()
    stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
    with stream:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict):
                    raise ValueError("a line must be a JSON object")
                missing = [k for k in ("child_id", "usage_id", "started_at", "ended_at") if not rec.get(k)]
                if missing:
                    raise ValueError(f"missing {', '.join(missing)}")
                start = datetime.fromisoformat(str(rec["started_at"]).replace("Z", "+00:00"))
                end = datetime.fromisoformat(str(rec["ended_at"]).replace("Z", "+00:00"))
                with db.session() as s:
                    res = screen_time.record_usage(s, str(rec["child_id"]), str(rec["usage_id"]), start, end)
                counts[res.status] += 1
            except FamilyError as e:
                counts["error"] += 1
                err.print(f"{file}: line {n}: {e.field}: {e.message}", highlight=False, markup=False)
            except ValueError as e:
                counts["error"] += 1
                err.print(f"{file}: line {n}: {e}", highlight=False, markup=False)
    _out(counts)
    if counts["error"]:
        raise typer.Exit(1)


@family_app.command("requests")
def requests_cmd(child_id: str) -> None:
    """Pending extra-time, contact and purchase requests of a child."""
    from sqlalchemy import select

    from kidsafe.family import contacts, links, screen_time
    from kidsafe.store.models.family import ContactRequest, ExtraTimeRequest, PurchaseRequest

    with _session() as s:
        links.get_child(s, child_id)

        def pending(model: Any) -> list[Any]:
            return list(s.scalars(select(model).where(model.child_id == child_id, model.status == "pending")))

        _out({"extra_time": [screen_time.extra_time_dict(r) for r in pending(ExtraTimeRequest)],
              "contacts": [contacts.contact_dict(r) for r in pending(ContactRequest)],
              "purchases": [contacts.purchase_dict(r) for r in pending(PurchaseRequest)]})


@family_app.command("decide")
def decide_cmd(
    kind: str = typer.Argument(..., help="extra-time, contact or purchase."),
    request_id: int = typer.Argument(...),
    guardian: str = typer.Option(..., "--guardian", "-g", help="The deciding guardian (must be linked)."),
    approve: bool = typer.Option(..., "--approve/--deny"),
    minutes: int = typer.Option(None, help="extra-time: approve fewer minutes."),
) -> None:
    """A guardian approves or denies a request."""
    from kidsafe.family import contacts, screen_time
    from kidsafe.store.models.family import ContactRequest, PurchaseRequest

    now = datetime.now(UTC)
    with _session() as s:
        if kind == "extra-time":
            _out(screen_time.extra_time_dict(screen_time.decide_extra_time(s, request_id, guardian, approve, now,
                                                                           minutes)))
        elif kind == "contact":
            _out(contacts.contact_dict(contacts.decide(s, ContactRequest, request_id, guardian, approve, now)))
        elif kind == "purchase":
            _out(contacts.purchase_dict(contacts.decide(s, PurchaseRequest, request_id, guardian, approve, now)))
        else:
            err.print("error: KIND must be extra-time, contact or purchase", highlight=False, markup=False)
            raise typer.Exit(2)


@family_app.command("alerts")
def alerts_cmd(guardian_id: str, limit: int = typer.Option(50, min=1, max=500)) -> None:
    """Turn pending conversation alerts and policy decisions into guardian alerts, then list this guardian's."""
    from kidsafe.family import alerts

    with _session() as s:
        made = alerts.consume(s)
        _out({"new_alerts": made, "alerts": alerts.alerts_for(s, guardian_id, limit=limit)})


@family_app.command("digest")
def digest_cmd(guardian_id: str, days: int = typer.Option(7, min=1, max=366)) -> None:
    """A guardian's summary of the last DAYS days, per child."""
    from kidsafe.family import alerts

    now = datetime.now(UTC)
    with _session() as s:
        alerts.consume(s)
        _out(alerts.digest(s, guardian_id, now - timedelta(days=days), now))


@family_app.command("purge")
def purge_cmd(
    days: int = typer.Option(None, min=0, help="Keep this many days of usage (default KIDSAFE_RETENTION_DAYS_USAGE)."),
    alert_days: int = typer.Option(None, "--alert-days", min=0,
                                   help="Keep this many days of guardian alerts "
                                        "(default KIDSAFE_RETENTION_DAYS_FAMILY_ALERTS)."),
) -> None:
    """Delete screen-time usage records and guardian alerts older than their retention periods."""
    from kidsafe.config import get_settings
    from kidsafe.family import alerts, screen_time

    settings = get_settings()
    keep = settings.retention_days_usage if days is None else days
    keep_alerts = settings.retention_days_family_alerts if alert_days is None else alert_days
    with _session() as s:
        n = screen_time.purge_usage(s, keep)
        m = alerts.purge_alerts(s, keep_alerts)
    err.print(f"deleted {n} usage record(s) older than {keep} days", highlight=False, markup=False)
    err.print(f"deleted {m} guardian alert(s) older than {keep_alerts} days", highlight=False, markup=False)


@family_app.command("sweep")
def sweep_cmd(at: str = typer.Option(None, help="ISO time with offset (default: now).")) -> None:
    """End supervision of children who turned 18 (the child and every guardian are told)."""
    from kidsafe.family import transparency

    with _session() as s:
        _out({"supervision_ended": transparency.sweep(s, _when(at))})
