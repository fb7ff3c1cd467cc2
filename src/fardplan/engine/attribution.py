"""Attribute persons and events once; every indicator is derived from these shared tables.

``persons`` is the population with age (at 31 December: period year − birth year) and region.
Event tables get the columns the catalogue may filter on, the period they fall in and the
person's residence, sex and age in the population of the event's year. An event whose person is
missing from that year's population drops out here by the inner join (the data-quality report
counts them, see validation).
"""

from __future__ import annotations

from collections.abc import Iterable

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Filter
from fardplan.engine.filters import all_of, filter_id

READMISSION_DAYS = 30
# What a cell is made of; ``cell_codes`` numbers each combination that occurs.
CELL_COLUMNS = ("municipality_code", "sex", "age")
PERSON_KEYS = ("person_id", "year", "cell")


def persons(population: ir.Table) -> ir.Table:
    """Return population rows with ``age`` = year − birth year (whole years at 31 December)."""
    return population.mutate(age=population.year - population.birth_date.year().cast("int64"))


def cell_codes(people: ir.Table) -> ir.Table:
    """Return one row per (municipality, sex, age) of ``people``, numbered in ``cell``.

    Events carry this one small integer through their join with the population instead of
    two strings and an age, and are summed by it: on national data that join and sum take
    less than half the time. ``decode`` turns the number back after the sums.
    """
    combinations = people.select(*CELL_COLUMNS).distinct()
    number = ibis.row_number().over(order_by=list(CELL_COLUMNS))
    return combinations.mutate(cell=number.cast("int32"))


def with_cell(people: ir.Table, codes: ir.Table, filters: Iterable[tuple[Filter, ...]]) -> ir.Table:
    """Return ``people`` with the ``cell`` number of their municipality, sex and age.

    ``filters``: the filters of the counts of persons. Each becomes a column, named by
    ``filter_id``, true for the persons it keeps; no other column of the population is kept.
    Ten million persons with a flag instead of the columns it reads (a named physician's id)
    are built, kept and read back in a fraction of the time.
    """
    joined = people.join(codes, list(CELL_COLUMNS))
    flags = {}
    for chosen in filters:
        flag = all_of(joined, chosen)  # never null (see ``filters.predicate``)
        if flag is not None:
            flags[filter_id(chosen)] = flag
    return joined.select(*PERSON_KEYS, **dict(sorted(flags.items())))


def decode(cells: ir.Table, codes: ir.Table) -> ir.Table:
    """Return ``cells`` with ``cell`` replaced by its municipality, sex and age."""
    joined = cells.join(codes, "cell")
    return joined.select(*[c for c in cells.columns if c != "cell"], *CELL_COLUMNS)


def derive(tables: dict[str, ir.Table]) -> dict[str, ir.Table]:
    """Return the event tables with the derived columns the catalogue header documents."""
    derived = dict(tables)
    derived["admissions"] = _admissions(tables["admissions"])
    derived["contacts"] = _contacts(tables["contacts"], tables["units"])
    return derived


def _admissions(admissions: ir.Table) -> ir.Table:
    # A readmission is another acute stay of the same person admitted from the index discharge
    # day (day 0) up to and including day 30; day 31 is outside.
    later = admissions.filter(admissions.acute).select(
        later_person=admissions.person_id,
        later_id=admissions.admission_id,
        later_on=admissions.admitted_on,
    )
    pairs = admissions.join(
        later,
        [
            admissions.person_id == later.later_person,
            admissions.admission_id != later.later_id,
            later.later_on >= admissions.discharged_on,
            later.later_on <= admissions.discharged_on + ibis.interval(days=READMISSION_DAYS),
        ],
    )
    readmitted = pairs.select("admission_id").distinct()
    return admissions.mutate(
        readmitted_30d=admissions.admission_id.isin(readmitted.admission_id),
        discharge_ready_days=admissions.discharged_on.delta(
            admissions.discharge_ready_on, unit="day"
        ),
    )


def _contacts(contacts: ir.Table, units: ir.Table) -> ir.Table:
    kinds = units.select(kind_unit_id=units.unit_id, unit_kind=units.kind)
    joined = contacts.left_join(kinds, contacts.unit_id == kinds.kind_unit_id)
    kept = joined.select(*[c for c in joined.columns if c != "kind_unit_id"])
    return kept.mutate(days_to_assessment=kept.date.delta(kept.requested_on, unit="day"))


def person_cells(people: ir.Table) -> ir.Table:
    """Return what a join with the population needs: ``p_person_id``, ``p_year``, ``cell``."""
    return people.select("person_id", "year", "cell").rename(p_person_id="person_id", p_year="year")


def attribute(events: ir.Table, date: str, people: ir.Table) -> ir.Table:
    """Return ``events`` with ``year``, ``month`` of ``date`` and the person's ``cell``.

    ``people`` must carry ``cell`` (see ``with_cell``); ``decode`` gives the municipality, sex
    and age back. An event's own ``municipality_code`` (care plans, home health care) is kept
    as ``event_municipality_code``: indicators count by the person's residence.
    """
    if "municipality_code" in events.columns:
        events = events.rename(event_municipality_code="municipality_code")
    attributes = person_cells(people)
    # The event's year is computed in the join condition, not in a subquery before it:
    # DuckDB then joins on the fly, about twice as fast on millions of contacts.
    joined = events.join(
        attributes,
        [
            events.person_id == attributes.p_person_id,
            events[date].year().cast("int64") == attributes.p_year,
        ],
    )
    joined = joined.mutate(year=joined.p_year, month=joined[date].month().cast("int64"))
    # An explicit column list, not drop(): Ibis orders a drop's EXCLUDE list unpredictably,
    # which would make the pinned SQL flicker.
    return joined.select(*[c for c in joined.columns if c not in ("p_person_id", "p_year")])
