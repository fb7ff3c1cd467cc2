"""Benchmark: a county's board report as PDF and DOCX (issue 21, point 7).

    python benchmarks/reports.py --dir /tmp/fardplan-reports            # Norrbotten, 2 rounds…
    python benchmarks/reports.py --dir /tmp/fardplan-reports --rounds 5 --period 2025T2

It builds (or reuses: every demo step is idempotent) the demo of Norrbotten in ``--dir``, then
creates Norrbotten's county report for ``--period`` (default: the data's last tertial) with a
three-paragraph text in every section, and leaves it a draft: a draft is assembled afresh on
every download, the most work a file costs. It measures, each as the median of ``--rounds``:

- assembly: the content from the live strategy, plans and run (the first, which reads the run
  from the store, apart);
- charts: every distinct chart drawn cold (the renderer's cache emptied) one after the other
  (the baseline), cold in a pool of ``charts.WORKERS`` threads, and from the cache;
- PDF and DOCX from the drawn charts;
- ``fardplan report`` in a fresh process, start to file: what a scheduled run takes.

Prints the times, the report's size (pages, charts, rows) and the peak memory (maximum
resident set size) of this process. Figures go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "Under tertialet har arbetet fortsatt enligt planen. Kommunerna och regionen har träffats "
    "varje månad i den länsgemensamma gruppen, och de mobila teamen har utökats till två nya "
    "kommuner.\n\nIndikatorerna visar i stort samma nivåer som tidigare. Där en förändring syns "
    "kommenteras den under respektive indikator.\n\nTill nästa tertial planeras en "
    "uppföljning tillsammans med brukarorganisationerna."
)


class Timing:
    """Medians of wall and CPU seconds (the process's, all threads): on a shared machine
    the CPU time says more than the wall time, which other processes stretch."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall, self.cpu = statistics.median(wall), statistics.median(cpu)

    def __str__(self) -> str:
        return f"{self.wall:6.2f} s (CPU {self.cpu:5.2f} s)"


def timed(step: Callable[[], Any], rounds: int) -> tuple[Timing, Any]:
    """Return the median times of ``rounds`` calls and the last result."""
    wall, cpu, result = [], [], None
    for _ in range(rounds):
        begun, used = time.perf_counter(), time.process_time()
        result = step()
        wall.append(time.perf_counter() - begun)
        cpu.append(time.process_time() - used)
    return Timing(wall, cpu), result


def last_tertial_with_data() -> str:
    """Return the last tertial of the demo's care data (its years end the year before)."""
    from fardplan.web.site import demo

    return f"{demo.DEMO_CARE_DATA.years[-1]}T3"


def county_report(period: str) -> Any:
    """Return Norrbotten's county report for ``period``, created with text in every section."""
    from fardplan.web.reports import workflow
    from fardplan.web.reports.models import Report
    from fardplan.web.strategies.models import Strategy

    strategy = Strategy.objects.filter(county__code="25").order_by("-period_start").first()
    assert strategy is not None, "the demo has no strategy of Norrbotten"
    found = Report.objects.filter(strategy=strategy, period=period, organisation=None)
    report = found.order_by("-version").first()
    if report is None:
        report = workflow.create_report(None, strategy, period)
    if report.is_approved:  # frozen: measured as it is
        return report
    for section in report.sections.all():
        if not section.narrative:
            workflow.save_narrative(None, section, TEXT, section.version)
    return report


def measure(report: Any, rounds: int) -> None:
    from pypdf import PdfReader

    from fardplan.web.followup import chart_export
    from fardplan.web.reports.export import charts, limits, render_docx, render_pdf
    from fardplan.web.reports.workflow import content_of

    first, content = timed(lambda: content_of(report), 1)
    assembly, content = timed(lambda: content_of(report), rounds)
    blocks = sum(len(s.indicators) for s in content.sections)
    activities = sum(len(s.activities) for s in content.sections)
    tables = len(content.appendix_tables)
    print(f"  {len(content.sections)} sections, {blocks} indicator blocks, {activities} "
          f"activities, {tables} appendix tables, {limits.rows(content)} table rows")  # fmt: skip
    print(f"  assembly  first {first}   then {assembly}")

    begun = time.perf_counter()
    charts.warm_up().join()
    print(f"  chart engine start      {time.perf_counter() - begun:6.2f} s (once per process)")

    def cold(workers: int) -> dict[str, bytes]:
        chart_export._cache.clear()
        charts.forget_cache()
        return charts.render_charts(content, workers=workers)

    serial, drawn = timed(lambda: cold(1), rounds)
    pooled, _ = timed(lambda: cold(charts.WORKERS), rounds)
    cached, _ = timed(lambda: charts.render_charts(content), rounds)
    print(f"  charts ({len(drawn)} distinct), cold one by one {serial} (baseline)")
    print(f"  charts cold in {charts.WORKERS} threads {pooled}   cached {cached}")

    pdf_time, pdf = timed(lambda: render_pdf(content, charts=drawn), rounds)
    pdf_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    docx_time, docx = timed(lambda: render_docx(content, charts=drawn), rounds)
    print(f"  PDF  {pdf_time}   {pdf_pages} pages, {len(pdf) // 1024} KiB")
    print(f"  DOCX {docx_time}   {len(docx) // 1024} KiB")
    best = min(serial.wall, pooled.wall)
    print(f"  a draft's PDF, charts cold (assembly + charts + PDF): "
          f"{assembly.wall + best + pdf_time.wall:6.2f} s")  # fmt: skip
    print(f"  peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def command(period: str, rounds: int) -> None:
    """Time ``fardplan report`` in fresh processes: Python, Django, the chart engine, all."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("pdf", "docx"):
            out = Path(folder) / f"rapport.{fmt}"
            args = [sys.executable, "-m", "fardplan.cli.main", "report", "25", "--period", period,
                    "--format", fmt, "--out", str(out)]  # fmt: skip
            times = []
            for _ in range(rounds):
                begun = time.perf_counter()
                subprocess.run(args, env=env, check=True, capture_output=True)
                times.append(time.perf_counter() - begun)
            print(f"  fardplan report --format {fmt}: median {statistics.median(times):6.2f} s "
                  f"(min {min(times):.2f}, max {max(times):.2f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, required=True, help="data directory (kept)")
    parser.add_argument("--period", help="report period (default: the data's last tertial)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    os.environ["FARDPLAN_DATA_DIR"] = str(args.dir.resolve())
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from benchmarks.web import prepare
    from fardplan.cli.web import _setup_django

    _setup_django()
    print(f"Building the demo of Norrbotten in {args.dir}")
    print(f"  total {prepare(('25',), 1.0):.1f} s")
    period = args.period or last_tertial_with_data()
    report = county_report(period)
    print(f"Norrbotten's county report for {period} ({args.rounds} rounds, medians)")
    measure(report, args.rounds)
    print("In a fresh process")
    command(period, args.rounds)


if __name__ == "__main__":
    main()
