"""Hash banks (create, entries, import/export, audit) and the matcher (thresholds, negative banks, sync)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kidsafe.cases import audit
from kidsafe.media import banks
from kidsafe.media.hashing import hash_image
from kidsafe.media.matcher import Matcher, preserve_evidence, purge_expired_evidence
from kidsafe.store.db import utcnow
from kidsafe.store.models import AuditEntry
from kidsafe.store.models.media import MediaEvidence
from tests.media.helpers import flip_bits, image_bytes, random_pdq

ACTOR = "test:specialist"


def _bank(database, name: str = "known", **kw):  # type: ignore[no-untyped-def]
    with database.session() as s:
        return banks.create_bank(s, ACTOR, name, kw.pop("category", "csam"), **kw)


def _add(database, bank_name: str, value: str, kind: str = "pdq", **kw):  # type: ignore[no-untyped-def]
    with database.session() as s:
        return banks.add_entry(s, ACTOR, banks.get_bank(s, bank_name), kind, value, **kw)


def test_create_validate_and_audit(database) -> None:  # type: ignore[no-untyped-def]
    _bank(database, source="partner list", threshold=20, preserve_evidence=True)
    with database.session() as s:
        with pytest.raises(banks.BankError) as e:
            banks.create_bank(s, ACTOR, "known", "csam")
        assert e.value.status == 409
        for bad in ({"category": "spam"}, {"category": "csam", "threshold": 99}):
            with pytest.raises(banks.BankError) as e:
                banks.create_bank(s, ACTOR, "other", bad.pop("category"), **bad)
            assert e.value.field in ("category", "threshold")
        with pytest.raises(banks.BankError):
            banks.create_bank(s, ACTOR, "bad name!", "csam")
        banks.update_bank(s, ACTOR, "known", enabled=False, threshold=10)
    _add(database, "known", random_pdq(1), source_id="p-1", tags=["verified"])
    with database.session() as s:
        bank, count = banks.list_banks(s)[0]
        assert (bank.enabled, bank.threshold, count, bank.version) == (False, 10, 1, 3)
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
        assert actions == ["media.bank.create", "media.bank.update", "media.bank.entry.add"]
        assert audit.verify(s).ok


def test_entry_validation(database) -> None:  # type: ignore[no-untyped-def]
    _bank(database)
    with database.session() as s:
        bank = banks.get_bank(s, "known")
        bad = [("pdq", "abc", "value"), ("md5", "z" * 32, "value"), ("tmk", "a" * 64, "signal_type")]
        for kind, value, field in bad:
            with pytest.raises(banks.BankError) as e:
                banks.add_entry(s, ACTOR, bank, kind, value)
            assert e.value.field == field
        with pytest.raises(banks.BankError) as e:
            banks.add_entry(s, ACTOR, bank, "pdq", random_pdq(1), tags=["no spaces allowed"])
        assert e.value.field == "tags"
        entry = banks.add_entry(s, ACTOR, bank, "video_md5", "A" * 32)
        assert (entry.signal_type, entry.value) == ("md5", "a" * 32)
        with pytest.raises(banks.BankError) as e:
            banks.add_entry(s, ACTOR, bank, "md5", "a" * 32)
        assert e.value.status == 409


@pytest.mark.parametrize("fmt", ["csv", "te", "te-csv"])
def test_import_export_round_trip(database, fmt: str) -> None:  # type: ignore[no-untyped-def]
    _bank(database, "src")
    _bank(database, "dst")
    values = [random_pdq(i) for i in range(5)]
    for i, v in enumerate(values):
        _add(database, "src", v, source_id=f"id-{i}", tags=["a", "b"])
    _add(database, "src", "0" * 32, "md5")
    with database.session() as s:
        text = "".join(banks.export_entries(s, banks.get_bank(s, "src"), fmt, batch=2))
    with database.session() as s:
        report = banks.import_entries(s, ACTOR, banks.get_bank(s, "dst"), text.splitlines(keepends=True), fmt)
    assert (report.added, report.duplicates, report.errors) == (6, 0, [])
    with database.session() as s:
        got = {(e.signal_type, e.value) for e in banks.list_entries(s, banks.get_bank(s, "dst"))}
        entries = banks.list_entries(s, banks.get_bank(s, "dst"))
    assert got == {("pdq", v) for v in values} | {("md5", "0" * 32)}
    if fmt == "csv":
        assert {e.source_id for e in entries} == {"id-0", "id-1", "id-2", "id-3", "id-4", None}
    if fmt != "te":
        assert all(e.tags == ["a", "b"] for e in entries if e.signal_type == "pdq")
    with database.session() as s:  # importing the same file again adds nothing
        again = banks.import_entries(s, ACTOR, banks.get_bank(s, "dst"), text.splitlines(keepends=True), fmt)
    assert (again.added, again.duplicates) == (0, 6)


def test_import_reports_bad_lines_and_keeps_good_ones(database) -> None:  # type: ignore[no-untyped-def]
    _bank(database)
    lines = ["signal_type,value,source_id,tags,quality\n", f"pdq,{random_pdq(1)},x,,90\n", "pdq,nothex,,,\n",
             f"sha999,{random_pdq(2)},,,\n", f"pdq,{random_pdq(3)},,,abc\n", f"pdq,{random_pdq(1)},,,\n",
             f"pdq,{random_pdq(4)},,,\n"]
    with database.session() as s:
        report = banks.import_entries(s, ACTOR, banks.get_bank(s, "known"), lines, "csv", "list.csv")
    assert (report.added, report.duplicates) == (2, 1)
    assert [n for n, _ in report.errors] == [3, 4, 5]
    assert "value" in report.errors[0][1] and "signal_type" in report.errors[1][1]
    te = ["# comment\n", f"{random_pdq(9)}\n", f"video_md5 {'b' * 32}\n", "pdq 123\n"]
    with database.session() as s:
        report = banks.import_entries(s, ACTOR, banks.get_bank(s, "known"), te, "te")
        assert (report.added, [n for n, _ in report.errors]) == (2, [4])
        with pytest.raises(banks.BankError):
            banks.import_entries(s, ACTOR, banks.get_bank(s, "known"), ["a,b\n"], "csv")


def test_matcher_thresholds_quality_disabled_and_exact(database) -> None:  # type: ignore[no-untyped-def]
    h = random_pdq(1)
    _bank(database, "strict", threshold=10)
    _bank(database, "loose", category="ncii")
    _bank(database, "off", enabled=False)
    a = _add(database, "strict", h)
    b = _add(database, "loose", h)
    _add(database, "off", h)
    c = _add(database, "loose", "c" * 64, "sha256")
    m = Matcher(database).load()
    near, far = flip_bits(h, 20), flip_bits(h, 40)
    assert {(x.bank, x.entry_id, x.distance) for x in m.match(h).matches} == {("strict", a.id, 0), ("loose", b.id, 0)}
    assert {(x.bank, x.distance) for x in m.match(near).matches} == {("loose", 20)}
    assert m.match(far).matches == []
    low = m.match(h, quality=10)
    assert (low.matches, low.pdq_used) == ([], False)
    assert [(x.entry_id, x.signal_type) for x in m.match(sha256="c" * 64).matches] == [(c.id, "sha256")]


def test_negative_bank_suppresses(database) -> None:  # type: ignore[no-untyped-def]
    h = random_pdq(2)
    _bank(database, "known", preserve_evidence=True)
    _bank(database, "false-positives", category="other", negative=True, threshold=5)
    _add(database, "known", h)
    m = Matcher(database).load()
    assert m.match(h).matches and m.match(h).preserve_evidence
    fp = _add(database, "false-positives", flip_bits(h, 3))
    m.entries_added([fp])
    r = m.match(h)
    assert r.matches == [] and [x.bank for x in r.suppressed] == ["known"]
    assert [x.bank for x in r.negative] == ["false-positives"] and not r.preserve_evidence
    assert m.match(flip_bits(h, 12, seed=4)).matches  # outside the negative bank's threshold


def test_matcher_picks_up_changes_from_other_processes(database) -> None:  # type: ignore[no-untyped-def]
    h = random_pdq(3)
    _bank(database)
    m = Matcher(database, refresh_seconds=0).load()
    assert m.match(h).matches == []
    e = _add(database, "known", h)  # as if the CLI added it
    _add(database, "known", "d" * 32, "md5")
    assert [x.entry_id for x in m.match(h).matches] == [e.id]
    assert m.match(md5="d" * 32).matches
    with database.session() as s:
        banks.update_bank(s, ACTOR, "known", enabled=False)
    assert m.match(h).matches == []
    with database.session() as s:
        banks.update_bank(s, ACTOR, "known", enabled=True)
        banks.remove_entry(s, ACTOR, banks.get_bank(s, "known"), e.id)
    assert m.match(h).matches == []
    with database.session() as s:
        banks.update_bank(s, ACTOR, "known", threshold=50)  # wider than the index: rebuilt
    f = _add(database, "known", flip_bits(h, 45))
    assert [x.entry_id for x in m.match(h).matches] == [f.id]


def test_removal_in_process(database) -> None:  # type: ignore[no-untyped-def]
    _bank(database)
    e1 = _add(database, "known", random_pdq(4))
    e2 = _add(database, "known", "e" * 32, "md5")
    m = Matcher(database).load()
    for e in (e1, e2):
        with database.session() as s:
            banks.remove_entry(s, ACTOR, banks.get_bank(s, "known"), e.id)
        m.entry_removed(e)
    assert m.match(random_pdq(4), md5="e" * 32).matches == []
    assert m.stats()["pdq_entries"] == 0


def test_evidence_is_kept_and_purged(database) -> None:  # type: ignore[no-untyped-def]
    data = image_bytes(5)
    h = hash_image(data)
    _bank(database, preserve_evidence=True)
    _add(database, "known", h.pdq)
    result = Matcher(database).load().match(h.pdq, h.quality, h.md5, h.sha256)
    with database.session() as s:
        ev = preserve_evidence(s, ACTOR, data, "image/png", h.to_dict(), result, retention_days=30, reference="post-1")
        assert ev.content == data and ev.matches[0]["bank"] == "known"
    with database.session() as s:
        assert purge_expired_evidence(s) == 0
    with database.session() as s:
        from datetime import timedelta

        assert purge_expired_evidence(s, utcnow() + timedelta(days=31)) == 1
        assert s.scalar(select(MediaEvidence)) is None
