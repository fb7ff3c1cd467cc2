"""Load the example action plans (``data/example_plans.yaml``) for the counties whose
strategy and organisations are already loaded.

Idempotent: a plan that already exists (same strategy and title) is left as it is. A county
without a strategy is skipped with a message; so is an activity whose strategy items are
missing, and an unknown participant is left out with a message, so that the rest still loads.

Dates are moved to the day of loading (see :class:`Shift`), and each progress update gets an
author when someone may write it: an editor of the activity's responsible organisation, else a
coordinator of the county (the demo's users; none when the plans are loaded without them).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field

from fardplan.content.yaml_bounds import bounded_load
from fardplan.web.access.models import Membership, Role
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.plans import followup, services
from fardplan.web.plans.models import Activity, Plan
from fardplan.web.plans.periods import parse_period, period_of
from fardplan.web.strategies.models import Strategy, StrategyStatus

Strict = ConfigDict(extra="forbid", frozen=True)


class IndicatorEntry(BaseModel):
    model_config = Strict
    id: str
    direction: Literal["increase", "decrease"]
    areas: list[str] = []


class UpdateEntry(BaseModel):
    model_config = Strict
    period: str
    status: str
    text: str


class ActivityEntry(BaseModel):
    model_config = Strict
    title: str
    description: str = ""
    serves: list[str] = Field(min_length=1)
    responsible: str
    participants: list[str] = []
    target_groups: list[str] = []
    start: date
    end: date
    status: str
    indicators: list[IndicatorEntry] = []
    updates: list[UpdateEntry] = []


class PlanEntry(BaseModel):
    model_config = Strict
    kind: Literal["local", "internal", "county"]
    title: str
    description: str = ""
    owner: str
    area: str | None = None
    participants: list[str] = []
    start: date
    end: date
    status: str
    public: bool = False  # read by anyone under Follow-up → Public plans
    activities: list[ActivityEntry] = []


class CountyEntry(BaseModel):
    model_config = Strict
    county: str
    plans: list[PlanEntry]


class ExampleFile(BaseModel):
    model_config = Strict
    written_for: date
    counties: list[CountyEntry]


def _tertial_index(day: date) -> int:
    return day.year * 3 + (day.month - 1) // 4


@dataclass(frozen=True)
class Shift:
    """Move the file's dates by whole tertials (4 months), so that ``written_for`` falls in
    the tertial of ``today`` and periods stay aligned with dates. A last day of a month stays
    the last day (2026-06-30 + 4 months is 2026-10-31); another day is kept, or clamped to
    the month's end (01-31 + 4 months is 05-31; 10-31 + 4 months is 02-28)."""

    tertials: int

    @classmethod
    def between(cls, written_for: date, today: date) -> Shift:
        return cls(_tertial_index(today) - _tertial_index(written_for))

    def day(self, day: date) -> date:
        months = day.year * 12 + day.month - 1 + 4 * self.tertials
        year, month = divmod(months, 12)
        last = calendar.monthrange(year, month + 1)[1]
        was_last = day.day == calendar.monthrange(day.year, day.month)[1]
        return date(year, month + 1, last if was_last else min(day.day, last))

    def period(self, period: str, today: date) -> str:
        """Return the period moved; ``current`` is the period of ``today``."""
        if period == "current":
            return period_of(today)
        year, tertial = parse_period(period)
        index = year * 3 + tertial - 1 + self.tertials
        return f"{index // 3}-T{index % 3 + 1}"


def read_examples() -> ExampleFile:
    """Return the shipped example file, validated (``pydantic.ValidationError`` if broken)."""
    text = (resources.files("fardplan.web.plans") / "data" / "example_plans.yaml").read_text(
        encoding="utf-8"
    )
    return ExampleFile.model_validate(bounded_load(text))


def county_strategy(county_code: str) -> Strategy | None:
    """Return the county's strategy to plan against: adopted before draft, newest first."""
    strategies = Strategy.objects.filter(county__code=county_code).exclude(
        status=StrategyStatus.RETIRED
    )
    adopted_first = sorted(
        strategies, key=lambda s: (s.status != StrategyStatus.ADOPTED, -s.period_start)
    )
    return adopted_first[0] if adopted_first else None


def author_for(activity: Activity) -> Any:
    """Return who writes the activity's example updates: an editor of its responsible
    organisation, else a coordinator of its county; None when neither exists."""
    memberships = Membership.objects.select_related("user").filter(user__is_active=True)
    for found in (
        memberships.filter(role=Role.EDITOR, organisation=activity.responsible_id),
        memberships.filter(role=Role.COORDINATOR, organisation__county=activity.plan.county_id),
    ):
        first = found.order_by("user__username").first()
        if first is not None:
            return first.user
    return None


class _Loader:
    def __init__(
        self, county: County, strategy: Strategy, say: list[str], shift: Shift, today: date
    ) -> None:
        self.strategy, self.say, self.shift, self.today = strategy, say, shift, today
        self.organisations = {o.code: o for o in county.organisations.all()}
        self.items = {
            i.title: i for i in strategy.items.filter(section__in=services.ACTIVITY_SECTIONS)
        }

    def dates(self, entry: PlanEntry | ActivityEntry) -> dict[str, date]:
        return {"start": self.shift.day(entry.start), "end": self.shift.day(entry.end)}

    def organisation(self, code: str) -> Organisation:
        if code not in self.organisations:
            raise LookupError(f"organisation {code!r} is not loaded")
        return self.organisations[code]

    def known(self, codes: list[str], where: str) -> list[Organisation]:
        missing = [code for code in codes if code not in self.organisations]
        for code in missing:
            self.say.append(f"  {where}: organisation {code!r} is not loaded; left out")
        return [self.organisations[code] for code in codes if code not in missing]

    def plan(self, entry: PlanEntry) -> Plan:
        area = self.organisation(entry.area) if entry.area else None
        data = entry.model_dump(exclude={"activities", "owner", "area", "participants"})
        data.update(self.dates(entry))
        data.update(strategy=self.strategy, owner=self.organisation(entry.owner), area=area,
                    participants=self.known(entry.participants, entry.title))  # fmt: skip
        return services.create_plan(None, data)

    def activity(self, plan: Plan, entry: ActivityEntry) -> Activity | None:
        missing = [title for title in entry.serves if title not in self.items]
        if missing:
            self.say.append(f"  {entry.title}: the strategy has no item {missing[0]!r}; skipped")
            return None
        data = entry.model_dump(exclude={"indicators", "updates", "serves", "responsible"})
        data.update(self.dates(entry))
        data.update(strategy_items=[self.items[t] for t in entry.serves],
                    responsible=self.organisation(entry.responsible),
                    participants=self.known(entry.participants, entry.title))  # fmt: skip
        activity = services.create_activity(None, plan, data)
        for link in entry.indicators:
            areas = self.known(link.areas, entry.title)
            followup.add_indicator(None, activity, link.id, link.direction, areas)
        author = author_for(activity) if entry.updates else None
        for update in entry.updates:
            period = self.shift.period(update.period, self.today)
            followup.add_progress(author, activity, period, update.text, update.status)
        return activity


def load_county(entry: CountyEntry, say: list[str], shift: Shift, today: date) -> int:
    """Load one county's example plans, dates moved by ``shift``; return how many plans
    were created."""
    county = County.objects.filter(code=entry.county).first()
    strategy = county_strategy(entry.county)
    if county is None or strategy is None:
        say.append(f"County {entry.county}: no strategy loaded; skipped (load strategies first)")
        return 0
    loader, created = _Loader(county, strategy, say, shift, today), 0
    for plan_entry in entry.plans:
        if Plan.objects.filter(strategy=strategy, title=plan_entry.title).exists():
            say.append(f"{plan_entry.title}: already loaded")
            continue
        try:
            with transaction.atomic():
                plan = loader.plan(plan_entry)
                for activity_entry in plan_entry.activities:
                    loader.activity(plan, activity_entry)
        except (LookupError, ValidationError) as error:
            say.append(f"{plan_entry.title}: {error}; skipped")
            continue
        created += 1
        say.append(f"{plan.title}: loaded with {plan.activities.count()} activities")
    return created


def load_examples(today: date | None = None) -> tuple[int, list[str]]:
    """Load every county's example plans dated around ``today`` (the local date by default);
    return the number of plans created and messages."""
    today = today or timezone.localdate()
    examples = read_examples()
    shift = Shift.between(examples.written_for, today)
    say: list[str] = []
    created = sum(load_county(entry, say, shift, today) for entry in examples.counties)
    return created, say
