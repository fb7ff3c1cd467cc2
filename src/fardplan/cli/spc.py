"""The analysts' commands: ``fardplan spc`` charts a series file, ``fardplan signals`` lists
the signals of every monthly series of the stored run (as the follow-up pages show them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from fardplan.spc.model import Analysis, Chart

console = Console()
CHARTS = ", ".join(chart.value for chart in Chart)
USAGE = 2  # exit code of a refused input, as typer's for a bad option


def spc_command(
    series: Annotated[Path, typer.Argument(help="CSV: period,value or period,numerator,…")],
    chart: Annotated[str, typer.Option("--chart", help=f"One of {CHARTS}.")],
    freeze: Annotated[
        int | None, typer.Option(help="Centre and limits from the first N points only.", min=1)
    ] = None,
    seasonal: Annotated[
        bool, typer.Option("--seasonal", help="Adjust by the series' own month-of-year pattern.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Chart a series as qicharts2 does: centre, 3-sigma limits and the Anhøj runs analysis."""
    from fardplan.spc import analyse
    from fardplan.spc.csvfile import SeriesFileError, read_series
    from fardplan.spc.model import SeriesError

    kind = _chart(chart)
    try:
        points = read_series(series, kind)
        analysis = analyse(points, kind, freeze=freeze, seasonal=seasonal)
    except SeriesFileError as error:
        _refused("Serien avvisades:", error.describe("sv"))
        raise typer.Exit(USAGE) from None
    except SeriesError as error:  # months out of order: the analysis' own check
        _refused("Serien avvisades:", f"{series}: {error}")
        raise typer.Exit(USAGE) from None
    if as_json:
        print(json.dumps(spc_json(analysis), ensure_ascii=False))
    else:
        _spc_table(analysis, str(series))


def _chart(name: str) -> Chart:
    try:
        return Chart(name.lower())
    except ValueError:
        raise typer.BadParameter(f"använd en av {CHARTS}", param_hint="--chart") from None


def spc_json(analysis: Analysis) -> dict[str, Any]:
    """Return the analysis as ``fardplan spc --json`` prints it (values in the chart's units,
    a p chart's as proportions 0–1; the runs fields of the last part, null when no point lies
    off the centre line)."""
    part = analysis.parts[-1]
    return {
        "chart": analysis.chart.value,
        "n_useful": part.n_useful,
        "longest_run": part.longest_run,
        "longest_run_max": part.longest_run_max,
        "crossings": part.crossings,
        "crossings_min": part.crossings_min,
        "runs_signal": part.runs_signal if part.n_useful else None,
        "points": [
            {
                "period": point.period,
                "value": point.value,
                "centre": point.centre,
                "lower": point.lower,
                "upper": point.upper,
                "sigma_signal": point.sigma_signal,
            }
            for point in analysis.points
        ],
    }


def _spc_table(analysis: Analysis, title: str) -> None:
    table = Table(title=f"{title}: {analysis.chart.value}-diagram")
    for header in ("Period", "Värde", "Centrum", "Nedre", "Övre", "Utanför"):
        table.add_column(header, justify="left" if header == "Period" else "right")
    for point in analysis.points:
        table.add_row(
            point.period,
            *(_shown(v) for v in (point.value, point.centre, point.lower, point.upper)),
            "●" if point.sigma_signal else "",
        )
    console.print(table)
    part = analysis.parts[-1]
    if not part.n_useful:
        console.print("Ingen punkt utanför centrumlinjen: ingen serieanalys.")
        return
    verdict = "[bold]signal[/]" if part.runs_signal else "ingen signal"
    console.print(
        f"Serieanalys (Anhøj): {part.n_useful} användbara punkter, längsta serie "
        f"{part.longest_run} (högst {part.longest_run_max}), {part.crossings} korsningar "
        f"(minst {part.crossings_min}): {verdict}."
    )


def _shown(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def signals_command(
    indicator: Annotated[str | None, typer.Option(help="Only this indicator id.")] = None,
    area: Annotated[
        list[str] | None, typer.Option(help="Only this area code (repeatable).")
    ] = None,
    county: Annotated[
        str | None, typer.Option(help="Only this county's (län) areas, e.g. 25.")
    ] = None,
    sex: Annotated[str, typer.Option(help="T, K or M.")] = "T",
    age_group: Annotated[str, typer.Option("--age-group", help="all, or a band.")] = "all",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the SPC signals and assessment of every monthly series of the stored run."""
    from fardplan.catalogue import load_catalogue
    from fardplan.engine.store import latest_results
    from fardplan.spc.series import series_signals

    catalogue = load_catalogue()
    if indicator is not None and indicator not in {i.id for i in catalogue.computed}:
        raise typer.BadParameter(
            f"okänd beräknad indikator {indicator!r}", param_hint="--indicator"
        )
    if county is not None and not (len(county) == 2 and county.isdigit()):
        raise typer.BadParameter(
            f"en länskod med två siffror, fick {county!r}", param_hint="--county"
        )
    try:
        table = latest_results(published=True)
    except LookupError:
        _refused("Ingen lagrad körning:", "kör `fardplan compute` först.")
        raise typer.Exit(1) from None
    found = series_signals(
        table,
        catalogue,
        indicator=indicator,
        areas=area or None,
        county=county,
        sex=sex,
        age_group=age_group,
    )
    if as_json:
        print(json.dumps([signal.to_dict() for signal in found], ensure_ascii=False))
        return
    _signals_table(found)


def _signals_table(found: list[Any]) -> None:
    table = Table(title="Signaler i månadsserierna")
    headers = ("Indikator", "Område", "Diagram", "Punkter", "Serie", "Utanför gränserna")
    for header in (*headers, "Bedömning"):
        table.add_column(header)
    for signal in found:
        table.add_row(
            signal.indicator_id,
            signal.area_code,
            signal.chart,
            str(signal.n_points),
            "signal" if signal.runs_signal else "",
            ", ".join(signal.sigma_signal_periods),
            ASSESSMENTS[signal.assessment],
        )
    console.print(table)


ASSESSMENTS = {
    "improvement": "förbättring",
    "deterioration": "försämring",
    "special_cause": "särskild orsak",
    "common_cause": "slumpmässig variation",
    "no_data": "för lite data",
}


def _refused(heading: str, reason: str) -> None:
    console.print(f"[bold red]{heading}[/]", end=" ")
    console.print(reason, markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("spc")(spc_command)
    app.command("signals")(signals_command)
