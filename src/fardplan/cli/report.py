"""`fardplan report`: a board report as PDF or DOCX, for scheduled runs.

Renders the current report of a county (or of one principal) for a period: an approved one
from its snapshot, a draft from a fresh assembly of the live data; ``--approved`` the latest
approved version only. Refusals exit with 2 and say why; the file is written beside ``--out``
and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from fardplan.cli.web import _setup_django

console = Console(stderr=True)
FORMATS = ("pdf", "docx")
LANGUAGES = ("sv", "en")
REFUSED = 2


def report(
    county: Annotated[str, typer.Argument(help="The county's two-digit code, e.g. 25.")],
    period: Annotated[str, typer.Option("--period", help="2024T2, 2024H1 or 2024.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="pdf or docx.")] = "pdf",
    organisation: Annotated[
        str | None,
        typer.Option(
            "--organisation", help="A principal's code (2580): its report, not the county's."
        ),
    ] = None,
    approved: Annotated[
        bool, typer.Option("--approved", help="The latest approved version, from its snapshot.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help="sv or en (default: the report's language).")
    ] = None,
) -> None:
    """Render a county's (or a principal's) board report for a period as PDF or DOCX."""
    if fmt not in FORMATS:
        _refuse("Okänt format:", f"{fmt[:20]!r}; välj pdf eller docx.")
    if lang is not None and lang not in LANGUAGES:
        _refuse("Okänt språk:", f"{lang[:20]!r}; välj sv eller en.")
    _check_writable(out)
    from fardplan.web.reports.export import charts

    charts.warm_up()  # the chart engine starts while Django and the report are read
    _setup_django()
    started = time.perf_counter()
    data = _render(county, period, organisation, approved=approved, lang=lang, fmt=fmt)
    _write_atomically(out, data)
    seconds = time.perf_counter() - started
    console.print(f"[green]Skrev[/] {out} ({len(data) // 1024} KiB på {seconds:.1f} s)")


def _render(
    county: str,
    period: str,
    organisation: str | None,
    *,
    approved: bool,
    lang: str | None,
    fmt: str,
) -> bytes:
    from fardplan.web.reports.export import charts, limits, render_docx, render_pdf
    from fardplan.web.reports.export.lookup import NotFound, find_report
    from fardplan.web.reports.workflow import content_of

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Hämtar rapporten", total=None)
        try:
            found = find_report(county, period, organisation, approved=approved)
        except NotFound as error:
            progress.stop()
            _refuse("Ingen rapport att skriva:", str(error))
        _use_language(found, lang)
        progress.update(task, description=_assembling(found))
        content = content_of(found)
        try:
            limits.check_size(content)
        except limits.TooLarge as error:
            progress.stop()
            _refuse("Rapporten är för stor:", str(error))
        progress.update(task, description="Ritar diagrammen")
        drawn = charts.render_charts(content)
        progress.update(task, description=f"Skriver {fmt.upper()}")
        render = render_pdf if fmt == "pdf" else render_docx
        return render(content, charts=drawn)


def _assembling(found: Any) -> str:
    if found.is_approved:
        return f"Läser den godkända versionen {found.version}"
    return f"Sammanställer utkastet (version {found.version}) ur aktuella data"


def _use_language(found: Any, lang: str | None) -> None:
    """Assemble a draft in ``lang`` (in memory: nothing is saved); an approved report's
    snapshot is in its own language and is not translated."""
    if lang is None or lang == found.language:
        return
    if found.is_approved:
        _refuse(
            "Kan inte byta språk:",
            f"den godkända rapporten är frusen på {found.get_language_display().lower()}; "
            "utelämna --lang.",
        )
    found.language = lang


def _check_writable(out: Path) -> None:
    """Refuse before any work unless a file can be written at ``out``."""
    if out.is_dir():
        _refuse("Kan inte skriva filen:", f"{out} är en mapp.")
    if not out.parent.is_dir():
        _refuse("Kan inte skriva filen:", f"mappen {out.parent} finns inte.")
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}."):
            pass
    except OSError as error:
        _refuse("Kan inte skriva filen:", f"{out}: {error.strerror or error}")


def _write_atomically(out: Path, data: bytes) -> None:
    handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, out)
    except OSError as error:
        _refuse("Kan inte skriva filen:", f"{out}: {error.strerror or error}")
    finally:
        temporary.unlink(missing_ok=True)


def _refuse(heading: str, reason: str) -> NoReturn:
    console.print(f"[bold red]{heading}[/]", end=" ")
    console.print(reason, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(REFUSED)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
