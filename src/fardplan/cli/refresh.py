"""``fardplan refresh``: the scheduled refresh (cron), recorded for the web page."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from fardplan.config import ConfigError
from fardplan.refresh import RefreshBusy, RefreshSettings, StepOutcome, run_refresh
from fardplan.refresh.job import STEPS, OnStep

console = Console()
SHOWN = {
    "ok": "[green]klart[/]",
    "skipped": "[yellow]hoppades över[/]",
    "failed": "[red]misslyckades[/]",
}


def refresh_command(
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record",
            help="Record the run in the web database, for the page /uppdatering/.",
        ),
    ] = True,
) -> None:
    """Fetch Kolada, compute the care data when it changed and store the results
    (FARDPLAN_REFRESH_*, FARDPLAN_CARE_DATA_DIR); exit 1 when a step fails."""
    try:
        settings = RefreshSettings.from_env()
    except ConfigError as error:
        console.print(f"[bold red]Fel inställning:[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Startar", total=None)

        def heard(step: StepOutcome | str) -> None:
            if isinstance(step, str):
                progress.update(task, description=STEPS.get(step, (step, step))[0])
                return
            name = STEPS.get(step.step, (step.step, step.step))[0]
            progress.console.print(
                f"{name}: {SHOWN[step.status]} ({step.seconds:.1f} s)", highlight=False
            )
            if step.message_sv:
                progress.console.print(f"  {step.message_sv}", markup=False, highlight=False)

        message = _recorded(settings, heard) if record else _plain(settings, heard)
    if message:
        console.print("[bold red]Uppdateringen misslyckades:[/]", end=" ")
        console.print(message, markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    console.print("[green]Uppdateringen klar[/]")


def _plain(settings: RefreshSettings, heard: OnStep) -> str:
    try:
        result = run_refresh(settings, heard)
    except RefreshBusy as busy:
        return busy.swedish
    return result.failed.message_sv if result.failed else ""


def _recorded(settings: RefreshSettings, heard: OnStep) -> str:
    from fardplan.cli.web import _setup_django

    _setup_django()
    from fardplan.web.refresh.jobs import record_refresh
    from fardplan.web.refresh.models import RefreshRun

    record = RefreshRun.objects.create(
        trigger=RefreshRun.Trigger.SCHEDULE, by_name=getpass.getuser()
    )
    done = record_refresh(record, settings, heard)
    return done.message_sv


def register(app: typer.Typer) -> None:
    app.command("refresh")(refresh_command)
