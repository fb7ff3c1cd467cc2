"""One indicator of a report section, for the report's area and period: the latest value within
the period, the change from a year earlier, the region's and Sweden's value beside it, the
assessment and chart of the monthly series up to the period's last month (the series page's
own control chart, published cells only), the analysts' comments on the period, and the
chart's values as an appendix table.

Every number comes from the published run (``followup.query``): a suppressed cell has no
value to leak, only ``..`` and the kind of rule that hid it. An imported indicator (Kolada, an
uploaded file) shows its yearly values as the source published them, with the source named,
and no chart (a few yearly values are too few to judge).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator
from fardplan.spc import Assessment, default_chart
from fardplan.web.followup import comments, describe
from fardplan.web.followup.activities import LinkedActivity
from fardplan.web.followup.areas import SWEDEN, Area
from fardplan.web.followup.control import ControlChoice, Verdict, yearly_only
from fardplan.web.followup.imported import (
    imported_series,
    imported_year,
    is_whole_year,
    source_line,
)
from fardplan.web.followup.numbers import rounded
from fardplan.web.followup.query import Cell, PublishedRun, Series
from fardplan.web.followup.series import SeriesData
from fardplan.web.followup.series_views import ChartBlock, comment_marks, control_block
from fardplan.web.followup.templatetags.followup import MARKS
from fardplan.web.reports.content import CommentEntry, DataTable, IndicatorBlock
from fardplan.web.reports.periods import PeriodKind, ReportPeriod

TABLE_MONTHS = 12  # the appendix lists the last year of the chart: the period and before


@dataclass(frozen=True)
class Place:
    """Where the report looks: its area (a region "0025" or a municipality "2580") and, for a
    municipality, its region beside it."""

    area: Area
    region_code: str | None  # None when the area is the region itself


def table_key(indicator_id: str) -> str:
    return f"table-{indicator_id}"


def indicator_block(
    run: PublishedRun | None,
    entry: Indicator,
    place: Place,
    period: ReportPeriod,
    activities: Sequence[LinkedActivity],
) -> tuple[IndicatorBlock, DataTable | None]:
    """Return the indicator's block and its appendix table (None without monthly values)."""
    code = place.area.code
    written = comments.comments_for(entry.id, code, (period.first_month, period.last_month))
    notes = [CommentEntry(period=c.months, text=c.text) for c in written]
    if entry.kind == "imported":
        return imported_block(entry, place, period, notes), None
    series = run.series(entry.id, code) if run else Series((), ())
    months = tuple(c for c in series.months if c.period <= period.last_month)
    years = tuple(c for c in series.years if c.period <= str(period.year))
    latest, before = _latest(months, years, period)
    chart = None
    if run is not None and months:
        data = SeriesData(entry, place.area, "T", "all", Series(years, months))
        choice = ControlChoice(
            None, months=[c.period for c in months], default=default_chart(entry)
        )
        chart = control_block(run, data, choice, list(activities), comment_marks(written))
    figures = _Figures(
        latest,
        before,
        change=_change(latest, _same(series, latest, years_back=1), entry),
        county=_beside(run, entry, place.region_code, latest),
        sweden=_beside(run, entry, SWEDEN, latest),
        assessment=chart.assessment if chart else (yearly_only(entry) if years else None),
        no_values=_("No values in the run"),
    )
    block = _block(entry, place, figures, notes, chart)
    return block, (_table(block, chart, entry) if chart else None)


def imported_block(
    entry: Indicator, place: Place, period: ReportPeriod, notes: list[CommentEntry]
) -> IndicatorBlock:
    """Return the block of an imported indicator: its latest year within the period as the
    source published it (``..`` where the source withheld it), the change from the year
    before, the region's and Sweden's values that year, and the source."""
    found = imported_series(entry, place.area.code)
    years = tuple(
        sorted(
            (c for c in found.cells if is_whole_year(c) and c.period <= str(period.year)),
            key=lambda c: c.period,
        )
    )
    latest, before = _latest((), years, period)
    figures = _Figures(
        latest,
        before,
        change=_change(latest, _same(Series(years, ()), latest, years_back=1), entry),
        county=_imported_beside(entry, place.region_code, latest),
        sweden=_imported_beside(entry, SWEDEN, latest),
        assessment=yearly_only(entry) if years else None,
        no_values=_("No values from the source"),
    )
    return _block(entry, place, figures, notes, source=source_line(entry, found.sources))


@dataclass(frozen=True)
class _Figures:
    """What a block shows: the latest value (and whether it is from before the period), its
    change, the region's and Sweden's values, and the assessment (None without values)."""

    latest: Cell | None
    before: bool
    change: str
    county: str
    sweden: str
    assessment: Verdict | None
    no_values: str  # the assessment's words when there are no values


def _block(
    entry: Indicator,
    place: Place,
    figures: _Figures,
    notes: list[CommentEntry],
    chart: ChartBlock | None = None,
    source: str = "",
) -> IndicatorBlock:
    latest, assessment = figures.latest, figures.assessment
    return IndicatorBlock(
        indicator_id=entry.id,
        name=describe.text(entry.name),
        unit=describe.text(entry.unit),
        good_direction_label=describe.good_direction(entry),
        area_code=place.area.code,
        area_name=place.area.name,
        latest_period=latest.period if latest else None,
        latest_before_period=figures.before,
        latest_shown=shown(latest, entry),
        latest_reason=describe.reason(latest.reason) if latest and latest.reason else None,
        change_shown=figures.change,
        county_shown=figures.county,
        sweden_shown=figures.sweden,
        assessment=assessment.kind if assessment else str(Assessment.NO_DATA),
        assessment_label=assessment.headline if assessment else figures.no_values,
        assessment_text=assessment.explanation if assessment else "",
        chart_spec=chart.spec if chart else None,
        chart_alt=str(chart.spec.get("description", "")) if chart else "",
        comments=notes,
        table_ref=table_key(entry.id) if chart else None,
        source=source,
    )


def _imported_beside(entry: Indicator, area_code: str | None, latest: Cell | None) -> str:
    """Return another area's imported value for the year of ``latest`` ('' when none)."""
    if area_code is None or latest is None:
        return ""
    return shown(imported_year(entry, area_code, latest.period), entry)


def _latest(
    months: tuple[Cell, ...], years: tuple[Cell, ...], period: ReportPeriod
) -> tuple[Cell | None, bool]:
    """Return the latest cell within the period (its year for a year report or an indicator
    with yearly values only, else its latest month) and False; when the run has none within
    it (care data lag behind the plans), the latest before it and True; (None, False) when
    the run has none at all. ``months`` and ``years`` end with the period."""
    if period.kind is PeriodKind.YEAR or not months:
        found = [c for c in years if c.period == str(period.year)]
        if found:
            return found[0], False
    within = [c for c in months if period.first_month <= c.period <= period.last_month]
    if within:
        return within[-1], False
    earlier = list(months) or [c for c in years if c.period < str(period.year)]
    return (earlier[-1], True) if earlier else (None, False)


def _same(series: Series, cell: Cell | None, years_back: int) -> Cell | None:
    """Return the cell of the same month (or year) ``years_back`` years before ``cell``."""
    if cell is None:
        return None
    wanted = f"{int(cell.period[:4]) - years_back}{cell.period[4:]}"
    return next((c for c in (*series.months, *series.years) if c.period == wanted), None)


def _change(latest: Cell | None, before: Cell | None, entry: Indicator) -> str:
    """Return the change from a year before, signed, in the indicator's unit ('' when either
    value is missing or suppressed)."""
    if latest is None or before is None or latest.value is None or before.value is None:
        return ""
    difference = latest.value - before.value
    decimals = describe.decimals(entry)
    rounded = round(difference, decimals)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return sign + number(abs(rounded), decimals)


def number(value: float, decimals: int) -> str:
    """Return the value rounded half away from zero to ``decimals`` in the active locale
    (Django's number_format cuts a float's digits off instead of rounding them)."""
    return rounded(value, decimals)


def shown(cell: Cell | None, entry: Indicator) -> str:
    """Return the cell's value as the report prints it: ``..`` when suppressed, '' when
    there is none."""
    if cell is None or (cell.value is None and cell.reason is None):
        return ""
    if cell.reason is not None:
        return ".."
    assert cell.value is not None
    return number(cell.value, describe.decimals(entry))


def _beside(
    run: PublishedRun | None, entry: Indicator, area_code: str | None, latest: Cell | None
) -> str:
    """Return another area's value for the same period as ``latest`` ('' when none)."""
    if run is None or area_code is None or latest is None:
        return ""
    series = run.series(entry.id, area_code)
    found = next((c for c in (*series.months, *series.years) if c.period == latest.period), None)
    return shown(found, entry)


def _table(block: IndicatorBlock, chart: ChartBlock, entry: Indicator) -> DataTable:
    """Return the chart's last twelve months as a table: value (``.. a`` when suppressed),
    centre line, limits and signal; a note per kind of suppression met."""
    rows, reasons = [], []
    for row in chart.rows[-TABLE_MONTHS:]:
        cell = row.cell
        value = shown(cell, entry)
        if cell.reason is not None:
            value = f".. {MARKS[cell.reason]}"
            if cell.reason not in reasons:
                reasons.append(cell.reason)
        rows.append([cell.period, value, row.centre, row.limits, row.signal])
    notes = [f"{MARKS[r]}: {describe.reason(r)}." for r in sorted(reasons, key=MARKS.__getitem__)]
    return DataTable(
        key=table_key(entry.id),
        title=f"{block.name}, {block.area_name}",
        columns=[_("Month"), block.unit, _("Centre line"), _("Limits"), _("Signal")],
        rows=rows,
        notes=notes,
    )
