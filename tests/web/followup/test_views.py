"""The follow-up pages through the test client: public, honest without a run, linked."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from fardplan.web.followup import downloads
from fardplan.web.followup.areas import Area
from fardplan.web.followup.describe import indicator
from fardplan.web.followup.query import Cell
from tests.web.followup.runs import LULEA, PITEA
from tests.web.plans import factories

pytestmark = pytest.mark.django_db
SERIES = f"/uppfoljning/indikatorer/avoidable_admissions/{LULEA}/"


def test_it_says_how_to_compute_when_no_run_is_stored(client: Client, store: Path) -> None:
    for path in ("/uppfoljning/", "/uppfoljning/lan/25/", SERIES):
        factories.county("25", "Norrbottens län")
        page = client.get(path).content.decode()
        assert "Inga indikatorvärden har beräknats ännu" in page, path
        assert "fardplan compute" in page
        assert 'data-spec="' not in page  # no empty chart that looks like data


def test_it_lists_every_indicator_of_the_catalogue(client: Client, store: Path) -> None:
    page = client.get("/uppfoljning/").content.decode()
    assert "Undvikbar slutenvård, kroniska tillstånd" in page
    assert "Förtroende för vårdcentralen" in page  # an imported one


def test_it_shows_the_definition_in_swedish_and_english(client: Client, stored: Path) -> None:
    swedish = client.get("/uppfoljning/indikatorer/avoidable_admissions/").content.decode()
    for text in ("Täljare", "Akuta vårdtillfällen med inskrivningsdatum", "U79133",
                 "Avvikelser från den nationella definitionen", "Lägre är bättre"):  # fmt: skip
        assert text in swedish
    english = client.get("/en/uppfoljning/indikatorer/avoidable_admissions/").content.decode()
    assert "Acute admissions with admission date in the period" in english
    assert "Lower is better" in english
    assert client.get("/uppfoljning/indikatorer/no_such/").status_code == 404


def test_the_series_page_reads_without_login(client: Client, stored: Path) -> None:
    response = client.get(SERIES)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="spec-months" type="application/json"' in page
    assert "Månadsvärden" in page and "Årsvärden" in page
    assert "2024-02" in page
    assert client.get("/uppfoljning/indikatorer/avoidable_admissions/9999/").status_code == 404


def test_the_series_page_switches_sex_and_refuses_unknown_choices(
    client: Client, stored: Path
) -> None:
    women = client.get(SERIES, {"sex": "K"}).content.decode()
    assert "Kvinnor, alla åldrar" in women
    bad = client.get(SERIES, {"sex": "X"}).content.decode()
    assert "Båda könen, alla åldrar" in bad and "inte giltigt" in bad


def test_the_county_pages_link_to_the_follow_up(client: Client, stored: Path) -> None:
    world = factories.world()
    county = client.get("/lan/25/").content.decode()
    assert 'href="/uppfoljning/lan/25/"' in county
    assert 'href="/uppfoljning/"' in county  # the site navigation
    followup = client.get("/uppfoljning/lan/25/").content.decode()
    assert f'href="/uppfoljning/omrade/{LULEA}/"' in followup
    assert world.norrbotten.name in followup
    picked = client.get("/uppfoljning/indikatorer/avoidable_admissions/omrade/", {"area": PITEA})
    assert picked.status_code == 302 and picked["Location"].endswith(f"/{PITEA}/")


def test_activities_show_to_those_who_may_read_their_plan(
    client: Client, stored: Path, world: factories.World
) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="Mobilt närvårdsteam", start=date(2024, 6, 1))
    services_link(activity, [world.lulea])
    client.force_login(world.viewer)
    page = client.get(SERIES).content.decode()
    assert "Mobilt närvårdsteam" in page and '"number": "1"' in page
    assert "Mobilt närvårdsteam" not in client.get(SERIES.replace(LULEA, PITEA)).content.decode()
    client.force_login(world.umea_editor)
    assert "Mobilt närvårdsteam" not in client.get(SERIES).content.decode()
    client.logout()
    anonymous = client.get(SERIES).content.decode()
    assert "Mobilt närvårdsteam" not in anonymous and "logga in" in anonymous


def services_link(activity: object, areas: list[object]) -> None:
    from fardplan.web.plans.followup import add_indicator

    add_indicator(None, activity, "avoidable_admissions", "decrease", areas)  # type: ignore[arg-type]


def test_downloads_carry_published_cells_in_each_format(client: Client, stored: Path) -> None:
    swedish = client.get(SERIES + "data.csv-sv")
    assert (
        swedish["Content-Disposition"] == 'attachment; filename="avoidable_admissions-2580-sv.csv"'
    )
    rows = list(csv.reader(io.StringIO(swedish.content.decode("utf-8-sig")), delimiter=";"))
    year = next(r for r in rows if r[4] == "2024" and r[5] == "T" and r[6] == "all")
    assert year[7:10] == ["72", "120", "60000"]
    march = next(r for r in rows if r[4] == "2024-03" and r[5] == "T" and r[6] == "all")
    assert march[7] == ".." and march[9] == ".." and march[11].startswith("Dold så att")
    plain = client.get(SERIES + "data.csv").content.decode()
    assert 'avoidable_admissions,"Undvikbar slutenvård, kroniska tillstånd",2580' in plain
    book = load_workbook(io.BytesIO(client.get(SERIES + "data.xlsx").content))
    assert book.sheetnames == ["Värden", "Definition"]
    assert client.get(SERIES + "data.pdf").status_code == 404


def test_the_workbook_quotes_text_a_spreadsheet_would_run() -> None:
    entry = indicator("avoidable_admissions")
    assert entry is not None
    hostile = Area("2580", '=HYPERLINK("http://evil")', "25")
    cells = [Cell("2024", "T", "all", 5.0, 100.0, 5000.0, None)]
    book = load_workbook(io.BytesIO(downloads.as_xlsx(entry, hostile, cells)))
    assert book.active is not None and book.active["D2"].value == '\'=HYPERLINK("http://evil")'
    text = downloads.as_swedish_csv(entry, hostile, cells).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
