"""The append-only, hash-chained audit log.

Each entry's hash covers its content and the previous entry's hash, so editing or deleting any
entry breaks every later link; ``verify`` walks the chain and names the first broken entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kidsafe.store.db import utcnow
from kidsafe.store.models import AuditEntry, KeyValue

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


def _digest(prev_hash: str, seq: int, at: datetime, actor: str, action: str, subject_type: str,
            subject_id: str, details: dict[str, Any]) -> str:
    body = json.dumps(
        [prev_hash, seq, at.isoformat(timespec="microseconds"), actor, action, subject_type, subject_id, details],
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def append(session: Session, actor: str, action: str, subject_type: str, subject_id: str | int,
           details: dict[str, Any] | None = None) -> AuditEntry:
    """Add one entry at the end of the chain, inside the caller's transaction.

    Never put message text or other personal content in ``details``: ids, categories, decisions.
    """
    if session.get_bind().dialect.name == "postgresql":
        # serialise appenders across processes; released at commit
        session.execute(text("SELECT pg_advisory_xact_lock(7411)"))
    newest = select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
    last = session.execute(newest).first()
    seq = (last[0] + 1) if last else 1
    prev = last[1] if last else GENESIS
    at = utcnow()
    details = json.loads(json.dumps(details or {}, default=str))
    entry = AuditEntry(seq=seq, at=at, actor=actor, action=action, subject_type=subject_type,
                       subject_id=str(subject_id), details=details, prev_hash=prev,
                       entry_hash=_digest(prev, seq, at, actor, action, subject_type, str(subject_id), details))
    session.add(entry)
    # the head is kept apart from the chain so that deleting the newest entries is detected too
    head = session.get(KeyValue, HEAD_KEY)
    if head is None:
        session.add(KeyValue(key=HEAD_KEY, value=f"{seq}:{entry.entry_hash}"))
    else:
        head.value = f"{seq}:{entry.entry_hash}"
    session.flush()
    return entry


@dataclass
class VerifyResult:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str = ""


def iter_entries(session: Session, batch: int = 5000) -> Iterator[AuditEntry]:
    after = 0
    while True:
        q = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(batch)
        rows = list(session.scalars(q))
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def verify(session: Session) -> VerifyResult:
    """Check every link: sequence without gaps, each hash recomputed, each prev_hash chained."""
    prev = GENESIS
    expected_seq = 1
    n = 0
    for e in iter_entries(session):
        n += 1
        if e.seq != expected_seq:
            return VerifyResult(False, n, expected_seq, f"entry {expected_seq} is missing (next is {e.seq})")
        if e.prev_hash != prev:
            return VerifyResult(False, n, e.seq, f"entry {e.seq} does not chain to entry {e.seq - 1}")
        recomputed = _digest(e.prev_hash, e.seq, e.at, e.actor, e.action, e.subject_type, e.subject_id, e.details)
        if recomputed != e.entry_hash:
            return VerifyResult(False, n, e.seq, f"entry {e.seq} was modified (hash mismatch)")
        prev = e.entry_hash
        expected_seq += 1
    head = session.get(KeyValue, HEAD_KEY)
    if head is not None:
        head_seq, head_hash = head.value.split(":", 1)
        if int(head_seq) != n or head_hash != prev:
            return VerifyResult(False, n, n + 1 if int(head_seq) > n else int(head_seq),
                                f"the chain ends at entry {n} but its head records entry {head_seq}: "
                                "entries were deleted")
    elif n:
        return VerifyResult(False, n, None, "the chain's head record is missing")
    return VerifyResult(True, n)
