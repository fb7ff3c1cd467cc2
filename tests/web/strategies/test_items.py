"""Items keep their links: stable keys across re-imports, no silent loss of an activity's link,
and a county that stays once plans follow the strategy."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fardplan.content.strategy import Item, StrategyDocument, dump_strategy_yaml
from fardplan.content.yaml_errors import StrategyFileError
from fardplan.web.plans.models import Activity, ChangeRecord
from fardplan.web.strategies.items import ItemsInUseError
from fardplan.web.strategies.models import Section, Strategy
from fardplan.web.strategies.services import CountyLockedError, export_strategy, import_strategy
from tests.web.plans import factories as plan_factories
from tests.web.plans.factories import World
from tests.web.strategies import factories
from tests.web.strategies.test_editing import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(world: World) -> tuple[Strategy, list[Activity]]:
    """Norrbotten's strategy with one activity serving each of its four direction changes."""
    strategy = world.strategy_25
    plan = plan_factories.plan(strategy, world.lulea, title="Luleås plan")
    activities = [
        plan_factories.activity(plan, strategy_items=[plan_factories.direction_change(strategy, n)])
        for n in range(1, 5)
    ]
    return strategy, activities


def served_titles(activities: list[Activity]) -> list[list[str]]:
    return [sorted(a.strategy_items.values_list("title", flat=True)) for a in activities]


def with_direction_changes(doc: StrategyDocument, items: list[Item]) -> StrategyDocument:
    return doc.model_copy(update={"direction_changes": items})


def test_it_keeps_every_link_when_an_item_is_inserted_first(
    served: tuple[Strategy, list[Activity]],
) -> None:
    strategy, activities = served
    before = served_titles(activities)
    doc = export_strategy(strategy)
    inserted = [Item(title="Ny första riktning"), *doc.direction_changes]
    import_strategy(with_direction_changes(doc, inserted))
    assert served_titles(activities) == before
    positions = strategy.items.filter(section=Section.DIRECTION_CHANGE).order_by("position")
    assert [item.title for item in positions][:2] == ["Ny första riktning", before[0][0]]


def test_it_follows_a_renamed_item_by_its_key(served: tuple[Strategy, list[Activity]]) -> None:
    strategy, activities = served
    doc = export_strategy(strategy)
    renamed = [doc.direction_changes[0].model_copy(update={"title": "Förebyggande först"}),
               *doc.direction_changes[1:]]  # fmt: skip
    import_strategy(with_direction_changes(doc, renamed))
    assert served_titles(activities)[0] == ["Förebyggande först"]


def test_it_matches_items_without_a_key_by_title(served: tuple[Strategy, list[Activity]]) -> None:
    strategy, activities = served
    doc = export_strategy(strategy)
    keyless = [item.model_copy(update={"key": None}) for item in doc.direction_changes]
    before = served_titles(activities)
    import_strategy(with_direction_changes(doc, list(reversed(keyless))))
    assert served_titles(activities) == before
    assert export_strategy(strategy).direction_changes[0].key == doc.direction_changes[3].key


def test_it_refuses_a_key_given_twice_naming_both_items() -> None:
    from fardplan.content.strategy import load_strategy_yaml

    text = (
        "county: '25'\nslug: x\nkind: malbild\ntitle: X\nperiod: {start: 2020, end: 2030}\n"
        "status: draft\ntarget_areas:\n  - key: samma\n    title: A\n"
        "direction_changes:\n  - key: samma\n    title: B\n"
    )
    with pytest.raises(StrategyFileError, match=r"item key 'samma' is used twice: "
                       r"target_areas\[0\] and direction_changes\[0\]"):  # fmt: skip
        load_strategy_yaml(text)


def test_it_refuses_to_drop_a_served_item_on_reimport_and_saves_nothing(
    served: tuple[Strategy, list[Activity]],
) -> None:
    strategy, activities = served
    doc = export_strategy(strategy)
    shorter = with_direction_changes(doc, doc.direction_changes[1:]).model_copy(
        update={"title": "Ändrad"}
    )
    with pytest.raises(ItemsInUseError) as refused, translation.override("en"):
        import_strategy(shorter)
    assert refused.value.messages[0] == (
        "“Mer hälsofrämjande och förebyggande insatser” (direction change) is served by "
        "1 activity, in “Luleås plan”."
    )
    strategy.refresh_from_db()
    assert strategy.title != "Ändrad" and strategy.items.count() == 7
    assert all(a.strategy_items.exists() for a in activities)


def test_it_refuses_to_move_a_served_item_out_of_the_direction_changes(
    served: tuple[Strategy, list[Activity]],
) -> None:
    strategy, _activities = served
    doc = export_strategy(strategy)
    moved = doc.model_copy(
        update={"direction_changes": doc.direction_changes[1:],
                "perspectives": [doc.direction_changes[0]]}
    )  # fmt: skip
    with pytest.raises(ItemsInUseError):
        import_strategy(moved)


def test_it_drops_a_served_item_when_confirmed_and_records_it_in_the_plan(
    world: World, served: tuple[Strategy, list[Activity]]
) -> None:
    strategy, activities = served
    doc = export_strategy(strategy)
    import_strategy(
        with_direction_changes(doc, doc.direction_changes[1:]),
        world.coordinator,
        confirm_removals=True,
    )
    first = activities[0]
    assert not first.strategy_items.exists()
    record = ChangeRecord.objects.get(activity=first, field="strategy_items")
    assert record.before == ["Riktningsförändring 1: Mer hälsofrämjande och förebyggande insatser"]
    assert record.after == [] and record.user == world.coordinator
    first.refresh_from_db()
    assert first.version == 2  # an edit form opened before is now stale
    page = Client()
    page.force_login(world.coordinator)
    html = page.get(reverse("plans:detail", args=[first.plan_id])).content.decode()
    assert "Mer hälsofrämjande och förebyggande insatser" in html


def test_the_import_page_asks_and_then_drops_a_served_item(
    client: Client, world: World, served: tuple[Strategy, list[Activity]]
) -> None:
    strategy, activities = served
    client.force_login(world.coordinator)
    doc = export_strategy(strategy)
    text = dump_strategy_yaml(with_direction_changes(doc, doc.direction_changes[1:]))

    def post(**extra: str) -> tuple[int, str]:
        upload = SimpleUploadedFile("norrbotten.yaml", text.encode("utf-8"))
        response = client.post(reverse("strategies:import"), {"file": upload, **extra})
        return response.status_code, response.content.decode()

    status, html = post()
    assert status == 400
    assert "betjänas av 1 aktivitet, i ”Luleås plan”" in html
    assert 'name="confirm_removals"' in html
    assert activities[0].strategy_items.exists()
    status, _html = post(confirm_removals="on")
    assert status == 302 and not activities[0].strategy_items.exists()


def test_the_edit_form_asks_and_then_drops_a_served_item(
    client: Client, world: World, served: tuple[Strategy, list[Activity]]
) -> None:
    strategy, activities = served
    client.force_login(world.coordinator)
    url = reverse("strategies:edit", args=[strategy.slug])
    data = form_data(client, url)
    data["direction_change-0-DELETE"] = "on"
    refused = client.post(url, data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "”Mer hälsofrämjande och förebyggande insatser” (riktningsförändring)" in html
    assert 'name="confirm_removals"' in html
    assert strategy.items.count() == 7
    saved = client.post(url, {**data, "confirm_removals": "on"})
    assert saved.status_code == 302
    assert strategy.items.count() == 6 and not activities[0].strategy_items.exists()


def test_it_removes_an_item_no_activity_serves_without_asking(
    world: World, served: tuple[Strategy, list[Activity]]
) -> None:
    strategy, _activities = served
    doc = export_strategy(strategy)
    import_strategy(doc.model_copy(update={"prerequisites": []}), world.coordinator)
    assert not strategy.items.filter(section=Section.PREREQUISITE).exists()


def test_it_keeps_the_county_once_plans_follow_the_strategy(
    client: Client, world: World, served: tuple[Strategy, list[Activity]]
) -> None:
    strategy, _activities = served
    superuser = factories.user("admin")
    superuser.is_superuser = True
    superuser.save()
    doc = export_strategy(strategy).model_copy(update={"county": "24", "organisations": []})
    with (
        pytest.raises(CountyLockedError, match="1 action plan follows it"),
        translation.override("en"),
    ):
        import_strategy(doc, superuser)
    client.force_login(superuser)
    url = reverse("strategies:edit", args=[strategy.slug])
    data = {**form_data(client, url), "county": str(world.vasterbotten.pk), "organisations": []}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Länet kan inte ändras: 1 handlingsplan följer strategin." in response.content.decode()
    strategy.refresh_from_db()
    assert strategy.county == world.norrbotten


def test_it_moves_a_strategy_without_plans_for_a_coordinator_of_both(world: World) -> None:
    strategy = world.strategy_24
    both = factories.user(
        "bada", coordinator=world.region_norrbotten, administrator=world.region_vasterbotten
    )
    doc = export_strategy(strategy).model_copy(update={"county": "25", "organisations": []})
    assert import_strategy(doc, both).county == world.norrbotten


def test_the_service_refuses_a_coordinator_of_the_target_county_only(world: World) -> None:
    doc = export_strategy(world.strategy_24).model_copy(update={"county": "25"})
    with pytest.raises(PermissionDenied):
        import_strategy(doc.model_copy(update={"organisations": []}), world.coordinator)
