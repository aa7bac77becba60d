"""Appeals: window, a different moderator, upheld / reversed (undone, notices) / partially reversed."""

from datetime import timedelta

import pytest

from kidsafe.cases import service as svc
from kidsafe.config import Settings
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import CaseAction, Notice

from .helpers import MOD_A, MOD_B, OTHER_PLATFORM, PLATFORM, report

FACTS = "Insults aimed at a younger player."


def _banned(s):  # type: ignore[no-untyped-def]
    r = svc.submit_report(s, PLATFORM, report())
    action = svc.take_action(s, MOD_A, r.case_id, svc.ActionInput("ban", decision_facts=FACTS))
    return r, action


def test_reversed_appeal_undoes_the_action_and_notifies(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        r, action = _banned(s)
        assert svc.case_view(s, MOD_A, r.case_id).standing.status == "banned"
        appeal = svc.submit_appeal(s, PLATFORM, action.id, "user-42", "It was a joke between friends.")
        with pytest.raises(svc.Conflict):
            svc.submit_appeal(s, PLATFORM, action.id, "user-42")
        assert [a.id for a in svc.list_appeals(s, MOD_B)] == [appeal.id]
        with pytest.raises(svc.Forbidden):  # not the moderator who decided
            svc.decide_appeal(s, MOD_A, appeal.id, "reversed")
        svc.decide_appeal(s, MOD_B, appeal.id, "reversed", "Friendly banter, no target.")
        view = svc.case_view(s, MOD_B, r.case_id)
        assert view.standing.status == "active" and view.standing.strikes == 0
        assert s.get(CaseAction, action.id).status == "reversed" and view.case.outcome == "reversed"
        kinds = [n.kind for n in s.query(Notice).order_by(Notice.id)]
        assert kinds[-3:] == ["action_reversed", "report_outcome", "appeal_outcome"]
        assert svc.report_status(s, PLATFORM, r.tracking_id).outcome == "reversed"
        with pytest.raises(svc.Conflict):
            svc.decide_appeal(s, MOD_B, appeal.id, "upheld")
        assert svc.verify_audit(s, MOD_B).ok


def test_upheld_changes_nothing(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        r, action = _banned(s)
        appeal = svc.submit_appeal(s, PLATFORM, action.id, "user-42")
        svc.decide_appeal(s, MOD_B, appeal.id, "upheld", "The insults target a child.")
        assert s.get(CaseAction, action.id).status == "active"
        assert svc.case_view(s, MOD_B, r.case_id).standing.status == "banned"


def test_partial_reversal_replaces_with_a_lighter_action(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        r, action = _banned(s)
        appeal = svc.submit_appeal(s, PLATFORM, action.id, "user-42")
        with pytest.raises(svc.Invalid):
            svc.decide_appeal(s, MOD_B, appeal.id, "partially_reversed")
        with pytest.raises(svc.Invalid):
            svc.decide_appeal(s, MOD_B, appeal.id, "partially_reversed",
                              replacement=svc.ActionInput("escalate_to_authorities", decision_facts=FACTS,
                                                          authority="police"))
        end = utcnow() + timedelta(days=2)
        decided = svc.decide_appeal(s, MOD_B, appeal.id, "partially_reversed", "A first offence.",
                                    replacement=svc.ActionInput("suspend", decision_facts=FACTS, end_date=end))
        new = s.get(CaseAction, decided.new_action_id)
        assert new.replaces_action_id == action.id and new.action == "suspend"
        view = svc.case_view(s, MOD_B, r.case_id)
        assert view.standing.status == "suspended" and view.standing.strikes == 1
        assert len(view.statements) == 2


def test_who_and_when_may_appeal(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        _, action = _banned(s)
        with pytest.raises(svc.NotFound):  # not the affected account
            svc.submit_appeal(s, PLATFORM, action.id, "user-7")
        with pytest.raises(svc.Forbidden):
            svc.submit_appeal(s, MOD_B, action.id, "user-42")
        late = utcnow() + timedelta(days=181)
        with pytest.raises(svc.Invalid) as e:
            svc.submit_appeal(s, PLATFORM, action.id, "user-42", now=late)
        assert "window" in e.value.message
        short = Settings.from_env(database_url=database.url, appeal_window_days=1)
        with pytest.raises(svc.Invalid):
            svc.submit_appeal(s, PLATFORM, action.id, "user-42", settings=short, now=utcnow() + timedelta(days=2))
        appeal = svc.submit_appeal(s, PLATFORM, action.id, "user-42", "please")
        assert svc.get_appeal(s, PLATFORM, appeal.id).id == appeal.id
        with pytest.raises(svc.NotFound):
            svc.get_appeal(s, OTHER_PLATFORM, appeal.id)
