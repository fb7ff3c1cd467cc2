"""A strategy's history: creation, edits and imports, field by field and item by item, shown
on the strategy page to the county's members."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fardplan.content.strategy import Item
from fardplan.web.strategies.models import Strategy, StrategyChange
from fardplan.web.strategies.services import export_strategy, import_strategy
from tests.web.plans.factories import World
from tests.web.strategies import factories
from tests.web.strategies.test_editing import form_data

pytestmark = pytest.mark.django_db


def rows(strategy: Strategy) -> list[tuple[str, str, str, object, object]]:
    changes = strategy.changes.order_by("id")
    return [(c.action, c.field, c.source, c.before, c.after) for c in changes]


def test_it_records_the_creation_by_import_with_every_item(examples: list[Strategy]) -> None:
    norrbotten = Strategy.objects.get(county__code="25")
    changes = list(norrbotten.changes.order_by("id"))
    assert changes[0].action == "created" and changes[0].source == "system"
    assert (changes[0].after or {})["title"] == norrbotten.title
    added = [c.after or {} for c in changes if c.action == "item_added"]
    assert len(added) == 15 and added[0]["title"] == "Min hälsa och välbefinnande"


def test_it_records_an_import_field_by_field_and_item_by_item(world: World) -> None:
    strategy = world.strategy_25
    doc = export_strategy(strategy)
    first, second, *rest = doc.direction_changes
    StrategyChange.objects.all().delete()
    import_strategy(
        doc.model_copy(
            update={"title": "Ny titel",
                    "direction_changes": [second, first.model_copy(update={"text": "Ny text."}),
                                          Item(title="Helt ny")],
                    "target_areas": []}
        ),
        world.coordinator,
    )  # fmt: skip
    got = rows(strategy)
    assert ("updated", "title", "import", "Nära vård Norrbottens län", "Ny titel") in got
    changed = [r for r in got if r[0] == "item_changed"]
    assert [(r[3], r[4]) for r in changed] == [(
        {"section": "direction_change", "title": first.title, "text": ""},
        {"section": "direction_change", "title": first.title, "text": "Ny text."},
    )]  # fmt: skip
    assert [r[4]["title"] for r in got if r[0] == "item_added"] == ["Helt ny"]  # type: ignore[index]
    removed = sorted(r[3]["title"] for r in got if r[0] == "item_removed")  # type: ignore[index]
    assert removed == sorted([*[i.title for i in rest], *[t.title for t in doc.target_areas]])
    order = [r for r in got if r[1] == "order:direction_change"]
    assert order == [("updated", "order:direction_change", "import",
                      [first.title, second.title], [second.title, first.title])]  # fmt: skip
    assert {c.user for c in strategy.changes.all()} == {world.coordinator}


def test_it_records_nothing_when_an_import_changes_nothing(world: World) -> None:
    strategy = world.strategy_25
    count = strategy.changes.count()
    import_strategy(export_strategy(strategy), world.coordinator)
    assert strategy.changes.count() == count


def test_it_records_an_edit_and_shows_it_to_the_countys_members(
    client: Client, world: World
) -> None:
    strategy = world.strategy_25
    client.force_login(world.coordinator)
    url = reverse("strategies:edit", args=[strategy.slug])
    data = form_data(client, url)
    data["status"] = "retired"
    assert client.post(url, data).status_code == 302
    change = strategy.changes.get(field="status")
    assert (change.before, change.after, change.source) == ("adopted", "retired", "edit")
    client.force_login(world.viewer)
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "Historik" in html and "Antagen" in html and "Avslutad" in html
    assert "samordnare" in html and "redigeringsformulär" in html
    client.logout()
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "Historik" not in html and "samordnare" not in html


def test_it_records_a_strategy_created_in_the_form(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        reverse("strategies:create"),
        {"county": world.norrbotten.pk, "slug": "ny", "kind": "fardplan", "title": "Ny",
         "period_start": "2024", "period_end": "2027", "status": "draft",
         "organisations": [str(world.lulea.pk)],
         **{f"{s}-TOTAL_FORMS": "1" for s in SECTIONS},
         **{f"{s}-INITIAL_FORMS": "0" for s in SECTIONS},
         "vision-0-title": "Tryggt hela vägen"},
    )  # fmt: skip
    assert response.status_code == 302
    strategy = Strategy.objects.get(slug="ny")
    assert [c.action for c in strategy.changes.order_by("id")] == ["created", "item_added"]
    assert strategy.items.get().key == "tryggt-hela-vagen"


SECTIONS = ["vision", "target_area", "prerequisite", "direction_change", "perspective"]


def test_the_history_names_no_one_to_anonymous_visitors(
    client: Client, examples: list[Strategy]
) -> None:
    norrbotten = Strategy.objects.get(county__code="25")
    factories.coordinator("25")
    html = client.get(norrbotten.get_absolute_url()).content.decode()
    assert 'id="history-heading"' not in html
