"""A plan file names the strategy's items by title or key. Two items with the same title
(a direction change and a target area both called "Stärkt gemensam primärvård") are written
by key in the workbook, and a title that names both is refused with their keys, never linked
to one of them by chance."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from fardplan.web.plans import workbook
from fardplan.web.plans.importer import ImportFailed, import_plan
from fardplan.web.plans.models import Plan
from fardplan.web.strategies.models import Section, StrategyItem
from tests.web.plans import factories
from tests.web.plans.factories import World

pytestmark = pytest.mark.django_db
SHARED = "Stärkt gemensam primärvård"  # a direction change of the factories' strategy


def _twin(world: World) -> StrategyItem:
    """A target area titled as a direction change."""
    return StrategyItem.objects.create(
        strategy=world.strategy_25, section=Section.TARGET_AREA, position=9, title=SHARED
    )


def _exported(world: World, item: StrategyItem) -> bytes:
    plan = factories.plan(world.strategy_25, world.lulea, title="Lokal plan Luleå")
    factories.activity(plan, title="Mobilt närvårdsteam", strategy_items=[item])
    return workbook.plan_workbook(plan)


def _with_items_cell(content: bytes, value: str) -> bytes:
    book = load_workbook(BytesIO(content))
    book[workbook.ACTIVITY_SHEET]["C2"] = value
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_item_sharing_its_title_is_written_by_key_and_read_back(world: World) -> None:
    twin = _twin(world)
    content = _exported(world, twin)
    book = load_workbook(BytesIO(content))
    assert book[workbook.ACTIVITY_SHEET]["C2"].value == twin.key
    lists = [cell.value for cell in book[workbook.LIST_SHEET]["A"]]
    assert twin.key in lists and SHARED not in lists

    plan = import_plan(world.coordinator, world.strategy_25, content)
    assert list(plan.activities.get().strategy_items.all()) == [twin]


def test_a_title_that_names_two_items_is_refused_with_their_keys(world: World) -> None:
    twin = _twin(world)
    content = _with_items_cell(_exported(world, twin), SHARED)
    before = Plan.objects.count()
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        import_plan(world.coordinator, world.strategy_25, content)
    assert Plan.objects.count() == before
    [error] = [str(e) for e in failure.value.errors]
    assert f"'{SHARED}' names more than one direction change" in error
    assert twin.key in error


def test_a_unique_title_and_a_key_both_name_their_item(world: World) -> None:
    items = StrategyItem.objects.filter(strategy=world.strategy_25, section=Section.TARGET_AREA)
    first, second = items.order_by("position")[:2]
    content = _with_items_cell(_exported(world, first), f"{first.title.upper()}; {second.key}")
    plan = import_plan(world.coordinator, world.strategy_25, content)
    assert set(plan.activities.get().strategy_items.all()) == {first, second}
