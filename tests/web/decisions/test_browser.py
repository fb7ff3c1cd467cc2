"""The adoption pages in Chromium with the three counties' example decisions: the county page
and the strategy page show the table, the map and the timeline, and axe finds no serious or
critical violation (nor the Content-Security-Policy any); a coordinator records Kramfors'
adoption in the form and the map and table follow; the map's municipalities are reached by
keyboard and named by their state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.web.decisions.examples import load_example_decisions
from fardplan.web.organisations.loading import load_organisations
from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.strategies.services import import_example_strategies
from tests.web.browser.accessibility import assert_accessible
from tests.web.browser.test_content_security_policy import RECORD_VIOLATIONS
from tests.web.plans.factories import user

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "nära-vård-2030"
STRATEGY = "/strategi/malbild-for-god-och-nara-vard-2030/"


@pytest.fixture
def examples() -> None:
    load_organisations()
    import_example_strategies()
    load_example_decisions()


def _clean(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("window.cspViolations") == [], page.url


def test_the_county_and_strategy_pages_show_the_adoption(
    live_server: LiveServer, page: Page, examples: None
) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/lan/22/")
    section = page.locator("section.adoption")
    expect(section.get_by_role("heading", level=2)).to_have_text(
        "Antagandet av ”Målbild för god och nära vård 2030”"
    )
    expect(section).to_contain_text("4 av 8 huvudmän har antagit strategin.")
    table = section.get_by_role("table", name="Varje huvudmans läge")
    timra = table.get_by_role("row", name=re.compile("^Timrå"))
    expect(timra).to_contain_text("Antagen med villkor")
    expect(timra).to_contain_text("Kramfors, Ånge")
    expect(section.get_by_text("Påhittat exempel").first).to_be_visible()
    _clean(page)

    area = section.locator("svg a[aria-label^='Kramfors']")
    area.focus()
    expect(area).to_be_focused()
    expect(area).to_have_attribute("aria-label", "Kramfors: Beredd sedan 2020-10-23")

    page.goto(f"{live_server.url}{STRATEGY}")
    expect(page.locator(".adoption-summary").first).to_contain_text("4 av 8 huvudmän")
    expect(page.get_by_role("heading", name="Besluten i tidsordning")).to_be_visible()
    _clean(page)


def test_a_coordinator_records_the_adoption_and_the_map_follows(
    live_server: LiveServer, page: Page, examples: None
) -> None:
    region = Organisation.objects.get(kind=OrganisationKind.REGION, code="22")
    coordinator = user("samordnare-y", coordinator=region)
    coordinator.set_password(PASSWORD)
    coordinator.save()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Användarnamn").fill(coordinator.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).not_to_have_url(re.compile("/konto/login/"))

    page.goto(f"{live_server.url}{STRATEGY}")
    page.locator("section.adoption").get_by_role("link", name="Registrera ett beslut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera ett beslut")
    _clean(page)
    page.get_by_label("Organisation:", exact=True).select_option(label="Kramfors")
    page.get_by_label("Organ:", exact=True).select_option(label="Kommunfullmäktige")
    page.get_by_label("Sammanträdesdatum:").fill("2021-11-29")
    page.get_by_label("Paragraf (§):").fill("102")
    page.locator("#id_title").fill("Målbild för god och nära vård 2030")
    page.get_by_label("Typ av beslut:").select_option(label="Anta")
    page.locator("#id_items-0-text").fill("Fastställa målbilden för god och nära vård 2030.")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Målbild för god och nära vård 2030")
    expect(page.get_by_text("Beslutet sparades.")).to_be_visible()
    _clean(page)

    page.goto(f"{live_server.url}{STRATEGY}")
    expect(page.locator("svg a[aria-label^='Kramfors']")).to_have_attribute(
        "aria-label", "Kramfors: Antagen sedan 2021-11-29"
    )
    timra = page.get_by_role("table", name="Varje huvudmans läge").get_by_role(
        "row", name=re.compile("^Timrå")
    )
    expect(timra).to_contain_text("Antagen med villkor")
    expect(timra).to_contain_text("Ånge")
    history = page.locator("section", has=page.get_by_role("heading", name="Historik"))
    expect(history).to_contain_text("Antagande: Kramfors")
    _clean(page)
