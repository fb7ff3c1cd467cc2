"""The ``fardplan synth`` command: write synthetic care data that follows the contract."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console()


def parse_years(text: str) -> list[int]:
    """Return the years of ``"2023-2025"``, ``"2024"`` or ``"2023,2024"``; raise
    :class:`typer.BadParameter` for anything else."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{4})", text):
        first, last = int(match[1]), int(match[2])
        if last < first:
            raise typer.BadParameter(f"{text!r}: the last year comes before the first")
        return list(range(first, last + 1))
    if re.fullmatch(r"\d{4}(,\d{4})*", text):
        return sorted({int(y) for y in text.split(",")})
    raise typer.BadParameter(f"{text!r}: expected YYYY, YYYY-YYYY or YYYY,YYYY")


def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write (created atomically).")],
    counties: Annotated[
        str | None, typer.Option(help="County (län) codes, comma-separated, e.g. 22,24,25.")
    ] = None,
    all_counties: Annotated[
        bool, typer.Option("--all", help="All 21 counties (the default).")
    ] = False,
    scale: Annotated[
        float, typer.Option(help="Share of the real population to generate (0–1].")
    ] = 0.1,
    years: Annotated[str, typer.Option(help="Years, e.g. 2023-2025 or 2024.")] = "2023-2025",
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same bytes.")] = 7,
    fmt: Annotated[
        str, typer.Option("--format", help="parquet or fhir (FHIR R4 bulk NDJSON).")
    ] = "parquet",
    effect: Annotated[
        list[str] | None,
        typer.Option(
            help="MUNICIPALITY:INDICATOR:CHANGE%:YYYY-MM, e.g. "
            "2480:avoidable_admissions:-20%:2024-06 (repeatable)."
        ),
    ] = None,
    report: Annotated[
        bool, typer.Option(help="Print the calibration check after writing.")
    ] = False,
    overwrite: Annotated[bool, typer.Option(help="Replace a non-empty --out folder.")] = False,
) -> None:
    """Write synthetic person-level care data (population, units, contacts, admissions, care
    plans, home health care) calibrated to national indicator levels."""
    from fardplan.synth import EffectError, SynthError, generate, parse_effect
    from fardplan.synth.writer import OutputExistsError

    if counties and all_counties:
        raise typer.BadParameter("give either --counties or --all, not both")
    chosen = None if all_counties or not counties else counties.split(",")
    try:
        effects = [parse_effect(spec) for spec in effect or []]
        with _progress() as bar:
            task = bar.add_task("Generating", total=None)

            def advance(step: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=step)

            summary = generate(
                out,
                counties=chosen,
                years=parse_years(years),
                scale=scale,
                seed=seed,
                effects=effects,
                fmt=fmt,
                overwrite=overwrite,
                progress=advance,
            )
    except (EffectError, SynthError, OutputExistsError) as error:
        console.print(f"[bold red]Error:[/] {error}")
        raise typer.Exit(2) from error
    rows = ", ".join(f"{name} {count:,}" for name, count in summary.rows.items())
    console.print(f"Wrote [bold]{summary.out_dir}[/] in {summary.seconds:.1f} s: {rows}")
    if report:
        _report(out, fmt)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _report(out: Path, fmt: str) -> None:
    if fmt != "parquet":
        console.print("The calibration report reads Parquet; run again with --format parquet.")
        return
    from fardplan.synth.report import calibration, render

    console.print(render(calibration(out)))


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)
