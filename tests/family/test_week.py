"""A family's week through the API, in Europe/Paris across the change to summer time (Sunday 29 March 2026):
budgets, bedtime, school hours, a holiday, extra time approved, a stranger blocked, a purchase, a teen alert
without content, the digest and the child's own view."""

from __future__ import annotations

from datetime import timedelta

from kidsafe import events
from kidsafe.store.db import utcnow
from kidsafe.store.models.family import GuardianAlert
from tests.family.helpers import Clock, iso, paris

SCHEDULES = [
    {"name": "school night", "kind": "bedtime", "day_types": ["school_day"], "start": "20:30", "end": "07:00"},
    {"name": "weekend night", "kind": "bedtime", "day_types": ["weekend", "holiday"], "start": "21:30",
     "end": "08:00"},
    {"name": "school", "kind": "school_hours", "day_types": ["school_day"], "start": "08:30", "end": "16:30"},
]


def _setup(client, auth, app):  # type: ignore[no-untyped-def]
    clock = Clock(paris(2026, 3, 22, 18))
    app.state.family_clock = clock
    r = client.put("/v1/children/lea", headers=auth, json={
        "age_band": "under_13", "timezone": "Europe/Paris", "birth_date": "2015-06-01", "country": "FR",
        "lang": "fr", "guardian_ids": ["mum", "dad"]})
    assert r.status_code == 201, r.text
    assert r.json()["guardians"] == ["dad", "mum"]
    assert client.put("/v1/children/lea/budgets", headers=auth,
                      json={"school_day": 60, "weekend": 120, "holiday": 180}).status_code == 200
    assert client.put("/v1/children/lea/schedules", headers=auth, json={"schedules": SCHEDULES}).status_code == 200
    assert client.put("/v1/children/lea/holidays", headers=auth, json={"dates": ["2026-03-27"]}).status_code == 200
    return clock


def _check(client, auth, clock, at):  # type: ignore[no-untyped-def]
    clock.set(at)
    r = client.post("/v1/sessions:check", headers=auth, json={"child_id": "lea"})
    assert r.status_code == 200, r.text
    return r.json()


def _usage(client, auth, uid, start, end, clock=None):  # type: ignore[no-untyped-def]
    """The platform reports a play session once it has ended (by the server clock)."""
    if clock is not None and clock.now < end:
        clock.set(end)
    r = client.post("/v1/usage", headers=auth, json={"records": [
        {"child_id": "lea", "usage_id": uid, "started_at": iso(start), "ended_at": iso(end)}]})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_week_of_screen_time(client, auth, app) -> None:  # type: ignore[no-untyped-def]
    clock = _setup(client, auth, app)

    # Monday after school: an hour on a school day, stopped by bedtime at 20:30 at the latest.
    c = _check(client, auth, clock, paris(2026, 3, 23, 17))
    assert c["allowed"] and c["day_type"] == "school_day" and c["remaining_seconds"] == 3600
    assert c["local_time"].startswith("2026-03-23T17:00:00+01:00")
    assert _usage(client, auth, "u1", paris(2026, 3, 23, 17), paris(2026, 3, 23, 17, 45), clock)["accepted"] == 1
    again = _usage(client, auth, "u1", paris(2026, 3, 23, 17), paris(2026, 3, 23, 17, 45), clock)
    assert again["duplicate"] == 1 and again["accepted"] == 0  # counted once
    c = _check(client, auth, clock, paris(2026, 3, 23, 17, 50))
    assert c["used_seconds"] == 45 * 60 and c["remaining_seconds"] == 15 * 60
    _usage(client, auth, "u2", paris(2026, 3, 23, 17, 50), paris(2026, 3, 23, 18, 5), clock)
    c = _check(client, auth, clock, paris(2026, 3, 23, 18, 10))
    assert not c["allowed"] and c["reason"] == "budget_exhausted"
    assert c["blocked_until"] == paris(2026, 3, 24, 0).isoformat()

    # She asks for 20 more minutes; a stranger to the family cannot decide; mum approves 15.
    r = client.post("/v1/children/lea/extra-time", headers=auth, json={"minutes": 20, "reason": "finish my level"})
    assert r.status_code == 201 and r.json()["status"] == "pending" and r.json()["local_date"] == "2026-03-23"
    rid = r.json()["id"]
    r = client.post(f"/v1/extra-time/{rid}:decide", headers=auth, json={"guardian_id": "neighbour", "approve": True})
    assert r.status_code == 403 and r.json()["error"]["fields"][0]["field"] == "guardian_id"
    r = client.post(f"/v1/extra-time/{rid}:decide", headers=auth,
                    json={"guardian_id": "mum", "approve": True, "minutes": 15})
    assert r.status_code == 200 and r.json()["status"] == "approved" and r.json()["minutes"] == 15
    assert client.post(f"/v1/extra-time/{rid}:decide", headers=auth,
                       json={"guardian_id": "dad", "approve": False}).status_code == 409
    c = _check(client, auth, clock, paris(2026, 3, 23, 18, 10))
    assert c["allowed"] and c["extra_seconds"] == 900 and c["remaining_seconds"] == 900

    # Bedtime on a school night, still on at 06:30 the next morning, school hours on Tuesday.
    c = _check(client, auth, clock, paris(2026, 3, 23, 21))
    assert not c["allowed"] and c["reason"] == "bedtime" and c["blocked_until"] == paris(2026, 3, 24, 7).isoformat()
    c = _check(client, auth, clock, paris(2026, 3, 24, 6, 30))
    assert c["reason"] == "bedtime" and c["schedule"] == "school night"
    c = _check(client, auth, clock, paris(2026, 3, 24, 10))
    assert c["reason"] == "school_hours" and c["blocked_until"] == paris(2026, 3, 24, 16, 30).isoformat()
    c = _check(client, auth, clock, paris(2026, 3, 24, 16, 30))
    assert c["allowed"] and c["used_seconds"] == 0 and c["remaining_seconds"] == 3600  # a new day, a new budget

    # Friday is a family holiday: no school hours, the holiday budget, and the weekend bedtime.
    c = _check(client, auth, clock, paris(2026, 3, 27, 10))
    assert c["allowed"] and c["day_type"] == "holiday" and c["remaining_seconds"] == 180 * 60
    c = _check(client, auth, clock, paris(2026, 3, 27, 21))
    assert c["allowed"] and c["remaining_seconds"] == 30 * 60  # half an hour before the 21:30 bedtime

    # Saturday night: bedtime ends at 08:00 on Sunday, which is already summer time (UTC+2, not UTC+1).
    c = _check(client, auth, clock, paris(2026, 3, 28, 22))
    assert c["reason"] == "bedtime" and c["blocked_until"] == "2026-03-29T06:00:00+00:00"

    # Sunday has 23 hours; 150 minutes of play uses up the weekend budget until local midnight (22:00 UTC).
    c = _check(client, auth, clock, paris(2026, 3, 29, 9))
    assert c["allowed"] and c["local_time"].endswith("+02:00") and c["remaining_seconds"] == 120 * 60
    _usage(client, auth, "u3", paris(2026, 3, 29, 10), paris(2026, 3, 29, 12, 30), clock)
    c = _check(client, auth, clock, paris(2026, 3, 29, 13))
    assert not c["allowed"] and c["reason"] == "budget_exhausted"
    assert c["blocked_until"] == "2026-03-29T22:00:00+00:00"

    # Monday again, in summer time: a fresh school-day budget.
    c = _check(client, auth, clock, paris(2026, 3, 30, 17))
    assert c["allowed"] and c["remaining_seconds"] == 3600 and c["at"] == "2026-03-30T15:00:00+00:00"


def test_a_stranger_is_blocked_and_a_friend_approved(client, auth, app) -> None:  # type: ignore[no-untyped-def]
    _setup(client, auth, app)
    r = client.post("/v1/contacts", headers=auth,
                    json={"child_id": "lea", "contact_id": "stranger42", "contact_age_band": "adult"})
    assert r.status_code == 201 and r.json()["status"] == "pending"
    cid = r.json()["id"]
    r = client.post(f"/v1/contacts/{cid}:decide", headers=auth, json={"guardian_id": "dad", "approve": False})
    assert r.json()["status"] == "denied" and r.json()["decided_by"] == "dad"
    again = client.post("/v1/contacts", headers=auth,
                        json={"child_id": "lea", "contact_id": "stranger42", "contact_age_band": "adult"})
    assert again.status_code == 200 and again.json()["status"] == "denied"  # asking again changes nothing
    r = client.post("/v1/contacts", headers=auth,
                    json={"child_id": "lea", "contact_id": "classmate", "contact_age_band": "under_13"})
    assert r.json()["status"] == "pending"  # under 13: every new contact waits for a guardian
    client.post(f"/v1/contacts/{r.json()['id']}:decide", headers=auth, json={"guardian_id": "mum", "approve": True})
    listed = client.get("/v1/children/lea/contacts", headers=auth).json()["contacts"]
    assert {c["contact_id"]: c["status"] for c in listed} == {"stranger42": "denied", "classmate": "approved"}

    # A 16-year-old adds a peer at once; an adult stranger still waits for a guardian until 16.
    client.put("/v1/children/tom", headers=auth, json={"age_band": "13_15", "guardian_ids": ["mum"]})
    assert client.post("/v1/contacts", headers=auth, json={"child_id": "tom", "contact_id": "pal",
                                                           "contact_age_band": "13_15"}).json()["status"] == "approved"
    assert client.post("/v1/contacts", headers=auth, json={"child_id": "tom", "contact_id": "grownup",
                                                           "contact_age_band": "adult"}).json()["status"] == "pending"


def test_ask_to_buy(client, auth, app) -> None:  # type: ignore[no-untyped-def]
    _setup(client, auth, app)
    body = {"child_id": "lea", "purchase_id": "p1", "item": "Gem pack", "amount_cents": 499, "currency": "eur"}
    r = client.post("/v1/purchases", headers=auth, json=body)
    assert r.status_code == 201 and r.json()["status"] == "pending" and r.json()["currency"] == "EUR"
    assert client.post("/v1/purchases", headers=auth, json=body).status_code == 200  # same request again
    assert client.post("/v1/purchases", headers=auth, json={**body, "amount_cents": 999}).status_code == 409
    r = client.post(f"/v1/purchases/{r.json()['id']}:decide", headers=auth, json={"guardian_id": "mum",
                                                                                  "approve": True})
    assert r.json()["status"] == "approved"


def test_teen_alert_has_no_content_and_child_alert_does(client, auth, app, database) -> None:  # type: ignore[no-untyped-def]
    _setup(client, auth, app)
    client.put("/v1/children/hugo", headers=auth, json={"age_band": "13_15", "timezone": "Europe/Paris",
                                                        "guardian_ids": ["mum"]})
    with database.session() as s:
        events.publish(s, "policy.decision", "d1", {
            "decision_id": "d1", "action": "block", "rule_id": "r-harass", "policy_version": "1",
            "actor_id": "bully9", "target_id": "hugo", "actor_age_band": "13_15", "target_age_band": "13_15",
            "context": "direct_message", "categories": ["harassment"], "scores": {"harassment": 0.8},
            "content_ref": "msg:hugo-1"})
        events.publish(s, "policy.decision", "d2", {
            "decision_id": "d2", "action": "allow", "rule_id": "r-ok", "policy_version": "1", "actor_id": "x",
            "target_id": "hugo", "categories": [], "scores": {}, "content_ref": "msg:hugo-2"})
        events.publish(s, "conversation.alert", "conv7", {
            "conversation_id": "conv7", "level": 2, "grooming": 0.91, "sextortion": 0.02, "stages": ["trust"],
            "message_ids": ["m1", "m2"], "suspect_id": "stranger42", "target_ids": ["lea"],
            "target_age_band": "under_13", "alert_at": iso(paris(2026, 3, 25, 19)), "reasons": ["secrecy"]})
        events.publish(s, "conversation.alert", "conv8", {
            "conversation_id": "conv8", "level": 3, "grooming": False, "sextortion": True, "stages": [],
            "message_ids": ["m9"], "suspect_id": "stranger99", "target_ids": ["hugo"],
            "target_age_band": "13_15", "alert_at": iso(paris(2026, 3, 26, 22)), "reasons": []})
    r = client.get("/v1/guardians/mum/alerts", headers=auth)
    assert r.status_code == 200
    got = {(a["child_id"], a["source"]): a for a in r.json()["alerts"]}
    assert len(r.json()["alerts"]) == 3  # the "allow" decision tells nobody
    teen = got[("hugo", "policy.decision")]
    assert teen["categories"] == ["harassment"] and not teen["emergency"] and "content" not in teen
    assert "msg:" not in str(teen)
    emergency = got[("hugo", "conversation.alert")]
    assert emergency["emergency"] and emergency["content"]["message_ids"] == ["m9"]
    child = got[("lea", "conversation.alert")]
    assert child["content"] == {"content_ref": "conversation:conv7", "message_ids": ["m1", "m2"]}
    assert child["categories"] == ["grooming"] and emergency["categories"] == ["sextortion"]
    assert [a["child_id"] for a in client.get("/v1/guardians/dad/alerts", headers=auth).json()["alerts"]] == ["lea"]
    with database.session() as s:  # nothing about the teen's content is stored
        row = s.query(GuardianAlert).filter_by(child_id="hugo", source="policy.decision").one()
        assert row.content_ref is None and row.message_ids == []
    # Consuming again makes no duplicates.
    assert len(client.get("/v1/guardians/mum/alerts", headers=auth).json()["alerts"]) == 3

    # policy.decision carries no time of its own: its alert is timed when the event was published (now).
    until = iso(utcnow() + timedelta(days=1))
    d = client.get("/v1/guardians/mum/digest", headers=auth, params={"since": "2026-03-23T00:00:00Z",
                                                                     "until": until}).json()
    kids = {c["child_id"]: c for c in d["children"]}
    assert kids["hugo"]["alerts_by_category"] == {"harassment": 1, "sextortion": 1}
    assert kids["hugo"]["emergencies"] == 1 and kids["lea"]["co_guardians"] == ["dad"]


def test_child_sees_supervision_and_it_ends_at_18(client, auth, app) -> None:  # type: ignore[no-untyped-def]
    clock = _setup(client, auth, app)
    client.put("/v1/children/zoe", headers=auth, json={"age_band": "16_17", "timezone": "Europe/Paris",
                                                       "birth_date": "2008-03-30", "guardian_ids": ["mum"]})
    lea = client.get("/v1/children/lea/transparency", headers=auth).json()
    assert lea["supervised"] and lea["guardians"] == ["dad", "mum"]
    # Léa's account is in French: she reads it in French (wording from the editable help_resources.yaml).
    assert lea["lang"] == "fr" and lea["summary"] == "Un parent ou tuteur supervise ce compte."
    assert any("quel message" in s for s in lea["guardians_can_see"])
    assert "le texte de tes messages" in lea["guardians_never_see"]
    assert lea["settings"]["budgets_minutes"]["school_day"] == 60
    assert any(n["kind"] == "supervision_started" for n in lea["notices"])
    zoe = client.get("/v1/children/zoe/transparency", headers=auth).json()
    assert zoe["supervised"] and any("never your messages" in s for s in zoe["guardians_can_see"])
    assert zoe["lang"] == "en" and "the text of your messages" in zoe["guardians_never_see"]
    assert zoe["supervision_ends_on"] == "2026-03-30"

    clock.set(paris(2026, 3, 30, 0, 5))  # five minutes into her 18th birthday, Paris time
    c = client.post("/v1/sessions:check", headers=auth, json={"child_id": "zoe"}).json()
    assert c["allowed"] and c["reason"] == "not_supervised"
    zoe = client.get("/v1/children/zoe/transparency", headers=auth).json()
    assert not zoe["supervised"] and zoe["guardians"] == [] and zoe["guardians_can_see"] == []
    assert any(n["kind"] == "supervision_ended" for n in zoe["notices"])
    mum = client.get("/v1/guardians/mum/notices", headers=auth).json()["notices"]
    assert any(n["kind"] == "supervision_ended" and n["child_id"] == "zoe" for n in mum)


def test_a_week_with_the_policy_engine(client, auth, app) -> None:  # type: ignore[no-untyped-def]
    """One walk through the week where the decisions come from POST /v1/decisions (the default policy) and
    reach the guardians as alerts: budgets, bedtime, extra time approved, a stranger blocked, a teen alert
    without content. Léa's band comes from an age signal her guardian declared."""
    clock = Clock(paris(2026, 3, 22, 18))
    app.state.family_clock = clock
    r = client.post("/v1/accounts/lea/age-signals", headers=auth,
                    json={"band": "under_13", "source": "guardian_declared"})
    assert r.status_code == 201 and r.json()["age_band"] == "under_13"
    r = client.put("/v1/children/lea", headers=auth, json={"timezone": "Europe/Paris", "country": "FR",
                                                           "lang": "fr", "guardian_ids": ["mum", "dad"]})
    assert r.status_code == 201 and r.json()["age_band"] == "under_13"  # from the age signal
    client.put("/v1/children/lea/budgets", headers=auth, json={"school_day": 60, "weekend": 120})
    client.put("/v1/children/lea/schedules", headers=auth, json={"schedules": SCHEDULES})
    client.put("/v1/children/hugo", headers=auth, json={"age_band": "13_15", "timezone": "Europe/Paris",
                                                        "guardian_ids": ["mum"]})

    # Monday: an hour of play uses the school-day budget; mum approves ten more minutes.
    _usage(client, auth, "w1", paris(2026, 3, 23, 16, 45), paris(2026, 3, 23, 17, 45), clock)
    c = _check(client, auth, clock, paris(2026, 3, 23, 18))
    assert not c["allowed"] and c["reason"] == "budget_exhausted" and "Tu as utilisé" in c["message"]
    rid = client.post("/v1/children/lea/extra-time", headers=auth, json={"minutes": 10}).json()["id"]
    assert client.post(f"/v1/extra-time/{rid}:decide", headers=auth,
                       json={"guardian_id": "mum", "approve": True}).json()["status"] == "approved"
    c = _check(client, auth, clock, paris(2026, 3, 23, 18, 1))
    assert c["allowed"] and c["remaining_seconds"] == 600
    c = _check(client, auth, clock, paris(2026, 3, 23, 20, 45))
    assert not c["allowed"] and c["reason"] == "bedtime" and "dormir" in c["message"]

    # Tuesday: an adult stranger writes to Léa. The policy blocks it and tells a guardian; his contact
    # request waits for a guardian, who says no.
    dm = {"actor": {"id": "stranger42", "age_band": "adult"}, "target": {"id": "lea"},
          "context": "direct_message", "analysis": {"scores": {"grooming": 0.2}}, "content_ref": "msg:lea-1",
          "lang": "fr", "country": "FR"}
    d = client.post("/v1/decisions", headers=auth, json=dm).json()
    assert d["action"] == "block" and d["reasons"]["rule_id"] == "no-dm-adult-stranger-to-under-16"
    assert d["reasons"]["target_age_band"] == "under_13" and "guardian" in d["notify"]
    r = client.post("/v1/contacts", headers=auth, json={"child_id": "lea", "contact_id": "stranger42",
                                                        "contact_age_band": "adult"})
    assert r.json()["status"] == "pending"
    assert client.post(f"/v1/contacts/{r.json()['id']}:decide", headers=auth,
                       json={"guardian_id": "dad", "approve": False}).json()["status"] == "denied"

    # Wednesday: someone bullies Hugo (13-15) hard enough to hold the message for review.
    bully = {"actor": {"id": "bully9", "age_band": "13_15"}, "target": {"id": "hugo", "age_band": "13_15"},
             "context": "direct_message", "relationship": "approved_contact",
             "analysis": {"scores": {"harassment": 0.92}}, "content_ref": "msg:hugo-secret-1"}
    d = client.post("/v1/decisions", headers=auth, json=bully).json()
    assert d["action"] == "hold_for_review"

    alerts = client.get("/v1/guardians/mum/alerts", headers=auth).json()["alerts"]
    by_child = {a["child_id"]: a for a in alerts}
    assert set(by_child) == {"lea", "hugo"}
    lea_alert, hugo_alert = by_child["lea"], by_child["hugo"]
    # under 13: the guardian may see which message it was
    assert lea_alert["categories"] == ["stranger_contact"] and lea_alert["content"]["content_ref"] == "msg:lea-1"
    # 13-15: the category and the time only, never the content
    assert hugo_alert["categories"] == ["harassment"] and not hugo_alert["emergency"]
    assert "content" not in hugo_alert and "hugo-secret" not in str(hugo_alert)
    assert hugo_alert["occurred_at"] and "harassment" in hugo_alert["text"]
    assert [a["child_id"] for a in client.get("/v1/guardians/dad/alerts", headers=auth).json()["alerts"]] == ["lea"]
    # each child sees what their guardians were told about them
    hugo_view = client.get("/v1/children/hugo/transparency", headers=auth).json()
    assert [(a["categories"], a["content_shared"]) for a in hugo_view["shared_with_guardians"]] == \
        [(["harassment"], False)]
    lea_view = client.get("/v1/children/lea/transparency", headers=auth).json()
    assert [(a["categories"], a["content_shared"]) for a in lea_view["shared_with_guardians"]] == \
        [(["stranger_contact"], True)]

    # Sunday, after the change to summer time: a fresh weekend budget, in local time.
    c = _check(client, auth, clock, paris(2026, 3, 29, 10))
    assert c["allowed"] and c["day_type"] == "weekend" and c["remaining_seconds"] == 120 * 60
    assert c["local_time"] == "2026-03-29T10:00:00+02:00"
