"""The upload in Chromium: a file with errors lists them (axe-clean), a valid one is previewed
and saved, and the history shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from fardplan.sources.imported import imported_for
from tests.web.browser.accessibility import assert_accessible
from tests.web.plans import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEAD = "indikator;period;område;kön;åldersgrupp;täljare;nämnare;värde;anteckning"


def test_upload_errors_then_preview_and_save(
    live_server: LiveServer, page: Page, store: Path, tmp_path: Path
) -> None:
    world = factories.world()
    world.coordinator.set_password("upload-test-password")
    world.coordinator.save()
    bad, good = tmp_path / "fel.csv", tmp_path / "varden.csv"
    bad.write_text(f"{HEAD}\nU70447;2024;2480;T;;;;60;\navoidable_admissions;2024;2580;;;;;1;\n")
    good.write_text(f"{HEAD}\nU70447;2024;2580;T;;60;100;60;\nU70447;2024;2581;T;;;;58;\n")

    page.goto(f"{live_server.url}/uppfoljning/lan/25/")
    expect(
        page.get_by_role("link", name="Ladda upp värden som länet har i egna system")
    ).to_have_count(0)
    page.goto(f"{live_server.url}/konto/login/?next=/uppfoljning/lan/25/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill("upload-test-password")
    page.get_by_label("Lösenord").press("Enter")
    page.get_by_role("link", name="Ladda upp värden som länet har i egna system").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ladda upp värden: Norrbottens län")
    assert_accessible(page)

    page.get_by_label("Fil (.xlsx eller .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.get_by_role("alert")).to_contain_text("fel.csv: 2 fel; inget sparades")
    rows = page.locator("table.upload-problems tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("område")
    expect(rows.nth(1)).to_contain_text("Färdplan beräknar den här indikatorn")
    assert_accessible(page)
    assert imported_for(store_path=store) == []

    page.get_by_label("Fil (.xlsx eller .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page).to_have_url(re.compile(r"/uppladdning/forhandsgranska/"))
    expect(page.get_by_text("2 värden läggs till")).to_be_visible()
    assert_accessible(page)
    assert imported_for(store_path=store) == []

    page.get_by_role("button", name="Spara värdena").click()
    expect(page).to_have_url(re.compile(r"/uppfoljning/lan/25/uppladdning/$"))
    expect(page.get_by_text("Filen sparades: 2 tillagda, 0 ändrade, 0 borttagna.")).to_be_visible()
    expect(page.get_by_role("cell", name="varden.csv")).to_be_visible()
    assert_accessible(page)
    assert len(imported_for(store_path=store)) == 2
