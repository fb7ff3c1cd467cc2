"""The report assembled from fixtures: per section the right indicators, comments, activities
and changes for the period and scope."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fardplan.web.followup.areas import area
from fardplan.web.followup.comments import write_comment
from fardplan.web.reports.assembly import assemble
from fardplan.web.reports.content import SectionKind
from tests.web.plans.factories import World
from tests.web.reports import factories
from tests.web.reports.cells import AA

pytestmark = pytest.mark.django_db


def test_it_assembles_the_default_sections_in_the_strategys_order(world: World, tiny: Path) -> None:
    content = assemble(factories.county_report(world))
    kinds = [s.kind for s in content.sections]
    assert kinds[0] is SectionKind.SUMMARY
    assert kinds[-4:] == [
        SectionKind.PERSPECTIVE_GENDER, SectionKind.PERSPECTIVE_CHILD, SectionKind.DECISIONS,
        SectionKind.NEXT,
    ]  # fmt: skip
    assert [s.number for s in content.sections[:5]] == ["1", "2.1", "2.2", "3.1", "4.1"]
    assert content.sections[1].group_title == "Målområden"
    assert content.period_label == "T2 2024 (maj–augusti)"
    assert (content.first_month, content.last_month) == ("2024-05", "2024-08")


def test_it_puts_each_indicator_with_its_latest_value_in_the_period(
    world: World, tiny: Path
) -> None:
    factories.norrbotten(world)
    content = assemble(factories.county_report(world))
    by_title = {s.title: s for s in content.sections}
    first = by_title["Mer hälsofrämjande och förebyggande insatser"]
    assert [b.indicator_id for b in first.indicators] == [AA]
    block = first.indicators[0]
    assert (block.area_code, block.latest_period) == ("0025", "2024-08")
    assert block.latest_shown == "14,4"  # (50 − 2 − 12) / 250 000 × 100 000, decimal comma
    assert block.change_shown == "−4,8"
    assert block.sweden_shown
    assert block.assessment == "improvement"
    assert block.chart_spec is not None
    assert block.chart_spec["datasets"]["series"][-1]["period"] == "2024-08"
    assert content.table(block.table_ref) is not None
    # Linked directly (not through an activity) to the second direction change:
    second = by_title["Ökad personcentrering och delaktighet"]
    assert [b.indicator_id for b in second.indicators] == [AA]
    assert second.activities == []


def test_it_lists_the_activities_running_in_the_period_with_their_update(
    world: World, tiny: Path
) -> None:
    factories.norrbotten(world)
    content = assemble(factories.county_report(world))
    by_title = {s.title: s for s in content.sections}
    first = by_title["Mer hälsofrämjande och förebyggande insatser"]
    assert [a.title for a in first.activities] == ["Mobilt team"]
    update = first.activities[0].latest_update
    assert update is not None and (update.period, update.text) == (
        "2024-T2",
        "Teamet i gång i maj.",
    )
    child = next(s for s in content.sections if s.kind is SectionKind.PERSPECTIVE_CHILD)
    assert [a.title for a in child.activities] == ["Barnhälsa i skolan"]
    later = assemble(factories.county_report(world, "2024T3"))
    upcoming = next(s for s in later.sections if s.kind is SectionKind.NEXT)
    assert [a.title for a in upcoming.activities] == ["Nästa steg"]


def test_it_takes_the_comments_whose_months_overlap_the_period(world: World, tiny: Path) -> None:
    factories.norrbotten(world)
    region = area("0025")
    assert region is not None
    write_comment(world.coordinator, AA, region, "2024-06", "Sommarbemanning.")
    write_comment(world.coordinator, AA, region, "2024-T1", "Före perioden.")
    write_comment(world.coordinator, AA, region, "2024", "Hela året.")
    content = assemble(factories.county_report(world))
    blocks = [b for s in content.sections for b in s.indicators]
    assert len(blocks) == 2  # the first and the second direction change
    for block in blocks:
        assert [c.text for c in block.comments] == ["Hela året.", "Sommarbemanning."]
        assert [c.period for c in block.comments] == ["2024-01 – 2024-12", "2024-06"]


def test_it_shows_a_suppressed_latest_value_as_dots_with_the_reason(
    world: World, tiny: Path
) -> None:
    factories.norrbotten(world)
    content = assemble(factories.principal_report(world, world.lulea))
    block = next(b for s in content.sections for b in s.indicators)
    assert (block.area_code, block.latest_period) == ("2580", "2024-08")
    assert block.latest_shown == ".."
    assert block.latest_reason and "för få" in block.latest_reason
    assert block.county_shown == "14,4"
    table = content.table(block.table_ref)
    assert table is not None and [r[1] for r in table.rows if r[0] == "2024-08"] == [".. a"]
    assert table.notes[0].startswith("a: ")
    assert content.scope_name == "Luleå kommun"


def test_it_lists_the_changes_of_the_period(world: World, tiny: Path) -> None:
    from fardplan.web.plans.models import ChangeRecord

    made = factories.norrbotten(world)
    ChangeRecord.objects.filter(activity=made.running).update(at="2024-06-10T10:00:00Z")
    content = assemble(factories.county_report(world))
    first = next(s for s in content.sections if s.title.startswith("Mer hälso"))
    assert first.changes and all(c.on == date(2024, 6, 10) for c in first.changes)
    assert all(c.plan_title == "Lokal plan Luleå" for c in first.changes)


def test_it_assembles_without_a_run(world: World, store: Path) -> None:
    factories.norrbotten(world)
    content = assemble(factories.county_report(world))
    assert content.run is None
    block = next(b for s in content.sections for b in s.indicators)
    assert block.latest_shown == "" and block.chart_spec is None


def test_it_shows_the_latest_value_before_a_period_the_data_do_not_reach(
    world: World, tiny: Path
) -> None:
    factories.norrbotten(world)
    content = assemble(factories.county_report(world, "2025T1"))
    block = next(b for s in content.sections for b in s.indicators)
    assert (block.latest_period, block.latest_before_period) == ("2024-12", True)
    assert block.change_shown  # December against the December before


def test_it_lists_the_decisions_of_the_period_and_scope(world: World, store: Path) -> None:
    from tests.web.decisions.factories import decision

    strategy = world.strategy_25
    decision(world.lulea, strategy=strategy, meeting_date=date(2024, 6, 17), paragraph="112",
             title="Nära vård i Norrbotten")  # fmt: skip
    decision(world.region_norrbotten, strategy=strategy, meeting_date=date(2024, 5, 2),
             paragraph="45", kind="propose", body="regionstyrelsen", invented=True)  # fmt: skip
    decision(world.pitea, strategy=strategy, meeting_date=date(2024, 9, 1))  # after the period
    decision(world.umea, strategy=world.strategy_24, meeting_date=date(2024, 6, 1))
    county = assemble(factories.county_report(world))
    listed = next(s for s in county.sections if s.kind is SectionKind.DECISIONS).decisions
    assert [(d.organisation_name, d.paragraph) for d in listed] == [
        ("Region Norrbotten", "§ 45"), ("Luleå kommun", "§ 112"),
    ]  # fmt: skip
    assert listed[0].invented and listed[0].body_label == "Regionstyrelsen"
    assert (listed[1].kind_label, listed[1].body_label) == ("Anta", "Kommunfullmäktige")
    own = assemble(factories.principal_report(world, world.lulea))
    listed = next(s for s in own.sections if s.kind is SectionKind.DECISIONS).decisions
    assert [d.title for d in listed] == ["Nära vård i Norrbotten"]


def test_an_imported_indicator_shows_its_yearly_values_and_source(
    world: World, store: Path
) -> None:
    from fardplan.web.followup.models import ItemIndicator
    from tests.web.followup.test_imported_pages import kolada_values
    from tests.web.plans.factories import direction_change

    kolada_values(store)  # Luleå 600 + year − 2020, the region 10 more; Sweden none
    item = direction_change(world.strategy_25, 1)
    ItemIndicator.objects.create(item=item, indicator_id="kolada_u79133")
    content = assemble(factories.principal_report(world, world.lulea))
    block = next(b for s in content.sections for b in s.indicators)
    assert block.indicator_id == "kolada_u79133"
    assert (block.area_code, block.latest_period, block.latest_before_period) == (
        "2580", "2024", False,
    )  # fmt: skip
    assert (block.latest_shown, block.change_shown) == ("604,0", "+1,0")
    assert (block.county_shown, block.sweden_shown) == ("614,0", "")
    assert block.chart_spec is None and block.table_ref is None
    assert block.assessment_label == "Bara årsvärden: för få för en bedömning"
    assert "publicerar den här indikatorn en gång om året" in block.assessment_text
    assert block.source.startswith("Källa: ") and "U79133" in block.source
    # A year report of 2023 shows 2023, not a later year the source has published since.
    earlier = assemble(factories.principal_report(world, world.lulea, "2023"))
    block = next(b for s in earlier.sections for b in s.indicators)
    assert (block.latest_period, block.latest_shown, block.county_shown) == (
        "2023", "603,0", "613,0",
    )  # fmt: skip
