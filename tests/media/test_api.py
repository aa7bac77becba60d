"""``/v1/media:hash``, ``/v1/media:match`` and ``/v1/banks``: roles, errors, evidence, no images returned."""

from __future__ import annotations

from sqlalchemy import select

from kidsafe.events import pending
from kidsafe.store.models.media import MediaEvidence
from tests.conftest import make_key
from tests.media.helpers import flip_bits, image_bytes, png_declaring, random_pdq


def _specialist(database) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {make_key(database, 'child_safety_specialist')}"}


def _upload(data: bytes, **fields: str) -> dict[str, object]:
    return {"files": {"file": ("x.png", data, "image/png")}, "data": fields}


def test_hash_endpoint(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/media:hash", headers=auth, **_upload(image_bytes(1)))
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["pdq"]) == 64 and body["quality"] >= 50 and body["pdq_usable"] is True
    assert set(body) >= {"md5", "sha256", "width", "height", "format"}


def test_hash_needs_a_key_and_a_file(client, auth) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/v1/media:hash", **_upload(image_bytes(1))).status_code == 401
    r = client.post("/v1/media:hash", headers=auth, data={"x": "1"}, files={"other": ("a", b"1")})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "file"


def test_bad_images_get_clear_errors(client, auth) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/media:hash", headers=auth, **_upload(png_declaring(100_000, 100_000)))
    assert r.status_code == 422 and r.json()["error"]["code"] == "decompression_bomb"
    r = client.post("/v1/media:hash", headers=auth, **_upload(b"GIF89a but not really"))
    assert r.status_code in (415, 422) and r.json()["error"]["fields"][0]["field"] == "file"
    r = client.post("/v1/media:hash", headers=auth, **_upload(b"plain text"))
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_format"


def test_upload_over_the_byte_limit(database, settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from kidsafe.api.app import create_app

    app = create_app(replace(settings, max_image_bytes=1000), database, migrate=False)
    with TestClient(app) as c:
        r = c.post("/v1/media:hash", headers={"X-API-Key": make_key(database)}, **_upload(image_bytes(1)))
    assert r.status_code == 413 and r.json()["error"]["fields"][0]["field"] in ("file", "body")


def test_bank_endpoints_need_a_specialist(client, auth, database) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/v1/banks", headers=auth).status_code == 403
    assert client.post("/v1/banks", headers=auth, json={"name": "x", "category": "csam"}).status_code == 403
    admin = {"Authorization": f"Bearer {make_key(database, 'admin')}"}
    assert client.get("/v1/banks", headers=admin).status_code == 200
    assert client.get("/v1/banks").status_code == 401


def test_bank_lifecycle_and_matching(client, auth, database) -> None:  # type: ignore[no-untyped-def]
    sp = _specialist(database)
    data = image_bytes(7)
    h = client.post("/v1/media:hash", headers=auth, **_upload(data)).json()
    r = client.post("/v1/banks", headers=sp, json={"name": "known", "category": "csam", "source": "partner"})
    assert r.status_code == 201 and r.json()["threshold"] == 31
    assert client.post("/v1/banks", headers=sp, json={"name": "known", "category": "csam"}).status_code == 409
    r = client.post("/v1/banks", headers=sp, json={"name": "y", "category": "spam"})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "category"
    r = client.post("/v1/banks", headers=sp, json={"name": "y", "category": "csam", "colour": "red"})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "colour"
    r = client.post("/v1/banks/known/entries", headers=sp,
                    json={"value": flip_bits(h["pdq"], 10), "source_id": "ncmec-1", "tags": ["verified"]})
    assert r.status_code == 201, r.text
    entry_id = r.json()["id"]
    r = client.post("/v1/banks/known/entries", headers=sp, json={"value": "xyz"})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "value"
    assert client.post("/v1/banks/nope/entries", headers=sp, json={"value": random_pdq(1)}).status_code == 404

    # the new entry is matchable at once, by upload and by client hashes
    r = client.post("/v1/media:match", headers=auth, **_upload(data, reference="post-9"))
    body = r.json()
    assert r.status_code == 200 and body["matched"] is True, body
    assert body["matches"] == [{"bank": "known", "category": "csam", "entry_id": entry_id, "signal_type": "pdq",
                                "distance": 10}]
    assert body["evidence_id"] is None  # the bank does not ask for evidence
    r = client.post("/v1/media:match", headers=auth, json={"pdq": h["pdq"], "quality": h["quality"]})
    assert r.json()["matched"] is True
    r = client.post("/v1/media:match", headers=auth, json={"pdq": h["pdq"], "quality": 10})
    assert r.json()["matched"] is False and r.json()["pdq_used"] is False
    r = client.post("/v1/media:match", headers=auth, json={"quality": 10})
    assert r.status_code == 422
    r = client.post("/v1/media:match", headers=auth, json={"pdq": "zz"})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "pdq"
    r = client.post("/v1/media:match", headers=auth, json={"pdq": h["pdq"], "extra": 1})
    assert r.status_code == 422
    with database.session() as s:
        published = pending(s, "test", ["media.match"])
        assert [e.type for e in published] == ["media.match", "media.match"]
        # the case workflow gets the hashes (never the image), by upload and by client hashes alike
        assert [e.payload["hashes"].get("pdq") for e in published] == [h["pdq"], h["pdq"]]
        assert published[0].payload["hashes"]["sha256"] == h["sha256"]

    # a bank change, then removal, then a negative bank
    r = client.patch("/v1/banks/known", headers=sp, json={"threshold": 5})
    assert r.status_code == 200 and r.json()["threshold"] == 5
    assert client.post("/v1/media:match", headers=auth, json={"pdq": h["pdq"]}).json()["matched"] is False
    client.patch("/v1/banks/known", headers=sp, json={"threshold": 31, "preserve_evidence": True})
    r = client.post("/v1/media:match", headers=auth, **_upload(data))
    assert r.json()["evidence_id"] is not None
    with database.session() as s:
        assert s.scalar(select(MediaEvidence)).content == data
    client.post("/v1/banks", headers=sp, json={"name": "fp", "category": "other", "negative": True})
    client.post("/v1/banks/fp/entries", headers=sp, json={"value": h["pdq"]})
    r = client.post("/v1/media:match", headers=auth, **_upload(data)).json()
    assert r["matched"] is False and r["suppressed"][0]["bank"] == "known" and r["evidence_id"] is None
    assert client.delete(f"/v1/banks/known/entries/{entry_id}", headers=sp).status_code == 200
    assert client.delete(f"/v1/banks/known/entries/{entry_id}", headers=sp).status_code == 404
    banks = {b["name"]: b for b in client.get("/v1/banks", headers=sp).json()["banks"]}
    assert banks["known"]["entries"] == 0 and banks["fp"]["negative"] is True


def test_uploads_are_not_kept_without_a_match(client, auth, database) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/media:match", headers=auth, **_upload(image_bytes(8), preserve_evidence="true"))
    assert r.status_code == 200 and r.json()["matched"] is False and r.json()["evidence_id"] is None
    with database.session() as s:
        assert s.scalar(select(MediaEvidence)) is None
    r = client.post("/v1/media:match", headers=auth, **_upload(image_bytes(8), preserve_evidence="maybe"))
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "preserve_evidence"


def test_import_and_export(client, database) -> None:  # type: ignore[no-untyped-def]
    sp = _specialist(database)
    client.post("/v1/banks", headers=sp, json={"name": "list", "category": "ncii"})
    text = f"pdq {random_pdq(1)}\npdq nothex\nvideo_md5 {'a' * 32}\n"
    r = client.post("/v1/banks/list/entries:import?format=te", headers=sp, content=text.encode(),
                    )
    assert r.status_code == 207 and r.json()["added"] == 2 and r.json()["errors"][0]["line"] == 2
    r = client.post("/v1/banks/list/entries:import?format=csv", headers=sp,
                    files={"file": ("l.csv", f"value\n{random_pdq(2)}\n".encode(), "text/csv")})
    assert r.status_code == 200 and r.json()["added"] == 1
    assert client.post("/v1/banks/list/entries:import?format=xml", headers=sp, content=b"").status_code == 422
    r = client.get("/v1/banks/list/entries:export?format=te-csv", headers=sp)
    assert r.status_code == 200 and r.text.splitlines()[0] == "signal_type,signal_str,collab,category,tags"
    assert len(r.text.splitlines()) == 4
    assert client.post("/v1/media:match", headers={"X-API-Key": make_key(database)},
                       json={"md5": "a" * 32}).json()["matched"] is True
    page = client.get("/v1/banks/list/entries?limit=2", headers=sp).json()
    assert len(page["entries"]) == 2 and page["next_after_id"] == page["entries"][-1]["id"]
    assert client.get("/v1/banks/nope/entries:export", headers=sp).status_code == 404


def test_index_is_built_from_the_store_at_start_up(database, settings) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from kidsafe.api.app import create_app
    from kidsafe.media import banks

    h = random_pdq(11)
    with database.session() as s:  # written before the service starts (e.g. by `kidsafe bank import`)
        bank = banks.create_bank(s, "cli:test", "known", "csam")
        entry = banks.add_entry(s, "cli:test", bank, "pdq", h)
        entry_id = entry.id
    app = create_app(settings, database, migrate=False)
    with TestClient(app) as c:
        assert app.state.media_matcher.stats()["pdq_entries"] == 1  # built by the start-up hook
        r = c.post("/v1/media:match", headers={"X-API-Key": make_key(database)}, json={"pdq": flip_bits(h, 31)})
        assert [(m["entry_id"], m["distance"]) for m in r.json()["matches"]] == [(entry_id, 31)]
        r = c.post("/v1/media:match", headers={"X-API-Key": make_key(database)}, json={"pdq": flip_bits(h, 32)})
        assert r.json()["matches"] == []


def test_every_bank_change_through_the_api_is_audited(client, database) -> None:  # type: ignore[no-untyped-def]
    from kidsafe.cases.audit import verify
    from kidsafe.store.models import AuditEntry

    sp = _specialist(database)
    client.post("/v1/banks", headers=sp, json={"name": "known", "category": "terror"})
    client.patch("/v1/banks/known", headers=sp, json={"enabled": False})
    entry_id = client.post("/v1/banks/known/entries", headers=sp, json={"value": random_pdq(12)}).json()["id"]
    client.post("/v1/banks/known/entries:import?format=te", headers=sp, content=random_pdq(13).encode())
    client.delete(f"/v1/banks/known/entries/{entry_id}", headers=sp)
    with database.session() as s:
        rows = [a for a in s.scalars(select(AuditEntry).order_by(AuditEntry.seq)) if a.action.startswith("media.")]
        assert [a.action for a in rows] == ["media.bank.create", "media.bank.update", "media.bank.entry.add",
                                            "media.bank.import", "media.bank.entry.remove"]
        assert len({a.actor for a in rows}) == 1 and rows[0].actor and verify(s).ok
