"""Who may see what in the console (the cases service enforces the same rules on its side)."""

from __future__ import annotations

from kidsafe.auth import Principal, Role


def may_see_restricted(principal: Principal) -> bool:
    """Only child-safety specialists and admins see sexual_minors (restricted) cases."""
    return principal.role in (Role.CHILD_SAFETY_SPECIALIST, Role.ADMIN)


def assignee_name(principal: Principal) -> str:
    """How an assignment names a staff member (``Case.assigned_to``)."""
    return principal.actor
