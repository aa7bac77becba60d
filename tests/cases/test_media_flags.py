"""``media.match`` events (published by ``/v1/media:match``) become automatic flags: a csam-bank match opens a
restricted sexual_minors case whose evidence is hashes and bank matches, never the image."""

from __future__ import annotations

import io
from datetime import timedelta

import numpy as np
import pytest
from PIL import Image

from kidsafe import events
from kidsafe.cases import service as svc
from kidsafe.store.models.cases import Case, Report
from tests.conftest import make_key

from .helpers import MOD_A, SPECIALIST

SHA = "ab" * 32
MD5 = "cd" * 16


def _png(seed: int) -> bytes:
    """A small synthetic image (random blocks); no real picture."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 255, size=(12, 16, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(np.kron(blocks, np.ones((8, 8, 1), dtype=np.uint8))).save(buf, format="PNG")
    return buf.getvalue()


def test_csam_bank_match_opens_a_restricted_case_with_hashes_only(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        events.publish(s, "media.match", "post-1", {
            "actor": "api_key:chatapp", "reference": "post-1", "evidence_id": None, "categories": ["csam", "other"],
            "hashes": {"sha256": SHA, "md5": MD5},
            "matches": [{"bank": "partner-list", "category": "csam", "entry_id": 11, "signal_type": "pdq",
                         "distance": 12},
                        {"bank": "local", "category": "other", "entry_id": 12, "signal_type": "md5", "distance": 0}]})
        events.publish(s, "media.match", "post-2", {  # an "other" bank alone opens no case
            "actor": "api_key:chatapp", "reference": "post-2", "evidence_id": None, "categories": ["other"],
            "matches": [{"bank": "local", "category": "other", "entry_id": 12, "signal_type": "md5", "distance": 0}]})
        anonymous = events.publish(s, "media.match", "-", {  # no reference, evidence or hashes: still a case
            "actor": "api_key:chatapp", "reference": None, "evidence_id": None, "categories": ["csam"],
            "matches": [{"bank": "partner-list", "category": "csam", "entry_id": 11, "signal_type": "pdq",
                         "distance": 3}]})
        assert svc.ingest_events(s) == 2
        assert svc.ingest_events(s) == 0
        assert s.query(Case).filter_by(subject_id=f"media-match:{anonymous.id}").one().restricted
        case = s.query(Case).filter_by(subject_id="post-1").one()
        assert (case.category, case.severity, case.restricted, case.minor_involved) == (
            "sexual_minors", "critical", True, True)
        assert case.source == "media.match" and case.automated and case.content_type == "image"
        assert case.evidence_text is None and case.content_url is None  # never the content
        assert case.evidence_sha256 == SHA and case.context["media_md5"] == MD5
        kinds = {(e["kind"], e.get("bank"), e.get("signal_type")) for e in case.detector_evidence}
        assert ("hash_match", "partner-list", "pdq") in kinds and ("media_hash", None, "sha256") in kinds
        assert all(e.get("bank") != "local" for e in case.detector_evidence)
        assert s.query(Report).filter_by(case_id=case.id).one().source == "media.match"
        assert case.due_at - case.opened_at == timedelta(minutes=60)  # the urgent service level
        # a moderator cannot open it; a specialist can, and escalation preserves the hashes (not the image)
        with pytest.raises(svc.Forbidden):
            svc.get_case(s, MOD_A, case.id)
        action = svc.take_action(s, SPECIALIST, case.id, svc.ActionInput(
            action="escalate_to_authorities", decision_facts="Image matched a verified hash list of known abuse "
            "material.", ground="illegal", legal_ground="Directive 2011/93/EU Art. 5", authority="national hotline"))
        view = svc.case_view(s, SPECIALIST, case.id)
        (esc,) = view.escalations
        assert esc.action_id == action.id and len(esc.evidence_sha256) == 64
        detector = next(i for i in esc.evidence if i["kind"] == "detector")
        assert SHA in str(detector["data"]) and "content_text" not in {i["kind"] for i in esc.evidence}
        (sor,) = view.statements
        assert sor.payload["category"] == "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
        assert sor.payload["automated_detection"] == "Yes" and sor.payload["source_type"] == "SOURCE_VOLUNTARY"
        assert sor.payload["content_type"] == ["CONTENT_TYPE_IMAGE"] and "post-1" not in str(sor.payload)


def test_match_through_the_media_api_becomes_a_case(client, database) -> None:  # type: ignore[no-untyped-def]
    platform = {"Authorization": f"Bearer {make_key(database, 'platform', 'chatapp')}"}
    specialist = {"Authorization": f"Bearer {make_key(database, 'child_safety_specialist')}"}
    moderator = {"Authorization": f"Bearer {make_key(database, 'moderator')}"}
    admin = {"Authorization": f"Bearer {make_key(database, 'admin')}"}
    data = _png(3)
    upload = {"files": {"file": ("x.png", data, "image/png")}}
    hashes = client.post("/v1/media:hash", headers=platform, **upload).json()
    r = client.post("/v1/banks", headers=specialist,
                    json={"name": "partner", "category": "csam", "preserve_evidence": True})
    assert r.status_code == 201, r.text
    r = client.post("/v1/banks/partner/entries", headers=specialist,
                    json={"signal_type": "sha256", "value": hashes["sha256"]})
    assert r.status_code == 201, r.text
    r = client.post("/v1/media:match", headers=platform, data={"reference": "upload-77"}, **upload)
    assert r.status_code == 200 and r.json()["matched"] is True, r.text
    assert client.post("/v1/cases:ingest", headers=admin).json() == {"flags": 1}

    items = client.get("/v1/cases", headers=specialist).json()["items"]
    (case,) = [c for c in items if c["subject_id"] == "upload-77"]
    assert case["category"] == "sexual_minors" and case["restricted"] and case["source"] == "media.match"
    assert all(c["subject_id"] != "upload-77" for c in client.get("/v1/cases", headers=moderator).json()["items"])
    assert client.get(f"/v1/cases/{case['id']}", headers=moderator).status_code == 403
    detail = client.get(f"/v1/cases/{case['id']}", headers=specialist).json()
    assert detail["content"]["sha256"] == hashes["sha256"] and detail["content"]["text"] is None
    assert detail["content"]["blur_until_revealed"] is True
    assert detail["context"]["media_md5"] == hashes["md5"]
    assert data.hex() not in str(detail)
