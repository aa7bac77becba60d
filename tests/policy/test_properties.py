"""Property tests: no policy evaluation crashes or returns an action outside the enum."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kidsafe.policy.engine import CompiledPolicy, make_event
from kidsafe.policy.model import Action, Context, Notify, NudgeTo, Policy, Relationship
from kidsafe.policy.registry import default_policy
from kidsafe.taxonomy import CATEGORY_NAMES, AgeBand

BANDS = [b.value for b in AgeBand]
AGE_NAMES = [*BANDS, "any", "minor", "under_16"]
RATINGS = ["PEGI 3", "PEGI 7", "PEGI 12", "PEGI 16", "PEGI 18", "ESRB E", "ESRB E10+", "ESRB T", "ESRB M",
           "ESRB AO", "not a rating"]
score = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def sub(values: list[str]) -> st.SearchStrategy[list[str] | None]:
    return st.none() | st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True)


when = st.fixed_dictionaries({}, optional={
    "scores": st.dictionaries(st.sampled_from(CATEGORY_NAMES), score, min_size=1, max_size=3),
    "flags": st.lists(st.sampled_from(CATEGORY_NAMES), min_size=1, max_size=3),
    "conversation_level_at_least": st.integers(1, 3),
    "actor_age": st.lists(st.sampled_from(AGE_NAMES), min_size=1, max_size=3),
    "target_age": st.lists(st.sampled_from(AGE_NAMES), min_size=1, max_size=3),
    "context": st.lists(st.sampled_from([c.value for c in Context]), min_size=1, max_size=3),
    "relationship": st.lists(st.sampled_from([r.value for r in Relationship]), min_size=1, max_size=2),
    "content_rating_at_least": st.integers(0, 18),
    "content_rating_above_target_age": st.booleans(),
})
rule = st.fixed_dictionaries({
    "when": when,
    "action": st.sampled_from([a.value for a in Action]),
    "notify": st.lists(st.sampled_from([n.value for n in Notify]), max_size=3, unique=True),
    "nudge_to": st.sampled_from(["actor", "target"]),
})


@st.composite
def policies(draw: st.DrawFn) -> CompiledPolicy:
    rules = draw(st.lists(rule, max_size=12))
    doc: dict[str, Any] = {
        "policy": {"version": "p1"},
        "settings": {"default_action": draw(st.sampled_from([a.value for a in Action])),
                     "unknown_is_minor": draw(st.booleans())},
        "rules": [{"id": f"r{i}", **r} for i, r in enumerate(rules)],
    }
    return CompiledPolicy(Policy.model_validate(doc))


@st.composite
def events(draw: st.DrawFn) -> Any:
    return make_event(
        draw(st.text(min_size=1, max_size=5)), draw(st.none() | st.text(max_size=5)),
        actor_band=draw(st.sampled_from(BANDS)), target_band=draw(st.sampled_from(BANDS)),
        context=draw(st.sampled_from([c.value for c in Context])),
        relationship=draw(st.none() | st.sampled_from([r.value for r in Relationship])),
        # scores from the wild: out of range, infinite, NaN, unknown keys
        scores=draw(st.dictionaries(st.sampled_from([*CATEGORY_NAMES, "other"]), st.floats(), max_size=6)),
        flags=draw(st.lists(st.sampled_from([*CATEGORY_NAMES, "other"]), max_size=4)),
        grooming=draw(st.none() | st.floats()), sextortion=draw(st.none() | st.floats()),
        conversation_level=draw(st.integers(0, 3)),
        content_rating=draw(st.none() | st.sampled_from(RATINGS)),
    )


@settings(max_examples=200, deadline=None)
@given(policies(), events())
def test_any_policy_any_event_gives_an_action_from_the_enum(policy: CompiledPolicy, ev: Any) -> None:
    d = policy.evaluate(ev)
    assert isinstance(d.action, Action) and d.action in list(Action)
    assert all(isinstance(n, Notify) for n in d.notify)
    assert d == policy.evaluate(ev)  # deterministic
    if d.nudge_topic is not None:  # a nudge is the action, or a sender's nudge kept beside a stricter one
        assert d.action is Action.NUDGE or d.nudge_to is NudgeTo.ACTOR
    if d.rule_id is None:
        assert d.action is policy.default_action and not d.matches and d.nudge_topic is None
    else:
        # most severe wins: no matching rule is more severe than the decision
        assert all(m.action.rank <= d.action.rank for m in d.matches)
    d.to_dict()


@settings(max_examples=200, deadline=None)
@given(events())
def test_default_policy_never_crashes(ev: Any) -> None:
    assert default_policy().evaluate(ev).action in list(Action)


@settings(max_examples=100, deadline=None)
@given(policies(), rule, events())
def test_adding_a_rule_never_weakens_a_decision(policy: CompiledPolicy, extra: dict[str, Any], ev: Any) -> None:
    before = policy.evaluate(ev)
    doc = policy.policy.model_dump(mode="json")
    doc["rules"].append({"id": "extra", **extra})
    after = CompiledPolicy(Policy.model_validate(doc)).evaluate(ev)
    if before.rule_id is not None:
        assert after.action.rank >= before.action.rank


# --- over HTTP: any JSON body gives a decision or a 4xx naming the field, never a server error ----------------

anything = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                        | st.text(max_size=8),
                        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=3), max_leaves=6)
party = st.fixed_dictionaries({"id": st.text(min_size=1, max_size=6)},
                              optional={"age_band": st.sampled_from([*BANDS, "teen"])})
body = st.fixed_dictionaries(
    {"actor": party, "context": st.sampled_from([c.value for c in Context] + ["carrier_pigeon"])},
    optional={
        "target": party,
        "relationship": st.sampled_from([r.value for r in Relationship] + ["cousin"]),
        "analysis": st.fixed_dictionaries({"scores": st.dictionaries(st.sampled_from([*CATEGORY_NAMES, "odd"]),
                                                                      st.floats(-1, 2), max_size=4)},
                                          optional={"flags": st.lists(st.sampled_from(CATEGORY_NAMES), max_size=2)}),
        "conversation_risk": st.fixed_dictionaries({}, optional={"grooming": st.floats(0, 1),
                                                                 "level": st.integers(-1, 4)}),
        "content_rating": st.sampled_from(RATINGS),
        "country": st.sampled_from(["FR", "GB", "US", "fr", "ZZ"]),
        "lang": st.sampled_from(["en", "fr", "de", "EN"]),
        "extra": anything,
    })


def test_any_request_body_gives_a_decision_or_a_named_error(client, auth) -> None:  # type: ignore[no-untyped-def]
    from hypothesis import HealthCheck

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body)
    def run(b: dict[str, Any]) -> None:
        r = client.post("/v1/decisions", json=b, headers=auth)
        assert r.status_code in (200, 422), r.text
        if r.status_code == 200:
            assert r.json()["action"] in {a.value for a in Action}
        else:
            assert r.json()["error"]["fields"], r.text

    run()
