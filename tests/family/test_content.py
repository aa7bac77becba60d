"""Ratings (PEGI, ESRB), categories and OARS descriptors on one age scale."""

from __future__ import annotations

import pytest

from kidsafe.family import content
from kidsafe.family.errors import FamilyError
from kidsafe.store.models.family import FamilyChild


def _child(band: str = "under_13", rating: str | None = None, blocked: list[str] | None = None) -> FamilyChild:
    return FamilyChild(child_id="c", age_band=band, max_rating=rating, blocked_categories=blocked or [],
                       supervised=True)


@pytest.mark.parametrize(("raw", "norm", "age"), [
    ("pegi_12", "PEGI 12", 12), ("PEGI 3", "PEGI 3", 3), ("esrb e10+", "ESRB E10+", 10), ("ESRB-T", "ESRB T", 13),
    ("esrb ao", "ESRB AO", 18), ("ESRB M", "ESRB M", 17)])
def test_ratings_normalise(raw: str, norm: str, age: int) -> None:
    assert content.normalise_rating(raw) == norm and content.rating_age(raw) == age


def test_unknown_rating_names_the_field() -> None:
    with pytest.raises(FamilyError) as e:
        content.normalise_rating("PG-13")
    assert e.value.field == "max_rating" and e.value.status == 422


def test_defaults_follow_the_age_band() -> None:
    assert content.effective_rating(_child("under_13")) == "PEGI 7"
    assert content.effective_rating(_child("13_15")) == "PEGI 12"
    assert content.effective_rating(_child("16_17")) == "PEGI 16"


def test_rating_categories_and_descriptors() -> None:
    kid = _child("under_13", "PEGI 12", ["violence"])
    assert content.check_content(kid, rating="PEGI 7").allowed
    v = content.check_content(kid, rating="PEGI 16", categories=["violence", "profanity", "sexual"],
                              descriptors={"violence-cartoon": "intense", "sex-nudity": "intense"})
    assert not v.allowed
    why = {(r["field"], r["value"]): r["why"] for r in v.reasons}
    assert ("rating", "PEGI 16") in why
    assert why[("categories", "violence")] == "blocked by a guardian"
    assert ("categories", "profanity") not in why  # PEGI 12 allows bad language
    assert ("categories", "sexual") in why and ("descriptors", "sex-nudity=intense") in why
    assert ("descriptors", "violence-cartoon=intense") not in why
    # grooming and sexual_minors never suit a supervised child, whatever the rating.
    assert not content.check_content(_child("16_17", "PEGI 18"), categories=["grooming"]).allowed


def test_oars_profile_grows_with_the_rating() -> None:
    p3, p18 = content.oars_profile("PEGI 3"), content.oars_profile("PEGI 18")
    assert p3["violence-cartoon"] == "mild" and p3["sex-nudity"] == "none"
    assert all(v == "intense" for v in p18.values())
    levels = content.OARS_LEVELS
    for d in content.OARS_AGE:
        assert levels.index(content.oars_profile("PEGI 12")[d]) <= levels.index(content.oars_profile("PEGI 16")[d])


def test_bad_inputs_name_the_field() -> None:
    with pytest.raises(FamilyError) as e:
        content.check_content(_child(), categories=["kittens"])
    assert e.value.field == "categories[0]"
    with pytest.raises(FamilyError) as e:
        content.check_content(_child(), descriptors={"violence-cartoon": "extreme"})
    assert e.value.field == "descriptors.violence-cartoon"
