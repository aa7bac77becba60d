"""HTTP routes of the `policy` capability: decisions, age signals, policy versions and shadow summaries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kidsafe.api.deps import get_principal, get_session, require_roles
from kidsafe.api.errors import ApiError, error_body
from kidsafe.auth import Principal, Role
from kidsafe.cases import audit
from kidsafe.policy import age, decisions, registry, shadow
from kidsafe.policy.inputs import DecisionInput
from kidsafe.policy.loader import PolicyError
from kidsafe.store.models.policy import PolicyVersion

router = APIRouter(prefix="/v1", tags=["policy"])

Staff = require_roles(Role.MODERATOR, Role.CHILD_SAFETY_SPECIALIST)
AccountId = Annotated[str, Field(min_length=1, max_length=200)]


# --- decisions ---------------------------------------------------------------------------------


@router.post("/decisions")
def create_decision(body: DecisionInput, request: Request, session: Annotated[Session, Depends(get_session)],
                    _: Annotated[Principal, Depends(get_principal)]) -> dict[str, Any]:
    """Decide what to do with an event: the action, who is told, the nudge, and the reasons."""
    settings = request.app.state.settings
    analyzer = request.app.state.analyzer

    def analyse(text: str, lang: str | None) -> dict[str, Any]:
        return analyzer.analyze(text, lang).to_dict()  # type: ignore[no-any-return]

    try:
        return decisions.decide(session, body, analyse=analyse, max_text_chars=settings.max_text_chars)
    except decisions.DecisionInputError as e:
        raise ApiError(e.status, e.code, str(e), e.field) from None


# --- age signals -------------------------------------------------------------------------------


class AgeSignalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    band: str = Field(description="under_13, 13_15, 16_17 or adult")
    source: str = Field(description="self_declared, guardian_declared, os_signal or verified")
    assurance: str | None = Field(default=None, description="low, substantial or high (default by source)")
    provider: str = Field(default="", max_length=100)
    observed_at: datetime | None = None
    expires_at: datetime | None = None


@router.post("/accounts/{account_id}/age-signals", status_code=201)
def add_age_signal(account_id: str, body: AgeSignalIn, session: Annotated[Session, Depends(get_session)],
                   principal: Annotated[Principal, Depends(get_principal)]) -> dict[str, Any]:
    """Record an age signal; answers with the account's band now and any conflict the signal raised."""
    _check_account_id(account_id)
    try:
        signal, res, conflicts = age.add_signal(
            session, account_id, body.band, body.source, body.assurance, provider=body.provider,
            observed_at=body.observed_at, expires_at=body.expires_at, recorded_by=principal.actor)
    except age.AgeSignalError as e:
        raise ApiError(422, "invalid_request", str(e), e.field) from None
    audit.append(session, principal.actor, "age.signal", "account", account_id,
                 {"signal_id": signal.id, "band": signal.band, "source": signal.source,
                  "assurance": signal.assurance, "resolved_band": res.band.value, "conflicts": len(conflicts)})
    out = age.account_age(session, account_id) or {}
    out["signal_id"] = signal.id
    out["new_conflicts"] = len(conflicts)
    return out


@router.get("/accounts/{account_id}/age-signals")
def get_age_signals(account_id: str, session: Annotated[Session, Depends(get_session)],
                    _: Annotated[Principal, Depends(get_principal)]) -> dict[str, Any]:
    """The account's band, the winning source and assurance, every signal and every recorded conflict."""
    _check_account_id(account_id)
    out = age.account_age(session, account_id)
    if out is None:
        return {"account_id": account_id, "age_band": "unknown", "source": None, "assurance": None,
                "signals": [], "conflicts": []}
    return out


@router.delete("/accounts/{account_id}/age-signals/{signal_id}")
def revoke_age_signal(account_id: str, signal_id: int, session: Annotated[Session, Depends(get_session)],
                      principal: Annotated[Principal, Depends(get_principal)]) -> dict[str, Any]:
    """Revoke a signal (it stays on record, no longer trusted); answers with the band now."""
    _check_account_id(account_id)
    try:
        res = age.revoke_signal(session, account_id, signal_id)
    except age.AgeSignalError as e:
        raise ApiError(404, "not_found", str(e), e.field) from None
    audit.append(session, principal.actor, "age.signal_revoked", "account", account_id,
                 {"signal_id": signal_id, "resolved_band": res.band.value})
    return age.account_age(session, account_id) or {}


@router.get("/accounts/{account_id}/defaults")
def account_defaults(account_id: str, session: Annotated[Session, Depends(get_session)],
                     _: Annotated[Principal, Depends(get_principal)],
                     platform: str = Query("default", pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")) -> dict[str, Any]:
    """The settings a new account starts with under the live policy (minors: private by default)."""
    _check_account_id(account_id)
    band = age.band_for(session, account_id)
    live, _cand = registry.in_force(session, platform)
    defaults = live.policy.account_defaults.get(band)
    return {"account_id": account_id, "age_band": band.value, "policy_version": live.version,
            "defaults": defaults.model_dump() if defaults else None}


def _check_account_id(account_id: str) -> None:
    if not account_id or len(account_id) > 200:
        raise ApiError(422, "invalid_request", "account id must be 1..200 characters", "account_id")


# --- policy versions -------------------------------------------------------------------------


class PolicyUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str = Field(description="the policy file's text")
    format: str = Field(default="yaml", pattern=r"^(yaml|toml)$")
    status: str = Field(default="candidate", pattern=r"^(live|candidate)$")


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str = Field(pattern=r"^(live|candidate|retired)$")


@router.post("/policies", status_code=201)
def upload_policy(body: PolicyUpload, request: Request, session: Annotated[Session, Depends(get_session)],
                  principal: Annotated[Principal, Depends(require_roles(Role.ADMIN))]) -> Any:
    """Upload a policy version as live or as the shadow candidate (admins). Errors name line and field."""
    settings = request.app.state.settings
    try:
        row = registry.upload(session, body.source, body.format, body.status, principal.actor,
                              max_bytes=settings.max_policy_bytes, max_rules=settings.max_policy_rules)
    except PolicyError as e:
        return _policy_error(e)
    except registry.PolicyVersionError as e:
        raise ApiError(e.status, e.code, str(e), e.field) from None
    return registry.version_dict(row)


@router.post("/policies:validate")
def validate_policy(body: PolicyUpload, request: Request,
                    _: Annotated[Principal, Depends(get_principal)]) -> Any:
    """Check a policy file without storing it."""
    from kidsafe.policy.loader import parse_policy

    settings = request.app.state.settings
    try:
        p = parse_policy(body.source, body.format, "policy", max_bytes=settings.max_policy_bytes,
                         max_rules=settings.max_policy_rules)
    except PolicyError as e:
        return _policy_error(e)
    return {"valid": True, "platform": p.policy.platform, "version": p.policy.version, "rules": len(p.rules)}


@router.get("/policies")
def list_policies(session: Annotated[Session, Depends(get_session)],
                  _: Annotated[Principal, Depends(get_principal)],
                  platform: str | None = Query(None, max_length=64)) -> dict[str, Any]:
    """Every uploaded version with its status; ``in_force`` says which policy decides when none is live."""
    live, cand = registry.in_force(session, platform or registry.DEFAULT_PLATFORM)
    return {"versions": registry.list_versions(session, platform),
            "in_force": {"live": {"platform": live.platform, "version": live.version},
                         "candidate": {"platform": cand.platform, "version": cand.version} if cand else None}}


@router.get("/policies/shadow/summary")
def shadow_summary(session: Annotated[Session, Depends(get_session)], _: Annotated[Principal, Depends(Staff)],
                   platform: str | None = Query(None, max_length=64),
                   candidate_version: str | None = Query(None, max_length=64)) -> dict[str, Any]:
    """How the candidate policy would have decided differently from the live one (counts, no content)."""
    return shadow.summary(session, platform, candidate_version)


@router.get("/policies/{platform}/{version}")
def get_policy(platform: str, version: str, session: Annotated[Session, Depends(get_session)],
               _: Annotated[Principal, Depends(get_principal)]) -> dict[str, Any]:
    row = _version(session, platform, version)
    return registry.version_dict(row, with_source=True)


@router.put("/policies/{platform}/{version}/status")
def change_status(platform: str, version: str, body: StatusChange, session: Annotated[Session, Depends(get_session)],
                  principal: Annotated[Principal, Depends(require_roles(Role.ADMIN))]) -> dict[str, Any]:
    """Promote a candidate to live, set a version as candidate, or retire it (admins; audited)."""
    try:
        row = registry.set_status(session, platform, version, body.status, principal.actor)
    except registry.PolicyVersionError as e:
        raise ApiError(e.status, e.code, str(e), e.field) from None
    return registry.version_dict(row)


def _version(session: Session, platform: str, version: str) -> PolicyVersion:
    from sqlalchemy import select

    row = session.scalar(select(PolicyVersion).where(PolicyVersion.platform == platform,
                                                     PolicyVersion.version == version))
    if row is None:
        raise ApiError(404, "not_found", f"no version {version!r} for platform {platform!r}", "version")
    return row


def _policy_error(e: PolicyError) -> JSONResponse:
    """422 naming every problem: ``fields`` items carry the policy field, the message and the line."""
    fields = [{"field": i.field, "message": i.message, "line": i.line} for i in e.issues]
    message = "the policy file is not valid: " + "; ".join(str(i) for i in e.issues[:5])
    return JSONResponse(error_body("invalid_policy", message, fields), status_code=422)  # type: ignore[arg-type]
