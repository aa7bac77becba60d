"""Hashing throughput: kidsafe's service path beside calling ``pdqhash`` directly, same images, one core.

    .venv/bin/python bench/media_hashing.py --generated 100 --rounds 3 --cpu 0

Images: every file under ``<data_dir>/pdq/images`` (the ThreatExchange PDQ test images; skipped when the
data is absent) plus ``--generated`` synthetic 1024x768 JPEGs made here with numpy/Pillow (textured noise,
a typical phone-upload size). Methods, each over the same list of encoded images:

* ``pdqhash direct``: ``Image.open(...).convert("RGB")`` then ``pdqhash.compute(np.asarray(img))``, the
  least a caller can do (PDQ needs pixels, so decoding is included);
* ``kidsafe hash_image``: ``kidsafe.media.hashing.hash_image(data, limits)``, i.e. the byte/format/pixel
  checks before decoding, decompression-bomb guard, PDQ + quality, MD5 and SHA-256;
* ``POST /v1/media:hash``: the same through the FastAPI app in-process (``TestClient``: multipart parsing,
  API-key lookup in a temporary SQLite database, JSON response), no network.

Rounds alternate the methods (so the machine's load, shared with other people, hits them alike); the table
gives the median round by CPU time (``time.process_time``) and by wall clock, pinned to one CPU. Every method
must produce the same PDQ hash for every image, which is checked.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pdqhash  # noqa: E402
from PIL import Image  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from kidsafe.config import Settings  # noqa: E402
from kidsafe.media.hashing import ImageLimits, bits_to_hex, hash_image  # noqa: E402


def synthetic_jpegs(n: int, size: tuple[int, int] = (1024, 768), seed: int = 0) -> list[bytes]:
    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    out = []
    for _ in range(n):
        img = np.zeros((h, w, 3), np.float32)
        for c in range(3):
            fx, fy, phase = rng.uniform(0.002, 0.05, 2).tolist() + [rng.uniform(0, 6.3)]
            img[..., c] = 127 + 80 * np.sin(fx * x + fy * y + phase)
        img += rng.normal(0, 20, size=(h, w, 3))
        for _ in range(10):
            x0, y0 = int(rng.integers(0, w - 64)), int(rng.integers(0, h - 64))
            img[y0:y0 + int(rng.integers(32, h // 2)), x0:x0 + int(rng.integers(32, w // 2))] = rng.uniform(0, 255, 3)
        buf = io.BytesIO()
        Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(buf, format="JPEG", quality=85)
        out.append(buf.getvalue())
    return out


def data_images(data_dir: Path) -> list[bytes]:
    root = data_dir / "pdq" / "images"
    if not root.is_dir():
        print(f"(no {root}: only generated images)")
        return []
    return [p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()]


def direct(data: bytes) -> str:
    with Image.open(io.BytesIO(data)) as img:
        bits, _quality = pdqhash.compute(np.asarray(img.convert("RGB")))
    return bits_to_hex(bits)


def service(limits: ImageLimits) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        return hash_image(data, limits).pdq

    return run


def through_api(settings: Settings) -> tuple[Callable[[bytes], str], Callable[[], None]]:
    from fastapi.testclient import TestClient

    from kidsafe.api.app import create_app
    from kidsafe.auth import create_api_key
    from kidsafe.store.db import Database

    db = Database(settings.database_url)
    db.migrate()
    with db.session() as s:
        _, key = create_api_key(s, "bench", "platform")
    client = TestClient(create_app(settings, db, migrate=False))
    client.__enter__()
    headers = {"Authorization": f"Bearer {key}"}

    def run(data: bytes) -> str:
        r = client.post("/v1/media:hash", headers=headers, files={"file": ("i", data, "application/octet-stream")})
        if r.status_code != 200:
            raise RuntimeError(r.text)
        return str(r.json()["pdq"])

    def close() -> None:
        client.__exit__(None, None, None)
        db.dispose()

    return run, close


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--generated", type=int, default=100, help="synthetic 1024x768 JPEGs to add")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cpu", type=int, default=0)
    p.add_argument("--data-dir", type=Path, default=None, help="default: KIDSAFE_DATA_DIR / Settings.data_dir")
    args = p.parse_args()
    os.sched_setaffinity(0, {args.cpu})
    tmp = tempfile.TemporaryDirectory()
    base = Settings.from_env(database_url=f"sqlite:///{tmp.name}/bench.db", secret_key="bench")
    data_dir = args.data_dir or Path(base.data_dir)
    if not data_dir.is_absolute():
        data_dir = (Path(__file__).resolve().parents[1] / data_dir).resolve()
    real = data_images(data_dir)
    images = real + synthetic_jpegs(args.generated)
    megabytes = sum(len(d) for d in images) / 1e6
    pixels = 0
    for d in images:
        with Image.open(io.BytesIO(d)) as img:
            pixels += img.size[0] * img.size[1]
    print(f"# PDQ hashing throughput: python {platform.python_version()}, pdqhash, Pillow {Image.__version__}, "
          f"pinned to CPU {sorted(os.sched_getaffinity(0))}")
    print(f"{len(images)} images ({len(real)} from {data_dir / 'pdq' / 'images'}, {args.generated} generated "
          f"1024x768 JPEG), {megabytes:.1f} MB, {pixels / len(images) / 1e6:.2f} Mpixel on average; "
          f"{args.rounds} rounds")
    api_run, api_close = through_api(base)
    methods: dict[str, Callable[[bytes], str]] = {
        "pdqhash direct": direct,
        "kidsafe hash_image": service(ImageLimits.from_settings(base)),
        "POST /v1/media:hash": api_run,
    }
    expected = [direct(d) for d in images]  # also warms caches and imports
    for name, fn in methods.items():
        got = [fn(d) for d in images[:5]]
        assert got == expected[:5], f"{name} gives other PDQ hashes"
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in methods}
    for _ in range(args.rounds):
        for name, fn in methods.items():
            w, c = time.perf_counter(), time.process_time()
            got = [fn(d) for d in images]
            timings[name].append((time.process_time() - c, time.perf_counter() - w))
            assert got == expected, f"{name} gives other PDQ hashes"
    api_close()
    tmp.cleanup()
    direct_cpu = statistics.median(c for c, _ in timings["pdqhash direct"])
    print("\n| method | images/s (CPU time) | images/s (wall) | MB/s (CPU time) | CPU time vs direct |")
    print("|---|---:|---:|---:|---:|")
    for name, rounds in timings.items():
        cpu = statistics.median(c for c, _ in rounds)
        wall = statistics.median(w for _, w in rounds)
        print(f"| {name} | {len(images) / cpu:.1f} | {len(images) / wall:.1f} | {megabytes / cpu:.1f} | "
              f"{cpu / direct_cpu:.2f}x |")
    print("\nSame PDQ hash from every method for every image: yes")


if __name__ == "__main__":
    main()
