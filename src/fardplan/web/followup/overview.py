"""The county overview ("Läget i länet"): for each target area and direction change of the
county's strategy, the indicators linked to it with the region's latest full year, the
change from the year before, the assessment of its monthly series (the series page's own
analysis), Sweden's value beside it, and the activities serving the item by status.

Every number comes from the published run (``query``); the assessment from ``control``, as
the series page computes it with its default settings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Case, IntegerField, Value, When

from fardplan.catalogue import Indicator
from fardplan.spc import default_chart
from fardplan.web.followup import describe
from fardplan.web.followup.areas import SWEDEN
from fardplan.web.followup.control import Settings, Verdict, analysis_of, verdict
from fardplan.web.followup.imported import imported_series, imported_year
from fardplan.web.followup.imported import latest_year as imported_latest_year
from fardplan.web.followup.links import LinkedIndicator, indicators_of_items, serving_activities
from fardplan.web.followup.query import ALL_AGES, TOTAL_SEX, Cell, PublishedRun
from fardplan.web.organisations.models import County
from fardplan.web.plans.models import Activity
from fardplan.web.plans.models.activities import ActivityStatus
from fardplan.web.strategies.models import Section, Strategy, StrategyItem, StrategyStatus

User = AbstractBaseUser | AnonymousUser
SECTIONS = (Section.TARGET_AREA, Section.DIRECTION_CHANGE)
MONTHS_IN_YEAR = 12


def strategy_for(user: User, county: County, slug: str | None = None) -> Strategy | None:
    """Return the strategy the overview follows: the one named by ``slug`` if the user may
    read it, else the county's adopted strategy (the newest by period), else the newest the
    user may read (a draft, for the county's members), else None."""
    visible = Strategy.objects.visible_to(user).filter(county=county)
    if slug:
        chosen = visible.filter(slug=slug).first()
        if chosen is not None:
            return chosen
    adopted_first = Case(
        When(status=StrategyStatus.ADOPTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return visible.order_by(adopted_first, "-period_start", "title").first()


def full_years(years: tuple[Cell, ...], months: tuple[Cell, ...], entry: Indicator) -> list[Cell]:
    """Return the yearly cells of complete years: for a monthly indicator, a year whose twelve
    months the run has (published or suppressed); a yearly-only indicator's years are whole."""
    if "month" not in entry.periods:
        return list(years)
    counted = Counter(cell.period[:4] for cell in months)
    return [cell for cell in years if counted[cell.period] == MONTHS_IN_YEAR]


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of an item, in the county's region (and Sweden where the run has it)."""

    entry: Indicator
    name: str
    link: LinkedIndicator
    latest: Cell | None  # the region's latest full year
    previous: Cell | None  # the year before it
    sweden: Cell | None  # Sweden in the same year
    assessment: Verdict | None  # None: no monthly series in the run


@dataclass
class ItemBlock:
    item: StrategyItem
    lines: list[IndicatorLine]
    unknown: list[str]  # linked ids the catalogue no longer has
    activities: list[tuple[str, str, int]] = field(default_factory=list)  # (status, label, n)

    @property
    def activity_total(self) -> int:
        return sum(n for _status, _label, n in self.activities)


def item_lines(
    run: PublishedRun | None,
    region_code: str,
    links: list[LinkedIndicator],
    cache: dict[str, IndicatorLine | None],
) -> tuple[list[IndicatorLine], list[str]]:
    """Return the lines of the item's indicators (each computed once per page) and the ids
    the catalogue does not know."""
    lines, unknown = [], []
    for link in links:
        entry = describe.indicator(link.indicator_id)
        if entry is None:
            unknown.append(link.indicator_id)
            continue
        if entry.id not in cache:
            cache[entry.id] = indicator_line(run, region_code, entry, link)
        line = cache[entry.id]
        if line is not None:
            lines.append(replace(line, link=link))
    return lines, unknown


def indicator_line(
    run: PublishedRun | None, region_code: str, entry: Indicator, link: LinkedIndicator
) -> IndicatorLine:
    """Return the indicator's line for the region: empty values when the run has none."""
    latest = previous = sweden = None
    assessment = None
    if entry.kind == "imported":  # as the source publishes it: yearly, no control chart
        found = imported_latest_year(imported_series(entry, region_code))
        if found is not None:
            latest, previous = found
            sweden = imported_year(entry, SWEDEN, latest.period)
    elif run is not None:
        series = run.series(entry.id, region_code)
        complete = full_years(series.years, series.months, entry)
        if complete:
            latest = complete[-1]
            earlier = [c for c in series.years if c.period == str(int(latest.period) - 1)]
            previous = earlier[0] if earlier else None
            sweden = next(
                (c for c in run.series(entry.id, SWEDEN).years if c.period == latest.period), None
            )
        if series.months:
            settings = Settings(chart=default_chart(entry))
            analysis = analysis_of(
                run, entry, region_code, TOTAL_SEX, ALL_AGES, series.months, settings
            )
            assessment = verdict(analysis, entry)
    return IndicatorLine(
        entry, describe.text(entry.name), link, latest, previous, sweden, assessment
    )


def activity_counts(user: User, items: list[StrategyItem]) -> dict[int, list[tuple[str, str, int]]]:
    """Return, per item id, the readable activities serving it counted by status, in the
    statuses' order, leaving out statuses without any."""
    serving = serving_activities(user, items)
    status_of = dict(Activity.objects.filter(pk__in=serving).values_list("pk", "status"))
    counts: dict[int, Counter[str]] = {item.pk: Counter() for item in items}
    for activity_id, item_ids in serving.items():
        for item_id in item_ids:
            counts[item_id][status_of[activity_id]] += 1
    return {
        item_id: [(s, str(label), found[s]) for s, label in ActivityStatus.choices if found[s]]
        for item_id, found in counts.items()
    }


@dataclass(frozen=True)
class Overview:
    strategy: Strategy | None
    blocks: list[ItemBlock]
    year: str | None  # the latest full year shown (the most common among the lines)
    has_sweden: bool = False  # whether the run has values for Sweden (area 0000)

    def by_section(self) -> list[tuple[str, list[ItemBlock]]]:
        """Return (section heading, blocks) for the target areas, then the direction changes,
        leaving out a section without items."""
        grouped = [
            (str(s.label), [b for b in self.blocks if b.item.section == s]) for s in SECTIONS
        ]
        return [(heading, blocks) for heading, blocks in grouped if blocks]

    @property
    def linked(self) -> int:
        return sum(len(block.lines) + len(block.unknown) for block in self.blocks)


def county_overview(
    user: User, county: County, run: PublishedRun | None, strategy: Strategy | None
) -> Overview:
    """Return the overview of the strategy's target areas and direction changes."""
    if strategy is None:
        return Overview(None, [], None)
    items = [item for item in strategy.items.order_by("position") if item.section in SECTIONS]
    items.sort(key=lambda item: (SECTIONS.index(Section(item.section)), item.position))
    linked = indicators_of_items(user, items)
    counts = activity_counts(user, items)
    cache: dict[str, IndicatorLine | None] = {}
    blocks = []
    for item in items:
        lines, unknown = item_lines(run, "00" + county.code, linked[item.pk], cache)
        blocks.append(ItemBlock(item, lines, unknown, counts[item.pk]))
    years = Counter(line.latest.period for block in blocks for line in block.lines if line.latest)
    has_sweden = any(line.sweden for block in blocks for line in block.lines)
    return Overview(strategy, blocks, years.most_common(1)[0][0] if years else None, has_sweden)
