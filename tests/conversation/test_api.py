"""``POST /v1/conversations/{id}/messages`` and ``GET /v1/conversations/{id}/risk`` (SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from kidsafe.config import Settings
from kidsafe.store.db import Database
from kidsafe.store.models import Event
from tests.conversation.helpers import COACH, GROOMING, SEXTORTION_EN, SEXTORTION_FR, VICTIM, message_dicts

URL = "/v1/conversations/{}/messages"


def _fields(r) -> list[str]:  # type: ignore[no-untyped-def]
    return [f["field"] for f in r.json()["error"].get("fields", [])]


def test_one_message_and_a_batch(client: TestClient, auth: dict[str, str]) -> None:
    msgs = message_dicts(GROOMING)
    r = client.post(URL.format("c1"), json=msgs[0], headers=auth)
    assert r.status_code == 200, r.text
    numeric = client.post(URL.format("n1"), json={"id": 17, "sender": 42, "recipients": [7], "text": "hi"},
                          headers=auth)
    assert numeric.status_code == 200 and numeric.json()["results"][0]["id"] == "17"
    body = r.json()
    assert body["conversation_id"] == "c1"
    (one,) = body["results"]
    assert one["id"] == "m0" and one["position"] == 0 and one["duplicate"] is False
    assert {"lang", "scores", "flags", "severity", "evidence"} <= set(one["analysis"])
    assert {"grooming", "sextortion", "level", "stages", "reasons", "alert_at", "messages"} <= set(body["risk"])
    r = client.post(URL.format("c1"), json={"messages": msgs}, headers=auth)  # m0 again + the rest
    assert r.status_code == 200, r.text
    body = r.json()
    assert [x["duplicate"] for x in body["results"]] == [True] + [False] * (len(msgs) - 1)
    assert body["risk"]["messages"] == len(msgs)


def test_grooming_raises_alerts_once_and_risk_is_readable(client: TestClient, auth: dict[str, str],
                                                          database: Database) -> None:
    msgs = message_dicts(GROOMING)
    raised = []
    for m in msgs:
        r = client.post(URL.format("g1"), json=m, headers=auth)
        assert r.status_code == 200, r.text
        raised += r.json()["alerts"]
    assert raised, "an adult grooming a 12-year-old must raise an alert"
    levels = [a["level"] for a in raised]
    assert levels == sorted(set(levels))  # each level at most once, rising
    client.post(URL.format("g1"), json={"messages": msgs}, headers=auth)  # redelivery raises nothing
    with database.session() as s:
        stored = [e.payload["level"] for e in s.scalars(select(Event).where(Event.type == "conversation.alert"))]
    assert stored == levels
    r = client.get("/v1/conversations/g1/risk", headers=auth)
    assert r.status_code == 200
    risk = r.json()
    assert risk["level"] >= 1 and risk["suspect_id"] == "adult1" and risk["target_age_band"] == "under_13"
    assert risk["alert_at"] == raised[0]["alert_at"] and [a["level"] for a in risk["alerts"]] == levels
    assert risk["stages"]["secrecy_isolation"] == ["m5"]
    assert any("adult" in x for x in risk["reasons"])
    r = client.post(URL.format("ok1"), json={"messages": message_dicts(COACH)}, headers=auth)
    assert r.json()["alerts"] == [] and r.json()["risk"]["level"] == 0


def test_sextortion_en_fr_and_victim_reports_alert(client: TestClient, auth: dict[str, str]) -> None:
    for cid, conv in (("s-en", SEXTORTION_EN), ("s-fr", SEXTORTION_FR), ("s-victim", VICTIM)):
        r = client.post(URL.format(cid), json={"messages": message_dicts(conv)}, headers=auth)
        assert r.status_code == 200, r.text
        alerts = r.json()["alerts"]
        assert alerts, cid
        assert alerts[-1]["sextortion"] >= 0.5 and alerts[-1]["grooming"] < 0.5, cid
        assert any(st.startswith("sextortion_") for st in alerts[-1]["stages"]), cid


def test_unknown_conversation_is_404_and_a_key_is_required(client: TestClient, auth: dict[str, str]) -> None:
    r = client.get("/v1/conversations/nope/risk", headers=auth)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found" and _fields(r) == ["conversation_id"]
    assert client.get("/v1/conversations/nope/risk").status_code == 401
    assert client.post(URL.format("c1"), json=message_dicts(COACH)[0]).status_code == 401
    bad = {"Authorization": "Bearer not-a-key"}
    assert client.post(URL.format("c1"), json=message_dicts(COACH)[0], headers=bad).status_code == 401


def test_bad_input_names_the_field(client: TestClient, auth: dict[str, str]) -> None:
    good = message_dicts(COACH)[0]
    cases = [
        ({**good, "bogus": 1}, "bogus"),
        ({k: v for k, v in good.items() if k != "text"}, "text"),
        ({**good, "sender_age_band": "toddler"}, "sender_age_band"),
        ({**good, "id": ""}, "id"),
        ({**good, "ts": "yesterday"}, "ts"),
        ({**good, "recipients": "bob"}, "recipients"),
        ({"messages": []}, "messages"),
        ({"messages": [good, {**good, "id": ["m9"]}]}, "messages[1].id"),
        ({**good, "text": 42}, "text"),
        ({"messages": [good], "extra": True}, "extra"),
    ]
    for body, field in cases:
        r = client.post(URL.format("c1"), json=body, headers=auth)
        assert r.status_code == 422, (body, r.text)
        assert field in _fields(r), (field, r.json())
    r = client.post(URL.format("c1"), json=["not", "an", "object"], headers=auth)
    assert r.status_code == 422 and _fields(r) == ["body"]
    r = client.post(URL.format("c1"), content=b"{not json", headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 422
    r = client.post(URL.format("x" * 201), json=good, headers=auth)
    assert r.status_code == 422 and "path.conversation_id" in _fields(r)
    assert client.get("/v1/conversations/c1/risk", headers=auth).status_code == 404  # nothing was counted


def test_limits_come_from_settings(settings: Settings, database: Database, auth: dict[str, str]) -> None:
    from kidsafe.api.app import create_app

    small = Settings(**{**settings.__dict__, "max_batch": 2, "max_text_chars": 40})
    with TestClient(create_app(small, database, migrate=False)) as c:
        msgs = message_dicts(COACH)
        r = c.post(URL.format("c1"), json={"messages": msgs}, headers=auth)
        assert r.status_code == 413 and _fields(r) == ["messages"]
        r = c.post(URL.format("c1"), json={"messages": [{**msgs[1], "text": "short"}, msgs[0]]}, headers=auth)
        assert r.status_code == 413 and _fields(r) == ["messages[1].text"]
        r = c.post(URL.format("c1"), json=msgs[0], headers=auth)
        assert r.status_code == 413 and _fields(r) == ["text"]
        assert c.get("/v1/conversations/c1/risk", headers=auth).status_code == 404


def test_a_restarted_app_continues(settings: Settings, database: Database, auth: dict[str, str]) -> None:
    from kidsafe.api.app import create_app

    msgs = message_dicts(GROOMING)
    with TestClient(create_app(settings, database, migrate=False)) as c:
        assert c.post(URL.format("c1"), json={"messages": msgs[:5]}, headers=auth).status_code == 200
        before = c.get("/v1/conversations/c1/risk", headers=auth).json()
    db2 = Database(database.url)
    try:
        with TestClient(create_app(settings, db2, migrate=False)) as c:
            assert c.get("/v1/conversations/c1/risk", headers=auth).json()["messages"] == 5
            r = c.post(URL.format("c1"), json={"messages": msgs[3:]}, headers=auth)
            assert [x["duplicate"] for x in r.json()["results"][:2]] == [True, True]
            after = c.get("/v1/conversations/c1/risk", headers=auth).json()
    finally:
        db2.dispose()
    assert after["messages"] == len(msgs)
    assert after["alerts"][: len(before["alerts"])] == before["alerts"]
    assert len({a["level"] for a in after["alerts"]}) == len(after["alerts"])


def test_delete_erases_a_conversation(client: TestClient, auth: dict[str, str], database: Database) -> None:
    from tests.conftest import make_key

    msgs = message_dicts(GROOMING)
    assert client.post(URL.format("gone"), json={"messages": msgs}, headers=auth).status_code == 200
    other = {"Authorization": f"Bearer {make_key(database, 'platform')}"}
    assert client.delete("/v1/conversations/gone", headers=other).status_code == 404
    assert client.delete("/v1/conversations/gone").status_code == 401
    assert client.delete("/v1/conversations/gone", headers=auth).status_code == 204
    assert client.get("/v1/conversations/gone/risk", headers=auth).status_code == 404
    assert client.delete("/v1/conversations/gone", headers=auth).status_code == 404
    r = client.post(URL.format("gone"), json=msgs[0], headers=auth)  # a redelivery after erasure starts afresh
    assert r.json()["results"][0]["duplicate"] is False and r.json()["risk"]["messages"] == 1
