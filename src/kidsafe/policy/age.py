"""Age bands of accounts, from age signals with a source and an assurance level.

Sources, weakest to strongest: ``self_declared`` (the user typed it), ``guardian_declared`` (a linked
guardian said so), ``os_signal`` (an OS age-range signal: Google Play Age Signals, Apple's Declared Age
Range), ``verified`` (an age-assurance provider checked). Assurance levels: ``low`` < ``substantial`` <
``high``; a source cannot claim more than its ceiling (self-declaration is always ``low``).

**The strongest trustworthy signal wins.** Trustworthy: not revoked and not expired. Strongest: highest
assurance, then strongest source, then the most recent observation (then the latest recorded). When a
new signal disagrees with another trustworthy signal of the same account, the conflict is recorded
(both signals, both bands, and the band that won). An account without trustworthy signals is ``unknown``;
whether ``unknown`` is treated as a minor is the policy's choice (``settings.unknown_is_minor``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kidsafe.store.db import utcnow
from kidsafe.store.models.policy import AgeAccount, AgeConflict, AgeSignal
from kidsafe.taxonomy import AgeBand


class Source(StrEnum):
    SELF_DECLARED = "self_declared"
    GUARDIAN_DECLARED = "guardian_declared"
    OS_SIGNAL = "os_signal"
    VERIFIED = "verified"

    @property
    def rank(self) -> int:
        return list(Source).index(self)


class Assurance(StrEnum):
    LOW = "low"
    SUBSTANTIAL = "substantial"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Assurance).index(self)


# What each source may claim (ceiling) and what it gets when the caller does not say.
ASSURANCE_CEILING = {Source.SELF_DECLARED: Assurance.LOW, Source.GUARDIAN_DECLARED: Assurance.SUBSTANTIAL,
                     Source.OS_SIGNAL: Assurance.HIGH, Source.VERIFIED: Assurance.HIGH}
ASSURANCE_DEFAULT = {Source.SELF_DECLARED: Assurance.LOW, Source.GUARDIAN_DECLARED: Assurance.SUBSTANTIAL,
                     Source.OS_SIGNAL: Assurance.SUBSTANTIAL, Source.VERIFIED: Assurance.HIGH}


class AgeSignalError(ValueError):
    """A signal that cannot be recorded; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Resolution:
    band: AgeBand
    winner: AgeSignal | None
    trusted: tuple[AgeSignal, ...]


def is_trustworthy(signal: AgeSignal, now: datetime) -> bool:
    return not signal.revoked and (signal.expires_at is None or signal.expires_at > now)


def strength(signal: AgeSignal) -> tuple[int, int, datetime, int]:
    return (Assurance(signal.assurance).rank, Source(signal.source).rank, signal.observed_at, signal.id or 0)


def resolve(signals: Sequence[AgeSignal], now: datetime | None = None) -> Resolution:
    """The band of the strongest trustworthy signal (``unknown`` when there is none)."""
    now = now or utcnow()
    trusted = tuple(s for s in signals if is_trustworthy(s, now))
    if not trusted:
        return Resolution(AgeBand.UNKNOWN, None, ())
    winner = max(trusted, key=strength)
    return Resolution(AgeBand(winner.band), winner, trusted)


def check_signal(band: str, source: str, assurance: str | None) -> tuple[AgeBand, Source, Assurance]:
    """Validate the parts of a signal; raises ``AgeSignalError`` naming the field."""
    try:
        b = AgeBand(band)
    except ValueError:
        raise AgeSignalError("band", f"{band!r} is not an age band; expected one of "
                                     f"{', '.join(x.value for x in AgeBand if x is not AgeBand.UNKNOWN)}") from None
    if b is AgeBand.UNKNOWN:
        raise AgeSignalError("band", "a signal must name a band; 'unknown' carries no information")
    try:
        src = Source(source)
    except ValueError:
        raise AgeSignalError("source", f"{source!r} is not a source; expected one of "
                                       f"{', '.join(s.value for s in Source)}") from None
    if assurance is None:
        return b, src, ASSURANCE_DEFAULT[src]
    try:
        a = Assurance(assurance)
    except ValueError:
        raise AgeSignalError("assurance", f"{assurance!r} is not an assurance level; expected one of "
                                          f"{', '.join(x.value for x in Assurance)}") from None
    if a.rank > ASSURANCE_CEILING[src].rank:
        raise AgeSignalError("assurance", f"a {src.value} signal cannot claim assurance {a.value!r} "
                                          f"(at most {ASSURANCE_CEILING[src].value!r})")
    return b, src, a


def add_signal(session: Session, account_id: str, band: str, source: str, assurance: str | None = None, *,
               provider: str = "", observed_at: datetime | None = None, expires_at: datetime | None = None,
               recorded_by: str = "", now: datetime | None = None) -> tuple[AgeSignal, Resolution, list[AgeConflict]]:
    """Record a signal, re-resolve the account's band, and record conflicts with other trustworthy signals."""
    now = now or utcnow()
    if not account_id or len(account_id) > 200:
        raise AgeSignalError("account_id", "account id must be 1..200 characters")
    b, src, a = check_signal(band, source, assurance)
    if observed_at is not None and observed_at.tzinfo is None:
        raise AgeSignalError("observed_at", "give a timezone (e.g. 2026-11-23T10:00:00Z)")
    if expires_at is not None and expires_at.tzinfo is None:
        raise AgeSignalError("expires_at", "give a timezone (e.g. 2027-11-23T10:00:00Z)")
    account = session.get(AgeAccount, account_id)
    if account is None:
        account = AgeAccount(account_id=account_id, band=AgeBand.UNKNOWN.value, updated_at=now)
        session.add(account)
        session.flush()
    signal = AgeSignal(account_id=account_id, band=b.value, source=src.value, assurance=a.value,
                       provider=provider[:100], observed_at=observed_at or now, expires_at=expires_at,
                       revoked=False, recorded_by=recorded_by[:200], created_at=now)
    session.add(signal)
    session.flush()
    signals = _signals(session, account_id)
    res = resolve(signals, now)
    conflicts = []
    if is_trustworthy(signal, now):
        for other in res.trusted:
            if other.id != signal.id and other.band != signal.band:
                c = AgeConflict(account_id=account_id, signal_id=signal.id, other_signal_id=other.id,
                                band=signal.band, other_band=other.band, resolved_band=res.band.value,
                                detected_at=now)
                session.add(c)
                conflicts.append(c)
    _store_resolution(account, res, now)
    session.flush()
    return signal, res, conflicts


def revoke_signal(session: Session, account_id: str, signal_id: int, now: datetime | None = None) -> Resolution:
    """Mark a signal as not trustworthy (e.g. a guardian link was removed) and re-resolve the band."""
    now = now or utcnow()
    signal = session.get(AgeSignal, signal_id)
    if signal is None or signal.account_id != account_id:
        raise AgeSignalError("signal_id", f"no age signal {signal_id} on account {account_id!r}")
    signal.revoked = True
    session.flush()
    res = resolve(_signals(session, account_id), now)
    account = session.get(AgeAccount, account_id)
    assert account is not None
    _store_resolution(account, res, now)
    return res


def band_for(session: Session, account_id: str, now: datetime | None = None) -> AgeBand:
    """The account's band now (``unknown`` for an account without trustworthy signals)."""
    return resolve(_signals(session, account_id), now).band


def account_age(session: Session, account_id: str, now: datetime | None = None) -> dict[str, Any] | None:
    """The band, the winning signal, every signal and every recorded conflict of one account."""
    account = session.get(AgeAccount, account_id)
    if account is None:
        return None
    now = now or utcnow()
    signals = _signals(session, account_id)
    res = resolve(signals, now)
    conflicts = session.scalars(select(AgeConflict).where(AgeConflict.account_id == account_id)
                                .order_by(AgeConflict.id))
    return {
        "account_id": account_id,
        "age_band": res.band.value,
        "source": res.winner.source if res.winner else None,
        "assurance": res.winner.assurance if res.winner else None,
        "signals": [signal_dict(s, now) for s in signals],
        "conflicts": [{"signal_id": c.signal_id, "other_signal_id": c.other_signal_id, "band": c.band,
                       "other_band": c.other_band, "resolved_band": c.resolved_band,
                       "detected_at": c.detected_at.isoformat()} for c in conflicts],
    }


def signal_dict(s: AgeSignal, now: datetime) -> dict[str, Any]:
    return {"id": s.id, "band": s.band, "source": s.source, "assurance": s.assurance, "provider": s.provider,
            "observed_at": s.observed_at.isoformat(), "expires_at": s.expires_at.isoformat() if s.expires_at else None,
            "revoked": s.revoked, "trustworthy": is_trustworthy(s, now)}


def _signals(session: Session, account_id: str) -> list[AgeSignal]:
    return list(session.scalars(select(AgeSignal).where(AgeSignal.account_id == account_id).order_by(AgeSignal.id)))


def _store_resolution(account: AgeAccount, res: Resolution, now: datetime) -> None:
    account.band = res.band.value
    account.source = res.winner.source if res.winner else None
    account.assurance = res.winner.assurance if res.winner else None
    account.signal_id = res.winner.id if res.winner else None
    account.updated_at = now
