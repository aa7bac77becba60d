"""sexual_minors cases are for child-safety specialists (and admins) only, on EVERY console page and /v1 endpoint:
moderators neither open them nor learn of them through the queue, filters, appeals, notices, reports or audit log.
Also: reported images stay blurred and greyscale until revealed."""

from __future__ import annotations

from kidsafe.cases import service
from tests.conftest import make_key
from tests.web.helpers import csrf_of, file_report, make_staff, platform_principal, seed_case, sign_in

FACTS = "The image shows sexual abuse of a child, confirmed by a specialist."
HIDDEN = ("sexual_minors", "sexual minors")


def _restricted_workflow(database, settings):  # type: ignore[no-untyped-def]
    """A sexual_minors case acted on by a specialist and appealed; a harassment case beside it."""
    visible_id, key = file_report(database, settings)
    case_id, _ = file_report(database, settings, key=key, reason="sexual_minors", subject_id="img-secret",
                             content_type="image", content_text=None, content_url="https://cdn.example/i/1.png")
    specialist = service.ActionInput(action="remove", decision_facts=FACTS, ground="illegal",
                                     legal_ground="Directive 2011/93/EU Art. 5")
    from kidsafe.auth import Principal, Role

    sam = Principal("staff", 99, "sam", Role.CHILD_SAFETY_SPECIALIST)
    with database.session() as s:
        action = service.take_action(s, sam, case_id, specialist, settings=settings)
        tracking = service.reports_for_case(s, case_id)[0].tracking_id
        appeal = service.submit_appeal(s, platform_principal(database, key), action.id, "acct-7", "not me",
                                       settings=settings)
        return visible_id, case_id, action.id, appeal.id, tracking


def test_console_pages_never_show_restricted_cases_to_moderators(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    visible_id, case_id, _, appeal_id, _ = _restricted_workflow(database, settings)
    token = sign_in(client, make_staff(database, "moderator"))
    for path in ("/console/queue", "/console/queue?status=closed", "/console/appeals",
                 "/console/appeals?status=pending", "/console/notices", "/console/audit", "/console/audit?verify=1"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert not any(h in page.text for h in HIDDEN), path
        assert f"/console/cases/{case_id}\"" not in page.text and f"/console/appeals/{appeal_id}\"" not in page.text
    assert f"/console/cases/{visible_id}" in client.get("/console/queue").text
    assert client.get("/console/queue?category=sexual_minors").status_code == 403
    assert client.get(f"/console/cases/{case_id}").status_code == 403
    assert client.get(f"/console/appeals/{appeal_id}").status_code == 403
    r = client.post(f"/console/cases/{case_id}/assign", data={"csrf_token": token, "assignee": ""})
    assert r.status_code == 403
    r = client.post(f"/console/cases/{case_id}/act", data={"csrf_token": token, "action": "no_violation"})
    assert r.status_code == 403
    r = client.post(f"/console/appeals/{appeal_id}/decide", data={"csrf_token": token, "outcome": "reversed"})
    assert r.status_code == 403
    # the specialist sees all of it
    client.cookies.clear()
    sign_in(client, make_staff(database, "child_safety_specialist"))
    assert f"/console/appeals/{appeal_id}" in client.get("/console/appeals").text
    assert "sexual minors" in client.get(f"/console/cases/{case_id}").text
    assert "sexual_minors" in client.get("/console/audit").text


def test_api_endpoints_never_show_restricted_cases_to_moderators(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    visible_id, case_id, action_id, appeal_id, tracking = _restricted_workflow(database, settings)
    mod = {"Authorization": f"Bearer {make_key(database, 'moderator')}"}
    spec = {"Authorization": f"Bearer {make_key(database, 'child_safety_specialist')}"}
    for path in ("/v1/cases", "/v1/cases?status=closed", "/v1/appeals", "/v1/appeals?status=pending",
                 "/v1/notices", f"/v1/notices?case_id={case_id}"):
        r = client.get(path, headers=mod)
        assert r.status_code == 200, path
        assert not any(h in r.text for h in HIDDEN), path
        assert all(i.get("case_id", i.get("id")) != case_id for i in r.json()["items"]), path
    assert any(i["id"] == visible_id for i in client.get("/v1/cases", headers=mod).json()["items"])
    assert client.get("/v1/cases?category=sexual_minors", headers=mod).status_code == 403
    assert client.get(f"/v1/cases/{case_id}", headers=mod).status_code == 403
    assert client.post(f"/v1/cases/{case_id}/assign", headers=mod, json={}).status_code == 403
    r = client.post(f"/v1/cases/{case_id}/actions", headers=mod, json={"action": "no_violation"})
    assert r.status_code == 403
    assert client.get(f"/v1/appeals/{appeal_id}", headers=mod).status_code == 403
    r = client.post(f"/v1/appeals/{appeal_id}/decision", headers=mod, json={"outcome": "reversed"})
    assert r.status_code == 403
    assert client.get(f"/v1/reports/{tracking}", headers=mod).status_code == 404
    stats_mod = client.get("/v1/cases:stats", headers=mod).json()
    stats_spec = client.get("/v1/cases:stats", headers=spec).json()
    assert stats_mod["open"] == stats_spec["open"] == 1  # the restricted case is closed; its count is not leaked
    # the specialist sees every one of them
    assert client.get(f"/v1/cases/{case_id}", headers=spec).json()["category"] == "sexual_minors"
    assert client.get(f"/v1/reports/{tracking}", headers=spec).json()["outcome"] == "remove"
    assert client.get(f"/v1/appeals/{appeal_id}", headers=spec).json()["action_id"] == action_id
    assert any(n["case_id"] == case_id for n in client.get("/v1/notices", headers=spec).json()["items"])


def test_a_platform_cannot_read_or_appeal_for_another_platform(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    _, case_id, action_id, appeal_id, tracking = _restricted_workflow(database, settings)
    other = {"Authorization": f"Bearer {make_key(database, 'platform')}"}
    assert client.get(f"/v1/reports/{tracking}", headers=other).status_code == 404
    assert client.get(f"/v1/appeals/{appeal_id}", headers=other).status_code == 404
    assert all(n["case_id"] != case_id for n in client.get("/v1/notices", headers=other).json()["items"])
    r = client.post("/v1/appeals", headers=other, json={"action_id": action_id, "account_id": "acct-7"})
    assert r.status_code == 404 and r.json()["error"]["fields"][0]["field"] == "action_id"


def test_reported_images_are_blurred_and_greyscale_until_revealed(client, database) -> None:  # type: ignore[no-untyped-def]
    case_id = seed_case(database, content_type="image", content_url="https://cdn.example/i/2.png",
                        evidence_text=None, detector_evidence=[])
    sign_in(client, make_staff(database, "moderator"))
    page = client.get(f"/console/cases/{case_id}").text
    block = page.split('id="sensitive-content"', 1)[1].split("</div>", 1)[0]
    assert 'class="sensitive"' in block and '<img src="https://cdn.example/i/2.png"' in block
    assert "revealed" not in block and 'data-reveal="sensitive-content"' in page
    css = client.get("/console/static/console.css").text
    rule = css.split(".sensitive {", 1)[1].split("}", 1)[0]
    assert "blur(" in rule and "grayscale(1)" in rule
    assert ".sensitive.revealed { filter: none" in css
    assert csrf_of(page)
