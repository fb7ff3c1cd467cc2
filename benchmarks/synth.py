"""Benchmark the synthetic-data generator: time and peak memory of a baseline (one county)
beside all of Sweden for one year at scale 1 (10.6 M persons).

Run: ``.venv/bin/python benchmarks/synth.py [--scale 1.0] [--skip-national]``. Peak memory is the
process's maximum resident set size (``resource.getrusage``), which only grows: the national run
comes second so that its figure includes the baseline's. Record the output in
docs/benchmarks.md with the date and machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from fardplan.synth import generate


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _run(
    label: str, out: Path, counties: list[str] | None, years: list[int], scale: float
) -> float:
    started = time.perf_counter()
    summary = generate(out, counties=counties, years=years, scale=scale, seed=7, overwrite=True)
    seconds = time.perf_counter() - started
    persons = summary.rows["population"]
    print(
        f"{label:<34} {seconds:8.1f} s  peak RSS {_peak_mb():7.0f} MB  "
        f"{persons:>11,} person-years  {summary.rows['contacts']:>12,} contacts  "
        f"{persons / seconds / 1e3:7.0f} k person-years/s"
    )
    shutil.rmtree(out)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = _run(
            "baseline: Västerbotten (24), 1 year", root / "base", ["24"], [2024], args.scale
        )
        _run(
            "demo: counties 22, 24, 25, 1 year",
            root / "demo1",
            ["22", "24", "25"],
            [2024],
            args.scale,
        )
        _run(
            "demo: counties 22, 24, 25, 3 years",
            root / "demo3",
            ["22", "24", "25"],
            [2023, 2024, 2025],
            args.scale,
        )
        if not args.skip_national:
            national = _run("Sweden, 1 year", root / "national", None, [2024], args.scale)
            print(f"national / baseline time ratio: {national / base:.1f}")


if __name__ == "__main__":
    main()
