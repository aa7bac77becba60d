from sqlalchemy import update

from kidsafe import events
from kidsafe.cases import audit
from kidsafe.store.models import AuditEntry


def test_audit_chain_verifies_and_detects_edits(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        for i in range(5):
            audit.append(s, "staff:alice", "case.action", "case", str(i), {"action": "remove", "n": i})
    with database.session() as s:
        r = audit.verify(s)
        assert r.ok and r.entries == 5
    with database.session() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="staff:mallory"))
    with database.session() as s:
        r = audit.verify(s)
        assert not r.ok and r.first_bad_seq == 3


def test_audit_detects_deleted_entries(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        for i in range(4):
            audit.append(s, "api_key:p", "bank.add", "bank", "b1", {"i": i})
    with database.session() as s:
        s.delete(s.get(AuditEntry, 2))
    with database.session() as s:
        r = audit.verify(s)
        assert not r.ok and r.first_bad_seq == 2
    with database.session() as s:
        for seq in (3, 4):
            s.delete(s.get(AuditEntry, seq))
    with database.session() as s:
        r = audit.verify(s)
        assert not r.ok and "deleted" in r.reason


def test_events_cursor(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        a = events.publish(s, "conversation.alert", "c1", {"level": 1})
        events.publish(s, "other", "x", {})
        events.publish(s, "conversation.alert", "c2", {"level": 2})
    with database.session() as s:
        got = events.pending(s, "cases", ["conversation.alert"])
        assert [e.subject_id for e in got] == ["c1", "c2"]
        events.ack(s, "cases", a.id)
    with database.session() as s:
        assert [e.subject_id for e in events.pending(s, "cases", ["conversation.alert"])] == ["c2"]
