"""What a policy file may say: pydantic models of its sections, rules and their conditions.

A policy is a list of rules. Each rule has conditions (``when``) over the detection scores and flags, the
conversation's risk level, the age bands of actor and target, the context, the relationship and the
content rating; when every condition it names holds, it proposes an ``action`` and who is told
(``notify``). See ``engine.py`` for how proposals are combined (most severe wins).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kidsafe.taxonomy import AgeBand, Category


class Action(StrEnum):
    """What the platform should do, from least to most severe (``rank``)."""

    ALLOW = "allow"
    LABEL = "label"
    NUDGE = "nudge"  # show the child a warning before sending or viewing
    BLUR = "blur"
    HOLD_FOR_REVIEW = "hold_for_review"
    BLOCK = "block"
    BLOCK_AND_ESCALATE = "block_and_escalate"

    @property
    def rank(self) -> int:
        return _ACTION_ORDER[self]


_ACTION_ORDER = {a: i for i, a in enumerate(Action)}


class Context(StrEnum):
    PUBLIC_POST = "public_post"
    COMMENT = "comment"
    DIRECT_MESSAGE = "direct_message"
    GROUP_CHAT = "group_chat"
    LIVE = "live"


class Relationship(StrEnum):
    APPROVED_CONTACT = "approved_contact"
    STRANGER = "stranger"


class Notify(StrEnum):
    USER = "user"
    GUARDIAN = "guardian"
    MODERATORS = "moderators"


class NudgeTo(StrEnum):
    ACTOR = "actor"  # the one sending or posting ("before sending")
    TARGET = "target"  # the one receiving or viewing ("before viewing")


# Minimum age of each content rating (PEGI and ESRB); names are matched without case, spaces or punctuation.
RATING_MIN_AGE: dict[str, int] = {
    "pegi3": 3, "pegi7": 7, "pegi12": 12, "pegi16": 16, "pegi18": 18,
    "esrbe": 0, "esrbe10": 10, "esrbt": 13, "esrbm": 17, "esrbao": 18,
}
# The oldest age in each band, to compare with a rating's minimum age (unknown: treated as the youngest).
BAND_MAX_AGE: dict[AgeBand, int] = {
    AgeBand.UNDER_13: 12, AgeBand.AGE_13_15: 15, AgeBand.AGE_16_17: 17, AgeBand.ADULT: 200, AgeBand.UNKNOWN: 12,
}


def rating_min_age(rating: str) -> int:
    """``"PEGI 16"``, ``"pegi_16"``, ``"ESRB E10+"`` → 16, 16, 10; raises ``ValueError`` for unknown ratings."""
    key = re.sub(r"[^a-z0-9]", "", rating.lower())
    if key not in RATING_MIN_AGE:
        raise ValueError(f"unknown content rating {rating!r}; expected PEGI 3/7/12/16/18 or ESRB E/E10+/T/M/AO")
    return RATING_MIN_AGE[key]


# Shorthands a rule may use in an age list. Whether ``unknown`` belongs to ``minor``/``under_16`` is the
# policy's choice (``settings.unknown_is_minor``).
AGE_ALIASES = ("any", "minor", "under_16")
AgeName = Annotated[str, Field(pattern=r"^(under_13|13_15|16_17|adult|unknown|any|minor|under_16)$")]
Score = Annotated[float, Field(ge=0.0, le=1.0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class When(Strict):
    """Conditions of a rule. Every condition given must hold (AND); inside one list, any value matches (OR).

    A rule without content conditions (``scores``, ``flags``, ``conversation_level_at_least``) matches
    whatever the content: that is how contact rules ("no DMs from adult strangers") are written.
    """

    scores: dict[Category, Score] | None = Field(
        default=None, description="category → threshold; holds when ANY listed score is at or above its threshold")
    flags: list[Category] | None = Field(default=None, description="holds when the analysis flagged ANY of these")
    conversation_level_at_least: int | None = Field(default=None, ge=1, le=3,
                                                    description="conversation alert level 1..3 from /v1/conversations")
    actor_age: list[AgeName] | None = None
    target_age: list[AgeName] | None = None
    context: list[Context] | None = None
    relationship: list[Relationship] | None = None
    content_rating_at_least: int | None = Field(default=None, ge=0, le=18,
                                                description="the content's rating asks for at least this age")
    content_rating_above_target_age: bool | None = Field(
        default=None, description="the content's rating asks for an age above the oldest age of the target's band")

    @field_validator("scores")
    @classmethod
    def _scores_not_empty(cls, v: dict[Category, float] | None) -> dict[Category, float] | None:
        if v is not None and not v:
            raise ValueError("give at least one category, or leave 'scores' out")
        return v

    @field_validator("flags", "actor_age", "target_age", "context", "relationship")
    @classmethod
    def _list_not_empty(cls, v: list[object] | None) -> list[object] | None:
        if v is not None and not v:
            raise ValueError("an empty list never matches; leave the condition out to match anything")
        return v


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.:-]{0,99}$", description="stable id, reported in decisions")
    description: str = Field(default="", max_length=1000)
    when: When = Field(default_factory=When)
    action: Action
    notify: list[Notify] = Field(default_factory=list)
    nudge_to: NudgeTo = NudgeTo.ACTOR
    nudge: str | None = Field(default=None, pattern=r"^[a-z0-9_]{1,50}$",
                              description="nudge topic (see help_resources.yaml); default: the top matched category")

    @field_validator("notify")
    @classmethod
    def _unique_notify(cls, v: list[Notify]) -> list[Notify]:
        if len(set(v)) != len(v):
            raise ValueError("a recipient is listed twice")
        return v


class AccountDefaults(Strict):
    """Settings a new account in one age band starts with (ICO AADC standard 7: high privacy by default)."""

    profile: str = Field(default="private", pattern=r"^(private|public)$")
    direct_messages: str = Field(default="approved_contacts", pattern=r"^(nobody|approved_contacts|anyone)$")
    discoverable: bool = False
    location_sharing: bool = False
    new_contacts_need_guardian: bool = False


class PolicySettings(Strict):
    default_action: Action = Action.ALLOW
    unknown_is_minor: bool = Field(default=True, description="'minor' and 'under_16' in age lists include 'unknown'")


class PolicyHeader(Strict):
    platform: str = Field(default="default", pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")
    version: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$")
    description: str = Field(default="", max_length=2000)


class Policy(Strict):
    """A whole policy file."""

    policy: PolicyHeader
    settings: PolicySettings = Field(default_factory=PolicySettings)
    account_defaults: dict[AgeBand, AccountDefaults] = Field(default_factory=dict)
    rules: list[Rule]

    @model_validator(mode="after")
    def _unique_rule_ids(self) -> Policy:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} is used twice; ids must be unique")
            seen.add(rule.id)
        return self
