"""``kidsafe lab evaluate``: measure the shipped detectors on a labelled JSONL file."""

from __future__ import annotations

import json
import sys
from typing import IO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

err = Console(stderr=True)
lab_app = typer.Typer(help="Evaluate safety measures on evidence (labelled data you bring).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(lab_app, name="lab")


@lab_app.command("evaluate")
def evaluate_command(
    input: str = typer.Argument(..., help="Labelled JSONL (shared data format), or - for stdin."),
    group_by: str = typer.Option("", "--by", help="Record field to group results by (e.g. source, split, lang)."),
    fmt: str = typer.Option("markdown", "--format", help="markdown or json."),
    output: str = typer.Option("-", "-o", "--output", help="Where to write the report (default stdout)."),
    bootstrap: int = typer.Option(200, help="Bootstrap rounds for the ROC-AUC interval (0: none)."),
) -> None:
    """Per category: ROC-AUC with a 95% interval, average precision, and precision/recall/F1 at the shipped
    threshold. Missing labels count as unknown. Bad lines are reported with their line number; exit code 1."""
    from kidsafe.config import get_settings
    from kidsafe.lab.evaluate import evaluate, to_markdown

    if fmt not in ("markdown", "json"):
        err.print("[red]error:[/red] --format must be markdown or json")
        raise typer.Exit(2)
    settings = get_settings()
    try:
        src: IO[str] = sys.stdin if input == "-" else open(input, encoding="utf-8")  # noqa: SIM115
    except OSError as e:
        err.print(f"[red]error:[/red] cannot read {input}: {e.strerror}")
        raise typer.Exit(2) from None

    def on_error(line: int, reason: str) -> None:
        sys.stderr.write(f"{input}:{line}: {reason}\n")

    with src, Progress(TextColumn("evaluating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=err, disable=input == "-" or not err.is_terminal) as progress:
        task = progress.add_task("records", total=None)
        ev = evaluate(src, settings.models_dir, settings.max_text_chars, group_by or None, on_error,
                      lambda k: progress.advance(task, k))
    report = ev.report(bootstrap)
    text = json.dumps(report, indent=1) + "\n" if fmt == "json" else to_markdown(report)
    if output == "-":
        sys.stdout.write(text)
    else:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    if ev.errors:
        raise typer.Exit(1)
