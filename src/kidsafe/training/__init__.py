"""Rebuild the shipped models from ``../shared/data`` (``kidsafe train`` / ``python -m kidsafe.training``).

Text model first (``models/text``: weights, calibration, thresholds, model card), then the conversation
model when that capability provides ``kidsafe.conversation.training.train(data_dir, out_dir)``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

err = Console(stderr=True)


def main(data_dir: str | None = None, out_dir: str | None = None, with_conversation: bool = True) -> int:
    """Train the text model (and the conversation model when present); returns the exit code."""
    from kidsafe.config import get_settings
    from kidsafe.training.data import load_rows
    from kidsafe.training.model_card import write_model_card
    from kidsafe.training.text_model import evaluate, fit

    settings = get_settings()
    data = Path(data_dir or settings.data_dir)
    out = Path(out_dir or settings.models_dir)
    if not (data / "text").is_dir() and not (data / "conversations").is_dir():
        err.print(f"[red]error:[/red] no shared data in {data} (set KIDSAFE_DATA_DIR or --data-dir)", highlight=False)
        return 2
    text_dir = out / "text"
    steps = ["reading data", "normalising and scanning texts", "hashing features",
             *(f"fitting {c}" for c in _categories()), "saving", "evaluating on test splits", "model card"]
    with Progress(TextColumn("[bold]train[/bold] {task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err, transient=False) as progress:
        task = progress.add_task(steps[0], total=len(steps))

        def step(what: str) -> None:
            progress.update(task, description=what, completed=steps.index(what) if what in steps else None)

        rows = load_rows(data)
        model = fit(rows, step)
        step("saving")
        model.save(text_dir)
        step("evaluating on test splits")
        metrics = evaluate(text_dir, rows)
        step("model card")
        write_model_card(text_dir, model, metrics)
        progress.update(task, completed=len(steps), description="text model done")
    err.print(f"text model written to {text_dir}", highlight=False)
    if not with_conversation:
        return 0
    try:
        conversation_training = importlib.import_module("kidsafe.conversation.training")
    except ModuleNotFoundError as e:
        if e.name not in ("kidsafe.conversation", "kidsafe.conversation.training"):
            raise
        return 0
    if hasattr(conversation_training, "train"):
        conversation_training.train(data, out)
    return 0


def _categories() -> tuple[str, ...]:
    from kidsafe.taxonomy import CATEGORY_NAMES

    return CATEGORY_NAMES


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
