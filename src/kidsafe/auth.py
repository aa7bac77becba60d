"""Who is calling: API keys (platforms and tools) and staff accounts (console), with their roles.

Keys are random, shown once, and stored as SHA-256 (they carry 256 bits of entropy, so a slow hash
adds nothing); staff passwords are stored with scrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe.store.db import utcnow
from kidsafe.store.models import ApiKey, StaffUser


class Role(StrEnum):
    PLATFORM = "platform"  # an integrating service: analyse, report, decide; no case review
    MODERATOR = "moderator"
    CHILD_SAFETY_SPECIALIST = "child_safety_specialist"  # moderator who may also see sexual_minors cases
    ADMIN = "admin"


STAFF_ROLES = (Role.MODERATOR, Role.CHILD_SAFETY_SPECIALIST, Role.ADMIN)
KEY_PREFIX = "ks_"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request."""

    kind: str  # "api_key" or "staff"
    id: int
    name: str
    role: Role

    @property
    def actor(self) -> str:
        """How the caller is named in the audit log."""
        return f"{self.kind}:{self.name}"

    def has(self, *roles: Role) -> bool:
        return self.role in roles


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(session: Session, name: str, role: Role | str = Role.PLATFORM) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the plaintext key (shown once, never stored)."""
    role = Role(role)
    if not name or len(name) > 100:
        raise ValueError("name must be 1..100 characters")
    if session.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise ValueError(f"an API key named {name!r} already exists")
    plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name, prefix=plaintext[:10], key_hash=hash_api_key(plaintext), role=role.value,
                 created_at=utcnow())
    session.add(row)
    session.flush()
    return row, plaintext


def lookup_api_key(session: Session, plaintext: str) -> Principal | None:
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_api_key(plaintext)))
    if row is None or row.revoked_at is not None:
        return None
    return Principal("api_key", row.id, row.name, Role(row.role))


def revoke_api_key(session: Session, name: str) -> bool:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


# --- staff passwords ---------------------------------------------------------------------------

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if algo != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), dklen=32,
                            n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(digest.hex(), digest_hex)


def create_staff_user(session: Session, username: str, password: str, role: Role | str,
                      display_name: str = "") -> StaffUser:
    role = Role(role)
    if role not in STAFF_ROLES:
        raise ValueError(f"staff role must be one of {', '.join(r.value for r in STAFF_ROLES)}")
    if len(password) < 10:
        raise ValueError("password must be at least 10 characters")
    if session.scalar(select(StaffUser).where(StaffUser.username == username)) is not None:
        raise ValueError(f"a staff user named {username!r} already exists")
    user = StaffUser(username=username, password_hash=hash_password(password), role=role.value,
                     display_name=display_name or username, active=True, created_at=utcnow())
    session.add(user)
    session.flush()
    return user


def authenticate_staff(session: Session, username: str, password: str) -> Principal | None:
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None or not user.active or not verify_password(password, user.password_hash):
        return None
    return Principal("staff", user.id, user.username, Role(user.role))
