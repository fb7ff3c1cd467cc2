"""The chart that fits an indicator of the catalogue, and the scale that shows it in its unit."""

from __future__ import annotations

from fardplan.catalogue import Indicator
from fardplan.spc.model import Chart

# Numerator measures that make the value a mean per person (COC), not a count of events.
MEANS = frozenset({"continuity_index", "sum"})


def default_chart(indicator: Indicator) -> Chart:
    """Return the chart that fits ``indicator``:

    - an imported indicator (a value without counts, mostly yearly): a run chart, which
      assumes no distribution;
    - an age-standardised one: an I chart of the value (its numerator over its denominator
      is the crude rate, not the value shown);
    - a mean per person, such as COC (numerator a sum of indices or of values over persons):
      an I chart;
    - a proportion (unit per cent): Laney's p′ (population denominators are large, and a
      plain p chart flags nearly every point);
    - a rate per population (per 1 000 inhabitants, days per 1 000): Laney's u′.

    The user may switch to any other chart; ``scale`` gives the factor for it.
    """
    computation = indicator.computation
    if computation is None:
        return Chart.RUN
    if indicator.standard_population is not None:
        return Chart.I
    # A sum over persons with events divided by those persons is a mean (COC); a sum divided
    # by the population ("persons": days per inhabitant) is a rate per population.
    denominator = computation.denominator
    if computation.numerator.measure in MEANS and denominator.measure == "persons_with_events":
        return Chart.I
    if indicator.unit.en == "per cent":
        return Chart.PP
    return Chart.UP


def scale(indicator: Indicator, chart: Chart) -> float:
    """Return the factor that shows ``chart``'s values in ``indicator``'s unit: the
    catalogue's ``factor`` for p and u charts (they chart numerator / denominator), 1 for run
    and I charts (they chart the published value, already in the unit)."""
    return indicator.factor if Chart(chart).uses_counts else 1.0
