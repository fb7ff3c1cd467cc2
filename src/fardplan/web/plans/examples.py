"""Load the example action plans (``data/example_plans.yaml``) for the counties whose
strategy and organisations are already loaded.

Idempotent: a plan that already exists (same strategy and title) is left as it is. A county
without a strategy is skipped with a message; so is an activity whose strategy items are
missing, and an unknown participant is left out with a message, so that the rest still loads.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field

from fardplan.content.yaml_bounds import bounded_load
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.plans import followup, services
from fardplan.web.plans.models import Activity, Plan
from fardplan.web.plans.periods import period_of
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
    activities: list[ActivityEntry] = []


class CountyEntry(BaseModel):
    model_config = Strict
    county: str
    plans: list[PlanEntry]


class ExampleFile(BaseModel):
    model_config = Strict
    counties: list[CountyEntry]


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


class _Loader:
    def __init__(self, county: County, strategy: Strategy, say: list[str]) -> None:
        self.strategy, self.say = strategy, say
        self.organisations = {o.code: o for o in county.organisations.all()}
        self.items = {
            i.title: i for i in strategy.items.filter(section__in=services.ACTIVITY_SECTIONS)
        }

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
        data.update(strategy=self.strategy, owner=self.organisation(entry.owner), area=area,
                    participants=self.known(entry.participants, entry.title))  # fmt: skip
        return services.create_plan(None, data)

    def activity(self, plan: Plan, entry: ActivityEntry) -> Activity | None:
        missing = [title for title in entry.serves if title not in self.items]
        if missing:
            self.say.append(f"  {entry.title}: the strategy has no item {missing[0]!r}; skipped")
            return None
        data = entry.model_dump(exclude={"indicators", "updates", "serves", "responsible"})
        data.update(strategy_items=[self.items[t] for t in entry.serves],
                    responsible=self.organisation(entry.responsible),
                    participants=self.known(entry.participants, entry.title))  # fmt: skip
        activity = services.create_activity(None, plan, data)
        for link in entry.indicators:
            areas = self.known(link.areas, entry.title)
            followup.add_indicator(None, activity, link.id, link.direction, areas)
        for update in entry.updates:
            period = (
                period_of(timezone.localdate()) if update.period == "current" else update.period
            )
            followup.add_progress(None, activity, period, update.text, update.status)
        return activity


def load_county(entry: CountyEntry, say: list[str]) -> int:
    """Load one county's example plans; return how many plans were created."""
    county = County.objects.filter(code=entry.county).first()
    strategy = county_strategy(entry.county)
    if county is None or strategy is None:
        say.append(f"County {entry.county}: no strategy loaded; skipped (load strategies first)")
        return 0
    loader, created = _Loader(county, strategy, say), 0
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


def load_examples() -> tuple[int, list[str]]:
    """Load every county's example plans; return the number of plans created and messages."""
    say: list[str] = []
    created = sum(load_county(entry, say) for entry in read_examples().counties)
    return created, say
