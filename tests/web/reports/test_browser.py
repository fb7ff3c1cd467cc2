"""The report flow in Chromium: Luleå's editor writes its section and marks it ready, the
coordinator sends one back, then approves the whole; the charts are drawn, axe finds no
serious or critical violation and the Content-Security-Policy none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.engine.store import save_run
from fardplan.web.reports import workflow
from tests.web.browser.accessibility import assert_accessible
from tests.web.browser.test_content_security_policy import RECORD_VIOLATIONS
from tests.web.plans import factories as plan_factories
from tests.web.reports import factories
from tests.web.reports.cells import norrbotten_run

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "nära-vård-2030"


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/konto/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).not_to_have_url(re.compile("/konto/login/"))


def checked(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("window.cspViolations") == [], page.url


def test_an_editor_writes_and_the_coordinator_approves(
    live_server: LiveServer, page: Page, store: Path
) -> None:
    save_run(norrbotten_run(), store)
    world = plan_factories.world()
    for user in (world.coordinator, world.lulea_editor):
        user.set_password(PASSWORD)
        user.save()
    factories.norrbotten(world)
    report = factories.county_report(world)
    safety = report.sections.get(key="tillsammans-for-min-trygghet")
    workflow.assign_section(world.coordinator, safety, world.lulea)
    page.add_init_script(RECORD_VIOLATIONS)

    log_in(page, live_server.url, world.lulea_editor.username)
    page.get_by_role("link", name="Rapporter", exact=True).click()
    page.get_by_role("link", name="Norrbottens län, T2 2024 (maj–augusti)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("T2 2024 (maj–augusti)")
    expect(page.locator("[data-spec] svg").first).to_be_attached()  # vega-embed drew it
    checked(page)
    section = page.locator("#section-tillsammans-for-min-trygghet")
    section.get_by_role("link", name=re.compile("Skriv texten")).click()
    page.get_by_label("Text").fill("Trygg hemgång i hela Luleå.\n\nÅterinskrivningarna följs.")
    checked(page)
    page.get_by_role("button", name="Spara texten").click()
    section = page.locator("#section-tillsammans-for-min-trygghet")
    expect(section).to_contain_text("Trygg hemgång i hela Luleå.")
    section.get_by_role("button", name=re.compile("Markera som klart")).click()
    section = page.locator("#section-tillsammans-for-min-trygghet")
    expect(section.locator(".section-meta")).to_contain_text("Klar")
    expect(page.get_by_role("button", name="Godkänn rapporten")).to_have_count(0)
    page.get_by_role("button", name=re.compile("Logga ut")).click()

    for part in report.sections.exclude(pk=safety.pk):
        factories.written_and_ready(world.coordinator, part)
    log_in(page, live_server.url, world.coordinator.username)
    page.goto(f"{live_server.url}/rapporter/{report.pk}/")
    section = page.locator("#section-tillsammans-for-min-trygghet")
    section.get_by_text("Skicka tillbaka", exact=False).first.click()
    section.get_by_label("Vad som behöver ändras").fill("Nämn Sunderby sjukhus.")
    section.get_by_role("button", name="Skicka tillbaka med kommentaren").click()
    section = page.locator("#section-tillsammans-for-min-trygghet")
    expect(section).to_contain_text("Återsänt av samordnaren: Nämn Sunderby sjukhus.")
    checked(page)
    section.get_by_role("button", name=re.compile("Markera som klart")).click()
    page.get_by_role("button", name="Godkänn rapporten").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten godkändes")
    expect(page.get_by_role("note").first).to_contain_text("Fryst.")
    expect(page.locator("[data-spec] svg").first).to_be_attached()
    checked(page)
    for path in ("/rapporter/lan/25/", f"/rapporter/mall/{report.strategy.slug}/"):
        page.goto(f"{live_server.url}{path}")
        checked(page)
