"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from kidsafe import __version__

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    db_ok = True
    try:
        with request.app.state.db.engine.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means not ready
        db_ok = False
    body = {"status": "ok" if db_ok else "degraded", "version": __version__, "database": "ok" if db_ok else "error"}
    return JSONResponse(body, status_code=200 if db_ok else 503)
