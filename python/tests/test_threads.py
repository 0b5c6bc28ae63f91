"""Parallel use: the GIL is released while verifying, threads share the module safely, and
`verify_many` gives the reports `verify` gives, in input order."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import openbadges
from conftest import BENCH, INTEROP


def test_the_gil_is_released_while_verifying(minimal_badge: bytes) -> None:
    # Measure how long one batch takes, then run a batch of about a second in a thread while
    # this thread keeps running Python: were the GIL held, this thread would stall for the
    # whole batch.
    n = 50
    seconds = openbadges._verify_loop(minimal_badge, n)
    n = max(n, int(n * 1.0 / max(seconds, 1e-6)))
    started = threading.Event()
    result: list[float] = []

    def work() -> None:
        started.set()
        result.append(openbadges._verify_loop(minimal_badge, n))

    worker = threading.Thread(target=work)
    worker.start()
    started.wait()
    ticks = []
    while worker.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    assert result and result[0] > 0.2, result
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 10, ticks
    assert max(gaps) < result[0] / 2, (max(gaps), result[0])


def test_threads_verify_the_same_as_one(minimal_badge: bytes) -> None:
    tampered = json.loads(minimal_badge)
    tampered["credentialSubject"]["achievement"]["name"] = "Forged"
    inputs: list[openbadges.Data] = [minimal_badge, tampered] * 20
    expected = [openbadges.verify(i).to_json() for i in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda i: openbadges.verify(i).to_json(), inputs))
    assert got == expected
    assert {json.loads(g)["verdict"] for g in got} == {"valid", "invalid"}


def test_threads_issue_and_verify_concurrently() -> None:
    unsigned = json.loads((INTEROP / "credentials" / "ob-minimal-eddsa-rdfc-2022.json").read_text())
    del unsigned["proof"]
    key = openbadges.SecretKey.generate()
    unsigned["issuer"]["id"] = key.did_key
    issuer = openbadges.Issuer(key)

    def round_trip(i: int) -> bool:
        badge = json.loads(json.dumps(unsigned))
        badge["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
        return openbadges.verify(issuer.issue(badge)).ok

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(round_trip, range(24)))


def test_verify_many_is_verify_in_order(minimal_badge: bytes) -> None:
    files = sorted(BENCH.glob("*.json"))
    files = [f for f in files if f.name not in ("keys.json", "manifest.json")]
    inputs: list[openbadges.Data] = [f.read_bytes() for f in files]
    inputs += [minimal_badge, b"{oops"]
    many = openbadges.verify_many(inputs, at="2025-06-01T00:00:00Z")
    one = [openbadges.verify(i, at="2025-06-01T00:00:00Z") for i in inputs]
    assert [r.to_json() for r in many] == [r.to_json() for r in one]
    assert many[-1].has_code("parse.syntax")
    assert many[-2].ok


def test_verify_many_takes_any_iterable_and_options(minimal_badge: bytes) -> None:
    expired = (INTEROP / "credentials" / "ob-neg-expired-eddsa-rdfc-2022.json").read_bytes()
    reports = openbadges.verify_many(iter([expired, expired]), at="2023-06-01T00:00:00Z")
    assert [r.verdict for r in reports] == ["valid", "valid"]
    assert openbadges.verify_many([]) == []
    assert [r.verdict for r in openbadges.verify_many((expired,))] == ["invalid"]


def test_one_verifier_shared_by_threads(minimal_badge: bytes) -> None:
    verifier = openbadges.Verifier(at="2025-06-01T00:00:00Z")
    tampered = json.loads(minimal_badge)
    tampered["credentialSubject"]["achievement"]["name"] = "Forged"
    inputs: list[openbadges.Data] = [minimal_badge, tampered] * 16
    with ThreadPoolExecutor(max_workers=6) as pool:
        verdicts = list(pool.map(lambda i: verifier.verify(i).verdict, inputs))
    assert verdicts == ["valid", "invalid"] * 16
