"""A walk through the planning pages as a new user would take it, on the demo's content: the
language both ways, the county matrix at 1366 px with the municipalities that act on screen,
the new forms filled by keyboard only, and axe clean on every page visited. Screenshots go to
``$FARDPLAN_SHOTS`` (default /tmp/ux-shots) for a person to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.web.organisations.loading import load_organisations
from fardplan.web.plans.examples import load_examples
from fardplan.web.plans.models import Plan
from fardplan.web.site.demo_users import create_demo_users
from fardplan.web.strategies.services import import_example_strategies
from tests.web.browser.accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("FARDPLAN_SHOTS", "/tmp/ux-shots"))
WIDTH, HEIGHT = 1366, 768


@pytest.fixture
def logins() -> dict[str, str]:
    """The demo's content; return the personas' passwords by username."""
    load_organisations()
    import_example_strategies()
    passwords = {login.username: login.password for login in create_demo_users()}
    load_examples()
    return passwords


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def visit(page: Page, name: str) -> None:
    """Check the page with axe and keep a screenshot of it."""
    assert_accessible(page)
    shoot(page, name)


def log_in(page: Page, live_server: LiveServer, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/planer/lan/25/")
    expect(page.get_by_text("Logga in för att se sidan")).to_be_visible()  # told why
    visit(page, "01-login-with-reason")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_label("Lösenord").press("Enter")
    expect(page).to_have_url(re.compile(r"/planer/lan/25/$"))


def tab_to(page: Page, target: Locator, limit: int = 200) -> None:
    """Press Tab until ``target`` has the focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} not reached by Tab in {limit} presses")


def test_it_walks_the_planning_pages(
    page: Page, live_server: LiveServer, logins: dict[str, str]
) -> None:
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    log_in(page, live_server, "samordnare-norrbotten", logins["samordnare-norrbotten"])

    # The county matrix at 1366 px: the municipalities that act are on screen, not behind gaps.
    matrix = page.locator(".plan-matrix")
    matrix.scroll_into_view_if_needed()
    for name in ("Luleå", "Piteå"):
        header = matrix.get_by_role("columnheader", name=name, exact=True)
        expect(header).to_be_in_viewport(ratio=1)
    expect(
        matrix.get_by_role("columnheader", name=re.compile("övriga kommuner"))
    ).to_be_in_viewport(ratio=1)
    box = matrix.bounding_box()
    assert box is not None and box["x"] + box["width"] <= WIDTH, "the matrix overflows sideways"
    expect(matrix.get_by_text("försenade)")).to_have_count(0)  # no "1 (1 försenade)"
    visit(page, "02-county-matrix-1366")

    # Language both ways, on the same page.
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/planer/lan/25/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    visit(page, "03-county-matrix-english")
    page.get_by_role("button", name="Svenska").click()
    expect(page).to_have_url(re.compile(r"/planer/lan/25/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    # A new plan, by keyboard only: grouped choices of Norrbotten, found with the filter box.
    page.goto(f"{live_server.url}/planer/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny plan")
    visit(page, "04-new-plan-form")
    assert "Umeå" not in page.content()
    page.locator("body").focus()
    tab_to(page, page.get_by_label("Strategi"))
    page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_label("Typ av plan"))
    page.keyboard.type("Lokal")
    tab_to(page, page.get_by_label("Titel"))
    page.keyboard.type("Trygg hemgång i Boden")
    tab_to(page, page.get_by_label("Ägare"))
    page.keyboard.type("Boden")
    tab_to(page, page.get_by_label("Kommun eller område"))
    page.keyboard.type("Boden")
    search = page.get_by_label("Filtrera listan")
    tab_to(page, search)
    page.keyboard.type("boden")
    # Boden, and the care units in Boden (Bodens and Sävast hälsocentral).
    expect(page.locator("#id_participants_count")).to_have_text(re.compile(r"^Visar 3 av \d+\.$"))
    expect(page.get_by_role("checkbox", name="Hertsöns hälsocentral")).to_be_hidden()
    visit(page, "05-new-plan-filtered")
    page.keyboard.press("Tab")  # the first shown checkbox: Boden's municipality
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("checkbox", name="Sävast hälsocentral"))
    page.keyboard.press("Space")
    # Dates are the browser's own widget, whose typing order follows the system's locale:
    # reached by Tab, then set.
    tab_to(page, page.get_by_label("Start"))
    page.get_by_label("Start").fill("2027-01-01")
    tab_to(page, page.get_by_label("Slut"))
    page.get_by_label("Slut").fill("2028-12-31")
    tab_to(page, page.get_by_role("button", name="Spara"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trygg hemgång i Boden")
    plan = Plan.objects.get(title="Trygg hemgång i Boden")
    assert {o.name for o in plan.participants.all()} == {"Boden", "Sävast hälsocentral"}
    assert (plan.owner.name, plan.area and plan.area.name) == ("Boden", "Boden")
    visit(page, "06-plan-created")

    # An activity, by keyboard: a direction change, the responsible health centre, a date.
    page.get_by_role("link", name="Lägg till aktivitet").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny aktivitet")
    visit(page, "07-new-activity-form")
    tab_to(page, page.get_by_label("Titel"))
    page.keyboard.type("Hemgång med stöd av hälsocentralen")
    tab_to(page, page.get_by_role("checkbox", name=re.compile("Stärkt gemensam primärvård")))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Ansvarig organisation"))
    # Type-ahead with ASCII only: Playwright inserts "ä" as text, which a select cannot take.
    page.keyboard.type("S")  # the first "S…" of the groups: Sävast hälsocentral, in Boden
    expect(page.get_by_label("Ansvarig organisation")).to_be_focused()
    tab_to(page, page.get_by_label("Start"))
    page.get_by_label("Start").fill("2027-02-01")
    tab_to(page, page.get_by_label("Slut"))
    page.get_by_label("Slut").fill("2028-06-30")
    tab_to(page, page.get_by_role("button", name="Spara"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hemgång med stöd av hälsocentralen")
    activity = plan.activities.get()
    assert (activity.responsible.name, activity.description) == ("Sävast hälsocentral", "")

    # The indicator select in English reads titles, not ids, and takes the keyboard.
    page.goto(f"{live_server.url}/en{activity.get_absolute_url()}")
    indicator = page.get_by_role("combobox", name="Indicator")
    expect(indicator.locator("option", has_text="Avoidable hospital admissions")).to_have_count(2)
    expect(indicator.locator("option", has_text="avoidable_admissions")).to_have_count(0)
    tab_to(page, indicator)
    page.keyboard.type("Unplanned")
    tab_to(page, page.get_by_role("button", name="Link indicator"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Unplanned readmission within 30 days, 65+").first).to_be_visible()
    visit(page, "08-activity-english-indicator")

    # A page that does not exist, in the site's look.
    page.goto(f"{live_server.url}/planer/finns-inte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    visit(page, "09-not-found")


def test_it_offers_a_new_strategy_only_the_chosen_countys_organisations(
    page: Page, live_server: LiveServer
) -> None:
    load_organisations()
    get_user_model().objects.create_superuser("chef", password="nära-vård-2030")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(f"{live_server.url}/konto/login/?next=/strategier/ny/")
    page.get_by_label("Användarnamn").fill("chef")
    page.get_by_label("Lösenord").fill("nära-vård-2030")
    page.get_by_label("Lösenord").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny strategi")
    organisations = page.locator("#id_organisations")
    expect(organisations.get_by_text("Välj län först")).to_be_visible()
    box = organisations.bounding_box()
    assert box is not None and box["height"] < 200, f"the list is {box} tall before a county"
    visit(page, "10-new-strategy-no-county")
    page.get_by_role("combobox", name="Län").focus()
    page.keyboard.type("Norrbottens")
    page.keyboard.press("Tab")
    expect(organisations.get_by_role("checkbox", name="Luleå")).to_be_visible()
    expect(organisations.get_by_role("checkbox", name="Umeå")).to_be_hidden()
    box = organisations.bounding_box()
    assert box is not None and box["height"] < 600, f"Norrbotten's list is {box} tall"
    page.get_by_label("Filtrera listan").focus()
    page.keyboard.type("pite")
    expect(organisations.get_by_role("checkbox", name="Luleå")).to_be_hidden()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(organisations.get_by_role("checkbox", name="Piteå")).to_be_checked()
    visit(page, "11-new-strategy-norrbotten")
