"""Errors the cases service raises; the API turns them into JSON errors, the console into messages."""

from __future__ import annotations


class CaseError(Exception):
    """A request the cases service refuses, naming the field at fault where there is one."""

    status = 422
    code = "invalid_request"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


class Invalid(CaseError):
    status, code = 422, "invalid_request"


class NotFound(CaseError):
    status, code = 404, "not_found"


class Forbidden(CaseError):
    status, code = 403, "forbidden"


class Conflict(CaseError):
    status, code = 409, "conflict"
