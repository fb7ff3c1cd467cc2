"""Areas of the indicator table by Kolada code: municipality ``"2580"``, region ``"0025"``
(``"00"`` + län), Sweden ``"0000"``; their names and the county they belong to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from fardplan.reference.sweden import municipalities, regions
from fardplan.web.organisations.ordering import swedish_key

SWEDEN = "0000"


@dataclass(frozen=True)
class Area:
    """An area of the indicator table. ``county_code`` is the län (``"25"``), None for Sweden."""

    code: str
    name: str
    county_code: str | None

    @property
    def is_region(self) -> bool:
        return len(self.code) == 4 and self.code.startswith("00") and self.code != SWEDEN

    @property
    def is_municipality(self) -> bool:
        return not self.is_region and self.code != SWEDEN


@cache
def _areas() -> dict[str, tuple[str, str | None]]:
    found: dict[str, tuple[str, str | None]] = {
        m.code: (m.name, m.region_code) for m in municipalities()
    }
    found.update({"00" + r.code: (r.name, r.code) for r in regions()})
    return found


def area(code: str) -> Area | None:
    """Return the area with that Kolada code, or None when no such area exists."""
    if code == SWEDEN:
        return Area(SWEDEN, _("Sweden"), None)
    found = _areas().get(code)
    return Area(code, found[0], found[1]) if found else None


def county_areas(county_code: str) -> list[Area]:
    """Return the county's region first, then its municipalities in Swedish order."""
    codes = ["00" + county_code] + [
        m.code for m in municipalities() if m.region_code == county_code
    ]
    found = [a for a in map(area, codes) if a is not None]
    return found[:1] + sorted(found[1:], key=lambda a: swedish_key(a.name))
