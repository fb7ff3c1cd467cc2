"""``fardplan kolada fetch``: the catalogue's imported indicators from Kolada into the store."""

from __future__ import annotations

import getpass
import re
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()
kolada_app = typer.Typer(help="Kolada: the indicators others publish.", no_args_is_help=True)
YEARS = re.compile(r"(\d{4})(?:-(\d{4}))?")


def parse_years(text: str) -> list[int]:
    """Return the years of ``2019-2025``, ``2023`` or ``2019,2021-2022``."""
    years: list[int] = []
    for part in text.split(","):
        found = YEARS.fullmatch(part.strip())
        if found is None:
            raise typer.BadParameter(f"{part.strip()!r} är inget år eller intervall (2019-2025)")
        first, last = int(found[1]), int(found[2] or found[1])
        if last < first:
            raise typer.BadParameter(f"{part.strip()!r}: slutåret före startåret")
        years.extend(range(first, min(last, first + 100) + 1))
    return years


@kolada_app.command("fetch")
def fetch_command(
    kpi: Annotated[str, typer.Option("--kpi", help="Kolada ids, comma-separated: U70447,U79133.")],
    county: Annotated[str, typer.Option("--county", help="The county's code: 25.")],
    years: Annotated[str, typer.Option("--years", help="Years: 2019-2025 or 2023,2024.")],
    recording: Annotated[
        Path | None,
        typer.Option(
            "--recording",
            help="Serve this recording of Kolada answers on loopback and fetch from it.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Fetch imported indicators for a county's municipalities, its region and Sweden from
    Kolada (KOLADA_BASE_URL) and store them beside the computed ones; nothing on error."""
    from fardplan.sources.kolada import KoladaClient, KoladaError
    from fardplan.sources.kolada_import import fetch_county
    from fardplan.sources.kolada_replay import load_recording, serve_recording

    ids = [part.strip().upper() for part in kpi.split(",") if part.strip()]
    wanted = parse_years(years)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with ExitStack() as stack:
        base = (
            stack.enter_context(serve_recording(load_recording(recording))) if recording else None
        )
        client = stack.enter_context(KoladaClient(base))
        progress = stack.enter_context(Progress(*columns, console=console))
        task = progress.add_task(f"Hämtar från {client.base_url}", total=None)
        try:
            fetched = fetch_county(
                ids,
                county.strip(),
                wanted,
                fetched_by=f"fardplan kolada fetch ({getpass.getuser()})",
                client=client,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        except KoladaError as error:
            progress.stop()
            console.print("[bold red]Inget sparades:[/]", end=" ")
            console.print(error.describe("sv"), markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
    table = Table("Nyckeltal", "Indikator", "Publicerad", "Värden", "Nya", "Ändrade", "Borttagna")
    for one in fetched:
        summary = one.summary
        published = one.kpi.publication_date.isoformat() if one.kpi.publication_date else "–"
        table.add_row(
            one.kpi.id,
            one.indicator.id,
            published,
            str(summary.values),
            str(summary.added),
            str(summary.changed),
            str(summary.removed),
        )
    console.print(table)
    console.print(
        f"[green]Sparade[/] {len(fetched)} nyckeltal ({client.requests} anrop till Kolada)"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(kolada_app, name="kolada")
