"""``kidsafe classify``, ``kidsafe check`` and ``kidsafe train``."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console

from kidsafe.jsonl_job import jsonl_job

err = Console(stderr=True)
BATCH = 512


def register(app: typer.Typer) -> None:
    app.command()(classify)
    app.command()(check)
    app.command()(train)


def parse_record(line: str, max_chars: int) -> tuple[dict[str, Any] | None, str | None]:
    """Validate one JSONL input line; returns (record, None) or (None, reason)."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        return None, f"invalid JSON ({e.msg} at column {e.colno})"
    if not isinstance(rec, dict):
        return None, "a record must be a JSON object"
    if "text" not in rec:
        return None, "missing field 'text'"
    if not isinstance(rec["text"], str):
        return None, f"field 'text' must be a string, not {type(rec['text']).__name__}"
    if len(rec["text"]) > max_chars:
        return None, f"field 'text' is {len(rec['text'])} characters; the limit is {max_chars} (KIDSAFE_MAX_TEXT_CHARS)"
    if "id" in rec and not isinstance(rec["id"], str | int):
        return None, "field 'id' must be a string or an integer"
    lang = rec.get("lang")
    if lang is not None and (not isinstance(lang, str) or not lang.isalpha() or not 2 <= len(lang) <= 3):
        return None, "field 'lang' must be a 2- or 3-letter language code"
    return rec, None


def classify(
    input: str = typer.Argument("-", help="JSONL file of {id, text, lang?} records, or - for stdin."),
    output: str = typer.Option("-", "-o", "--output", help="Where to write JSONL results (default stdout)."),
) -> None:
    """Score JSONL records for every risk category; one output line per input line, same order.

    Streams: memory stays constant whatever the input size. A bad line is reported on stderr with
    its line number, gets an error record in the output, and makes the exit code 1 at the end.
    """
    from kidsafe.config import get_settings
    from kidsafe.text.engine import get_analyzer

    settings = get_settings()
    analyzer = get_analyzer(settings.models_dir)
    pending: list[tuple[int, dict[str, Any] | None, str | None]] = []

    with jsonl_job(input, output, "classify", err) as job:

        def flush() -> None:
            good = [(rec["text"], rec.get("lang")) for _, rec, _ in pending if rec is not None]
            results = iter(analyzer.analyze_batch([t for t, _ in good], [lg for _, lg in good])) if good else iter(())
            out = []
            for n, rec, reason in pending:
                if rec is None:
                    out.append(json.dumps({"id": None, "line": n, "error": reason}))
                else:
                    out.append(json.dumps({"id": rec.get("id"), **next(results).to_dict()}, ensure_ascii=False))
            job.write("\n".join(out) + "\n")
            pending.clear()

        for n, line in job.lines():
            rec, reason = parse_record(line, settings.max_text_chars)
            if reason is not None:
                job.reject(n, reason)
            pending.append((n, rec, reason))
            if len(pending) >= BATCH:
                flush()
        if pending:
            flush()


def check(
    text: str = typer.Argument(..., help="The text to analyse."),
    lang: str = typer.Option(None, help="Language code if known (en, fr, ...)."),
) -> None:
    """Analyse one text and print its scores, flags and evidence for a person to read."""
    from rich.table import Table

    from kidsafe.config import get_settings
    from kidsafe.text.engine import get_analyzer

    analyzer = get_analyzer(get_settings().models_dir)
    a = analyzer.analyze(text, lang)
    out = Console()
    out.print(f"language: [bold]{a.lang}[/bold]   severity: [bold]{a.severity.value}[/bold]   "
              f"flags: [bold]{', '.join(a.flags) or 'none'}[/bold]")
    table = Table("category", "score", "threshold", "flag")
    for c, s in sorted(a.scores.items(), key=lambda kv: -kv[1]):
        thr = analyzer.thresholds.get(c, 0.5)
        table.add_row(c, f"{s:.3f}", f"{thr:.3f}", "●" if c in a.flags else "")
    out.print(table)
    for e in a.evidence:
        out.print(f"  evidence [{e.category}] {e.kind}: {text[e.start:e.end]!r} ({e.start}..{e.end})", highlight=False)


def train(
    data_dir: str = typer.Option(None, help="Shared data folder (default ../shared/data, KIDSAFE_DATA_DIR)."),
    out_dir: str = typer.Option(None, help="Where to write the models (default models/)."),
    text_only: bool = typer.Option(False, "--text-only", help="Train the text model only, not the conversation one."),
) -> None:
    """Rebuild the shipped models from the shared data (same data and seed → same model)."""
    from kidsafe.training import main as train_main

    raise typer.Exit(train_main(data_dir, out_dir, with_conversation=not text_only))
