"""Content settings: a maximum age rating (PEGI or ESRB) and blocked categories.

Ratings, our risk categories and OARS-style descriptors (Open Age Ratings Service, as used by app stores
on Linux) meet on one scale: the youngest age each is suitable for.

- A rating's age: PEGI 3/7/12/16/18, ESRB E=0, E10+=10, T=13, M=17, AO=18.
- A descriptor's age per intensity (mild/moderate/intense), after the OARS → age mapping of libappstream.
- A category's age: the youngest rating that may show it (``None``: never shown to a supervised child).

Content is allowed when its rating, every descriptor and every category fit under the child's maximum
rating and no category is blocked. A child without a maximum rating set by a guardian gets their age
band's default (``DEFAULT_RATING``: PEGI 7 under 13 and unknown, PEGI 12 at 13–15, PEGI 16 at 16–17).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from kidsafe.family.errors import FamilyError
from kidsafe.family.links import get_child
from kidsafe.store.db import utcnow
from kidsafe.store.models.family import FamilyChild
from kidsafe.taxonomy import CATEGORY_NAMES, AgeBand, Category

RATING_AGE: dict[str, int] = {
    "PEGI 3": 3, "PEGI 7": 7, "PEGI 12": 12, "PEGI 16": 16, "PEGI 18": 18,
    "ESRB E": 0, "ESRB E10+": 10, "ESRB T": 13, "ESRB M": 17, "ESRB AO": 18,
}
_RATING_KEYS = {re.sub(r"[^a-z0-9]", "", k.lower()): k for k in RATING_AGE}

DEFAULT_RATING: dict[AgeBand, str] = {
    AgeBand.UNDER_13: "PEGI 7", AgeBand.AGE_13_15: "PEGI 12", AgeBand.AGE_16_17: "PEGI 16",
    AgeBand.UNKNOWN: "PEGI 7", AgeBand.ADULT: "PEGI 18",
}

OARS_LEVELS = ("none", "mild", "moderate", "intense")
# Youngest age for each OARS descriptor at mild / moderate / intense.
OARS_AGE: dict[str, tuple[int, int, int]] = {
    "violence-cartoon": (3, 4, 6),
    "violence-fantasy": (3, 7, 8),
    "violence-realistic": (4, 9, 14),
    "violence-bloodshed": (9, 11, 18),
    "violence-sexual": (18, 18, 18),
    "violence-desecration": (13, 15, 18),
    "violence-slavery": (13, 15, 18),
    "violence-worship": (13, 15, 18),
    "drugs-alcohol": (11, 13, 16),
    "drugs-narcotics": (12, 14, 17),
    "drugs-tobacco": (10, 13, 16),
    "sex-nudity": (12, 14, 18),
    "sex-themes": (13, 14, 18),
    "sex-homosexuality": (10, 13, 18),
    "sex-prostitution": (12, 14, 18),
    "sex-adultery": (8, 10, 18),
    "sex-appearance": (10, 15, 18),
    "language-profanity": (8, 11, 14),
    "language-humor": (3, 8, 14),
    "language-discrimination": (9, 10, 11),
    "money-advertising": (7, 8, 10),
    "money-gambling": (7, 10, 18),
    "money-purchasing": (12, 12, 15),
    "social-chat": (4, 4, 13),
    "social-info": (0, 13, 15),
    "social-audio": (15, 15, 15),
    "social-location": (13, 13, 13),
    "social-contacts": (12, 12, 12),
}

# Youngest rating age that may show each category, and the OARS descriptor it corresponds to.
CATEGORY_AGE: dict[Category, int | None] = {
    Category.PROFANITY: 12,
    Category.VIOLENCE: 12,
    Category.HARASSMENT: 16,
    Category.SEXUAL: 18,
    Category.HATE: 18,
    Category.SELF_HARM: 18,
    Category.PERSONAL_INFO: 13,
    Category.SEXUAL_MINORS: None,
    Category.GROOMING: None,
    Category.SEXTORTION: None,
}
CATEGORY_OARS: dict[Category, str | None] = {
    Category.PROFANITY: "language-profanity",
    Category.VIOLENCE: "violence-realistic",
    Category.HARASSMENT: "language-discrimination",
    Category.SEXUAL: "sex-themes",
    Category.HATE: "language-discrimination",
    Category.SELF_HARM: None,
    Category.PERSONAL_INFO: "social-info",
    Category.SEXUAL_MINORS: "violence-sexual",
    Category.GROOMING: "social-contacts",
    Category.SEXTORTION: "violence-sexual",
}


def normalise_rating(rating: str, field_name: str = "max_rating") -> str:
    """``"pegi_12"``, ``"ESRB e10+"`` → ``"PEGI 12"``, ``"ESRB E10+"``; 422 for anything else."""
    key = re.sub(r"[^a-z0-9]", "", rating.lower())
    if key not in _RATING_KEYS:
        raise FamilyError(422, "invalid_request", f"unknown rating {rating!r}; expected one of "
                          f"{', '.join(RATING_AGE)}", field_name)
    return _RATING_KEYS[key]


def rating_age(rating: str) -> int:
    return RATING_AGE[normalise_rating(rating)]


def descriptor_age(descriptor: str, level: str, field_name: str = "descriptors") -> int:
    if descriptor not in OARS_AGE:
        raise FamilyError(422, "invalid_request", f"unknown OARS descriptor {descriptor!r}", field_name)
    if level not in OARS_LEVELS:
        raise FamilyError(422, "invalid_request", f"unknown OARS level {level!r}; expected "
                          f"{', '.join(OARS_LEVELS)}", f"{field_name}.{descriptor}")
    return 0 if level == "none" else OARS_AGE[descriptor][OARS_LEVELS.index(level) - 1]


def oars_profile(rating: str) -> dict[str, str]:
    """The most intense level of each OARS descriptor a rating allows (what guardians see in settings)."""
    age = rating_age(rating)
    out = {}
    for d, ages in OARS_AGE.items():
        level = "none"
        for lvl, a in zip(OARS_LEVELS[1:], ages, strict=True):
            if a <= age:
                level = lvl
        out[d] = level
    return out


def effective_rating(child: FamilyChild) -> str:
    return child.max_rating or DEFAULT_RATING[AgeBand(child.age_band)]


@dataclass
class ContentVerdict:
    allowed: bool
    max_rating: str
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"allowed": self.allowed, "max_rating": self.max_rating, "reasons": self.reasons}


def check_content(child: FamilyChild, rating: str | None = None, categories: list[str] | None = None,
                  descriptors: dict[str, str] | None = None) -> ContentVerdict:
    """Whether a piece of content (its rating, detected categories, OARS descriptors) suits this child."""
    max_rating = effective_rating(child)
    limit = rating_age(max_rating)
    reasons: list[dict[str, Any]] = []
    if not child.supervised:
        return ContentVerdict(True, max_rating, [])
    if rating is not None:
        r = normalise_rating(rating, "rating")
        if RATING_AGE[r] > limit:
            reasons.append({"field": "rating", "value": r, "why": f"rated {r}, above {max_rating}"})
    for i, cat in enumerate(categories or []):
        if cat not in CATEGORY_NAMES:
            raise FamilyError(422, "invalid_request", f"unknown category {cat!r}", f"categories[{i}]")
        c = Category(cat)
        if cat in (child.blocked_categories or []):
            reasons.append({"field": "categories", "value": cat, "why": "blocked by a guardian"})
            continue
        age = CATEGORY_AGE[c]
        if age is None or age > limit:
            reasons.append({"field": "categories", "value": cat, "why": f"not suitable under {max_rating}",
                            "descriptor": CATEGORY_OARS[c]})
    for d, level in (descriptors or {}).items():
        if descriptor_age(d, level) > limit:
            reasons.append({"field": "descriptors", "value": f"{d}={level}", "why": f"above {max_rating}"})
    return ContentVerdict(not reasons, max_rating, reasons)


def set_content(session: Session, child_id: str, max_rating: str | None, blocked: list[str]) -> FamilyChild:
    child = get_child(session, child_id)
    for i, cat in enumerate(blocked):
        if cat not in CATEGORY_NAMES:
            raise FamilyError(422, "invalid_request", f"unknown category {cat!r}; expected one of "
                              f"{', '.join(CATEGORY_NAMES)}", f"blocked_categories[{i}]")
    child.max_rating = normalise_rating(max_rating) if max_rating else None
    child.blocked_categories = sorted(set(blocked))
    child.updated_at = utcnow()
    return child


def content_settings(child: FamilyChild) -> dict[str, Any]:
    rating = effective_rating(child)
    return {"max_rating": rating, "max_rating_set_by_guardian": child.max_rating is not None,
            "max_age": rating_age(rating), "blocked_categories": list(child.blocked_categories or []),
            "oars": oars_profile(rating)}
