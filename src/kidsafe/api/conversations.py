"""Live conversation tracking: ``POST /v1/conversations/{id}/messages``, ``GET /v1/conversations/{id}/risk`` and
``DELETE /v1/conversations/{id}`` (erase the tracked state now, before retention would).

The POST body is one message (``{"id", "sender", "text", ...}``) or a batch (``{"messages": [...]}``). The answer
holds each message's text analysis and cues, the conversation's risk after the call, and the alerts it raised
(also published as ``conversation.alert`` events). Redelivered message ids count once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, FastAPI, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from kidsafe.api.deps import get_principal
from kidsafe.api.errors import ApiError
from kidsafe.auth import Principal, Role
from kidsafe.conversation.messages import MAX_ID_CHARS, MessageBatch, MessageIn
from kidsafe.conversation.tracker import NotOwner, Tracker

router = APIRouter(prefix="/v1", tags=["conversations"])

ConversationId = Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS, description="The platform's id.")]

_BODY_EXAMPLE = {"id": "m1", "sender": "u42", "sender_age_band": "adult", "recipients": ["u7"],
                 "ts": "2026-01-01T12:00:00Z", "text": "hi! how was school?"}


def startup(app: FastAPI) -> None:
    tracker(app)


def tracker(app: FastAPI) -> Tracker:
    """The app's one ``Tracker`` (built on first use: the text analyser and the scorer are loaded once)."""
    t = getattr(app.state, "conversation_tracker", None)
    if t is None:
        t = app.state.conversation_tracker = Tracker(app.state.db, app.state.settings, analyzer=app.state.analyzer)
    return t  # type: ignore[no-any-return]


def owner_key(principal: Principal) -> int | None:
    """Conversations belong to the platform API key that created them; staff roles (moderator, specialist, admin)
    see every one."""
    return principal.id if principal.kind == "api_key" and principal.role == Role.PLATFORM else None


def parse_messages(body: Any) -> list[MessageIn]:
    """One message or ``{"messages": [...]}`` → messages; a 422 naming the field otherwise."""
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_request", "the body must be a JSON object (one message or {\"messages\": [...]})",
                       "body")
    try:
        if "messages" in body:
            return MessageBatch.model_validate(body).messages
        return [MessageIn.model_validate(body)]
    except ValidationError as e:
        raise RequestValidationError([{**err, "loc": ("body", *err["loc"])} for err in e.errors()]) from None


@router.post("/conversations/{conversation_id}/messages")
def post_messages(
    conversation_id: ConversationId,
    request: Request,
    principal: Annotated[Principal, Depends(get_principal)],
    body: Annotated[Any, Body(openapi_examples={"one message": {"value": _BODY_EXAMPLE},
                                                 "batch": {"value": {"messages": [_BODY_EXAMPLE]}}})],
) -> dict[str, Any]:
    """Add one message or a batch to a conversation; returns per-message analysis, the risk and new alerts."""
    settings = request.app.state.settings
    batch = isinstance(body, dict) and "messages" in body
    if batch and isinstance(body["messages"], list) and len(body["messages"]) > settings.max_batch:
        raise ApiError(413, "batch_too_large", f"at most {settings.max_batch} messages per request (KIDSAFE_MAX_BATCH)",
                       "messages")
    messages = parse_messages(body)
    for i, m in enumerate(messages):
        if len(m.text) > settings.max_text_chars:
            field = f"messages[{i}].text" if batch else "text"
            raise ApiError(413, "text_too_long", f"text is {len(m.text)} characters; the limit is "
                           f"{settings.max_text_chars} (KIDSAFE_MAX_TEXT_CHARS)", field)
    try:
        return tracker(request.app).ingest(conversation_id, messages, owner_key(principal)).to_dict()
    except NotOwner:
        raise ApiError(403, "forbidden", f"conversation {conversation_id!r} is tracked for another API key; "
                       "use your own conversation ids", "conversation_id") from None


@router.get("/conversations/{conversation_id}/risk")
def get_risk(
    conversation_id: ConversationId,
    request: Request,
    principal: Annotated[Principal, Depends(get_principal)],
) -> dict[str, Any]:
    """The conversation's grooming and sextortion scores, stages with message ids, reasons and alert history."""
    view = tracker(request.app).risk(conversation_id, owner_key(principal))
    if view is None:
        raise ApiError(404, "not_found", f"no tracked conversation {conversation_id!r}", "conversation_id")
    return view


@router.delete("/conversations/{conversation_id}", status_code=204)
def delete_conversation(
    conversation_id: ConversationId,
    request: Request,
    principal: Annotated[Principal, Depends(get_principal)],
) -> Response:
    """Erase a tracked conversation (state, scores, counted message ids); alerts already raised stay with cases."""
    if not tracker(request.app).forget(conversation_id, owner_key(principal)):
        raise ApiError(404, "not_found", f"no tracked conversation {conversation_id!r}", "conversation_id")
    return Response(status_code=204)
