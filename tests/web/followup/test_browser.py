"""An indicator page in Chromium: the chart drawn by the vendored vega-embed under the CSP
(no violation, no console error), axe finds no serious or critical violation, and the
chart and its table are reachable by keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.web.plans.followup import add_indicator
from tests.web.browser.accessibility import assert_accessible
from tests.web.followup.runs import LULEA
from tests.web.plans import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});
"""


def test_an_indicator_page_draws_its_charts_accessibly(
    live_server: LiveServer, page: Page, stored: Path
) -> None:
    world = factories.world()
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="Mobilt närvårdsteam", start=date(2024, 5, 1))
    add_indicator(None, activity, "avoidable_admissions", "decrease", [world.lulea])
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto(f"{live_server.url}/uppfoljning/indikatorer/avoidable_admissions/{LULEA}/")
    charts = page.locator(".chart svg")
    expect(charts).to_have_count(2)
    expect(page.locator(".chart").first.locator("svg .mark-symbol path").first).to_be_attached()
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert_accessible(page)

    # The chart (its text alternative) and the table's scroll region take the focus in turn.
    page.locator(".chart").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('role')")
    assert focused == "region"

    # Switching the chart by its form redraws without a violation.
    page.get_by_text("Diagraminställningar (för analytiker)").click()
    page.locator("#id_chart").select_option("run")
    page.get_by_role("button", name="Visa").last.click()
    expect(page.locator(".chart svg")).to_have_count(2)
    assert "chart=run" in page.url
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
