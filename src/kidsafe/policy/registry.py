"""Policy versions in the store: upload, make live or candidate (shadow), list; and the policies in force.

Per platform, at most one version is ``live`` (enforced) and at most one is ``candidate`` (evaluated in
shadow beside the live one, never enforced). A platform without a live version uses the ``default``
platform's live version, and failing that the packaged ``default_policy.yaml``. Versions are immutable:
uploading a version again with different content is refused. Every status change is audited.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe.cases import audit
from kidsafe.policy.engine import CompiledPolicy
from kidsafe.policy.loader import DEFAULT_MAX_BYTES, DEFAULT_MAX_RULES, load_policy_file, parse_policy
from kidsafe.store.db import utcnow
from kidsafe.store.models.policy import PolicyVersion

DEFAULT_POLICY_FILE = Path(__file__).with_name("default_policy.yaml")
DEFAULT_PLATFORM = "default"
STATUSES = ("live", "candidate", "retired")


class PolicyVersionError(ValueError):
    def __init__(self, status: int, code: str, field: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.field = status, code, field


@lru_cache(maxsize=1)
def default_policy() -> CompiledPolicy:
    """The packaged default policy (EU DSA Art. 28 guidelines, UK ICO Age Appropriate Design Code)."""
    return CompiledPolicy(load_policy_file(DEFAULT_POLICY_FILE))


class _CompiledCache:
    """Compiled policies by content hash (a version's content never changes), bounded."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self.items: OrderedDict[str, CompiledPolicy] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, row: PolicyVersion | _Head) -> CompiledPolicy:
        with self.lock:
            hit = self.items.get(row.sha256)
            if hit is not None:
                self.items.move_to_end(row.sha256)
                return hit
        source = row.source if isinstance(row, PolicyVersion) else row.load_source()
        compiled = CompiledPolicy(parse_policy(source, row.format, f"{row.platform}@{row.version}",
                                               max_bytes=10 * DEFAULT_MAX_BYTES, max_rules=10 * DEFAULT_MAX_RULES))
        with self.lock:
            self.items[row.sha256] = compiled
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return compiled


_compiled = _CompiledCache()


@dataclass
class _Head:
    """The columns needed to find a policy in force without loading its source."""

    session: Session
    id: int
    platform: str
    version: str
    status: str
    format: str
    sha256: str

    def load_source(self) -> str:
        return self.session.scalar(select(PolicyVersion.source).where(PolicyVersion.id == self.id)) or ""


def in_force(session: Session, platform: str = DEFAULT_PLATFORM) -> tuple[CompiledPolicy, CompiledPolicy | None]:
    """(live policy, candidate policy or None) for ``platform``."""
    q = (select(PolicyVersion.id, PolicyVersion.platform, PolicyVersion.version, PolicyVersion.status,
                PolicyVersion.format, PolicyVersion.sha256)
         .where(PolicyVersion.platform.in_({platform, DEFAULT_PLATFORM}),
                PolicyVersion.status.in_(("live", "candidate"))))
    heads = {(r.platform, r.status): _Head(session, *r) for r in session.execute(q)}
    live_head = heads.get((platform, "live")) or heads.get((DEFAULT_PLATFORM, "live"))
    live = _compiled.get(live_head) if live_head else default_policy()
    cand_head = heads.get((platform, "candidate"))
    return live, (_compiled.get(cand_head) if cand_head else None)


def upload(session: Session, source: str, fmt: str, status: str, actor: str,
           max_bytes: int = DEFAULT_MAX_BYTES, max_rules: int = DEFAULT_MAX_RULES) -> PolicyVersion:
    """Validate and store a policy version with ``status`` (live or candidate); raises ``PolicyError``."""
    if status not in ("live", "candidate"):
        raise PolicyVersionError(422, "invalid_request", "status", "status must be 'live' or 'candidate'")
    policy = parse_policy(source, fmt, "policy", max_bytes=max_bytes, max_rules=max_rules)
    sha = hashlib.sha256(source.encode("utf-8")).hexdigest()
    platform, version = policy.policy.platform, policy.policy.version
    row = session.scalar(select(PolicyVersion).where(PolicyVersion.platform == platform,
                                                     PolicyVersion.version == version))
    if row is not None and row.sha256 != sha:
        raise PolicyVersionError(409, "conflict", "policy.version",
                                 f"version {version!r} of platform {platform!r} exists with different content; "
                                 "versions are immutable, give a new version")
    if row is None:
        now = utcnow()
        row = PolicyVersion(platform=platform, version=version, status="retired", format=fmt, source=source,
                            sha256=sha, created_by=actor[:200], created_at=now, status_changed_at=now)
        session.add(row)
        session.flush()
        audit.append(session, actor, "policy.upload", "policy_version", f"{platform}@{version}",
                     {"sha256": sha, "rules": len(policy.rules)})
    set_status(session, platform, version, status, actor)
    return row


def set_status(session: Session, platform: str, version: str, status: str, actor: str) -> PolicyVersion:
    """Make a version live, candidate or retired; the previous holder of that status is retired."""
    if status not in STATUSES:
        raise PolicyVersionError(422, "invalid_request", "status", f"status must be one of {', '.join(STATUSES)}")
    row = session.scalar(select(PolicyVersion).where(PolicyVersion.platform == platform,
                                                     PolicyVersion.version == version))
    if row is None:
        raise PolicyVersionError(404, "not_found", "version", f"no version {version!r} for platform {platform!r}")
    if row.status == status:
        return row
    now = utcnow()
    previous = None
    if status in ("live", "candidate"):
        previous = session.scalar(select(PolicyVersion).where(PolicyVersion.platform == platform,
                                                              PolicyVersion.status == status))
        if previous is not None:
            previous.status = "retired"
            previous.status_changed_at = now
            session.flush()
    old = row.status
    row.status = status
    row.status_changed_at = now
    session.flush()
    audit.append(session, actor, f"policy.{status}", "policy_version", f"{platform}@{version}",
                 {"from": old, "sha256": row.sha256, "replaces": previous.version if previous else None})
    return row


def list_versions(session: Session, platform: str | None = None) -> list[dict[str, Any]]:
    q = select(PolicyVersion).order_by(PolicyVersion.platform, PolicyVersion.id)
    if platform:
        q = q.where(PolicyVersion.platform == platform)
    return [version_dict(r) for r in session.scalars(q)]


def version_dict(r: PolicyVersion, with_source: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"platform": r.platform, "version": r.version, "status": r.status, "format": r.format,
                           "sha256": r.sha256, "created_by": r.created_by, "created_at": r.created_at.isoformat(),
                           "status_changed_at": r.status_changed_at.isoformat()}
    if with_source:
        out["source"] = r.source
    return out
