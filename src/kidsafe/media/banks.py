"""Hash banks: named lists of known-image hashes, their entries, import and export.

Every change is written to the audit chain (``kidsafe.cases.audit``) in the caller's transaction and bumps
the bank's ``version`` so that running matchers pick it up. Three file formats are read and written:

* ``csv``: kidsafe's own, header ``signal_type,value,source_id,tags,quality,added_at`` (tags separated by
  spaces; only ``value`` is required, ``signal_type`` defaults to ``pdq``);
* ``te``: python-threatexchange's local signal file (``LocalFileSignalExchangeAPI``), one
  ``<signal_type> <hash>`` per line, or a bare hash (read as PDQ);
* ``te-csv``: the CSV of ``threatexchange dataset --csv``: ``signal_type,signal_str,collab,category,tags``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.sha256 import VideoSHA256Signal

from kidsafe.cases import audit
from kidsafe.store.db import utcnow
from kidsafe.store.models.media import HashBank, HashBankEntry

BANK_CATEGORIES = ("csam", "ncii", "terror", "other")
SIGNAL_TYPES = ("pdq", "md5", "sha256")
FORMATS = ("csv", "te", "te-csv")
MAX_TAGS = 20
MAX_TAG_CHARS = 64
IMPORT_BATCH = 5000
# ThreatExchange names for the same signals (its MD5/SHA-256 types are named after video, but hash any bytes)
_TE_NAMES = {"pdq": "pdq", "md5": "video_md5", "sha256": "video_sha256"}
_ALIASES = {"pdq": "pdq", "md5": "md5", "video_md5": "md5", "photo_md5": "md5", "sha256": "sha256",
            "video_sha256": "sha256", "photo_sha256": "sha256"}
_VALIDATORS = {"pdq": PdqSignal, "md5": VideoMD5Signal, "sha256": VideoSHA256Signal}
_CSV_FIELDS = ["signal_type", "value", "source_id", "tags", "quality", "added_at"]
_TE_CSV_FIELDS = ["signal_type", "signal_str", "collab", "category", "tags"]


class BankError(ValueError):
    """Bad input for a bank operation; ``field`` names what was wrong, ``status`` the HTTP status."""

    def __init__(self, message: str, field: str | None = None, status: int = 422, code: str = "invalid_request"):
        super().__init__(message)
        self.field, self.status, self.code = field, status, code


@dataclass
class ImportReport:
    added: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    added_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "duplicates": self.duplicates,
                "errors": [{"line": n, "message": m} for n, m in self.errors[:1000]],
                "error_count": len(self.errors)}


# --- validation --------------------------------------------------------------------------------------

def normalize_signal(signal_type: str, value: str) -> tuple[str, str]:
    """``(signal_type, value)`` in canonical form, or ``BankError`` naming what is wrong."""
    kind = _ALIASES.get((signal_type or "").strip().lower())
    if kind is None:
        raise BankError(f"unknown signal type {signal_type!r} (use {', '.join(SIGNAL_TYPES)})", "signal_type")
    try:
        return kind, _VALIDATORS[kind].validate_signal_str((value or "").strip().lower())
    except ValueError:
        width = 32 if kind == "md5" else 64
        raise BankError(f"not a {kind} hash: expected {width} hex characters", "value") from None


def _check_tags(tags: Iterable[str]) -> list[str]:
    out = []
    for t in tags:
        t = str(t).strip()
        if not t:
            continue
        if len(t) > MAX_TAG_CHARS or not t.replace("_", "").replace("-", "").replace(":", "").isalnum():
            raise BankError(f"tag {t[:20]!r}: use at most {MAX_TAG_CHARS} letters, digits, '-', '_' or ':'", "tags")
        out.append(t)
    if len(out) > MAX_TAGS:
        raise BankError(f"at most {MAX_TAGS} tags", "tags")
    return out


def _check_bank_fields(category: str | None, threshold: int | None) -> None:
    if category is not None and category not in BANK_CATEGORIES:
        raise BankError(f"category must be one of {', '.join(BANK_CATEGORIES)}", "category")
    if threshold is not None and not 0 <= threshold <= 63:
        raise BankError("threshold must be a PDQ distance in 0..63", "threshold")


# --- banks -------------------------------------------------------------------------------------------

def get_bank(session: Session, name: str) -> HashBank:
    bank = session.scalar(select(HashBank).where(HashBank.name == name))
    if bank is None:
        raise BankError(f"no bank named {name!r}", "name", status=404, code="not_found")
    return bank


def bank_to_dict(bank: HashBank, entries: int | None = None) -> dict[str, Any]:
    out = {"name": bank.name, "source": bank.source, "category": bank.category, "negative": bank.negative,
           "threshold": bank.threshold, "enabled": bank.enabled, "preserve_evidence": bank.preserve_evidence,
           "description": bank.description, "version": bank.version,
           "created_at": bank.created_at.isoformat(), "updated_at": bank.updated_at.isoformat()}
    if entries is not None:
        out["entries"] = entries
    return out


def create_bank(session: Session, actor: str, name: str, category: str, *, source: str = "",
                threshold: int = 31, negative: bool = False, enabled: bool = True,
                preserve_evidence: bool = False, description: str = "") -> HashBank:
    name = (name or "").strip()
    if not name or len(name) > 100 or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise BankError("name: 1..100 letters, digits, '-', '_' or '.'", "name")
    _check_bank_fields(category, threshold)
    if session.scalar(select(HashBank.id).where(HashBank.name == name)) is not None:
        raise BankError(f"a bank named {name!r} already exists", "name", status=409, code="conflict")
    now = utcnow()
    bank = HashBank(name=name, source=source[:200], category=category, negative=negative, threshold=threshold,
                    enabled=enabled, preserve_evidence=preserve_evidence, description=description[:500], version=1,
                    created_at=now, updated_at=now)
    session.add(bank)
    session.flush()
    audit.append(session, actor, "media.bank.create", "media_bank", bank.id, bank_to_dict(bank))
    return bank


_UPDATABLE = ("source", "category", "threshold", "negative", "enabled", "preserve_evidence", "description")


def update_bank(session: Session, actor: str, name: str, **changes: Any) -> HashBank:
    bank = get_bank(session, name)
    unknown = set(changes) - set(_UPDATABLE)
    if unknown:
        raise BankError(f"cannot change {', '.join(sorted(unknown))}", sorted(unknown)[0])
    _check_bank_fields(changes.get("category"), changes.get("threshold"))
    diff = {k: [getattr(bank, k), v] for k, v in changes.items() if v is not None and getattr(bank, k) != v}
    for k, (_, v) in diff.items():
        setattr(bank, k, v)
    if diff:
        _touch(bank)
        audit.append(session, actor, "media.bank.update", "media_bank", bank.id, {"name": name, "changes": diff})
    return bank


def list_banks(session: Session) -> list[tuple[HashBank, int]]:
    counts = dict(session.execute(select(HashBankEntry.bank_id, func.count()).group_by(HashBankEntry.bank_id)).all())
    return [(b, counts.get(b.id, 0)) for b in session.scalars(select(HashBank).order_by(HashBank.name))]


def _touch(bank: HashBank) -> None:
    bank.version = (bank.version or 0) + 1
    bank.updated_at = utcnow()


# --- entries -----------------------------------------------------------------------------------------

def entry_to_dict(entry: HashBankEntry, bank_name: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": entry.id, "signal_type": entry.signal_type, "value": entry.value,
                           "quality": entry.quality, "source_id": entry.source_id, "tags": entry.tags or [],
                           "added_at": entry.added_at.isoformat()}
    if bank_name is not None:
        out["bank"] = bank_name
    return out


def add_entry(session: Session, actor: str, bank: HashBank, signal_type: str, value: str, *,
              source_id: str | None = None, tags: Iterable[str] = (), quality: int | None = None) -> HashBankEntry:
    kind, value = normalize_signal(signal_type, value)
    if quality is not None and not 0 <= quality <= 100:
        raise BankError("quality must be in 0..100", "quality")
    if source_id is not None and len(source_id) > 200:
        raise BankError("source_id: at most 200 characters", "source_id")
    exists = select(HashBankEntry.id).where(HashBankEntry.bank_id == bank.id, HashBankEntry.signal_type == kind,
                                            HashBankEntry.value == value)
    if session.scalar(exists) is not None:
        raise BankError(f"this {kind} hash is already in bank {bank.name!r}", "value", status=409, code="conflict")
    entry = HashBankEntry(bank_id=bank.id, signal_type=kind, value=value, quality=quality, source_id=source_id,
                          tags=_check_tags(tags), added_at=utcnow())
    session.add(entry)
    session.flush()
    _touch(bank)
    audit.append(session, actor, "media.bank.entry.add", "media_bank_entry", entry.id,
                 {"bank": bank.name, "signal_type": kind, "value": value, "source_id": source_id})
    return entry


def remove_entry(session: Session, actor: str, bank: HashBank, entry_id: int) -> HashBankEntry:
    entry = session.get(HashBankEntry, entry_id)
    if entry is None or entry.bank_id != bank.id:
        raise BankError(f"no entry {entry_id} in bank {bank.name!r}", "entry_id", status=404, code="not_found")
    details = {"bank": bank.name, "signal_type": entry.signal_type, "value": entry.value,
               "source_id": entry.source_id}
    session.delete(entry)
    _touch(bank)
    session.flush()
    audit.append(session, actor, "media.bank.entry.remove", "media_bank_entry", entry_id, details)
    return entry


def list_entries(session: Session, bank: HashBank, after_id: int = 0, limit: int = 100) -> list[HashBankEntry]:
    q = (select(HashBankEntry).where(HashBankEntry.bank_id == bank.id, HashBankEntry.id > after_id)
         .order_by(HashBankEntry.id).limit(limit))
    return list(session.scalars(q))


# --- import ------------------------------------------------------------------------------------------

def _parse_rows(lines: Iterable[str], fmt: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, fields, error) for each non-empty record of ``lines`` in format ``fmt``."""
    if fmt == "te":
        for n, line in enumerate(lines, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            kind, _, value = text.partition(" ")
            if not value:
                kind, value = "pdq", kind
            yield n, {"signal_type": kind, "value": value.strip()}, None
        return
    if fmt not in ("csv", "te-csv"):
        raise BankError(f"format must be one of {', '.join(FORMATS)}", "format")
    reader = csv.DictReader(lines)
    need = "value" if fmt == "csv" else "signal_str"
    if reader.fieldnames is None or need not in reader.fieldnames:
        raise BankError(f"the {fmt} header must name a {need!r} column", "file")
    for row in reader:
        n = reader.line_num
        if None in row:
            yield n, None, "more fields than the header names"
            continue
        if fmt == "te-csv":
            yield n, {"signal_type": row.get("signal_type") or "pdq", "value": row.get("signal_str") or "",
                      "tags": (row.get("tags") or "").split(), "source_id": row.get("collab") or None}, None
            continue
        quality = (row.get("quality") or "").strip()
        if quality and not quality.isdigit():
            yield n, None, f"quality {quality[:10]!r} is not a whole number"
            continue
        yield n, {"signal_type": row.get("signal_type") or "pdq", "value": row.get("value") or "",
                  "source_id": (row.get("source_id") or "").strip() or None,
                  "tags": (row.get("tags") or "").split(), "quality": int(quality) if quality else None}, None


def import_entries(session: Session, actor: str, bank: HashBank, lines: Iterable[str], fmt: str = "csv",
                   filename: str = "") -> ImportReport:
    """Add every valid record of ``lines``; bad records are reported by line number and skipped.

    Duplicates (already in the bank, or repeated in the file) are counted, not added twice.
    """
    report = ImportReport()
    existing = {(k, v) for k, v in session.execute(
        select(HashBankEntry.signal_type, HashBankEntry.value).where(HashBankEntry.bank_id == bank.id))}
    batch: list[HashBankEntry] = []
    now = utcnow()

    def flush() -> None:
        session.add_all(batch)
        session.flush()
        report.added_ids.extend(e.id for e in batch)
        batch.clear()

    for n, rec, reason in _parse_rows(lines, fmt):
        if rec is None:
            report.errors.append((n, reason or "invalid record"))
            continue
        try:
            kind, value = normalize_signal(rec["signal_type"], rec["value"])
            tags = _check_tags(rec.get("tags") or [])
            quality = rec.get("quality")
            if quality is not None and not 0 <= quality <= 100:
                raise BankError("quality must be in 0..100", "quality")
            source_id = rec.get("source_id")
            if source_id is not None and len(source_id) > 200:
                raise BankError("source_id: at most 200 characters", "source_id")
        except BankError as e:
            report.errors.append((n, f"{e.field}: {e}"))
            continue
        if (kind, value) in existing:
            report.duplicates += 1
            continue
        existing.add((kind, value))
        batch.append(HashBankEntry(bank_id=bank.id, signal_type=kind, value=value, quality=quality,
                                   source_id=source_id, tags=tags, added_at=now))
        report.added += 1
        if len(batch) >= IMPORT_BATCH:
            flush()
    if batch:
        flush()
    if report.added:
        _touch(bank)
    audit.append(session, actor, "media.bank.import", "media_bank", bank.id,
                 {"bank": bank.name, "format": fmt, "file": filename[:200], "added": report.added,
                  "duplicates": report.duplicates, "errors": len(report.errors)})
    return report


# --- export ------------------------------------------------------------------------------------------

def export_entries(session: Session, bank: HashBank, fmt: str = "csv", batch: int = 10_000) -> Iterator[str]:
    """The bank's entries as text in ``fmt``, streamed in id order (hashes and metadata only)."""
    if fmt not in FORMATS:
        raise BankError(f"format must be one of {', '.join(FORMATS)}", "format")
    buf = io.StringIO()
    writer: Any = None
    if fmt == "csv":
        writer = csv.DictWriter(buf, _CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
    elif fmt == "te-csv":
        writer = csv.DictWriter(buf, _TE_CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
    yield buf.getvalue()
    after = 0
    while True:
        rows = list_entries(session, bank, after, batch)
        if not rows:
            return
        buf.seek(0)
        buf.truncate()
        for e in rows:
            if fmt == "te":
                buf.write(f"{_TE_NAMES[e.signal_type]} {e.value}\n")
            elif fmt == "csv":
                writer.writerow({"signal_type": e.signal_type, "value": e.value, "source_id": e.source_id or "",
                                 "tags": " ".join(e.tags or []), "quality": "" if e.quality is None else e.quality,
                                 "added_at": e.added_at.isoformat()})
            else:
                writer.writerow({"signal_type": _TE_NAMES[e.signal_type], "signal_str": e.value,
                                 "collab": bank.name,
                                 "category": "NEGATIVE_CLASS" if bank.negative else "POSITIVE_CLASS",
                                 "tags": " ".join(e.tags or [])})
        yield buf.getvalue()
        after = rows[-1].id
