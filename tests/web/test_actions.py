"""Acting from the console: assign, decide (statement of reasons and notices), bad input, role boundaries,
and an appeal decided by a second moderator."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from kidsafe.cases import service
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Appeal, CaseAction, Notice, StatementOfReasons
from tests.web.helpers import file_report, make_staff, platform_principal, sign_in

FACTS = "The message insults another user repeatedly, against the community rules."


def _decide(client, case_id: int, token: str, **fields: str):  # type: ignore[no-untyped-def]
    data = {"csrf_token": token, "action": "remove", "on_content": "1", "ground": "incompatible",
            "decision_facts": FACTS, **fields}
    return client.post(f"/console/cases/{case_id}/act", data=data, follow_redirects=False)


def test_assign_to_me_and_the_mine_filter(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    case_id, _ = file_report(database, settings)
    user = make_staff(database, "moderator")
    token = sign_in(client, user)
    r = client.post(f"/console/cases/{case_id}/assign", data={"csrf_token": token, "assignee": f"staff:{user}"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert f"Case {case_id}<" in client.get("/console/queue?mine=1").text
    r = client.post(f"/console/cases/{case_id}/assign", data={"csrf_token": token, "assignee": "staff:nobody"})
    assert r.status_code == 422 and "assignee" in r.text


def test_a_decision_creates_the_statement_and_both_notices(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    case_id, _ = file_report(database, settings)
    token = sign_in(client, make_staff(database, "moderator"))
    r = _decide(client, case_id, token, on_account="1")
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"]).text
    assert "Decision recorded" in page and "Statement of reasons" in page
    with database.session() as s:
        action = s.scalar(select(CaseAction).where(CaseAction.case_id == case_id))
        assert action is not None and action.action == "remove" and action.on_account
        sor = s.scalar(select(StatementOfReasons).where(StatementOfReasons.action_id == action.id))
        assert sor is not None and sor.payload["decision_visibility"]
        recipients = {n.recipient for n in s.scalars(select(Notice).where(Notice.case_id == case_id))}
        assert recipients == {"affected_user", "reporter"}
    assert "closed" in client.get(f"/console/cases/{case_id}").text


def test_bad_decisions_are_refused_with_the_field_named(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    case_id, _ = file_report(database, settings)
    token = sign_in(client, make_staff(database, "moderator"))
    r = _decide(client, case_id, token, action="")
    assert r.status_code == 422 and "action: choose a decision" in r.text
    r = _decide(client, case_id, token, action="suspend")
    assert r.status_code == 422 and "end date" in r.text
    r = _decide(client, case_id, token, action="suspend", end_date="not-a-date")
    assert r.status_code == 422 and "end date" in r.text
    r = _decide(client, case_id, token, decision_facts="")
    assert r.status_code == 422 and "decision facts" in r.text
    r = _decide(client, case_id, token, action="nuke")
    assert r.status_code == 422 and "action" in r.text
    r = _decide(client, case_id, token, decision_facts="x" * 6000)
    assert r.status_code == 422 and "at most 5000" in r.text
    r = _decide(client, case_id, token, csrf_token="forged")
    assert r.status_code == 403
    with database.session() as s:  # nothing half-written
        assert s.scalar(select(CaseAction).where(CaseAction.case_id == case_id)) is None
    r = _decide(client, case_id, token, action="suspend", on_account="1",
                end_date=(utcnow() + timedelta(days=7)).date().isoformat())
    assert r.status_code == 303


def test_moderators_cannot_open_or_decide_restricted_cases(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    case_id, _ = file_report(database, settings, reason="sexual_minors")
    token = sign_in(client, make_staff(database, "moderator"))
    assert client.get(f"/console/cases/{case_id}").status_code == 403
    assert _decide(client, case_id, token).status_code == 403
    r = client.post(f"/console/cases/{case_id}/assign", data={"csrf_token": token, "assignee": ""})
    assert r.status_code == 403
    assert client.get("/console/queue?category=sexual_minors").status_code == 403


def test_an_appeal_is_decided_by_another_moderator(app, database, settings) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    case_id, key = file_report(database, settings)
    first, second = make_staff(database, "moderator"), make_staff(database, "moderator")
    with TestClient(app) as one, TestClient(app) as two:
        t1 = sign_in(one, first)
        assert _decide(one, case_id, t1, on_account="1").status_code == 303
        with database.session() as s:
            action = s.scalar(select(CaseAction).where(CaseAction.case_id == case_id))
            assert action is not None
            appeal = service.submit_appeal(s, platform_principal(database, key), action.id, "acct-7",
                                           "I was joking with a friend.", settings=settings)
            appeal_id, action_id = appeal.id, action.id
        page = one.get(f"/console/appeals/{appeal_id}").text
        assert "another moderator must decide" in page
        r = one.post(f"/console/appeals/{appeal_id}/decide", data={"csrf_token": t1, "outcome": "reversed",
                                                                   "note": "x"})
        assert r.status_code == 403
        t2 = sign_in(two, second)
        assert "I was joking" in two.get(f"/console/appeals/{appeal_id}").text
        r = two.post(f"/console/appeals/{appeal_id}/decide", data={"csrf_token": t2, "outcome": "maybe"})
        assert r.status_code == 422 and "outcome" in r.text
        r = two.post(f"/console/appeals/{appeal_id}/decide", data={"csrf_token": t2, "outcome": "reversed",
                                                                   "note": "Context shows banter between friends."},
                     follow_redirects=False)
        assert r.status_code == 303, r.text
        assert "Appeal decided" in two.get(r.headers["location"]).text
        r = two.post(f"/console/appeals/{appeal_id}/decide", data={"csrf_token": t2, "outcome": "upheld"})
        assert r.status_code == 409
    with database.session() as s:
        appeal_row = s.get(Appeal, appeal_id)
        assert appeal_row is not None and appeal_row.status == "reversed" and appeal_row.decided_by == f"staff:{second}"
        assert s.get(CaseAction, action_id).status == "reversed"  # type: ignore[union-attr]
        kinds = {n.kind for n in s.scalars(select(Notice).where(Notice.case_id == case_id))}
        assert {"statement_of_reasons", "report_outcome", "action_reversed", "appeal_outcome"} <= kinds


def test_audit_chain_verifies_after_a_workflow(client, database, settings) -> None:  # type: ignore[no-untyped-def]
    case_id, _ = file_report(database, settings)
    token = sign_in(client, make_staff(database, "moderator"))
    _decide(client, case_id, token)
    page = client.get("/console/audit?verify=1").text
    assert "Verified:" in page and "case.action" in page and "statement.create" in page
