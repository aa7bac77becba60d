"""``kidsafe hash``, ``kidsafe match``, ``kidsafe bank ...`` and ``kidsafe media purge``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kidsafe.cli import app
from kidsafe.config import get_settings
from kidsafe.store import db as store_db
from tests.media.helpers import flip_bits, image_bytes, png_declaring, random_pdq

runner = CliRunner()


@pytest.fixture
def cli_db(database, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIDSAFE_DATABASE_URL", database.url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    cached = store_db._databases.pop(database.url, None)
    if cached is not None:
        cached.dispose()


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_hash_prints_one_line_per_file(tmp_path: Path) -> None:
    good = tmp_path / "a.png"
    good.write_bytes(image_bytes(1))
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_declaring(100_000, 100_000))
    r = runner.invoke(app, ["hash", str(good), str(tmp_path / "missing.png"), str(bomb)])
    assert r.exit_code == 1
    rows = _lines(r.stdout)
    assert [row["file"] for row in rows] == [str(good), str(tmp_path / "missing.png"), str(bomb)]
    assert set(rows[0]) == {"file", "pdq", "quality", "md5", "sha256"} and len(rows[0]["pdq"]) == 64
    assert "cannot read" in rows[1]["error"] and rows[2]["error"].startswith("decompression_bomb")


def test_bank_commands_and_match(cli_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    img = tmp_path / "img.png"
    img.write_bytes(image_bytes(3))
    pdq = _lines(runner.invoke(app, ["hash", str(img)]).stdout)[0]["pdq"]
    r = runner.invoke(app, ["bank", "create", "known", "--category", "csam", "--source", "partner"])
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["bank", "create", "known", "--category", "csam"]).exit_code == 2
    assert runner.invoke(app, ["bank", "create", "x", "--category", "spam"]).exit_code == 2
    src = tmp_path / "list.csv"
    src.write_text(f"signal_type,value,source_id,tags\npdq,{flip_bits(pdq, 6)},p-1,verified\npdq,oops,,\n"
                   f"md5,{'a' * 32},,\n")
    r = runner.invoke(app, ["bank", "import", "known", str(src)])
    assert r.exit_code == 1 and "line 3:" in r.stderr and "added 2" in r.stderr
    r = runner.invoke(app, ["match", str(img)])
    assert r.exit_code == 0, r.output
    row = _lines(r.stdout)[0]
    assert set(row) == {"file", "matches"} and set(row["matches"][0]) == {"bank", "entry_id", "distance"}
    assert row["file"] == str(img) and [(m["bank"], m["distance"]) for m in row["matches"]] == [("known", 6)]
    entry_id = row["matches"][0]["entry_id"]
    r = runner.invoke(app, ["match", "--details", str(img)])
    row = _lines(r.stdout)[0]
    assert row["pdq_used"] is True and row["match_details"][0]["category"] == "csam" and row["suppressed"] == []
    r = runner.invoke(app, ["bank", "export", "known", "--format", "te"])
    assert r.exit_code == 0 and r.stdout.splitlines() == [f"pdq {flip_bits(pdq, 6)}", f"video_md5 {'a' * 32}"]
    out = tmp_path / "out.csv"
    assert runner.invoke(app, ["bank", "export", "known", "-o", str(out)]).exit_code == 0
    assert out.read_text().startswith("signal_type,value,source_id,tags,quality,added_at")
    r = runner.invoke(app, ["bank", "add", "known", random_pdq(5), "--source-id", "p-2", "--tag", "x"])
    assert r.exit_code == 0 and json.loads(r.stdout)["source_id"] == "p-2"
    assert runner.invoke(app, ["bank", "add", "known", "nothex"]).exit_code == 2
    r = runner.invoke(app, ["bank", "list", "--json"])
    assert [json.loads(x)["entries"] for x in r.stdout.splitlines()] == [3]
    assert runner.invoke(app, ["bank", "list"]).exit_code == 0
    assert runner.invoke(app, ["bank", "update", "known", "--disabled"]).exit_code == 0
    assert _lines(runner.invoke(app, ["match", str(img)]).stdout)[0]["matches"] == []
    assert runner.invoke(app, ["bank", "update", "known", "--enabled"]).exit_code == 0
    # a negative bank (known false positives) suppresses the match; stdout keeps its format, stderr says why
    assert runner.invoke(app, ["bank", "create", "fp", "--category", "other", "--negative"]).exit_code == 0
    assert runner.invoke(app, ["bank", "add", "fp", pdq]).exit_code == 0
    r = runner.invoke(app, ["match", str(img)])
    assert _lines(r.stdout) == [{"file": str(img), "matches": []}] and "suppressed by negative bank(s) fp" in r.stderr
    assert runner.invoke(app, ["bank", "update", "fp", "--disabled"]).exit_code == 0
    assert _lines(runner.invoke(app, ["match", str(img)]).stdout)[0]["matches"]
    assert runner.invoke(app, ["bank", "remove", "known", str(entry_id)]).exit_code == 0
    assert runner.invoke(app, ["bank", "remove", "known", str(entry_id)]).exit_code == 2
    assert _lines(runner.invoke(app, ["match", str(img)]).stdout)[0]["matches"] == []
    assert runner.invoke(app, ["bank", "import", "nope", str(src)]).exit_code == 2
    r = runner.invoke(app, ["media", "purge"])
    assert r.exit_code == 0 and "deleted 0" in r.stderr
