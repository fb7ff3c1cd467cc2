"""Tags of the comparison and breakdown pages: a cell's value as plain text (for a map's
accessible name), a suppression reason in words, and the area beside its region and Sweden."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from fardplan.catalogue import Indicator
from fardplan.web.followup import describe
from fardplan.web.followup.areas import SWEDEN, Area, area
from fardplan.web.followup.imported import imported_series
from fardplan.web.followup.imported import latest_year as imported_latest_year
from fardplan.web.followup.query import Cell, Reason
from fardplan.web.followup.series import shown_value
from fardplan.web.followup.views import current_store

register = template.Library()


@register.simple_tag
def cell_text(cell: Cell, entry: Indicator) -> str:
    """Return the value as plain text in the active locale, ``..`` when suppressed."""
    return shown_value(cell, entry)


@register.filter
def reason_text(reason: Reason | None) -> str:
    """Return why a cell is not shown, in words ('' for a published cell)."""
    return describe.reason(reason) if reason is not None else ""


def beside_areas(where: Area) -> list[Area]:
    """Return the area, then its region (for a municipality), then Sweden (unless it is
    Sweden itself)."""
    found = [where]
    if where.is_municipality and where.county_code:
        region = area("00" + where.county_code)
        if region is not None:
            found.append(region)
    if where.code != SWEDEN:
        found.append(area(SWEDEN) or where)
    return found


def _latest_year(entry: Indicator, area_code: str) -> tuple[Cell, Cell | None] | None:
    if entry.kind == "imported":
        return imported_latest_year(imported_series(entry, area_code))
    run = current_store().run
    return run.latest_year(entry.id, area_code) if run is not None else None


@register.inclusion_tag("followup/_beside.html")
def beside(entry: Indicator, where: Area) -> dict[str, Any]:
    """Render the latest year of the area beside its region and Sweden, for those of them the
    run has; nothing when the run has none of them beside the area."""
    store = current_store()
    rows = []
    if store.run is not None or entry.kind == "imported":
        for other in beside_areas(where):
            found = _latest_year(entry, other.code)
            if found is not None:
                url = reverse("followup:series", args=[entry.id, other.code])
                rows.append((other, found[0], url))
    compare = None
    if where.county_code and store.run is not None and entry.kind == "computed":
        compare = reverse("followup:compare", args=[entry.id, where.county_code])
    return {
        "entry": entry,
        "where": where,
        "rows": rows if len(rows) > 1 else [],
        "compare": compare,
        "breakdown": reverse("followup:breakdown", args=[entry.id, where.code]),
    }
