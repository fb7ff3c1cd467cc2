"""The demo's direct indicator links of the example strategies' items (``demo_links.yaml``)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from fardplan.web.followup.demo_links import DemoLinksError, load_demo_links, shipped_links
from fardplan.web.followup.models import ItemIndicator
from fardplan.web.followup.overview import county_overview
from fardplan.web.organisations.models import County
from fardplan.web.site.demo import demo_steps
from fardplan.web.strategies.models import Section, Strategy
from tests.web.strategies import factories

pytestmark = pytest.mark.django_db
LINK_STEP = "Linking indicators to the strategies' target areas and direction changes"
NORRBOTTEN = "tillsammans-for-nara-vard-i-norrbotten"


@pytest.fixture
def strategies() -> None:
    factories.example_counties()
    dict(demo_steps())["Loading the three counties' strategies"]()


def test_the_demo_step_lists_indicators_under_norrbottens_direction_changes(
    strategies: None,
) -> None:
    dict(demo_steps())[LINK_STEP]()

    strategy = Strategy.objects.get(slug=NORRBOTTEN)
    overview = county_overview(AnonymousUser(), County.objects.get(code="25"), None, strategy)
    changes = [b for b in overview.blocks if b.item.section == Section.DIRECTION_CHANGE]
    assert len(changes) == 4
    assert all(block.lines for block in changes)
    first = {line.entry.id for line in changes[0].lines}
    assert first == {"avoidable_admissions", "mental_ill_health_0_17"}
    assert ItemIndicator.objects.filter(item__strategy__county__code="22").exists()
    assert ItemIndicator.objects.filter(item__strategy__county__code="24").exists()
    assert not ItemIndicator.objects.exclude(linked_by=None).exists()  # the system linked


def test_it_links_once_and_respects_a_coordinators_removal(strategies: None) -> None:
    total = sum(len(ids) for items in shipped_links().values() for ids in items.values())
    assert load_demo_links() == total
    assert load_demo_links() == 0
    link = ItemIndicator.objects.filter(item__strategy__slug=NORRBOTTEN).first()
    assert link is not None
    ItemIndicator.objects.filter(pk=link.pk).update(removed_at=link.linked_at)
    assert load_demo_links() == 0
    assert ItemIndicator.objects.active().count() == total - 1


def test_the_history_shows_the_system_as_the_one_who_linked(strategies: None) -> None:
    load_demo_links()
    admin = get_user_model().objects.create_superuser("admin", password="x")
    client = Client()
    client.force_login(admin)
    page = client.get("/uppfoljning/lan/25/laget/").content.decode()
    assert "kopplad av systemet" in page


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"no-such-item": ["sip_plans"]}, "has no item “no-such-item”"),
        ({"starkt-samverkan": ["sip_plans"]}, "only direction changes and target areas"),
        ({"oppnare-vardformer": ["no_such_indicator"]}, "has no indicator “no_such_indicator”"),
    ],
)
def test_it_refuses_a_bad_entry_and_writes_nothing(
    strategies: None, items: dict[str, list[str]], message: str
) -> None:
    mapping = {NORRBOTTEN: {"mer-halsoframjande-och-forebyggande-insatser": ["sip_plans"], **items}}
    with pytest.raises(DemoLinksError, match=message):
        load_demo_links(mapping)
    assert not ItemIndicator.objects.exists()


def test_it_skips_a_strategy_not_loaded() -> None:
    assert load_demo_links() == 0
