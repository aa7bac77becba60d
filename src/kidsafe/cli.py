"""The ``kidsafe`` command. Each capability adds its own commands from its ``cli.py``."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table

from kidsafe import __version__
from kidsafe.cases import cli as cases_cli
from kidsafe.conversation import cli as conversation_cli
from kidsafe.family import cli as family_cli
from kidsafe.lab import cli as lab_cli
from kidsafe.media import cli as media_cli
from kidsafe.policy import cli as policy_cli
from kidsafe.text import cli as text_cli

app = typer.Typer(name="kidsafe", help="Child online-safety engine.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
apikey_app = typer.Typer(help="Manage API keys for the /v1 API.", no_args_is_help=True)
staff_app = typer.Typer(help="Manage console accounts (moderators, specialists, admins).", no_args_is_help=True)
app.add_typer(apikey_app, name="apikey")
app.add_typer(staff_app, name="staff")
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


def _db():  # type: ignore[no-untyped-def]
    from kidsafe.store.db import get_database

    db = get_database()
    db.migrate()
    return db


@app.command()
def version() -> None:
    """Print the version."""
    print(__version__)


@app.command()
def serve(
    host: str = typer.Option(None, help="Bind address (default 127.0.0.1, KIDSAFE_HOST)."),
    port: int = typer.Option(None, help="Port (default 8000, KIDSAFE_PORT)."),
    workers: int = typer.Option(1, min=1, help="uvicorn worker processes."),
) -> None:
    """Start the API and the moderator console (embedded SQLite unless KIDSAFE_DATABASE_URL is set)."""
    import uvicorn

    from kidsafe.config import get_settings

    s = get_settings()
    h, p = host or s.host, port or s.port
    err.print(f"kidsafe {__version__} on http://{h}:{p}  (API docs /docs, console /console, "
              f"store {_redact(s.database_url)})")
    if workers > 1:
        uvicorn.run("kidsafe.api.app:create_app", factory=True, host=h, port=p, workers=workers, log_level="info")
    else:
        from kidsafe.api.app import create_app

        uvicorn.run(create_app(s), host=h, port=p, log_level="info", access_log=False)


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


@app.command()
def housekeeping(now: str = typer.Option(None, help="Run as of this ISO time with offset (default: now).")) -> None:
    """Enforce every retention limit now and end supervision at 18 (what `serve` runs every hour)."""
    import json
    from datetime import datetime

    from kidsafe import housekeeping as hk
    from kidsafe.config import get_settings

    at = None
    if now:
        try:
            at = datetime.fromisoformat(now)
        except ValueError:
            raise fail(f"--now {now!r} is not an ISO date-time") from None
        if at.tzinfo is None:
            raise fail("--now needs a UTC offset, e.g. 2027-01-01T00:00:00+00:00")
    result = hk.run(_db(), get_settings(), at)
    print(json.dumps(result, sort_keys=True))
    if any(isinstance(v, dict) and "error" in v for v in result.values()):
        raise typer.Exit(1)


@app.command()
def migrate(revision: str = typer.Argument("head")) -> None:
    """Create or upgrade the store's schema (Alembic)."""
    from kidsafe.store.db import get_database

    get_database().migrate(revision)
    err.print("schema is at", revision)


@apikey_app.command("create")
def apikey_create(
    name: str = typer.Option(..., "--name", help="A unique name for the key (e.g. the platform)."),
    role: str = typer.Option("platform", help="platform, moderator, child_safety_specialist or admin."),
) -> None:
    """Create an API key; the key is printed once and only its hash is stored."""
    from kidsafe.auth import Role, create_api_key

    if role not in {r.value for r in Role}:
        raise fail(f"--role must be one of {', '.join(r.value for r in Role)}")
    db = _db()
    try:
        with db.session() as s:
            row, key = create_api_key(s, name, role)
    except ValueError as e:
        raise fail(str(e)) from None
    err.print(f"created API key {row.name!r} (role {row.role}); store it now, it is not shown again:")
    print(key)


@apikey_app.command("list")
def apikey_list() -> None:
    """List API keys (names, prefixes, roles; never the keys)."""
    from sqlalchemy import select

    from kidsafe.store.models import ApiKey

    table = Table("name", "prefix", "role", "created", "revoked")
    with _db().session() as s:
        for k in s.scalars(select(ApiKey).order_by(ApiKey.id)):
            table.add_row(k.name, k.prefix + "…", k.role, k.created_at.isoformat(timespec="seconds"),
                          k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "")
    Console().print(table)


@apikey_app.command("revoke")
def apikey_revoke(name: str = typer.Option(..., "--name")) -> None:
    """Revoke an API key by name."""
    from kidsafe.auth import revoke_api_key

    with _db().session() as s:
        if not revoke_api_key(s, name):
            raise fail(f"no active API key named {name!r}")
    err.print(f"revoked {name!r}")


@staff_app.command("create")
def staff_create(
    username: str = typer.Option(..., "--username"),
    role: str = typer.Option("moderator", help="moderator, child_safety_specialist or admin."),
    password: str = typer.Option(None, help="Read from KIDSAFE_STAFF_PASSWORD or prompted if not given."),
    display_name: str = typer.Option("", "--display-name"),
) -> None:
    """Create a console account."""
    import os

    from kidsafe.auth import create_staff_user

    pw = password or os.environ.get("KIDSAFE_STAFF_PASSWORD")
    if pw is None:
        if not sys.stdin.isatty():
            raise fail("give --password or KIDSAFE_STAFF_PASSWORD when not on a terminal")
        pw = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        with _db().session() as s:
            user = create_staff_user(s, username, pw, role, display_name)
    except ValueError as e:
        raise fail(str(e)) from None
    err.print(f"created {user.role} {user.username!r}")


for _module in (text_cli, conversation_cli, media_cli, policy_cli, family_cli, cases_cli, lab_cli):
    _module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
