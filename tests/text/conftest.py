"""Fixtures shared by the text tests: the shipped engine, loaded once."""

from __future__ import annotations

import pytest

from kidsafe.config import PROJECT_ROOT
from kidsafe.text.engine import TextAnalyzer, get_analyzer

MODELS = PROJECT_ROOT / "models"


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    """The engine with the shipped model (skipped when no model has been trained)."""
    if not (MODELS / "text" / "model.json").exists():
        pytest.skip("no shipped text model (run `kidsafe train`)")
    return get_analyzer(str(MODELS))
