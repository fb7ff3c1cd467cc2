"""The periods of a run: each population year and, for monthly indicators, its months."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

import ibis.expr.types as ir


def periods_of(years: list[int], last_day: date | None) -> dict[str, list[Any]]:
    """Return the period table (period_type, year, period, start, end) as columns.

    Months run to the month of ``last_day``, the last event in the data, so a dataset that ends
    in June has no empty July–December; a year before that month gets all twelve.
    """
    rows: list[tuple[str, int, str, date, date]] = []
    for year in years:
        rows.append(("year", year, str(year), date(year, 1, 1), date(year, 12, 31)))
        last_month = 12
        if last_day is not None and last_day.year == year:
            last_month = last_day.month
        for month in range(1, last_month + 1):
            end = date(year, month, calendar.monthrange(year, month)[1])
            rows.append(("month", year, f"{year}-{month:02d}", date(year, month, 1), end))
    names = ("period_type", "year", "period", "start", "end")
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


def period_label(year: ir.IntegerValue, month: ir.IntegerValue, period_type: str) -> ir.StringValue:
    """Return the label of the period an event falls in: ``"2024"`` or ``"2024-03"``."""
    label = year.cast("string")
    if period_type == "month":
        label = label + "-" + month.cast("string").lpad(2, "0")
    return label
