"""The statement of reasons validator follows the Transparency Database's required and conditional rules."""

import pytest

from kidsafe.cases.statements import KEYWORDS, STATEMENT_CATEGORY, StatementError, validate_statement
from kidsafe.taxonomy import CATEGORIES


def _good() -> dict:  # type: ignore[type-arg]
    return {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "incompatible_content_ground": "Community guidelines: bullying",
        "incompatible_content_explanation": "Insults aimed at a child.",
        "category": "STATEMENT_CATEGORY_CYBER_VIOLENCE",
        "category_specification": ["KEYWORD_CYBER_BULLYING_INTIMIDATION"],
        "content_type": ["CONTENT_TYPE_TEXT"],
        "content_date": "2026-01-02", "application_date": "2026-01-03",
        "decision_facts": "Insults aimed at a child.", "source_type": "SOURCE_ARTICLE_16",
        "automated_detection": "No", "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "puid": "ks-sor-abc",
    }


def test_good_statement_passes() -> None:
    validate_statement(_good())


def test_taxonomy_maps_into_the_database_vocabulary() -> None:
    for c in CATEGORIES.values():
        assert c.dsa_category in STATEMENT_CATEGORY and c.dsa_keyword in KEYWORDS


@pytest.mark.parametrize("change,field", [
    ({"decision_visibility": None}, "decision_visibility"),
    ({"decision_visibility": ["DECISION_VISIBILITY_OTHER"]}, "decision_visibility_other"),
    ({"decision_visibility": ["DECISION_VISIBILITY_VAPORISED"]}, "decision_visibility"),
    ({"decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT"}, "illegal_content_legal_ground"),
    ({"incompatible_content_ground": None}, "incompatible_content_ground"),
    ({"category": "STATEMENT_CATEGORY_SPAM"}, "category"),
    ({"category_specification": ["KEYWORD_OTHER"]}, "category_specification_other"),
    ({"content_type": ["CONTENT_TYPE_OTHER"]}, "content_type_other"),
    ({"content_type": []}, "content_type"),
    ({"content_date": "02/01/2026"}, "content_date"),
    ({"application_date": "2025-12-31"}, "application_date"),
    ({"decision_account": "DECISION_ACCOUNT_SUSPENDED", "end_date_account_restriction": "2025-01-01"},
     "end_date_account_restriction"),
    ({"automated_detection": "Maybe"}, "automated_detection"),
    ({"automated_decision": "No"}, "automated_decision"),
    ({"source_type": "SOURCE_AUTOMATED"}, "source_type"),
    ({"puid": "has spaces in it"}, "puid"),
    ({"decision_facts": ""}, "decision_facts"),
    ({"decision_facts": "write to a.b@example.org"}, "decision_facts"),
    ({"incompatible_content_explanation": "see https://example.org/u/1"}, "incompatible_content_explanation"),
    ({"reporter_name": "someone"}, "reporter_name"),
])
def test_rules_name_the_field(change, field) -> None:  # type: ignore[no-untyped-def]
    sor = _good()
    for k, v in change.items():
        if v is None:
            sor.pop(k)
        else:
            sor[k] = v
    with pytest.raises(StatementError) as e:
        validate_statement(sor)
    assert e.value.field == field


def test_identifiers_of_the_people_concerned_are_refused() -> None:
    sor = _good()
    sor["decision_facts"] = "account kid-123 was insulted"
    with pytest.raises(StatementError):
        validate_statement(sor, ("kid-123",))
