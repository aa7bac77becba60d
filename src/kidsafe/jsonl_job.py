"""One streaming JSONL job for the batch commands (``kidsafe classify``, ``classify-conversations``).

Opens the input (a file or ``-`` for stdin) and the output, yields numbered non-empty lines, shows a Rich
progress bar on stderr for file input, reports a bad line with its number without stopping, and ends with
exit code 1 when any line was bad (2 when the input cannot be read). Memory stays constant: nothing is kept
beyond the line being read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import typer
from rich.console import Console


class JsonlJob:
    def __init__(self, src: IO[str], dst: IO[str], name: str, err: Console, progress: Any, task: Any) -> None:
        self.src, self.dst, self.name, self.err = src, dst, name, err
        self._progress, self._task = progress, task
        self.bad = 0

    def lines(self) -> Iterator[tuple[int, str]]:
        """(line number, line) for every non-empty line; stops at the first line that is not UTF-8."""
        numbered = enumerate(self.src, start=1)
        while True:
            try:
                n, line = next(numbered)
            except StopIteration:
                return
            except UnicodeDecodeError as e:
                self.err.print(f"[red]error:[/red] {self.name}: not UTF-8 ({e.reason}); stopping")
                self.bad += 1
                return
            if self._progress is not None:
                self._progress.advance(self._task, len(line.encode("utf-8")))
            if line.strip():
                yield n, line

    def reject(self, n: int, reason: str) -> None:
        """Report a bad line on stderr (the caller writes its error record)."""
        self.bad += 1
        self.err.print(f"line {n}: {reason}", highlight=False, markup=False, soft_wrap=True)

    def write(self, text: str) -> None:
        self.dst.write(text)


@contextmanager
def jsonl_job(input: str, output: str, label: str, err: Console) -> Iterator[JsonlJob]:
    try:
        src: IO[str] = sys.stdin if input == "-" else open(input, encoding="utf-8", errors="strict")  # noqa: SIM115
    except OSError as e:
        err.print(f"[red]error:[/red] cannot read {input}: {e.strerror}")
        raise typer.Exit(2) from None
    dst: IO[str] = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    progress = task = None
    if input != "-":
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

        progress = Progress(TextColumn(label), BarColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                            console=err, transient=False)
        task = progress.add_task(label, total=Path(input).stat().st_size)
        progress.start()
    job = JsonlJob(src, dst, input, err, progress, task)
    try:
        yield job
    finally:
        if progress is not None:
            progress.stop()
        dst.flush()
        if dst is not sys.stdout:
            dst.close()
        if src is not sys.stdin:
            src.close()
    if job.bad:
        err.print(f"{job.bad} bad line(s); their error records are in the output", highlight=False)
        raise typer.Exit(1)
