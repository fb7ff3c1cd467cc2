"""Catalogue entries and cells as the pages word them, in the active language."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator, Text, load_catalogue
from fardplan.web.followup.query import Reason


def text(value: Text | None) -> str:
    """Return the catalogue text in the active language ('' for None)."""
    if value is None:
        return ""
    return value.en if get_language() == "en" else value.sv


def indicator(indicator_id: str) -> Indicator | None:
    """Return the catalogue entry, or None for an unknown id."""
    try:
        return load_catalogue().get(indicator_id)
    except KeyError:
        return None


def good_direction(entry: Indicator) -> str:
    return {
        "higher": _("Higher is better"),
        "lower": _("Lower is better"),
        "neutral": _("Neither direction is better in itself"),
    }[entry.good]


def periods(entry: Indicator) -> str:
    names = {"year": _("year"), "month": _("month")}
    return ", ".join(names[p] for p in entry.periods)


def kind(entry: Indicator) -> str:
    if entry.kind == "computed":
        return _("Computed by Färdplan from care data")
    return _("Imported (from Kolada or an upload)")


def decimals(entry: Indicator) -> int:
    """Return the decimals a value is shown with: 2 for a computed index or count per
    inhabitant (factor 1, values around 1), else 1. An imported value comes in its unit
    already (a percentage, a rate per 100 000), as its source publishes it: one decimal."""
    return 2 if entry.factor == 1 and entry.kind == "computed" else 1


def reason(value: Reason) -> str:
    """Return why a cell shows ``..``, without any count."""
    if value is Reason.SOURCE:
        return _("Not published by the source (its disclosure control)")
    if value is Reason.FEW:
        return _("Suppressed: too few persons or events to show without risk of identifying them")
    return _("Suppressed so that another suppressed value cannot be calculated from this one")


def sex(code: str) -> str:
    return {"T": _("Both sexes"), "K": _("Women"), "M": _("Men")}.get(code, code)


def age_group(code: str) -> str:
    return _("All ages") if code == "all" else _("%(band)s years") % {"band": code}


def definition_rows(entry: Indicator) -> list[tuple[str, str]]:
    """Return the definition's fields as (label, text) in the active language."""
    return [
        (_("Description"), text(entry.description)),
        (_("Numerator"), text(entry.numerator)),
        (_("Denominator"), text(entry.denominator)),
        (_("Population"), text(entry.population)),
        (_("Unit"), text(entry.unit)),
        (_("Good direction"), good_direction(entry)),
        (_("Periods"), periods(entry)),
        (_("Departures from the national definition"), text(entry.departures)),
        (_("Kind"), kind(entry)),
        (_("Source"), entry.source),
        (_("Kolada id"), entry.kolada_id or ""),
        (_("Indicator id"), entry.id),
    ]
