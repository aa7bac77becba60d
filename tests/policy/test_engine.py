"""Evaluation: most severe wins, notify is a union, results are deterministic; the default policy's promises."""

from __future__ import annotations

import pytest

from kidsafe.policy.engine import CompiledPolicy, make_event
from kidsafe.policy.loader import parse_policy
from kidsafe.policy.model import Action, Notify, NudgeTo
from kidsafe.policy.registry import default_policy

TWO_RULES = """\
policy: {{version: "1"}}
settings: {{default_action: label}}
rules:
{rules}
"""
ALLOW_ALL = "  - {id: allow-all, action: allow, notify: [user]}\n"
BLOCK_SEXUAL = "  - {id: block-sexual, when: {scores: {sexual: 0.5}}, action: block, notify: [moderators]}\n"


def compiled(rules: str, **settings: object) -> CompiledPolicy:
    src = TWO_RULES.format(rules=rules)
    if settings:
        src = src.replace("settings: {default_action: label}",
                          "settings: {" + ", ".join(f"{k}: {str(v).lower()}" for k, v in settings.items()) + "}")
    return CompiledPolicy(parse_policy(src))


@pytest.mark.parametrize("order", [ALLOW_ALL + BLOCK_SEXUAL, BLOCK_SEXUAL + ALLOW_ALL])
def test_most_severe_wins_whatever_the_order(order: str) -> None:
    p = compiled(order)
    d = p.evaluate(make_event("a", "b", scores={"sexual": 0.9}))
    assert d.action is Action.BLOCK and d.rule_id == "block-sexual"
    # everyone a matching rule asks to tell is told, in a fixed order
    assert d.notify == (Notify.USER, Notify.MODERATORS)
    assert [m.rule_id for m in d.matches] == [r.id for r in p.rules]
    d = p.evaluate(make_event("a", "b", scores={"sexual": 0.1}))
    assert d.action is Action.ALLOW and d.rule_id == "allow-all"


def test_equal_actions_name_the_first_rule_and_default_applies_when_nothing_matches() -> None:
    p = compiled("  - {id: first, when: {scores: {hate: 0.5}}, action: blur}\n"
                 "  - {id: second, when: {scores: {hate: 0.4}}, action: blur}\n")
    assert p.evaluate(make_event("a", scores={"hate": 0.9})).rule_id == "first"
    d = p.evaluate(make_event("a", scores={"hate": 0.1}))
    assert (d.action, d.rule_id, d.notify) == (Action.LABEL, None, ())


def test_signals_explain_the_decision() -> None:
    p = compiled("  - {id: r, when: {scores: {sexual: 0.5, hate: 0.5}, flags: [hate], "
                 "conversation_level_at_least: 2}, action: hold_for_review}\n")
    d = p.evaluate(make_event("a", scores={"hate": 0.7, "sexual": 0.2}, flags=["hate"], conversation_level=2))
    assert d.action is Action.HOLD_FOR_REVIEW
    assert {"signal": "score", "category": "hate", "score": 0.7, "threshold": 0.5} in d.signals
    assert {"signal": "flag", "category": "hate"} in d.signals
    assert {"signal": "conversation_level", "value": 2, "threshold": 2} in d.signals
    assert p.evaluate(make_event("a", scores={"hate": 0.7}, flags=["hate"], conversation_level=1)).rule_id is None


def test_unknown_is_a_minor_only_when_the_policy_says_so() -> None:
    rule = "  - {id: r, when: {target_age: [minor]}, action: block}\n"
    ev = make_event("a", "b", target_band="unknown")
    assert compiled(rule, unknown_is_minor=True).evaluate(ev).action is Action.BLOCK
    assert compiled(rule, unknown_is_minor=False).evaluate(ev).action is Action.ALLOW
    assert compiled(rule, unknown_is_minor=False).evaluate(make_event("a", "b", target_band="16_17")).rule_id == "r"


def test_content_ratings() -> None:
    p = compiled("  - {id: above, when: {content_rating_above_target_age: true}, action: blur}\n"
                 "  - {id: adults-only, when: {content_rating_at_least: 18}, action: block}\n")
    assert p.evaluate(make_event("a", "b", target_band="13_15", content_rating="PEGI 16")).rule_id == "above"
    assert p.evaluate(make_event("a", "b", target_band="16_17", content_rating="pegi_16")).rule_id is None
    assert p.evaluate(make_event("a", "b", target_band="adult", content_rating="ESRB AO")).rule_id == "adults-only"
    assert p.evaluate(make_event("a", "b", target_band="under_13", content_rating="ESRB E10+")).rule_id is None
    assert p.evaluate(make_event("a", "b", target_band="under_13", content_rating="nonsense")).rule_id is None


def test_conversation_risk_is_merged_into_scores() -> None:
    ev = make_event("a", scores={"grooming": 0.2}, grooming=0.8, sextortion=float("nan"))
    assert ev.scores["grooming"] == 0.8 and "sextortion" not in ev.scores


def test_same_input_same_decision() -> None:
    p = default_policy()
    ev = make_event("x", "y", actor_band="adult", target_band="13_15", scores={"sexual": 0.7, "personal_info": 0.6})
    assert p.evaluate(ev) == p.evaluate(ev)
    assert p.evaluate(ev).to_dict() == default_policy().evaluate(ev).to_dict()


# --- the default policy's promises (EU DSA Art. 28 guidelines, UK ICO Age Appropriate Design Code) -----


def decide(**kw: object) -> tuple[Action, str | None]:
    d = default_policy().evaluate(make_event("actor", "target", **kw))  # type: ignore[arg-type]
    return d.action, d.rule_id


def test_minors_accounts_private_by_default() -> None:
    defaults = default_policy().policy.account_defaults
    for band in ("under_13", "13_15", "16_17", "unknown"):
        assert defaults[band].profile == "private" and not defaults[band].discoverable  # type: ignore[index]
        assert defaults[band].direct_messages == "approved_contacts"  # type: ignore[index]
    assert defaults["under_13"].new_contacts_need_guardian  # type: ignore[index]


@pytest.mark.parametrize("target", ["under_13", "13_15", "unknown"])
@pytest.mark.parametrize("actor", ["adult", "unknown"])
def test_no_dm_from_adult_strangers_to_under_16s(actor: str, target: str) -> None:
    assert decide(actor_band=actor, target_band=target, context="direct_message") == \
        (Action.BLOCK, "no-dm-adult-stranger-to-under-16")


def test_dm_allowed_between_approved_contacts_and_between_children() -> None:
    assert decide(actor_band="adult", target_band="13_15", relationship="approved_contact")[0] is Action.ALLOW
    assert decide(actor_band="13_15", target_band="13_15")[0] is Action.ALLOW
    assert decide(actor_band="adult", target_band="adult")[0] is Action.ALLOW
    # 16-17: warned, not blocked
    assert decide(actor_band="adult", target_band="16_17") == (Action.NUDGE, "adult-stranger-dm-16-17")
    # a public comment is not a direct message
    assert decide(actor_band="adult", target_band="13_15", context="comment")[0] is Action.ALLOW


def test_personal_info_shared_by_a_child_is_nudged() -> None:
    for band in ("13_15", "16_17", "unknown"):
        assert decide(actor_band=band, target_band="13_15", relationship="approved_contact",
                      scores={"personal_info": 0.8}) == (Action.NUDGE, "personal-info-by-child")
    assert decide(actor_band="adult", target_band="adult", scores={"personal_info": 0.8})[0] is Action.ALLOW
    # an under-13 giving personal details to a stranger is held and the guardian told
    d = default_policy().evaluate(make_event("c", "s", actor_band="under_13", target_band="under_13",
                                             scores={"personal_info": 0.8}))
    assert d.action is Action.HOLD_FOR_REVIEW and Notify.GUARDIAN in d.notify


@pytest.mark.parametrize("target", ["under_13", "13_15", "16_17", "unknown"])
def test_sexual_content_to_a_minor_is_blocked(target: str) -> None:
    action, rule = decide(actor_band="16_17", target_band=target, relationship="approved_contact",
                          scores={"sexual": 0.9})
    assert action is Action.BLOCK and rule == "sexual-content-to-minor"
    assert decide(actor_band="adult", target_band="adult", scores={"sexual": 0.9})[0] is Action.LABEL


def test_grooming_and_sextortion_alerts_are_held_and_escalated() -> None:
    for level in (1, 2):
        d = default_policy().evaluate(make_event("a", "c", actor_band="adult", target_band="13_15",
                                                 relationship="approved_contact", conversation_level=level))
        assert d.action is Action.HOLD_FOR_REVIEW and Notify.MODERATORS in d.notify
    assert decide(actor_band="adult", target_band="13_15", relationship="approved_contact",
                  conversation_level=3)[0] is Action.BLOCK_AND_ESCALATE
    assert decide(actor_band="adult", target_band="16_17", relationship="approved_contact",
                  scores={"sextortion": 0.95})[0] is Action.BLOCK_AND_ESCALATE
    assert decide(actor_band="adult", target_band="16_17", relationship="approved_contact",
                  sextortion=0.6)[0] is Action.HOLD_FOR_REVIEW
    assert decide(actor_band="adult", target_band="adult", scores={"sexual_minors": 0.7})[0] is \
        Action.BLOCK_AND_ESCALATE


def test_a_nudge_to_the_sender_is_kept_beside_a_more_severe_action() -> None:
    # a 13-15 writing publicly about self-harm: blurred for a young (unknown-age) audience, moderators told,
    # and the child is still offered the supportive words and help resources
    d = default_policy().evaluate(make_event("kid", None, actor_band="13_15", context="public_post",
                                             scores={"self_harm": 0.8}))
    assert d.action is Action.BLUR and d.rule_id == "self-harm-content-to-minor"
    assert (d.nudge_to, d.nudge_topic) == (NudgeTo.ACTOR, "self_harm") and Notify.MODERATORS in d.notify
    # a nudge to the target is dropped when the content is blocked: they will not see it
    d = default_policy().evaluate(make_event("adult", "teen", actor_band="adult", target_band="16_17",
                                             scores={"sexual": 0.9}))
    assert d.action is Action.BLOCK and d.nudge_topic is None and d.nudge_to is None
    # nothing to nudge: no nudge
    assert default_policy().evaluate(make_event("a", "b", actor_band="adult", target_band="adult")).nudge_topic \
        is None
