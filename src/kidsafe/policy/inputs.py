"""The shape of a decision request: what ``POST /v1/decisions`` and ``kidsafe policy test`` read."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kidsafe.policy.model import Context, Relationship, rating_min_age
from kidsafe.taxonomy import AgeBand, Category

Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Party(_Strict):
    id: str = Field(min_length=1, max_length=200)
    age_band: AgeBand | None = Field(default=None, description="when absent: from the account's stored age signals")


class Content(_Strict):
    """Raw content, analysed on the spot and never stored."""

    text: str
    lang: LangCode | None = None


class PriorAnalysis(_Strict):
    """The result of ``POST /v1/text:analyze`` (``lang``, ``severity`` and ``evidence`` are accepted and ignored)."""

    scores: dict[Category, Probability]
    flags: list[Category] = Field(default_factory=list)
    lang: str | None = Field(default=None, max_length=10)
    severity: str | None = Field(default=None, max_length=20)
    evidence: list[dict[str, Any]] | None = Field(default=None, max_length=1000)


class ConversationRisk(_Strict):
    """The conversation's risk from ``/v1/conversations`` (alert level 1 = elevated, 2 = high, 3 = critical)."""

    grooming: Probability = 0.0
    sextortion: Probability = 0.0
    level: int = Field(default=0, ge=0, le=3)


class DecisionInput(_Strict):
    platform: str = Field(default="default", pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")
    actor: Party
    target: Party | None = None
    context: Context
    relationship: Relationship | None = Field(default=None, description="absent: treated as stranger")
    content: Content | None = None
    analysis: PriorAnalysis | None = None
    conversation_risk: ConversationRisk | None = None
    content_rating: str | None = Field(default=None, max_length=20, description="e.g. 'PEGI 12', 'ESRB T'")
    content_ref: str | None = Field(default=None, max_length=200, description="the platform's id of the content")
    lang: LangCode | None = Field(default=None, description="language of the nudge (default: the content's)")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", description="for help resources (ISO alpha-2)")

    @field_validator("content_rating")
    @classmethod
    def _known_rating(cls, v: str | None) -> str | None:
        if v is not None:
            rating_min_age(v)
        return v

    @model_validator(mode="after")
    def _content_or_analysis(self) -> DecisionInput:
        if self.content is not None and self.analysis is not None:
            raise ValueError("give 'content' or a prior 'analysis', not both")
        return self
