"""Synthetic images and hashes for the media tests (no real images)."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image


def image_bytes(seed: int = 0, size: tuple[int, int] = (128, 96), fmt: str = "PNG") -> bytes:
    """A textured synthetic image (gradients, blobs and sharp blocks: PDQ quality well above 50)."""
    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), dtype=np.float32)
    for c in range(3):
        for _ in range(6):
            cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(5, max(w, h) / 3)
            img[..., c] += rng.uniform(40, 120) * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))
        img[..., c] += rng.uniform(0, 60) * (x / w) + rng.uniform(0, 60) * (y / h)
    for _ in range(12):  # sharp-edged blocks give PDQ the gradients its quality measures
        x0, y0 = int(rng.integers(0, w - 8)), int(rng.integers(0, h - 8))
        img[y0:y0 + int(rng.integers(6, h // 2)), x0:x0 + int(rng.integers(6, w // 2))] = rng.uniform(0, 255, 3)
    buf = io.BytesIO()
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(buf, format=fmt)
    return buf.getvalue()


def flat_image_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (128, 128, 128)).save(buf, format="PNG")
    return buf.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` x ``height`` pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def flip_bits(hex_hash: str, n: int, seed: int = 0) -> str:
    """``hex_hash`` with ``n`` distinct bits flipped."""
    rng = np.random.default_rng(seed)
    value = int(hex_hash, 16)
    for b in rng.choice(256, size=n, replace=False):
        value ^= 1 << int(b)
    return f"{value:064x}"


def random_pdq(seed: int) -> str:
    return np.random.default_rng(seed).bytes(32).hex()
