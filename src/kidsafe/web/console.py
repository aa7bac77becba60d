"""What every console page shares: the router, templates, security headers, the signed-in staff dependency,
CSRF-checked form reading and error pages."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kidsafe.api.deps import get_session
from kidsafe.cases.errors import CaseError
from kidsafe.web import session as web_session
from kidsafe.web.session import CsrfError, NotSignedIn, StaffSession

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
STATIC_FILES = {"console.css": "text/css", "reveal.js": "text/javascript"}
_STATIC_VERSION = str(int(time.time()))

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data: https:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
MAX_FORM_FIELD = 5000  # characters in one form field (free-text reasons); longer input is refused


class ConsoleRoute(APIRoute):
    """Adds the console's security headers (CSP, no framing, no caching of case data) to every response."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def with_headers(request: Request) -> Response:
            response = await handler(request)
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return with_headers


router = APIRouter(prefix="/console", include_in_schema=False, route_class=ConsoleRoute)
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["static_url"] = lambda name: f"/console/static/{name}?v={_STATIC_VERSION}"


def _dt(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _ago(value: datetime, now: datetime) -> str:
    """How long ago ``value`` was, in the largest sensible unit ("3 h", "2 d")."""
    seconds = max(0, int((now - value).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 172_800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86_400} d"


def _who(actor: str | None) -> str:
    """An audit/assignment actor (``staff:alice``) as people read it (``alice``)."""
    return actor.split(":", 1)[1] if actor and ":" in actor else (actor or "—")


templates.env.filters.update(dt=_dt, ago=_ago, who=_who)


# --- helpers shared by the pages --------------------------------------------------------------------------------

def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("staff", None)
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def error_page(request: Request, status_code: int, title: str, message: str, staff: StaffSession | None = None,
               back_url: str | None = None) -> HTMLResponse:
    return render(request, "error.html", status_code=status_code, title=title, message=message, staff=staff,
                  back_url=back_url)


def safe_next(url: str | None) -> str:
    """Only same-site console paths are accepted as a place to return to (no open redirect)."""
    if url and url.startswith("/console/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/console/queue"


def current_staff(request: Request, s: Session = Depends(get_session)) -> StaffSession:
    try:
        return web_session.read_session(request, s)
    except NotSignedIn as exc:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        # answered as a 303 by the app's HTTP error handler: the browser goes to the sign-in page
        location = f"/console/login?next={quote(target, safe='')}&reason={quote(str(exc))}"
        raise HTTPException(status_code=303, detail="sign in first", headers={"Location": location}) from exc


async def read_form(request: Request, staff: StaffSession) -> FormData:
    """The POSTed form after its CSRF token checked out (raises ``CsrfError``)."""
    form = await request.form()
    token = form.get("csrf_token")
    web_session.check_csrf(request, staff, token if isinstance(token, str) else None)
    return form


class FormError(Exception):
    """Invalid form input: shown to the moderator with the field it concerns."""

    def __init__(self, field: str, message: str, back_url: str | None = None) -> None:
        super().__init__(f"{field.replace('_', ' ')}: {message}")
        self.field, self.back_url = field, back_url


def form_text(form: FormData, name: str, default: str = "", required: bool = False) -> str:
    value = form.get(name, default)
    if not isinstance(value, str):
        raise FormError(name, "expected text")
    if len(value) > MAX_FORM_FIELD:
        raise FormError(name, f"at most {MAX_FORM_FIELD} characters")
    value = value.strip()
    if required and not value:
        raise FormError(name, "this field is required")
    return value


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def guarded(page: Callable[..., Coroutine[Any, Any, Response]]) -> Callable[..., Coroutine[Any, Any, Response]]:
    """Turns a failed CSRF check (403) or invalid form input (422) raised inside a page into an error page."""

    @functools.wraps(page)
    async def wrapper(*args: Any, **kwargs: Any) -> Response:
        request = kwargs["request"]
        staff = kwargs.get("staff")
        try:
            return await page(*args, **kwargs)
        except CsrfError as exc:
            return error_page(request, 403, "Form expired", str(exc), staff)
        except FormError as exc:
            return error_page(request, 422, "Please check the form", str(exc), staff, exc.back_url)

    return wrapper


@contextmanager
def write_session(request: Request) -> Iterator[Session]:
    """A transaction of its own for a form's change: committed when the service call succeeds, rolled back
    entirely when it refuses (so a refused decision leaves nothing half-written)."""
    db = request.app.state.db
    with (db.write_lock if db.is_sqlite else nullcontext()), db.session() as s:
        yield s


def refusal_page(request: Request, exc: CaseError, staff: StaffSession, back_url: str | None = None) -> HTMLResponse:
    """A cases-service refusal (403, 404, 409, 422) shown with the field it concerns."""
    titles = {403: "Not allowed", 404: "Not found", 409: "Already done", 422: "Please check the form"}
    field = f"{exc.field.replace('_', ' ')}: " if exc.field else ""
    return error_page(request, exc.status, titles.get(exc.status, "Refused"), field + exc.message, staff, back_url)
