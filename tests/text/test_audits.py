"""The shipped engine on every audit's invented messages (``tests/text/audits``): each harmful message is flagged
for its category, each everyday message written next to them gets no flag at all."""

from __future__ import annotations

import pytest

from kidsafe.text.engine import TextAnalyzer

from .audits import eighteenth, nineteenth, twentieth, twentyfirst, twentyfourth, twentysecond, twentythird

AUDITS = {"eighteenth": eighteenth, "nineteenth": nineteenth, "twentieth": twentieth, "twentyfirst": twentyfirst,
          "twentysecond": twentysecond, "twentythird": twentythird, "twentyfourth": twentyfourth}
HARMFUL = [pytest.param(text, lang, category, id=f"{audit}-{i}")
           for audit, module in AUDITS.items() for i, (text, lang, category) in enumerate(module.HARMFUL)]
EVERYDAY = [pytest.param(text, lang, id=f"{audit}-{i}")
            for audit, module in AUDITS.items() for i, (text, lang) in enumerate(module.EVERYDAY)]


@pytest.mark.parametrize(("text", "lang", "category"), HARMFUL)
def test_harmful_message_is_flagged(analyzer: TextAnalyzer, text: str, lang: str, category: str) -> None:
    assert category in analyzer.analyze(text, lang).flags


@pytest.mark.parametrize(("text", "lang"), EVERYDAY)
def test_everyday_message_is_not_flagged(analyzer: TextAnalyzer, text: str, lang: str) -> None:
    assert analyzer.analyze(text, lang).flags == []
