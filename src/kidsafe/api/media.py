"""HTTP routes of the `media` capability: hashing, matching, and hash-bank management.

* ``POST /v1/media:hash`` and ``POST /v1/media:match`` need any API key. ``media:match`` takes a multipart
  upload (field ``file``) or JSON hashes computed on the client (``{"pdq", "quality", "md5", "sha256"}``).
* ``/v1/banks…`` (list, create, change, entries, import, export) need a ``child_safety_specialist`` or
  ``admin`` key: hash lists from NCMEC and similar partners are shared under agreements that limit who may
  see them, and a platform integration only needs to match, not to read or edit the lists.

Uploads are hashed in memory and dropped, unless they match a bank (or the request) that asks for evidence
to be preserved. Responses never contain a bank's image (banks hold none), only hashes and metadata.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.datastructures import UploadFile

from kidsafe import events
from kidsafe.api.deps import get_principal, require_roles
from kidsafe.api.errors import ApiError
from kidsafe.auth import Principal, Role
from kidsafe.media import banks as bank_service
from kidsafe.media.hashing import ImageError, ImageLimits, hash_image
from kidsafe.media.matcher import Matcher, preserve_evidence

router = APIRouter(prefix="/v1", tags=["media"])
BankRole = Annotated[Principal, Depends(require_roles(Role.CHILD_SAFETY_SPECIALIST))]
AnyKey = Annotated[Principal, Depends(get_principal)]
_IMAGE_STATUS = {"image_too_large": 413, "unsupported_format": 415}


def startup(app: FastAPI) -> None:
    """Build the match index from the store before the first request."""
    app.state.media_matcher = _new_matcher(app)


def _new_matcher(app: Any) -> Matcher:
    s = app.state.settings
    return Matcher(app.state.db, s.pdq_min_quality, s.pdq_default_threshold).load()


def get_matcher(request: Request) -> Matcher:
    matcher = getattr(request.app.state, "media_matcher", None)
    if matcher is None:  # an app used without its lifespan
        matcher = request.app.state.media_matcher = _new_matcher(request.app)
    return matcher  # type: ignore[no-any-return]


# --- hashing and matching ----------------------------------------------------------------------------

async def _read_upload(request: Request) -> tuple[bytes, str, dict[str, str]]:
    """The uploaded ``file`` and the other form fields, within the byte limit."""
    limit = request.app.state.settings.max_image_bytes
    form = await request.form(max_files=1, max_fields=20)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ApiError(422, "invalid_request", "send the image as a multipart form field named 'file'", "file")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, "image_too_large", f"the image is larger than {limit} bytes", "file")
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return data, upload.content_type or "application/octet-stream", fields


def _hash(request: Request, data: bytes) -> dict[str, Any]:
    settings = request.app.state.settings
    try:
        hashes = hash_image(data, ImageLimits.from_settings(settings))
    except ImageError as e:
        raise ApiError(_IMAGE_STATUS.get(e.code, 422), e.code, str(e), "file") from None
    return {**hashes.to_dict(), "pdq_usable": hashes.quality >= settings.pdq_min_quality}


@router.post("/media:hash")
async def media_hash(request: Request, _: AnyKey) -> dict[str, Any]:
    """PDQ (with quality), MD5 and SHA-256 of an uploaded image (multipart field ``file``)."""
    data, _ctype, _fields = await _read_upload(request)
    return _hash(request, data)


class MatchHashes(BaseModel):
    """Hashes computed on the client. Give at least one; PDQ below the minimum quality is not matched."""

    model_config = ConfigDict(extra="forbid")
    pdq: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    quality: int | None = Field(default=None, ge=0, le=100)
    md5: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{32}$")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    reference: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _some_hash(self) -> MatchHashes:
        if self.pdq is None and self.md5 is None and self.sha256 is None:
            raise ValueError("give at least one of pdq, md5, sha256")
        return self


def _validation_error(e: ValidationError) -> ApiError:
    err = e.errors()[0]
    field = ".".join(str(p) for p in err.get("loc", ())) or "body"
    return ApiError(422, "invalid_request", f"{field}: {err.get('msg', 'invalid')}", field)


@router.post("/media:match")
async def media_match(request: Request, principal: AnyKey) -> dict[str, Any]:
    """Match an upload (multipart ``file``, optional ``reference``, ``preserve_evidence``) or client hashes (JSON)."""
    matcher = get_matcher(request)
    ctype = request.headers.get("content-type", "")
    settings = request.app.state.settings
    if ctype.startswith("multipart/"):
        data, content_type, fields = await _read_upload(request)
        hashes = _hash(request, data)
        reference = fields.get("reference") or None
        if reference is not None and len(reference) > 200:
            raise ApiError(422, "invalid_request", "reference: at most 200 characters", "reference")
        wants = fields.get("preserve_evidence", "false").lower()
        if wants not in ("true", "false", "1", "0", "yes", "no"):
            raise ApiError(422, "invalid_request", "preserve_evidence must be true or false", "preserve_evidence")
        result = matcher.match(hashes["pdq"], hashes["quality"], hashes["md5"], hashes["sha256"])
        out = {**result.to_dict(), "hashes": hashes}
        keep = result.matches and (result.preserve_evidence or wants in ("true", "1", "yes"))
        with request.app.state.db.session() as s:
            evidence_id = None
            if keep:
                evidence_id = preserve_evidence(s, principal.actor, data, content_type, hashes, result,
                                                settings.retention_days_evidence, reference).id
            _record_match(s, principal, result, reference, evidence_id, hashes)
        out["evidence_id"] = evidence_id
        return out
    try:
        body = MatchHashes.model_validate(json.loads(await request.body() or b"null"))
    except json.JSONDecodeError as e:
        raise ApiError(422, "invalid_request", f"the body is not JSON ({e.msg})", "body") from None
    except ValidationError as e:
        raise _validation_error(e) from None
    result = matcher.match(body.pdq and body.pdq.lower(), body.quality, body.md5 and body.md5.lower(),
                           body.sha256 and body.sha256.lower())
    with request.app.state.db.session() as s:
        given = {"pdq": body.pdq and body.pdq.lower(), "md5": body.md5 and body.md5.lower(),
                 "sha256": body.sha256 and body.sha256.lower()}
        _record_match(s, principal, result, body.reference, None, given)
    return {**result.to_dict(), "evidence_id": None}


def _record_match(s: Any, principal: Principal, result: Any, reference: str | None, evidence_id: int | None,
                  hashes: dict[str, Any]) -> None:
    """Publish ``media.match`` for the case workflow (hashes and bank metadata only, never content)."""
    if not result.matches:
        return
    subject = reference or (f"evidence:{evidence_id}" if evidence_id else "-")
    known = {k: hashes[k] for k in ("pdq", "md5", "sha256") if isinstance(hashes.get(k), str)}
    events.publish(s, "media.match", subject,
                   {"actor": principal.actor, "reference": reference, "evidence_id": evidence_id, "hashes": known,
                    "categories": sorted({m.category for m in result.matches}),
                    "matches": [m.to_dict() for m in result.matches]})


# --- banks -------------------------------------------------------------------------------------------

class BankCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    category: str
    source: str = Field(default="", max_length=200)
    threshold: int | None = Field(default=None, ge=0, le=63)
    negative: bool = False
    enabled: bool = True
    preserve_evidence: bool = False
    description: str = Field(default="", max_length=500)


class BankUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str | None = None
    source: str | None = Field(default=None, max_length=200)
    threshold: int | None = Field(default=None, ge=0, le=63)
    negative: bool | None = None
    enabled: bool | None = None
    preserve_evidence: bool | None = None
    description: str | None = Field(default=None, max_length=500)


class EntryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signal_type: str = "pdq"
    value: str = Field(min_length=1, max_length=200)
    source_id: str | None = Field(default=None, max_length=200)
    tags: list[str] = Field(default_factory=list, max_length=20)
    quality: int | None = Field(default=None, ge=0, le=100)


def _bank_error(e: bank_service.BankError) -> ApiError:
    return ApiError(e.status, e.code, str(e), e.field)


@router.get("/banks")
def banks_list(request: Request, _: BankRole) -> dict[str, Any]:
    with request.app.state.db.session() as s:
        return {"banks": [bank_service.bank_to_dict(b, n) for b, n in bank_service.list_banks(s)]}


@router.post("/banks", status_code=201)
def banks_create(body: BankCreate, request: Request, principal: BankRole) -> dict[str, Any]:
    threshold = request.app.state.settings.pdq_default_threshold if body.threshold is None else body.threshold
    try:
        with request.app.state.db.session() as s:
            bank = bank_service.create_bank(s, principal.actor, body.name, body.category, source=body.source,
                                            threshold=threshold, negative=body.negative, enabled=body.enabled,
                                            preserve_evidence=body.preserve_evidence, description=body.description)
            out = bank_service.bank_to_dict(bank, 0)
    except bank_service.BankError as e:
        raise _bank_error(e) from None
    get_matcher(request).banks_changed()
    return out


@router.get("/banks/{name}")
def banks_get(name: str, request: Request, _: BankRole) -> dict[str, Any]:
    try:
        with request.app.state.db.session() as s:
            bank = bank_service.get_bank(s, name)
            counts = dict((b.id, n) for b, n in bank_service.list_banks(s))
            return bank_service.bank_to_dict(bank, counts.get(bank.id, 0))
    except bank_service.BankError as e:
        raise _bank_error(e) from None


@router.patch("/banks/{name}")
def banks_update(name: str, body: BankUpdate, request: Request, principal: BankRole) -> dict[str, Any]:
    try:
        with request.app.state.db.session() as s:
            bank = bank_service.update_bank(s, principal.actor, name, **body.model_dump(exclude_none=True))
            out = bank_service.bank_to_dict(bank)
    except bank_service.BankError as e:
        raise _bank_error(e) from None
    get_matcher(request).banks_changed()
    return out


@router.get("/banks/{name}/entries")
def entries_list(name: str, request: Request, _: BankRole, after_id: int = Query(0, ge=0),
                 limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    try:
        with request.app.state.db.session() as s:
            bank = bank_service.get_bank(s, name)
            rows = bank_service.list_entries(s, bank, after_id, limit)
            return {"entries": [bank_service.entry_to_dict(e) for e in rows],
                    "next_after_id": rows[-1].id if len(rows) == limit else None}
    except bank_service.BankError as e:
        raise _bank_error(e) from None


@router.post("/banks/{name}/entries", status_code=201)
def entries_add(name: str, body: EntryCreate, request: Request, principal: BankRole) -> dict[str, Any]:
    try:
        with request.app.state.db.session() as s:
            bank = bank_service.get_bank(s, name)
            entry = bank_service.add_entry(s, principal.actor, bank, body.signal_type, body.value,
                                           source_id=body.source_id, tags=body.tags, quality=body.quality)
            out = bank_service.entry_to_dict(entry, bank.name)
    except bank_service.BankError as e:
        raise _bank_error(e) from None
    get_matcher(request).entries_added([entry])
    return out


@router.delete("/banks/{name}/entries/{entry_id}")
def entries_remove(name: str, entry_id: int, request: Request, principal: BankRole) -> dict[str, Any]:
    try:
        with request.app.state.db.session() as s:
            bank = bank_service.get_bank(s, name)
            entry = bank_service.remove_entry(s, principal.actor, bank, entry_id)
    except bank_service.BankError as e:
        raise _bank_error(e) from None
    get_matcher(request).entry_removed(entry)
    return {"removed": entry_id, "bank": name}


@router.post("/banks/{name}/entries:import")
async def entries_import(name: str, request: Request, principal: BankRole,
                         format: str = Query("csv", pattern="^(csv|te|te-csv)$")) -> JSONResponse:
    """Import a file (multipart field ``file``, or the raw body as text) in ``csv``, ``te`` or ``te-csv``."""
    if request.headers.get("content-type", "").startswith("multipart/"):
        data, _ctype, _fields = await _read_upload(request)
    else:
        data = await request.body()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ApiError(422, "invalid_request", f"the file is not UTF-8 (byte {e.start})", "file") from None
    try:
        with request.app.state.db.session() as s:
            bank = bank_service.get_bank(s, name)
            report = bank_service.import_entries(s, principal.actor, bank, text.splitlines(keepends=True), format)
    except bank_service.BankError as e:
        raise _bank_error(e) from None
    get_matcher(request).refresh(force=True)  # reads only the entries newer than the last one it holds
    return JSONResponse(report.to_dict(), status_code=200 if not report.errors else 207)


@router.get("/banks/{name}/entries:export")
def entries_export(name: str, request: Request, _: BankRole,
                   format: str = Query("csv", pattern="^(csv|te|te-csv)$")) -> StreamingResponse:
    db = request.app.state.db
    try:
        with db.session() as s:
            bank_service.get_bank(s, name)
    except bank_service.BankError as e:
        raise _bank_error(e) from None

    def stream() -> Iterator[str]:
        with db.session() as s:
            yield from bank_service.export_entries(s, bank_service.get_bank(s, name), format)

    media = "text/csv" if format != "te" else "text/plain"
    return StreamingResponse(stream(), media_type=f"{media}; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.{format}.txt"'})
