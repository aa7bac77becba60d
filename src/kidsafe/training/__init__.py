"""Rebuild the shipped models from ``../shared/data`` (``kidsafe train`` / ``python -m kidsafe.training``)."""

from __future__ import annotations


def main(data_dir: str | None = None, out_dir: str | None = None) -> int:
    raise NotImplementedError("training lands with the text risk engine")
