"""Matching image hashes against every enabled bank: PDQ by Hamming distance, MD5/SHA-256 exactly.

One ``Matcher`` per process holds the PDQ index (``kidsafe.media.index``) and an exact-hash table, built
from the store at start-up. It stays current without full rebuilds: changes made through this process are
applied at once, and ``refresh`` (run at most every ``refresh_seconds`` before a match) picks up entries that
other processes (the CLI, other workers) added, by reading only entries newer than the last one it saw.

A hit in a *negative* bank (a known false positive) suppresses every positive match of that query.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kidsafe.media.index import PdqIndex, hex_to_words
from kidsafe.store.db import Database, utcnow
from kidsafe.store.models.media import HashBank, HashBankEntry, MediaEvidence

LOAD_BATCH = 100_000


@dataclass(frozen=True)
class BankInfo:
    id: int
    name: str
    category: str
    negative: bool
    threshold: int
    enabled: bool
    preserve_evidence: bool
    version: int


@dataclass(frozen=True)
class Match:
    bank: str
    category: str
    entry_id: int
    signal_type: str
    distance: int

    def to_dict(self) -> dict[str, Any]:
        return {"bank": self.bank, "category": self.category, "entry_id": self.entry_id,
                "signal_type": self.signal_type, "distance": self.distance}


@dataclass
class MatchResult:
    matches: list[Match] = field(default_factory=list)
    suppressed: list[Match] = field(default_factory=list)  # positive matches cancelled by a negative bank
    negative: list[Match] = field(default_factory=list)  # the negative-bank hits that cancelled them
    pdq_used: bool = True  # False when the PDQ quality was below the minimum
    preserve_evidence: bool = False  # a matched bank asks for the upload to be kept

    def to_dict(self) -> dict[str, Any]:
        return {"matched": bool(self.matches), "matches": [m.to_dict() for m in self.matches],
                "suppressed": [m.to_dict() for m in self.suppressed],
                "suppressed_by": [m.to_dict() for m in self.negative], "pdq_used": self.pdq_used}


class Matcher:
    def __init__(self, db: Database, min_quality: int = 50, default_threshold: int = 31,
                 refresh_seconds: float = 2.0) -> None:
        self.db = db
        self.min_quality = min_quality
        self.default_threshold = default_threshold
        self.refresh_seconds = refresh_seconds
        self._lock = threading.RLock()
        self.banks: dict[int, BankInfo] = {}
        self.index = PdqIndex(default_threshold)
        self.exact: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (type, value) -> [(entry id, bank id)]
        self._exact_ids: dict[int, tuple[str, str]] = {}
        self._counts: dict[int, int] = {}  # bank id -> entries indexed
        self._last_entry_id = 0
        self._checked_at = 0.0

    # --- loading -------------------------------------------------------------------------------------
    def load(self) -> Matcher:
        """(Re)build everything from the store: the start-up path."""
        with self._lock, self.db.session() as s:
            self.banks = self._read_banks(s)
            radius = max([self.default_threshold, *(b.threshold for b in self.banks.values())])
            words_parts, id_parts, label_parts = [], [], []
            self.exact, self._exact_ids, self._counts = {}, {}, {}
            last = 0
            q = (select(HashBankEntry.id, HashBankEntry.bank_id, HashBankEntry.signal_type, HashBankEntry.value)
                 .order_by(HashBankEntry.id).execution_options(yield_per=LOAD_BATCH))
            pdq_hex: list[str] = []
            pdq_ids: list[int] = []
            pdq_banks: list[int] = []

            def flush() -> None:
                words_parts.append(hex_to_words(pdq_hex))
                id_parts.append(np.asarray(pdq_ids, dtype=np.int64))
                label_parts.append(np.asarray(pdq_banks, dtype=np.int32))
                pdq_hex.clear()
                pdq_ids.clear()
                pdq_banks.clear()

            for entry_id, bank_id, kind, value in s.execute(q):
                last = entry_id
                self._counts[bank_id] = self._counts.get(bank_id, 0) + 1
                if kind == "pdq":
                    pdq_hex.append(value)
                    pdq_ids.append(entry_id)
                    pdq_banks.append(bank_id)
                    if len(pdq_hex) >= LOAD_BATCH:
                        flush()
                else:
                    self.exact.setdefault((kind, value), []).append((entry_id, bank_id))
                    self._exact_ids[entry_id] = (kind, value)
            if pdq_hex:
                flush()
            if words_parts:
                self.index = PdqIndex.build(np.concatenate(words_parts), np.concatenate(id_parts),
                                            np.concatenate(label_parts), max_distance=radius)
            else:
                self.index = PdqIndex(radius)
            self._last_entry_id = last
            self._checked_at = time.monotonic()
        return self

    @staticmethod
    def _read_banks(s: Session) -> dict[int, BankInfo]:
        return {b.id: BankInfo(b.id, b.name, b.category, b.negative, b.threshold, b.enabled, b.preserve_evidence,
                               b.version) for b in s.scalars(select(HashBank))}

    def refresh(self, force: bool = False) -> None:
        """Pick up changes made by other processes (new entries, bank settings); cheap when nothing changed."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.refresh_seconds:
            return
        with self._lock, self.db.session() as s:
            self._checked_at = now
            banks = self._read_banks(s)
            if banks == self.banks:
                return
            if max([0, *(b.threshold for b in banks.values())]) > self.index.max_distance:
                self.load()
                return
            self.banks = banks
            new = s.execute(select(HashBankEntry.id, HashBankEntry.bank_id, HashBankEntry.signal_type,
                                   HashBankEntry.value).where(HashBankEntry.id > self._last_entry_id)
                            .order_by(HashBankEntry.id)).all()
            self._add_rows(new)
            counts = dict(s.execute(select(HashBankEntry.bank_id, func.count()).group_by(HashBankEntry.bank_id)).all())
            if counts != {b: n for b, n in self._counts.items() if n}:
                self.load()  # entries were removed elsewhere: rebuild (rare)

    def _add_rows(self, rows: Sequence[Any]) -> None:
        pdq = [(r[0], r[1], r[3]) for r in rows if r[2] == "pdq"]
        if pdq:
            self.index.add(hex_to_words([v for _, _, v in pdq]), [i for i, _, _ in pdq], [b for _, b, _ in pdq])
        for entry_id, bank_id, kind, value in rows:
            if kind != "pdq":
                self.exact.setdefault((kind, value), []).append((entry_id, bank_id))
                self._exact_ids[entry_id] = (kind, value)
            self._counts[bank_id] = self._counts.get(bank_id, 0) + 1
            self._last_entry_id = max(self._last_entry_id, entry_id)

    # --- changes made in this process ---------------------------------------------------------------
    def entries_added(self, entries: list[HashBankEntry]) -> None:
        with self._lock:
            self._add_rows([(e.id, e.bank_id, e.signal_type, e.value) for e in entries
                            if e.id > self._last_entry_id])

    def entry_removed(self, entry: HashBankEntry) -> None:
        with self._lock:
            if entry.signal_type == "pdq":
                self.index.remove([entry.id])
            else:
                key = self._exact_ids.pop(entry.id, None)
                if key is not None:
                    left = [x for x in self.exact.get(key, []) if x[0] != entry.id]
                    if left:
                        self.exact[key] = left
                    else:
                        self.exact.pop(key, None)
            self._counts[entry.bank_id] = self._counts.get(entry.bank_id, 1) - 1

    def banks_changed(self) -> None:
        self.refresh(force=True)

    # --- matching ------------------------------------------------------------------------------------
    def match(self, pdq: str | None = None, quality: int | None = None, md5: str | None = None,
              sha256: str | None = None) -> MatchResult:
        """Match one image's hashes against every enabled bank."""
        self.refresh()
        result = MatchResult()
        raw: list[Match] = []
        banks = self.banks
        if pdq is not None:
            if quality is not None and quality < self.min_quality:
                result.pdq_used = False
            else:
                for hit in self.index.search(hex_to_words([pdq])):
                    bank = banks.get(hit.label)
                    if bank is not None and bank.enabled and hit.distance <= bank.threshold:
                        raw.append(Match(bank.name, bank.category, hit.id, "pdq", hit.distance))
        for kind, value in (("md5", md5), ("sha256", sha256)):
            if value is None:
                continue
            for entry_id, bank_id in self.exact.get((kind, value), []):
                bank = banks.get(bank_id)
                if bank is not None and bank.enabled:
                    raw.append(Match(bank.name, bank.category, entry_id, kind, 0))
        negative_names = {b.name for b in banks.values() if b.negative}
        result.negative = [m for m in raw if m.bank in negative_names]
        positive = [m for m in raw if m.bank not in negative_names]
        if result.negative:
            result.suppressed = positive
        else:
            result.matches = positive
            keep = {b.name for b in banks.values() if b.preserve_evidence}
            result.preserve_evidence = any(m.bank in keep for m in positive)
        return result

    def stats(self) -> dict[str, Any]:
        return {"banks": len(self.banks), "pdq_entries": len(self.index), "exact_entries": len(self._exact_ids),
                "index_bytes": self.index.nbytes, "max_distance": self.index.max_distance}


# --- evidence --------------------------------------------------------------------------------------------

def preserve_evidence(session: Session, actor: str, data: bytes, content_type: str, hashes: dict[str, Any],
                      result: MatchResult, retention_days: int, reference: str | None = None) -> MediaEvidence:
    """Keep an upload that matched, with its hashes and matches, until ``retention_days`` have passed."""
    now = utcnow()
    row = MediaEvidence(created_at=now, expires_at=now + timedelta(days=retention_days), actor=actor,
                        reference=reference, md5=hashes["md5"], sha256=hashes["sha256"], pdq=hashes.get("pdq"),
                        quality=hashes.get("quality"), content_type=content_type[:100] or "application/octet-stream",
                        content=data, matches=[m.to_dict() for m in result.matches])
    session.add(row)
    session.flush()
    return row


def purge_expired_evidence(session: Session, now: Any = None) -> int:
    """Delete evidence past its retention date; returns how many were deleted."""
    now = now or utcnow()
    result = session.execute(delete(MediaEvidence).where(MediaEvidence.expires_at <= now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
