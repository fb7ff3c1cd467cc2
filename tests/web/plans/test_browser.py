"""In the browser: a coordinator plans, links and exports; an editor of Umeå is refused in
Luleå; two people editing the same activity lose nothing."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.web.plans.models import Activity, ChangeRecord
from tests.web.plans import factories
from tests.web.plans.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
PASSWORD = "nära-vård-2030"


@pytest.fixture
def browser_world() -> World:
    world = factories.world()
    for user in (world.coordinator, world.lulea_editor, world.umea_editor):
        user.set_password(PASSWORD)
        user.save()
    return world


def assert_accessible(page: Page) -> None:
    """Fail with axe-core's report when the page has an accessibility violation."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def log_in(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).not_to_have_url(re.compile("/konto/login/"))


def test_it_lets_a_coordinator_plan_link_follow_and_export(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    world = browser_world
    log_in(page, live_server, world.coordinator)
    page.goto(f"{live_server.url}/planer/")
    page.get_by_role("link", name="Ny plan").click()
    page.get_by_label("Strategi").select_option(label=world.strategy_25.title)
    page.get_by_label("Typ av plan").select_option(label="Lokal handlingsplan")
    page.get_by_label("Titel").fill("Lokal handlingsplan Luleå")
    page.get_by_label("Ägare").select_option(label="Luleå kommun")
    page.get_by_label("Kommun eller område").select_option(label="Luleå kommun")
    page.get_by_role("checkbox", name="Hertsöns hälsocentral").check()
    page.get_by_role("checkbox", name="Sunderby sjukhus").check()
    page.get_by_label("Start").fill("2025-01-01")
    page.get_by_label("Slut").fill("2026-12-31")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokal handlingsplan Luleå")

    page.get_by_role("link", name="Lägg till aktivitet").click()
    page.get_by_label("Titel").fill("Mobilt närvårdsteam för sköra äldre")
    page.get_by_label(re.compile("Stärkt gemensam primärvård")).check()
    page.get_by_label("Ansvarig organisation").select_option(label="Luleå kommun")
    page.get_by_label("Äldre med omfattande behov").check()
    page.get_by_label("Start").fill("2025-02-01")
    page.get_by_label("Slut").fill("2026-06-30")
    page.get_by_label("Status").select_option(label="Pågår")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mobilt närvårdsteam för sköra äldre")

    page.locator("#id_indicator_id").select_option(value="avoidable_admissions")
    page.get_by_label("Förväntad riktning").select_option(label="Minska")
    page.get_by_role("button", name="Koppla indikator").click()
    expect(page.locator("#indicators-heading + table")).to_contain_text("avoidable_admissions")
    assert_accessible(page)

    page.goto(f"{live_server.url}/planer/lan/25/")
    matrix = page.locator("table.plan-matrix")
    expect(
        matrix.get_by_role("row", name=re.compile("Stärkt gemensam primärvård"))
    ).to_contain_text("1")
    expect(page.locator(".gap-list li", has_text="Stärkt gemensam primärvård")).to_contain_text(
        "1 kommun saknar aktivitet: Piteå kommun."
    )
    expect(page.locator("table.timeline")).to_contain_text("Mobilt närvårdsteam för sköra äldre")
    assert_accessible(page)
    page.get_by_label("Status:").select_option(label="Klar")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_text("Ingen aktivitet matchar filtren.")).to_be_visible()
    expect(page).to_have_url(re.compile("status=done"))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exportera den länsgemensamma planen till Excel").click()
    content = download_info.value.path().read_bytes()
    sheet = load_workbook(BytesIO(content))["Aktiviteter"]
    assert sheet["B2"].value == "Mobilt närvårdsteam för sköra äldre"


def test_it_refuses_the_umea_editor_in_lulea(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    world = browser_world
    plan = factories.plan(world.strategy_25, world.lulea, title="Lokal handlingsplan Luleå")
    log_in(page, live_server, world.umea_editor)
    response = page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    assert response is not None and response.status == 404
    expect(page.get_by_text("Lokal handlingsplan Luleå")).to_have_count(0)
    response = page.goto(f"{live_server.url}/planer/{plan.pk}/andra/")
    assert response is not None and response.status == 404
    page.goto(f"{live_server.url}/planer/")
    expect(page.get_by_text("Lokal handlingsplan Luleå")).to_have_count(0)


def test_it_loses_nothing_when_two_people_edit_at_once(
    browser: Browser, live_server: LiveServer, browser_world: World
) -> None:
    world = browser_world
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="SIP-rutin", description="Utkast.")
    pages: list[Page] = []
    for user in (world.coordinator, world.lulea_editor):
        page = browser.new_context(locale="sv-SE").new_page()
        log_in(page, live_server, user)
        page.goto(f"{live_server.url}/aktiviteter/{activity.pk}/andra/")
        pages.append(page)
    first, second = pages
    first.get_by_label("Titel").fill("Gemensam SIP-rutin")
    first.get_by_role("button", name="Spara").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Gemensam SIP-rutin")

    second.get_by_label("Beskrivning").fill("Kallelse inom två veckor.")
    second.get_by_role("button", name="Spara").click()
    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("Någon annan sparade först")
    assert_accessible(second)
    expect(conflict.get_by_role("row", name=re.compile("^titel"))).to_contain_text(
        "Gemensam SIP-rutin"
    )
    expect(second.get_by_label("Beskrivning")).to_have_value("Kallelse inom två veckor.")
    second.get_by_label("Titel").fill("Gemensam SIP-rutin")  # takes the other person's title
    second.get_by_role("button", name="Spara").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Gemensam SIP-rutin")

    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.title, saved.description, saved.version) == (
        "Gemensam SIP-rutin", "Kallelse inom två veckor.", 3
    )  # fmt: skip
    fields = set(ChangeRecord.objects.filter(activity=saved).values_list("field", flat=True))
    assert {"title", "description"} <= fields
    for page in pages:
        page.context.close()
