"""The page of one indicator in one area (charts, tables, activities) and its downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator
from fardplan.web.followup import describe, downloads
from fardplan.web.followup.activities import LinkedActivity, linked_activities
from fardplan.web.followup.areas import Area, area
from fardplan.web.followup.chart import ChartRow, Labels, period_date, series_spec
from fardplan.web.followup.query import Cell, select_series
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
            "januari", "februari", "mars", "april", "maj", "juni",
            "juli", "augusti", "september", "oktober", "november", "december",
        ],  # fmt: skip
        "shortMonths": [
            "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"
        ],  # fmt: skip
    },
}


@dataclass(frozen=True)
class TableRow:
    """A period of the data table beside a chart."""

    cell: Cell
    centre: str = ""
    lower: str = ""
    upper: str = ""
    signal: str = ""


@dataclass(frozen=True)
class ChartBlock:
    """A chart, its data table and the id of its spec's JSON block."""

    key: str
    heading: str
    spec: dict[str, Any]
    rows: list[TableRow]
    with_limits: bool
    assessment: Any = None

    @property
    def spec_id(self) -> str:
        return f"spec-{self.key}"


def labels(entry: Indicator, description: str) -> Labels:
    return Labels(
        period=_("Period"),
        value=describe.text(entry.unit),
        centre=_("Centre line"),
        lower=_("Lower limit"),
        upper=_("Upper limit"),
        assessment=_("Signal"),
        activity=_("Activity"),
        started=_("Start"),
        status=_("Status"),
        suppressed=_("Not shown"),
        description=description,
    )


def plain_block(
    key: str, heading: str, data: SeriesData, cells: tuple[Cell, ...], marks: list[LinkedActivity]
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
    )
    return ChartBlock(key, heading, spec, [TableRow(c) for c in cells], with_limits=False)


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
    cells = store.run.cells(entry.id, where.code) if store.run else []
    if cells:
        context.update(series_context(request, entry, where, cells))
    return render(request, "followup/series.html", context)


def series_context(
    request: HttpRequest, entry: Indicator, where: Area, cells: list[Cell]
) -> dict[str, Any]:
    choice = SeriesChoice(request.GET or None, available=breakdown(cells))
    sex, age = choice.chosen()
    data = SeriesData(entry, where, sex, age, select_series(cells, sex, age))
    activities = linked_activities(request.user, entry.id, where)
    blocks = []
    if data.series.months:
        blocks.append(
            plain_block("months", _("Monthly values"), data, data.series.months, activities)
        )
    if data.series.years:
        blocks.append(plain_block("years", _("Yearly values"), data, data.series.years, []))
    return {
        "data": data,
        "choice": choice,
        "blocks": blocks,
        "activities": activities,
        "signed_in": request.user.is_authenticated,
    }


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
    cells = store.run.cells(entry.id, where.code) if store.run else []
    if not cells:
        raise Http404("no values")
    write, content_type, suffix = FORMATS[fmt]
    response = HttpResponse(write(entry, where, cells), content_type=content_type)
    name = f"{entry.id}-{where.code}{'-sv' if fmt == 'csv-sv' else ''}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
