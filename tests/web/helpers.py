"""Helpers for console tests: staff accounts and a signed-in TestClient."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient

from kidsafe.store.db import Database

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def make_staff(database: Database, role: str, username: str | None = None) -> str:
    from kidsafe.auth import create_staff_user

    username = username or f"{role}-{uuid.uuid4().hex[:6]}"
    with database.session() as s:
        create_staff_user(s, username, PASSWORD, role, display_name=username.title())
    return username


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign ``client`` in; returns the CSRF token of the new session."""
    page = client.get("/console/login")
    r = client.post("/console/login", data={"username": username, "password": password,
                                             "csrf_token": csrf_of(page.text), "next": "/console/queue"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/console/queue").text)


def seed_case(database: Database, **fields: object) -> int:
    """Insert one case straight into the store (the console only reads it); returns its id."""
    from datetime import timedelta

    from kidsafe.store.db import utcnow
    from kidsafe.store.models.cases import Case

    now = utcnow()
    values: dict[str, object] = dict(
        subject_type="content", subject_id=f"msg-{uuid.uuid4().hex[:8]}", account_id="acct-1", category="harassment",
        categories=["harassment"], severity="medium", minor_involved=False, restricted=False, queue_rank=5,
        status="open", source="report", report_count=1, flag_count=0, content_type="text",
        evidence_text="you are a synthetic insult", scores={"harassment": 0.91, "profanity": 0.2},
        detector_evidence=[{"start": 10, "end": 26, "kind": "insult", "category": "harassment"}],
        context={}, opened_at=now, due_at=now + timedelta(hours=24), updated_at=now)
    values.update(fields)
    if values.get("category") == "sexual_minors":
        values.setdefault("restricted", True)
        values["restricted"] = True
    with database.session() as s:
        case = Case(**values)
        s.add(case)
        s.flush()
        return case.id


def file_report(database: Database, settings: object, **fields: object) -> tuple[int, str]:
    """A report filed by a platform key through the cases service; returns (case id, platform key)."""
    from kidsafe.auth import lookup_api_key
    from kidsafe.cases import service
    from tests.conftest import make_key

    key = str(fields.pop("key", "") or make_key(database, "platform"))
    values: dict[str, object] = dict(subject_type="content", subject_id=f"msg-{uuid.uuid4().hex[:8]}",
                                     reason="harassment", account_id="acct-7",
                                     content_text="you are a synthetic insult", reporter_id="reporter-1")
    values.update(fields)
    with database.session() as s:
        principal = lookup_api_key(s, key)
        assert principal is not None
        report = service.submit_report(s, principal, service.ReportInput(**values), settings=settings)  # type: ignore[arg-type]
        return report.case_id, key


def platform_principal(database: Database, key: str):  # type: ignore[no-untyped-def]
    from kidsafe.auth import lookup_api_key

    with database.session() as s:
        return lookup_api_key(s, key)
