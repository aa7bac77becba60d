"""Text risk engine: normalisation against evasion, language detection, per-category detectors."""

from kidsafe.text.analysis import Evidence, TextAnalysis
from kidsafe.text.engine import TextAnalyzer, get_analyzer

__all__ = ["Evidence", "TextAnalysis", "TextAnalyzer", "get_analyzer"]
