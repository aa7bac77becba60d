"""The risk categories every kidsafe module shares.

Each category has a definition, a risk type (the 3C/4C classification of online risks to children:
content, conduct, contact) and its mapping to the EU DSA Transparency Database statement-of-reasons
vocabulary (``category`` is one of its ``STATEMENT_CATEGORY_*`` values, ``keyword`` one of its
``KEYWORD_*`` values).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RiskType(StrEnum):
    CONTENT = "content"
    CONDUCT = "conduct"
    CONTACT = "contact"


class Category(StrEnum):
    SEXUAL = "sexual"
    SEXUAL_MINORS = "sexual_minors"
    VIOLENCE = "violence"
    SELF_HARM = "self_harm"
    HATE = "hate"
    HARASSMENT = "harassment"
    PROFANITY = "profanity"
    GROOMING = "grooming"
    SEXTORTION = "sextortion"
    PERSONAL_INFO = "personal_info"


class Severity(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = [Severity.NONE, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


class AgeBand(StrEnum):
    """Age bands as used by Google Play Age Signals and Apple's Declared Age Range."""

    UNDER_13 = "under_13"
    AGE_13_15 = "13_15"
    AGE_16_17 = "16_17"
    ADULT = "adult"
    UNKNOWN = "unknown"

    @property
    def is_minor(self) -> bool:
        return self in (AgeBand.UNDER_13, AgeBand.AGE_13_15, AgeBand.AGE_16_17)


@dataclass(frozen=True)
class CategoryInfo:
    category: Category
    risk_type: RiskType
    definition: str
    dsa_category: str
    dsa_keyword: str
    # Severity of a confident hit, before context (age, relationship) is taken into account.
    base_severity: Severity


CATEGORIES: dict[Category, CategoryInfo] = {
    c.category: c
    for c in [
        CategoryInfo(
            Category.SEXUAL, RiskType.CONTENT, "sexually explicit or suggestive content",
            "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT", "KEYWORD_ADULT_SEXUAL_MATERIAL",
            Severity.MEDIUM,
        ),
        CategoryInfo(
            Category.SEXUAL_MINORS, RiskType.CONTENT,
            "sexualisation of minors, requests for or references to sexual images of children",
            "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",
            Severity.CRITICAL,
        ),
        CategoryInfo(
            Category.VIOLENCE, RiskType.CONTENT, "violent threats, glorification, graphic violence",
            "STATEMENT_CATEGORY_VIOLENCE", "KEYWORD_INCITEMENT_VIOLENCE_HATRED", Severity.HIGH,
        ),
        CategoryInfo(
            Category.SELF_HARM, RiskType.CONTENT,
            "suicide, self-injury, eating-disorder promotion or ideation",
            "STATEMENT_CATEGORY_SELF_HARM", "KEYWORD_SELF_MUTILATION", Severity.HIGH,
        ),
        CategoryInfo(
            Category.HATE, RiskType.CONDUCT, "attacks on people for a protected characteristic",
            "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", "KEYWORD_HATE_SPEECH", Severity.HIGH,
        ),
        CategoryInfo(
            Category.HARASSMENT, RiskType.CONDUCT,
            "insults, bullying, humiliation, threats aimed at a person (incl. gender-based)",
            "STATEMENT_CATEGORY_CYBER_VIOLENCE", "KEYWORD_CYBER_BULLYING_INTIMIDATION", Severity.MEDIUM,
        ),
        CategoryInfo(
            Category.PROFANITY, RiskType.CONTENT, "bad language not aimed at anyone (matters for age ratings)",
            "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE", "KEYWORD_AGE_SPECIFIC_RESTRICTIONS", Severity.LOW,
        ),
        CategoryInfo(
            Category.GROOMING, RiskType.CONTACT,
            "an adult building trust/secrecy/sexual escalation with a minor, asking to meet or to move off-platform",
            "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",
            Severity.CRITICAL,
        ),
        CategoryInfo(
            Category.SEXTORTION, RiskType.CONTACT,
            "threats to share intimate images, demands for money, gift cards or more images",
            "STATEMENT_CATEGORY_CYBER_VIOLENCE", "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING", Severity.CRITICAL,
        ),
        CategoryInfo(
            Category.PERSONAL_INFO, RiskType.CONTACT,
            "sharing or asking for phone, address, school, location, social handles, age, photos",
            "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", "KEYWORD_OTHER",
            Severity.MEDIUM,
        ),
    ]
}

CATEGORY_NAMES: tuple[str, ...] = tuple(c.value for c in Category)


def info(category: str | Category) -> CategoryInfo:
    """Look a category up by name; raises ``ValueError`` naming the valid categories."""
    try:
        return CATEGORIES[Category(category)]
    except ValueError:
        raise ValueError(f"unknown category {category!r}; expected one of {', '.join(CATEGORY_NAMES)}") from None
