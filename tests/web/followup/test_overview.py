"""The county overview ("Läget i länet") on a tiny stored run written by hand, and the
coordinators' links of indicators to strategy items, persona by persona."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from fardplan.engine.store import save_run
from fardplan.spc import default_chart
from fardplan.web.followup.control import Settings, analysis_of, verdict
from fardplan.web.followup.describe import indicator
from fardplan.web.followup.models import ItemIndicator
from fardplan.web.followup.query import published_run
from fardplan.web.plans.models import ActivityIndicator
from fardplan.web.strategies.models import Section, StrategyItem
from tests.web.followup.runs import REGION, hand_run
from tests.web.plans import factories

pytestmark = pytest.mark.django_db
AA = "avoidable_admissions"  # per 100 000 inhabitants, lower is better
OVERVIEW = "/uppfoljning/lan/25/laget/"
POPULATION = 250_000


def months(year: int, count: int, level: int) -> list[tuple[object, ...]]:
    """Monthly cells of the region alternating level − 2 and level + 2 admissions."""
    cells: list[tuple[object, ...]] = []
    for month in range(1, count + 1):
        numerator = level + (2 if month % 2 else -2)
        value = numerator / POPULATION * 100_000
        cells.append(
            (AA, f"{year}-{month:02d}", REGION, "T", "all", numerator, POPULATION, value, False)
        )
    return cells


def year(area: str, period: str, numerator: int, denominator: int) -> tuple[object, ...]:
    return (
        AA,
        period,
        area,
        "T",
        "all",
        numerator,
        denominator,
        numerator / denominator * 100_000,
        False,
    )


# 2023: 60 a month (288.0 a year), 2024 and the first quarter of 2025: 40 (192.0); Sweden
# 210.0 and 200.0. 2025 is not a full year: the overview must show 2024.
CELLS = [
    *months(2023, 12, 60), *months(2024, 12, 40), *months(2025, 3, 40),
    year(REGION, "2023", 720, POPULATION), year(REGION, "2024", 480, POPULATION),
    year(REGION, "2025", 120, POPULATION),
    year("0000", "2023", 21_000, 10_000_000), year("0000", "2024", 20_000, 10_000_000),
]  # fmt: skip


@pytest.fixture
def tiny(store: Path) -> Path:
    save_run(hand_run(CELLS, run_id="tiny"), store)
    return store


def item_of(world: factories.World, position: int = 1) -> StrategyItem:
    return factories.direction_change(world.strategy_25, position)


def text(response: Any) -> str:
    page = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_it_shows_the_latest_full_year_the_change_sweden_and_the_assessment(
    client: Client, tiny: Path, world: factories.World
) -> None:
    ItemIndicator.objects.create(item=item_of(world), indicator_id=AA)
    page = text(client.get(OVERVIEW))
    assert "Läget i Norrbottens län" in page
    assert "helår 2024" in page  # not the three months of 2025
    row = page[page.index("Undvikbar slutenvård, kroniska tillstånd") :][:400]
    assert "192,0" in row and "−96,0" in row and "200,0" in row
    assert "48,0" not in page  # the partial year's value
    run = published_run()
    assert run is not None
    entry = indicator(AA)
    assert entry is not None
    series = run.series(AA, REGION)
    expected = verdict(
        analysis_of(run, entry, REGION, "T", "all", series.months, Settings(default_chart(entry))),
        entry,
    )
    assert expected.kind == "improvement"  # 60 a month fell to 40: lower is better
    assert "verdict--improvement" in client.get(OVERVIEW).content.decode()
    assert expected.headline in row


def test_the_assessment_is_the_series_pages_own(
    client: Client, tiny: Path, world: factories.World
) -> None:
    ItemIndicator.objects.create(item=item_of(world), indicator_id=AA)
    overview = text(client.get(OVERVIEW))
    series = text(client.get(f"/uppfoljning/indikatorer/{AA}/{REGION}/"))
    assert "Förbättring" in overview and "Förbättring" in series


def test_it_counts_the_activities_serving_an_item_by_status_and_their_indicators(
    client: Client, tiny: Path, world: factories.World
) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    linked = factories.activity(plan, status="ongoing")
    factories.activity(plan, status="ongoing")
    factories.activity(plan, status="planned", start=date(2025, 3, 1))
    ActivityIndicator.objects.create(activity=linked, indicator_id=AA, direction="decrease")
    client.force_login(world.viewer)
    page = text(client.get(OVERVIEW))
    item = page[page.index("Mer hälsofrämjande och förebyggande insatser") :][:700]
    assert "Planerad: 1" in item and "Pågår: 2" in item
    assert "via 1 aktivitet" in item and "192,0" in item
    client.logout()
    anonymous = text(client.get(OVERVIEW))
    assert "Pågår: 2" not in anonymous  # the plans are for the county's members
    assert "192,0" not in anonymous  # nor their indicators
    assert "loggar in" in anonymous


def test_it_says_so_when_no_run_is_stored_and_nothing_is_linked(
    client: Client, store: Path, world: factories.World
) -> None:
    page = text(client.get(OVERVIEW))
    assert "Inga indikatorvärden har beräknats ännu" in page
    assert "Ingen indikator är kopplad" in page
    client.force_login(world.coordinator)
    assert "Koppla en indikator" in text(client.get(OVERVIEW))


def test_a_county_without_an_adopted_strategy_says_so(
    client: Client, store: Path, world: factories.World
) -> None:
    world.strategy_24.status = "draft"
    world.strategy_24.save()
    page = text(client.get("/uppfoljning/lan/24/laget/"))
    assert "ingen antagen strategi" in page
    assert client.get("/uppfoljning/lan/99/laget/").status_code == 404


def test_the_county_pages_link_to_the_overview(
    client: Client, store: Path, world: factories.World
) -> None:
    for path in ("/lan/25/", "/uppfoljning/lan/25/"):
        assert 'href="/uppfoljning/lan/25/laget/"' in client.get(path).content.decode(), path


# Linking, persona by persona: only the county's coordinators (and administrators).


def link(client: Client, world: factories.World) -> int:
    item = item_of(world)
    return client.post(
        f"/uppfoljning/lan/25/laget/koppla/{item.pk}/", {"indicator_id": AA}
    ).status_code


def test_a_coordinator_links_and_unlinks_with_history(
    client: Client, store: Path, world: factories.World
) -> None:
    client.force_login(world.coordinator)
    assert link(client, world) == 302
    made = ItemIndicator.objects.get()
    assert made.linked_by == world.coordinator and made.removed_at is None
    assert link(client, world) == 302  # twice: refused with a message, not a second link
    assert ItemIndicator.objects.count() == 1
    response = client.post(f"/uppfoljning/lan/25/laget/koppling/{made.pk}/ta-bort/")
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.removed_by == world.coordinator and made.removed_at is not None
    page = text(client.get(OVERVIEW))
    assert "kopplad av samordnare" in page and "borttagen av samordnare" in page
    assert link(client, world) == 302  # linked again after removal: a new row
    assert ItemIndicator.objects.active().count() == 1 and ItemIndicator.objects.count() == 2


@pytest.mark.parametrize("persona", ["lulea_editor", "umea_editor", "viewer", "contributor"])
def test_others_may_not_link_or_unlink(
    client: Client, store: Path, world: factories.World, persona: str
) -> None:
    made = ItemIndicator.objects.create(item=item_of(world), indicator_id="named_physician")
    client.force_login(getattr(world, persona))
    assert link(client, world) == 403
    assert client.post(f"/uppfoljning/lan/25/laget/koppling/{made.pk}/ta-bort/").status_code == 403
    assert ItemIndicator.objects.active().count() == 1
    assert "Koppla en indikator" not in text(client.get(OVERVIEW))


def test_an_anonymous_visitor_is_sent_to_log_in(
    client: Client, store: Path, world: factories.World
) -> None:
    response = client.post(
        f"/uppfoljning/lan/25/laget/koppla/{item_of(world).pk}/", {"indicator_id": AA}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert not ItemIndicator.objects.exists()


def test_the_coordinator_of_another_county_and_bad_input_are_refused(
    client: Client, store: Path, world: factories.World
) -> None:
    other = factories.user("samordnare-ac", coordinator=world.region_vasterbotten)
    client.force_login(other)
    assert link(client, world) == 403
    client.force_login(world.coordinator)
    item = item_of(world)
    bad = client.post(f"/uppfoljning/lan/25/laget/koppla/{item.pk}/", {"indicator_id": "no_such"})
    assert bad.status_code == 302 and not ItemIndicator.objects.exists()
    prerequisite = world.strategy_25.items.get(section=Section.PREREQUISITE)
    url = f"/uppfoljning/lan/25/laget/koppla/{prerequisite.pk}/"
    assert client.post(url, {"indicator_id": AA}).status_code == 404  # not a followed item
    elsewhere = factories.direction_change(world.strategy_24)
    url = f"/uppfoljning/lan/25/laget/koppla/{elsewhere.pk}/"
    assert client.post(url, {"indicator_id": AA}).status_code == 404  # an item of another county
    assert not ItemIndicator.objects.exists()
