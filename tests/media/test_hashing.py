"""Hashing: PDQ conformance with ThreatExchange's published hashes, dihedral variants, decoding limits."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from PIL import Image

from kidsafe.media.hashing import ImageError, ImageLimits, decode, hash_image, pdq_dihedral_of_array
from tests.conftest import require_data
from tests.media.helpers import flat_image_bytes, image_bytes, png_declaring

TOLERANCE = 16  # upstream pdq_test.py; observed maximum disagreement between implementations is 12


def _hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


@pytest.mark.data
def test_every_published_hash_is_within_tolerance() -> None:
    root = require_data("pdq")
    rows = list(csv.DictReader((root / "expected.csv").open()))
    assert len(rows) > 100
    hashed: dict[str, tuple[str, int]] = {}
    for row in rows:
        if row["image_path"] not in hashed:
            h = hash_image((root / row["image_path"]).read_bytes())
            hashed[row["image_path"]] = (h.pdq, h.quality)
        pdq, quality = hashed[row["image_path"]]
        assert _hamming(pdq, row["pdq_hex"]) <= TOLERANCE, (row["image_path"], row["source_file"])
        if row["quality"]:
            assert quality == int(row["quality"]), row["image_path"]
    assert len(hashed) == 37


@pytest.mark.data
def test_exact_where_upstream_is_exact() -> None:
    root = require_data("pdq")
    exact = {"LA.png", "I16.png", "rgb.jpeg", "test_pdq_hasher_RANDOM_IMAGE.png"}
    for row in csv.DictReader((root / "expected.csv").open()):
        if row["image_path"].rsplit("/", 1)[-1] in exact and "python-threatexchange" in row["source_file"]:
            assert hash_image((root / row["image_path"]).read_bytes()).pdq == row["pdq_hex"]


@pytest.mark.data
def test_the_eight_dihedral_variants_match_the_original() -> None:
    root = require_data("pdq", "images", "pdq", "data", "reg-test-input", "dih")
    files = sorted(root.glob("bridge-*.jpg"))
    assert len(files) == 8
    array, _ = decode(files[0].read_bytes(), ImageLimits())
    dihedral, quality = pdq_dihedral_of_array(array)
    assert quality >= 50
    plain = [hash_image(f.read_bytes()).pdq for f in files]
    for variant in plain:
        assert min(_hamming(variant, d) for d in dihedral) <= 31
    # negative control: the variants themselves are far apart (upstream: 120 bits for rotate-90)
    assert _hamming(plain[0], plain[1]) > 90


@pytest.mark.data
def test_low_quality_images_report_their_quality() -> None:
    root = require_data("pdq", "images", "pdq", "data", "misc-images")
    assert hash_image((root / "small.jpg").read_bytes()).quality < 50


def test_hashes_of_a_synthetic_image() -> None:
    data = image_bytes(1)
    h = hash_image(data)
    assert len(h.pdq) == 64 and int(h.pdq, 16) >= 0
    assert h.md5 == hashlib.md5(data).hexdigest() and h.sha256 == hashlib.sha256(data).hexdigest()
    assert h.quality >= 50 and (h.width, h.height, h.format) == (128, 96, "PNG")
    # re-encoding changes the bytes (and MD5) but not the picture: PDQ stays close
    jpeg = image_bytes(1, fmt="JPEG")
    assert _hamming(hash_image(jpeg).pdq, h.pdq) <= 31
    assert hash_image(jpeg).md5 != h.md5
    assert _hamming(hash_image(image_bytes(2)).pdq, h.pdq) > 31


def test_flat_image_has_low_quality() -> None:
    assert hash_image(flat_image_bytes()).quality < 50


def test_modes_are_converted() -> None:
    for mode in ("L", "LA", "RGBA", "P", "1"):
        buf = io.BytesIO()
        Image.open(io.BytesIO(image_bytes(3))).convert(mode).save(buf, format="PNG")
        assert len(hash_image(buf.getvalue()).pdq) == 64


@pytest.mark.parametrize(("data", "limits", "code"), [
    (b"", ImageLimits(), "empty_image"),
    (b"x" * 2000, ImageLimits(max_bytes=1000), "image_too_large"),
    (b"definitely not an image", ImageLimits(), "unsupported_format"),
    (png_declaring(100_000, 100_000), ImageLimits(), "decompression_bomb"),
    (png_declaring(5000, 5000), ImageLimits(max_pixels=1_000_000), "decompression_bomb"),
])
def test_refused(data: bytes, limits: ImageLimits, code: str) -> None:
    with pytest.raises(ImageError) as e:
        hash_image(data, limits)
    assert e.value.code == code and str(e.value)


def test_disallowed_format_and_truncated_image() -> None:
    with pytest.raises(ImageError) as e:
        hash_image(image_bytes(1, fmt="JPEG"), ImageLimits(formats=frozenset({"PNG"})))
    assert e.value.code == "unsupported_format"
    data = image_bytes(1, fmt="JPEG")
    with pytest.raises(ImageError) as e:
        hash_image(data[: len(data) // 3])
    assert e.value.code == "invalid_image"


def test_limits_from_settings(settings) -> None:  # type: ignore[no-untyped-def]
    limits = ImageLimits.from_settings(settings)
    assert limits.max_bytes == settings.max_image_bytes and "PNG" in limits.formats
