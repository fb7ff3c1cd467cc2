"""The Content-Security-Policy allows no inline script or style, and no page of the site
breaks it: a walk through the pages of every app records no violation in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.web.plans.models import Activity, Plan
from tests.web.plans import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "nära-vård-2030"
# The browser's own record of each blocked script, style or other resource.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def pages(page: Page) -> Page:
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def _paths(plan: Plan, activity: Activity) -> list[str]:
    """Pages of every app: start, county, strategies, plans, activities, members, forms."""
    strategy = plan.strategy
    return [
        "/", "/lan/25/", f"/organisation/{plan.owner_id}/", "/strategier/",
        f"/strategi/{strategy.slug}/", f"/strategi/{strategy.slug}/redigera/", "/planer/",
        "/planer/ny/", f"/planer/{plan.pk}/", f"/planer/{plan.pk}/andra/",
        f"/aktiviteter/{activity.pk}/", f"/aktiviteter/{activity.pk}/andra/",
        "/planer/lan/25/", "/medlemmar/", "/medlemmar/lan/25/", "/en/planer/lan/25/",
        "/uppfoljning/", "/uppfoljning/lan/25/", "/uppfoljning/indikatorer/sip_plans/",
    ]  # fmt: skip


def test_no_page_breaks_the_content_security_policy(live_server: LiveServer, pages: Page) -> None:
    world = factories.world()
    world.coordinator.set_password(PASSWORD)
    world.coordinator.is_superuser = True  # to reach every form, the strategy editor too
    world.coordinator.save()
    plan = factories.plan(world.strategy_25, world.lulea, title="Lokal plan Luleå")
    activity = factories.activity(plan, title="Mobilt närvårdsteam")
    console_errors: list[str] = []
    pages.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    login = pages.goto(f"{live_server.url}/konto/login/")
    assert login is not None
    policy = login.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    pages.get_by_label("Användarnamn").fill(world.coordinator.username)
    pages.get_by_label("Lösenord").fill(PASSWORD)
    pages.get_by_role("button", name="Logga in").click()
    expect(pages).not_to_have_url(re.compile("/konto/login/"))

    for path in _paths(plan, activity):
        response = pages.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        violations = pages.evaluate("window.cspViolations")
        assert violations == [], (path, violations)

    # htmx still works: the county view's filter swaps the results in without a style tag.
    pages.goto(f"{live_server.url}/planer/lan/25/")
    pages.locator("#id_status").select_option(label="Pågår")
    with pages.expect_request(re.compile("status=ongoing")) as swapped:
        pages.get_by_role("button", name="Filtrera").click()
    assert swapped.value.headers.get("hx-request") == "true"
    expect(pages).to_have_url(re.compile("status=ongoing"))
    expect(pages.locator("#timeline-results rect.timeline__bar")).to_have_count(1)
    assert pages.evaluate("document.querySelectorAll('style').length") == 0
    assert pages.evaluate("window.cspViolations") == []
    assert [e for e in console_errors if "Content Security Policy" in e] == []
