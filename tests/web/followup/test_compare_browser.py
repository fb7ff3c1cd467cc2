"""The comparison page in Chromium: the map, the funnel and the small multiples drawn under
the CSP (no violation, no console error, no <style>), axe finds no serious or critical
violation, and each municipality on the map is reachable by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.web.browser.accessibility import assert_accessible
from tests.web.plans import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.mark.parametrize("path", ["lan/25/", "2580/fordelning/"])
def test_the_comparison_and_breakdown_draw_accessibly(
    live_server: LiveServer, page: Page, stored: Path, path: str
) -> None:
    factories.world()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto(f"{live_server.url}/uppfoljning/indikatorer/avoidable_admissions/{path}")
    drawn = page.locator(".chart svg")
    expect(drawn.first).to_be_attached()
    expect(drawn).to_have_count(page.locator(".chart").count())
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert_accessible(page)

    if path.startswith("lan/"):
        # The map's municipalities are links in code order, each named by its value.
        page.locator('.choropleth svg a[aria-label^="Luleå"]').focus()
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert label == "Luleå: 60\u00a0000,0 per 100 000 invånare"
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert label.startswith("Piteå: ")
