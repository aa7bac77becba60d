"""Text engine speed on one core, beside alt-profanity-check in the same run.

    bash bench/setup_peers.sh     # once (for the peer column)
    .venv/bin/python bench/text_speed.py [--messages 20000] [--requests 1000]

Measures, on synthetic chat messages generated here (invented, FR/EN):

1. ``kidsafe classify`` end to end under ``taskset -c 0`` (process start and model load included, then
   also without them: the same command on a 1-line input is subtracted);
2. the engine alone (``analyze_batch`` in batches of 512, in-process) under ``taskset -c 0``;
3. alt-profanity-check's ``predict_prob`` on the same texts, batches of 512, under ``taskset -c 0``;
4. p50/p99 latency of single-text ``POST /v1/text:analyze`` over loopback against a real ``kidsafe serve``
   (uvicorn subprocess on 127.0.0.1, one keep-alive connection, sequential requests after 50 warm-up ones),
   and the service's peak RSS (VmHWM) at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = ROOT / ".venv" / "bin" / "python"
KIDSAFE = ROOT / ".venv" / "bin" / "kidsafe"
PEER_PY = ROOT / ".venv-peers" / "bin" / "python"

_EN = ("hey what are you doing tonight", "lol that was so funny", "you are such an idiot", "see you at school",
       "did you finish the maths homework", "shut up nobody asked you", "add me on snap", "where do you live",
       "I love this song so much", "this game is trash", "are your parents home", "good luck for the match",
       "send me a pic", "you're so mature for your age", "i hate mondays", "what the hell is wrong with you")
_FR = ("salut ça va", "tu fais quoi ce soir", "t'es trop bête", "on se voit demain au collège", "mdr trop drôle",
       "ta gueule", "j'ai pas fini mes devoirs", "t'habites où", "c'est notre secret", "vas-y arrête",
       "trop bien le film", "tg fdp", "envoie une photo", "bonne chance pour le match")


def synthetic_messages(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pool = _EN if rng.random() < 0.6 else _FR
        k = rng.choice((1, 1, 2, 3))
        msg = " ".join(rng.choice(pool) for _ in range(k))
        if rng.random() < 0.2:
            msg += rng.choice((" !!", " 😂", " ?", " 🙄", " xD"))
        out.append(msg)
    return out


def _taskset(cmd: list[str]) -> list[str]:
    return ["taskset", "-c", "0", *cmd] if _has_taskset() else cmd


def _has_taskset() -> bool:
    return subprocess.run(["which", "taskset"], capture_output=True).returncode == 0


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def bench_classify(path: Path, tiny: Path, n: int) -> dict[str, float]:
    """Wall-clock and CPU time (user+sys of the child: robust on a shared machine) of ``kidsafe classify``."""
    def run(p: Path) -> tuple[float, float]:
        t0, c0 = time.perf_counter(), _children_cpu()
        subprocess.run(_taskset([str(KIDSAFE), "classify", str(p), "-o", os.devnull]), check=True,
                       stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0, _children_cpu() - c0

    startup, startup_cpu = min(run(tiny) for _ in range(2))
    total, cpu = run(path)
    return {"seconds": total, "cpu_seconds": cpu, "startup_seconds": startup, "startup_cpu_seconds": startup_cpu,
            "msgs_per_s": n / total, "msgs_per_cpu_s": n / cpu,
            "msgs_per_s_excl_startup": n / max(total - startup, 1e-9),
            "msgs_per_cpu_s_excl_startup": n / max(cpu - startup_cpu, 1e-9)}


ENGINE = r"""
import json, sys, time
from kidsafe.text.engine import get_analyzer
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
a = get_analyzer()
a.analyze_batch(texts[:512])
t0, c0 = time.perf_counter(), time.process_time()
for i in range(0, len(texts), 512):
    a.analyze_batch(texts[i:i + 512])
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0}))
"""
PEER = r"""
import json, sys, time
from profanity_check import predict_prob
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
predict_prob(texts[:512])
t0, c0 = time.perf_counter(), time.process_time()
for i in range(0, len(texts), 512):
    predict_prob(texts[i:i + 512])
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0}))
"""


def bench_inprocess(python: Path, script: str, path: Path, n: int) -> dict[str, float]:
    out = subprocess.run(_taskset([str(python), "-c", script, str(path)]), check=True, capture_output=True, text=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    return {"seconds": res["seconds"], "cpu_seconds": res["cpu_seconds"], "msgs_per_s": n / res["seconds"],
            "msgs_per_cpu_s": n / res["cpu_seconds"]}


def _proc_cpu(pid: int) -> float:
    """user+sys CPU seconds of a running process (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_service(texts: list[str], requests: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "KIDSAFE_HOME": home, "KIDSAFE_DATABASE_URL": f"sqlite:///{home}/kidsafe.db"}
        key = subprocess.run([str(KIDSAFE), "apikey", "create", "--name", "bench"], env=env, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        port = _free_port()
        server = subprocess.Popen([str(KIDSAFE), "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 60
            while True:
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    c.request("GET", "/healthz")
                    if c.getresponse().status == 200:
                        break
                except OSError:
                    pass
                if time.time() > deadline:
                    raise RuntimeError("kidsafe serve did not start")
                time.sleep(0.2)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
            lat = []
            cpu0 = 0.0
            for i in range(requests + 50):
                if i == 50:
                    cpu0 = _proc_cpu(server.pid)
                body = json.dumps({"text": texts[i % len(texts)]})
                t0 = time.perf_counter()
                conn.request("POST", "/v1/text:analyze", body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                dt = time.perf_counter() - t0
                if resp.status != 200:
                    raise RuntimeError(f"HTTP {resp.status}")
                if i >= 50:
                    lat.append(dt * 1000)
            server_cpu_ms = (_proc_cpu(server.pid) - cpu0) * 1000 / requests
            lat.sort()
            hwm = 0
            for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
            return {"requests": requests, "p50_ms": lat[len(lat) // 2], "p99_ms": lat[int(len(lat) * 0.99) - 1],
                    "max_ms": lat[-1], "server_cpu_ms_per_request": server_cpu_ms, "peak_rss_mib": hwm / 1024}
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--requests", type=int, default=1000)
    args = ap.parse_args()
    texts = synthetic_messages(args.messages)
    result: dict[str, object] = {"messages": args.messages, "mean_chars": sum(map(len, texts)) / len(texts),
                                 "one_core": _has_taskset()}
    with tempfile.TemporaryDirectory() as tmp:
        path, tiny = Path(tmp) / "msgs.jsonl", Path(tmp) / "one.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
        tiny.write_text(json.dumps({"id": 0, "text": texts[0]}) + "\n", encoding="utf-8")
        result["classify_cli"] = bench_classify(path, tiny, len(texts))
        result["engine"] = bench_inprocess(PY, ENGINE, path, len(texts))
        if PEER_PY.exists():
            result["alt_profanity_check"] = bench_inprocess(PEER_PY, PEER, path, len(texts))
            result["engine_vs_peer"] = result["engine"]["msgs_per_s"] / result["alt_profanity_check"]["msgs_per_s"]
    result["service"] = bench_service(texts, args.requests)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
