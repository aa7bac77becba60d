"""Actions: every kind, on content and/or account, statements of reasons, escalation evidence, strikes."""

from datetime import timedelta

import pytest

from kidsafe.cases import service as svc
from kidsafe.cases.statements import validate_statement
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Case, Escalation, Notice, StatementOfReasons

from .helpers import MOD_A, PLATFORM, SPECIALIST, report

FACTS = "Repeated insults aimed at a younger player in a public chat."


def _case(s, subject="msg-1", reason="harassment", **kw) -> int:  # type: ignore[no-untyped-def]
    return svc.submit_report(s, PLATFORM, report(subject, reason, **kw)).case_id


@pytest.mark.parametrize("action,on_content,on_account,visibility,account", [
    ("remove", True, False, ["DECISION_VISIBILITY_CONTENT_REMOVED"], None),
    ("age_restrict", True, False, ["DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED"], None),
    ("label", True, False, ["DECISION_VISIBILITY_CONTENT_LABELLED"], None),
    ("warn", False, True, ["DECISION_VISIBILITY_OTHER"], None),
    ("ban", True, True, ["DECISION_VISIBILITY_CONTENT_REMOVED"], "DECISION_ACCOUNT_TERMINATED"),
    ("ban", False, True, None, "DECISION_ACCOUNT_TERMINATED"),
])
def test_each_action_produces_a_valid_statement(database, action, on_content, on_account, visibility,
                                                account) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        case_id = _case(s)
        row = svc.take_action(s, MOD_A, case_id, svc.ActionInput(action, on_content=on_content,
                                                                  on_account=on_account, decision_facts=FACTS))
        stmt = s.query(StatementOfReasons).filter_by(action_id=row.id).one()
        sor = stmt.payload
        validate_statement(sor, ("msg-1", "user-42"))
        assert sor.get("decision_visibility") == visibility and sor.get("decision_account") == account
        assert sor["category"] == "STATEMENT_CATEGORY_CYBER_VIOLENCE"
        assert sor["category_specification"] == ["KEYWORD_CYBER_BULLYING_INTIMIDATION"]
        assert sor["source_type"] == "SOURCE_ARTICLE_16" and sor["automated_detection"] == "No"
        assert "user-42" not in str(sor) and "msg-1" not in str(sor) and "loser" not in str(sor)
        case = s.get(Case, case_id)
        assert case.status == "closed" and case.outcome == action and case.merge_key is None
        kinds = sorted((n.kind, n.recipient) for n in s.query(Notice).filter_by(case_id=case_id))
        assert kinds == [("report_outcome", "reporter"), ("statement_of_reasons", "affected_user")]


def test_suspend_needs_a_future_end_date_and_sets_the_standing(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        case_id = _case(s)
        with pytest.raises(svc.Invalid) as e:
            svc.take_action(s, MOD_A, case_id, svc.ActionInput("suspend", decision_facts=FACTS))
        assert e.value.field == "end_date"
        with pytest.raises(svc.Invalid):
            svc.take_action(s, MOD_A, case_id, svc.ActionInput("suspend", decision_facts=FACTS,
                                                               end_date=utcnow() - timedelta(days=1)))
        end = utcnow() + timedelta(days=3)
        svc.take_action(s, MOD_A, case_id, svc.ActionInput("suspend", decision_facts=FACTS, end_date=end))
        view = svc.case_view(s, MOD_A, case_id)
        assert view.standing.status == "suspended" and view.standing.strikes == 1
        assert view.standing.suspended_until == end
        assert view.statements[0].payload["end_date_account_restriction"] == end.date().isoformat()
        # a second case about the same account shows the history and the strike
        other = _case(s, "msg-9")
        detail = svc.case_detail(svc.case_view(s, MOD_A, other))
        assert detail["account"]["strikes"] == 1 and [h["id"] for h in detail["account"]["history"]] == [case_id]


def test_escalation_preserves_hashed_evidence(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        case_id = _case(s, "msg-5", "sexual_minors", content_text="send me pictures, you are 12 right")
        with pytest.raises(svc.Forbidden):
            svc.take_action(s, MOD_A, case_id, svc.ActionInput("remove", decision_facts=FACTS))
        with pytest.raises(svc.Invalid) as e:
            svc.take_action(s, SPECIALIST, case_id, svc.ActionInput("escalate_to_authorities", decision_facts=FACTS))
        assert e.value.field == "authority"
        row = svc.take_action(s, SPECIALIST, case_id, svc.ActionInput(
            "escalate_to_authorities", on_account=True, decision_facts="Solicitation of images from a child.",
            ground="illegal", legal_ground="Directive 2011/93/EU, Article 6", authority="National police hotline"))
        esc = s.query(Escalation).filter_by(action_id=row.id).one()
        import hashlib
        text_item = next(i for i in esc.evidence if i["kind"] == "content_text")
        assert text_item["sha256"] == hashlib.sha256(b"send me pictures, you are 12 right").hexdigest()
        assert len(esc.evidence_sha256) == 64
        sor = s.query(StatementOfReasons).filter_by(action_id=row.id).one().payload
        assert sor["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
        assert sor["category"] == "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
        assert sor["category_specification"] == ["KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"]
        assert "incompatible_content_ground" not in sor


def test_no_violation_closes_without_statement_and_tells_the_reporter(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        r = svc.submit_report(s, PLATFORM, report())
        svc.take_action(s, MOD_A, r.case_id, svc.ActionInput("no_violation"))
        assert s.query(StatementOfReasons).count() == 0
        assert svc.report_status(s, PLATFORM, r.tracking_id).status == "no_violation"
        assert [n.kind for n in s.query(Notice)] == ["report_outcome"]
        # a new report about the same subject opens a new case
        assert svc.submit_report(s, PLATFORM, report()).case_id != r.case_id


@pytest.mark.parametrize("kwargs,field", [
    ({"action": "obliterate"}, "action"),
    ({"action": "remove", "decision_facts": ""}, "decision_facts"),
    ({"action": "remove", "decision_facts": "Mail them at kid@example.com"}, "decision_facts"),
    ({"action": "remove", "decision_facts": "user-42 insulted a child"}, "decision_facts"),
    ({"action": "remove", "decision_facts": "Reported twice by user-7, the reporter"}, "decision_facts"),
    ({"action": "remove", "decision_facts": "Call +44 20 7946 0000"}, "decision_facts"),
    ({"action": "remove", "ground": "illegal", "decision_facts": FACTS}, "legal_ground"),
    ({"action": "label", "on_content": False, "on_account": True, "decision_facts": FACTS}, "on_content"),
    ({"action": "warn", "end_date": utcnow() + timedelta(days=1), "decision_facts": FACTS}, "end_date"),
    ({"action": "remove", "category": "spam", "decision_facts": FACTS}, "category"),
])
def test_bad_actions_name_the_field(database, kwargs, field) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        case_id = _case(s)
        with pytest.raises(svc.Invalid) as e:
            svc.take_action(s, MOD_A, case_id, svc.ActionInput(**kwargs))
        assert e.value.field == field
        assert s.get(Case, case_id).status == "open"


def test_account_case_actions(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        case_id = _case(s, "acct-3", "grooming", subject_type="account", account_id="acct-3", content_text=None)
        with pytest.raises(svc.Invalid):
            svc.take_action(s, MOD_A, case_id, svc.ActionInput("remove", decision_facts=FACTS))
        row = svc.take_action(s, MOD_A, case_id, svc.ActionInput("ban", on_content=False, decision_facts=FACTS))
        sor = s.query(StatementOfReasons).filter_by(action_id=row.id).one().payload
        assert sor["content_type"] == ["CONTENT_TYPE_OTHER"] and sor["content_type_other"]
        assert sor["category_specification"] == ["KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS"]
        assert svc.case_view(s, MOD_A, case_id).standing.status == "banned"
