"""The outbox: signed webhooks, retries with back-off until acknowledged, idempotency keys, dead letters."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kidsafe.cases import service as svc
from kidsafe.cases.notices import backoff, verify_signature
from kidsafe.config import Settings
from kidsafe.store.db import utcnow
from kidsafe.store.models.cases import Notice

from .helpers import ADMIN, MOD_A, OTHER_PLATFORM, PLATFORM, RecordingTransport, report

FACTS = "Insults aimed at a younger player."


def _act(s) -> int:  # type: ignore[no-untyped-def]
    case_id = svc.submit_report(s, PLATFORM, report()).case_id
    svc.take_action(s, MOD_A, case_id, svc.ActionInput("remove", decision_facts=FACTS))
    return case_id


def test_signed_delivery_retries_with_backoff_until_acknowledged(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        _, secret = svc.register_webhook(s, PLATFORM, "http://127.0.0.1:9/hook")
        _act(s)
        transport = RecordingTransport(500, 503, 200, 500, 200)
        now = utcnow()
        first = svc.deliver_due(s, now, transport=transport)
        assert (first.delivered, first.retried) == (0, 2)  # SoR to the affected user, outcome to the reporter
        assert svc.deliver_due(s, now + timedelta(seconds=5), transport=transport).retried == 0  # not yet due
        second = svc.deliver_due(s, now + backoff(1), transport=transport)
        assert (second.delivered, second.retried) == (1, 1)
        third = svc.deliver_due(s, now + backoff(1) + backoff(2), transport=transport)
        assert third.delivered == 1
        assert {n.status for n in s.query(Notice)} == {"delivered"}
        keys = {}
        for _, body, headers in transport.calls:
            assert verify_signature(secret, headers["X-Kidsafe-Timestamp"], body, headers["X-Kidsafe-Signature"])
            assert not verify_signature("wrong", headers["X-Kidsafe-Timestamp"], body, headers["X-Kidsafe-Signature"])
            keys.setdefault(headers["Idempotency-Key"], set()).add(body)
        assert len(keys) == 2 and all(len(bodies) == 1 for bodies in keys.values())  # same key, same body


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(50).total_seconds() == 6 * 3600


def test_gives_up_after_max_attempts_and_admin_can_retry(database) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.from_env(database_url=database.url, webhook_max_attempts=2)
    with database.session() as s:
        svc.register_webhook(s, PLATFORM, "http://127.0.0.1:9/hook")
        _act(s)

        def refused(*_a):  # type: ignore[no-untyped-def]
            raise ConnectionRefusedError("refused")

        now = utcnow()
        svc.deliver_due(s, now, transport=refused, settings=settings)
        r = svc.deliver_due(s, now + timedelta(hours=1), transport=refused, settings=settings)
        assert r.failed == 2
        failed = svc.list_notices(s, MOD_A, status="failed")
        assert len(failed) == 2 and "refused" in failed[0].last_error
        with pytest.raises(svc.Forbidden):
            svc.retry_notice(s, MOD_A, failed[0].id)
        assert svc.retry_notice(s, ADMIN, failed[0].id).status == "pending"


def test_without_endpoint_notices_are_held_for_the_platform(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        _act(s)
        mine = svc.list_notices(s, PLATFORM)
        assert {n.status for n in mine} == {"held"} and len(mine) == 2
        assert svc.list_notices(s, OTHER_PLATFORM) == []


class _Receiver(BaseHTTPRequestHandler):
    seen: list[tuple[str, bytes, dict[str, str]]] = []
    fail_first = True

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        key = self.headers["Idempotency-Key"]
        first_time = all(k != key for k, _, _ in _Receiver.seen)
        _Receiver.seen.append((key, body, dict(self.headers)))
        self.send_response(500 if first_time and _Receiver.fail_first else 204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


def test_real_http_delivery_to_a_loopback_receiver(database) -> None:  # type: ignore[no-untyped-def]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.seen = []
    try:
        with database.session() as s:
            _, secret = svc.register_webhook(s, PLATFORM, f"http://127.0.0.1:{server.server_port}/kidsafe")
            _act(s)
            now = utcnow()
            assert svc.deliver_due(s, now).retried == 2
            assert svc.deliver_due(s, now + timedelta(minutes=1)).delivered == 2
        received = {k: json.loads(b) for k, b, _ in _Receiver.seen}
        kinds = sorted(p["type"] for p in received.values())
        assert kinds == ["report_outcome", "statement_of_reasons"]
        for _, body, headers in _Receiver.seen:
            assert verify_signature(secret, headers["X-Kidsafe-Timestamp"], body, headers["X-Kidsafe-Signature"])
    finally:
        server.shutdown()


def _flagged_and_decided(s) -> int:  # type: ignore[no-untyped-def]
    """A case opened by an automatic flag (no platform filed it), decided."""
    from kidsafe.cases.intake import FlagInput
    from kidsafe.taxonomy import Severity

    row = svc.add_flag(s, FlagInput(source="policy.decision", subject_type="content", subject_id="msg-auto",
                                    account_id="user-99", categories=["harassment"], severity=Severity.MEDIUM,
                                    minor_involved=True))
    svc.take_action(s, MOD_A, row.case_id, svc.ActionInput("remove", decision_facts=FACTS))
    return row.case_id


def test_notices_of_automatic_flags_are_never_broadcast_to_several_platforms(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        svc.register_webhook(s, PLATFORM, "http://127.0.0.1:9/a")
        svc.register_webhook(s, OTHER_PLATFORM, "http://127.0.0.1:9/b")
        case_id = _flagged_and_decided(s)
        rows = s.query(Notice).filter_by(case_id=case_id).all()
        assert [(n.status, n.webhook_id, n.platform_key_id) for n in rows] == [("held", None, None)]
        assert svc.list_notices(s, PLATFORM) == [] and svc.list_notices(s, OTHER_PLATFORM) == []
        assert [n.id for n in svc.list_notices(s, MOD_A, case_id=case_id)] == [rows[0].id]


def test_notices_of_automatic_flags_reach_the_only_platform(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        endpoint, _ = svc.register_webhook(s, PLATFORM, "http://127.0.0.1:9/a")
        case_id = _flagged_and_decided(s)
        (notice,) = s.query(Notice).filter_by(case_id=case_id).all()
        assert (notice.status, notice.webhook_id, notice.platform_key_id) == ("pending", endpoint.id, PLATFORM.id)
        assert [n.id for n in svc.list_notices(s, PLATFORM)] == [notice.id]


def test_notices_of_automatic_flags_go_to_the_endpoints_an_admin_registered(database) -> None:  # type: ignore[no-untyped-def]
    from kidsafe.auth import lookup_api_key
    from tests.conftest import make_key

    with database.session() as s:
        admin = lookup_api_key(s, make_key(database, "admin"))
        svc.register_webhook(s, PLATFORM, "http://127.0.0.1:9/a")
        svc.register_webhook(s, OTHER_PLATFORM, "http://127.0.0.1:9/b")
        general, _ = svc.register_webhook(s, admin, "http://127.0.0.1:9/all")
        case_id = _flagged_and_decided(s)
        assert [n.webhook_id for n in s.query(Notice).filter_by(case_id=case_id)] == [general.id]


def test_webhook_destinations_that_could_reach_internal_services_are_refused() -> None:
    from kidsafe.cases.notices import destination_error

    # cloud metadata and other link-local, multicast or unspecified addresses: never
    for url in ("http://169.254.169.254/latest/meta-data", "http://[fe80::1]/x", "http://0.0.0.0/x",
                "http://224.0.0.1/x"):
        assert destination_error(url, allow_private=True), url
    # loopback and private networks: only when the operator allows them
    for url in ("http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://192.168.0.5/hook", "http://[::1]/x",
                "http://localhost:9/hook"):
        assert destination_error(url, allow_private=False), url
        assert destination_error(url, allow_private=True) is None, url
    assert destination_error("http://93.184.216.34/hook", allow_private=False) is None
    assert destination_error("ftp://example.org/x", allow_private=True)
