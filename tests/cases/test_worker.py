"""The background worker started by the API: events become flags, due notices are delivered."""

from __future__ import annotations

import threading
import time

from kidsafe import events
from kidsafe.api.cases import CasesWorker
from kidsafe.cases import service as svc
from kidsafe.store.models.cases import Case, Notice

from .helpers import MOD_A, PLATFORM, RecordingTransport, report


def test_a_tick_ingests_events_and_delivers_notices(app, database) -> None:  # type: ignore[no-untyped-def]
    transport = RecordingTransport(204)
    app.state.webhook_transport = transport
    with database.session() as s:
        svc.register_webhook(s, PLATFORM, "http://127.0.0.1:9/hook")
        case_id = svc.submit_report(s, PLATFORM, report()).case_id
        svc.take_action(s, MOD_A, case_id, svc.ActionInput("remove", decision_facts="Insults a younger player."))
        events.publish(s, "conversation.alert", "conv-w", {
            "conversation_id": "conv-w", "level": 2, "grooming": 0.8, "sextortion": 0.0, "stages": ["secrecy"],
            "message_ids": ["m1"], "suspect_id": "acct-w", "target_ids": ["kid-w"], "target_age_band": "under_13",
            "alert_at": 4, "reasons": []})
    CasesWorker(app, 1.0).tick()
    with database.session() as s:
        assert s.query(Case).filter_by(subject_id="acct-w").one().source == "conversation.alert"
        assert {n.status for n in s.query(Notice).filter_by(case_id=case_id)} == {"delivered"}
    assert len(transport.calls) == 2


def test_the_worker_thread_runs_until_stopped(app, database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        events.publish(s, "policy.decision", "d-w", {
            "decision_id": "d-w", "action": "hold_for_review", "categories": ["hate"], "content_ref": "msg-w",
            "actor_id": "acct-x", "actor_age_band": "13_15", "target_age_band": "13_15"})
    worker = CasesWorker(app, 0.05)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with database.session() as s:
                if s.query(Case).filter_by(subject_id="msg-w").count():
                    break
            time.sleep(0.05)
        else:
            raise AssertionError("the worker did not ingest the event")
    finally:
        worker.stop()
    assert not worker.thread.is_alive()


def test_an_app_started_twice_runs_one_worker_and_stops_it(app) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app), TestClient(app):  # two lifespans on one app (two test clients, or two servers)
        worker = app.state.cases_worker
        assert worker.thread.is_alive()
        names = [t.name for t in threading.enumerate()]
        assert names.count("kidsafe-cases-worker") == 1
    assert not worker.thread.is_alive()  # no orphan left ticking against a database that may be gone
