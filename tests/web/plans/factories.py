"""Factory helpers for plan tests: two counties, their principals, a strategy each and the
personas of the permission matrix."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from fardplan.web.access.models import Membership, Role
from fardplan.web.organisations.models import County, Organisation, OrganisationKind, UnitKind
from fardplan.web.plans import services
from fardplan.web.plans.models import Activity, Plan, PlanKind
from fardplan.web.strategies.models import Section, Strategy, StrategyItem

_serial = itertools.count(1)
DIRECTION_CHANGES = [
    "Mer hälsofrämjande och förebyggande insatser",
    "Ökad personcentrering och delaktighet",
    "Stärkt gemensam primärvård",
    "Öppnare vårdformer",
]
TARGET_AREAS = ["Min egen kraft tas tillvara", "Tillsammans för min trygghet"]


def county(code: str, name: str) -> County:
    return County.objects.get_or_create(code=code, defaults={"name": name, "short_name": name})[0]


def organisation(county_: County, kind: str, code: str, name: str, **extra: Any) -> Organisation:
    return Organisation.objects.get_or_create(
        kind=kind, code=code, defaults={"name": name, "county": county_, **extra}
    )[0]


def strategy(county_: County, slug: str, direction_changes: list[str] | None = None) -> Strategy:
    """Return a strategy with numbered direction changes and two target areas."""
    made = Strategy.objects.create(
        county=county_, slug=slug, kind="strategi", title=f"Nära vård {county_.name}",
        period_start=2021, period_end=2030, status="adopted",
    )  # fmt: skip
    for position, title in enumerate(direction_changes or DIRECTION_CHANGES, start=1):
        StrategyItem.objects.create(
            strategy=made, section=Section.DIRECTION_CHANGE, position=position, title=title
        )
    for position, title in enumerate(TARGET_AREAS, start=1):
        StrategyItem.objects.create(
            strategy=made, section=Section.TARGET_AREA, position=position, title=title
        )
    StrategyItem.objects.create(
        strategy=made, section=Section.PREREQUISITE, position=1, title="Modigt ledarskap"
    )
    return made


def user(username: str | None = None, **memberships: Organisation) -> User:
    """Create a user without a password (hashing one costs a third of a second; tests log
    in with ``force_login``); keyword arguments are role=organisation memberships."""
    made = get_user_model().objects.create_user(username=username or f"user{next(_serial)}")
    for role, organisation_ in memberships.items():
        Membership.objects.create(user=made, organisation=organisation_, role=Role(role))
    return made  # type: ignore[return-value]


def direction_change(strategy_: Strategy, position: int = 1) -> StrategyItem:
    return strategy_.items.get(section=Section.DIRECTION_CHANGE, position=position)


def plan(strategy_: Strategy, owner: Organisation, **fields: Any) -> Plan:
    """Create a plan through the service (as the system), local by default."""
    data: dict[str, Any] = {
        "strategy": strategy_, "kind": PlanKind.LOCAL, "title": f"Plan {next(_serial)}",
        "description": "", "owner": owner, "area": owner, "participants": [],
        "start": date(2025, 1, 1), "end": date(2026, 12, 31), "status": "agreed",
    }  # fmt: skip
    data.update(fields)
    return services.create_plan(None, data)


def activity(plan_: Plan, **fields: Any) -> Activity:
    """Create an activity through the service (as the system) serving direction change 1."""
    data: dict[str, Any] = {
        "title": f"Aktivitet {next(_serial)}", "description": "",
        "responsible": plan_.owner,
        "participants": [], "target_groups": ["elderly"], "start": date(2025, 1, 1),
        "end": date(2026, 12, 31), "status": "ongoing",
    }  # fmt: skip
    data.update(fields)
    if "strategy_items" not in data:
        data["strategy_items"] = [direction_change(plan_.strategy)]
    return services.create_activity(None, plan_, data)


@dataclass
class World:
    norrbotten: County
    vasterbotten: County
    region_norrbotten: Organisation
    lulea: Organisation
    pitea: Organisation
    hertson: Organisation
    sunderby: Organisation
    region_vasterbotten: Organisation
    umea: Organisation
    strategy_25: Strategy
    strategy_24: Strategy
    coordinator: User
    lulea_editor: User
    umea_editor: User
    contributor: User
    viewer: User


def world() -> World:
    """Build Norrbotten and Västerbotten with one persona per role."""
    bd, ac = county("25", "Norrbottens län"), county("24", "Västerbottens län")
    muni, region = OrganisationKind.MUNICIPALITY, OrganisationKind.REGION
    region_25 = organisation(bd, region, "25", "Region Norrbotten")
    lulea = organisation(bd, muni, "2580", "Luleå kommun")
    pitea = organisation(bd, muni, "2581", "Piteå kommun")
    unit = OrganisationKind.CARE_UNIT
    in_lulea = {"principal": "region", "municipality": lulea}
    hertson = organisation(
        bd,
        unit,
        "HC-HERTSON",
        "Hertsöns hälsocentral",
        unit_kind=UnitKind.HEALTH_CENTRE,
        **in_lulea,
    )
    sunderby = organisation(
        bd, unit, "SUNDERBY", "Sunderby sjukhus", unit_kind=UnitKind.HOSPITAL, **in_lulea
    )
    region_24 = organisation(ac, region, "24", "Region Västerbotten")
    umea = organisation(ac, muni, "2480", "Umeå kommun")
    return World(
        bd, ac, region_25, lulea, pitea, hertson, sunderby, region_24, umea,
        strategy(bd, f"norrbotten-{next(_serial)}"), strategy(ac, f"vasterbotten-{next(_serial)}"),
        coordinator=user("samordnare", coordinator=region_25),
        lulea_editor=user("lulea", editor=lulea),
        umea_editor=user("umea", editor=umea),
        contributor=user("hertson", contributor=hertson),
        viewer=user("lasare", viewer=region_25),
    )  # fmt: skip
