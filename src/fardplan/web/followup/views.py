"""Follow-up pages: the indicator catalogue, a county's and an area's indicators, and one
indicator in one area. Published indicators are public: every page reads without login; the
activities beside a chart follow the plans' reading rights."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fardplan.catalogue import Indicator, load_catalogue
from fardplan.web.access.scope import scope_for
from fardplan.web.followup import describe
from fardplan.web.followup.areas import Area, area, county_areas
from fardplan.web.followup.imported import imported_areas, imported_series
from fardplan.web.followup.imported import latest_year as imported_latest_year
from fardplan.web.followup.query import Cell, PublishedRun, StoreBusy, published_run
from fardplan.web.organisations.models import County
from fardplan.web.uploads.services import can_upload


@dataclass(frozen=True)
class Store:
    """The current run for a page, or why there is none (``busy``: a run is being saved)."""

    run: PublishedRun | None
    busy: bool = False


def current_store() -> Store:
    try:
        return Store(published_run())
    except StoreBusy:
        return Store(None, busy=True)


@dataclass(frozen=True)
class CatalogueRow:
    entry: Indicator
    name: str
    unit: str
    has_values: bool


def catalogue_rows(run: PublishedRun | None) -> list[CatalogueRow]:
    """Return every indicator of the catalogue in its order, with whether the run has it."""
    ids = run.indicator_ids() if run else set()
    return [
        CatalogueRow(entry, describe.text(entry.name), describe.text(entry.unit), entry.id in ids)
        for entry in load_catalogue().indicators
    ]


def index(request: HttpRequest) -> HttpResponse:
    """Render the follow-up start: every indicator of the catalogue, and the counties."""
    store = current_store()
    rows = catalogue_rows(store.run)
    context = {
        "store": store,
        "computed": [r for r in rows if r.entry.kind == "computed"],
        "imported": [r for r in rows if r.entry.kind == "imported"],
        "counties": County.objects.order_by("code"),
    }
    return render(request, "followup/index.html", context)


def indicator_or_404(indicator_id: str) -> Indicator:
    found = describe.indicator(indicator_id)
    if found is None:
        raise Http404("unknown indicator")
    return found


def indicator_detail(request: HttpRequest, indicator_id: str) -> HttpResponse:
    """Render one indicator's definition as the catalogue holds it, and the counties where
    the current run (or, for an imported one, the imported values) has values of it."""
    entry = indicator_or_404(indicator_id)
    store = current_store()
    if entry.kind == "imported":  # its values are in the imported store, not in the run
        areas = imported_areas(entry)
    else:
        areas = store.run.areas(entry.id) if store.run else []
    counties = {a.county_code for a in map(area, areas) if a is not None and a.county_code}
    context = {
        "store": store,
        "entry": entry,
        "name": describe.text(entry.name),
        "definition": [
            (label, value)
            for label, value in describe.definition_rows(entry)
            if value  # an imported indicator has no numerator or denominator of its own
        ],
        "counties": County.objects.filter(code__in=counties).order_by("code"),
        "sweden": "0000" in areas,
    }
    return render(request, "followup/indicator_detail.html", context)


@dataclass(frozen=True)
class LatestRow:
    """An indicator's latest year in an area, and the year before (either may be None)."""

    entry: Indicator
    name: str
    area: Area
    latest: Cell | None
    previous: Cell | None


def latest_rows(run: PublishedRun | None, where: Area) -> list[LatestRow]:
    """Return one row per indicator of the catalogue with the area's latest year: each
    computed one (when a run is stored), then each imported one that has values."""
    rows = []
    for entry in load_catalogue().computed if run is not None else ():
        assert run is not None
        found = run.latest_year(entry.id, where.code)
        latest, previous = found if found else (None, None)
        rows.append(LatestRow(entry, describe.text(entry.name), where, latest, previous))
    for entry in load_catalogue().imported:
        found = imported_latest_year(imported_series(entry, where.code))
        if found is not None:
            name = describe.text(entry.name)
            rows.append(LatestRow(entry, name, where, found[0], found[1]))
    return rows


def county_followup(request: HttpRequest, code: str) -> HttpResponse:
    """Render a county's indicators: the region's latest year of each, and its areas."""
    county = get_object_or_404(County, code=code)
    store = current_store()
    areas = county_areas(county.code)
    region = areas[0] if areas else None
    context = {
        "store": store,
        "county": county,
        "region": region,
        "municipalities": areas[1:],
        "rows": latest_rows(store.run, region) if region else [],
        "may_fetch": scope_for(request.user).can_administer_county(county.pk),
        "can_upload": can_upload(request.user, county),
    }
    return render(request, "followup/county.html", context)


def area_or_404(code: str) -> Area:
    found = area(code)
    if found is None:
        raise Http404("unknown area")
    return found


def area_followup(request: HttpRequest, area_code: str) -> HttpResponse:
    """Render one area's indicators, each with its latest year."""
    where = area_or_404(area_code)
    store = current_store()
    county = County.objects.filter(code=where.county_code).first() if where.county_code else None
    context = {
        "store": store,
        "area": where,
        "county": county,
        "rows": latest_rows(store.run, where),
    }
    return render(request, "followup/area.html", context)
