"""Import and export between the file format and the database."""

from __future__ import annotations

import pytest

from fardplan.content.examples import example_files
from fardplan.content.strategy import Item, load_strategy_yaml
from fardplan.web.strategies.models import Section, Strategy, StrategyItem
from fardplan.web.strategies.services import UnknownCodeError, export_strategy, import_strategy
from tests.web.strategies import factories

pytestmark = pytest.mark.django_db


def test_it_exports_each_example_exactly_as_imported(examples: list[Strategy]) -> None:
    for entry in example_files():
        doc = load_strategy_yaml(entry.read_text("utf-8"), entry.name)
        assert export_strategy(Strategy.objects.get(slug=doc.slug)) == doc, entry.name


def test_it_keeps_the_order_of_each_section(norrbotten: Strategy) -> None:
    titles = list(
        norrbotten.items.filter(section=Section.DIRECTION_CHANGE)
        .order_by("position")
        .values_list("position", "title")
    )
    assert titles == [
        (1, "Mer hälsofrämjande och förebyggande insatser"),
        (2, "Ökad personcentrering och delaktighet"),
        (3, "Stärkt gemensam primärvård"),
        (4, "Öppnare vårdformer"),
    ]
    assert norrbotten.organisations.count() == 15


def test_it_replaces_a_strategy_and_keeps_the_rows_of_items_by_key(
    norrbotten: Strategy,
) -> None:
    doc = export_strategy(norrbotten)
    first = norrbotten.items.get(section=Section.TARGET_AREA, position=1)
    changed = doc.model_copy(
        update={
            "title": "Ny titel",
            "target_areas": [Item(key=first.key, title="Endast ett område", text="Med text.")],
            "organisations": ["25", "2580"],
        }
    )
    strategy = import_strategy(changed)
    assert strategy.pk == norrbotten.pk and strategy.title == "Ny titel"
    assert list(strategy.items.filter(section=Section.TARGET_AREA)) == [first]
    first.refresh_from_db()
    assert (first.title, first.text) == ("Endast ett område", "Med text.")
    assert export_strategy(strategy) == changed


def test_it_refuses_an_unknown_county_and_saves_nothing(db: None) -> None:
    factories.county("25")
    doc = load_strategy_yaml(
        "county: '99'\nslug: x\nkind: malbild\ntitle: X\n"
        "period: {start: 2020, end: 2030}\nstatus: draft\n"
    )
    with pytest.raises(UnknownCodeError, match="county: unknown county code '99'"):
        import_strategy(doc)
    assert not Strategy.objects.exists()


def test_it_refuses_an_unknown_organisation_and_saves_nothing(examples: list[Strategy]) -> None:
    doc = export_strategy(Strategy.objects.get(county__code="25"))
    bad = doc.model_copy(update={"title": "Ändrad", "organisations": ["25", "2480", "9999"]})
    with pytest.raises(UnknownCodeError, match="Norrbottens län has code '2480', '9999'"):
        import_strategy(bad)
    assert Strategy.objects.get(slug=doc.slug).title == doc.title
    assert StrategyItem.objects.filter(strategy__slug=doc.slug).count() == 15
