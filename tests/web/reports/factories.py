"""Report test helpers: a county report of Norrbotten with Luleå's plan serving two items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fardplan.web.followup.links import link_indicator
from fardplan.web.plans.followup import add_indicator, add_progress
from fardplan.web.plans.models import Activity, Plan
from fardplan.web.reports import workflow
from fardplan.web.reports.models import Report, ReportSection
from fardplan.web.strategies.models import Section, StrategyItem
from tests.web.plans import factories
from tests.web.plans.factories import World
from tests.web.reports.cells import AA


def item(world: World, section: str, position: int = 1) -> StrategyItem:
    return world.strategy_25.items.get(section=section, position=position)


@dataclass
class Norrbotten:
    """Luleå's plan of 2024: one activity in May–December serving the first direction change
    (linked to avoidable admissions, with progress in T1, T2 and T3), one in 2025 serving it
    too, one for children serving the first target area; avoidable admissions also linked
    directly to the second direction change."""

    plan: Plan
    running: Activity
    later: Activity
    children: Activity


def norrbotten(world: World) -> Norrbotten:
    dc1, dc2 = item(world, Section.DIRECTION_CHANGE, 1), item(world, Section.DIRECTION_CHANGE, 2)
    ta1 = item(world, Section.TARGET_AREA, 1)
    plan = factories.plan(
        world.strategy_25, world.lulea, title="Lokal plan Luleå", start=date(2024, 1, 1),
        end=date(2026, 12, 31),
    )  # fmt: skip
    running = factories.activity(
        plan, title="Mobilt team", start=date(2024, 5, 1), end=date(2024, 12, 31),
        strategy_items=[dc1],
    )  # fmt: skip
    add_indicator(None, running, AA, "decrease")
    for period, text in [("2024-T1", "Planering."), ("2024-T2", "Teamet i gång i maj."),
                         ("2024-T3", "Utvärdering.")]:  # fmt: skip
        add_progress(None, running, period, text, "ongoing")
    later = factories.activity(
        plan, title="Nästa steg", start=date(2025, 2, 1), end=date(2025, 12, 31),
        strategy_items=[dc1], status="planned",
    )  # fmt: skip
    children = factories.activity(
        plan, title="Barnhälsa i skolan", start=date(2024, 1, 1), end=date(2024, 12, 31),
        strategy_items=[ta1], target_groups=["children"],
    )  # fmt: skip
    link_indicator(None, dc2, AA)
    return Norrbotten(plan, running, later, children)


def county_report(world: World, period: str = "2024T2") -> Report:
    return workflow.create_report(world.coordinator, world.strategy_25, period)


def section(report: Report, key: str) -> ReportSection:
    return report.sections.get(key=key)


def written_and_ready(user: Any, part: ReportSection, text: str = "Det går framåt.") -> None:
    """Write the section's text (when it has none) and mark it ready as ``user``."""
    part.refresh_from_db()
    if not part.narrative.strip():
        workflow.save_narrative(user, part, f"{text} ({part.title})", part.version)
        part.refresh_from_db()
    workflow.mark_ready(user, part)


def all_ready(report: Report, narrative: str = "Det går framåt.") -> None:
    """Write and mark every section ready (as the coordinator)."""
    for part in report.sections.all():
        workflow.save_narrative(None, part, f"{narrative} ({part.title})", part.version)
        part.refresh_from_db()
        workflow.mark_ready(None, part)
    report.refresh_from_db()


def principal_report(world: World, organisation: object, period: str = "2024T2") -> Report:
    from fardplan.web.organisations.models import Organisation

    assert isinstance(organisation, Organisation)
    return workflow.create_report(world.coordinator, world.strategy_25, period, organisation)
