"""Live tracking: idempotency, out-of-order arrival, restarts, one alert per level, payload, privacy, retention,
concurrent writers. Runs on SQLite and on PostgreSQL (``database`` fixture)."""

from __future__ import annotations

import json
import random
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kidsafe.config import Settings
from kidsafe.conversation.messages import MessageIn
from kidsafe.conversation.retention import purge_expired
from kidsafe.conversation.stages import STAGES
from kidsafe.conversation.tracker import EVENT_TYPE, Tracker
from kidsafe.store.db import Database
from kidsafe.store.models import Event
from kidsafe.store.models.conversation import Conversation, ConversationMessage
from kidsafe.text.engine import get_analyzer
from tests.conversation.helpers import COACH, GROOMING, MARKER, messages, step_scorer

PAYLOAD_KEYS = {"conversation_id", "level", "grooming", "sextortion", "stages", "message_ids", "suspect_id",
                "target_ids", "target_age_band", "alert_at", "reasons"}


def _tracker(database: Database, settings: Settings, **overrides: object) -> Tracker:
    s = Settings(**{**settings.__dict__, **overrides}) if overrides else settings
    return Tracker(database, s, analyzer=get_analyzer(s.models_dir), scorer=step_scorer())


def _alerts(database: Database) -> list[dict]:  # type: ignore[type-arg]
    with database.session() as s:
        return [e.payload for e in s.scalars(select(Event).where(Event.type == EVENT_TYPE).order_by(Event.id))]


def _row(database: Database, cid: str) -> Conversation:
    with database.session() as s:
        row = s.get(Conversation, cid)
        assert row is not None
        return row


def test_redelivered_message_counts_once(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    msgs = messages(GROOMING[:4])
    t.ingest("c1", msgs)
    again = t.ingest("c1", [msgs[1], msgs[1], msgs[2]])
    assert [r.duplicate for r in again.results] == [True, True, True]
    assert [r.position for r in again.results] == [1, 1, 2]
    assert again.results[0].analysis.scores  # a redelivery still gets its analysis
    mixed = t.ingest("c1", [msgs[3], messages(GROOMING[4:5], start=4)[0], messages(GROOMING[4:5], start=4)[0]])
    assert [r.duplicate for r in mixed.results] == [True, False, True]
    assert _row(database, "c1").messages == 5
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(ConversationMessage)) == 5
    with pytest.raises(ValueError):
        t.ingest("empty", [])
    assert t.risk("empty") is None


def test_out_of_order_arrival_gives_the_same_risk(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    msgs = messages(GROOMING)
    for m in msgs:
        t.ingest("ordered", [m])
    shuffled = msgs[:]
    random.Random(7).shuffle(shuffled)
    for m in shuffled:
        t.ingest("shuffled", [m])
    a, b = t.risk("ordered"), t.risk("shuffled")
    assert a is not None and b is not None
    for key in ("grooming", "sextortion", "level", "stages", "suspect_id", "target_age_band", "messages"):
        assert a[key] == b[key], key


def test_batch_with_timestamps_is_applied_in_time_order(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    t0 = datetime(2026, 1, 1, 12, tzinfo=UTC)
    msgs = [m.model_copy(update={"ts": t0 + timedelta(minutes=i)}) for i, m in enumerate(messages(GROOMING[:4]))]
    res = t.ingest("c1", list(reversed(msgs)))
    by_id = {r.id: r.position for r in res.results}
    assert [by_id[m.id] for m in msgs] == [0, 1, 2, 3]


def test_restart_loses_nothing(database: Database, settings: Settings) -> None:
    msgs = messages(GROOMING)
    first = _tracker(database, settings)
    first.ingest("c1", msgs[:4])  # level 1 reached at message 2
    assert [a["level"] for a in _alerts(database)] == [1]
    # a new process: new Database object, new tracker, same store
    db2 = Database(database.url)
    try:
        second = Tracker(db2, settings, analyzer=get_analyzer(settings.models_dir), scorer=step_scorer())
        res = second.ingest("c1", msgs[2:])  # overlaps: 2 and 3 were already counted
        assert [r.duplicate for r in res.results[:2]] == [True, True]
        assert [r.position for r in res.results[2:]] == list(range(4, len(msgs)))
        risk = second.risk("c1")
    finally:
        db2.dispose()
    assert risk is not None and risk["messages"] == len(msgs)
    assert [a["level"] for a in _alerts(database)] == [1, 2, 3]  # level 1 not raised again after the restart
    assert risk["alert_at"] == 2


def test_one_alert_per_level(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    msgs = messages(GROOMING)
    raised = []
    for m in msgs:
        raised += [a["level"] for a in t.ingest("c1", [m]).alerts]
    assert raised == [1, 2, 3]
    t.ingest("c1", msgs)  # everything redelivered
    t.ingest("c1", messages(GROOMING, prefix="later-"))  # more grooming after critical
    alerts = _alerts(database)
    assert [a["level"] for a in alerts] == [1, 2, 3]
    assert [a["alert_at"] for a in alerts] == [2, 4, 5]
    row = _row(database, "c1")
    assert row.alerted_level == 3 and row.alert_at == 2 and row.first_alert_time is not None
    assert [a["level"] for a in row.alerts] == [1, 2, 3]


def test_a_jump_raises_only_the_highest_level(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    m = MessageIn(id="x", sender="adult1", sender_age_band="adult", recipients=["kid1"],
                  text="you are so pretty. are your parents home? don't tell anyone. add me on snap")
    res = t.ingest("c1", [m])
    assert [a["level"] for a in res.alerts] == [3]
    t.ingest("c1", messages(GROOMING))
    assert [a["level"] for a in _alerts(database)] == [3]


def test_alert_payload_is_the_contract(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    t.ingest("conv-9", messages(GROOMING))
    alerts = _alerts(database)
    assert alerts
    sent = {m.id for m in messages(GROOMING)}
    for p in alerts:
        assert set(p) == PAYLOAD_KEYS
        assert p["conversation_id"] == "conv-9"
        assert p["level"] in (1, 2, 3)
        assert 0.0 <= p["grooming"] <= 1.0 and 0.0 <= p["sextortion"] <= 1.0
        assert p["stages"] and set(p["stages"]) <= set(STAGES)
        assert p["message_ids"] and set(p["message_ids"]) <= sent
        assert p["suspect_id"] == "adult1"
        assert p["target_ids"] == ["kid1"]
        assert p["target_age_band"] == "under_13"
        assert isinstance(p["alert_at"], int)
        assert p["reasons"] and all(isinstance(r, str) for r in p["reasons"])
        assert MARKER not in json.dumps(p)
    # the cases capability (its event consumer) opens a case about the suspect's account
    from kidsafe.cases.intake import ingest_events
    from kidsafe.store.models.cases import Case

    with database.session() as s:
        assert ingest_events(s, settings=settings) == len(alerts)
    with database.session() as s:
        cases = list(s.scalars(select(Case)))
    assert cases and all(c.account_id == "adult1" and c.minor_involved for c in cases)
    assert MARKER not in json.dumps([c.context for c in cases])


def _store_dump(database: Database) -> str:
    with database.session() as s:
        rows = [(r.state, r.alerts) for r in s.scalars(select(Conversation))]
        rows += [(m.message_id, m.position) for m in s.scalars(select(ConversationMessage))]  # type: ignore[misc]
        rows += [(e.payload,) for e in s.scalars(select(Event))]  # type: ignore[misc]
    return json.dumps(rows, default=str)


def test_no_message_text_is_persisted(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    t.ingest("c1", messages(GROOMING))
    dump = _store_dump(database)
    assert MARKER not in dump
    for _, _, text in GROOMING:
        assert text not in dump
    state = _row(database, "c1").state
    assert "text" not in json.dumps(list(state))
    items = [e for ev in state["evidence"].values() for e in ev]
    assert items and all({"message_id", "start", "end"} <= set(e) for e in items)
    assert all(len(e.get("cue", "")) <= 60 for e in items)


def test_snippets_off_keeps_only_ids_and_offsets(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings, conversation_snippets=False)
    t.ingest("c1", messages(GROOMING))
    dump = _store_dump(database)
    assert "add me on snap" not in dump and "send me a pic" not in dump  # cue texts (labels are generic)
    items = [e for ev in _row(database, "c1").state["evidence"].values() for e in ev]
    assert items and all("cue" not in e for e in items)


def test_state_stays_bounded(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    t.ingest("c1", messages(GROOMING * 5, prefix="a-"))  # enough to fill every stage's evidence list
    before = len(json.dumps(_row(database, "c1").state))
    for k in range(5):
        t.ingest("c1", messages(GROOMING * 4, prefix=f"r{k}-"))
    row = _row(database, "c1")
    assert row.messages == len(GROOMING) * 25
    assert len(json.dumps(row.state)) < before * 1.1  # 5x the messages, same size: no transcript is kept


def test_purge_removes_idle_conversations(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    t.ingest("old", messages(COACH))
    t.ingest("new", messages(COACH))
    later = datetime.now(UTC) + timedelta(days=91)
    with database.session() as s:
        s.get(Conversation, "new").updated_at = later - timedelta(days=1)  # type: ignore[union-attr]
    with database.session() as s:
        r = purge_expired(s, 90, now=later)
    assert (r.conversations, r.message_ids) == (1, len(COACH))
    assert t.risk("old") is None and t.risk("new") is not None
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(ConversationMessage)) == len(COACH)
    with pytest.raises(ValueError), database.session() as s:
        purge_expired(s, 90, now=datetime(2026, 1, 1))


def test_concurrent_writers_lose_no_update(database: Database, settings: Settings) -> None:
    t = _tracker(database, settings)
    errors: list[BaseException] = []

    def send(prefix: str) -> None:
        try:
            for i in range(8):
                t.ingest("shared", [MessageIn(id=f"{prefix}{i}", sender=prefix, text="see you at practice")])
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=send, args=(p,)) for p in ("a", "b", "c")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    row = _row(database, "shared")
    assert row.messages == 24
    with database.session() as s:
        positions = sorted(s.scalars(select(ConversationMessage.position)))
    assert positions == list(range(24))


def test_real_scorer_alerts_on_grooming_not_on_a_coach(database: Database, settings: Settings) -> None:
    t = Tracker(database, settings, analyzer=get_analyzer(settings.models_dir))  # shipped model (or prior)
    g = t.ingest("g", messages(GROOMING))
    c = t.ingest("c", messages(COACH))
    assert g.alerts and g.risk.level >= 1 and g.alert_at is not None
    assert not c.alerts and c.risk.level == 0 and c.alert_at is None


def test_two_processes_on_one_store_lose_no_update(database: Database, settings: Settings) -> None:
    """Two trackers with their own engines (as two worker processes would have) write the same conversation."""
    other = Database(database.url)
    trackers = [_tracker(database, settings), _tracker(other, settings)]
    errors: list[BaseException] = []

    def send(t: Tracker, prefix: str) -> None:
        try:
            for i in range(10):
                t.ingest("shared", [MessageIn(id=f"{prefix}{i}", sender=prefix, text="gg, same time tomorrow?")])
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=send, args=(t, p)) for t, p in zip(trackers, ("a", "b"), strict=True)]
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        other.dispose()
    assert not errors, errors
    assert _row(database, "shared").messages == 20
