"""``kidsafe classify-conversations`` (offline scoring of whole conversations) and ``kidsafe conversations purge``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import typer
from rich.console import Console

from kidsafe.conversation.replay import ChatMessage
from kidsafe.jsonl_job import jsonl_job
from kidsafe.taxonomy import AgeBand

err = Console(stderr=True)
BANDS = {b.value for b in AgeBand}


def register(app: typer.Typer) -> None:
    """Add this capability's commands to the root `kidsafe` app."""
    app.command("classify-conversations")(classify_conversations)
    conv_app = typer.Typer(help="Tracked conversations (live grooming/sextortion risk): risk, retention.",
                           no_args_is_help=True)
    conv_app.command("risk")(risk)
    conv_app.command("purge")(purge)
    app.add_typer(conv_app, name="conversations")


def _id_ok(v: object) -> bool:
    return isinstance(v, str | int) and not isinstance(v, bool)


Parsed = tuple[Any, list[ChatMessage] | None, str | None]


def parse_conversation(line: str, max_chars: int, max_messages: int) -> Parsed:
    """One JSONL line → (record id, messages, None) or (record id or None, None, reason)."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        return None, None, f"invalid JSON ({e.msg} at column {e.colno})"
    if not isinstance(rec, dict):
        return None, None, "a record must be a JSON object"
    rid = rec.get("id")
    if rid is not None and not _id_ok(rid):
        return None, None, "field 'id' must be a string or an integer"
    has_m, has_t = "messages" in rec, "text" in rec
    if has_m == has_t:
        return rid, None, "give exactly one of 'messages' (a list of messages) or 'text' (an unsplit chat segment)"
    if has_t:
        from kidsafe.conversation.replay import split_segment

        text = rec["text"]
        if not isinstance(text, str):
            return rid, None, f"field 'text' must be a string, not {type(text).__name__}"
        if len(text) > max_chars * max_messages:
            return rid, None, f"field 'text' is {len(text)} characters; the limit is {max_chars * max_messages}"
        msgs = split_segment(text)
        for i, m in enumerate(msgs):
            if len(m.text) > max_chars:
                return rid, None, f"line {i + 1} of field 'text' is over {max_chars} characters"
        return rid, msgs, None
    raw = rec["messages"]
    if not isinstance(raw, list):
        return rid, None, f"field 'messages' must be a list, not {type(raw).__name__}"
    if not raw:
        return rid, None, "field 'messages' must not be empty"
    if len(raw) > max_messages:
        return rid, None, f"field 'messages' has {len(raw)} messages; the limit is {max_messages}"
    out = []
    times: list[float | None] = []
    for i, m in enumerate(raw):
        where = f"messages[{i}]"
        if not isinstance(m, dict):
            return rid, None, f"{where} must be a JSON object"
        for name in ("id", "sender"):
            if name not in m:
                return rid, None, f"missing field '{where}.{name}'"
            if not _id_ok(m[name]):
                return rid, None, f"field '{where}.{name}' must be a string or an integer"
        text = m.get("text")
        if text is None:
            return rid, None, f"missing field '{where}.text'"
        if not isinstance(text, str):
            return rid, None, f"field '{where}.text' must be a string, not {type(text).__name__}"
        if len(text) > max_chars:
            return rid, None, f"field '{where}.text' is {len(text)} characters; the limit is {max_chars}"
        band = m.get("sender_age_band")
        if band is not None and band not in BANDS:
            return rid, None, f"field '{where}.sender_age_band' must be one of {', '.join(sorted(BANDS))}"
        recipients = m.get("recipients", [])
        if not isinstance(recipients, list) or not all(_id_ok(r) for r in recipients):
            return rid, None, f"field '{where}.recipients' must be a list of ids"
        ts, bad_ts = _timestamp(m.get("ts"))
        if bad_ts:
            return rid, None, f"field '{where}.ts' must be an ISO 8601 time or a number of seconds since 1970"
        times.append(ts)
        out.append(ChatMessage(id=str(m["id"]), sender=str(m["sender"]), text=text, sender_age_band=band,
                               recipients=tuple(str(r) for r in recipients)))
    if all(t is not None for t in times):  # every message has a time: score in time order, as the tracker does
        out = [msg for _, msg in sorted(zip(times, out, strict=True), key=lambda p: p[0] or 0.0)]
    return rid, out, None


def _timestamp(value: object) -> tuple[float | None, bool]:
    """(seconds since 1970 or None, whether the value was invalid)."""
    if value is None:
        return None, False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), False
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None, True
        return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).timestamp(), False
    return None, True


def classify_conversations(
    input: str = typer.Argument("-", help="JSONL of {id, messages: [{id, sender, sender_age_band?, ts?, text}]} "
                                          "or {id, text} (an unsplit chat segment, one message a line), or -."),
    output: str = typer.Option("-", "-o", "--output", help="Where to write JSONL results (default stdout)."),
    max_messages: int = typer.Option(10_000, help="Most messages in one conversation record."),
) -> None:
    """Score whole conversations for grooming and sextortion, message by message as the live tracker would.

    One output line per input line, same order: {id, grooming, sextortion, level, flags, stages, alert_at, ...}.
    Messages are scored in time order when every one has a ``ts``, otherwise in the order given.
    ``alert_at`` is the 0-based index of the message at which the first alert level was reached (null: none).
    A bad line is reported on stderr with its line number, gets an error record, and makes the exit code 1.
    """
    from kidsafe.config import get_settings
    from kidsafe.conversation.replay import replay
    from kidsafe.conversation.scorer import ConversationScorer
    from kidsafe.text.engine import get_analyzer

    settings = get_settings()
    analyzer = get_analyzer(settings.models_dir)
    scorer = ConversationScorer.load(settings.models_dir)
    with jsonl_job(input, output, "classify-conversations", err) as job:
        for n, line in job.lines():
            rid, msgs, reason = parse_conversation(line, settings.max_text_chars, max_messages)
            if msgs is None:
                job.reject(n, reason or "invalid record")
                record: dict[str, Any] = {"id": rid, "line": n, "error": reason}
            else:
                scores = [a.scores for a in analyzer.analyze_batch([m.text for m in msgs], [None] * len(msgs))]
                result, _ = replay(msgs, scorer, text_scores=scores)
                record = result.to_record(rid)
            job.write(json.dumps(record, ensure_ascii=False) + "\n")


def risk(conversation_id: str = typer.Argument(..., help="The platform's conversation id.")) -> None:
    """Print a tracked conversation's risk, stages, reasons and alert history as JSON (exit 1 if unknown)."""
    from kidsafe.config import get_settings
    from kidsafe.conversation.scorer import ConversationScorer
    from kidsafe.conversation.tracker import risk_view
    from kidsafe.store.db import get_database
    from kidsafe.store.models.conversation import Conversation

    settings = get_settings()
    db = get_database(settings.database_url)
    db.migrate()
    with db.session() as s:
        row = s.get(Conversation, conversation_id)
        view = risk_view(row, ConversationScorer.load(settings.models_dir)) if row is not None else None
    if view is None:
        err.print(f"no tracked conversation {conversation_id!r}", highlight=False, markup=False)
        raise typer.Exit(1)
    print(json.dumps(view, ensure_ascii=False, indent=2))


def purge(
    days: int = typer.Option(None, min=0, help="Keep conversations active in the last N days "
                                               "(default KIDSAFE_RETENTION_DAYS_CONVERSATION)."),
    now: str = typer.Option(None, help="Purge as of this ISO time with a timezone (default: now)."),
) -> None:
    """Delete tracked conversations idle for longer than the retention limit (state, scores, message ids)."""
    from kidsafe.config import get_settings
    from kidsafe.conversation.retention import purge_expired
    from kidsafe.store.db import get_database

    when = None
    if now:
        try:
            when = datetime.fromisoformat(now)
        except ValueError:
            when = None
        if when is None or when.tzinfo is None:
            err.print("[red]error:[/red] --now must be an ISO time with a timezone, e.g. 2026-01-01T00:00:00Z")
            raise typer.Exit(2)
    settings = get_settings()
    keep = settings.retention_days_conversation if days is None else days
    db = get_database(settings.database_url)
    db.migrate()
    with db.session() as s:
        r = purge_expired(s, keep, when)
    err.print(f"purged {r.conversations} conversation(s) and {r.message_ids} message id(s) idle since before "
              f"{r.cutoff.isoformat() if r.cutoff else '-'} ({keep} days)", highlight=False)
