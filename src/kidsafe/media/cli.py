"""``kidsafe hash``, ``kidsafe match``, ``kidsafe bank …`` and ``kidsafe media purge``.

``hash`` and ``match`` print one JSON line per file, in the order given; a file that cannot be read or
decoded gets ``{"file", "error"}``, is reported on stderr, and makes the exit code 1 at the end.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True)
bank_app = typer.Typer(help="Manage hash banks (known-image hash lists).", no_args_is_help=True)
media_app = typer.Typer(help="Media housekeeping.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("hash")(hash_files)
    app.command("match")(match_files)
    app.add_typer(bank_app, name="bank")
    app.add_typer(media_app, name="media")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "cli:unknown"


def _db():  # type: ignore[no-untyped-def]
    from kidsafe.store.db import get_database

    db = get_database()
    db.migrate()
    return db


def _hash_one(path: str, limits: object) -> dict[str, object]:
    from kidsafe.media.hashing import ImageError, hash_image

    try:
        p = Path(path)
        size = p.stat().st_size
        if size > limits.max_bytes:  # type: ignore[attr-defined]
            raise ImageError("image_too_large", f"the file is {size} bytes; the limit is {limits.max_bytes}")  # type: ignore[attr-defined]
        h = hash_image(p.read_bytes(), limits)  # type: ignore[arg-type]
    except OSError as e:
        return {"file": path, "error": f"cannot read: {e.strerror}"}
    except ImageError as e:
        return {"file": path, "error": f"{e.code}: {e}"}
    return {"file": path, "pdq": h.pdq, "quality": h.quality, "md5": h.md5, "sha256": h.sha256}


def _emit(rows: list[dict[str, object]] | dict[str, object]) -> int:
    bad = 0
    for row in rows if isinstance(rows, list) else [rows]:
        print(json.dumps(row), flush=True)
        if "error" in row:
            bad += 1
            err.print(f"{row['file']}: {row['error']}", highlight=False, markup=False)
    return bad


def hash_files(files: list[str] = typer.Argument(..., help="Image files.")) -> None:
    """Print {"file", "pdq", "quality", "md5", "sha256"} (or {"file", "error"}) for each file."""
    from kidsafe.config import get_settings
    from kidsafe.media.hashing import ImageLimits

    limits = ImageLimits.from_settings(get_settings())
    bad = sum(_emit(_hash_one(f, limits)) for f in files)
    if bad:
        raise typer.Exit(1)


def match_files(
    files: list[str] = typer.Argument(..., help="Image files."),
    details: bool = typer.Option(False, "--details", help="Also print suppressed matches, pdq_used and quality."),
) -> None:
    """Match each file against every enabled bank: {"file", "matches": [{"bank", "entry_id", "distance"}]}.

    A PDQ quality below the minimum (matched on MD5/SHA-256 only) and matches cancelled by a negative bank
    are noted on stderr (and in the JSON with ``--details``).
    """
    from kidsafe.config import get_settings
    from kidsafe.media.hashing import ImageLimits
    from kidsafe.media.matcher import Matcher

    settings = get_settings()
    limits = ImageLimits.from_settings(settings)
    matcher = Matcher(_db(), settings.pdq_min_quality, settings.pdq_default_threshold).load()
    bad = 0
    for f in files:
        row = _hash_one(f, limits)
        if "error" not in row:
            r = matcher.match(row["pdq"], row["quality"], row["md5"], row["sha256"])  # type: ignore[arg-type]
            quality = row["quality"]
            row = {"file": f, "matches": [{"bank": m.bank, "entry_id": m.entry_id, "distance": m.distance}
                                          for m in r.matches]}
            if details:
                row["match_details"] = [m.to_dict() for m in r.matches]
                row["suppressed"] = [m.to_dict() for m in r.suppressed]
                row["suppressed_by"] = [m.to_dict() for m in r.negative]
                row["pdq_used"], row["quality"] = r.pdq_used, quality
            if not r.pdq_used:
                err.print(f"{f}: PDQ quality {quality} is below {settings.pdq_min_quality}: matched on MD5/SHA-256 "
                          "only", highlight=False, markup=False)
            if r.suppressed:
                err.print(f"{f}: {len(r.suppressed)} match(es) suppressed by negative bank(s) "
                          f"{', '.join(sorted({m.bank for m in r.negative}))}", highlight=False, markup=False)
        bad += _emit(row)
    if bad:
        raise typer.Exit(1)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


@bank_app.command("create")
def bank_create(
    name: str = typer.Argument(..., help="Unique bank name."),
    category: str = typer.Option(..., help="csam, ncii, terror or other."),
    source: str = typer.Option("", help="Who supplied the list."),
    threshold: int = typer.Option(None, help="PDQ distance that still matches (default 31)."),
    negative: bool = typer.Option(False, "--negative", help="Known false positives: suppress matches."),
    disabled: bool = typer.Option(False, "--disabled", help="Create it switched off."),
    preserve_evidence: bool = typer.Option(False, "--preserve-evidence", help="Keep uploads that match."),
    description: str = typer.Option("", help="Free text."),
) -> None:
    """Create a hash bank."""
    from kidsafe.config import get_settings
    from kidsafe.media.banks import BankError, create_bank

    t = get_settings().pdq_default_threshold if threshold is None else threshold
    try:
        with _db().session() as s:
            bank = create_bank(s, _actor(), name, category, source=source, threshold=t, negative=negative,
                               enabled=not disabled, preserve_evidence=preserve_evidence, description=description)
            err.print(f"created bank {bank.name!r} ({bank.category}{', negative' if bank.negative else ''}, "
                      f"threshold {bank.threshold})", highlight=False)
    except BankError as e:
        raise _fail(f"{e.field}: {e}") from None


@bank_app.command("list")
def bank_list(as_json: bool = typer.Option(False, "--json", help="One JSON object per bank.")) -> None:
    """List banks with their settings and entry counts."""
    from kidsafe.media.banks import bank_to_dict, list_banks

    with _db().session() as s:
        rows = list_banks(s)
        if as_json:
            for b, n in rows:
                print(json.dumps(bank_to_dict(b, n)))
            return
        table = Table("name", "category", "negative", "threshold", "enabled", "evidence", "entries", "source")
        for b, n in rows:
            table.add_row(b.name, b.category, "yes" if b.negative else "", str(b.threshold),
                          "yes" if b.enabled else "no", "keep" if b.preserve_evidence else "", str(n), b.source)
    Console().print(table)


@bank_app.command("import")
def bank_import(
    name: str = typer.Argument(..., help="Bank name."),
    file: str = typer.Argument(..., help="File to import, or - for stdin."),
    format: str = typer.Option("csv", "--format", "-f", help="csv, te (threatexchange signal file) or te-csv."),
) -> None:
    """Import hashes; bad lines are reported with their line number and skipped; exit 1 if any."""
    from kidsafe.media.banks import BankError, get_bank, import_entries

    try:
        src = sys.stdin if file == "-" else open(file, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as e:
        raise _fail(f"cannot read {file}: {e.strerror}") from None
    try:
        with _db().session() as s:
            report = import_entries(s, _actor(), get_bank(s, name), src, format, filename=file)
    except BankError as e:
        raise _fail(f"{e.field}: {e}") from None
    except UnicodeDecodeError as e:
        raise _fail(f"{file} is not UTF-8 ({e.reason}); nothing was imported") from None
    finally:
        if src is not sys.stdin:
            src.close()
    for line, reason in report.errors:
        err.print(f"line {line}: {reason}", highlight=False, markup=False)
    err.print(f"added {report.added}, duplicates {report.duplicates}, bad lines {len(report.errors)}",
              highlight=False)
    if report.errors:
        raise typer.Exit(1)


@bank_app.command("export")
def bank_export(
    name: str = typer.Argument(..., help="Bank name."),
    format: str = typer.Option("csv", "--format", "-f", help="csv, te or te-csv."),
    output: str = typer.Option("-", "--output", "-o", help="File to write (default stdout)."),
) -> None:
    """Write a bank's hashes and metadata (never images)."""
    from kidsafe.media.banks import BankError, export_entries, get_bank

    dst = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        with _db().session() as s:
            for chunk in export_entries(s, get_bank(s, name), format):
                dst.write(chunk)
    except BankError as e:
        raise _fail(f"{e.field}: {e}") from None
    finally:
        if dst is not sys.stdout:
            dst.close()


@bank_app.command("add")
def bank_add(
    name: str = typer.Argument(..., help="Bank name."),
    value: str = typer.Argument(..., help="The hash (hex)."),
    signal_type: str = typer.Option("pdq", "--signal-type", "-t", help="pdq, md5 or sha256."),
    source_id: str = typer.Option(None, "--source-id", help="The supplier's id for this hash."),
    tag: list[str] = typer.Option([], "--tag", help="A tag (repeatable)."),
) -> None:
    """Add one hash to a bank; prints the new entry as JSON."""
    from kidsafe.media.banks import BankError, add_entry, entry_to_dict, get_bank

    try:
        with _db().session() as s:
            bank = get_bank(s, name)
            entry = add_entry(s, _actor(), bank, signal_type, value, source_id=source_id, tags=tag)
            print(json.dumps(entry_to_dict(entry, bank.name)))
    except BankError as e:
        raise _fail(f"{e.field}: {e}") from None


@bank_app.command("remove")
def bank_remove(name: str = typer.Argument(..., help="Bank name."),
                entry_id: int = typer.Argument(..., help="Entry id.")) -> None:
    """Remove one entry from a bank."""
    from kidsafe.media.banks import BankError, get_bank, remove_entry

    try:
        with _db().session() as s:
            remove_entry(s, _actor(), get_bank(s, name), entry_id)
    except BankError as e:
        raise _fail(f"{e.field}: {e}") from None
    err.print(f"removed entry {entry_id} from {name!r}")


@bank_app.command("update")
def bank_update(
    name: str = typer.Argument(..., help="Bank name."),
    enabled: bool = typer.Option(None, "--enabled/--disabled", help="Switch the bank on or off."),
    threshold: int = typer.Option(None, help="PDQ distance that still matches."),
    preserve_evidence: bool = typer.Option(None, "--preserve-evidence/--no-preserve-evidence"),
) -> None:
    """Change a bank's settings."""
    from kidsafe.media.banks import BankError, update_bank

    changes = {k: v for k, v in {"enabled": enabled, "threshold": threshold,
                                 "preserve_evidence": preserve_evidence}.items() if v is not None}
    try:
        with _db().session() as s:
            update_bank(s, _actor(), name, **changes)
    except BankError as e:
        raise _fail(f"{e.field}: {e}") from None
    err.print(f"updated {name!r}")


@media_app.command("purge")
def media_purge() -> None:
    """Delete preserved evidence older than its retention (KIDSAFE_RETENTION_DAYS_EVIDENCE)."""
    from kidsafe.media.matcher import purge_expired_evidence

    with _db().session() as s:
        n = purge_expired_evidence(s)
    err.print(f"deleted {n} expired evidence item(s)")
