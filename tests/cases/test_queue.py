"""The queue: priority, service levels, overdue, keyset pages, sexual_minors only for specialists, assignment."""

from datetime import timedelta

import pytest

from kidsafe.auth import create_staff_user
from kidsafe.cases import service as svc
from kidsafe.config import Settings
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Case

from .helpers import ADMIN, MOD_A, PLATFORM, SPECIALIST, report


def _seed(s) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {}
    ids["profanity"] = svc.submit_report(s, PLATFORM, report("c-prof", "profanity")).case_id
    ids["hate"] = svc.submit_report(s, PLATFORM, report("c-hate", "hate")).case_id
    ids["hate_minor"] = svc.submit_report(s, PLATFORM, report("c-hate-kid", "hate",
                                                              reporter_is_child_concerned=True)).case_id
    ids["grooming"] = svc.submit_report(s, PLATFORM, report("c-groom", "grooming")).case_id
    ids["csam"] = svc.submit_report(s, PLATFORM, report("c-csam", "sexual_minors")).case_id
    return ids


def test_priority_order_and_role_visibility(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        ids = _seed(s)
        spec = [c.id for c in svc.list_queue(s, SPECIALIST).items]
        assert spec == [ids["grooming"], ids["csam"], ids["hate_minor"], ids["hate"], ids["profanity"]]
        mod = [c.id for c in svc.list_queue(s, MOD_A).items]
        assert ids["csam"] not in mod and len(mod) == 4
        with pytest.raises(svc.Forbidden):
            svc.get_case(s, MOD_A, ids["csam"])
        with pytest.raises(svc.Forbidden):
            svc.list_queue(s, MOD_A, category="sexual_minors")
        assert svc.get_case(s, SPECIALIST, ids["csam"]).restricted
        assert svc.queue_stats(s, MOD_A)["open"] == 4 and svc.queue_stats(s, ADMIN)["open"] == 5
        with pytest.raises(svc.Forbidden):
            svc.list_queue(s, PLATFORM)


def test_older_cases_come_first_within_a_priority(database) -> None:  # type: ignore[no-untyped-def]
    now = utcnow()
    with database.session() as s:
        new = svc.submit_report(s, PLATFORM, report("h-new", "hate"), now=now).case_id
        old = svc.submit_report(s, PLATFORM, report("h-old", "hate"), now=now - timedelta(hours=5)).case_id
        urgent = svc.submit_report(s, PLATFORM, report("g-new", "grooming"), now=now).case_id
        assert [c.id for c in svc.list_queue(s, MOD_A).items] == [urgent, old, new]


def test_overdue_cases_are_surfaced(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        ids = _seed(s)
        later = utcnow() + timedelta(hours=2)  # past the 1 h service level, within 24 h
        overdue = [c.id for c in svc.list_queue(s, SPECIALIST, overdue=True, now=later).items]
        assert sorted(overdue) == sorted([ids["grooming"], ids["csam"]])
        assert all(svc.is_overdue(s.get(Case, i), later) for i in overdue)
        assert not svc.is_overdue(s.get(Case, ids["hate"]), later)
        on_time = svc.list_queue(s, SPECIALIST, overdue=False, now=later).items
        assert len(on_time) == 3


def test_keyset_pages_cover_the_queue_once(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        for i in range(23):
            svc.submit_report(s, PLATFORM, report(f"m-{i}", ["hate", "profanity", "violence"][i % 3]))
        seen, cursor = [], None
        while True:
            page = svc.list_queue(s, MOD_A, cursor=cursor, limit=5)
            seen += [c.id for c in page.items]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        full = [c.id for c in svc.list_queue(s, MOD_A, limit=100).items]
        assert seen == full and len(set(seen)) == 23
        with pytest.raises(svc.Invalid) as e:
            svc.list_queue(s, MOD_A, cursor="garbage!")
        assert e.value.field == "cursor"
        with pytest.raises(svc.Invalid):
            svc.list_queue(s, MOD_A, limit=0)


def test_assignment(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        create_staff_user(s, "bob", "a-long-password", "moderator")
        ids = _seed(s)
        svc.assign_case(s, MOD_A, ids["hate"])
        assert [c.id for c in svc.list_queue(s, MOD_A, assigned_to="me").items] == [ids["hate"]]
        svc.assign_case(s, MOD_A, ids["hate"], "staff:bob")
        assert svc.get_case(s, MOD_A, ids["hate"]).assigned_to == "staff:bob"
        assert ids["hate"] not in [c.id for c in svc.list_queue(s, MOD_A, unassigned=True).items]
        with pytest.raises(svc.Invalid):
            svc.assign_case(s, MOD_A, ids["hate"], "staff:nobody")
        with pytest.raises(svc.Invalid):  # a moderator may not be given a sexual_minors case
            svc.assign_case(s, SPECIALIST, ids["csam"], "staff:bob")
        svc.assign_case(s, MOD_A, ids["hate"], "")
        assert svc.get_case(s, MOD_A, ids["hate"]).assigned_to is None
        with pytest.raises(svc.NotFound):
            svc.assign_case(s, MOD_A, 999_999)


def test_service_levels_per_category_are_configurable(database) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.from_env(database_url=database.url, sla_minutes_by_category="self_harm=30, hate=600")
    assert [svc.sla_minutes(c, settings) for c in ("self_harm", "hate", "grooming", "profanity")] == [30, 600, 60, 1440]
    with database.session() as s:
        case = s.get(Case, svc.submit_report(s, PLATFORM, report("sh-1", "self_harm"), settings=settings).case_id)
        assert case.due_at - case.opened_at == timedelta(minutes=30)
    for bad in ("self_harm", "nonsense=5", "hate=0", "hate=soon"):
        with pytest.raises(ValueError, match="KIDSAFE_SLA_MINUTES_BY_CATEGORY"):
            svc.sla_minutes("hate", Settings.from_env(database_url=database.url, sla_minutes_by_category=bad))
