"""Statements of reasons in the EU DSA Transparency Database format (API v2 field names and enums).

``build_statement`` turns an action into the JSON body the Transparency Database accepts
(``POST https://transparency.dsa.ec.europa.eu/api/v1/statement``); ``validate_statement`` checks it against
the database's required and conditional field rules. A statement carries no personal data: no account or
content ids (the ``puid`` is a random identifier of the statement), no e-mail addresses, phone numbers or links
in its free-text fields; ``validate_statement`` rejects a statement that has any.

Enum sources: the Transparency Database API documentation and its ``dsa-tdb`` package (categories of API v1
and v2 are both accepted; keywords are those of v2).
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from typing import Any

from kidsafe.store.models.cases import Case, CaseAction
from kidsafe.taxonomy import info

DECISION_VISIBILITY = (
    "DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_VISIBILITY_CONTENT_DISABLED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED", "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "DECISION_VISIBILITY_CONTENT_LABELLED",
    "DECISION_VISIBILITY_OTHER",
)
DECISION_MONETARY = ("DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER")
DECISION_PROVISION = (
    "DECISION_PROVISION_PARTIAL_SUSPENSION", "DECISION_PROVISION_TOTAL_SUSPENSION",
    "DECISION_PROVISION_PARTIAL_TERMINATION", "DECISION_PROVISION_TOTAL_TERMINATION",
)
DECISION_ACCOUNT = ("DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED")
ACCOUNT_TYPE = ("ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE")
DECISION_GROUND = ("DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT")
CONTENT_TYPE = (
    "CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT",
    "CONTENT_TYPE_SYNTHETIC_MEDIA", "CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_OTHER",
)
SOURCE_TYPE = ("SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY")
YES_NO = ("Yes", "No")
AUTOMATED_DECISION = ("AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED")
STATEMENT_CATEGORY = (
    "STATEMENT_CATEGORY_ANIMAL_WELFARE", "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
    "STATEMENT_CATEGORY_CYBER_VIOLENCE", "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
    "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
    "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR", "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
    "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
    "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "STATEMENT_CATEGORY_SELF_HARM",
    "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE", "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
    "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS", "STATEMENT_CATEGORY_VIOLENCE",
)
KEYWORDS = frozenset({
    "KEYWORD_ANIMAL_HARM", "KEYWORD_UNLAWFUL_SALE_ANIMALS", "KEYWORD_HIDDEN_ADVERTISEMENT",
    "KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS", "KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS",
    "KEYWORD_MISLEADING_INFO_GOODS_SERVICES", "KEYWORD_NONCOMPLIANCE_PRICING", "KEYWORD_CYBER_BULLYING_INTIMIDATION",
    "KEYWORD_CYBER_HARASSMENT", "KEYWORD_CYBER_INCITEMENT", "KEYWORD_CYBER_STALKING",
    "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING", "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE",
    "KEYWORD_BULLYING_AGAINST_GIRLS", "KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN", "KEYWORD_CYBER_STALKING_AGAINST_WOMEN",
    "KEYWORD_FEMALE_GENDERED_DISINFORMATION", "KEYWORD_INCITEMENT_AGAINST_WOMEN",
    "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN", "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN",
    "KEYWORD_BIOMETRIC_DATA_BREACH", "KEYWORD_MISSING_PROCESSING_GROUND", "KEYWORD_RIGHT_TO_BE_FORGOTTEN",
    "KEYWORD_DATA_FALSIFICATION", "KEYWORD_DEFAMATION", "KEYWORD_DISCRIMINATION", "KEYWORD_HATE_SPEECH",
    "KEYWORD_COPYRIGHT_INFRINGEMENT", "KEYWORD_DESIGN_INFRINGEMENT", "KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT",
    "KEYWORD_PATENT_INFRINGEMENT", "KEYWORD_TRADE_SECRET_INFRINGEMENT", "KEYWORD_TRADEMARK_INFRINGEMENT",
    "KEYWORD_MISINFORMATION_DISINFORMATION", "KEYWORD_VIOLATION_EU_LAW", "KEYWORD_VIOLATION_NATIONAL_LAW",
    "KEYWORD_ONLINE_BULLYING_INTIMIDATION", "KEYWORD_STALKING", "KEYWORD_ADULT_SEXUAL_MATERIAL",
    "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS", "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",
    "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE", "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",
    "KEYWORD_UNSAFE_CHALLENGES", "KEYWORD_ILLEGAL_ORGANIZATIONS", "KEYWORD_RISK_ENVIRONMENTAL_DAMAGE",
    "KEYWORD_RISK_PUBLIC_HEALTH", "KEYWORD_TERRORIST_CONTENT", "KEYWORD_INAUTHENTIC_ACCOUNTS",
    "KEYWORD_INAUTHENTIC_LISTINGS", "KEYWORD_INAUTHENTIC_USER_REVIEWS", "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING",
    "KEYWORD_PHISHING", "KEYWORD_PYRAMID_SCHEMES", "KEYWORD_CONTENT_PROMOTING_EATING_DISORDERS",
    "KEYWORD_SELF_MUTILATION", "KEYWORD_SUICIDE", "KEYWORD_AGE_SPECIFIC_RESTRICTIONS",
    "KEYWORD_GEOGRAPHICAL_REQUIREMENTS", "KEYWORD_GOODS_SERVICES_NOT_PERMITTED", "KEYWORD_LANGUAGE_REQUIREMENTS",
    "KEYWORD_NUDITY", "KEYWORD_PROHIBITED_PRODUCTS", "KEYWORD_UNSAFE_PRODUCTS", "KEYWORD_COORDINATED_HARM",
    "KEYWORD_HUMAN_EXPLOITATION", "KEYWORD_HUMAN_TRAFFICKING", "KEYWORD_INCITEMENT_VIOLENCE_HATRED",
    "KEYWORD_TRAFFICKING_WOMEN_GIRLS", "KEYWORD_OTHER",
})
EEA_COUNTRIES = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS",
                 "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK")

FIELDS = frozenset({
    "decision_visibility", "decision_visibility_other", "end_date_visibility_restriction",
    "decision_monetary", "decision_monetary_other", "end_date_monetary_restriction",
    "decision_provision", "end_date_service_restriction", "decision_account", "end_date_account_restriction",
    "account_type", "decision_ground", "decision_ground_reference_url", "illegal_content_legal_ground",
    "illegal_content_explanation", "incompatible_content_ground", "incompatible_content_explanation",
    "incompatible_content_illegal", "category", "category_addition", "category_specification",
    "category_specification_other", "content_type", "content_type_other", "content_language", "content_date",
    "territorial_scope", "application_date", "decision_facts", "source_type", "source_identity",
    "automated_detection", "automated_decision", "puid",
})
FREE_TEXT_FIELDS = ("decision_visibility_other", "decision_monetary_other", "illegal_content_legal_ground",
                    "illegal_content_explanation", "incompatible_content_ground", "incompatible_content_explanation",
                    "category_specification_other", "content_type_other", "decision_facts")
LIMITS = {"decision_visibility_other": 500, "decision_monetary_other": 500, "illegal_content_legal_ground": 500,
          "illegal_content_explanation": 2000, "incompatible_content_ground": 500,
          "incompatible_content_explanation": 2000, "category_specification_other": 500,
          "content_type_other": 500, "decision_facts": 5000, "puid": 500}

# how each action restricts content (DSA decision_visibility) and the account (decision_account)
CONTENT_EFFECT = {
    "remove": "DECISION_VISIBILITY_CONTENT_REMOVED",
    "age_restrict": "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
    "label": "DECISION_VISIBILITY_CONTENT_LABELLED",
    "warn": "DECISION_VISIBILITY_OTHER",
    "suspend": "DECISION_VISIBILITY_CONTENT_REMOVED",
    "ban": "DECISION_VISIBILITY_CONTENT_REMOVED",
    "escalate_to_authorities": "DECISION_VISIBILITY_CONTENT_DISABLED",
}
ACCOUNT_EFFECT = {"suspend": "DECISION_ACCOUNT_SUSPENDED", "ban": "DECISION_ACCOUNT_TERMINATED"}
CONTENT_TYPE_MAP = {"text": "CONTENT_TYPE_TEXT", "image": "CONTENT_TYPE_IMAGE", "video": "CONTENT_TYPE_VIDEO",
                    "audio": "CONTENT_TYPE_AUDIO", "other": "CONTENT_TYPE_OTHER"}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?:\+|\b)\d(?:[\s().-]?\d){7,}")
_URL = re.compile(r"https?://|www\.", re.I)
_PUID = re.compile(r"^[A-Za-z0-9._-]{1,500}$")


class StatementError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def new_puid() -> str:
    return "ks-sor-" + secrets.token_hex(12)


def _day(value: datetime | date) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def terms_ground(category: str) -> str:
    """The contractual ground (the platform's terms) for a category."""
    return f"Community guidelines: no {info(category).definition}"


def build_statement(case: Case, action: CaseAction, *, puid: str | None = None,
                    territorial_scope: tuple[str, ...] = EEA_COUNTRIES) -> dict[str, Any]:
    """The statement of reasons for ``action`` (not for ``no_violation``, which restricts nothing)."""
    if action.action == "no_violation":
        raise ValueError("no_violation restricts nothing: no statement of reasons")
    cat = info(action.category)
    sor: dict[str, Any] = {}
    visibility = CONTENT_EFFECT.get(action.action) if action.on_content else None
    account = ACCOUNT_EFFECT.get(action.action) if action.on_account else None
    if visibility is None and account is None:
        visibility = "DECISION_VISIBILITY_OTHER"
    if visibility:
        sor["decision_visibility"] = [visibility]
        if visibility == "DECISION_VISIBILITY_OTHER":
            sor["decision_visibility_other"] = (
                "Formal warning; the content stays visible and a strike is recorded on the account"
                if action.action == "warn" else "Strike recorded on the account")
    if account:
        sor["decision_account"] = account
        if action.action == "suspend" and action.end_date is not None:
            sor["end_date_account_restriction"] = _day(action.end_date)
    sor["decision_ground"] = action.decision_ground
    if action.decision_ground == "DECISION_GROUND_ILLEGAL_CONTENT":
        sor["illegal_content_legal_ground"] = action.legal_ground or ""
        sor["illegal_content_explanation"] = action.decision_facts
    else:
        sor["incompatible_content_ground"] = terms_ground(action.category)
        sor["incompatible_content_explanation"] = action.decision_facts
        sor["incompatible_content_illegal"] = "No"
    sor["category"] = cat.dsa_category
    sor["category_specification"] = [cat.dsa_keyword]
    if cat.dsa_keyword == "KEYWORD_OTHER":
        sor["category_specification_other"] = cat.definition[:500]
    if case.subject_type == "account" and not case.evidence_text and not case.content_url:
        sor["content_type"] = ["CONTENT_TYPE_OTHER"]
        sor["content_type_other"] = "Account profile and activity"
    else:
        sor["content_type"] = [CONTENT_TYPE_MAP.get(case.content_type, "CONTENT_TYPE_OTHER")]
        if sor["content_type"] == ["CONTENT_TYPE_OTHER"]:
            sor["content_type_other"] = "Other user-generated content"
    sor["content_date"] = _day(case.content_date or case.opened_at)
    sor["application_date"] = _day(action.created_at)
    sor["territorial_scope"] = list(territorial_scope)
    sor["decision_facts"] = action.decision_facts
    sor["source_type"] = "SOURCE_ARTICLE_16" if case.report_count > 0 else "SOURCE_VOLUNTARY"
    sor["automated_detection"] = "Yes" if case.automated else "No"
    sor["automated_decision"] = "AUTOMATED_DECISION_FULLY" if action.automated else "AUTOMATED_DECISION_NOT_AUTOMATED"
    sor["puid"] = puid or new_puid()
    return sor


def _parse_day(sor: dict[str, Any], name: str) -> date | None:
    value = sor.get(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _raise()
    except ValueError:
        raise StatementError(name, "must be a date YYYY-MM-DD") from None


def _raise() -> date:
    raise ValueError


def _enum(sor: dict[str, Any], name: str, allowed: tuple[str, ...] | frozenset[str], required: bool) -> None:
    value = sor.get(name)
    if value is None:
        if required:
            raise StatementError(name, "is required")
        return
    if value not in allowed:
        raise StatementError(name, f"{value!r} is not an allowed value")


def _enum_list(sor: dict[str, Any], name: str, allowed: tuple[str, ...] | frozenset[str], required: bool) -> list[str]:
    value = sor.get(name)
    if value is None:
        if required:
            raise StatementError(name, "is required")
        return []
    if not isinstance(value, list) or not value or len(set(value)) != len(value):
        raise StatementError(name, "must be a non-empty list of distinct values")
    for v in value:
        if v not in allowed:
            raise StatementError(name, f"{v!r} is not an allowed value")
    return value


def _conditional_text(sor: dict[str, Any], name: str, needed: bool, because: str) -> None:
    value = sor.get(name)
    if needed and (not isinstance(value, str) or not value.strip()):
        raise StatementError(name, f"is required when {because}")
    if not needed and value is not None:
        raise StatementError(name, f"must be absent unless {because}")


def validate_statement(sor: dict[str, Any], forbidden_values: tuple[str, ...] = ()) -> None:
    """Raise ``StatementError`` naming the first field that breaks the Transparency Database's rules.

    ``forbidden_values`` are personal identifiers (account or content ids) that must not appear anywhere.
    """
    unknown = set(sor) - FIELDS
    if unknown:
        raise StatementError(sorted(unknown)[0], "is not a statement of reasons field")
    visibility = _enum_list(sor, "decision_visibility", DECISION_VISIBILITY, False)
    _enum(sor, "decision_monetary", DECISION_MONETARY, False)
    _enum(sor, "decision_provision", DECISION_PROVISION, False)
    _enum(sor, "decision_account", DECISION_ACCOUNT, False)
    if not (visibility or sor.get("decision_monetary") or sor.get("decision_provision") or sor.get("decision_account")):
        raise StatementError("decision_visibility", "at least one of decision_visibility, decision_monetary, "
                             "decision_provision or decision_account is required")
    _conditional_text(sor, "decision_visibility_other", "DECISION_VISIBILITY_OTHER" in visibility,
                      "decision_visibility contains DECISION_VISIBILITY_OTHER")
    _conditional_text(sor, "decision_monetary_other", sor.get("decision_monetary") == "DECISION_MONETARY_OTHER",
                      "decision_monetary is DECISION_MONETARY_OTHER")
    _enum(sor, "account_type", ACCOUNT_TYPE, False)
    _enum(sor, "decision_ground", DECISION_GROUND, True)
    illegal = sor["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    for name in ("illegal_content_legal_ground", "illegal_content_explanation"):
        _conditional_text(sor, name, illegal, "decision_ground is DECISION_GROUND_ILLEGAL_CONTENT")
    for name in ("incompatible_content_ground", "incompatible_content_explanation"):
        _conditional_text(sor, name, not illegal, "decision_ground is DECISION_GROUND_INCOMPATIBLE_CONTENT")
    if illegal and sor.get("incompatible_content_illegal") is not None:
        raise StatementError("incompatible_content_illegal",
                             "must be absent unless decision_ground is DECISION_GROUND_INCOMPATIBLE_CONTENT")
    _enum(sor, "incompatible_content_illegal", YES_NO, False)
    _enum(sor, "category", STATEMENT_CATEGORY, True)
    _enum_list(sor, "category_addition", STATEMENT_CATEGORY, False)
    keywords = _enum_list(sor, "category_specification", KEYWORDS, False)
    _conditional_text(sor, "category_specification_other", "KEYWORD_OTHER" in keywords,
                      "category_specification contains KEYWORD_OTHER")
    ctypes = _enum_list(sor, "content_type", CONTENT_TYPE, True)
    _conditional_text(sor, "content_type_other", "CONTENT_TYPE_OTHER" in ctypes,
                      "content_type contains CONTENT_TYPE_OTHER")
    _enum_list(sor, "territorial_scope", EEA_COUNTRIES, False)
    content_date = _parse_day(sor, "content_date")
    application_date = _parse_day(sor, "application_date")
    if content_date is None:
        raise StatementError("content_date", "is required")
    if application_date is None:
        raise StatementError("application_date", "is required")
    if content_date < date(2000, 1, 1):
        raise StatementError("content_date", "must be on or after 2000-01-01")
    if application_date < content_date:
        raise StatementError("application_date", "must be on or after content_date")
    for name in ("end_date_visibility_restriction", "end_date_monetary_restriction", "end_date_service_restriction",
                 "end_date_account_restriction"):
        end = _parse_day(sor, name)
        if end is not None and end < application_date:
            raise StatementError(name, "must be on or after application_date")
    _enum(sor, "source_type", SOURCE_TYPE, True)
    if sor["source_type"] == "SOURCE_VOLUNTARY" and sor.get("source_identity"):
        raise StatementError("source_identity", "must be absent when source_type is SOURCE_VOLUNTARY")
    _enum(sor, "automated_detection", YES_NO, True)
    _enum(sor, "automated_decision", AUTOMATED_DECISION, True)
    puid = sor.get("puid")
    if not isinstance(puid, str) or not _PUID.match(puid):
        raise StatementError("puid", "is required: 1..500 letters, digits, '.', '_' or '-'")
    if not isinstance(sor.get("decision_facts"), str) or not sor["decision_facts"].strip():
        raise StatementError("decision_facts", "is required")
    for name, limit in LIMITS.items():
        value = sor.get(name)
        if isinstance(value, str) and len(value) > limit:
            raise StatementError(name, f"must be at most {limit} characters")
    _check_no_personal_data(sor, forbidden_values)


def _scan(name: str, value: str) -> None:
    if _EMAIL.search(value):
        raise StatementError(name, "must not contain an e-mail address (no personal data)")
    if _PHONE.search(value):
        raise StatementError(name, "must not contain a phone number (no personal data)")
    if _URL.search(value):
        raise StatementError(name, "must not contain a link (no personal data)")


def _check_no_personal_data(sor: dict[str, Any], forbidden_values: tuple[str, ...]) -> None:
    for name in FREE_TEXT_FIELDS:
        value = sor.get(name)
        if isinstance(value, str):
            _scan(name, value)
    for name, value in sor.items():
        text = value if isinstance(value, str) else " ".join(map(str, value)) if isinstance(value, list) else ""
        for v in forbidden_values:
            if v and len(v) >= 3 and v in text:
                raise StatementError(name, "must not name the account or the content (no personal data)")


def check_free_text(name: str, value: str, forbidden_values: tuple[str, ...] = ()) -> None:
    """Check a moderator's free text before it goes into a statement (raises ``StatementError``)."""
    _scan(name, value)
    for v in forbidden_values:
        if v and len(v) >= 3 and v in value:
            raise StatementError(name, "must not name the account or the content (no personal data)")
