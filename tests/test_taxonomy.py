import pytest

from kidsafe.taxonomy import CATEGORIES, CATEGORY_NAMES, RiskType, info


def test_exact_categories() -> None:
    assert CATEGORY_NAMES == ("sexual", "sexual_minors", "violence", "self_harm", "hate", "harassment",
                              "profanity", "grooming", "sextortion", "personal_info")
    assert info("grooming").risk_type is RiskType.CONTACT
    assert info("hate").risk_type is RiskType.CONDUCT
    for c in CATEGORIES.values():
        assert c.dsa_category.startswith("STATEMENT_CATEGORY_") and c.dsa_keyword.startswith("KEYWORD_")
        assert c.definition


def test_unknown_category_names_the_choices() -> None:
    with pytest.raises(ValueError, match="expected one of"):
        info("spam")
