"""Intake: acknowledgement, merging into one case, who may read a report, automatic flags, bad input."""

import pytest

from kidsafe import events
from kidsafe.cases import service as svc
from kidsafe.store.models import AuditEntry
from kidsafe.store.models.cases import Case

from .helpers import MOD_A, OTHER_PLATFORM, PLATFORM, report


def test_report_is_acknowledged_and_reports_about_one_subject_merge(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        first = svc.submit_report(s, PLATFORM, report("msg-1", "harassment"))
        second = svc.submit_report(s, OTHER_PLATFORM, report("msg-1", "sextortion", reporter_is_child_concerned=True))
        other = svc.submit_report(s, PLATFORM, report("msg-2", "profanity"))
        assert first.tracking_id.startswith("rpt_") and first.tracking_id != second.tracking_id
        assert first.case_id == second.case_id != other.case_id
        case = s.get(Case, first.case_id)
        assert case.report_count == 2 and set(case.categories) == {"harassment", "sextortion"}
        # the most severe category leads; a child concerned means a minor is involved; sextortion: 1 h service level
        assert case.category == "sextortion" and case.severity == "critical" and case.minor_involved
        assert (case.due_at - case.opened_at).total_seconds() == 3600
        assert case.evidence_text and len(case.evidence_sha256) == 64
        # the audit log names ids and categories, never the reported text
        for entry in s.query(AuditEntry):
            assert "loser" not in str(entry.details)


def test_only_the_filing_key_and_staff_can_read_a_report(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        tid = svc.submit_report(s, PLATFORM, report()).tracking_id
        assert svc.report_status(s, PLATFORM, tid).status == "received"
        assert svc.report_status(s, MOD_A, tid).status == "received"
        with pytest.raises(svc.NotFound):
            svc.report_status(s, OTHER_PLATFORM, tid)
        with pytest.raises(svc.NotFound):
            svc.report_status(s, PLATFORM, "rpt_doesnotexist")


@pytest.mark.parametrize("field,value", [
    ("reason", "spam"), ("subject_type", "planet"), ("subject_id", ""), ("content_type", "hologram"),
    ("content_url", "ftp://x"), ("subject_age_band", "ancient"), ("details", "x" * 6000),
])
def test_bad_reports_name_the_field(database, field, value) -> None:  # type: ignore[no-untyped-def]
    r = report()
    setattr(r, field, value)
    with database.session() as s, pytest.raises(svc.Invalid) as e:
        svc.submit_report(s, PLATFORM, r)
    assert e.value.field == field


def test_moderators_cannot_file_reports(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s, pytest.raises(svc.Forbidden):
        svc.submit_report(s, MOD_A, report())


def test_events_become_automatic_flags_once(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        svc.submit_report(s, PLATFORM, report("acct-9", "grooming", subject_type="account", account_id="acct-9"))
        events.publish(s, "conversation.alert", "conv-1", {
            "conversation_id": "conv-1", "level": 3, "grooming": 0.93, "sextortion": 0.1, "stages": ["secrecy"],
            "message_ids": ["m1", "m2"], "suspect_id": "acct-9", "target_ids": ["kid-1"],
            "target_age_band": "13_15", "alert_at": "2026-01-01T00:00:00+00:00", "reasons": ["asks for secrecy"]})
        events.publish(s, "policy.decision", "d-1", {
            "decision_id": "d-1", "action": "block_and_escalate", "rule_id": "r1", "policy_version": 3,
            "actor_id": "acct-5", "target_id": "kid-2", "actor_age_band": "adult", "target_age_band": "under_13",
            "context": "direct_message", "categories": ["sexual_minors"], "scores": {"sexual_minors": 0.97},
            "content_ref": "msg-77"})
        events.publish(s, "policy.decision", "d-2", {"decision_id": "d-2", "action": "allow", "categories": ["hate"],
                                                     "content_ref": "msg-78"})
        assert svc.ingest_events(s) == 2
        assert svc.ingest_events(s) == 0  # idempotent: the cursor moved on
        merged = s.query(Case).filter_by(subject_id="acct-9").one()
        assert merged.report_count == 1 and merged.flag_count == 1 and merged.automated
        assert merged.context["conversation_id"] == "conv-1" and merged.scores["grooming"] == pytest.approx(0.93)
        assert merged.categories == ["grooming"] and merged.minor_involved  # sextortion 0.1 is below the bar
        flagged = s.query(Case).filter_by(subject_id="msg-77").one()
        assert flagged.restricted and flagged.severity == "critical" and flagged.minor_involved
        assert flagged.account_id == "acct-5" and flagged.source == "policy.decision"


def test_a_report_from_a_conversation_carries_its_context(database) -> None:  # type: ignore[no-untyped-def]
    from kidsafe.store.models.conversation import Conversation

    with database.session() as s:
        s.add(Conversation(id="conv-42", state={}, messages=37, grooming=0.81234, sextortion=0.05, level=2))
        s.flush()
        case_id = svc.submit_report(s, PLATFORM, report("msg-c1", "grooming", conversation_id="conv-42")).case_id
        ctx = s.get(Case, case_id).context
        assert ctx == {"conversation_id": "conv-42", "conversation_level": 2, "conversation_grooming": 0.8123,
                       "conversation_sextortion": 0.05, "conversation_messages": 37}
        other = svc.submit_report(s, PLATFORM, report("msg-c2", conversation_id="conv-unknown")).case_id
        assert s.get(Case, other).context == {"conversation_id": "conv-unknown"}
        with pytest.raises(svc.Invalid) as e:
            svc.submit_report(s, PLATFORM, report("msg-c3", conversation_id="x" * 201))
        assert e.value.field == "conversation_id"
