"""A computed measure beside its national twin in Chromium: both charts drawn under the CSP,
the source named under them, axe finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.web.browser.accessibility import assert_accessible
from tests.web.followup.runs import LULEA
from tests.web.followup.test_browser import RECORD_VIOLATIONS
from tests.web.followup.test_imported_pages import kolada_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("indicator", ["avoidable_admissions_std", "kolada_u79133"])
def test_imported_beside_computed_is_drawn_accessibly(
    live_server: LiveServer, page: Page, stored: Path, indicator: str
) -> None:
    kolada_values(stored)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto(f"{live_server.url}/uppfoljning/indikatorer/{indicator}/{LULEA}/")
    pair = page.locator("section.pair")
    expect(pair.locator(".chart svg")).to_have_count(1)
    expect(pair.locator(".chart svg path").first).to_be_attached()
    expect(pair.locator(".chart-source")).to_contain_text("Källa: Kolada (Socialstyrelsen), U79133")
    expect(pair.get_by_role("table", name="De två definitionerna sida vid sida")).to_be_visible()
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
    assert_accessible(page)
