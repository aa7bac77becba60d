"""The family endpoints: keys required, errors naming the field, batch usage keeping good records, limits."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import make_key
from tests.family.helpers import Clock


def test_family_endpoints_need_a_platform_key(client, database) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/v1/sessions:check", json={"child_id": "a"}).status_code == 401
    mod = make_key(database, "moderator")
    r = client.put("/v1/children/a", json={"age_band": "under_13"}, headers={"X-API-Key": mod})
    assert r.status_code == 403
    for path in ["/v1/children/a", "/v1/guardians/g/alerts", "/v1/guardians/g/digest", "/v1/children/a/contacts"]:
        assert client.get(path).status_code == 401, path


def test_errors_name_the_field(client, auth) -> None:  # type: ignore[no-untyped-def]
    def field(r):  # type: ignore[no-untyped-def]
        return r.json()["error"]["fields"][0]["field"]

    r = client.put("/v1/children/a", headers=auth, json={"age_band": "toddler"})
    assert r.status_code == 422 and field(r) == "age_band"
    r = client.put("/v1/children/a", headers=auth, json={"age_band": "under_13", "timezone": "Mars/Olympus"})
    assert r.status_code == 422 and field(r) == "timezone"
    r = client.put("/v1/children/a", headers=auth, json={"age_band": "adult"})
    assert r.status_code == 422
    r = client.put("/v1/children/a", headers=auth, json={"age_band": "under_13", "colour": "red"})
    assert r.status_code == 422 and field(r) == "colour"
    assert client.put("/v1/children/a", headers=auth, json={"age_band": "under_13"}).status_code == 201
    r = client.put("/v1/children/a", headers=auth, json={"guardian_ids": ["ok", "a"]})
    assert r.status_code == 422 and field(r) == "guardian_ids[1]"
    r = client.post("/v1/sessions:check", headers=auth, json={"child_id": "zz"})
    assert r.status_code == 404 and field(r) == "child_id"
    r = client.post("/v1/sessions:check", headers=auth, json={"child_id": "a", "at": "2026-03-01T10:00:00"})
    assert r.status_code == 422 and field(r) == "at"
    r = client.put("/v1/children/a/schedules", headers=auth, json={"schedules": [
        {"name": "n", "day_types": ["weekend"], "start": "21:00", "end": "7:00"}]})
    assert r.status_code == 422 and field(r) == "schedules[0].end"
    r = client.put("/v1/children/a/budgets", headers=auth, json={"weekend": -5})
    assert r.status_code == 422 and field(r) == "weekend"
    r = client.put("/v1/children/a/content", headers=auth, json={"max_rating": "PEGI 99"})
    assert r.status_code == 422 and field(r) == "max_rating"
    r = client.put("/v1/children/a/content", headers=auth, json={"blocked_categories": ["sexual", "nope"]})
    assert r.status_code == 422 and field(r) == "blocked_categories[1]"
    r = client.post("/v1/children/a/extra-time", headers=auth, json={"minutes": 10_000})
    assert r.status_code == 422 and field(r) == "minutes"
    r = client.post("/v1/contacts", headers=auth, json={"child_id": "a", "contact_id": "b",
                                                        "contact_age_band": "elder"})
    assert r.status_code == 422 and field(r) == "contact_age_band"
    r = client.post("/v1/content:check", headers=auth, json={"child_id": "a", "categories": ["sexual"]})
    assert r.status_code == 200 and not r.json()["allowed"]


def test_usage_batch_keeps_good_records(client, auth, app) -> None:  # type: ignore[no-untyped-def]
    app.state.family_clock = Clock(datetime(2026, 3, 29, 10, tzinfo=UTC))
    client.put("/v1/children/a", headers=auth, json={"age_band": "13_15", "timezone": "Europe/London"})
    good = {"child_id": "a", "usage_id": "u1", "started_at": "2026-03-29T09:00:00Z",
            "ended_at": "2026-03-29T09:30:00Z"}
    r = client.post("/v1/usage", headers=auth, json={"records": [
        good, {**good, "usage_id": "u2", "ended_at": "2026-03-29T08:00:00Z"}, {**good, "child_id": "ghost"}, good]})
    assert r.status_code == 200
    body = r.json()
    assert (body["accepted"], body["duplicate"], body["error"]) == (1, 1, 2)
    assert body["results"][1]["field"] == "records[1].ended_at"
    r = client.post("/v1/sessions:check", headers=auth, json={"child_id": "a", "at": "2026-03-29T10:00:00Z"})
    assert r.json()["used_seconds"] == 1800 and r.json()["local_time"].endswith("+01:00")  # BST
    # the server clock decides: a device clock an hour ahead is refused, a few seconds' drift is fine
    r = client.post("/v1/sessions:check", headers=auth, json={"child_id": "a", "at": "2026-03-29T11:00:00Z"})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "at"
    r = client.post("/v1/sessions:check", headers=auth, json={"child_id": "a", "at": "2026-03-29T10:00:30Z"})
    assert r.status_code == 200
    r = client.post("/v1/children/a/extra-time", headers=auth, json={"minutes": 5, "at": "2026-03-28T10:00:00Z"})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "at"
    future = {**good, "usage_id": "u9", "started_at": "2026-03-30T09:00:00Z", "ended_at": "2026-03-30T09:30:00Z"}
    r = client.post("/v1/usage", headers=auth, json={"records": [future]}).json()
    assert r["error"] == 1 and r["results"][0]["field"] == "records[0].ended_at"
    r = client.post("/v1/usage", headers=auth, json={"records": [good] * (app.state.settings.max_batch + 1)})
    assert r.status_code == 413 and r.json()["error"]["fields"][0]["field"] == "records"
    r = client.post("/v1/usage", headers=auth, json={"records": []})
    assert r.status_code == 422


def test_guardians_and_transparency_in_french(client, auth) -> None:  # type: ignore[no-untyped-def]
    client.put("/v1/children/a", headers=auth, json={"age_band": "under_13", "country": "fr", "lang": "fr",
                                                     "timezone": "Europe/Paris"})
    assert client.post("/v1/children/a/guardians", headers=auth, json={"guardian_id": "p1"}).status_code == 201
    assert client.post("/v1/children/a/guardians", headers=auth, json={"guardian_id": "p2"}).json()["guardians"] \
        == ["p1", "p2"]
    assert [c["child_id"] for c in client.get("/v1/guardians/p2/children", headers=auth).json()["children"]] == ["a"]
    assert client.delete("/v1/children/a/guardians/p2", headers=auth).json()["guardians"] == ["p1"]
    assert client.delete("/v1/children/a/guardians/p2", headers=auth).status_code == 404
    p2 = client.get("/v1/guardians/p2/notices", headers=auth).json()["notices"]
    assert p2[0]["kind"] == "guardian_removed" and p2[0]["child_id"] == "a"
    client.put("/v1/children/a/budgets", headers=auth, json={"school_day": 0, "weekend": 0, "holiday": 0})
    r = client.post("/v1/sessions:check", headers=auth, json={"child_id": "a"}).json()
    assert r["reason"] == "budget_exhausted" and "Tu as utilisé" in r["message"]
    view = client.get("/v1/children/a/transparency", headers=auth).json()
    assert view["supervised"] and view["guardians"] == ["p1"]
    assert view["settings"]["new_contacts_need_approval"] is True
    assert any(h.get("phone") == "3018" for h in view["help"]), view["help"]
    assert view["notices"][0]["kind"] == "guardian_removed" and "p2" in view["notices"][0]["text"]
    # without any guardian left, the child is told nobody supervises the account
    client.delete("/v1/children/a/guardians/p1", headers=auth)
    view = client.get("/v1/children/a/transparency", headers=auth).json()
    assert view["guardians"] == [] and view["guardians_can_see"] == []
    assert view["summary"] == "Personne ne supervise ce compte."


def test_a_band_set_by_parental_controls_is_a_guardian_declared_age_signal(client, auth) -> None:  # type: ignore[no-untyped-def]
    client.put("/v1/children/kid", headers=auth, json={"age_band": "under_13", "guardian_ids": ["mum"]})
    client.put("/v1/children/kid", headers=auth, json={"age_band": "under_13"})  # the same band: one signal
    info = client.get("/v1/accounts/kid/age-signals", headers=auth).json()
    assert info["age_band"] == "under_13" and info["source"] == "guardian_declared"
    assert [(s["band"], s["source"], s["provider"]) for s in info["signals"]] == \
        [("under_13", "guardian_declared", "family")]
    # decisions about the child use it without the platform sending a band
    d = client.post("/v1/decisions", headers=auth, json={
        "actor": {"id": "someone", "age_band": "adult"}, "target": {"id": "kid"}, "context": "direct_message",
        "analysis": {"scores": {"profanity": 0.9}}, "relationship": "approved_contact"}).json()
    assert d["reasons"]["target_age_band"] == "under_13" and d["action"] == "blur"
    # a later change of band is a new signal; the disagreement is recorded, the newest declaration wins
    client.put("/v1/children/kid", headers=auth, json={"age_band": "13_15"})
    info = client.get("/v1/accounts/kid/age-signals", headers=auth).json()
    assert info["age_band"] == "13_15" and len(info["signals"]) == 2 and len(info["conflicts"]) == 1
