"""Benchmark: the server-side time of the follow-up pages on a stored run (issue 19, point 11).

    python benchmarks/web.py --dir /tmp/fardplan-web                       # the demo's counties
    python benchmarks/web.py --dir /tmp/fardplan-web-se --counties all --scale 0.05

It builds (or reuses, since every demo step is idempotent) the demo in ``--dir``: schema,
organisations, strategies, plans, the demo's indicator links, synthetic care data for the
counties at ``--scale`` and the stored run. Then it measures the county overview, an indicator
(series) page and the comparison page with the map:

- single user, in this process through Django's test client: *cold* is the first request after
  the store's cache is dropped (so it reads the run), *warm* the median and p95 of
  ``--requests`` further ones;
- ``--users`` concurrent users: a real ``fardplan serve`` on loopback (``--port``), each user a
  thread with its own httpx client requesting the pages in turn, bounded by ``--seconds``.

Prints the times and the peak memory (maximum resident set size) of this process and of the
server. Figures go to docs/benchmarks.md by hand, with date and machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALL_COUNTIES = (
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
    "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
)  # fmt: skip
# The pages of Norrbotten and Luleå, the demo's injected effect.
PAGES = {
    "overview": "/uppfoljning/lan/25/laget/",
    "series": "/uppfoljning/indikatorer/avoidable_admissions/2580/",
    "compare+map": "/uppfoljning/indikatorer/avoidable_admissions/lan/25/",
}


def prepare(counties: tuple[str, ...], scale: float) -> float:
    """Build the demo for ``counties`` at ``scale`` in the data directory; return seconds."""
    from dataclasses import replace

    from fardplan.web.site import demo

    demo.DEMO_CARE_DATA = replace(demo.DEMO_CARE_DATA, counties=counties, scale=scale)
    started = time.perf_counter()
    for label, step in demo.demo_steps():
        begun = time.perf_counter()
        step()
        print(f"  {label}: {time.perf_counter() - begun:.1f} s", flush=True)
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of ``values`` (0 < share ≤ 1)."""
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered) + 0.5) - 1)]


def single_user(requests: int) -> None:
    """Print cold and warm times of each page for one anonymous user (test client).

    Warm requests alternate with a baseline: the same request after the charts' spec caches
    (the Vega-Lite skeletons without data) are dropped, so the ratio shows what they save on
    this machine at this moment."""
    from django.test import Client

    from fardplan.web.followup.query import forget_cache

    client = Client()
    for name, url in PAGES.items():
        forget_cache()
        begun = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - begun) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        times: list[float] = []
        baseline: list[float] = []
        for _ in range(requests):
            _forget_spec_caches()
            begun = time.perf_counter()
            client.get(url)
            baseline.append((time.perf_counter() - begun) * 1000)
            begun = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - begun) * 1000)
        median = statistics.median(times)
        print(
            f"  {name:12} cold {cold:7.1f} ms   warm median {median:6.1f} ms"
            f"   p95 {percentile(times, 0.95):6.1f} ms   ({len(response.content) // 1024} KiB)"
            f"   without spec caches: median {statistics.median(baseline):6.1f} ms"
            f" p95 {percentile(baseline, 0.95):6.1f} ms"
            f" (ratio {median / statistics.median(baseline):.2f})",
            flush=True,
        )


def _forget_spec_caches() -> None:
    from fardplan.web.followup import chart, compare_charts

    chart._skeleton.cache_clear()
    compare_charts._funnel_skeleton.cache_clear()
    compare_charts._panels_skeleton.cache_clear()


def concurrent_users(users: int, seconds: float, port: int) -> None:
    """Start ``fardplan serve`` and print latency figures for ``users`` concurrent users."""
    import logging

    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(
        [sys.executable, "-m", "fardplan.cli.main", "serve", "--port", str(port), "--threads", "8"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        for url in PAGES.values():  # warm the server's store cache
            httpx.get(base + url, timeout=60)
        times: dict[str, list[float]] = {name: [] for name in PAGES}
        errors: list[str] = []
        deadline = time.perf_counter() + seconds

        def user() -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                while time.perf_counter() < deadline:
                    for name, url in PAGES.items():
                        begun = time.perf_counter()
                        response = client.get(url)
                        times[name].append((time.perf_counter() - begun) * 1000)
                        if response.status_code != 200:
                            errors.append(f"{url}: {response.status_code}")

        threads = [threading.Thread(target=user) for _ in range(users)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
        elapsed = time.perf_counter() - started
        total = sum(len(t) for t in times.values())
        print(f"  {users} users, {elapsed:.0f} s, {total / elapsed:.1f} requests/s, "
              f"{len(errors)} errors")  # fmt: skip
        for name, values in times.items():
            print(
                f"  {name:12} median {statistics.median(values):7.1f} ms"
                f"   p95 {percentile(values, 0.95):7.1f} ms   ({len(values)} requests)"
            )
        print(f"  server peak memory: {_peak_kib(server.pid) / 1024:.0f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(base: str, server: subprocess.Popen[bytes]) -> None:
    import httpx

    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit("fardplan serve exited")
        try:
            httpx.get(base + "/", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.5)
    raise SystemExit("fardplan serve did not answer within a minute")


def _peak_kib(pid: int) -> int:
    """Return the peak resident set size of a running process (Linux's VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, required=True, help="data directory (kept)")
    parser.add_argument("--counties", default="22,24,25", help="county codes, or 'all'")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8021)
    args = parser.parse_args()
    counties = ALL_COUNTIES if args.counties == "all" else tuple(args.counties.split(","))

    args.dir.mkdir(parents=True, exist_ok=True)
    os.environ["FARDPLAN_DATA_DIR"] = str(args.dir.resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ["FARDPLAN_PLAIN_HTTP"] = "1"  # loopback only, as `fardplan serve` sets it
    sys.path.insert(0, str(ROOT / "src"))
    from fardplan.cli.web import _setup_django

    _setup_django()
    print(f"Building the demo in {args.dir} ({len(counties)} counties, scale {args.scale})")
    print(f"  total {prepare(counties, args.scale):.1f} s")
    print(f"Single user ({args.requests} warm requests per page)")
    single_user(args.requests)
    print(f"  peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"Concurrent users (fardplan serve on 127.0.0.1:{args.port})")
    concurrent_users(args.users, args.seconds, args.port)


if __name__ == "__main__":
    main()
