"""Benchmark: the engine against hand-written DuckDB SQL and against pandas.

    python benchmarks/engine.py --make-data 1000000 --data /tmp/bench   # build, then run
    python benchmarks/engine.py --data /path/to/dataset                 # an existing dataset
    python benchmarks/engine.py --data DIR --previous DIR_ONE_MONTH_LESS --only engine incremental

``incremental``: the engine on ``--data`` given the stored results and kept sums (``engine.state``)
of a run on ``--previous`` (the same dataset one month shorter, see ``benchmarks/truncate.py``);
that earlier run is made first, untimed, in its own child. The incremental run keeps its own sums
too, as ``fardplan compute --incremental`` does, and that is timed.

Each variant runs in its own child process so that its time and peak memory (maximum resident
set size) are its own. Figures go to docs/benchmarks.md by hand, with date and machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("engine", "hand_sql", "engine_subset", "pandas_subset", "incremental")
PREVIOUS_RESULTS = Path(tempfile.gettempdir()) / "fardplan-benchmark-previous.parquet"
PREVIOUS_STATE = Path(tempfile.gettempdir()) / "fardplan-benchmark-previous-state"


def run_variant(variant: str, data: Path) -> dict[str, object]:
    """Run one variant in this process and return what it produced."""
    sys.path.insert(0, str(ROOT))
    if variant in ("engine", "engine_subset"):
        from benchmarks.subset import SUBSET
        from fardplan.engine import compute

        ids = list(SUBSET) if variant == "engine_subset" else None
        run = compute(data, indicator_ids=ids)
        return {"cells": run.results.num_rows}
    if variant in ("previous", "incremental"):
        import pyarrow.parquet as pq

        from fardplan.engine import compute

        if variant == "previous":
            shutil.rmtree(PREVIOUS_STATE, ignore_errors=True)
            run = compute(data, keep_state=PREVIOUS_STATE)
            pq.write_table(run.results, PREVIOUS_RESULTS)
            return {"cells": 0}
        # Like `fardplan compute --incremental`: it extends the stored sums and keeps its own.
        kept = Path(tempfile.mkdtemp()) / "state"
        try:
            run = compute(
                data,
                previous=pq.ParquetFile(PREVIOUS_RESULTS).read(),  # as the store: no pandas
                previous_state=PREVIOUS_STATE,
                keep_state=kept,
            )
        finally:
            shutil.rmtree(kept.parent, ignore_errors=True)
        return {"cells": run.results.num_rows, "read_new_rows_only": list(run.extended)}
    if variant == "hand_sql":
        from benchmarks.hand_sql import run_hand_sql

        return {"cells": sum(run_hand_sql(data).values())}
    from benchmarks.pandas_subset import run_pandas

    return {"cells": sum(run_pandas(data).values())}


def warm(data: Path) -> None:
    """Read every file of the dataset once, so each variant starts from the page cache.

    A variant that needs most of the memory (pandas) evicts the files; without this the next
    variant would pay for reading them from disk.
    """
    for file in sorted(data.rglob("*.parquet")):
        with file.open("rb") as handle:
            while handle.read(1 << 24):
                pass


def measure(variant: str, data: Path) -> dict[str, float]:
    """Run ``variant`` in a child process (files warm); return seconds and peak memory in MB."""
    warm(data)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--data", str(data), "--variant", variant],
        stdout=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    assert child.stdout is not None
    output = child.stdout.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{variant} failed")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, **json.loads(output)}


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """Return the median of each figure over the rounds of one variant."""
    numbers = [key for key, value in runs[0].items() if isinstance(value, int | float)]
    return {key: statistics.median(run[key] for run in runs) for key in numbers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="dataset folder")
    parser.add_argument("--make-data", type=int, metavar="PERSONS", help="build a dataset first")
    parser.add_argument("--previous", type=Path, help="the dataset one month shorter")
    parser.add_argument("--variant", choices=(*VARIANTS, "previous"), help=argparse.SUPPRESS)
    default = [v for v in VARIANTS if v != "incremental"]
    parser.add_argument("--only", nargs="*", choices=VARIANTS, default=default)
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds; variants alternate, medians are shown"
    )
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.data)))
        return
    if args.make_data:
        # In a child, so this process stays small: a child's peak memory starts from ours.
        started = time.perf_counter()
        code = "from benchmarks.make_data import make_dataset; import sys, pathlib; "
        code += "make_dataset(int(sys.argv[1]), pathlib.Path(sys.argv[2]))"
        subprocess.run(
            [sys.executable, "-c", code, str(args.make_data), str(args.data)], check=True, cwd=ROOT
        )
        print(f"made {args.make_data} persons in {time.perf_counter() - started:.1f} s")
    if "incremental" in args.only:
        if not args.previous:
            parser.error("the incremental variant needs --previous")
        made = measure("previous", args.previous)
        print(f"previous run (one month less): {made['seconds']:.1f} s, not counted")
    # Rounds alternate the variants, so a burst of load on this shared machine hits them alike.
    rounds: dict[str, list[dict[str, float]]] = {variant: [] for variant in args.only}
    for round_number in range(args.repeat):
        for variant in args.only:
            figures = measure(variant, args.data)
            rounds[variant].append(figures)
            print(
                f"round {round_number + 1}: {variant:14} {figures['seconds']:8.1f} s  "
                f"{figures['peak_mb']:8.0f} MB  {figures['cells']} cells"
                + (
                    f"  new rows only: {figures['read_new_rows_only']}"
                    if "read_new_rows_only" in figures
                    else ""
                ),
                flush=True,
            )
    results = {variant: _median(runs) for variant, runs in rounds.items()}
    print(f"medians of {args.repeat} round(s):")
    for variant, figures in results.items():
        print(
            f"{variant:14} {figures['seconds']:8.1f} s  {figures['peak_mb']:8.0f} MB  "
            f"{figures['cells']} cells"
        )
    if {"engine", "hand_sql"} <= results.keys():
        ratio = results["engine"]["seconds"] / results["hand_sql"]["seconds"]
        print(f"engine / hand SQL: {ratio:.2f} (goal ≤ 0.5)")
    if {"engine", "incremental"} <= results.keys():
        ratio = results["incremental"]["seconds"] / results["engine"]["seconds"]
        print(f"incremental / full run: {ratio:.2f}")
    if {"engine_subset", "pandas_subset"} <= results.keys():
        ratio = results["pandas_subset"]["seconds"] / results["engine_subset"]["seconds"]
        print(f"pandas / engine (subset): {ratio:.1f}× (goal ≥ 5×)")


if __name__ == "__main__":
    main()
