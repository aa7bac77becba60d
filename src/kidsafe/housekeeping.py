"""Housekeeping that enforces retention limits and age rules without anyone remembering to run a command.

``run(db, settings)`` runs every capability's purge with its ``KIDSAFE_RETENTION_DAYS_*`` limit, then ends
family supervision for children who turned 18. Each step runs in its own transaction, so one failing step
does not keep the others from running. ``kidsafe serve`` runs it every ``KIDSAFE_HOUSEKEEPING_INTERVAL_S``
seconds in a background thread (0 turns it off; then schedule ``kidsafe housekeeping`` yourself).
Only counts are logged, never content.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kidsafe.config import Settings
from kidsafe.store.db import Database, utcnow

log = logging.getLogger(__name__)


def _steps(settings: Settings) -> list[tuple[str, Callable[[Session, datetime], Any]]]:
    from kidsafe.cases.retention import purge_expired as purge_cases
    from kidsafe.conversation.retention import purge_expired as purge_conversations
    from kidsafe.family.alerts import purge_alerts
    from kidsafe.family.screen_time import purge_usage
    from kidsafe.family.transparency import sweep as end_supervision_at_18
    from kidsafe.media.matcher import purge_expired_evidence
    from kidsafe.policy.decisions import purge_decisions

    return [
        ("conversations", lambda s, now: purge_conversations(s, settings.retention_days_conversation, now)),
        ("media_evidence", lambda s, now: purge_expired_evidence(s, now)),
        ("case_evidence", lambda s, now: purge_cases(s, now, settings=settings)),
        ("policy_decisions", lambda s, now: purge_decisions(s, settings.retention_days_decisions, now)),
        ("family_usage", lambda s, now: purge_usage(s, settings.retention_days_usage, now)),
        ("family_alerts", lambda s, now: purge_alerts(s, settings.retention_days_family_alerts, now)),
        ("supervision_ended", lambda s, now: len(end_supervision_at_18(s, now))),
    ]


def _summary(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: v for k, v in asdict(value).items() if isinstance(v, int)}
    return value


def run(db: Database, settings: Settings, now: datetime | None = None) -> dict[str, Any]:
    """Run every step once; returns ``{step: count(s)}`` (``{"error": ...}`` for a step that failed)."""
    now = now or utcnow()
    out: dict[str, Any] = {}
    for name, step in _steps(settings):
        try:
            with db.session() as s:
                out[name] = _summary(step(s, now))
        except Exception as e:  # noqa: BLE001 — one failing step must not stop the others
            log.exception("housekeeping step %s failed", name)
            out[name] = {"error": type(e).__name__}
    return out


class HousekeepingWorker:
    """Runs :func:`run` every ``interval_s`` seconds in a daemon thread until stopped."""

    def __init__(self, db: Database, settings: Settings, interval_s: float) -> None:
        self.db, self.settings, self.interval_s = db, settings, interval_s
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="kidsafe-housekeeping", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            result = run(self.db, self.settings)
            log.info("housekeeping: %s", result)
