"""The /v1 routes: the whole workflow over HTTP, role boundaries and bad input."""

from datetime import timedelta

from kidsafe.cases.notices import verify_signature
from kidsafe.store.db import utcnow

from ..conftest import make_key
from .helpers import RecordingTransport

FACTS = "Insults aimed at a younger player."


def _h(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_workflow_over_http(client, database, app) -> None:  # type: ignore[no-untyped-def]
    platform, other = _h(make_key(database, "platform")), _h(make_key(database, "platform"))
    mod_a, mod_b = _h(make_key(database, "moderator")), _h(make_key(database, "moderator"))
    admin = _h(make_key(database, "admin"))
    hook = client.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=platform)
    assert hook.status_code == 201
    secret = hook.json()["secret"]
    body = {"subject_type": "content", "subject_id": "msg-1", "reason": "harassment", "account_id": "user-42",
            "content_text": "you are a loser", "reporter_id": "user-7", "reporter_is_child_concerned": True}
    ack = client.post("/v1/reports", json=body, headers=platform)
    assert ack.status_code == 201 and ack.json()["status"] == "received"
    tid = ack.json()["tracking_id"]
    assert client.get(f"/v1/reports/{tid}", headers=platform).json()["status"] == "received"
    assert client.get(f"/v1/reports/{tid}", headers=other).status_code == 404  # not another platform's business

    queue = client.get("/v1/cases", headers=mod_a).json()
    case_id = queue["items"][0]["id"]
    assert queue["items"][0]["minor_involved"] and queue["next_cursor"] is None
    assert client.post(f"/v1/cases/{case_id}/assign", json={}, headers=mod_a).json()["assigned_to"]
    detail = client.get(f"/v1/cases/{case_id}", headers=mod_a).json()
    assert detail["content"]["text"] == "you are a loser" and detail["reports"][0]["reporter_is_child_concerned"]

    acted = client.post(f"/v1/cases/{case_id}/actions", headers=mod_a, json={
        "action": "suspend", "on_account": True, "decision_facts": FACTS,
        "end_date": (utcnow() + timedelta(days=7)).isoformat()})
    assert acted.status_code == 201, acted.text
    action_id = acted.json()["action"]["id"]
    assert acted.json()["statement_of_reasons"]["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert client.get(f"/v1/reports/{tid}", headers=platform).json()["status"] == "action_taken"

    transport = RecordingTransport(200)
    app.state.webhook_transport = transport
    assert client.post("/v1/notices:deliver", headers=admin).json()["delivered"] == 2
    assert client.post("/v1/notices:deliver", headers=mod_a).status_code == 403
    for _, raw, headers in transport.calls:
        assert verify_signature(secret, headers["X-Kidsafe-Timestamp"], raw, headers["X-Kidsafe-Signature"])
    kinds = {n["kind"] for n in client.get("/v1/notices", headers=platform).json()["items"]}
    assert kinds == {"statement_of_reasons", "report_outcome"}

    appeal = client.post("/v1/appeals", headers=platform,
                         json={"action_id": action_id, "account_id": "user-42", "statement": "I am sorry"})
    assert appeal.status_code == 201
    appeal_id = appeal.json()["id"]
    assert client.post(f"/v1/appeals/{appeal_id}/decision", headers=mod_a,
                       json={"outcome": "reversed"}).status_code == 403
    decided = client.post(f"/v1/appeals/{appeal_id}/decision", headers=mod_b,
                          json={"outcome": "reversed", "note": "Banter between friends."})
    assert decided.json()["status"] == "reversed"
    assert client.get(f"/v1/cases/{case_id}", headers=mod_b).json()["account"]["status"] == "active"
    verify = client.get("/v1/audit:verify", headers=mod_b).json()
    assert verify["ok"] and verify["entries"] > 5


def test_role_boundaries(client, database) -> None:  # type: ignore[no-untyped-def]
    platform = _h(make_key(database, "platform"))
    mod, spec = _h(make_key(database, "moderator")), _h(make_key(database, "child_safety_specialist"))
    r = client.post("/v1/reports", headers=platform, json={"subject_type": "content", "subject_id": "img-1",
                                                           "reason": "sexual_minors", "content_type": "image",
                                                           "content_url": "https://cdn.example/img-1"})
    assert r.status_code == 201
    case_id = client.get("/v1/cases", headers=spec).json()["items"][0]["id"]
    assert client.get(f"/v1/cases/{case_id}", headers=mod).status_code == 403
    assert client.get("/v1/cases", headers=mod).json()["items"] == []
    detail = client.get(f"/v1/cases/{case_id}", headers=spec).json()
    assert detail["content"]["blur_until_revealed"] is True
    assert client.get("/v1/cases", headers=platform).status_code == 403
    assert client.post("/v1/reports", headers=mod, json={"subject_type": "content", "subject_id": "x",
                                                         "reason": "hate"}).status_code == 403
    assert client.get("/v1/cases").status_code == 401
    assert client.post("/v1/cases:ingest", headers=mod).status_code == 403


def test_bad_input_names_the_field(client, database) -> None:  # type: ignore[no-untyped-def]
    platform, mod = _h(make_key(database, "platform")), _h(make_key(database, "moderator"))
    bad = client.post("/v1/reports", headers=platform, json={"subject_type": "content", "subject_id": "m",
                                                             "reason": "spam"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "reason"
    extra = client.post("/v1/reports", headers=platform, json={"subject_type": "content", "subject_id": "m",
                                                               "reason": "hate", "colour": "red"})
    assert extra.status_code == 422 and extra.json()["error"]["fields"][0]["field"] == "colour"
    long = client.post("/v1/reports", headers=platform, json={"subject_type": "content", "subject_id": "m",
                                                              "reason": "hate", "details": "x" * 6000})
    assert long.status_code == 422 and long.json()["error"]["fields"][0]["field"] == "details"
    client.post("/v1/reports", headers=platform, json={"subject_type": "content", "subject_id": "m",
                                                       "reason": "hate", "account_id": "u1"})
    case_id = client.get("/v1/cases", headers=mod).json()["items"][0]["id"]
    no_end = client.post(f"/v1/cases/{case_id}/actions", headers=mod,
                         json={"action": "suspend", "decision_facts": FACTS})
    assert no_end.status_code == 422 and no_end.json()["error"]["fields"][0]["field"] == "end_date"
    naive = client.post(f"/v1/cases/{case_id}/actions", headers=mod,
                        json={"action": "suspend", "decision_facts": FACTS, "end_date": "2030-01-01T00:00:00"})
    assert naive.status_code == 422 and naive.json()["error"]["fields"][0]["field"] == "end_date"
    assert client.get("/v1/cases/999999", headers=mod).status_code == 404
    assert client.get("/v1/cases", headers=mod, params={"cursor": "nope"}).status_code == 422
    assert client.post("/v1/webhooks", headers=platform, json={"url": "file:///etc/passwd"}).status_code == 422
    assert client.post("/v1/appeals", headers=platform,
                       json={"action_id": 12345, "account_id": "u1"}).status_code == 404
