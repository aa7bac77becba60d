"""Console pages: the queue, its filters and paging, the case page, role boundaries, appeals, notices, audit."""

from __future__ import annotations

from datetime import timedelta

from kidsafe.store.db import utcnow
from tests.web.helpers import make_staff, seed_case, sign_in


def test_queue_lists_cases_by_priority_and_hides_restricted_ones_from_moderators(client, database) -> None:  # type: ignore[no-untyped-def]
    low = seed_case(database, category="profanity", severity="low", queue_rank=7)
    urgent = seed_case(database, category="grooming", severity="critical", minor_involved=True, queue_rank=0)
    restricted = seed_case(database, category="sexual_minors", severity="critical", minor_involved=True, queue_rank=0)
    sign_in(client, make_staff(database, "moderator"))
    page = client.get("/console/queue").text
    assert f"Case {urgent}<" in page and f"Case {low}<" in page
    assert page.index(f"Case {urgent}<") < page.index(f"Case {low}<")
    assert f"Case {restricted}<" not in page
    r = client.get(f"/console/cases/{restricted}")
    assert r.status_code == 403 and "child-safety specialists" in r.text


def test_specialist_sees_restricted_cases(client, database) -> None:  # type: ignore[no-untyped-def]
    restricted = seed_case(database, category="sexual_minors", severity="critical", minor_involved=True, queue_rank=0)
    sign_in(client, make_staff(database, "child_safety_specialist"))
    assert f"Case {restricted}<" in client.get("/console/queue").text
    assert client.get(f"/console/cases/{restricted}").status_code == 200


def test_queue_filters_and_paging(app, client, database) -> None:  # type: ignore[no-untyped-def]
    now = utcnow()
    late = seed_case(database, category="hate", severity="high", queue_rank=3, due_at=now - timedelta(hours=2))
    ids = [seed_case(database, queue_rank=5) for _ in range(4)]
    sign_in(client, make_staff(database, "moderator"))
    page = client.get("/console/queue?category=hate").text
    assert f"Case {late}<" in page and f"Case {ids[0]}<" not in page
    page = client.get("/console/queue?overdue=1").text
    assert f"Case {late}<" in page and f"Case {ids[0]}<" not in page and "overdue 2 h" in page
    assert "<strong>1</strong> open case past its service-level deadline" in client.get("/console/queue").text
    app.state.settings = app.state.settings.__class__(**{**app.state.settings.__dict__, "console_page_size": 2})
    first = client.get("/console/queue").text
    assert f"Case {late}<" in first and f"Case {ids[0]}<" in first and f"Case {ids[1]}<" not in first
    import re

    cursor = re.search(r'after=([^"&]+)"', first)
    assert cursor
    second = client.get(f"/console/queue?after={cursor.group(1)}").text
    assert f"Case {ids[1]}<" in second and f"Case {ids[2]}<" in second and f"Case {late}<" not in second


def test_bad_filters_are_explained(client, database) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, make_staff(database, "moderator"))
    r = client.get("/console/queue?category=nonsense")
    assert r.status_code == 422 and "category" in r.text
    r = client.get("/console/queue?status=weird")
    assert r.status_code == 422 and "status" in r.text
    r = client.get("/console/queue?after=garbage")
    assert r.status_code == 422 and "cursor" in r.text
    assert client.get("/console/cases/999999").status_code == 404
    assert client.get("/console/cases/abc").status_code == 422


def test_case_page_shows_blurred_content_scores_and_evidence(client, database) -> None:  # type: ignore[no-untyped-def]
    case_id = seed_case(database, context={"conversation_id": "conv-9", "stages": ["trust", "secrecy"]})
    sign_in(client, make_staff(database, "moderator"))
    page = client.get(f"/console/cases/{case_id}").text
    assert 'class="sensitive"' in page and "Reveal content" in page
    assert '<mark class="evidence" title="harassment">synthetic insult</mark>' in page
    assert "0.91" in page and "conv-9" in page and "trust, secrecy" in page


def test_evidence_text_is_escaped(client, database) -> None:  # type: ignore[no-untyped-def]
    case_id = seed_case(database, evidence_text="<script>alert(1)</script> hi", detector_evidence=[
        {"start": 0, "end": 8, "kind": "x"}])
    sign_in(client, make_staff(database, "moderator"))
    page = client.get(f"/console/cases/{case_id}").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_audit_view_verifies_the_chain(client, database) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, make_staff(database, "moderator"))
    page = client.get("/console/audit?verify=1").text
    assert "Verified:" in page and "console.sign_in" in page
    from kidsafe.store.models import AuditEntry

    with database.session() as s:
        entry = s.get(AuditEntry, 1)
        entry.actor = "staff:someone-else"
    page = client.get("/console/audit?verify=1").text
    assert "Verification failed" in page and "entry 1" in page


def test_notices_and_appeals_pages_render(client, database) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, make_staff(database, "moderator"))
    assert client.get("/console/notices").status_code == 200
    assert client.get("/console/notices?status=bogus").status_code == 422
    assert client.get("/console/appeals").status_code == 200
    assert client.get("/console/appeals/12345").status_code == 404
