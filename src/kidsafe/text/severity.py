"""One severity for a message, from its flags, their scores and each category's base severity.

* no flag → ``none``;
* a flagged category counts at its ``taxonomy.CATEGORIES[c].base_severity``, one step lower when the score
  is only just over the threshold (in the lower half between threshold and 1), never below ``low``;
* the message takes the highest of these, one step higher when three or more categories are flagged
  (e.g. a threat that is also hateful and sexual), capped at ``critical``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kidsafe.taxonomy import CATEGORIES, Category, Severity

_ORDER = [Severity.NONE, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


def _step(sev: Severity, by: int) -> Severity:
    i = min(max(_ORDER.index(sev) + by, 1), len(_ORDER) - 1)
    return _ORDER[i]


def severity(flags: Iterable[str], scores: Mapping[str, float], thresholds: Mapping[str, float]) -> Severity:
    flags = list(flags)
    if not flags:
        return Severity.NONE
    worst = Severity.NONE
    for c in flags:
        base = CATEGORIES[Category(c)].base_severity
        thr = thresholds.get(c, 0.5)
        borderline = scores.get(c, 0.0) < thr + (1.0 - thr) / 2
        sev = _step(base, -1) if borderline and base != Severity.CRITICAL else base
        if _ORDER.index(sev) > _ORDER.index(worst):
            worst = sev
    if len(flags) >= 3:
        worst = _step(worst, 1)
    return worst
