"""In the browser: a county administrator reads the refresh's runs, a succeeded and a failed
one, and a queued run's page follows it until it ends; the pages pass axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.web.refresh.models import RefreshRun
from tests.web.browser.accessibility import assert_accessible
from tests.web.plans import factories

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
PASSWORD = "nära-vård-2030"
STEP = {"step": "care_data", "status": "ok", "seconds": 0.2, "message": "changed",
        "message_sv": "/srv/vard har ändrats"}  # fmt: skip


def _runs() -> tuple[RefreshRun, RefreshRun]:
    now = timezone.now()
    succeeded = RefreshRun.objects.create(
        trigger=RefreshRun.Trigger.SCHEDULE, by_name="cron", status=RefreshRun.Status.SUCCEEDED,
        started=now - timedelta(hours=2, seconds=95), finished=now - timedelta(hours=2),
        steps=[STEP], run_id="r-ok",
        data_quality={"rows_read": {"admissions": 120}, "rows_used": {"admissions": 120},
                      "dropped": [], "excluded": []},
    )  # fmt: skip
    failed = RefreshRun.objects.create(
        trigger=RefreshRun.Trigger.SCHEDULE, by_name="cron", status=RefreshRun.Status.FAILED,
        started=now - timedelta(seconds=12), finished=now,
        steps=[STEP, {"step": "kolada", "status": "failed", "seconds": 11.0, "message": "HTTP 500",
                      "message_sv": "Kolada svarade HTTP 500"}],
        message="Kolada answered HTTP 500", message_sv="Kolada svarade HTTP 500",
    )  # fmt: skip
    return succeeded, failed


def test_an_administrator_reads_the_runs_and_follows_a_queued_one(
    page: Page, live_server: LiveServer
) -> None:
    world = factories.world()
    administrator = factories.user("admin25", administrator=world.region_norrbotten)
    administrator.set_password(PASSWORD)
    administrator.save()
    _runs()
    page.goto(f"{live_server.url}/konto/login/?next=/uppdatering/")
    page.get_by_label("Användarnamn").fill("admin25")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schemalagd uppdatering")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Misslyckades")
    expect(rows.nth(0)).to_contain_text("Kolada svarade HTTP 500")
    expect(rows.nth(1)).to_contain_text("Lyckades")
    expect(rows.nth(1)).to_contain_text("95,0 s")
    assert_accessible(page)

    rows.nth(0).get_by_role("link").click()
    expect(page.get_by_role("status")).to_contain_text("Misslyckades")
    expect(page.locator("table")).to_contain_text("Kolada svarade HTTP 500")
    assert_accessible(page)

    queued = RefreshRun.objects.create(trigger=RefreshRun.Trigger.MANUAL, by=administrator)
    page.goto(f"{live_server.url}/uppdatering/{queued.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Köad")
    assert_accessible(page)
    queued.status, queued.started, queued.finished = (
        RefreshRun.Status.SUCCEEDED, timezone.now(), timezone.now(),
    )  # fmt: skip
    queued.steps, queued.run_id = [STEP], "r-new"
    queued.save()
    expect(page.get_by_role("status")).to_contain_text("Lyckades", timeout=10_000)
    expect(page.locator("table")).to_contain_text("/srv/vard har ändrats")
    expect(page).to_have_url(re.compile(f"/uppdatering/{queued.pk}/$"))
