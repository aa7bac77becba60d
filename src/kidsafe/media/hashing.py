"""Image hashing: PDQ (Meta's reference C++ core via ``pdqhash``), MD5 and SHA-256, under decoding limits.

Decoding is the dangerous part of handling uploads, so it happens in one place: the byte size, the
container format and the declared pixel count are checked *before* any pixel is decoded, which is what
stops decompression bombs (a few kilobytes that declare a 100,000 x 100,000 canvas).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pdqhash
from PIL import Image, UnidentifiedImageError

DEFAULT_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "BMP"})
PDQ_HEX_CHARS = 64


class ImageError(ValueError):
    """An upload that cannot be hashed; ``code`` is machine-readable, the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int = 20_971_520
    max_pixels: int = 40_000_000
    formats: frozenset[str] = DEFAULT_FORMATS

    @classmethod
    def from_settings(cls, settings: object) -> ImageLimits:
        raw = getattr(settings, "image_formats", "")
        formats = frozenset(f.strip().upper() for f in raw.split(",") if f.strip()) if raw else DEFAULT_FORMATS
        return cls(max_bytes=settings.max_image_bytes, max_pixels=settings.max_image_pixels,  # type: ignore[attr-defined]
                   formats=formats)


@dataclass(frozen=True)
class ImageHashes:
    """What kidsafe keeps about an image: hashes and a few facts, never the pixels."""

    pdq: str  # 64 hex characters (256 bits, most significant bit first, as ThreatExchange writes it)
    quality: int  # PDQ quality 0..100; below the configured minimum the PDQ hash is not used to match
    md5: str
    sha256: str
    width: int
    height: int
    format: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def bits_to_hex(bits: np.ndarray) -> str:
    """PDQ's 256 output bits (first bit = most significant) as 64 hex characters."""
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes().hex()


def digests(data: bytes) -> tuple[str, str]:
    return hashlib.md5(data, usedforsecurity=False).hexdigest(), hashlib.sha256(data).hexdigest()


def decode(data: bytes, limits: ImageLimits) -> tuple[np.ndarray, str]:
    """Decode ``data`` into an RGB ``uint8`` array, enforcing ``limits``; returns (array, format)."""
    if not data:
        raise ImageError("empty_image", "the image is empty")
    if len(data) > limits.max_bytes:
        raise ImageError("image_too_large", f"the image is {len(data)} bytes; the limit is {limits.max_bytes}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=sorted(limits.formats))
            fmt = img.format or "?"
            width, height = img.size
            if width <= 0 or height <= 0:
                raise ImageError("invalid_image", f"the image declares an empty canvas ({width}x{height})")
            if width * height > limits.max_pixels:
                raise ImageError("decompression_bomb", f"the image declares {width}x{height} = {width * height} "
                                 f"pixels; the limit is {limits.max_pixels}")
            img.seek(0)  # first frame of an animation
            rgb = img.convert("RGB") if img.mode != "RGB" else img
            rgb.load()
            array = np.asarray(rgb)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ImageError("decompression_bomb", f"the image was refused as a decompression bomb: {e}") from None
    except UnidentifiedImageError:
        raise ImageError("unsupported_format", "not an image in an accepted format "
                         f"({', '.join(sorted(limits.formats))})") from None
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise ImageError("invalid_image", f"the image could not be decoded: {e}") from None
    return array, fmt


def pdq_of_array(array: np.ndarray) -> tuple[str, int]:
    """PDQ hash (hex) and quality of an RGB ``uint8`` array (H x W x 3)."""
    bits, quality = pdqhash.compute(array)
    return bits_to_hex(bits), int(quality)


def pdq_dihedral_of_array(array: np.ndarray) -> tuple[list[str], int]:
    """The eight dihedral PDQ hashes (original, rotations, flips) of one image, and its quality."""
    all_bits, quality = pdqhash.compute_dihedral(array)
    return [bits_to_hex(b) for b in all_bits], int(quality)


def hash_image(data: bytes, limits: ImageLimits | None = None) -> ImageHashes:
    """Hash one uploaded image. Raises ``ImageError`` with a clear reason for anything unsafe or broken."""
    limits = limits or ImageLimits()
    array, fmt = decode(data, limits)
    pdq, quality = pdq_of_array(array)
    md5, sha256 = digests(data)
    return ImageHashes(pdq=pdq, quality=quality, md5=md5, sha256=sha256, width=int(array.shape[1]),
                       height=int(array.shape[0]), format=fmt)
