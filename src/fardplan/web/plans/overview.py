"""The county-wide view: every plan of a county merged into one picture.

Columns are the county's municipalities plus "whole county" (activities that name no
municipality); rows are the direction changes of the strategies the plans follow. An activity
counts in a municipality when its plan's area, its responsible or participating organisation
(or that organisation's municipality, for care units) or one of its indicator areas is there.
A county-wide activity (one that names no municipality: the region's or a collaboration
body's for the whole county) counts for every municipality, so it fills their gaps too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from fardplan.web.organisations.models import County, Organisation, OrganisationKind
from fardplan.web.plans.models import Activity, ProgressUpdate
from fardplan.web.plans.models.activities import FINISHED_STATUSES
from fardplan.web.plans.periods import period_of
from fardplan.web.plans.similarity import similar_groups
from fardplan.web.strategies.models import Section, StrategyItem


@dataclass
class Row:
    """One activity with where it acts and why it is late (empty when it is not)."""

    activity: Activity
    municipality_ids: set[int]
    late_reasons: list[str]
    has_current_update: bool

    @property
    def is_late(self) -> bool:
        return bool(self.late_reasons)


@dataclass
class Cell:
    """The activities of one cell: the municipality's own (``rows``) and the county-wide
    ones that count for it too (``county_rows``; empty in the whole-county column)."""

    rows: list[Row] = field(default_factory=list)
    county_rows: list[Row] = field(default_factory=list)

    @property
    def own(self) -> int:
        return len(self.rows)

    @property
    def county_wide(self) -> int:
        return len(self.county_rows)

    @property
    def count(self) -> int:
        return self.own + self.county_wide

    @property
    def late(self) -> int:
        return sum(1 for row in (*self.rows, *self.county_rows) if row.is_late)


@dataclass
class MatrixRow:
    item: StrategyItem
    cells: list[Cell]
    whole_county: Cell
    # Filled by county_matrix: the cells of the active municipalities, and one cell for all
    # the others (they have no activity of their own, so their cells are all alike).
    shown: list[Cell] = field(default_factory=list)
    others: Cell | None = None


@dataclass(frozen=True)
class Gap:
    item: StrategyItem
    municipality: Organisation


def load_activities(county: County) -> list[Activity]:
    """Return every activity of the county's plans with what the view needs prefetched."""
    return list(
        Activity.objects.filter(plan__county=county)
        .select_related("plan__area", "plan__owner", "responsible")
        .prefetch_related(
            "participants",
            "strategy_items",
            "indicators__areas",
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-period")),
        )
        .order_by("start", "title")
    )


def _municipality_of(organisation: Organisation | None) -> int | None:
    if organisation is None:
        return None
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return organisation.pk
    return organisation.municipality_id


def municipality_ids(activity: Activity) -> set[int]:
    """Return the ids of the municipalities where the activity acts (may be empty)."""
    organisations = [activity.plan.area, activity.responsible, *activity.participants.all()]
    for link in activity.indicators.all():
        organisations.extend(link.areas.all())
    return {m for m in map(_municipality_of, organisations) if m is not None}


def late_reasons(activity: Activity, today: date, has_current_update: bool) -> list[str]:
    """Return why an unfinished activity is late: its end date has passed, or it has started
    and has no progress update for the current period. Done or cancelled: never late."""
    if activity.status in FINISHED_STATUSES:
        return []
    reasons = []
    if activity.end < today:
        reasons.append(_("end date passed"))
    if activity.start <= today and not has_current_update:
        reasons.append(_("no update this period"))
    return reasons


def has_update_in(activity: Activity, period: str) -> bool:
    """True if the activity has a progress update for the period (uses prefetched updates)."""
    return any(update.period == period for update in activity.updates.all())


def lateness(activity: Activity, today: date) -> list[str]:
    """Return why the activity is late today (empty when it is not), by the same rule as the
    county-wide view: see :func:`late_reasons`."""
    return late_reasons(activity, today, has_update_in(activity, period_of(today)))


def build_rows(activities: Iterable[Activity], today: date) -> list[Row]:
    period = period_of(today)
    rows = []
    for activity in activities:
        updated = has_update_in(activity, period)
        rows.append(
            Row(
                activity,
                municipality_ids(activity),
                late_reasons(activity, today, updated),
                updated,
            )
        )
    return rows


def direction_changes(rows: Iterable[Row], county: County) -> list[StrategyItem]:
    """Return the direction changes of the strategies the county's plans follow (of all the
    county's strategies when there are no activities). A strategy without direction changes
    (some counties set out only target areas) gives its target areas instead."""
    strategy_ids = {row.activity.plan.strategy_id for row in rows}
    if not strategy_ids:
        strategy_ids = set(county.strategies.values_list("pk", flat=True))
    items = list(
        StrategyItem.objects.filter(
            strategy_id__in=strategy_ids,
            section__in=[Section.DIRECTION_CHANGE, Section.TARGET_AREA],
        ).order_by("strategy_id", "position")
    )
    with_changes = {i.strategy_id for i in items if i.section == Section.DIRECTION_CHANGE}
    return [
        item
        for item in items
        if (item.section == Section.DIRECTION_CHANGE) == (item.strategy_id in with_changes)
    ]


def matrix(
    rows: list[Row], items: list[StrategyItem], municipalities: list[Organisation]
) -> list[MatrixRow]:
    """Return one row per direction change with a cell per municipality and the county."""
    result = []
    for item in items:
        serving = [row for row in rows if item in row.activity.strategy_items.all()]
        county_wide = [r for r in serving if not r.municipality_ids]
        cells = [
            Cell([r for r in serving if m.pk in r.municipality_ids], county_wide)
            for m in municipalities
        ]
        result.append(MatrixRow(item, cells, Cell(county_wide)))
    return result


@dataclass
class CountyMatrix:
    """The matrix as the page shows it: the municipalities with an activity of their own
    (``active``, by name) each in a column, the others (``others``) in one column."""

    rows: list[MatrixRow]
    active: list[Organisation]
    others: list[Organisation]


def county_matrix(
    rows: list[Row], items: list[StrategyItem], municipalities: list[Organisation]
) -> CountyMatrix:
    """Return the matrix with the active municipalities first and the rest summarised, so
    that the municipalities that act are on screen rather than behind a wall of gaps."""
    full = matrix(rows, items, municipalities)
    acting = {index for row in full for index, cell in enumerate(row.cells) if cell.own}
    active = [m for index, m in enumerate(municipalities) if index in acting]
    others = [m for index, m in enumerate(municipalities) if index not in acting]
    for row in full:
        row.shown = [cell for index, cell in enumerate(row.cells) if index in acting]
        row.others = Cell([], row.whole_county.rows) if others else None
    return CountyMatrix(full, active, others)


def gaps(matrix_rows: list[MatrixRow], municipalities: list[Organisation]) -> list[Gap]:
    """Return each (direction change, municipality) pair with no activity at all."""
    return [
        Gap(row.item, municipality)
        for row in matrix_rows
        for municipality, cell in zip(municipalities, row.cells, strict=True)
        if cell.count == 0
    ]


@dataclass(frozen=True)
class GapGroup:
    """One direction change (or target area) and the municipalities with no activity for it."""

    item: StrategyItem
    municipalities: list[Organisation]


def gaps_by_item(
    matrix_rows: list[MatrixRow], municipalities: list[Organisation]
) -> list[GapGroup]:
    """Return the gaps grouped by row of the matrix, in the matrix's order; rows where every
    municipality has an activity are left out (so no gaps gives an empty list)."""
    groups = []
    for row in matrix_rows:
        missing = [m for m, cell in zip(municipalities, row.cells, strict=True) if not cell.count]
        if missing:
            groups.append(GapGroup(row.item, missing))
    return groups


def similar(rows: list[Row]) -> list[list[Row]]:
    """Return groups of activities from different plans whose titles look alike."""
    titles = [row.activity.title for row in rows]
    plans = [row.activity.plan_id for row in rows]
    return [[rows[i] for i in group] for group in similar_groups(titles, plans)]


def municipalities(county: County) -> list[Organisation]:
    return list(county.organisations.filter(kind=OrganisationKind.MUNICIPALITY).order_by("name"))
