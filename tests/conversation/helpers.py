"""Synthetic conversations (invented for the tests, never dataset text) and a deterministic scorer."""

from __future__ import annotations

from typing import Any

from kidsafe.conversation.features import ConversationState
from kidsafe.conversation.messages import MessageIn
from kidsafe.conversation.scorer import ConversationScorer
from kidsafe.conversation.stages import GROOMING_STAGES

MARKER = "Zorblaxian"  # an invented word in the non-cue part of messages: must never reach the store

# An adult grooming a 12-year-old without a single rude word.
GROOMING: list[tuple[str, str, str]] = [
    ("adult1", "adult", f"hi there, I saw your drawing of the {MARKER} dragon"),
    ("kid1", "under_13", "thanks! i made it after school"),
    ("adult1", "adult", f"you are so mature for your age, {MARKER} fans are the best"),
    ("kid1", "under_13", "lol im 12"),
    ("adult1", "adult", "are your parents home right now?"),
    ("adult1", "adult", "don't tell anyone we talk, this is our secret"),
    ("adult1", "adult", "add me on snap, it's easier"),
    ("adult1", "adult", "send me a pic of you"),
    ("adult1", "adult", "we could meet at the park on saturday, I'll bring you a gift"),
]

# Sextortion scripts, EN and FR, and a victim describing it.
SEXTORTION_EN: list[tuple[str, str, str]] = [
    ("x9", "unknown", "hey"),
    ("x9", "unknown", "i have your pictures"),
    ("x9", "unknown", "pay 200 in gift cards or i send them to everyone you know"),
    ("x9", "unknown", "you have 24 hours, tick tock"),
]
SEXTORTION_FR: list[tuple[str, str, str]] = [
    ("x8", "unknown", "j'ai tes photos"),
    ("x8", "unknown", "paye ou je publie tout"),
    ("x8", "unknown", "tu as jusqu'à minuit"),
]
VICTIM: list[tuple[str, str, str]] = [
    ("teen1", "13_15", "he says he will send my photos to everyone if i dont pay"),
]

# A coach arranging a match with a player's parent: ordinary.
COACH: list[tuple[str, str, str]] = [
    ("coach", "adult", "Hello, the match is on Saturday at 10, please be at the field by 9:30"),
    ("parent", "adult", "Great, we will be there. Does she need her own ball?"),
    ("coach", "adult", "No, we have balls. Bring water and shin pads. Thanks!"),
]


def messages(conv: list[tuple[str, str, str]], prefix: str = "m", start: int = 0) -> list[MessageIn]:
    senders = {s for s, _, _ in conv}
    return [MessageIn(id=f"{prefix}{start + i}", sender=s, sender_age_band=b, recipients=sorted(senders - {s}),
                      text=t) for i, (s, b, t) in enumerate(conv)]


def message_dicts(conv: list[tuple[str, str, str]], prefix: str = "m") -> list[dict[str, Any]]:
    return [m.model_dump(exclude_none=True, mode="json") for m in messages(conv, prefix)]


class StepScorer(ConversationScorer):
    """grooming = 0.3 per distinct grooming stage seen: level 1 at 2 stages, 2 at 3, 3 at 4 (thresholds .5/.8/.95)."""

    def grooming(self, state: ConversationState) -> float:
        seen = [s for s, n in state.stage_counts().items() if n and s in GROOMING_STAGES]
        return min(1.0, 0.3 * len(seen))


def step_scorer() -> StepScorer:
    s = StepScorer.prior()
    s.thresholds = {"grooming": [0.5, 0.8, 0.95], "sextortion": [0.5, 0.8, 0.95]}
    assert isinstance(s, StepScorer)
    return s
