"""Benchmark the FHIR export (row by row before, DuckDB SQL now) and ``fardplan fhir import``.

Run from the repository root: ``PYTHONPATH=src .venv/bin/python -m benchmarks.fhir
[--counties 24] [--scale 1.0] [--years 2024]``. Each phase runs in its own process, so its peak
resident set size (``resource.getrusage``) is its own: the Parquet generation alone (the part
both exports share), the row-by-row export (``benchmarks/fhir_rowwise.py``), the new export,
and the import of the new export. Conversion time is an export's time less the Parquet phase's.
Record the output in docs/benchmarks.md with the date and machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PHASES = ("parquet", "export_rowwise", "export", "import")
ROOT = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def _phase(
    name: str, root: Path, counties: list[str], years: list[int], scale: float
) -> dict[str, Any]:
    """Run one phase in this process; return its figures."""
    from fardplan.synth import generate

    passes: dict[str, Any] = {}
    args: dict[str, Any] = {"counties": counties, "years": years, "scale": scale, "seed": 7}
    started = time.perf_counter()
    if name == "parquet":
        summary = generate(root / "parquet", **args)
        count, size = sum(summary.rows.values()), _folder_bytes(root / "parquet")
    elif name in ("export_rowwise", "export"):
        if name == "export_rowwise":
            import fardplan.synth.fhir as module
            from benchmarks import fhir_rowwise

            module.write_fhir = fhir_rowwise.write_fhir  # generate() looks it up at call time
        out = root / name
        summary = generate(out, fmt="fhir", **args)
        count, size = sum(summary.rows.values()), _folder_bytes(out)
    else:
        from fardplan.fhir import import_fhir

        report = import_fhir(root / "export", root / "imported")
        count, size = report.lines, _folder_bytes(root / "export")
        assert not report.unmapped, report.as_json()
        passes = {"passes": report.seconds}
    return passes | {
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "count": count,
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counties", default="24")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--years", default="2024")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    counties = args.counties.split(",")
    years = [int(y) for y in args.years.split(",")]
    if args.phase:
        print(json.dumps(_phase(args.phase, args.root, counties, years, args.scale)))
        return
    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for phase in PHASES:
            command = [sys.executable, "-m", "benchmarks.fhir", "--phase", phase, "--root", tmp]
            command += ["--counties", args.counties, "--scale", str(args.scale)]
            command += ["--years", args.years]
            done = subprocess.run(
                command, cwd=ROOT, env=os.environ, check=True, capture_output=True, text=True
            )
            figures[phase] = json.loads(done.stdout.strip().splitlines()[-1])
            f = figures[phase]
            print(
                f"{phase:<15} {f['seconds']:8.1f} s  peak RSS {f['peak_mb']:7.0f} MB  "
                f"{f['count']:>11,} rows/resources/lines  {f['bytes'] / 1e6:9.1f} MB"
            )
    base = figures["parquet"]["seconds"]
    old = figures["export_rowwise"]["seconds"] - base
    new = figures["export"]["seconds"] - base
    resources = figures["export"]["count"]
    print(f"conversion to NDJSON: row by row {old:.1f} s ({resources / old:,.0f} resources/s), ")
    print(f"  new {new:.1f} s ({resources / new:,.0f} resources/s): {old / new:.1f}x faster")
    imported = figures["import"]
    print(
        f"import: {imported['count'] / imported['seconds']:,.0f} lines/s, "
        f"{imported['bytes'] / 1e6 / imported['seconds']:.1f} MB/s; "
        f"reading {imported['passes']['read']:.1f} s, "
        f"resolving {imported['passes']['resolve']:.1f} s"
    )


if __name__ == "__main__":
    main()
