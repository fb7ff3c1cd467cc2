"""The start page: what Färdplan is and a county picker (a map and a list)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from fardplan.web.organisations.models import County
from fardplan.web.site.svgmap import SwedenMap, sweden_map
from fardplan.web.strategies.models import Strategy


@dataclass(frozen=True)
class MapRegion:
    """A län on the map: its shape, and the county page it links to (None when the county is
    not loaded, so the shape is drawn but not linked)."""

    code: str
    name: str
    path: str
    url: str | None
    strategy_count: int

    @property
    def label(self) -> str:
        """Return the link's accessible name: the county, and how many strategies it has."""
        if not self.strategy_count:
            return self.name
        template = ngettext(
            "%(name)s (%(count)d strategy)", "%(name)s (%(count)d strategies)", self.strategy_count
        )
        return template % {"name": self.name, "count": self.strategy_count}


@dataclass(frozen=True)
class CountyEntry:
    """A county in the picker and how many strategies it has."""

    county: County
    strategy_count: int


def county_entries(user: AbstractBaseUser | AnonymousUser) -> list[CountyEntry]:
    """Return every county with its number of strategies that ``user`` may read (drafts only
    for the county's members), those with a strategy first, then by code."""
    visible = Strategy.objects.visible_to(user).order_by()
    counts = dict(visible.values("county").annotate(n=Count("pk")).values_list("county", "n"))
    entries = [CountyEntry(county, counts.get(county.pk, 0)) for county in County.objects.all()]
    return sorted(entries, key=lambda entry: (-entry.strategy_count, entry.county.code))


def map_regions(the_map: SwedenMap, entries: list[CountyEntry]) -> list[MapRegion]:
    """Return one :class:`MapRegion` per shape, joined with the loaded counties by code."""
    by_code = {entry.county.code: entry for entry in entries}
    regions = []
    for shape in the_map.regions:
        entry = by_code.get(shape.code)
        url = entry.county.get_absolute_url() if entry else None
        count = entry.strategy_count if entry else 0
        regions.append(MapRegion(shape.code, shape.name, shape.path, url, count))
    return regions


def home(request: HttpRequest) -> HttpResponse:
    """Render the start page: the map and the list of every county, those with a strategy
    first under their own heading."""
    entries = county_entries(request.user)
    the_map = sweden_map()
    context = {
        "counties_with_strategy": [e for e in entries if e.strategy_count],
        "other_counties": [e for e in entries if not e.strategy_count],
        "map": the_map,
        "map_regions": map_regions(the_map, entries),
    }
    return render(request, "site/home.html", context)
