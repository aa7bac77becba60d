"""Refuse NUL characters anywhere in a request: path, query string, JSON or form body (422 naming the field).

No legitimate message, id or note needs U+0000, PostgreSQL text columns cannot hold it, and some tools truncate
at it; refusing it once here keeps every router from failing later with a 500 on PostgreSQL only.
Multipart uploads (images) are binary and pass through untouched. Runs inside the body-size limit, so the
body it buffers is already bounded.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kidsafe.api.errors import error_body

NUL = "\x00"


def _nul_path(value: Any, path: str = "") -> str | None:
    """The path (``a.b[2].c``) of the first string or key holding NUL in parsed JSON, else None."""
    if isinstance(value, str):
        return (path or "body") if NUL in value else None
    if isinstance(value, dict):
        for k, v in value.items():
            here = f"{path}.{k}" if path else str(k)
            if NUL in str(k):
                return here
            found = _nul_path(v, here)
            if found:
                return found
    if isinstance(value, list):
        for i, v in enumerate(value):
            found = _nul_path(v, f"{path}[{i}]")
            if found:
                return found
    return None


def _nul_form_field(raw: bytes) -> str | None:
    for k, v in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if NUL in k or NUL in v:
            return k.replace(NUL, "") or "body"
    return None


class NulGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if NUL in scope.get("path", ""):
            await _reject(send, "path")
            return
        query = scope.get("query_string", b"")
        if b"%00" in query and (field := _nul_form_field(query)):
            await _reject(send, field)
            return
        headers = dict(scope.get("headers") or [])
        ctype = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        if ctype not in ("application/json", "application/x-www-form-urlencoded"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # client went away
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        field = None
        if ctype == "application/json" and b"\\u0000" in body:
            try:
                field = _nul_path(json.loads(body))
            except ValueError:
                field = None  # invalid JSON: the router's validation says so
        elif ctype == "application/x-www-form-urlencoded" and b"%00" in body:
            field = _nul_form_field(body)
        if field:
            await _reject(send, field)
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


async def _reject(send: Send, field: str) -> None:
    message = "must not contain the NUL character (U+0000)"
    body = json.dumps(error_body("invalid_request", f"invalid request: {field}: {message}",
                                 [{"field": field, "message": message}])).encode()
    await send({"type": "http.response.start", "status": 422,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
