"""Contact approval configurable per band and per child, ask to buy on and off, guardian alerts for 13-17
(category and time only, content in a safety emergency) and their retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kidsafe import events
from kidsafe.family import alerts, contacts, links
from kidsafe.store.models.family import GuardianAlert

T0 = datetime(2026, 3, 25, 18, tzinfo=UTC)


def _kid(s, cid: str, band: str, guardian: str = "mum"):  # type: ignore[no-untyped-def]
    child, _ = links.upsert_child(s, cid, age_band_=band, timezone="Europe/Paris", now=T0)
    links.link(s, cid, guardian, T0)
    return child


def _status(s, child: str, contact: str, band: str, bands: set[str]) -> str:  # type: ignore[no-untyped-def]
    return contacts.request_contact(s, child, contact, band, bands, T0)[0].status


def test_contact_approval_is_configurable_per_band_and_per_child(database) -> None:  # type: ignore[no-untyped-def]
    default = contacts.approval_bands("under_13,unknown")
    assert default == {"under_13", "unknown"}
    with database.session() as s:
        _kid(s, "small", "under_13")
        _kid(s, "teen", "13_15")
        _kid(s, "older", "16_17")
        assert _status(s, "small", "peer", "under_13", default) == "pending"
        assert _status(s, "teen", "peer", "13_15", default) == "approved"
        # a platform that wants approval up to 15 says so in KIDSAFE_FAMILY_CONTACT_APPROVAL_BANDS
        assert _status(s, "teen", "peer2", "13_15", {"under_13", "13_15"}) == "pending"
        # no band needs approval: an under-13's peer is approved, an adult stranger still waits (under 16)
        assert _status(s, "small", "peer2", "under_13", set()) == "approved"
        assert _status(s, "small", "grownup", "adult", set()) == "pending"
        assert _status(s, "older", "grownup", "adult", default) == "approved"  # 16-17: no DSA under-16 rule
        # a guardian's choice for one child overrides the band's default, both ways
        links.get_child(s, "small").contact_approval = False
        links.get_child(s, "older").contact_approval = True
        assert _status(s, "small", "peer3", "under_13", default) == "approved"
        assert _status(s, "small", "grownup2", "adult", default) == "pending"
        assert _status(s, "older", "peer", "16_17", default) == "pending"


def test_ask_to_buy_can_be_turned_off(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        child = _kid(s, "buyer", "13_15")
        row, created = contacts.request_purchase(s, "buyer", "p1", "Skin", 299, "gbp", T0)
        assert created and row.status == "pending" and row.currency == "GBP"
        child.ask_to_buy = False
        row, _ = contacts.request_purchase(s, "buyer", "p2", "Skin 2", 299, "GBP", T0)
        assert row.status == "approved" and row.decided_by == "automatic"


def _decision(s, eid: str, target: str, **kw: object) -> None:  # type: ignore[no-untyped-def]
    events.publish(s, "policy.decision", eid, {
        "decision_id": eid, "action": "hold_for_review", "rule_id": "r", "policy_version": "1", "actor_id": "x",
        "target_id": target, "actor_age_band": "adult", "target_age_band": "13_15", "context": "direct_message",
        "categories": ["harassment"], "scores": {"harassment": 0.9}, "content_ref": f"msg:{eid}", **kw})


def test_teen_alerts_hold_category_and_time_unless_an_emergency(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        _kid(s, "teen", "16_17")
        _decision(s, "d1", "teen")
        _decision(s, "d2", "teen", categories=["self_harm"], scores={"self_harm": 0.95})
        _decision(s, "d3", "teen", action="block_and_escalate", categories=["sextortion"])
        _decision(s, "d4", "teen", action="nudge", categories=["personal_info"], notify=["user"])  # not for guardians
        _decision(s, "d5", "teen", action="nudge", categories=["personal_info"], notify=["user", "guardian"])
        assert alerts.consume(s) == 4
    with database.session() as s:
        got = {a["action"] + ":" + ",".join(a["categories"]): a for a in alerts.alerts_for(s, "mum")}
    assert set(got) == {"hold_for_review:harassment", "hold_for_review:self_harm",
                        "block_and_escalate:sextortion", "nudge:personal_info"}
    plain = got["hold_for_review:harassment"]
    assert not plain["emergency"] and "content" not in plain and "msg:" not in str(plain)
    assert plain["occurred_at"] and "harassment" in plain["text"]
    assert got["hold_for_review:self_harm"]["content"]["content_ref"] == "msg:d2"  # critical self-harm
    assert got["block_and_escalate:sextortion"]["emergency"]
    assert "content" not in got["nudge:personal_info"]


def test_alerts_are_purged_after_their_retention(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        _kid(s, "teen", "13_15")
        _decision(s, "d1", "teen")
        alerts.consume(s)
        occurred = s.query(GuardianAlert).one().occurred_at
    with database.session() as s:
        assert alerts.purge_alerts(s, 30, now=occurred + timedelta(days=29)) == 0
        assert alerts.purge_alerts(s, 30, now=occurred + timedelta(days=31)) == 1
    with database.session() as s:
        assert s.query(GuardianAlert).count() == 0
