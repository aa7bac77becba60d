"""HTTP routes of the `media` capability."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/v1", tags=["media"])
