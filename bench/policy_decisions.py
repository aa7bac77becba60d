"""Decision latency for a prior analysis: the policy engine in-process, beside the full recorded decision.

Builds a fixed set of synthetic events (seeded; prior analyses with random scores, random age bands,
contexts and relationships, some conversation risk and content ratings), then times one decision at a
time and reports p50/p99/max in microseconds for:

- ``engine``: ``CompiledPolicy.evaluate`` with the default policy (the in-process target: p99 <= 2 ms);
- ``engine-500``: the same with a 500-rule policy (the default ``KIDSAFE_MAX_POLICY_RULES``);
- ``body-to-reasons``: the whole in-process path of ``POST /v1/decisions`` for a prior analysis, without the
  store: validate the JSON body (pydantic), build the event, evaluate, nudge wording and reasons;
- ``decide`` (the peer, same run): ``kidsafe.policy.decisions.decide`` in a transaction on a fresh SQLite
  store: policy lookup, the decision record and, for escalations, the ``policy.decision`` event, with
  a candidate policy in shadow; bands given in the event (no age-signal lookup);
- ``decide+age``: the same with both bands read from stored age signals.

    .venv/bin/python -m bench.policy_decisions                 # 20,000 engine / 2,000 store decisions
    .venv/bin/python -m bench.policy_decisions --events 5000 --stored 500 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CATEGORIES = ["sexual", "sexual_minors", "violence", "self_harm", "hate", "harassment", "profanity", "grooming",
              "sextortion", "personal_info"]
BANDS = ["under_13", "13_15", "16_17", "adult", "unknown"]
CONTEXTS = ["public_post", "comment", "direct_message", "group_chat", "live"]
RATINGS = [None, None, None, "PEGI 12", "PEGI 16", "PEGI 18", "ESRB T"]


def make_bodies(n: int, seed: int = 11) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    bodies = []
    for i in range(n):
        # mostly benign scores, with a tail of strong signals, like real traffic
        scores = {c: round(rng.random() ** 4, 4) for c in CATEGORIES}
        body: dict[str, Any] = {
            "actor": {"id": f"a{i % 997}", "age_band": rng.choice(BANDS)},
            "target": {"id": f"t{i % 991}", "age_band": rng.choice(BANDS)},
            "context": rng.choice(CONTEXTS),
            "relationship": rng.choice(["approved_contact", "stranger"]),
            "analysis": {"scores": scores, "flags": [c for c, s in scores.items() if s >= 0.5]},
        }
        if rng.random() < 0.1:
            body["conversation_risk"] = {"grooming": rng.random(), "sextortion": rng.random(),
                                         "level": rng.randint(0, 3)}
        rating = rng.choice(RATINGS)
        if rating:
            body["content_rating"] = rating
        bodies.append(body)
    return bodies


def big_policy(n_rules: int, seed: int = 5) -> str:
    """A valid policy with ``n_rules`` random rules (YAML)."""
    import yaml

    rng = random.Random(seed)
    actions = ["allow", "label", "nudge", "blur", "hold_for_review", "block", "block_and_escalate"]
    rules = []
    for i in range(n_rules):
        when: dict[str, Any] = {"scores": {rng.choice(CATEGORIES): round(rng.uniform(0.3, 0.95), 2)}}
        if rng.random() < 0.5:
            when["target_age"] = rng.sample(BANDS, 2)
        if rng.random() < 0.5:
            when["context"] = rng.sample(CONTEXTS, 2)
        rules.append({"id": f"r{i}", "when": when, "action": rng.choice(actions)})
    return yaml.safe_dump({"policy": {"version": f"big-{n_rules}"}, "rules": rules})


def percentiles(timed: tuple[list[float], list[float]]) -> dict[str, float]:
    """Wall-clock and CPU-time (this thread) percentiles: on a shared machine the wall-clock tail includes
    time the process waited for a core; the CPU time is the decision's own cost."""
    wall, cpu = sorted(timed[0]), sorted(timed[1])
    n = len(wall)
    return {"n": n, "p50_us": round(wall[n // 2] * 1e6, 1), "p99_us": round(wall[int(n * 0.99)] * 1e6, 1),
            "max_us": round(wall[-1] * 1e6, 1), "mean_us": round(statistics.fmean(wall) * 1e6, 1),
            "cpu_p50_us": round(cpu[n // 2] * 1e6, 1), "cpu_p99_us": round(cpu[int(n * 0.99)] * 1e6, 1)}


def time_each(fn: Callable[[Any], Any], items: list[Any], warmup: int = 200) -> tuple[list[float], list[float]]:
    for it in items[:warmup]:
        fn(it)
    wall, cpu = [], []
    clock, cpu_clock = time.perf_counter, time.thread_time
    for it in items:
        t0, c0 = clock(), cpu_clock()
        fn(it)
        c1, t1 = cpu_clock(), clock()
        wall.append(t1 - t0)
        cpu.append(c1 - c0)
    return wall, cpu


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=20_000, help="decisions timed in-process")
    ap.add_argument("--stored", type=int, default=2_000, help="decisions timed through the store")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)

    from kidsafe.policy import age, decisions, registry
    from kidsafe.policy.engine import CompiledPolicy
    from kidsafe.policy.inputs import DecisionInput
    from kidsafe.policy.loader import parse_policy
    from kidsafe.store.db import Database

    bodies = make_bodies(args.events)
    inputs = [DecisionInput.model_validate(b) for b in bodies]
    evs = [decisions.to_event(i, i.actor.age_band, i.target.age_band,  # type: ignore[arg-type]
                              {"scores": {c.value: s for c, s in i.analysis.scores.items()},  # type: ignore[union-attr]
                               "flags": [c.value for c in i.analysis.flags]})  # type: ignore[union-attr]
           for i in inputs]
    live = registry.default_policy()
    big = CompiledPolicy(parse_policy(big_policy(500), max_rules=500))
    results: dict[str, Any] = {"policy_rules": len(live.rules)}
    results["engine"] = percentiles(time_each(live.evaluate, evs))
    results["engine-500"] = percentiles(time_each(big.evaluate, evs))

    def from_body(body: dict[str, Any]) -> dict[str, Any]:
        inp = DecisionInput.model_validate(body)
        analysis = decisions.analysis_of(inp, None, 20_000)
        ev = decisions.to_event(inp, inp.actor.age_band, inp.target.age_band, analysis)  # type: ignore[arg-type, union-attr]
        d = live.evaluate(ev)
        return {"action": d.action.value, "nudge": decisions.nudge_of(d, ev, "en", "GB"),
                "reasons": decisions.explain(d, ev, live)}

    results["body-to-reasons"] = percentiles(time_each(from_body, bodies))
    actions: dict[str, int] = {}
    for ev in evs:
        a = live.evaluate(ev).action.value
        actions[a] = actions.get(a, 0) + 1
    results["action_mix"] = dict(sorted(actions.items()))

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        db.migrate()
        candidate = registry.DEFAULT_POLICY_FILE.read_text(encoding="utf-8").replace(
            'version: "2026.11-2"', 'version: "bench-candidate"')
        with db.session() as s:
            registry.upload(s, candidate, "yaml", "candidate", "bench")
            for i in range(1000):
                age.add_signal(s, f"a{i}", BANDS[i % 4], "os_signal")
                age.add_signal(s, f"t{i}", BANDS[(i + 1) % 4], "guardian_declared")
        stored = inputs[: args.stored]

        def decide(inp: DecisionInput) -> None:
            with db.session() as s:
                decisions.decide(s, inp)

        results["decide"] = percentiles(time_each(decide, stored, warmup=50))
        no_bands = [i.model_copy(update={"actor": i.actor.model_copy(update={"age_band": None}),
                                         "target": i.target.model_copy(update={"age_band": None})})  # type: ignore[union-attr]
                    for i in stored]
        results["decide+age"] = percentiles(time_each(decide, no_bands, warmup=50))
        db.dispose()
    results["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    results["ratio_decide_over_engine_p50"] = round(results["decide"]["p50_us"] / results["engine"]["p50_us"], 1)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for k in ("engine", "engine-500", "body-to-reasons", "decide", "decide+age"):
            r = results[k]
            print(f"{k:<12} n={r['n']:>6}  wall p50 {r['p50_us']:>8.1f} us  p99 {r['p99_us']:>8.1f} us  "
                  f"max {r['max_us']:>9.1f} us | cpu p50 {r['cpu_p50_us']:>8.1f} us  p99 {r['cpu_p99_us']:>8.1f} us")
        print(f"default policy: {results['policy_rules']} rules; actions: {results['action_mix']}")
        print(f"decide / engine (p50): {results['ratio_decide_over_engine_p50']}x")
        print(f"load average at the end: {results['loadavg']}")
    return results


if __name__ == "__main__":
    main()
