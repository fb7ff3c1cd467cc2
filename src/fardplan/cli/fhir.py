"""``fardplan fhir import DIR --out DATA_DIR``: FHIR R4 bulk NDJSON into a care-data dataset."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

if TYPE_CHECKING:
    from fardplan.fhir import Report

USAGE = 2  # exit code of a refused input, as typer's for a bad option

console = Console()
fhir_app = typer.Typer(help="FHIR R4 bulk data (NDJSON).", no_args_is_help=True)


@fhir_app.command("import")
def import_command(
    source: Annotated[
        Path,
        typer.Argument(help="Folder of *.ndjson files (Patient.ndjson, Encounter.ndjson, …)."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Dataset folder to write (atomically).")],
    overwrite: Annotated[bool, typer.Option(help="Replace a non-empty --out folder.")] = False,
    max_line_bytes: Annotated[
        int, typer.Option(help="Longest line read; a longer one is reported and skipped.")
    ] = 1 << 20,
    max_depth: Annotated[
        int, typer.Option(help="Deepest JSON nesting read; a deeper line is reported.")
    ] = 32,
    max_file_bytes: Annotated[
        int, typer.Option(help="Largest file read; a larger one refuses the import.")
    ] = 64 << 30,
) -> None:
    """Import Patient, Encounter, Condition, CarePlan, EpisodeOfCare, Organization and
    Practitioner resources into the care-data contract's tables, streaming. What could not be
    mapped is listed by resource type and reason (file and line of the first cases) and kept
    in DATA_DIR/fhir-import.json. The mapping: docs/fhir.md."""
    from fardplan.fhir import REPORT_FILE, FhirImportError, Limits, import_fhir
    from fardplan.synth.writer import OutputExistsError

    limits = Limits(max_line_bytes, max_depth, max_file_bytes)
    try:
        with _progress() as bar:
            task = bar.add_task("Läser", total=None)

            def advance(step: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=step)

            report = import_fhir(source, out, limits=limits, overwrite=overwrite, progress=advance)
    except (FhirImportError, OutputExistsError) as error:
        console.print(f"[bold red]FHIR-importen avvisades:[/] {error}")
        raise typer.Exit(USAGE) from error
    rows = ", ".join(f"{name} {count:,}" for name, count in report.mapped.items())
    console.print(f"Skrev [bold]{out}[/] från {report.lines:,} rader: {rows}")
    if report.unmapped:
        console.print(_unmapped_table(report))
    else:
        console.print("Alla rader kunde mappas.")
    console.print(f"Rapporten: {out / REPORT_FILE}")


def _unmapped_table(report: Report) -> Table:
    from fardplan.fhir.report import in_swedish

    table = Table(title=f"Kunde inte mappas: {report.unmapped_count:,} rader")
    for heading in ("resurs", "orsak", "antal", "första exempel (fil:rad)"):
        table.add_column(heading, justify="right" if heading == "antal" else "left")
    for (resource, reason), entry in sorted(report.unmapped.items()):
        examples = "; ".join(
            f"{e.file}:{e.line}" + (f" {e.detail}" if e.detail else "") for e in entry.examples[:3]
        )
        table.add_row(resource, in_swedish(reason), f"{entry.count:,}", examples)
    return table


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(fhir_app, name="fhir")
