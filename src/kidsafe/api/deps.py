"""Request dependencies: settings, a database session, and the authenticated caller."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from kidsafe.api.errors import ApiError
from kidsafe.auth import Principal, Role, lookup_api_key
from kidsafe.config import Settings
from kidsafe.store.db import Database

_KEY_CACHE_TTL = 30.0


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_database_dep(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


def get_session(db: Database = Depends(get_database_dep)) -> Iterator[Session]:
    """A session per request, committed when the handler returns without error."""
    with db.session() as session:
        yield session


def get_principal(
    request: Request,
    authorization: str | None = Header(default=None, include_in_schema=False),
    x_api_key: str | None = Header(default=None, include_in_schema=False),
) -> Principal:
    """The caller of a ``/v1`` request, from ``Authorization: Bearer <key>`` or ``X-API-Key``.

    A console session (set by ``kidsafe.web``) also authenticates API calls made from the console.
    """
    key = x_api_key
    if key is None and authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    if key:
        cache: dict[str, tuple[float, Principal | None]] = request.app.state.key_cache
        now = time.monotonic()
        hit = cache.get(key)
        if hit is not None and now - hit[0] < _KEY_CACHE_TTL:
            principal = hit[1]
        else:
            with request.app.state.db.session() as s:
                principal = lookup_api_key(s, key)
            if len(cache) > 10_000:
                cache.clear()
            cache[key] = (now, principal)
        if principal is not None:
            return principal
        raise ApiError(401, "unauthorized", "invalid or revoked API key", "authorization")
    staff = getattr(request.state, "staff_principal", None)
    if staff is not None:
        return staff  # type: ignore[no-any-return]
    raise ApiError(401, "unauthorized", "an API key is required (Authorization: Bearer <key> or X-API-Key)",
                   "authorization")


def require_roles(*roles: Role) -> Callable[..., Principal]:
    """Dependency factory: the caller must hold one of ``roles`` (admin always passes)."""

    def dep(principal: Principal = Depends(get_principal)) -> Principal:
        if principal.role == Role.ADMIN or principal.role in roles:
            return principal
        raise ApiError(403, "forbidden", f"this needs the role {' or '.join(r.value for r in roles)}", "authorization")

    return dep
