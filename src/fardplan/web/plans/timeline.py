"""A Gantt-like timeline: each activity as a bar placed by percent of the whole span, with the
dates also given as text in the table (the bar is decoration, not the only carrier)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fardplan.web.organisations.models import Organisation
from fardplan.web.plans.models import EARLIEST_DATE, LATEST_DATE
from fardplan.web.plans.overview import Row


@dataclass(frozen=True)
class Bar:
    row: Row
    offset: float  # percent of the span before the bar starts
    width: float  # percent of the span the bar covers (at least 1, so it stays visible)


@dataclass(frozen=True)
class Year:
    year: int
    offset: float
    width: float


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    years: list[Year]
    bars: list[Bar]


def _percent(day: date, start: date, days: int) -> float:
    return round(100 * (day - start).days / days, 2)


def _within(day: date) -> date:
    """Return ``day`` moved into the range plans may have. A row written before the range was
    checked (9999-12-31) would otherwise make a span of eight thousand years, or overflow."""
    return min(max(day, EARLIEST_DATE), LATEST_DATE)


def build_timeline(rows: list[Row]) -> Timeline | None:
    """Return bars for the rows over whole years from the first start to the last end;
    None when there are no rows. Dates outside the allowed range are drawn at its edge (the
    table beside the bars gives them as they are)."""
    if not rows:
        return None
    start = date(_within(min(r.activity.start for r in rows)).year, 1, 1)
    end = date(_within(max(r.activity.end for r in rows)).year, 12, 31)
    days = (end - start).days + 1
    years = [
        Year(
            y,
            _percent(date(y, 1, 1), start, days),
            _percent(date(y + 1, 1, 1), date(y, 1, 1), days),
        )
        for y in range(start.year, end.year + 1)
    ]
    bars = []
    for row in rows:
        first, last = _within(row.activity.start), _within(row.activity.end)
        offset = _percent(first, start, days)
        width = max(1.0, _percent(last, first, days))
        bars.append(Bar(row, offset, min(width, 100 - offset)))
    return Timeline(start, end, years, bars)


def filter_rows(
    rows: list[Row], organisation: Organisation | None, target_group: str, status: str
) -> list[Row]:
    """Return the rows that match every given filter; empty filters match everything. An
    organisation matches as responsible or participant."""

    def keep(row: Row) -> bool:
        activity = row.activity
        if organisation is not None:
            involved = {activity.responsible_id, *(o.pk for o in activity.participants.all())}
            if organisation.pk not in involved:
                return False
        if target_group and target_group not in activity.target_groups:
            return False
        return not status or activity.status == status

    return [row for row in rows if keep(row)]
