"""The page of one indicator in one area (charts, tables, activities) and its downloads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator
from fardplan.spc import Analysis, default_chart
from fardplan.spc.assessment import long_run_points
from fardplan.web.followup import chart_export, comments, describe, downloads
from fardplan.web.followup.activities import LinkedActivity, linked_activities
from fardplan.web.followup.areas import Area, area
from fardplan.web.followup.chart import ChartRow, CommentMark, Labels, period_date, series_spec
from fardplan.web.followup.control import (
    ControlChoice,
    Settings,
    Verdict,
    analysis_of,
    chart_labels,
    point_signal,
    verdict,
    yearly_only,
)
from fardplan.web.followup.imported import imported_series, pending_years, source_line
from fardplan.web.followup.models import Comment
from fardplan.web.followup.numbers import rounded
from fardplan.web.followup.pairs import pair_of
from fardplan.web.followup.query import Cell, PublishedRun, select_series
from fardplan.web.followup.series import SeriesChoice, SeriesData, breakdown, shown_value
from fardplan.web.followup.views import area_or_404, current_store, indicator_or_404

# Swedish number and date formats for Vega (d3-format and d3-time-format locales).
SWEDISH_LOCALE = {
    "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]},
    "time": {
        "dateTime": "%A %e %B %Y kl. %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": ["fm", "em"],
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "shortMonths": [
            "jan",
            "feb",
            "mar",
            "apr",
            "maj",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ],
    },
}


@dataclass(frozen=True)
class TableRow:
    """A period of the data table beside a chart (the SPC columns empty on a plain chart)."""

    cell: Cell
    adjusted: str = ""
    centre: str = ""
    limits: str = ""
    signal: str = ""
    pending: bool = False  # an imported value its source has not published yet (lag)


@dataclass(frozen=True)
class ChartBlock:
    """A chart, its data table and the id of its spec's JSON block."""

    key: str
    heading: str
    spec: dict[str, Any]
    rows: list[TableRow]
    with_limits: bool
    assessment: Verdict | None = None
    notes: list[str] = field(default_factory=list)
    adjusted: bool = False  # the table has a column of seasonally adjusted values
    source: str = ""  # named under the chart: the run, or the imported values' source

    @property
    def spec_id(self) -> str:
        return f"spec-{self.key}"


def labels(entry: Indicator, description: str, *, adjusted: bool = False) -> Labels:
    unit = describe.text(entry.unit)
    return Labels(
        period=_("Period"),
        value=_("%(unit)s, seasonally adjusted") % {"unit": unit} if adjusted else unit,
        centre=_("Centre line"),
        lower=_("Lower limit"),
        upper=_("Upper limit"),
        assessment=_("Signal"),
        activity=_("Activity"),
        started=_("Start"),
        status=_("Status"),
        suppressed=_("Not shown"),
        interpretation=_("Interpretation"),
        marked=_("Interpretations marked on the chart: %(markers)s."),
        description=description,
    )


def plain_block(
    key: str,
    heading: str,
    data: SeriesData,
    cells: tuple[Cell, ...],
    marks: list[LinkedActivity],
    notes: Sequence[CommentMark] = (),
) -> ChartBlock:
    """Return a chart of the values alone (no SPC), with its table."""
    rows = [
        ChartRow(
            period=c.period,
            date=period_date(c.period),
            value=c.value,
            shown=shown_value(c, data.entry),
            reason=describe.reason(c.reason) if c.reason else None,
        )
        for c in cells
    ]
    description = _("%(title)s (%(subgroup)s): %(heading)s, %(first)s–%(last)s.") % {
        "title": data.title,
        "subgroup": data.subgroup,
        "heading": heading.lower(),
        "first": cells[0].period,
        "last": cells[-1].period,
    }
    spec = series_spec(
        rows,
        labels(data.entry, description),
        marks,
        monthly=cells[0].is_month,
        with_limits=False,
        comments=notes,
    )
    return ChartBlock(key, heading, spec, [TableRow(c) for c in cells], with_limits=False)


def control_block(
    run: PublishedRun,
    data: SeriesData,
    choice: ControlChoice,
    marks: list[LinkedActivity],
    notes: Sequence[CommentMark] = (),
) -> ChartBlock:
    """Return the monthly series as a control chart (the chosen kind, baseline, breaks and
    seasonal adjustment) with its table and its assessment."""
    entry, months = data.entry, data.series.months
    settings = choice.settings()
    analysis = analysis_of(run, entry, data.area.code, data.sex, data.age_group, months, settings)
    scale = analysis.scale
    verdict_ = verdict(analysis, entry)
    rows, table = [], []
    runs = long_run_points(analysis)
    for index, (cell, point) in enumerate(zip(months, analysis.points, strict=True)):
        signal = point_signal(analysis, entry, index, runs)
        label = SIGNAL_WORDS()[signal]
        value = None if point.value is None else point.value * scale
        rows.append(
            ChartRow(
                period=cell.period,
                date=period_date(cell.period),
                value=value,
                shown=shown_value(cell, entry) if value is None else number(value, entry),
                reason=describe.reason(cell.reason) if cell.reason else None,
                centre=_scaled(point.centre, scale),
                lower=_scaled(point.lower, scale),
                upper=_scaled(point.upper, scale),
                signal=signal,
                signal_label=label,
            )
        )
        table.append(
            TableRow(
                cell,
                adjusted=number(value, entry) if analysis.season and value is not None else "",
                centre=number(_scaled(point.centre, scale), entry),
                limits=_limits_text(point.lower, point.upper, scale, entry),
                signal=label if signal != "common_cause" else "",
            )
        )
    heading = _("Monthly values")
    description = _(
        "%(title)s (%(subgroup)s): %(heading)s %(first)s–%(last)s on a %(chart)s. "
        "Assessment: %(verdict)s."
    ) % {
        "title": data.title, "subgroup": data.subgroup, "heading": heading.lower(),
        "first": months[0].period, "last": months[-1].period,
        "chart": chart_labels()[analysis.chart], "verdict": verdict_.headline.lower(),
    }  # fmt: skip
    spec = series_spec(
        rows,
        labels(entry, description, adjusted=analysis.season is not None),
        marks,
        monthly=True,
        with_limits=analysis.chart.has_limits,
        comments=notes,
    )
    return ChartBlock(
        "months", heading, spec, table, with_limits=True, assessment=verdict_,
        notes=control_notes(analysis, settings), adjusted=analysis.season is not None,
    )  # fmt: skip


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def number(value: float | None, entry: Indicator) -> str:
    if value is None:
        return ""
    return rounded(value, describe.decimals(entry))


def _limits_text(lower: float | None, upper: float | None, scale: float, entry: Indicator) -> str:
    if lower is None or upper is None:
        return ""
    return f"{number(lower * scale, entry)} – {number(upper * scale, entry)}"


def SIGNAL_WORDS() -> dict[str, str]:
    return {
        "improvement": _("Improvement"),
        "deterioration": _("Deterioration"),
        "neutral": _("Outside the limits"),
        "common_cause": _("Ordinary variation"),
    }


def control_notes(analysis: Analysis, settings: Settings) -> list[str]:
    """Return how the chart was made, in words: the chart, the season, baseline and parts."""
    notes = []
    if analysis.chart.has_limits:
        notes.append(
            _("%(chart)s: the centre line is the mean of the months, the dashed limits lie "
              "three standard deviations from it. A month outside them, or a long run on one "
              "side of the centre, is a signal that something has changed.")
            % {"chart": chart_labels()[analysis.chart]}
        )  # fmt: skip
    else:
        notes.append(
            _("Run chart: the centre line is the median. A long run on one side of it, or too "
              "few crossings, is a signal that something has changed.")
        )  # fmt: skip
    if analysis.season is not None:
        named = area(analysis.season.source)
        source = named.name if named else _("the sum of the regions in the data")
        notes.append(
            _("Seasonally adjusted: each month is divided by its usual seasonal level, "
              "estimated from %(source)s (%(first)s–%(last)s), so that winter peaks and "
              "summer dips are not read as changes. The table also shows the published value.")
            % {"source": source, "first": analysis.season.first_period,
               "last": analysis.season.last_period}
        )  # fmt: skip
    elif settings.seasonal:
        notes.append(
            _("Not seasonally adjusted: the series is too short to estimate a seasonal "
              "pattern (three full years are needed). Read winter peaks with care.")
        )  # fmt: skip
    if analysis.frozen:
        notes.append(
            _("Centre and limits come from the first %(n)d months (the baseline).")
            % {"n": analysis.frozen}
        )
    if settings.breaks:
        notes.append(
            _("New period from %(periods)s: each period has its own centre and limits; the "
              "assessment concerns the last one.")
            % {"periods": ", ".join(settings.breaks)}
        )  # fmt: skip
    return notes


def series_page(request: HttpRequest, indicator_id: str, area_code: str) -> HttpResponse:
    """Render the indicator in the area: the monthly and yearly series as charts with their
    tables, the linked activities and the downloads. A page without a stored run says so."""
    entry, where = indicator_or_404(indicator_id), area_or_404(area_code)
    store = current_store()
    context: dict[str, Any] = {
        "store": store,
        "entry": entry,
        "name": describe.text(entry.name),
        "area": where,
        "trail": trail(entry, where),
        "good_direction": describe.good_direction(entry),
        "locale": SWEDISH_LOCALE if request.LANGUAGE_CODE == "sv" else None,
    }
    if entry.kind == "imported":
        context.update(imported_context(request, entry, where))
    else:
        cells = store.run.cells(entry.id, where.code) if store.run else []
        if cells:
            assert store.run is not None
            context.update(series_context(request, store.run, entry, where, cells))
    context["pair"] = pair_of(entry, where, store.run)
    return render(request, "followup/series.html", context)


def imported_context(request: HttpRequest, entry: Indicator, where: Area) -> dict[str, Any]:
    """Return the page's charts of an imported indicator: its values as the source gives them
    (no control chart: they are not Färdplan's counts), the source named under each, and the
    years the source has not published yet."""
    found = imported_series(entry, where.code)
    if not found.cells:
        return {}
    choice = SeriesChoice(request.GET or None, available=breakdown(found.cells))
    sex, age = choice.chosen()
    data = SeriesData(entry, where, sex, age, select_series(found.cells, sex, age))
    source = source_line(entry, found.sources)
    blocks = []
    if data.series.months:
        months = plain_block("months", _("Monthly values"), data, data.series.months, [])
        blocks.append(replace(months, source=source))
    if data.series.years:
        years = plain_block("years", _("Yearly values"), data, data.series.years, [])
        pending = pending_years(found.last_year)
        rows = years.rows + [
            TableRow(Cell(period, sex, age, None, None, None, None), pending=True)
            for period in pending
        ]
        notes = []
        if pending:
            notes.append(
                _("%(years)s: not yet published by the source, which publishes with a lag. "
                  "A missing year is not a result.") % {"years": ", ".join(pending)}
            )  # fmt: skip
        blocks.append(replace(years, rows=rows, source=source, notes=notes))
    return {
        "data": data,
        "choice": choice,
        "control": None,
        "blocks": blocks,
        "activities": linked_activities(request.user, entry.id, where),
        "breaks": [],
        "signed_in": request.user.is_authenticated,
        "chart_files": [],
    }


def series_context(
    request: HttpRequest, run: PublishedRun, entry: Indicator, where: Area, cells: list[Cell]
) -> dict[str, Any]:
    choice = SeriesChoice(request.GET or None, available=breakdown(cells))
    sex, age = choice.chosen()
    data = SeriesData(entry, where, sex, age, select_series(cells, sex, age))
    activities = linked_activities(request.user, entry.id, where)
    notes = comment_marks(comments.visible_comments(request.user, entry.id, where))
    blocks = []
    control = None
    if data.series.months:
        control = ControlChoice(
            request.GET or None,
            months=[c.period for c in data.series.months],
            default=default_chart(entry),
        )
        blocks.append(control_block(run, data, control, activities, notes))
    if data.series.years:
        yearly = plain_block("years", _("Yearly values"), data, data.series.years, [], notes)
        if not data.series.months:
            yearly = replace(yearly, assessment=yearly_only(entry))
        blocks.append(yearly)
    blocks = with_run_source(blocks, run)
    return {
        "data": data,
        "choice": choice,
        "control": control,
        "blocks": blocks,
        "activities": activities,
        "breaks": [
            (a, a.start.strftime("%Y-%m"))
            for a in activities
            if a.start.strftime("%Y-%m") in [c.period for c in data.series.months[1:]]
        ],
        "signed_in": request.user.is_authenticated,
        "chart_files": chart_files(request, entry, where, blocks),
    }


def with_run_source(blocks: list[ChartBlock], run: PublishedRun) -> list[ChartBlock]:
    """Return the blocks with the computation named under each chart."""
    source = _("Source: Färdplan's computation from the care data, run of %(date)s.") % {
        "date": formats.date_format(run.info.finished.date(), "DATE_FORMAT")
    }
    return [replace(block, source=source) for block in blocks]


def comment_marks(shown: list[Comment]) -> list[CommentMark]:
    """Return the comments as the chart marks them, numbered as the comments block lists
    them (``T1``, ``T2``, …: same order, from :func:`comments.visible_comments`)."""
    return [
        CommentMark(
            marker=_("I%(number)s") % {"number": number},
            first=comment.first_month,
            last=comment.last_month,
            period=comment.months,
            excerpt=Truncator(comment.text).chars(120),
        )
        for number, comment in enumerate(shown, start=1)
    ]


def chart_files(
    request: HttpRequest, entry: Indicator, where: Area, blocks: list[ChartBlock]
) -> list[tuple[str, str, str]]:
    """Return (heading, PNG link, SVG link) per chart, with the page's query so that the file
    shows the chart as the page does."""
    files = []
    for block in blocks:
        query = request.GET.copy()
        query["block"] = block.key
        links = [
            reverse("followup:chart_download", args=[entry.id, where.code, fmt])
            + "?"
            + query.urlencode()
            for fmt in ("png", "svg")
        ]
        files.append((block.heading, links[0], links[1]))
    return files


def trail(entry: Indicator, where: Area) -> list[tuple[str, str]]:
    """Return the breadcrumbs after "Follow-up": county, area (a municipality), indicator."""
    steps = []
    county = area("00" + where.county_code) if where.county_code else None
    if county is not None and where.county_code:
        steps.append((county.name, reverse("followup:county", args=[where.county_code])))
    if where.is_municipality:
        steps.append((where.name, reverse("followup:area", args=[where.code])))
    here = reverse("followup:series", args=[entry.id, where.code])
    steps.append((describe.text(entry.name), here))
    return steps


def pick_area(request: HttpRequest, indicator_id: str) -> HttpResponse:
    """Redirect the county page's area picker to the chosen area's page."""
    entry = indicator_or_404(indicator_id)
    where = area_or_404(request.GET.get("area", ""))
    return redirect("followup:series", entry.id, where.code)


FORMATS = {
    "csv": (downloads.as_csv, "text/csv; charset=utf-8", "csv"),
    "csv-sv": (downloads.as_swedish_csv, "text/csv; charset=utf-8", "csv"),
    "xlsx": (
        downloads.as_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
}


def series_download(
    request: HttpRequest, indicator_id: str, area_code: str, fmt: str
) -> HttpResponse:
    """Return every published cell of the indicator in the area as a file; 404 when the run
    has none (or no run is stored)."""
    entry, where = indicator_or_404(indicator_id), area_or_404(area_code)
    if fmt not in FORMATS:
        raise Http404("unknown format")
    store = current_store()
    if entry.kind == "imported":
        cells = imported_series(entry, where.code).cells
    else:
        cells = store.run.cells(entry.id, where.code) if store.run else []
    if not cells:
        raise Http404("no values")
    write, content_type, suffix = FORMATS[fmt]
    response = HttpResponse(write(entry, where, cells), content_type=content_type)
    name = f"{entry.id}-{where.code}{'-sv' if fmt == 'csv-sv' else ''}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def chart_download(
    request: HttpRequest, indicator_id: str, area_code: str, fmt: str
) -> HttpResponse:
    """Return the series' chart as the page draws it (same query: sex, age, chart kind,
    baseline, breaks) as a PNG or SVG file; ``?block=years`` picks the yearly chart. 404 for
    another format, a run without values or a missing chart."""
    entry, where = indicator_or_404(indicator_id), area_or_404(area_code)
    if fmt not in chart_export.FORMATS:
        raise Http404("unknown chart format")
    store = current_store()
    cells = store.run.cells(entry.id, where.code) if store.run else []
    if not cells:
        raise Http404("no values")
    assert store.run is not None
    context = series_context(request, store.run, entry, where, cells)
    wanted = request.GET.get("block")
    blocks = [b for b in context["blocks"] if wanted in (None, b.key)]
    if not blocks:
        raise Http404("no such chart")
    block, data = blocks[0], context["data"]
    title = f"{describe.text(entry.name)} – {where.name}"
    subtitle = _("%(subgroup)s: %(heading)s. Run of %(date)s.") % {
        "subgroup": data.subgroup,
        "heading": block.heading.lower(),
        "date": store.run.info.finished.date().isoformat(),
    }
    spec = chart_export.titled(block.spec, title, subtitle)
    locale = SWEDISH_LOCALE if request.LANGUAGE_CODE == "sv" else None
    content = chart_export.render(spec, fmt, locale)
    response = HttpResponse(content, content_type=chart_export.FORMATS[fmt])
    name = f"{entry.id}-{where.code}-{block.key}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
