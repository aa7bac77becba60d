"""Console sign-in: signed session cookies, CSRF tokens and sign-out.

A session is a cookie holding ``base64(json) "." HMAC-SHA256`` signed with ``app.state.secret_key``:
the staff user's id, a random session id (new at every sign-in, so a planted cookie never survives a
sign-in), the time it was issued and when it expires. No table is needed: every request re-reads the
staff account (a disabled account or a changed role takes effect at once), and signing out records a
"signed out at" time for the account in the ``kv`` table, so a copied cookie stops working too.

CSRF: every form carries a token derived from the session id (``HMAC(secret, "csrf:" + sid)``) and every
POST checks it; the sign-in form, which has no session yet, gets the same protection from a short-lived
signed pre-session cookie. Cookies are HttpOnly and SameSite=Strict (and Secure over HTTPS).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from kidsafe.auth import STAFF_ROLES, Principal, Role
from kidsafe.store.models import KeyValue, StaffUser

SESSION_COOKIE = "kidsafe_session"
LOGIN_COOKIE = "kidsafe_login"
LOGIN_COOKIE_SECONDS = 1800
COOKIE_PATH = "/"
_SIGNOUT_KEY = "console_signout:{uid}"


class NotSignedIn(Exception):
    """The request carries no valid session (the console redirects to the sign-in page)."""


class CsrfError(Exception):
    """A POST without the right CSRF token (the console answers 403)."""


@dataclass(frozen=True)
class StaffSession:
    """A signed-in staff member: who, with which role, and the CSRF token for this session's forms."""

    principal: Principal
    display_name: str
    sid: str
    issued_at: int  # milliseconds since the epoch
    expires_at: int
    csrf_token: str


# --- signing ------------------------------------------------------------------------------------

def _secret(request: Request) -> bytes:
    return str(request.app.state.secret_key).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(secret: bytes, purpose: str, payload: dict[str, object]) -> str:
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    mac = hmac.new(secret, f"{purpose}.{body}".encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def unsign(secret: bytes, purpose: str, token: str | None) -> dict[str, object] | None:
    """The payload of a token signed for ``purpose``, or None when it is missing, forged or malformed."""
    if not token or token.count(".") != 1 or len(token) > 4096:
        return None
    body, mac = token.split(".")
    expected = hmac.new(secret, f"{purpose}.{body}".encode(), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(_unb64(mac), expected):
            return None
        payload = json.loads(_unb64(body))
    except (ValueError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


def _now_ms() -> int:
    return int(time.time() * 1000)


def csrf_token_for(secret: bytes, sid: str) -> str:
    return _b64(hmac.new(secret, f"csrf:{sid}".encode(), hashlib.sha256).digest())


def _is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path=COOKIE_PATH, httponly=True, samesite="strict",
                        secure=_is_https(request))


# --- sign-in form (pre-session) -------------------------------------------------------------------

def login_csrf(request: Request) -> tuple[str, str | None]:
    """A CSRF token for the sign-in form, and the signed pre-session cookie to set (None: keep the current one)."""
    secret = _secret(request)
    payload = unsign(secret, "login", request.cookies.get(LOGIN_COOKIE))
    now = int(time.time())
    cookie = None
    if payload is None or not isinstance(payload.get("exp"), int) or payload["exp"] < now + 60:  # type: ignore[operator]
        payload = {"n": secrets.token_urlsafe(16), "exp": now + LOGIN_COOKIE_SECONDS}
        cookie = sign(secret, "login", payload)
    return csrf_token_for(secret, f"login:{payload['n']}"), cookie


def set_login_cookie(request: Request, response: Response, cookie: str | None) -> None:
    if cookie is not None:
        _set_cookie(request, response, LOGIN_COOKIE, cookie, LOGIN_COOKIE_SECONDS)


def check_login_csrf(request: Request, token: str | None) -> None:
    secret = _secret(request)
    payload = unsign(secret, "login", request.cookies.get(LOGIN_COOKIE))
    if payload is None or not isinstance(payload.get("exp"), int) or payload["exp"] < time.time():  # type: ignore[operator]
        raise CsrfError("the sign-in form expired; reload the page and try again")
    if not token or not hmac.compare_digest(token, csrf_token_for(secret, f"login:{payload['n']}")):
        raise CsrfError("the sign-in form's security token is missing or wrong; reload the page")


# --- sessions ---------------------------------------------------------------------------------------

def start_session(request: Request, response: Response, principal: Principal) -> StaffSession:
    """Sign ``principal`` in: a fresh session id (rotation) in a new signed cookie."""
    settings = request.app.state.settings
    now = int(time.time())
    lifetime = max(60, int(settings.console_session_minutes) * 60)
    sid = secrets.token_urlsafe(18)
    issued = _now_ms()
    payload = {"uid": principal.id, "sid": sid, "iat": issued, "exp": now + lifetime}
    secret = _secret(request)
    _set_cookie(request, response, SESSION_COOKIE, sign(secret, "session", payload), lifetime)
    response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
    return StaffSession(principal, principal.name, sid, issued, now + lifetime,
                        csrf_token_for(secret, sid))


def read_session(request: Request, db_session: Session) -> StaffSession:
    """The signed-in staff member of this request, or ``NotSignedIn``."""
    payload = unsign(_secret(request), "session", request.cookies.get(SESSION_COOKIE))
    if payload is None:
        raise NotSignedIn("not signed in")
    uid, sid, iat, exp = payload.get("uid"), payload.get("sid"), payload.get("iat"), payload.get("exp")
    if not (isinstance(uid, int) and isinstance(sid, str) and isinstance(iat, int) and isinstance(exp, int)):
        raise NotSignedIn("malformed session")
    if exp < time.time():
        raise NotSignedIn("your session expired; sign in again")
    user = db_session.get(StaffUser, uid)
    if user is None or not user.active or user.role not in {r.value for r in STAFF_ROLES}:
        raise NotSignedIn("this account is disabled")
    signed_out = db_session.get(KeyValue, _SIGNOUT_KEY.format(uid=uid))
    if signed_out is not None and iat <= int(signed_out.value):
        raise NotSignedIn("you signed out; sign in again")
    principal = Principal("staff", user.id, user.username, Role(user.role))
    return StaffSession(principal, user.display_name or user.username, sid, iat, exp,
                        csrf_token_for(_secret(request), sid))


def check_csrf(request: Request, staff: StaffSession, token: str | None) -> None:
    if not token or not hmac.compare_digest(token, staff.csrf_token):
        raise CsrfError("the form's security token is missing or wrong; reload the page and try again")


def end_session(request: Request, response: Response, db_session: Session, staff: StaffSession) -> None:
    """Sign out: clear the cookie and invalidate every session of this account issued until now."""
    key = _SIGNOUT_KEY.format(uid=staff.principal.id)
    row = db_session.get(KeyValue, key)
    stamp = str(_now_ms())
    if row is None:
        db_session.add(KeyValue(key=key, value=stamp))
    else:
        row.value = stamp
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
