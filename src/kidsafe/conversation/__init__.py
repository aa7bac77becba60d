"""kidsafe.conversation: conversation-level grooming and sextortion risk with early alerts.

Model side: ``stages`` (FR/EN stage cues of one message), ``features`` (bounded rolling per-conversation state
and the scorer's feature vector), ``age_style`` (writing-style age-consistency signal), ``scorer`` (calibrated
grooming score, hand-set sextortion score, alert levels, readable reasons), ``replay`` (score a whole chat
offline), ``datasets`` / ``training`` / ``evaluation`` (``python -m kidsafe.conversation.training``) and
``synthetic`` (invented conversations for tests and hard negatives).
Service side: ``tracker`` (idempotent, persisted live tracking and alert events), ``messages``, ``cli``.
"""
