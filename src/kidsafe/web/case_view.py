"""What the case page shows, on top of the cases service's ``case_view``: scores sorted for reading, the
evidence text with the detector's spans marked, statements of reasons by action.

Content (the evidence text, the reporters' words, an image) is marked up here but shown blurred and in greyscale
by the template until the moderator reveals it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from kidsafe.auth import Principal
from kidsafe.cases import service
from kidsafe.store.models.cases import StatementOfReasons


@dataclass
class CasePage:
    view: service.CaseView
    statements: dict[int, StatementOfReasons]  # by action id
    scores: list[tuple[str, float]]  # highest first
    evidence_html: Markup | None

    @property
    def case(self):  # type: ignore[no-untyped-def]
        return self.view.case


def highlight(text: str, spans: list[dict[str, Any]]) -> Markup:
    """``text`` escaped, with the detector evidence spans wrapped in ``<mark>`` (overlaps are merged)."""
    ranges: list[tuple[int, int, str]] = []
    for span in spans:
        if not isinstance(span, dict):
            continue
        try:
            start, end = int(span.get("start", -1)), int(span.get("end", -1))
        except (TypeError, ValueError):
            continue
        if 0 <= start < end <= len(text):
            ranges.append((start, end, str(span.get("category") or span.get("kind") or "evidence")))
    ranges.sort()
    out: list[str] = []
    pos = 0
    for start, end, label in ranges:
        start = max(start, pos)
        if start >= end:
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f'<mark class="evidence" title="{escape(label)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def load_case_page(s: Session, principal: Principal, case_id: int) -> CasePage:
    """Raises the cases service's ``NotFound``/``Forbidden`` when the case is missing or not the caller's to see."""
    view = service.case_view(s, principal, case_id)
    case = view.case
    scores = sorted(((str(k), float(v)) for k, v in (case.scores or {}).items()
                     if isinstance(v, int | float) and not isinstance(v, bool)), key=lambda kv: -kv[1])
    evidence_html = highlight(case.evidence_text, case.detector_evidence or []) if case.evidence_text else None
    return CasePage(view, {st.action_id: st for st in view.statements}, scores, evidence_html)
