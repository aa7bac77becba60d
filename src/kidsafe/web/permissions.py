"""Who may see what in the console: the cases service's rules (``kidsafe.cases.roles``), named for the pages."""

from __future__ import annotations

from kidsafe.auth import Principal
from kidsafe.cases import roles


def may_see_restricted(principal: Principal) -> bool:
    """Only child-safety specialists and admins see sexual_minors (restricted) cases."""
    return roles.sees_restricted(principal)


def assignee_name(principal: Principal) -> str:
    """How an assignment names a staff member (``Case.assigned_to``, as ``assign_case`` stores it)."""
    return principal.actor
