"""Screen time: daily budgets per day type, schedules (bedtime, school hours), extra time, usage.

Everything is computed in the child's own time zone (``zoneinfo``), from timestamps the server receives,
so a changed device clock or a VPN changes nothing. A local day runs from local midnight to the next
local midnight: 23 hours on the day clocks go forward, 25 on the day they go back.

- Day type: ``holiday`` if the date is in the family's holiday calendar, else ``weekend`` on Saturday and
  Sunday, else ``school_day``.
- Budget: minutes per day type (absent: no limit), plus the extra minutes a guardian approved for that day.
- Schedules: ``{"name", "kind", "day_types", "start", "end"}`` in local wall-clock time. A window whose end
  is before its start runs past midnight and belongs to the day it starts on (a school-night bedtime from
  21:00 to 07:00 set on ``school_day`` blocks Monday 21:00 to Tuesday 07:00).
- Usage: the platform reports sessions (``usage_id``, start, end); each id counts once. A session that
  spans midnight counts on each day for the part inside it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kidsafe.family.errors import FamilyError
from kidsafe.family.links import get_child, require_guardian, zone
from kidsafe.store.db import utcnow
from kidsafe.store.models.family import ExtraTimeRequest, FamilyChild, UsageRecord

MAX_SESSION = timedelta(hours=24)


class DayType(StrEnum):
    SCHOOL_DAY = "school_day"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"


class ScheduleKind(StrEnum):
    BEDTIME = "bedtime"
    SCHOOL_HOURS = "school_hours"
    QUIET = "quiet"


_HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class Schedule(BaseModel):
    """A window of local time when the child may not play."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=60)
    kind: ScheduleKind = ScheduleKind.QUIET
    day_types: list[DayType] = Field(min_length=1)
    start: str = Field(pattern=_HHMM, description="local wall-clock time HH:MM")
    end: str = Field(pattern=_HHMM, description="local wall-clock time HH:MM; before start = next day")

    @field_validator("end")
    @classmethod
    def _not_empty(cls, v: str, info: Any) -> str:
        if info.data.get("start") == v:
            raise ValueError("end must differ from start")
        return v


class Budgets(BaseModel):
    """Minutes per day type; ``None`` means no daily limit."""

    model_config = ConfigDict(extra="forbid")
    school_day: int | None = Field(default=None, ge=0, le=1440)
    weekend: int | None = Field(default=None, ge=0, le=1440)
    holiday: int | None = Field(default=None, ge=0, le=1440)


@dataclass(frozen=True)
class SessionCheck:
    """The answer to "may this child play now?"."""

    child_id: str
    allowed: bool
    reason: str  # ok, no_limit, budget_exhausted, bedtime, school_hours, quiet, not_supervised
    message: str
    at: str
    local_time: str
    local_date: str
    day_type: str
    budget_seconds: int | None
    extra_seconds: int
    used_seconds: int
    remaining_seconds: int | None  # until the next stop (budget or schedule); None: no limit today
    blocked_until: str | None  # UTC time the current block ends
    schedule: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _utc(dt: datetime, field: str) -> datetime:
    if dt.tzinfo is None:
        raise FamilyError(422, "invalid_request", "timestamps need a time zone offset (e.g. 2026-03-29T08:00:00Z)",
                          field)
    return dt.astimezone(UTC)


def day_type(child: FamilyChild, day: date) -> DayType:
    if day.isoformat() in (child.holidays or []):
        return DayType.HOLIDAY
    return DayType.WEEKEND if day.weekday() >= 5 else DayType.SCHOOL_DAY


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC start and end of a local day (23 or 25 hours long on DST days)."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def _local(day: date, hhmm: str, tz: ZoneInfo) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(h, m), tzinfo=tz).astimezone(UTC)


def schedule_windows(child: FamilyChild, around: date, tz: ZoneInfo) -> list[tuple[datetime, datetime, str, str]]:
    """Concrete UTC windows ``(start, end, name, kind)`` of the child's schedules from the day before ``around``
    to the day after, sorted by start."""
    out = []
    for offset in (-1, 0, 1):
        day = around + timedelta(days=offset)
        dt = day_type(child, day)
        for raw in child.schedules or []:
            s = Schedule.model_validate(raw)
            if dt not in s.day_types:
                continue
            end_day = day + timedelta(days=1) if s.end < s.start else day
            out.append((_local(day, s.start, tz), _local(end_day, s.end, tz), s.name, s.kind.value))
    return sorted(out)


def used_seconds(session: Session, child_id: str, start: datetime, end: datetime) -> int:
    """Seconds of reported usage inside ``[start, end)``."""
    rows = session.execute(select(UsageRecord.started_at, UsageRecord.ended_at).where(
        UsageRecord.child_id == child_id, UsageRecord.started_at < end, UsageRecord.ended_at > start))
    total = 0.0
    for s, e in rows:
        total += max(0.0, (min(e, end) - max(s, start)).total_seconds())
    return int(total)


def extra_seconds(session: Session, child_id: str, day: date) -> int:
    minutes = session.scalars(select(ExtraTimeRequest.minutes).where(
        ExtraTimeRequest.child_id == child_id, ExtraTimeRequest.local_date == day,
        ExtraTimeRequest.status == "approved"))
    return 60 * sum(minutes)


_MESSAGES = {
    "en": {
        "bedtime": "It's bedtime. You can play again at {until}.",
        "school_hours": "It's school time. You can play again at {until}.",
        "quiet": "This is a screen-free time ({name}). You can play again at {until}.",
        "budget_exhausted": "You've used all your time for today. You can ask a guardian for more time.",
        "ok": "Have fun!",
        "not_supervised": "Supervision is off.",
    },
    "fr": {
        "bedtime": "C'est l'heure de dormir. Tu pourras rejouer à {until}.",
        "school_hours": "C'est l'heure de l'école. Tu pourras rejouer à {until}.",
        "quiet": "C'est un moment sans écran ({name}). Tu pourras rejouer à {until}.",
        "budget_exhausted": "Tu as utilisé tout ton temps pour aujourd'hui. Tu peux demander du temps en plus.",
        "ok": "Amuse-toi bien !",
        "not_supervised": "La supervision est désactivée.",
    },
}


def message(lang: str | None, key: str, **kw: str) -> str:
    """The child-facing wording in French or English (other languages: English): from the editable data file
    (``supervision`` section of the policy capability's ``help_resources.yaml``), else the built-in words."""
    from kidsafe.policy.nudges import wording

    text = wording("supervision", key, lang)
    if not isinstance(text, str):
        text = _MESSAGES.get((lang or "en")[:2].lower(), _MESSAGES["en"])[key]
    try:
        return text.format(**kw)
    except (KeyError, IndexError, ValueError):  # an edited text with a placeholder we do not fill
        return _MESSAGES.get((lang or "en")[:2].lower(), _MESSAGES["en"])[key].format(**kw)


def check(session: Session, child_id: str, now: datetime) -> SessionCheck:
    """May the child play at ``now``, how long is left, and if not, why and until when."""
    from kidsafe.family.transparency import enforce_age_limit

    now = _utc(now, "at")
    child = get_child(session, child_id)
    enforce_age_limit(session, child, now)
    tz = zone(child.timezone)
    local = now.astimezone(tz)
    day = local.date()
    dt = day_type(child, day)
    base: dict[str, Any] = dict(child_id=child_id, at=now.isoformat(), local_time=local.isoformat(),
                                local_date=day.isoformat(), day_type=dt.value)
    if not child.supervised:
        return SessionCheck(**base, allowed=True, reason="not_supervised",
                            message=message(child.lang, "not_supervised"),
                            budget_seconds=None, extra_seconds=0, used_seconds=0, remaining_seconds=None,
                            blocked_until=None, schedule=None)
    d_start, d_end = day_bounds(day, tz)
    used = used_seconds(session, child_id, d_start, d_end)
    extra = extra_seconds(session, child_id, day)
    budget_min = (child.budgets or {}).get(dt.value)
    budget = None if budget_min is None else int(budget_min) * 60
    stats: dict[str, Any] = dict(budget_seconds=budget, extra_seconds=extra, used_seconds=used)

    windows = schedule_windows(child, day, tz)
    active = [w for w in windows if w[0] <= now < w[1]]
    if active:
        until = max(w[1] for w in active)
        for w in windows:  # windows that chain on (school hours then an afternoon quiet time) extend the block
            if w[0] <= until < w[1]:
                until = w[1]
        name, kind = active[0][2], active[0][3]
        until_local = until.astimezone(tz).strftime("%H:%M")
        msg = message(child.lang, kind, until=until_local, name=name)
        return SessionCheck(**base, **stats, allowed=False, reason=kind, message=msg, remaining_seconds=0,
                            blocked_until=until.isoformat(), schedule=name)
    left: int | None = None if budget is None else max(0, budget + extra - used)
    if left == 0:
        return SessionCheck(**base, **stats, allowed=False, reason="budget_exhausted",
                            message=message(child.lang, "budget_exhausted"), remaining_seconds=0,
                            blocked_until=d_end.isoformat(), schedule=None)
    upcoming = [w for w in windows if w[0] > now]
    if upcoming:
        to_window = int((upcoming[0][0] - now).total_seconds())
        left = to_window if left is None else min(left, to_window)
    reason = "ok" if budget is not None else "no_limit"
    return SessionCheck(**base, **stats, allowed=True, reason=reason, message=message(child.lang, "ok"),
                        remaining_seconds=left, blocked_until=None, schedule=None)


@dataclass(frozen=True)
class UsageResult:
    usage_id: str
    status: str  # accepted, duplicate
    seconds: int


def record_usage(session: Session, child_id: str, usage_id: str, started_at: datetime, ended_at: datetime,
                 now: datetime | None = None) -> UsageResult:
    """Count one reported session once: the same ``usage_id`` again is a duplicate (409 if it differs)."""
    started_at, ended_at = _utc(started_at, "started_at"), _utc(ended_at, "ended_at")
    if not usage_id or len(usage_id) > 200:
        raise FamilyError(422, "invalid_request", "usage_id must be 1..200 characters", "usage_id")
    if ended_at < started_at:
        raise FamilyError(422, "invalid_request", "ended_at is before started_at", "ended_at")
    if ended_at - started_at > MAX_SESSION:
        raise FamilyError(422, "invalid_request", "a usage record may cover at most 24 hours", "ended_at")
    get_child(session, child_id)
    existing = session.scalar(select(UsageRecord).where(UsageRecord.child_id == child_id,
                                                        UsageRecord.usage_id == usage_id))
    seconds = int((ended_at - started_at).total_seconds())
    if existing is not None:
        if existing.started_at != started_at or existing.ended_at != ended_at:
            raise FamilyError(409, "conflict", f"usage_id {usage_id!r} was already reported with other times",
                              "usage_id")
        return UsageResult(usage_id, "duplicate", seconds)
    session.add(UsageRecord(child_id=child_id, usage_id=usage_id, started_at=started_at, ended_at=ended_at,
                            created_at=now or utcnow()))
    session.flush()
    return UsageResult(usage_id, "accepted", seconds)


def purge_usage(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete usage records that ended more than ``retention_days`` ago; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    res = session.execute(delete(UsageRecord).where(UsageRecord.ended_at < cutoff))
    return int(res.rowcount or 0)  # type: ignore[attr-defined]


def set_budgets(session: Session, child_id: str, budgets: Budgets) -> FamilyChild:
    child = get_child(session, child_id)
    child.budgets = {k: v for k, v in budgets.model_dump().items() if v is not None}
    child.updated_at = utcnow()
    return child


def set_schedules(session: Session, child_id: str, schedules: list[Schedule]) -> FamilyChild:
    names = [s.name for s in schedules]
    if len(set(names)) != len(names):
        raise FamilyError(422, "invalid_request", "schedule names must be unique", "schedules")
    child = get_child(session, child_id)
    child.schedules = [s.model_dump(mode="json") for s in schedules]
    child.updated_at = utcnow()
    return child


def set_holidays(session: Session, child_id: str, days: list[date]) -> FamilyChild:
    child = get_child(session, child_id)
    child.holidays = sorted({d.isoformat() for d in days})
    child.updated_at = utcnow()
    return child


def request_extra_time(session: Session, child_id: str, minutes: int, reason: str, now: datetime,
                       max_minutes: int) -> ExtraTimeRequest:
    """A child asks for more time today (their local day at ``now``)."""
    now = _utc(now, "at")
    if not 1 <= minutes <= max_minutes:
        raise FamilyError(422, "invalid_request", f"minutes must be 1..{max_minutes}", "minutes")
    child = get_child(session, child_id)
    day = now.astimezone(zone(child.timezone)).date()
    row = ExtraTimeRequest(child_id=child_id, local_date=day, minutes=minutes, reason=reason[:200],
                           status="pending", created_at=now)
    session.add(row)
    session.flush()
    return row


def decide_extra_time(session: Session, request_id: int, guardian_id: str, approve: bool,
                      now: datetime, minutes: int | None = None) -> ExtraTimeRequest:
    """A linked guardian approves (optionally fewer minutes) or denies a pending request."""
    row = session.get(ExtraTimeRequest, request_id)
    if row is None:
        raise FamilyError(404, "not_found", f"no extra-time request {request_id}", "request_id")
    require_guardian(session, row.child_id, guardian_id)
    if row.status != "pending":
        raise FamilyError(409, "conflict", f"this request was already {row.status}", "request_id")
    if approve and minutes is not None:
        if not 1 <= minutes <= row.minutes:
            raise FamilyError(422, "invalid_request", f"minutes must be 1..{row.minutes}", "minutes")
        row.minutes = minutes
    row.status = "approved" if approve else "denied"
    row.decided_by, row.decided_at = guardian_id, _utc(now, "at")
    return row


def extra_time_dict(row: ExtraTimeRequest) -> dict[str, Any]:
    return {"id": row.id, "child_id": row.child_id, "local_date": row.local_date.isoformat(),
            "minutes": row.minutes, "reason": row.reason, "status": row.status, "decided_by": row.decided_by,
            "decided_at": row.decided_at.isoformat() if row.decided_at else None,
            "created_at": row.created_at.isoformat()}
