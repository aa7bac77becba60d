"""End to end in headless Chromium (Debian's, never downloaded): a report sent through the API appears in the
queue, a moderator signs in and acts, the statement of reasons and both notices exist, the user appeals through
the API, a second moderator reverses, and the audit log verifies in the audit view.

Runs a real uvicorn server on 127.0.0.1 (free port, temp SQLite store) in a background thread
(fixtures ``live_server`` and ``browser`` in ``tests/web/conftest.py``).
Set ``KIDSAFE_E2E_SCREENSHOTS=<dir>`` to keep screenshots of the queue and the case page.
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_key
from tests.web.helpers import PASSWORD, make_staff

pytestmark = pytest.mark.browser


def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/console/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/console/queue")


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("KIDSAFE_E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_report_to_reversed_appeal_in_the_browser(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright import sync_api

    base, db = live_server
    key = make_key(db, "platform", "e2e-platform")
    first, second = make_staff(db, "moderator", "mod-ada"), make_staff(db, "moderator", "mod-ben")
    api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=10)

    # 1. a report through the API, acknowledged with a tracking id
    r = api.post("/v1/reports", json={
        "subject_type": "content", "subject_id": "msg-e2e-1", "account_id": "acct-e2e", "reason": "harassment",
        "content_text": "you are a synthetic insult", "details": "they keep saying this", "reporter_id": "rep-e2e",
        "reporter_is_child_concerned": True})
    assert r.status_code in (200, 201), r.text
    tracking_id = r.json()["tracking_id"]

    # 2. it appears in the queue; the first moderator opens it and acts
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, base, first)
    row = page.get_by_role("row").filter(has_text="msg-e2e-1")
    assert row.count() == 1
    _shot(page, "queue")
    row.get_by_role("link").first.click()
    page.wait_for_url(f"{base}/console/cases/*")
    case_url = page.url
    content = page.locator("#sensitive-content")
    assert "sensitive" in (content.get_attribute("class") or "")
    assert "revealed" not in (content.get_attribute("class") or "")
    filter_css = content.evaluate("el => getComputedStyle(el).filter")
    assert "blur" in filter_css and "grayscale" in filter_css
    _shot(page, "case")
    page.get_by_role("button", name="Reveal content").click()
    assert "revealed" in (content.get_attribute("class") or "")
    sync_api.expect(content).to_have_css("filter", "none")
    page.get_by_label("Remove the content").check()
    page.get_by_role("checkbox", name="the account").check()
    page.get_by_label("Facts and circumstances relied on").fill(
        "The message insults another user, against the community rules on harassment.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_url(f"{case_url}?done=decided")
    assert page.get_by_text("Decision recorded").is_visible()
    _shot(page, "case-decided")

    # 3. the statement of reasons and both notices exist
    page.get_by_text("Statement of reasons").first.click()
    assert page.get_by_text("DECISION_GROUND_INCOMPATIBLE_CONTENT").first.is_visible()
    notices = page.locator("section[aria-labelledby=h-notices] tbody tr")
    recipients = {notices.nth(i).locator("td").first.inner_text() for i in range(notices.count())}
    assert {"affected user", "reporter"} <= recipients
    status = api.get(f"/v1/reports/{tracking_id}")
    assert status.status_code == 200, status.text

    # 4. the affected user appeals through the API
    from sqlalchemy import select

    from kidsafe.store.models.cases import CaseAction

    with db.session() as s:
        action_id = s.scalar(select(CaseAction.id).where(CaseAction.account_id == "acct-e2e"))
    r = api.post("/v1/appeals", json={"action_id": action_id, "account_id": "acct-e2e",
                                      "statement": "It was a joke between friends."})
    assert r.status_code in (200, 201), r.text

    # the first moderator may not decide an appeal against their own decision
    page.goto(f"{base}/console/appeals")
    page.locator("main table").get_by_role("link", name="Appeal apl_").first.click()
    page.wait_for_url(f"{base}/console/appeals/*")
    assert page.get_by_text("another moderator must decide").is_visible()
    appeal_url = page.url
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/console/login*")

    # 5. a second moderator reverses
    _sign_in(page, base, second)
    page.goto(appeal_url)
    page.get_by_label("reversed", exact=True).check()
    page.get_by_label("Reason for the outcome").fill("Context shows friendly banter; the removal is lifted.")
    page.get_by_role("button", name="Record the appeal decision").click()
    page.wait_for_url(f"{appeal_url}?done=decided")
    assert page.get_by_text("Appeal decided").is_visible()
    page.goto(case_url)
    assert page.get_by_text("reversed").first.is_visible()

    # 6. the audit log verifies
    page.get_by_role("link", name="Audit log").click()
    page.get_by_role("button", name="Verify the audit chain").click()
    result = page.locator("#verify-result")
    assert "Verified:" in result.inner_text()
    _shot(page, "audit")
    context.close()
    api.close()
