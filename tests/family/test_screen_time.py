"""Screen time in the child's time zone: DST days, midnight-spanning usage and bedtimes, idempotent usage,
retention."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kidsafe.family import links, screen_time
from kidsafe.family.errors import FamilyError
from kidsafe.store.models.family import UsageRecord
from tests.family.helpers import PARIS, paris


def _child(s, **kw):  # type: ignore[no-untyped-def]
    child, _ = links.upsert_child(s, "kid", age_band_="under_13", timezone="Europe/Paris")
    for k, v in kw.items():
        setattr(child, k, v)
    return child


def test_dst_days_are_23_and_25_hours() -> None:
    spring = screen_time.day_bounds(date(2026, 3, 29), PARIS)
    autumn = screen_time.day_bounds(date(2026, 10, 25), PARIS)
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert autumn[1] - autumn[0] == timedelta(hours=25)


def test_usage_across_midnight_counts_on_both_days(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        _child(s, budgets={"weekend": 60, "school_day": 60})
        screen_time.record_usage(s, "kid", "late", paris(2026, 10, 24, 23, 30), paris(2026, 10, 25, 0, 45))
        sat = screen_time.check(s, "kid", paris(2026, 10, 24, 23, 50))
        sun = screen_time.check(s, "kid", paris(2026, 10, 25, 9))
    assert sat.used_seconds == 30 * 60 and sun.used_seconds == 45 * 60
    assert sun.remaining_seconds == 15 * 60 and sun.day_type == "weekend"


def test_autumn_day_has_an_extra_hour_and_bedtime_follows_wall_clock(database) -> None:  # type: ignore[no-untyped-def]
    sched = [{"name": "night", "kind": "bedtime", "day_types": ["weekend", "school_day"], "start": "21:00",
              "end": "07:00"}]
    with database.session() as s:
        _child(s, schedules=sched)
        c = screen_time.check(s, "kid", paris(2026, 10, 24, 22))  # Saturday night, clocks go back at 03:00
        assert c.reason == "bedtime"
        # 07:00 CET on Sunday is 06:00 UTC (it was 05:00 UTC the day before, in summer time).
        assert c.blocked_until == "2026-10-25T06:00:00+00:00"
        assert screen_time.check(s, "kid", paris(2026, 10, 25, 7)).allowed
        # No limit and no schedule ahead today: remaining is the time to the 21:00 bedtime.
        c = screen_time.check(s, "kid", paris(2026, 10, 25, 20))
        assert c.reason == "no_limit" and c.remaining_seconds == 3600


def test_usage_is_idempotent_and_validated(database) -> None:  # type: ignore[no-untyped-def]
    a, b = paris(2026, 3, 23, 17), paris(2026, 3, 23, 17, 30)
    with database.session() as s:
        _child(s)
        assert screen_time.record_usage(s, "kid", "u1", a, b).status == "accepted"
        assert screen_time.record_usage(s, "kid", "u1", a, b).status == "duplicate"
        with pytest.raises(FamilyError) as e:
            screen_time.record_usage(s, "kid", "u1", a, b + timedelta(minutes=1))
        assert e.value.status == 409 and e.value.field == "usage_id"
        with pytest.raises(FamilyError) as e:
            screen_time.record_usage(s, "kid", "u2", b, a)
        assert e.value.field == "ended_at"
        with pytest.raises(FamilyError) as e:
            screen_time.record_usage(s, "kid", "u3", a, a + timedelta(hours=25))
        assert e.value.field == "ended_at"
        with pytest.raises(FamilyError) as e:
            screen_time.record_usage(s, "kid", "u4", a.replace(tzinfo=None), b)
        assert e.value.field == "started_at"
        with pytest.raises(FamilyError) as e:
            screen_time.record_usage(s, "nobody", "u5", a, b)
        assert e.value.status == 404
        assert screen_time.used_seconds(s, "kid", a - timedelta(days=1), b + timedelta(days=1)) == 1800


def test_purge_removes_only_old_usage(database) -> None:  # type: ignore[no-untyped-def]
    now = paris(2026, 6, 1, 12)
    with database.session() as s:
        _child(s)
        screen_time.record_usage(s, "kid", "old", now - timedelta(days=100), now - timedelta(days=100, minutes=-5))
        screen_time.record_usage(s, "kid", "new", now - timedelta(days=2), now - timedelta(days=2, minutes=-5))
    with database.session() as s:
        assert screen_time.purge_usage(s, 90, now) == 1
    with database.session() as s:
        assert [u.usage_id for u in s.query(UsageRecord)] == ["new"]


def test_schedule_and_budget_validation() -> None:
    with pytest.raises(ValueError):
        screen_time.Schedule(name="x", day_types=["school_day"], start="25:00", end="07:00")
    with pytest.raises(ValueError):
        screen_time.Schedule(name="x", day_types=["school_day"], start="07:00", end="07:00")
    with pytest.raises(ValueError):
        screen_time.Schedule(name="x", day_types=["sunday"], start="07:00", end="08:00")  # type: ignore[list-item]
    with pytest.raises(ValueError):
        screen_time.Budgets(school_day=2000)


def test_extra_time_belongs_to_the_local_day(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        _child(s, budgets={"school_day": 30})
        links.link(s, "kid", "mum")
        # 23:30 UTC on Monday is already Tuesday in Paris.
        req = screen_time.request_extra_time(s, "kid", 10, "homework", paris(2026, 3, 24, 0, 30), 240)
        assert req.local_date == date(2026, 3, 24)
        with pytest.raises(FamilyError):
            screen_time.request_extra_time(s, "kid", 500, "", paris(2026, 3, 24, 1), 240)
        screen_time.decide_extra_time(s, req.id, "mum", False, paris(2026, 3, 24, 1))
        assert screen_time.check(s, "kid", paris(2026, 3, 24, 17)).extra_seconds == 0
