"""POST /v1/decisions, age signals, policy versions and shadow mode over HTTP."""

from __future__ import annotations

import json
import logging

from sqlalchemy import select

from kidsafe import events
from kidsafe.cases import audit
from kidsafe.policy.registry import DEFAULT_POLICY_FILE
from kidsafe.store.models.policy import PolicyDecision
from kidsafe.text.analysis import TextAnalysis
from tests.conftest import make_key

DM = {"actor": {"id": "adult-1", "age_band": "adult"}, "target": {"id": "kid-1", "age_band": "13_15"},
      "context": "direct_message"}


def post(client, auth, body):  # type: ignore[no-untyped-def]
    return client.post("/v1/decisions", json=body, headers=auth)


def test_decision_with_reasons(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = post(client, auth, DM)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["action"] == "block" and d["notify"] == ["user"]
    reasons = d["reasons"]
    assert reasons["rule_id"] == "no-dm-adult-stranger-to-under-16" and reasons["rule"]
    assert reasons["policy_version"] == "2026.11-2" and reasons["relationship"] == "stranger"
    assert (reasons["actor_age_band"], reasons["target_age_band"]) == ("adult", "13_15")


def test_prior_analysis_and_nudge(client, auth) -> None:  # type: ignore[no-untyped-def]
    analysis = {"lang": "fr", "scores": {"personal_info": 0.91}, "flags": ["personal_info"], "severity": "medium",
                "evidence": [{"start": 0, "end": 5, "kind": "phone", "category": "personal_info"}]}
    body = {"actor": {"id": "kid-2", "age_band": "under_13"}, "target": {"id": "kid-3", "age_band": "under_13"},
            "relationship": "approved_contact", "context": "group_chat", "analysis": analysis, "country": "FR"}
    d = post(client, auth, body).json()
    assert d["action"] == "nudge"
    assert d["nudge"]["lang"] == "fr" and d["nudge"]["audience"] == "child" and d["nudge"]["to"] == "actor"
    assert "3018" in [h["name"] for h in d["nudge"]["help"]]
    assert d["reasons"]["signals"] == [{"signal": "score", "category": "personal_info", "score": 0.91,
                                        "threshold": 0.5}]


def test_same_input_same_decision(client, auth) -> None:  # type: ignore[no-untyped-def]
    body = {**DM, "analysis": {"scores": {"sexual": 0.8, "hate": 0.1}}}
    a, b = post(client, auth, body).json(), post(client, auth, body).json()
    assert a["decision_id"] != b["decision_id"]
    for k in ("action", "notify", "reasons", "input_hash", "nudge"):
        assert a[k] == b[k]


def test_bands_come_from_stored_age_signals(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/accounts/kid-9/age-signals", json={"band": "adult", "source": "self_declared"}, headers=auth)
    assert r.status_code == 201 and r.json()["age_band"] == "adult"
    r = client.post("/v1/accounts/kid-9/age-signals", json={"band": "under_13", "source": "guardian_declared"},
                    headers=auth)
    body = r.json()
    assert body["age_band"] == "under_13" and body["new_conflicts"] == 1 and len(body["conflicts"]) == 1
    got = client.get("/v1/accounts/kid-9/age-signals", headers=auth).json()
    assert got["source"] == "guardian_declared" and len(got["signals"]) == 2
    d = post(client, auth, {"actor": {"id": "stranger-1", "age_band": "adult"}, "target": {"id": "kid-9"},
                            "context": "direct_message"}).json()
    assert d["action"] == "block" and d["reasons"]["target_age_band"] == "under_13"
    # an account nobody told us about is unknown, and unknown is treated as a minor by the default policy
    d = post(client, auth, {"actor": {"id": "who"}, "target": {"id": "kid-9"}, "context": "direct_message"}).json()
    assert d["reasons"]["actor_age_band"] == "unknown" and d["action"] == "block"
    defaults = client.get("/v1/accounts/kid-9/defaults", headers=auth).json()
    assert defaults["defaults"]["profile"] == "private" and defaults["defaults"]["new_contacts_need_guardian"]
    r = client.delete(f"/v1/accounts/kid-9/age-signals/{body['signal_id']}", headers=auth)
    assert r.status_code == 200 and r.json()["age_band"] == "adult"


def test_bad_age_signals(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/accounts/x/age-signals", json={"band": "13_15", "source": "self_declared",
                                                         "assurance": "high"}, headers=auth)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "assurance"
    r = client.post("/v1/accounts/x/age-signals", json={"band": "13_15", "source": "x", "extra": 1}, headers=auth)
    assert r.status_code == 422 and "extra" in json.dumps(r.json())
    assert client.delete("/v1/accounts/x/age-signals/999", headers=auth).status_code == 404


def test_escalations_are_published_and_no_text_is_stored(client, auth, app, database) -> None:  # type: ignore[no-untyped-def]
    secret = "meet me at the old station, bring photos"

    class Stub:
        def analyze(self, text: str, lang: str | None = None) -> TextAnalysis:
            assert text == secret
            return TextAnalysis(lang="en", scores={"grooming": 0.9}, flags=["grooming"])

    app.state.analyzer = Stub()
    body = {**DM, "relationship": "approved_contact", "content": {"text": secret, "lang": "en"},
            "conversation_risk": {"grooming": 0.7, "sextortion": 0.1, "level": 2}, "content_ref": "msg-77"}
    d = post(client, auth, body).json()
    assert d["action"] == "hold_for_review" and "moderators" in d["notify"]
    with database.session() as s:
        evs = events.pending(s, "test", ["policy.decision"])
        assert len(evs) == 1
        p = evs[0].payload
        assert p["decision_id"] == d["decision_id"] and p["action"] == "hold_for_review"
        assert p["content_ref"] == "msg-77" and p["categories"] == ["grooming"] and p["scores"]["grooming"] == 0.9
        assert set(p) == {"decision_id", "action", "rule_id", "policy_version", "actor_id", "target_id",
                          "actor_age_band", "target_age_band", "context", "categories", "scores", "content_ref",
                          "notify", "relationship"}
        assert p["notify"] == ["moderators"] and p["relationship"] == "approved_contact"
        row = s.get(PolicyDecision, d["decision_id"])
        stored = json.dumps([getattr(row, c.name) for c in PolicyDecision.__table__.columns], default=str)
        assert "station" not in stored and "photos" not in stored
    # a block without escalation is not published...
    post(client, auth, DM)
    with database.session() as s:
        assert len(events.pending(s, "test", ["policy.decision"])) == 1
    # ...unless the rule tells a guardian (an adult stranger writing to an under-13): for guardian alerts
    d = post(client, auth, {**DM, "target": {"id": "kid-2", "age_band": "under_13"}}).json()
    assert d["action"] == "block" and d["notify"] == ["user", "guardian"]
    with database.session() as s:
        evs = events.pending(s, "test", ["policy.decision"])
        assert len(evs) == 2 and evs[1].payload["notify"] == ["user", "guardian"]
        assert evs[1].payload["action"] == "block" and evs[1].payload["categories"] == []
    # ...or the moderators (a child writing about self-harm is nudged with help, and moderators are told)
    d = post(client, auth, {"actor": {"id": "kid-3", "age_band": "13_15"}, "context": "direct_message",
                            "target": {"id": "coach", "age_band": "adult"}, "relationship": "approved_contact",
                            "analysis": {"scores": {"self_harm": 0.8}}, "country": "FR", "lang": "fr"}).json()
    assert d["action"] == "nudge" and d["notify"] == ["user", "moderators"]
    assert any(h.get("phone") == "3114" for h in d["nudge"]["help"])
    with database.session() as s:
        evs = events.pending(s, "test", ["policy.decision"])
        assert len(evs) == 3 and evs[2].payload["action"] == "nudge" and evs[2].payload["categories"] == ["self_harm"]


def test_validation_errors_name_the_field(client, auth, app) -> None:  # type: ignore[no-untyped-def]
    def fields(body):  # type: ignore[no-untyped-def]
        r = post(client, auth, body)
        assert r.status_code in (413, 422), r.text
        return [f["field"] for f in r.json()["error"]["fields"]]

    assert "context" in fields({**DM, "context": "carrier_pigeon"})
    assert "analysis.scores.sexual" in fields({**DM, "analysis": {"scores": {"sexual": 1.7}}})
    assert fields({**DM, "analysis": {"scores": {"sexy": 0.5}}})[0].startswith("analysis.scores.sexy")
    assert "actor.age_band" in fields({**DM, "actor": {"id": "a", "age_band": "teen"}})
    assert "content_rating" in fields({**DM, "content_rating": "PG-13"})
    assert "conversation_risk.level" in fields({**DM, "conversation_risk": {"level": 4}})
    assert "surprise" in fields({**DM, "surprise": True})
    assert fields({**DM, "content": {"text": "x"}, "analysis": {"scores": {}}}) == ["body"]
    long = "a" * (app.state.settings.max_text_chars + 1)
    assert fields({**DM, "content": {"text": long}}) == ["content.text"]
    assert client.post("/v1/decisions", json=DM).status_code == 401


def test_policy_upload_shadow_and_promotion(client, auth, database, caplog) -> None:  # type: ignore[no-untyped-def]
    admin = {"Authorization": f"Bearer {make_key(database, 'admin')}"}
    moderator = {"Authorization": f"Bearer {make_key(database, 'moderator')}"}
    source = DEFAULT_POLICY_FILE.read_text(encoding="utf-8")
    # a stricter candidate: adult strangers may not message 16-17s either
    candidate = source.replace('version: "2026.11-2"', 'version: "2026.12-rc1"').replace(
        "    action: nudge\n    nudge_to: target\n    nudge: stranger_contact\n",
        "    action: block\n    notify: [user]\n")
    assert client.post("/v1/policies", json={"source": candidate}, headers=auth).status_code == 403
    r = client.post("/v1/policies", json={"source": candidate, "status": "candidate"}, headers=admin)
    assert r.status_code == 201 and r.json()["status"] == "candidate"
    listed = client.get("/v1/policies", headers=auth).json()
    assert listed["in_force"] == {"live": {"platform": "default", "version": "2026.11-2"},
                                  "candidate": {"platform": "default", "version": "2026.12-rc1"}}
    teen_dm = {**DM, "target": {"id": "t", "age_band": "16_17"}}
    with caplog.at_level(logging.INFO, logger="kidsafe.policy.shadow"):
        ids = [post(client, auth, body).json() for body in (teen_dm, teen_dm, DM)]
    assert [d["action"] for d in ids] == ["nudge", "nudge", "block"]  # the live policy decides
    # each difference is logged (ids, versions, actions, rules: no content); equal decisions are not
    logged = [r.getMessage() for r in caplog.records if r.name == "kidsafe.policy.shadow"]
    assert len(logged) == 2 and all("shadow difference" in m for m in logged)
    assert ids[0]["decision_id"] in logged[0] and "default@2026.11-2:nudge(adult-stranger-dm-16-17)" in logged[0]
    assert "default@2026.12-rc1:block(adult-stranger-dm-16-17)" in logged[0]
    assert post(client, auth, teen_dm).json()["reasons"]["policy_version"] == "2026.11-2"
    assert client.get("/v1/policies/shadow/summary", headers=auth).status_code == 403
    summary = client.get("/v1/policies/shadow/summary", headers=moderator).json()["comparisons"]
    assert len(summary) == 1
    c = summary[0]
    assert (c["evaluated"], c["different"], c["stricter"], c["looser"]) == (4, 3, 3, 0)
    assert c["transitions"] == [{"live": "nudge", "candidate": "block", "count": 3}]
    # versions are immutable
    r = client.post("/v1/policies", json={"source": candidate + "\n# changed\n"}, headers=admin)
    assert r.status_code == 409
    # promote the candidate: it now decides, and the previous live one is retired
    r = client.put("/v1/policies/default/2026.12-rc1/status", json={"status": "live"}, headers=admin)
    assert r.status_code == 200 and r.json()["status"] == "live"
    assert post(client, auth, teen_dm).json()["action"] == "block"
    got = client.get("/v1/policies/default/2026.12-rc1", headers=auth).json()
    assert got["source"] == candidate
    assert client.get("/v1/policies/default/nope", headers=auth).status_code == 404
    with database.session() as s:
        actions = [e.action for e in audit.iter_entries(s)]
        assert actions == ["policy.upload", "policy.candidate", "policy.live"]
        assert audit.verify(s).ok


def test_invalid_policy_upload_names_lines(client, database) -> None:  # type: ignore[no-untyped-def]
    admin = {"Authorization": f"Bearer {make_key(database, 'admin')}"}
    src = "policy:\n  version: '9'\nrules:\n  - id: r\n    action: obliterate\n"
    r = client.post("/v1/policies", json={"source": src}, headers=admin)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_policy"
    assert err["fields"][0]["field"] == "rules[0].action" and err["fields"][0]["line"] == 5
    r = client.post("/v1/policies:validate", json={"source": src.replace("obliterate", "block")}, headers=admin)
    assert r.status_code == 200 and r.json()["rules"] == 1
    r = client.post("/v1/policies", json={"source": "x", "format": "json"}, headers=admin)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "format"


def test_purge_keeps_recent_decisions(client, auth, database) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from kidsafe.policy.decisions import purge_decisions
    from kidsafe.store.db import utcnow

    post(client, auth, DM)
    with database.session() as s:
        assert purge_decisions(s, 30) == 0
        assert purge_decisions(s, 30, now=utcnow() + timedelta(days=31)) == 1
        assert s.scalars(select(PolicyDecision)).first() is None
