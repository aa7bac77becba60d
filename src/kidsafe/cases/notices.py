"""Notices: the affected user gets the statement of reasons, the reporter gets the outcome.

Notices go into an outbox (table ``notices``), one row per webhook endpoint of the platform concerned, and are
delivered by ``deliver_due(session, now)`` (run by the background worker started in ``kidsafe.api.cases``, by
``POST /v1/notices:deliver`` and by ``kidsafe cases deliver``):

- each request is a JSON POST signed with HMAC-SHA256 under the endpoint's own secret:
  ``X-Kidsafe-Signature: sha256=<hex of HMAC(secret, "<timestamp>." + body)>``, ``X-Kidsafe-Timestamp``;
- ``Idempotency-Key`` is the same on every retry (and for every endpoint of the same message): at-least-once
  delivery, receivers de-duplicate;
- a 2xx answer acknowledges; anything else is retried with exponential back-off (30 s, 1 min, 2 min, ... capped at
  6 h) until ``Settings.webhook_max_attempts``, then the notice is marked ``failed`` (visible in the console).

A platform without a webhook endpoint finds its notices with ``GET /v1/notices`` (status ``held``). Notices about
a case that no platform filed (automatic flags) go to the endpoints registered with an admin key, else to the only
platform that has endpoints; they are never broadcast to several platforms (else they are held for staff).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe.auth import Principal, Role
from kidsafe.cases import audit, roles
from kidsafe.cases.errors import Invalid, NotFound
from kidsafe.config import Settings, get_settings
from kidsafe.store.db import utcnow
from kidsafe.store.models import ApiKey
from kidsafe.store.models.cases import Case, Notice, WebhookEndpoint

# (url, body, headers, timeout seconds) -> HTTP status; raise OSError on a network failure
Transport = Callable[[str, bytes, dict[str, str], float], int]

BACKOFF_BASE_S = 30
BACKOFF_CAP_S = 6 * 3600
SIGNATURE_HEADER = "X-Kidsafe-Signature"
TIMESTAMP_HEADER = "X-Kidsafe-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance_s: int = 300,
                     now: float | None = None) -> bool:
    """What a receiver does: recompute the signature and reject stale timestamps (replays)."""
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance_s and hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff(attempts: int) -> timedelta:
    """Delay before attempt ``attempts + 1``: 30 s, 60 s, 120 s, ... at most 6 h."""
    return timedelta(seconds=min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, attempts - 1)))


def destination_error(url: str, allow_private: bool, resolve: bool = True) -> str | None:
    """Why a webhook may not be sent to ``url`` (None: it may). Link-local (cloud metadata at 169.254.169.254),
    multicast and unspecified addresses are always refused; loopback and private networks unless
    ``allow_private`` (KIDSAFE_WEBHOOK_ALLOW_PRIVATE). Host names are resolved and every address is checked."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "url must be an http(s) URL with a host"
    try:
        addresses = [ipaddress.ip_address(parts.hostname)]
    except ValueError:
        if not resolve:
            return None
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
        except OSError:
            return None  # not resolvable now: delivery checks again and fails if it still is not
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for ip in addresses:
        if ip.is_link_local or ip.is_multicast or ip.is_unspecified:
            return f"url resolves to {ip}, a link-local, multicast or unspecified address"
        if not allow_private and not ip.is_global:
            return f"url resolves to {ip}, a private or loopback address (KIDSAFE_WEBHOOK_ALLOW_PRIVATE=false)"
    return None


def urllib_transport(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    if not url.startswith(("http://", "https://")):
        raise OSError("only http(s) webhook URLs are delivered")
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (scheme checked above)
            return int(resp.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


# --- webhook endpoints -------------------------------------------------------------------------

def register_webhook(session: Session, principal: Principal, url: str) -> tuple[WebhookEndpoint, str]:
    """Add an endpoint for the caller's notices; returns it and its signing secret (shown once)."""
    roles.require_platform(principal)
    if not isinstance(url, str) or len(url) > 2000 or not url.startswith(("http://", "https://")):
        raise Invalid("url must be an http(s) URL of at most 2000 characters", "url")
    refused = destination_error(url, get_settings().webhook_allow_private)
    if refused:
        raise Invalid(refused, "url")
    secret = "whsec_" + secrets.token_urlsafe(32)
    row = WebhookEndpoint(owner_key_id=principal.id if principal.kind == "api_key" else None, url=url,
                          secret=secret, active=True, created_at=utcnow())
    session.add(row)
    session.flush()
    audit.append(session, principal.actor, "webhook.register", "webhook", row.id, {"owner_key_id": row.owner_key_id})
    return row, secret


def list_webhooks(session: Session, principal: Principal) -> list[WebhookEndpoint]:
    q = select(WebhookEndpoint).order_by(WebhookEndpoint.id)
    if not roles.is_staff(principal):
        roles.require_platform(principal)
        q = q.where(WebhookEndpoint.owner_key_id == principal.id)
    return list(session.scalars(q))


def deactivate_webhook(session: Session, principal: Principal, webhook_id: int) -> WebhookEndpoint:
    row = session.get(WebhookEndpoint, webhook_id)
    mine = principal.kind == "api_key" and row is not None and row.owner_key_id == principal.id
    if row is None or not (principal.role == Role.ADMIN or mine):
        raise NotFound(f"no webhook {webhook_id}", "webhook_id")
    row.active = False
    audit.append(session, principal.actor, "webhook.deactivate", "webhook", row.id, {})
    return row


# --- outbox --------------------------------------------------------------------------------------

def enqueue(session: Session, *, kind: str, recipient: str, platform_key_id: int | None, case_id: int | None,
            payload: dict[str, Any], key: str, actor: str = "system:cases") -> list[Notice]:
    """Put one message in the outbox: a row per active endpoint of the platform (``held`` when it has none).

    ``key`` is the idempotency key: enqueuing the same key again adds nothing.
    """
    if session.scalar(select(Notice.id).where(Notice.idempotency_key == key).limit(1)) is not None:
        return []
    platform_key_id, endpoints = _recipients(session, platform_key_id)
    now = utcnow()
    body = {"type": kind, "recipient": recipient, "idempotency_key": key, "created_at": now.isoformat(), **payload}
    rows = [Notice(idempotency_key=key, webhook_id=ep.id, platform_key_id=platform_key_id, case_id=case_id,
                   recipient=recipient, kind=kind, payload=body, status="pending", attempts=0, next_attempt_at=now,
                   created_at=now) for ep in endpoints]
    if not rows:
        rows = [Notice(idempotency_key=key, webhook_id=None, platform_key_id=platform_key_id, case_id=case_id,
                       recipient=recipient, kind=kind, payload=body, status="held", attempts=0, next_attempt_at=now,
                       created_at=now)]
    session.add_all(rows)
    session.flush()
    audit.append(session, actor, "notice.queue", "case" if case_id else "notice", case_id or rows[0].id,
                 {"kind": kind, "recipient": recipient, "notice_ids": [r.id for r in rows]})
    return rows


def _recipients(session: Session, platform_key_id: int | None) -> tuple[int | None, list[WebhookEndpoint]]:
    """Where a notice goes: the platform's own endpoints. A notice about a case no platform filed (an automatic
    flag) goes to the endpoints an admin registered (no owner), else to the only platform with endpoints
    (a single-platform installation), else it is held: it is never broadcast to several platforms."""
    active = list(session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
                                  .order_by(WebhookEndpoint.id)))
    if platform_key_id is not None:
        return platform_key_id, [ep for ep in active if ep.owner_key_id == platform_key_id]
    admin_keys = set(session.scalars(select(ApiKey.id).where(ApiKey.role == Role.ADMIN.value)))
    general = [ep for ep in active if ep.owner_key_id is None or ep.owner_key_id in admin_keys]
    if general:
        return None, general
    owners = {ep.owner_key_id for ep in active}
    if len(owners) == 1:
        owner = owners.pop()
        return owner, [ep for ep in active if ep.owner_key_id == owner]
    return None, []


@dataclass
class DeliveryReport:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def deliver_due(session: Session, now: datetime | None = None, *, transport: Transport | None = None,
                settings: Settings | None = None, limit: int = 100) -> DeliveryReport:
    """Send every pending notice whose time has come; call again later for the retries."""
    settings = settings or get_settings()
    transport = transport or urllib_transport
    now = now or utcnow()
    q = (select(Notice).where(Notice.status == "pending", Notice.next_attempt_at <= now,
                              Notice.webhook_id.is_not(None))
         .order_by(Notice.next_attempt_at, Notice.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    report = DeliveryReport()
    for notice in list(session.scalars(q)):
        endpoint = session.get(WebhookEndpoint, notice.webhook_id)
        if endpoint is None or not endpoint.active:
            notice.status, notice.last_error = "failed", "endpoint removed"
            report.failed += 1
            continue
        body = json.dumps(notice.payload, sort_keys=True, separators=(",", ":")).encode()
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/json", "Idempotency-Key": notice.idempotency_key,
                   TIMESTAMP_HEADER: ts, SIGNATURE_HEADER: sign(endpoint.secret, ts, body),
                   "X-Kidsafe-Notice-Kind": notice.kind, "User-Agent": "kidsafe-webhooks"}
        notice.attempts += 1
        error = destination_error(endpoint.url, settings.webhook_allow_private)  # checked again: DNS may change
        if error is None:
            try:
                status = transport(endpoint.url, body, headers, settings.webhook_timeout_s)
                error = None if 200 <= status < 300 else f"HTTP {status}"
            except OSError as e:  # connection refused, timeout, DNS ...
                error = f"{type(e).__name__}: {e}"[:500]
        if error is None:
            notice.status, notice.delivered_at, notice.last_error = "delivered", now, None
            report.delivered += 1
            audit.append(session, "system:webhooks", "notice.deliver", "notice", notice.id,
                         {"attempts": notice.attempts, "webhook_id": notice.webhook_id})
        elif notice.attempts >= settings.webhook_max_attempts:
            notice.status, notice.last_error = "failed", error
            report.failed += 1
            audit.append(session, "system:webhooks", "notice.fail", "notice", notice.id,
                         {"attempts": notice.attempts, "error": error[:200]})
        else:
            notice.last_error = error
            notice.next_attempt_at = now + backoff(notice.attempts)
            report.retried += 1
    session.flush()
    return report


def list_notices(session: Session, principal: Principal, *, status: str | None = None, case_id: int | None = None,
                 limit: int = 100) -> list[Notice]:
    """Staff see every notice (moderators: not those about sexual_minors cases); a platform key sees its own."""
    if status is not None and status not in ("pending", "delivered", "failed", "held"):
        raise Invalid("status must be pending, delivered, failed or held", "status")
    if not 1 <= limit <= 500:
        raise Invalid("limit must be between 1 and 500", "limit")
    q = select(Notice).order_by(Notice.id.desc()).limit(limit)
    if not roles.is_staff(principal):
        roles.require_platform(principal)
        q = q.where(Notice.platform_key_id == principal.id)
    elif not roles.sees_restricted(principal):  # notices about sexual_minors cases stay with the specialists
        q = q.where(Notice.case_id.is_(None) | Notice.case_id.not_in(select(Case.id).where(Case.restricted.is_(True))))
    if status is not None:
        q = q.where(Notice.status == status)
    if case_id is not None:
        q = q.where(Notice.case_id == case_id)
    return list(session.scalars(q))


def retry_notice(session: Session, principal: Principal, notice_id: int) -> Notice:
    """Put a failed notice back in the outbox (admin)."""
    roles.require_admin(principal)
    row = session.get(Notice, notice_id)
    if row is None:
        raise NotFound(f"no notice {notice_id}", "notice_id")
    if row.status != "failed":
        raise Invalid("only failed notices can be retried", "notice_id")
    row.status, row.attempts, row.next_attempt_at = "pending", 0, utcnow()
    audit.append(session, principal.actor, "notice.retry", "notice", row.id, {})
    return row
