"""The console shows the notices outbox (delivery status, failures, admin retry), the account's history and
strikes on the case page, and partial reversals of appeals."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from kidsafe.cases import service
from kidsafe.config import Settings
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Appeal, CaseAction, Notice
from tests.web.helpers import file_report, make_staff, platform_principal, sign_in

FACTS = "The message insults another user repeatedly, against the community rules."


def _decide(client, case_id: int, token: str, **fields: str):  # type: ignore[no-untyped-def]
    data = {"csrf_token": token, "action": "remove", "on_content": "1", "on_account": "1",
            "ground": "incompatible", "decision_facts": FACTS, **fields}
    return client.post(f"/console/cases/{case_id}/act", data=data, follow_redirects=False)


def _row(page: str, notice_id: int) -> str:
    match = re.search(rf'<tr><td class="num">{notice_id}</td>.*?</tr>', page, re.S)
    assert match, f"notice {notice_id} is not listed"
    return match.group(0)


def test_failed_webhook_notices_show_and_an_admin_retries_them(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    case_id, key = file_report(database, settings)
    with database.session() as s:
        service.register_webhook(s, platform_principal(database, key), "http://127.0.0.1:9/hook")
    token = sign_in(client, make_staff(database, "moderator"))
    assert _decide(client, case_id, token).status_code == 303
    quick = Settings.from_env(database_url=database.url, webhook_max_attempts=2)
    with database.session() as s:
        service.deliver_due(s, transport=lambda *a: 503, settings=quick)
        later = utcnow() + timedelta(hours=1)
        service.deliver_due(s, later, transport=lambda *a: 503, settings=quick)
        notices = list(s.scalars(select(Notice).where(Notice.case_id == case_id).order_by(Notice.id)))
        assert {n.status for n in notices} == {"failed"} and len(notices) == 2
        ids = [n.id for n in notices]
    page = client.get("/console/notices?status=failed").text
    rows = [_row(page, i) for i in ids]
    assert any("affected user" in r and "statement of reasons" in r for r in rows)
    assert any("reporter" in r and "report outcome" in r for r in rows)
    assert all("HTTP 503" in r and "Retry" not in r for r in rows)  # moderators cannot retry
    assert client.post(f"/console/notices/{ids[0]}/retry", data={"csrf_token": token}).status_code == 403

    client.cookies.clear()
    admin_token = sign_in(client, make_staff(database, "admin"))
    assert f'aria-label="Retry notice {ids[0]}"' in client.get("/console/notices?status=failed").text
    r = client.post(f"/console/notices/{ids[0]}/retry", data={"csrf_token": admin_token}, follow_redirects=False)
    assert r.status_code == 303
    assert "pending" in _row(client.get("/console/notices?status=pending").text, ids[0])
    with database.session() as s:
        assert service.deliver_due(s, transport=lambda *a: 204, settings=quick).delivered == 1
    assert "delivered" in _row(client.get("/console/notices").text, ids[0])


def test_case_page_shows_the_accounts_history_and_strikes(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    first, key = file_report(database, settings, account_id="acct-31")
    token = sign_in(client, make_staff(database, "moderator"))
    assert _decide(client, first, token).status_code == 303
    second, _ = file_report(database, settings, key=key, account_id="acct-31")
    page = client.get(f"/console/cases/{second}").text
    section = page.split('id="h-account"', 1)[1].split("</section>", 1)[0]
    assert "<dt>Strikes</dt><dd>1</dd>" in section
    assert f'href="/console/cases/{first}"' in section and "remove" in section


def test_partial_reversal_from_the_console(app, database, settings) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    case_id, key = file_report(database, settings)
    with TestClient(app) as one, TestClient(app) as two:
        t1 = sign_in(one, make_staff(database, "moderator"))
        assert _decide(one, case_id, t1).status_code == 303
        with database.session() as s:
            action = s.scalar(select(CaseAction).where(CaseAction.case_id == case_id))
            appeal_id = service.submit_appeal(s, platform_principal(database, key), action.id, "acct-7",
                                              settings=settings).id
        t2 = sign_in(two, make_staff(database, "moderator"))
        r = two.post(f"/console/appeals/{appeal_id}/decide", data={
            "csrf_token": t2, "outcome": "partially_reversed", "replacement_action": "ban",
            "note": "A lighter measure fits."})
        assert r.status_code == 422 and "lighter" in r.text
        r = two.post(f"/console/appeals/{appeal_id}/decide", data={
            "csrf_token": t2, "outcome": "partially_reversed", "replacement_action": "label",
            "note": "The content may stay with a label."}, follow_redirects=False)
        assert r.status_code == 303, r.text
    with database.session() as s:
        appeal = s.get(Appeal, appeal_id)
        assert appeal is not None and appeal.status == "partially_reversed"
        new = s.get(CaseAction, appeal.new_action_id)
        assert new is not None and new.action == "label" and new.replaces_action_id == action.id
        kinds = {n.kind for n in s.scalars(select(Notice).where(Notice.case_id == case_id))}
        assert {"statement_of_reasons", "appeal_outcome"} <= kinds
