"""Age bands from age signals: the strongest trustworthy signal wins and conflicts are recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kidsafe.policy import age
from kidsafe.taxonomy import AgeBand

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_no_signal_means_unknown(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        assert age.band_for(s, "nobody") is AgeBand.UNKNOWN
        assert age.account_age(s, "nobody") is None


def test_strongest_trustworthy_signal_wins_and_conflicts_are_recorded(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        _, res, conflicts = age.add_signal(s, "kid-1", "adult", "self_declared", now=T0)
        assert res.band is AgeBand.ADULT and not conflicts
        # a guardian says 13-15: stronger than a self-declaration, and the disagreement is recorded
        _, res, conflicts = age.add_signal(s, "kid-1", "13_15", "guardian_declared", now=T0 + timedelta(minutes=1))
        assert res.band is AgeBand.AGE_13_15 and res.winner.source == "guardian_declared"
        assert [(c.band, c.other_band, c.resolved_band) for c in conflicts] == [("13_15", "adult", "13_15")]
        # a later, weaker self-declaration does not override it, but is recorded as a conflict
        _, res, conflicts = age.add_signal(s, "kid-1", "adult", "self_declared", now=T0 + timedelta(minutes=2))
        assert res.band is AgeBand.AGE_13_15 and len(conflicts) == 1
        # a verified check beats everything
        _, res, _ = age.add_signal(s, "kid-1", "16_17", "verified", provider="acme-age",
                                   now=T0 + timedelta(minutes=3))
        assert res.band is AgeBand.AGE_16_17
        assert age.band_for(s, "kid-1") is AgeBand.AGE_16_17
        info = age.account_age(s, "kid-1")
        assert info["age_band"] == "16_17" and info["source"] == "verified" and info["assurance"] == "high"
        assert len(info["signals"]) == 4 and len(info["conflicts"]) == 1 + 1 + 3


def test_assurance_beats_source_and_recency_breaks_ties(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        age.add_signal(s, "a", "13_15", "os_signal", "high", now=T0)
        _, res, _ = age.add_signal(s, "a", "adult", "verified", "substantial", now=T0)
        assert res.band is AgeBand.AGE_13_15  # high-assurance OS signal beats substantial verification
        age.add_signal(s, "b", "13_15", "os_signal", now=T0, observed_at=T0 - timedelta(days=30))
        _, res, _ = age.add_signal(s, "b", "16_17", "os_signal", now=T0, observed_at=T0)
        assert res.band is AgeBand.AGE_16_17  # same strength: the newer observation


def test_expired_and_revoked_signals_are_not_trusted(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        age.add_signal(s, "c", "under_13", "self_declared", now=T0)
        sig, res, _ = age.add_signal(s, "c", "13_15", "verified", now=T0, expires_at=T0 + timedelta(days=365))
        assert res.band is AgeBand.AGE_13_15
        assert age.band_for(s, "c", now=T0 + timedelta(days=366)) is AgeBand.UNDER_13
        res = age.revoke_signal(s, "c", sig.id, now=T0)
        assert res.band is AgeBand.UNDER_13
        with pytest.raises(age.AgeSignalError):
            age.revoke_signal(s, "other", sig.id)


@pytest.mark.parametrize(("band", "source", "assurance", "field"), [
    ("twelve", "self_declared", None, "band"),
    ("unknown", "self_declared", None, "band"),
    ("13_15", "rumour", None, "source"),
    ("13_15", "self_declared", "high", "assurance"),
    ("13_15", "guardian_declared", "high", "assurance"),
    ("13_15", "verified", "certain", "assurance"),
])
def test_bad_signals_name_the_field(band: str, source: str, assurance: str | None, field: str) -> None:
    with pytest.raises(age.AgeSignalError) as e:
        age.check_signal(band, source, assurance)
    assert e.value.field == field
