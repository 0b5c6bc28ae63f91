"""Per-call cost of verifying through the Python binding, against the Rust rate, in one run.

    python python/bench.py [--n 50] [--rounds 61] [--json]

Verifies the bundled eddsa-rdfc-2022 badge (``tests/data/bench/ob-minimal.eddsa-rdfc-2022.json``,
the file of the README's performance table) ``n`` times per measurement:

- ``rust``: ``openbadges._verify_loop`` parses and verifies in a Rust loop, the GIL released,
  no Python in the loop: the rate the CLI verifies at in process (parse + ``Verifier::verify``);
- ``binding(bytes)``: ``openbadges.verify(data)`` called from a Python loop, building the
  ``Report`` each time (the binding's whole cost: argument conversion, GIL release and
  re-acquisition, report conversion);
- ``binding(dict)``: the same with a ``dict`` (``json.dumps`` first);
- ``verify_many``: one call over ``n`` copies, spread over every core (wall time per
  credential: the only figure here that is not CPU time);
- ``peer``, when ``openvc-core[data-integrity]`` is installed: its pure-Python
  ``DataIntegrityProofSuite.verify`` (pyld URDNA2015 + Ed25519 from ``cryptography``) on
  the same badge, with the repository's bundled contexts served offline.

Measurements are short (``n`` calls, about ten milliseconds) and interleaved over ``rounds``
rounds, each side run twice per round in mirrored order (A-B-C, C-B-A). The overhead is reported two ways: the median of the per-round ratios
``binding / rust - 1`` (a load spike on a shared machine hits both sides of a ratio alike),
and the ratio of the fastest rounds (the least disturbed measurement of each). Build the module with ``maturin develop --release`` (or install a
release wheel) first: a debug build measures nothing useful.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

import openbadges

ROOT = Path(__file__).resolve().parents[1]
BADGE = ROOT / "tests" / "data" / "bench" / "ob-minimal.eddsa-rdfc-2022.json"
CONTEXTS = ROOT / "contexts"

# The bundled contexts the badge names (contexts/NOTICE gives the canonical URLs).
PEER_CONTEXTS = {
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
}


def timed(call: Callable[[], object], n: int) -> float:
    """CPU seconds of this thread per call of ``call``, over ``n`` calls (CPU time, not wall
    time: on a shared machine the time other processes hold the core is not counted)."""
    start = time.thread_time()
    for _ in range(n):
        call()
    return (time.thread_time() - start) / n


def peer_verifier(badge: dict[str, Any]) -> Optional[Callable[[dict[str, Any]], bool]]:
    """openvc-core's eddsa-rdfc-2022 verifier, if installed; checked on the badge and on a
    tampered copy before it is timed."""
    try:
        from openvc.proof.data_integrity import DataIntegrityProofSuite  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    suite = DataIntegrityProofSuite()
    extra = {url: json.loads((CONTEXTS / file).read_text()) for url, file in PEER_CONTEXTS.items()}

    def verify(document: dict[str, Any]) -> bool:
        try:
            suite.verify(document, extra_contexts=extra)
            return True
        except Exception:  # the peer raises on any failure
            return False

    tampered = copy.deepcopy(badge)
    tampered["credentialSubject"]["achievement"]["name"] += " (forged)"
    if not verify(badge) or verify(tampered):
        raise SystemExit("the peer does not verify the badge and reject a tampered copy")
    return verify


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50, help="verifications per measurement")
    parser.add_argument("--rounds", type=int, default=61, help="interleaved rounds")
    parser.add_argument("--peer-n", type=int, default=1, help="verifications per peer measurement")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    data = BADGE.read_bytes()
    badge = json.loads(data)
    # Every side checks the same thing: the badge verifies, a tampered copy does not.
    assert openbadges.verify(data).ok
    forged = copy.deepcopy(badge)
    forged["credentialSubject"]["achievement"]["name"] += " (forged)"
    assert not openbadges.verify(forged).ok
    peer = peer_verifier(badge)

    openbadges._verify_loop(data, 200)  # warm up: contexts compiled, keys cached
    for _ in range(200):
        openbadges.verify(data)

    rounds: dict[str, list[float]] = {"rust": [], "binding(bytes)": [], "binding(dict)": [], "verify_many": []}
    if peer is not None:
        rounds["peer"] = []
    many_inputs = [data] * args.n
    sides: list[tuple[str, Callable[[], float]]] = [
        # The Rust loop runs on this thread (the GIL released): its CPU time is this thread's.
        ("rust", lambda: timed(lambda: openbadges._verify_loop(data, args.n), 1) / args.n),
        ("binding(bytes)", lambda: timed(lambda: openbadges.verify(data), args.n)),
        ("binding(dict)", lambda: timed(lambda: openbadges.verify(badge), args.n)),
    ]
    for _ in range(args.rounds):
        # A-B-C then C-B-A: whatever drifts during a round (load, frequency) weighs on every
        # side alike; each side's figure for the round is the mean of its two runs.
        first = {name: run() for name, run in sides}
        second = {name: run() for name, run in reversed(sides)}
        for name, _ in sides:
            rounds[name].append((first[name] + second[name]) / 2)
        start = time.perf_counter()
        openbadges.verify_many(many_inputs)
        rounds["verify_many"].append((time.perf_counter() - start) / args.n)
        if peer is not None:
            rounds["peer"].append(timed(lambda: peer(badge), args.peer_n))

    rust = rounds["rust"]
    result: dict[str, Any] = {
        "file": str(BADGE.relative_to(ROOT)),
        "n": args.n,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "openbadges": openbadges.__version__,
        "per_call_us": {k: round(statistics.median(v) * 1e6, 2) for k, v in rounds.items()},
        "overhead_vs_rust_pct": {
            k: round(statistics.median(b / r - 1 for b, r in zip(v, rust)) * 100, 2)
            for k, v in rounds.items()
            if k.startswith("binding")
        },
        "overhead_fastest_pct": {
            k: round((min(v) / min(rust) - 1) * 100, 2)
            for k, v in rounds.items()
            if k.startswith("binding")
        },
        "fastest_us": {k: round(min(v) * 1e6, 2) for k, v in rounds.items()},
        "ratio_to_rust": {
            k: round(statistics.median(b / r for b, r in zip(v, rust)), 3)
            for k, v in rounds.items()
            if k in ("verify_many", "peer")
        },
        "peer": "openvc-core DataIntegrityProofSuite (pyld)" if peer is not None else None,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['file']}: {args.n} verifications x {args.rounds} rounds, {result['cpus']} CPUs")
    for name, us in result["per_call_us"].items():
        extra = ""
        if name in result["overhead_vs_rust_pct"]:
            extra = (
                f"  overhead vs rust: {result['overhead_vs_rust_pct'][name]:+.1f} % (median of"
                f" paired rounds), {result['overhead_fastest_pct'][name]:+.1f} % (fastest rounds)"
            )
        elif name in result["ratio_to_rust"]:
            extra = f"  {result['ratio_to_rust'][name]:.3f} x rust"
        print(f"  {name:16} {us:10.1f} us/credential (median), {result['fastest_us'][name]:10.1f} (fastest){extra}")
    if peer is None:
        print("  peer: not installed (pip install 'openvc-core[data-integrity]' to compare)")


if __name__ == "__main__":
    main()
