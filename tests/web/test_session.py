"""Console sign-in, session cookies, CSRF and sign-out (through TestClient)."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from kidsafe.web import session as web_session
from tests.web.helpers import PASSWORD, csrf_of, make_staff, sign_in


def test_pages_need_a_session(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/console/queue", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/console/login?next=%2Fconsole%2Fqueue")
    page = client.get("/console/login")
    assert page.status_code == 200 and 'lang="en"' in page.text and 'href="#main"' in page.text
    assert "content-security-policy" in page.headers and page.headers["x-frame-options"] == "DENY"


def test_sign_in_sets_a_strict_httponly_cookie_and_rotates_it(client, database) -> None:  # type: ignore[no-untyped-def]
    user = make_staff(database, "moderator")
    page = client.get("/console/login")
    r = client.post("/console/login", data={"username": user, "password": PASSWORD, "csrf_token": csrf_of(page.text),
                                            "next": "/console/queue"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/queue"
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith(web_session.SESSION_COOKIE)][0]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    first = client.cookies.get(web_session.SESSION_COOKIE)
    sign_in(client, user)
    assert client.cookies.get(web_session.SESSION_COOKIE) != first  # a new session id at every sign-in
    assert client.get("/console/queue").status_code == 200


def test_wrong_password_and_missing_fields_are_refused(client, database) -> None:  # type: ignore[no-untyped-def]
    user = make_staff(database, "moderator")
    page = client.get("/console/login")
    token = csrf_of(page.text)
    r = client.post("/console/login", data={"username": user, "password": "wrong password!", "csrf_token": token})
    assert r.status_code == 401 and "wrong" in r.text
    assert web_session.SESSION_COOKIE not in client.cookies
    r = client.post("/console/login", data={"username": "", "password": "", "csrf_token": token})
    assert r.status_code == 422


def test_sign_in_needs_the_form_token(client, database) -> None:  # type: ignore[no-untyped-def]
    user = make_staff(database, "moderator")
    client.get("/console/login")
    r = client.post("/console/login", data={"username": user, "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403
    fresh = TestClient(client.app)  # no pre-session cookie at all
    r = fresh.post("/console/login", data={"username": user, "password": PASSWORD, "csrf_token": "x"})
    assert r.status_code == 403


def test_posts_need_the_session_csrf_token(client, database) -> None:  # type: ignore[no-untyped-def]
    user = make_staff(database, "moderator")
    token = sign_in(client, user)
    r = client.post("/console/logout", data={"csrf_token": "nope"}, follow_redirects=False)
    assert r.status_code == 403
    r = client.post("/console/logout", data={}, follow_redirects=False)
    assert r.status_code == 403
    assert client.get("/console/queue", follow_redirects=False).status_code == 200  # still signed in
    r = client.post("/console/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303


def test_sign_out_invalidates_a_copied_cookie(client, database) -> None:  # type: ignore[no-untyped-def]
    user = make_staff(database, "moderator")
    token = sign_in(client, user)
    stolen = client.cookies.get(web_session.SESSION_COOKIE)
    client.post("/console/logout", data={"csrf_token": token})
    other = TestClient(client.app, cookies={web_session.SESSION_COOKIE: stolen})
    assert other.get("/console/queue", follow_redirects=False).status_code == 303
    sign_in(client, user)  # signing in again works at once
    assert client.get("/console/queue", follow_redirects=False).status_code == 200


def test_forged_expired_and_disabled_sessions_are_refused(app, client, database) -> None:  # type: ignore[no-untyped-def]
    from kidsafe.store.models import StaffUser

    user = make_staff(database, "moderator")
    sign_in(client, user)
    cookie = client.cookies.get(web_session.SESSION_COOKIE)
    body, mac = cookie.split(".")
    tampered = TestClient(app, cookies={web_session.SESSION_COOKIE: body + "." + mac[:-2] + "AA"})
    assert tampered.get("/console/queue", follow_redirects=False).status_code == 303
    secret = str(app.state.secret_key).encode()
    payload = web_session.unsign(secret, "session", cookie)
    assert payload is not None
    expired = web_session.sign(secret, "session", {**payload, "exp": int(time.time()) - 1})
    old = TestClient(app, cookies={web_session.SESSION_COOKIE: expired})
    assert old.get("/console/queue", follow_redirects=False).status_code == 303
    other_key = web_session.sign(b"another-secret", "session", payload)
    assert TestClient(app, cookies={web_session.SESSION_COOKIE: other_key}).get(
        "/console/queue", follow_redirects=False).status_code == 303
    with database.session() as s:
        s.query(StaffUser).filter_by(username=user).one().active = False
    assert client.get("/console/queue", follow_redirects=False).status_code == 303


def test_next_is_limited_to_console_paths(client, database) -> None:  # type: ignore[no-untyped-def]
    user = make_staff(database, "moderator")
    page = client.get("/console/login")
    r = client.post("/console/login", data={"username": user, "password": PASSWORD, "csrf_token": csrf_of(page.text),
                                            "next": "https://evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/console/queue"
