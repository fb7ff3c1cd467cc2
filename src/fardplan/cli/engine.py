"""Commands of the indicator engine: catalogue, compute, export."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fardplan.catalogue import load_catalogue
from fardplan.config import ConfigError
from fardplan.engine import DatasetError, compute, publish
from fardplan.engine.backends import BACKENDS, Backend, connect
from fardplan.engine.errors import EngineError, Violation
from fardplan.engine.exports import FORMATS, export
from fardplan.engine.remote import is_uri
from fardplan.engine.results import read_results
from fardplan.engine.run import SUMMING, SUPPRESSING, VALIDATING, Run
from fardplan.engine.spark import SparkSettings, spark_settings, start_session
from fardplan.engine.state import StateMismatch
from fardplan.engine.store import (
    current_run,
    current_state,
    latest_results,
    new_state_folder,
    save_run,
)
from fardplan.engine.validation import DataQualityReport

console = Console()
# The engine's steps (``run.compute``'s progress), as the progress bar names them.
STEPS = {
    VALIDATING: "Kontrollerar datasetet",
    SUMMING: "Summerar områden, kön och åldrar",
    SUPPRESSING: "Tillämpar röjandeskydd",
}


def catalogue() -> None:
    """List the indicator catalogue."""
    loaded = load_catalogue()
    table = Table(title=f"Indikatorkatalog {loaded.version}")
    # The id is what users type (`--indicator`, exports): never cut it, let the names wrap.
    table.add_column("Id", no_wrap=True, min_width=max(len(i.id) for i in loaded.indicators))
    for header in ("Namn", "Typ", "Enhet", "Perioder", "Kolada"):
        table.add_column(header)
    for indicator in loaded.indicators:
        table.add_row(
            indicator.id,
            indicator.name.sv,
            indicator.kind,
            indicator.unit.sv,
            ", ".join(indicator.periods),
            indicator.kolada_id or "",
        )
    console.print(table)


def compute_command(
    data_dir: Annotated[
        str,
        typer.Argument(
            help="Dataset folder (one Parquet per table), or a URI of a cluster's storage "
            "that Spark reads (hdfs://, s3a://, abfss://, file://)."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Parquet file to write the results to.")],
    backend: Annotated[str, typer.Option(help=f"One of {', '.join(BACKENDS)}.")] = "duckdb",
    raw: Annotated[bool, typer.Option("--raw", help="Write raw counts (with the flag).")] = False,
    lenient: Annotated[
        bool, typer.Option("--lenient", help="Drop offending rows and report them.")
    ] = False,
    year: Annotated[list[int] | None, typer.Option(help="Only this year (repeatable).")] = None,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental", help="Compute only the new months and merge into the stored run."
        ),
    ] = False,
    allow_empty: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-empty",
            metavar="TABLE",
            help="This table is meant to be empty (repeatable); otherwise an empty one is refused.",
        ),
    ] = None,
    allow_shrink: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-shrink",
            metavar="TABLE",
            help="This table is meant to have under half the current run's rows in some "
            "month or year (repeatable); otherwise that is refused.",
        ),
    ] = None,
    spark_master: Annotated[
        str | None,
        typer.Option(help="Spark master URL (spark://host:7077, yarn, k8s://…); SPARK_MASTER."),
    ] = None,
    spark_driver_memory: Annotated[
        str | None, typer.Option(help="e.g. 4g; FARDPLAN_SPARK_DRIVER_MEMORY (default 3g).")
    ] = None,
    spark_executor_memory: Annotated[
        str | None, typer.Option(help="e.g. 8g; FARDPLAN_SPARK_EXECUTOR_MEMORY.")
    ] = None,
) -> None:
    """Compute every indicator of the catalogue for a dataset and store the run."""
    if backend not in BACKENDS:
        raise typer.BadParameter(f"use one of {', '.join(BACKENDS)}", param_hint="--backend")
    if incremental and year:
        raise typer.BadParameter("an incremental run covers every year", param_hint="--year")
    given = (spark_master, spark_driver_memory, spark_executor_memory)
    if backend != "pyspark" and any(given):
        raise typer.BadParameter("the --spark options need --backend pyspark")
    spark = _spark_settings(*given) if backend == "pyspark" else None
    on_cluster = spark is not None and spark.on_cluster
    if incremental and on_cluster:
        # The stored sums are written by Spark's executors: on a cluster, not to this machine.
        raise typer.BadParameter(
            "an incremental run needs a local Spark session", param_hint="--incremental"
        )
    # A dataset on a cluster's storage is read by Spark itself, in a full run (engine.remote).
    dataset: Path | str = data_dir if is_uri(data_dir) else Path(data_dir)
    if incremental and isinstance(dataset, str):
        raise typer.BadParameter(
            "an incremental run needs a local dataset folder", param_hint="--incremental"
        )
    _check_writable(out)
    previous = _stored_results() if incremental else None
    # Every stored run keeps its sums, so that the next can be incremental (engine.state);
    # on a cluster the executors would write them, not to this machine.
    local = isinstance(dataset, Path) and not on_cluster
    keep = new_state_folder() if not year and local else None
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Läser data", total=None)

        def step(label: str, done: int, total: int) -> None:
            shown = STEPS.get(label, f"Beräknar {label}")  # else an indicator's id
            progress.update(task, description=shown, completed=done, total=total)

        try:
            run = compute(
                dataset,
                backend=_backend(backend),
                con=_spark_connection(spark) if spark is not None else None,
                years=year or None,
                lenient=lenient,
                progress=step,
                previous=previous,
                previous_state=current_state() if incremental else None,
                keep_state=keep,
                allow_empty=allow_empty or (),
                stored_rows=_stored_rows(),
                allow_shrink=allow_shrink or (),
            )
        except DatasetError as error:
            progress.stop()
            _refused("Datasetet avvisades.", error.describe("sv"), end="\n")
            raise typer.Exit(1) from None
        except StateMismatch as error:
            progress.stop()
            _refused("Kan inte bygga vidare på den lagrade körningen:", error.describe("sv"))
            raise typer.Exit(1) from None
        except EngineError as error:
            progress.stop()
            _refused("Körningen avbröts:", error.describe("sv"))
            raise typer.Exit(1) from None
        except ConfigError as error:  # a setting such as DUCKDB_THREADS or SPARK_MASTER
            progress.stop()
            _refused("Körningen avbröts:", str(error))
            raise typer.Exit(1) from None
        # Anything else is a bug: cli.failure reports it and logs its traceback.
    _save_and_write(run, run.results if raw else publish(run.results), out)
    if run.extended:
        console.print(f"Lästa bara nya rader i: {', '.join(run.extended)}")
    _summary(run.results.num_rows, run.seconds, run.report, out)


def _check_writable(out: Path) -> None:
    """Exit with the reason unless a file can be written at ``out`` (before any work is done)."""
    if out.is_dir():
        _refused("Kan inte skriva resultatet:", f"{out} är en mapp")
        raise typer.Exit(1)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}."):
            pass
    except OSError as error:
        _refused("Kan inte skriva resultatet:", f"{out}: {error.strerror or error}")
        raise typer.Exit(1) from None


def _save_and_write(run: Run, results: pa.Table, out: Path) -> None:
    """Write ``results`` to ``out`` and store ``run`` as the current one, both or neither.

    The file is written beside ``out`` first: a disk that is full or a folder that became
    unwritable fails before the run is made current; it is renamed into place after.
    """
    temporary = out.parent / f".{out.name}.{run.run_id}.tmp"
    try:
        pq.write_table(results, temporary)
        save_run(run)
        os.replace(temporary, out)
    except OSError as error:
        if run.state is not None:
            shutil.rmtree(run.state, ignore_errors=True)
        _refused("Kan inte skriva resultatet:", f"{out}: {error.strerror or error}")
        raise typer.Exit(1) from None
    finally:
        temporary.unlink(missing_ok=True)


def _refused(heading: str, reason: str, end: str = " ") -> None:
    """Print ``heading`` in red, then ``reason`` after ``end`` (a space, or a line break)."""
    console.print(f"[bold red]{heading}[/]", end=end)
    # The values shown are the data's own: no markup or highlighting read into them, and a
    # line is not broken (it is copied into tickets and searched for).
    console.print(reason, markup=False, highlight=False, soft_wrap=True)


def _stored_results() -> pa.Table:
    """Return the stored current run's raw cells, or exit when there is none to extend."""
    info = current_run()
    if info is None:
        console.print(
            "[bold red]Ingen lagrad körning att bygga vidare på:[/] kör utan --incremental."
        )
        raise typer.Exit(1)
    if info.catalogue_version != load_catalogue().version:
        console.print(
            f"[bold red]Den lagrade körningen gjordes med katalog {info.catalogue_version}:[/] "
            "kör utan --incremental."
        )
        raise typer.Exit(1)
    return latest_results(published=False)


def _stored_rows() -> dict[str, dict[str, int]] | None:
    """Return the current run's rows per table and period, None when there is no run."""
    info = current_run()
    return info.data_quality.get("rows_by_period") if info is not None else None


def _spark_settings(
    master: str | None, driver_memory: str | None, executor_memory: str | None
) -> SparkSettings:
    """Return the Spark settings from the options and the environment; exit on a bad one."""
    try:
        return spark_settings(master, driver_memory, executor_memory)
    except ConfigError as error:
        _refused("Körningen avbröts:", str(error))
        raise typer.Exit(1) from None


def _spark_connection(settings: SparkSettings) -> ibis.BaseBackend:
    """Return an Ibis connection to the session ``settings`` describe (started if need be)."""
    return connect("pyspark", session=start_session(settings))


def _backend(name: str) -> Backend:
    return "pyspark" if name == "pyspark" else "duckdb"


# The data-quality report's kinds of finding, as the summary heads them.
FINDINGS = {
    "dropped": "Borttagna rader (--lenient)",
    "excluded": "Händelser utanför befolkningen (räknas inte)",
}


def _summary(cells: int, seconds: float, report: DataQualityReport, out: Path) -> None:
    console.print(f"[green]{cells} celler[/] på {seconds:.1f} s → {out}")
    for kind, heading in FINDINGS.items():
        findings: list[Violation] = getattr(report, kind)
        if findings:
            console.print(f"{heading}:")
        for finding in findings:
            console.print(
                f"  - {finding.describe('sv')}", markup=False, highlight=False, soft_wrap=True
            )


def export_command(
    results: Annotated[Path, typer.Argument(help="Results Parquet from `fardplan compute`.")],
    fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
) -> None:
    """Export results (always in the published, suppressed form)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    if not results.is_file():
        raise typer.BadParameter(f"{results} does not exist", param_hint="RESULTS")
    try:
        export(read_results(results), fmt, out)
    except EngineError as error:
        _refused("Exporten avbröts:", error.describe("sv"))
        raise typer.Exit(1) from None
    except OSError as error:
        _refused("Exporten avbröts:", f"kan inte skriva {out}: {error.strerror or error}")
        raise typer.Exit(1) from None
    console.print(f"[green]Skrev[/] {out}")


def register(app: typer.Typer) -> None:
    app.command()(catalogue)
    app.command("compute")(compute_command)
    app.command("export")(export_command)
