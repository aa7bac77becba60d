"""Shared helpers for the cases tests: principals, a report, and a transport that records webhook calls."""

from __future__ import annotations

from typing import Any

from kidsafe.auth import Principal, Role
from kidsafe.cases.intake import ReportInput

PLATFORM = Principal("api_key", 101, "chatapp", Role.PLATFORM)
OTHER_PLATFORM = Principal("api_key", 102, "otherapp", Role.PLATFORM)
MOD_A = Principal("staff", 1, "alice", Role.MODERATOR)
MOD_B = Principal("staff", 2, "bob", Role.MODERATOR)
SPECIALIST = Principal("staff", 3, "sam", Role.CHILD_SAFETY_SPECIALIST)
ADMIN = Principal("staff", 4, "ada", Role.ADMIN)


def report(subject_id: str = "msg-1", reason: str = "harassment", **kw: Any) -> ReportInput:
    kw.setdefault("account_id", "user-42")
    kw.setdefault("content_text", "you are a loser and nobody likes you")
    kw.setdefault("reporter_id", "user-7")
    return ReportInput(subject_type=kw.pop("subject_type", "content"), subject_id=subject_id, reason=reason, **kw)


class RecordingTransport:
    """Answers with the given status codes in turn (the last one repeats) and records every call."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses) or [200]
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []

    def __call__(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        self.calls.append((url, body, headers))
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
