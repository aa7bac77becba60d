"""Console routes: static files, sign-in and sign-out; the pages register themselves on the same router.

Every page needs a signed-in staff member (else a redirect to the sign-in page); every POST checks the
session's CSRF token. Pages are plain HTML forms, so the console works without JavaScript (only the
"reveal content" toggle uses a few lines of it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.responses import FileResponse, Response

from kidsafe.api.deps import get_session
from kidsafe.auth import authenticate_staff
from kidsafe.cases import audit
from kidsafe.web import session as web_session
from kidsafe.web.console import STATIC_DIR, STATIC_FILES, error_page, render, router, safe_next, see_other
from kidsafe.web.session import CsrfError, NotSignedIn

__all__ = ["router"]


# --- static files ------------------------------------------------------------------------------------------------

@router.get("/static/{name}")
async def static(name: str) -> Response:
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        return Response("not found", status_code=404, media_type="text/plain")
    response = FileResponse(STATIC_DIR / name, media_type=media_type)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


# --- sign-in and sign-out ----------------------------------------------------------------------------------------

@router.get("/")
async def index() -> Response:
    return see_other("/console/queue")


def _login_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    token, cookie = web_session.login_csrf(request)
    response = render(request, "login.html", status_code=status_code, csrf_token=token, **context)
    web_session.set_login_cookie(request, response, cookie)
    return response


@router.get("/login")
async def login_form(request: Request, next: str | None = None, reason: str | None = None) -> Response:
    note = reason[:200] if reason and reason != "not signed in" else None
    return _login_page(request, next_url=safe_next(next), username="", error=None, flash=note, flash_kind="warn")


@router.post("/login")
async def login(request: Request, s: Session = Depends(get_session)) -> Response:
    form = await request.form()
    next_url = safe_next(str(form.get("next") or ""))
    username = str(form.get("username") or "").strip()[:100]
    password = str(form.get("password") or "")[:200]

    def again(status: int, message: str) -> Response:
        return _login_page(request, status, next_url=next_url, username=username, error=message)

    try:
        web_session.check_login_csrf(request, str(form.get("csrf_token") or ""))
    except CsrfError as exc:
        return again(403, str(exc))
    if not username or not password:
        return again(422, "Enter your username and password.")
    principal = authenticate_staff(s, username, password)
    if principal is None:
        return again(401, "The username or password is wrong, or the account is disabled.")
    response = see_other(next_url)
    web_session.start_session(request, response, principal)
    audit.append(s, principal.actor, "console.sign_in", "staff_user", principal.id, {})
    return response


@router.post("/logout")
async def logout(request: Request, s: Session = Depends(get_session)) -> Response:
    try:
        staff = web_session.read_session(request, s)
    except NotSignedIn:
        return see_other("/console/login")
    form = await request.form()
    token = form.get("csrf_token")
    try:
        web_session.check_csrf(request, staff, token if isinstance(token, str) else None)
    except CsrfError as exc:
        return error_page(request, 403, "Form expired", str(exc), staff)
    response = see_other("/console/login?reason=" + quote("You are signed out."))
    web_session.end_session(request, response, s, staff)
    audit.append(s, staff.principal.actor, "console.sign_out", "staff_user", staff.principal.id, {})
    return response


# the pages register their routes on the same router
from kidsafe.web import (  # noqa: E402,F401
    appeals_page,
    audit_page,
    case_page,
    notices_page,
    queue,  # noqa: E402,F401
)
