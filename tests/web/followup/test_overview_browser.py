"""The county overview and a comment in Chromium: a coordinator links an indicator to a
direction change, reads its assessment, opens its series and writes an interpretation; axe
finds no serious or critical violation and the Content-Security-Policy none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.engine.store import save_run
from tests.web.browser.accessibility import assert_accessible
from tests.web.browser.test_content_security_policy import RECORD_VIOLATIONS
from tests.web.followup.runs import hand_run
from tests.web.followup.test_overview import CELLS
from tests.web.plans import factories

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "nära-vård-2030"


def no_csp_violation(page: Page) -> None:
    assert page.evaluate("window.cspViolations") == [], page.url


def test_a_coordinator_reads_the_overview_links_and_comments(
    live_server: LiveServer, page: Page, store: Path
) -> None:
    save_run(hand_run(CELLS, run_id="tiny"), store)
    world = factories.world()
    world.coordinator.set_password(PASSWORD)
    world.coordinator.save()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Användarnamn").fill(world.coordinator.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).not_to_have_url(re.compile("/konto/login/"))

    page.goto(f"{live_server.url}/lan/25/")
    page.get_by_role("link", name=re.compile("Läget i Norrbottens län")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Läget i Norrbottens län")
    assert_accessible(page)
    no_csp_violation(page)

    item = page.locator("article", has_text="Mer hälsofrämjande och förebyggande insatser")
    item.get_by_label("Koppla en indikator").select_option(
        label="Undvikbar slutenvård, kroniska tillstånd"
    )
    item.get_by_role("button", name="Koppla", exact=True).click()
    item = page.locator("article", has_text="Mer hälsofrämjande och förebyggande insatser")
    row = item.get_by_role("row", name=re.compile("Undvikbar slutenvård"))
    expect(row).to_contain_text("Förbättring")
    expect(row).to_contain_text("192,0")
    assert_accessible(page)
    no_csp_violation(page)

    row.get_by_role("link", name="Undvikbar slutenvård, kroniska tillstånd").click()
    comments = page.locator("#comments")
    comments.get_by_role("textbox", name=re.compile("^Period")).fill("2024-T1")
    comments.get_by_label("Tolkning").fill(
        "Ny rutin för uppföljning efter utskrivning från januari."
    )
    page.get_by_role("button", name="Spara kommentaren").click()
    expect(page.locator("#comments")).to_contain_text("2024-01 – 2024-04")
    assert_accessible(page)
    no_csp_violation(page)
