"""``POST /v1/text:analyze``: score one text or a batch for every risk category."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kidsafe.api.deps import get_principal
from kidsafe.api.errors import ApiError
from kidsafe.auth import Principal

router = APIRouter(prefix="/v1", tags=["text"])


class TextItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, max_length=200)
    text: str
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")


class AnalyzeRequest(BaseModel):
    """Either ``text`` (one message) or ``texts`` (a batch), not both."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = None
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    texts: list[TextItem] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> AnalyzeRequest:
        if (self.text is None) == (self.texts is None):
            raise ValueError("give exactly one of 'text' or 'texts'")
        return self


class Scores(BaseModel):
    lang: str
    scores: dict[str, float]
    flags: list[str]
    severity: str
    evidence: list[dict[str, Any]]


class AnalyzeResult(Scores):
    id: str | None = None


class BatchResult(BaseModel):
    results: list[AnalyzeResult]


@router.post("/text:analyze", response_model=AnalyzeResult | BatchResult)
def analyze(body: AnalyzeRequest, request: Request,
            _: Annotated[Principal, Depends(get_principal)]) -> dict[str, Any]:
    settings = request.app.state.settings
    analyzer = request.app.state.analyzer
    if body.text is not None:
        _check_len(body.text, "text", settings.max_text_chars)
        return analyzer.analyze(body.text, body.lang).to_dict()  # type: ignore[no-any-return]
    items = body.texts or []
    if len(items) > settings.max_batch:
        raise ApiError(413, "batch_too_large", f"at most {settings.max_batch} texts per request", "texts")
    if not items:
        raise ApiError(422, "invalid_request", "texts must not be empty", "texts")
    for i, it in enumerate(items):
        _check_len(it.text, f"texts[{i}].text", settings.max_text_chars)
    analyses = analyzer.analyze_batch([it.text for it in items], [it.lang for it in items])
    return {"results": [{"id": it.id, **a.to_dict()} for it, a in zip(items, analyses, strict=True)]}


def _check_len(text: str, field: str, limit: int) -> None:
    if len(text) > limit:
        raise ApiError(413, "text_too_long", f"text is {len(text)} characters; the limit is {limit}", field)
