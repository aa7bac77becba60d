"""The one error the family capability raises: an HTTP status, a code and the field at fault.

It is an ``ApiError``, so the API answers with the usual JSON error body; the CLI prints its message.
"""

from __future__ import annotations

from kidsafe.api.errors import ApiError


class FamilyError(ApiError):
    """Bad input or a refused action (unknown child, guardian not linked, request already decided...)."""


def not_found(what: str, ident: str, field: str) -> FamilyError:
    return FamilyError(404, "not_found", f"no {what} {ident!r}", field)
