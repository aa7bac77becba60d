"""`kidsafe audit verify`, `kidsafe cases import` (bad lines reported, good ones kept) and evidence retention."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update
from typer.testing import CliRunner

from kidsafe.cases import service as svc
from kidsafe.cli import app as cli_app
from kidsafe.config import get_settings
from kidsafe.store.db import utcnow
from kidsafe.store.models import AuditEntry
from kidsafe.store.models.cases import Appeal, Case, Escalation, Report

from .helpers import MOD_A, MOD_B, PLATFORM, SPECIALIST, report


@pytest.fixture
def cli(database, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIDSAFE_DATABASE_URL", database.url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_audit_verify_detects_an_edited_entry(database, cli) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        svc.submit_report(s, PLATFORM, report())
    ok = cli.invoke(cli_app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    with database.session() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(action="case.tampered"))
    bad = cli.invoke(cli_app, ["audit", "verify"])
    assert bad.exit_code == 1 and "entry 1" in bad.output


@pytest.mark.parametrize("which", ["middle", "newest"])
def test_audit_verify_detects_a_deleted_entry(database, cli, which) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        svc.submit_report(s, PLATFORM, report("m-1"))
        svc.submit_report(s, PLATFORM, report("m-2"))
        last = s.scalar(select(func.max(AuditEntry.seq)))
    assert last >= 3 and cli.invoke(cli_app, ["audit", "verify"]).exit_code == 0
    with database.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == (2 if which == "middle" else last)))
    bad = cli.invoke(cli_app, ["audit", "verify"])
    assert bad.exit_code == 1 and "BROKEN" in bad.output, bad.output


def test_import_keeps_good_lines_and_reports_bad_ones(database, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = [
        json.dumps({"subject_type": "content", "subject_id": "m1", "reason": "hate"}),
        "{not json",
        json.dumps({"subject_type": "content", "subject_id": "m2", "reason": "spam"}),
        json.dumps({"subject_type": "content", "subject_id": "m3", "reason": "violence", "account_id": "u3"}),
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = cli.invoke(cli_app, ["cases", "import", str(path)])
    assert result.exit_code == 1
    assert ":2: not JSON" in result.output and ":3: reason" in result.output
    with database.session() as s:
        assert sorted(c.subject_id for c in s.query(Case)) == ["m1", "m3"]
    queue = cli.invoke(cli_app, ["cases", "queue"])
    assert queue.exit_code == 0 and "violence" in queue.output


def test_purge_removes_expired_evidence_and_keeps_hashes(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        r = svc.submit_report(s, PLATFORM, report("msg-1", "grooming", details="he keeps asking me"))
        action = svc.take_action(s, SPECIALIST, r.case_id, svc.ActionInput(
            "escalate_to_authorities", on_account=True, decision_facts="Asks a child to keep secrets.",
            authority="police"))
        svc.submit_appeal(s, PLATFORM, action.id, "user-42", "not me")
        fresh = svc.purge_expired(s)
        assert fresh.case_evidence == 0 and fresh.report_details == 0
        later = utcnow() + timedelta(days=366)
        res = svc.purge_expired(s, later)
        assert (res.case_evidence, res.report_details, res.appeal_statements, res.escalation_evidence) == (1, 1, 1, 1)
        case = s.get(Case, r.case_id)
        assert case.evidence_text is None and len(case.evidence_sha256) == 64
        assert s.get(Report, r.id).details is None and s.query(Appeal).one().statement is None
        esc = s.query(Escalation).one()
        assert all("data" not in i and len(i["sha256"]) == 64 for i in esc.evidence)
        assert svc.verify_audit(s, MOD_A).ok
        assert svc.recent_audit(s, MOD_B, limit=1)[0].action == "retention.purge"
