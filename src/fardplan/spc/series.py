"""The monthly series of a stored run, analysed as the follow-up pages show them.

``monthly_series`` groups a run's cells into series in one vectorised pass (no query per
series); ``analyse_indicator`` is the analysis a page draws for one series (the default chart,
seasonally adjusted by the reference area's pattern); ``series_signals`` does it for every
series, which is what ``fardplan signals`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fardplan.catalogue import Catalogue, Indicator
from fardplan.spc.analysis import analyse
from fardplan.spc.assessment import Assessment, assess
from fardplan.spc.choice import default_chart, scale
from fardplan.spc.model import Analysis, Chart, Point, Season
from fardplan.spc.seasonal import estimate_season

SWEDEN = "0000"  # the engine's area code of Sweden (engine.cells.SWEDEN); a region is 00 + län


@dataclass(frozen=True, order=True)
class SeriesKey:
    indicator_id: str
    area_code: str
    sex: str
    age_group: str


def monthly_series(
    table: pa.Table,
    *,
    indicators: Iterable[str] | None = None,
    sex: str = "T",
    age_group: str = "all",
) -> dict[SeriesKey, list[Point]]:
    """Return the monthly series of a run's cells (``engine.schema.RESULT_SCHEMA``), by key,
    each in period order. Pass the published table: a suppressed cell (value null) becomes
    a gap. Only ``sex`` and ``age_group`` are kept, and ``indicators`` when given."""
    keep = pc.and_(pc.equal(table["sex"], sex), pc.equal(table["age_group"], age_group))
    keep = pc.and_(keep, pc.equal(pc.utf8_length(table["period"]), 7))  # "YYYY-MM"
    if indicators is not None:
        wanted = pa.array(sorted(set(indicators)), pa.string())
        keep = pc.and_(keep, pc.is_in(table["indicator_id"], wanted))
    cells = table.filter(keep).sort_by(
        [("indicator_id", "ascending"), ("area_code", "ascending"), ("period", "ascending")]
    )
    return _group(cells, sex, age_group)


def _group(cells: pa.Table, sex: str, age_group: str) -> dict[SeriesKey, list[Point]]:
    """Split sorted cells at each change of indicator or area, one list of points each."""
    ids = cells["indicator_id"].to_pylist()
    areas = cells["area_code"].to_pylist()
    columns = [cells[name].to_pylist() for name in ("period", "value", "numerator")]
    denominator = cells["denominator"].to_pylist()
    changes = [i for i in range(1, len(ids)) if ids[i] != ids[i - 1] or areas[i] != areas[i - 1]]
    series: dict[SeriesKey, list[Point]] = {}
    for start, end in zip([0, *changes], [*changes, len(ids)], strict=True):
        if start == end:
            continue
        key = SeriesKey(ids[start], areas[start], sex, age_group)
        series[key] = [
            Point(columns[0][i], columns[1][i], columns[2][i], _number(denominator[i]))
            for i in range(start, end)
        ]
    return series


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def analyse_indicator(
    points: Sequence[Point],
    indicator: Indicator,
    *,
    chart: Chart | None = None,
    season: Season | None = None,
    seasonal: bool = True,
    freeze: int | None = None,
    breaks: Sequence[str] = (),
) -> Analysis:
    """Return a series of ``indicator`` analysed as the follow-up shows it: on ``chart`` (the
    indicator's default unless chosen), with the scale of its unit, seasonally adjusted by
    ``season`` (the reference area's pattern, see ``reference_season``) or, without one, by
    its own pattern where the series is long enough."""
    chart = Chart(chart) if chart is not None else default_chart(indicator)
    return analyse(
        points,
        chart,
        freeze=freeze,
        breaks=breaks,
        seasonal=seasonal,
        season=season,
        scale=scale(indicator, chart),
    )


Memo = dict[tuple[str, Chart], Season | None]
REFERENCE = "regions"  # ``Season.source`` of a pattern estimated on the run's regions


def reference_season(
    series: Mapping[SeriesKey, Sequence[Point]],
    key: SeriesKey,
    chart: Chart,
    memo: Memo | None = None,
) -> Season | None:
    """Return the seasonal pattern to adjust ``key``'s series by: the pattern of Sweden's
    series when the run has one, else of the sum of the run's regions (the winter peaks are
    national, and a sum of many areas has little noise to mistake for a season), else the
    series' own; None when none is long enough. ``memo`` keeps the patterns estimated."""
    memo = {} if memo is None else memo
    if (key.indicator_id, chart) not in memo:
        total = regions_total(series, key, chart)
        memo[key.indicator_id, chart] = (
            estimate_season(total, chart, source=REFERENCE) if total else None
        )
    return memo[key.indicator_id, chart] or estimate_season(
        series[key], chart, source=key.area_code
    )


def regions_total(
    series: Mapping[SeriesKey, Sequence[Point]], key: SeriesKey, chart: Chart
) -> list[Point]:
    """Return Sweden's series of ``key``'s indicator, sex and age, or else the sum of every
    region's (area ``00`` + län) by period; a period missing in a region is a gap of the
    sum. On run and I charts the value is summed weighted by the denominator."""
    same = [
        points
        for other, points in series.items()
        if (other.indicator_id, other.sex, other.age_group)
        == (key.indicator_id, key.sex, key.age_group)
        and other.area_code.startswith("00")
    ]
    sweden = SeriesKey(key.indicator_id, SWEDEN, key.sex, key.age_group)
    if sweden in series:
        return list(series[sweden])
    sums: dict[str, list[float]] = {}
    for points in same:
        for point in points:
            numerator, denominator = _weighted(point, chart)
            total = sums.setdefault(point.period, [0.0, 0.0, 0.0])
            total[0] += numerator if numerator is not None else np.nan
            total[1] += denominator if denominator is not None else np.nan
            total[2] += 1
    return [
        _total_point(period, numerator, denominator, counted == len(same))
        for period, (numerator, denominator, counted) in sorted(sums.items())
    ]


def _weighted(point: Point, chart: Chart) -> tuple[float | None, float | None]:
    if point.value is None or not point.denominator:
        return None, None
    if chart.uses_counts:
        return point.numerator, point.denominator
    return point.value * point.denominator, point.denominator


def _total_point(period: str, numerator: float, denominator: float, complete: bool) -> Point:
    if not complete or not np.isfinite(numerator) or not np.isfinite(denominator):
        return Point(period, None)
    return Point(period, numerator / denominator, numerator, denominator)


@dataclass(frozen=True)
class SeriesSignal:
    """One series' analysis as ``fardplan signals`` reports it: no counts, only signals."""

    indicator_id: str
    area_code: str
    sex: str
    age_group: str
    chart: str
    n_points: int
    runs_signal: bool
    longest_run: int | None
    crossings: int | None
    sigma_signal_periods: list[str]
    assessment: str
    seasonal: str | None  # the area whose pattern adjusted the series, None if not adjusted

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def series_signals(
    table: pa.Table,
    catalogue: Catalogue,
    *,
    indicator: str | None = None,
    areas: Sequence[str] | None = None,
    county: str | None = None,
    sex: str = "T",
    age_group: str = "all",
    seasonal: bool = True,
) -> list[SeriesSignal]:
    """Return the signals of every monthly series of ``table`` (a published run), sorted by
    indicator and area; only ``indicator``, the ``areas`` and the ``county``'s areas (its
    municipalities and its region) when given. Imported indicators have no monthly cells."""
    wanted = [indicator] if indicator else [i.id for i in catalogue.computed]
    series = monthly_series(table, indicators=wanted, sex=sex, age_group=age_group)
    memo: Memo = {}
    found = []
    for key in sorted(series):
        if not _chosen(key.area_code, areas, county):
            continue
        definition = catalogue.get(key.indicator_id)
        chart = default_chart(definition)
        season = reference_season(series, key, chart, memo) if seasonal else None
        analysis = analyse_indicator(
            series[key], definition, chart=chart, season=season, seasonal=season is not None
        )
        found.append(_signal(key, analysis, assess(analysis, definition.good)))
    return found


def _chosen(area: str, areas: Sequence[str] | None, county: str | None) -> bool:
    if areas is not None and area not in areas:
        return False
    return county is None or area == "00" + county or (area[:2] == county and area[:2] != "00")


def _signal(key: SeriesKey, analysis: Analysis, assessment: Assessment) -> SeriesSignal:
    last = analysis.last_part
    assert last is not None
    return SeriesSignal(
        indicator_id=key.indicator_id,
        area_code=key.area_code,
        sex=key.sex,
        age_group=key.age_group,
        chart=str(analysis.chart),
        n_points=int(np.sum([p.value is not None for p in analysis.points])),
        runs_signal=last.runs_signal,
        longest_run=last.longest_run,
        crossings=last.crossings,
        sigma_signal_periods=analysis.sigma_signal_periods(),
        assessment=str(assessment),
        seasonal=analysis.season.source if analysis.season else None,
    )
