"""Who may do what with cases; used by the API and by the console.

- platform keys file reports, read the reports *they* filed, appeal on behalf of the affected user, register
  webhooks and read their own notices;
- moderators review, assign and act on cases, except cases involving ``sexual_minors``;
- child-safety specialists also see and act on ``sexual_minors`` cases;
- admins may do everything.
"""

from __future__ import annotations

from kidsafe.auth import Principal, Role
from kidsafe.cases.errors import Forbidden, NotFound
from kidsafe.store.models.cases import Case

STAFF = (Role.MODERATOR, Role.CHILD_SAFETY_SPECIALIST, Role.ADMIN)
SPECIALISTS = (Role.CHILD_SAFETY_SPECIALIST, Role.ADMIN)
RESTRICTED_CATEGORIES = frozenset({"sexual_minors"})


def is_staff(principal: Principal) -> bool:
    return principal.role in STAFF


def sees_restricted(principal: Principal) -> bool:
    """Whether ``principal`` may open cases about sexual content involving minors."""
    return principal.role in SPECIALISTS


def require_staff(principal: Principal) -> None:
    if not is_staff(principal):
        raise Forbidden("this needs the role moderator, child_safety_specialist or admin", "authorization")


def require_platform(principal: Principal) -> None:
    if principal.role not in (Role.PLATFORM, Role.ADMIN):
        raise Forbidden("this needs the role platform", "authorization")


def require_admin(principal: Principal) -> None:
    if principal.role != Role.ADMIN:
        raise Forbidden("this needs the role admin", "authorization")


def can_view_case(principal: Principal, case: Case) -> bool:
    if not is_staff(principal):
        return False
    return not case.restricted or sees_restricted(principal)


def check_case_access(principal: Principal, case: Case | None, case_id: int | str) -> Case:
    """The case if ``principal`` may open it; 404 when it does not exist, 403 when it is not theirs to see."""
    if case is None:
        raise NotFound(f"no case {case_id}", "case_id")
    require_staff(principal)
    if not can_view_case(principal, case):
        raise Forbidden("only child-safety specialists may open cases involving sexual content with minors",
                        "case_id")
    return case


def owns_key_resource(principal: Principal, owner_key_id: int | None) -> bool:
    """Platform resources (reports, appeals, webhooks, notices) belong to the API key that created them."""
    if principal.role == Role.ADMIN or is_staff(principal):
        return True
    return principal.kind == "api_key" and owner_key_id is not None and owner_key_id == principal.id
