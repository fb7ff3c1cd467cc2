"""A computed measure beside the imported one of the same thing (its catalogue counterpart).

Färdplan's ``avoidable_admissions_std`` and Kolada's U79133 count the same admissions, but
not in the same way: the page shows both series in one chart and one table, the two
definitions side by side, and the computed one's departures from the national definition,
which explain the difference. A year the source has not published yet says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator, load_catalogue
from fardplan.web.followup import describe
from fardplan.web.followup.areas import Area
from fardplan.web.followup.imported import imported_series, pending_years, source_line
from fardplan.web.followup.query import ALL_AGES, TOTAL_SEX, Cell, PublishedRun, select_series


@dataclass(frozen=True)
class PairRow:
    """One year: Färdplan's value and the source's (None when it has none)."""

    period: str
    computed: Cell | None
    imported: Cell | None
    pending: bool  # the source has not published this year yet


@dataclass(frozen=True)
class Pair:
    computed: Indicator
    imported: Indicator
    rows: list[PairRow]
    definitions: list[tuple[str, str, str]]  # label, computed's, imported's
    source: str
    spec: dict[str, Any]

    @property
    def spec_id(self) -> str:
        return "spec-pair"


def pair_of(entry: Indicator, where: Area, run: PublishedRun | None) -> Pair | None:
    """Return the pair of ``entry`` and its counterpart in the area (yearly values, both sexes,
    all ages), or None when it has no counterpart or neither has a value there."""
    twin = load_catalogue().counterpart_of(entry.id)
    if twin is None:
        return None
    computed, imported = (entry, twin) if entry.kind == "computed" else (twin, entry)
    ours = run.series(computed.id, where.code).years if run is not None else ()
    theirs_series = imported_series(imported, where.code)
    theirs = select_series(theirs_series.cells, TOTAL_SEX, ALL_AGES).years
    if not ours and not theirs:
        return None
    pending = set(pending_years(theirs_series.last_year))
    by_ours = {cell.period: cell for cell in ours}
    by_theirs = {cell.period: cell for cell in theirs}
    periods = sorted(set(by_ours) | set(by_theirs) | pending)
    rows = [
        PairRow(p, by_ours.get(p), by_theirs.get(p), p in pending and p not in by_theirs)
        for p in periods
    ]
    return Pair(
        computed,
        imported,
        rows,
        definitions(computed, imported),
        source_line(imported, theirs_series.sources),
        pair_spec(computed, imported, rows, where),
    )


def definitions(computed: Indicator, imported: Indicator) -> list[tuple[str, str, str]]:
    """Return the two definitions row by row; the computed one's departures last."""
    text = describe.text
    none = "–"
    rows = [
        (_("Name"), text(computed.name), text(imported.name)),
        (_("Description"), text(computed.description), text(imported.description)),
        (
            _("Numerator"),
            text(computed.numerator) if computed.numerator else none,
            text(imported.numerator) if imported.numerator else none,
        ),
        (
            _("Denominator"),
            text(computed.denominator) if computed.denominator else none,
            text(imported.denominator) if imported.denominator else none,
        ),
        (_("Population"), text(computed.population), text(imported.population)),
        (_("Unit"), text(computed.unit), text(imported.unit)),
        (
            _("Source"),
            computed.source,
            f"{imported.source}, {imported.kolada_id or ''}".strip(", "),
        ),
        (
            _("Departures from the national definition"),
            text(computed.departures) if computed.departures else none,
            text(imported.departures) if imported.departures else _("The national definition"),
        ),
    ]
    return rows


def pair_spec(
    computed: Indicator, imported: Indicator, rows: list[PairRow], where: Area
) -> dict[str, Any]:
    """Return a Vega-Lite line chart of both series, told apart by colour and dash."""
    ours, theirs = (
        _("Färdplan (care data)"),
        _("%(source)s (national)") % {"source": imported.kolada_id or imported.source},
    )
    values = [
        {"period": row.period, "measure": name, "value": cell.value}
        for row in rows
        for name, cell in ((ours, row.computed), (theirs, row.imported))
        if cell is not None and cell.value is not None
    ]
    description = _(
        "%(name)s in %(area)s: Färdplan's value from the care data beside the national one, "
        "by year. The same values are in the table."
    ) % {"name": describe.text(computed.name), "area": where.name}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "width": "container",
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": _("Year")},
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": describe.text(computed.unit),
                "scale": {"zero": False},
            },
            "color": {"field": "measure", "type": "nominal", "title": None},
            "strokeDash": {"field": "measure", "type": "nominal", "title": None},
            "tooltip": [
                {"field": "measure", "title": _("Measure")},
                {"field": "period", "title": _("Year")},
                {"field": "value", "title": _("Value"), "format": ",.1f"},
            ],
        },
        "config": {"legend": {"orient": "bottom"}},
    }


__all__ = ["Pair", "PairRow", "pair_of"]
