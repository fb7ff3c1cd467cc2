"""A visitor picks Norrbotten on the start page and reads its strategy's four target areas."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.web.organisations.loading import load_organisations
from fardplan.web.strategies.services import import_example_strategies
from tests.web.browser.accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NORRBOTTEN_TARGET_AREAS = [
    "Min egen kraft tas tillvara",
    "Tillsammans för min trygghet",
    "Sammanhållet och enkelt för mig",
    "Nära mig på bästa sätt",
]


@pytest.fixture
def example_content() -> None:
    load_organisations()
    import_example_strategies()


def test_it_leads_from_the_start_page_to_norrbottens_target_areas(
    live_server: LiveServer, page: Page, example_content: None
) -> None:
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Färdplan")
    assert_accessible(page)

    page.get_by_role("list").get_by_role("link", name="Norrbottens län").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Norrbottens län")
    principals = page.locator("section", has=page.get_by_role("heading", name="Huvudmän"))
    expect(principals.get_by_role("link", name="Region Norrbotten", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tillsammans för Nära vård i Norrbotten").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tillsammans för Nära vård i Norrbotten"
    )
    section = page.locator("section", has=page.get_by_role("heading", name="Målområden"))
    titles = section.locator("li .item-title").all_inner_texts()
    assert [title.strip() for title in titles] == NORRBOTTEN_TARGET_AREAS
    assert_accessible(page)


def test_it_picks_a_county_on_the_map_with_the_keyboard(
    live_server: LiveServer, page: Page, example_content: None
) -> None:
    page.goto(live_server.url + "/")
    region = page.locator("svg a[aria-label*='Norrbottens län']")
    region.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Norrbottens län")


def test_it_shows_the_strategy_in_english(
    live_server: LiveServer, page: Page, example_content: None
) -> None:
    page.goto(live_server.url + "/lan/25/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Principals")).to_be_visible()
    assert_accessible(page)
