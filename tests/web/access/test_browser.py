"""In the browser: a coordinator gives a new colleague the editor role in Luleå, and the new
editor can then edit an activity of Luleå's plan; the pages pass axe."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.web.access.models import MembershipChange
from fardplan.web.plans.models import Activity
from tests.web.browser.accessibility import assert_accessible
from tests.web.plans import factories

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
PASSWORD = "nära-vård-2030"


def _with_password(user: User) -> User:
    user.set_password(PASSWORD)
    user.save()
    return user


def _log_in(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).not_to_have_url(re.compile("/konto/login/"))


def test_it_lets_a_coordinator_add_an_editor_who_can_then_edit(
    page: Page, live_server: LiveServer
) -> None:
    world = factories.world()
    coordinator = _with_password(world.coordinator)
    newcomer = _with_password(factories.user("anna.lulea"))
    plan = factories.plan(world.strategy_25, world.lulea, title="Lokal handlingsplan Luleå")
    activity = factories.activity(plan, title="Trygg hemgång")

    _log_in(page, live_server, coordinator)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Medlemmar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Medlemmar och roller: Norrbottens län"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Lägg till medlem").click()
    page.get_by_label("Användarnamn").fill("anna.lulea")
    page.get_by_label("Organisation").select_option(label="Luleå kommun")
    roles = page.get_by_label("Roll").locator("option").all_text_contents()
    assert "Administratör" not in roles
    page.get_by_label("Roll").select_option(label="Redaktör för organisation")
    assert_accessible(page)
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_role("status")).to_contain_text("Medlemmen lades till.")
    members = page.locator("#members-heading + table")
    expect(members.get_by_role("row", name=re.compile("anna.lulea"))).to_contain_text(
        "Redaktör för organisation"
    )
    history = page.locator("#membership-history-heading + table")
    expect(history).to_contain_text("Tillagd")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Logga ut")).click()

    _log_in(page, live_server, newcomer)
    expect(page.get_by_role("link", name="Medlemmar")).to_have_count(0)
    with translation.override("sv"):  # the Swedish address, without the /en/ prefix
        page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    expect(page.get_by_text("Försenad", exact=True)).to_be_visible()
    page.get_by_role("link", name="Ändra aktivitet").click()
    page.get_by_label("Titel").fill("Trygg hemgång från sjukhus")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trygg hemgång från sjukhus")
    page.get_by_role("link", name="Ta bort aktivitet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ta bort ”Trygg hemgång från sjukhus”?"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Avbryt").click()

    saved = Activity.objects.get(pk=activity.pk)
    assert saved.title == "Trygg hemgång från sjukhus"
    assert saved.changes.get(field="title").user == newcomer
    change = MembershipChange.objects.get()
    assert (change.changed_by, change.member, change.role_after) == (
        coordinator, newcomer, "editor"
    )  # fmt: skip
