"""Shared bits for the family tests: a settable clock and a Paris week around the March 2026 DST change."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    """A Paris wall-clock time as an aware UTC datetime."""
    return datetime(y, mo, d, h, mi, tzinfo=PARIS).astimezone(UTC)


def iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


class Clock:
    """An injectable clock: ``app.state.family_clock = clock``; move it with ``clock.set(...)``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def set(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
