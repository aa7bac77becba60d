"""Live tracking: messages in, per-message analysis and conversation risk out, alerts published once per level.

One ``Tracker`` serves every conversation. ``ingest(conversation_id, messages)``:

1. analyses the texts with the text engine and finds the stage cues (outside any transaction; CPU only);
2. in one transaction, loads the conversation row (``SELECT … FOR UPDATE`` on PostgreSQL; an in-process lock
   plus the row's version counter on SQLite), skips message ids already counted (table
   ``conversation_messages``, so a redelivery counts once even after a restart), adds the new messages to the
   bounded ``ConversationState``, scores after each one, publishes a ``conversation.alert`` event the first
   time a level (1 elevated, 2 high, 3 critical) is reached, and writes the state back;
3. retries the whole transaction when another writer got there first (version mismatch, duplicate insert,
   SQLite busy), so two requests for the same conversation never lose an update.

Only features, scores, alert history and evidence pointers (message id, offsets, at most the matched cue when
``KIDSAFE_CONVERSATION_SNIPPETS`` is on) are persisted: never message text. The state is order-independent
(counts and extrema), so out-of-order arrival is accepted; a batch whose messages all carry ``ts`` is applied in
time order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kidsafe import events
from kidsafe.config import Settings, get_settings
from kidsafe.conversation.features import ConversationState
from kidsafe.conversation.messages import MessageIn
from kidsafe.conversation.scorer import LEVEL_NAMES, ConversationScorer, Risk
from kidsafe.conversation.stages import STAGES, MessageCues, detect
from kidsafe.store.db import Database, utcnow
from kidsafe.store.models.conversation import Conversation, ConversationMessage
from kidsafe.text.analysis import TextAnalysis

log = logging.getLogger(__name__)

EVENT_TYPE = "conversation.alert"
MAX_ATTEMPTS = 8
_ID_CHUNK = 500
_CONV: Table = Conversation.__table__  # type: ignore[assignment]
_MSG: Table = ConversationMessage.__table__  # type: ignore[assignment]
# Statements built once (building them per call costs more than running them on SQLite).
_SELECT_ROW = select(_CONV.c.owner_key_id, _CONV.c.state, _CONV.c.version, _CONV.c.alerted_level, _CONV.c.alerts,
                     _CONV.c.alert_at, _CONV.c.first_alert_time, _CONV.c.grooming, _CONV.c.sextortion, _CONV.c.level
                     ).where(_CONV.c.id == bindparam("cid")).with_for_update()
_SELECT_SEEN = select(_MSG.c.message_id, _MSG.c.position).where(
    _MSG.c.conversation_id == bindparam("cid"), _MSG.c.message_id.in_(bindparam("ids", expanding=True)))
_INSERT_ROW = insert(_CONV)
_INSERT_SEEN = insert(_MSG)
_UPDATE_ROW = update(_CONV).where(_CONV.c.id == bindparam("cid"), _CONV.c.version == bindparam("old_version")).values(
    {c: bindparam(f"new_{c}") for c in ("state", "messages", "grooming", "sextortion", "level", "alerted_level",
                                        "alerts", "alert_at", "first_alert_time", "updated_at", "version")})


class NotOwner(Exception):
    """The conversation id is tracked for another API key (platform resources belong to the key that made them)."""


@dataclass
class MessageResult:
    """What one message did: its analysis, its cues, and the conversation's scores right after it."""

    id: str
    position: int  # index in the conversation (0-based, arrival order)
    duplicate: bool  # already counted before: nothing changed
    analysis: TextAnalysis
    stages: list[str]
    grooming: float
    sextortion: float
    level: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "position": self.position, "duplicate": self.duplicate,
                "analysis": self.analysis.to_dict(), "stages": self.stages, "grooming": round(self.grooming, 4),
                "sextortion": round(self.sextortion, 4), "level": self.level}


@dataclass
class IngestResult:
    conversation_id: str
    results: list[MessageResult]
    risk: Risk
    alert_at: int | None  # time to the first alert, in messages since the conversation started
    alerts: list[dict[str, Any]] = field(default_factory=list)  # payloads published by this call
    attempts: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"conversation_id": self.conversation_id, "results": [r.to_dict() for r in self.results],
                "risk": {**self.risk.to_dict(), "alert_at": self.alert_at}, "alerts": self.alerts}


class Tracker:
    """Idempotent, persisted, concurrency-safe conversation tracking (see the module docstring)."""

    def __init__(self, db: Database, settings: Settings | None = None, analyzer: Any = None,
                 scorer: ConversationScorer | None = None) -> None:
        self.db = db
        self.settings = settings or get_settings()
        if analyzer is None:
            from kidsafe.text.engine import get_analyzer

            analyzer = get_analyzer(self.settings.models_dir)
        self.analyzer = analyzer
        self.scorer = scorer or ConversationScorer.load(self.settings.models_dir)

    # --- writing ----------------------------------------------------------------------------------------
    def ingest(self, conversation_id: str, messages: Sequence[MessageIn], owner_key_id: int | None = None
               ) -> IngestResult:
        """Count ``messages`` (any order, redeliveries allowed) and return analyses, risk and new alerts.

        ``owner_key_id``: the calling API key; a conversation created by another key raises ``NotOwner``
        (None: a trusted caller, no check).
        """
        msgs = list(messages)
        if not msgs:
            raise ValueError("no messages to ingest")
        if all(m.ts is not None for m in msgs):
            msgs.sort(key=lambda m: m.ts)  # type: ignore[arg-type,return-value]
        analyses = self.analyzer.analyze_batch([m.text for m in msgs], [m.lang for m in msgs])
        cues = [detect(m.text) for m in msgs]
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                lock = self.db.write_lock if self.db.is_sqlite else nullcontext()
                with lock, self.db.session() as session:
                    result = self._apply(session, conversation_id, msgs, analyses, cues, owner_key_id)
                result.attempts = attempt
                return result
            except (StaleDataError, IntegrityError, OperationalError) as e:
                if attempt == MAX_ATTEMPTS or (isinstance(e, OperationalError) and not _is_contention(e)):
                    raise
                log.info("conversation %s: concurrent update, retrying (%s)", conversation_id, type(e).__name__)
                time.sleep(0.005 * attempt)
        raise AssertionError("unreachable")

    def _apply(self, session: Session, cid: str, msgs: list[MessageIn], analyses: Sequence[TextAnalysis],
               cues: list[MessageCues], owner_key_id: int | None) -> IngestResult:
        # Core statements, not the ORM unit of work: this runs once per delivered message and must stay cheap.
        now = utcnow()
        conn = session.connection()  # same transaction; Core statements skip the ORM's per-statement work
        row = conn.execute(_SELECT_ROW, {"cid": cid}).one_or_none()
        if row is None:
            # a concurrent creator makes this insert fail: the caller retries and then finds (and locks) the row
            conn.execute(_INSERT_ROW, {"id": cid, "owner_key_id": owner_key_id,
                                       "state": ConversationState().to_json(), "messages": 0, "grooming": 0.0,
                                       "sextortion": 0.0, "level": 0, "alerted_level": 0, "alerts": [],
                                       "version": 1, "created_at": now, "updated_at": now})
            state, version, alerted, alerts_log, alert_at, first_time = ConversationState(), 1, 0, [], None, None
            g = s = 0.0
            level = 0
        else:
            if not _owns(owner_key_id, row.owner_key_id):
                raise NotOwner(cid)
            state = ConversationState.from_json(row.state)
            version, alerted, alert_at, first_time = row.version, row.alerted_level, row.alert_at, row.first_alert_time
            alerts_log, g, s, level = list(row.alerts or []), row.grooming, row.sextortion, row.level
        seen = self._positions(conn, cid, [m.id for m in msgs])
        results: list[MessageResult] = []
        published: list[dict[str, Any]] = []
        new_rows: list[dict[str, Any]] = []
        keep = self.settings.conversation_snippets
        final: Risk | None = None  # the risk after the last message, computed once (it also gives its scores)
        last = len(msgs) - 1
        for k, (m, a, c) in enumerate(zip(msgs, analyses, cues, strict=True)):
            stages = sorted(c.stages, key=STAGES.index)
            if m.id in seen:
                results.append(MessageResult(m.id, seen[m.id], True, a, stages, g, s, level))
                continue
            band = m.sender_age_band.value if m.sender_age_band is not None else None
            index = state.add(m.id, m.sender, band, m.text, c, list(m.recipients), a.scores, keep_snippets=keep)
            seen[m.id] = index
            new_rows.append({"conversation_id": cid, "message_id": m.id, "position": index,
                             "flagged": bool(c.cues or a.flags), "received_at": now})
            if k == last:
                final = self.scorer.assess(state)
                g, s, level = final.grooming, final.sextortion, final.level
            else:
                g, s = self.scorer.grooming(state), self.scorer.sextortion(state)
                level = self.scorer.level(g, s)
            if level > alerted:
                payload = alert_payload(cid, level, index, final or self.scorer.assess(state))
                ev = events.publish(session, EVENT_TYPE, cid, payload)
                alerts_log.append({"level": level, "level_name": LEVEL_NAMES[level], "at": index,
                                   "event_id": ev.id, "time": now.isoformat()})
                published.append(payload)
                alerted = level
                if alert_at is None:
                    alert_at, first_time = index, now
            results.append(MessageResult(m.id, index, False, a, stages, g, s, level))
        if new_rows:
            conn.execute(_INSERT_SEEN, new_rows)
            done = conn.execute(_UPDATE_ROW, {
                "cid": cid, "old_version": version, "new_state": state.to_json(), "new_messages": state.n,
                "new_grooming": g, "new_sextortion": s, "new_level": level, "new_alerted_level": alerted,
                "new_alerts": alerts_log, "new_alert_at": alert_at, "new_first_alert_time": first_time,
                "new_updated_at": now, "new_version": version + 1})
            if done.rowcount != 1:  # another writer (another process on SQLite) got there first
                raise StaleDataError(f"conversation {cid} changed during the update")
        return IngestResult(cid, results, final or self.scorer.assess(state), alert_at, published)

    @staticmethod
    def _positions(conn: Connection, cid: str, ids: list[str]) -> dict[str, int]:
        """Positions of the message ids in ``ids`` that this conversation already counted."""
        out: dict[str, int] = {}
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), _ID_CHUNK):
            chunk = unique[i:i + _ID_CHUNK]
            out.update({mid: pos for mid, pos in conn.execute(_SELECT_SEEN, {"cid": cid, "ids": chunk})})
        return out

    def forget(self, conversation_id: str, owner_key_id: int | None = None) -> bool:
        """Delete a conversation's state, scores and counted message ids now (an erasure request); False if it
        is not tracked (or tracked for another API key). Published alerts stay with their consumers (cases)."""
        lock = self.db.write_lock if self.db.is_sqlite else nullcontext()
        with lock, self.db.session() as session:
            conn = session.connection()
            row = conn.execute(_SELECT_ROW, {"cid": conversation_id}).one_or_none()
            if row is None or not _owns(owner_key_id, row.owner_key_id):
                return False
            conn.execute(delete(_MSG).where(_MSG.c.conversation_id == conversation_id))
            conn.execute(delete(_CONV).where(_CONV.c.id == conversation_id))
        return True

    # --- reading ----------------------------------------------------------------------------------------
    def risk(self, conversation_id: str, owner_key_id: int | None = None) -> dict[str, Any] | None:
        """The conversation's current risk, alert history and time to alert; None if it is not tracked (or, with
        ``owner_key_id``, tracked for another API key: the same answer, so ids cannot be probed)."""
        with self.db.session() as session:
            row = session.get(Conversation, conversation_id)
            if row is None or not _owns(owner_key_id, row.owner_key_id):
                return None
            return risk_view(row, self.scorer)


def risk_view(row: Conversation, scorer: ConversationScorer) -> dict[str, Any]:
    risk = scorer.assess(ConversationState.from_json(row.state))
    return {"conversation_id": row.id, **risk.to_dict(), "alert_at": row.alert_at,
            "alerted_level": row.alerted_level, "alerts": list(row.alerts or []),
            "first_alert_time": row.first_alert_time.isoformat() if row.first_alert_time else None,
            "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat()}


def alert_payload(conversation_id: str, level: int, index: int, risk: Risk) -> dict[str, Any]:
    """The ``conversation.alert`` event payload (the contract the cases and family capabilities consume)."""
    stages = [st for st in STAGES if st in risk.stages]
    message_ids = list(dict.fromkeys(mid for st in stages for mid in risk.stages[st]))
    return {"conversation_id": conversation_id, "level": level, "grooming": round(risk.grooming, 4),
            "sextortion": round(risk.sextortion, 4), "stages": stages, "message_ids": message_ids,
            "suspect_id": risk.suspect_id, "target_ids": list(dict.fromkeys(risk.target_ids)),
            "target_age_band": risk.target_age_band, "alert_at": index, "reasons": list(risk.reasons)}


def _owns(caller_key_id: int | None, owner_key_id: int | None) -> bool:
    return caller_key_id is None or owner_key_id is None or caller_key_id == owner_key_id


def _is_contention(e: OperationalError) -> bool:
    msg = str(e.orig).lower() if e.orig is not None else str(e).lower()
    return any(k in msg for k in ("locked", "busy", "deadlock", "could not serialize", "serialization"))
