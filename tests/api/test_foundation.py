"""Authentication, error shape and limits shared by every /v1 route."""

import pytest

from tests.conftest import make_key


def test_healthz_and_openapi(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert "/v1/text:analyze" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_v1_needs_a_valid_key(client, database) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/text:analyze", json={"text": "hello"})
    assert r.status_code == 401 and r.json()["error"]["fields"][0]["field"] == "authorization"
    r = client.post("/v1/text:analyze", json={"text": "hello"}, headers={"Authorization": "Bearer ks_nope"})
    assert r.status_code == 401
    key = make_key(database)
    assert client.post("/v1/text:analyze", json={"text": "hello"}, headers={"X-API-Key": key}).status_code == 200


def test_revoked_key_is_refused(app, database) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from kidsafe.auth import revoke_api_key

    key = make_key(database, name="soon-revoked")
    with database.session() as s:
        assert revoke_api_key(s, "soon-revoked")
    with TestClient(app) as c:
        assert c.post("/v1/text:analyze", json={"text": "x"}, headers={"X-API-Key": key}).status_code == 401


def test_validation_errors_name_the_field(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/text:analyze", json={"texts": [{"text": "ok"}, {"text": 5}]}, headers=auth)
    assert r.status_code == 422
    fields = [f["field"] for f in r.json()["error"]["fields"]]
    assert "texts[1].text" in fields
    r = client.post("/v1/text:analyze", json={}, headers=auth)
    assert r.status_code == 422
    r = client.post("/v1/text:analyze", content=b"{not json", headers={**auth, "content-type": "application/json"})
    assert r.status_code == 422


def test_limits_are_enforced(client, auth, app) -> None:  # type: ignore[no-untyped-def]
    s = app.state.settings
    r = client.post("/v1/text:analyze", json={"text": "a" * (s.max_text_chars + 1)}, headers=auth)
    assert r.status_code == 413 and r.json()["error"]["fields"][0]["field"] == "text"
    r = client.post("/v1/text:analyze", json={"texts": [{"text": "a"}] * (s.max_batch + 1)}, headers=auth)
    assert r.status_code == 413 and r.json()["error"]["fields"][0]["field"] == "texts"
    big = b'{"text": "' + b"a" * (s.max_body_bytes + 10) + b'"}'
    r = client.post("/v1/text:analyze", content=big, headers={**auth, "content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def test_batch_keeps_order_and_ids(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/text:analyze", json={"texts": [{"id": "a", "text": "hi"}, {"id": "b", "text": "salut"}]},
                    headers=auth)
    assert r.status_code == 200
    res = r.json()["results"]
    assert [x["id"] for x in res] == ["a", "b"]
    from kidsafe.taxonomy import CATEGORY_NAMES

    assert set(res[0]["scores"]) == set(CATEGORY_NAMES)


@pytest.mark.parametrize(("method", "url", "kwargs", "field"), [
    ("post", "/v1/text:analyze", {"json": {"text": "hi\u0000there"}}, "text"),
    ("post", "/v1/decisions", {"json": {"actor": {"id": "\u0000"}, "context": "public_post"}}, "actor.id"),
    ("post", "/v1/text:analyze", {"json": {"texts": [{"text": "ok"}, {"text": "a\u0000"}]}}, "texts[1].text"),
    ("get", "/v1/reports/abc%00def", {}, "path"),
    ("get", "/v1/cases?category=hate%00", {}, "category"),
])
def test_nul_characters_are_refused_with_the_field_named(client, auth, method, url, kwargs, field) -> None:  # type: ignore[no-untyped-def]
    r = getattr(client, method)(url, headers=auth, **kwargs)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["fields"][0]["field"] == field


def test_bodies_without_nul_pass_through_the_guard(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/text:analyze", json={"text": "see you at practice"}, headers=auth)
    assert r.status_code == 200
