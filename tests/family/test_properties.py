"""Property tests: whatever the schedules, budgets, usage, time zone and moment (DST changes included),
``sessions:check`` answers without crashing and its answer is consistent."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kidsafe.family import links, screen_time
from kidsafe.store.db import Database

ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"]
DAY_TYPES = ["school_day", "weekend", "holiday"]
hhmm = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59]))
schedule = st.fixed_dictionaries({
    "kind": st.sampled_from(["bedtime", "school_hours", "quiet"]),
    "day_types": st.lists(st.sampled_from(DAY_TYPES), min_size=1, max_size=3, unique=True),
    "start": hhmm, "end": hhmm,
}).filter(lambda s: s["start"] != s["end"])
moment = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31),
                      timezones=st.just(UTC))
usage = st.tuples(st.integers(-36 * 3600, 36 * 3600), st.integers(0, 6 * 3600))
REASONS_ALLOWED = {"ok", "no_limit", "not_supervised"}
REASONS_BLOCKED = {"bedtime", "school_hours", "quiet", "budget_exhausted"}


@pytest.fixture
def sqlite_db(_sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """Pure screen-time logic: one SQLite copy of the migrated template is enough (every example rolls back)."""
    path = tmp_path / "props.db"
    shutil.copy(_sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES), schedules=st.lists(schedule, max_size=4),
       budgets=st.dictionaries(st.sampled_from(DAY_TYPES), st.integers(0, 300)), now=moment,
       usages=st.lists(usage, max_size=5), holiday=st.booleans())
def test_check_is_total_and_consistent(sqlite_db, zone, schedules, budgets, now, usages, holiday) -> None:  # type: ignore[no-untyped-def]
    with sqlite_db.sessionmaker() as s:
        child, _ = links.upsert_child(s, "kid", age_band_="13_15", timezone=zone)
        child.schedules = [{**x, "name": f"s{i}"} for i, x in enumerate(schedules)]
        child.budgets = budgets
        child.holidays = [now.astimezone(ZoneInfo(zone)).date().isoformat()] if holiday else []
        for i, (offset, length) in enumerate(usages):
            start = now + timedelta(seconds=offset)
            screen_time.record_usage(s, "kid", f"u{i}", start, start + timedelta(seconds=length))
        c = screen_time.check(s, "kid", now)
        s.rollback()
    assert c.reason in REASONS_ALLOWED | REASONS_BLOCKED
    assert c.allowed == (c.reason in REASONS_ALLOWED)
    assert c.used_seconds >= 0 and c.extra_seconds == 0
    if c.allowed:
        assert c.blocked_until is None and (c.remaining_seconds is None or c.remaining_seconds > 0)
    else:
        assert c.remaining_seconds == 0 and c.blocked_until is not None
        assert datetime.fromisoformat(c.blocked_until) > now
    if c.budget_seconds is not None and c.remaining_seconds is not None:
        assert c.remaining_seconds <= max(0, c.budget_seconds - c.used_seconds)
    if holiday:
        assert c.day_type == "holiday"
