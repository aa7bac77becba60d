"""Input models of the live conversation API: one message, or a batch of them.

Every model forbids unknown fields so a typo is a 422 naming the field, not a silently ignored value.
Size limits that an operator may change (text length, batch size) are checked against ``Settings`` by the
caller; the fixed bounds here (id lengths, recipients) keep one row's worth of identifiers small.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kidsafe.taxonomy import AgeBand

MAX_ID_CHARS = 200
MAX_RECIPIENTS = 50


class MessageIn(BaseModel):
    """One chat message as the platform sends it (the text is analysed, never stored). Numeric ids become strings."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=MAX_ID_CHARS, description="The platform's message id (idempotency key).")
    sender: str = Field(min_length=1, max_length=MAX_ID_CHARS, description="The sender's account id.")
    sender_age_band: AgeBand | None = Field(default=None, description="under_13, 13_15, 16_17, adult or unknown.")
    recipients: list[str] = Field(default_factory=list, max_length=MAX_RECIPIENTS)
    ts: datetime | None = Field(default=None, description="When it was sent (ISO 8601; no offset means UTC).")
    text: str
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")

    @field_validator("id", "sender", mode="before")
    @classmethod
    def _int_id(cls, v: object) -> object:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("recipients", mode="before")
    @classmethod
    def _int_ids(cls, v: object) -> object:
        if isinstance(v, list):
            return [str(r) if isinstance(r, int) and not isinstance(r, bool) else r for r in v]
        return v

    @field_validator("recipients")
    @classmethod
    def _short_ids(cls, v: list[str]) -> list[str]:
        for r in v:
            if not r or len(r) > MAX_ID_CHARS:
                raise ValueError(f"each recipient id must be 1 to {MAX_ID_CHARS} characters")
        return v

    @field_validator("ts")
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            return v.replace(tzinfo=UTC)
        return v


class MessageBatch(BaseModel):
    """Several messages of one conversation, in any order."""

    model_config = ConfigDict(extra="forbid")
    messages: list[MessageIn] = Field(min_length=1)
