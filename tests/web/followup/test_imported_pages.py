"""Imported values on the follow-up pages: their own series, the source under every chart,
beside their computed counterpart, and a year not yet published shown as such."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.test import Client

from fardplan.sources.imported import ImportedValue, Provenance, Status, replace_imported
from fardplan.web.followup.imported import pending_years
from fardplan.web.followup.models import ItemIndicator
from tests.web.followup.runs import LULEA, REGION
from tests.web.plans import factories

pytestmark = pytest.mark.django_db
FETCHED = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
KOLADA = Provenance(
    "kolada", "http://127.0.0.1/v2/data/kpi/U79133", FETCHED, "test", date(2025, 9, 30)
)


def kolada_values(store: Path, last_year: int = 2024) -> None:
    values = [
        ImportedValue("kolada_u79133", str(year), area, sex, value=600.0 + year - 2020 + bonus)
        for year in range(2021, last_year + 1)
        for area, bonus in ((LULEA, 0.0), (REGION, 10.0))
        for sex in ("T", "K", "M")
    ]
    values.append(
        ImportedValue("kolada_u79133", "2020", LULEA, "K", status=Status.SUPPRESSED, note="..")
    )
    replace_imported(values, KOLADA, store_path=store)


def test_an_imported_series_has_its_chart_table_and_source(client: Client, stored: Path) -> None:
    kolada_values(stored)
    page = client.get(f"/uppfoljning/indikatorer/kolada_u79133/{LULEA}/").content.decode()
    assert 'id="spec-years" type="application/json"' in page
    assert (
        "Källa: Kolada (Socialstyrelsen), U79133. Hämtat 1 mars 2026; "
        "publicerat av källan 30 september 2025." in page
    )
    assert "604,0" in page  # 2024, both sexes
    # The years after 2024 up to last year are the source's lag, not a result.
    assert "Inte publicerat än" in page and "inte publicerat än av källan" in page
    assert "Inga har importerats än" not in page
    women = client.get(f"/uppfoljning/indikatorer/kolada_u79133/{LULEA}/?sex=K").content.decode()
    assert "Inte publicerat av källan (dess röjandeskydd)" in women  # 2020, withheld by Kolada
    download = client.get(f"/uppfoljning/indikatorer/kolada_u79133/{LULEA}/data.csv")
    assert download.status_code == 200 and b"kolada_u79133" in download.content


def test_an_imported_indicator_without_values_says_so(client: Client, store: Path) -> None:
    page = client.get(f"/uppfoljning/indikatorer/kolada_u79133/{LULEA}/").content.decode()
    assert "Inga har importerats än" in page
    assert 'data-spec="' not in page


def test_a_computed_measure_is_shown_beside_its_national_twin(client: Client, stored: Path) -> None:
    kolada_values(stored)
    for indicator in ("avoidable_admissions_std", "kolada_u79133"):
        page = client.get(f"/uppfoljning/indikatorer/{indicator}/{LULEA}/").content.decode()
        assert "Färdplans mått bredvid det nationella" in page, indicator
        assert 'id="spec-pair" type="application/json"' in page
        assert "De två definitionerna sida vid sida" in page
        assert "Europeisk standardbefolkning 2013" in page  # the computed one's departures
        assert "Källa: Kolada (Socialstyrelsen), U79133." in page
    # An indicator without a twin has no such section.
    other = client.get(f"/uppfoljning/indikatorer/avoidable_admissions/{LULEA}/").content.decode()
    assert "Färdplans mått bredvid det nationella" not in other
    assert re.search(r"Källa: Färdplans beräkning ur vårddata, körningen \d+ \w+ \d{4}\.", other)


def test_county_and_area_pages_list_imported_indicators(client: Client, stored: Path) -> None:
    factories.county("25", "Norrbottens län")
    kolada_values(stored)
    county = client.get("/uppfoljning/lan/25/").content.decode()
    assert "Påverkbar slutenvård vid kronisk sjukdom (nationell)" in county
    assert "(importerad)" in county
    area = client.get(f"/uppfoljning/omrade/{LULEA}/").content.decode()
    assert 'href="/uppfoljning/indikatorer/kolada_u79133/2580/"' in area


def test_pending_years_run_from_the_source_s_latest_to_last_year() -> None:
    assert pending_years(2023, today=date(2026, 3, 1)) == ["2024", "2025"]
    assert pending_years(2025, today=date(2026, 3, 1)) == []
    assert pending_years(None) == []


def test_the_county_overview_shows_an_imported_indicator_linked_to_an_item(
    client: Client, stored: Path, world: factories.World
) -> None:
    kolada_values(stored)
    item = factories.direction_change(world.strategy_25, 1)
    ItemIndicator.objects.create(item=item, indicator_id="kolada_u79133")
    page = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", " ", client.get("/uppfoljning/lan/25/laget/").content.decode()),
    )
    row = page[page.index("Påverkbar slutenvård vid kronisk sjukdom (nationell)") :][:300]
    assert "614,0" in row  # the region's 2024 (600 + 4 + 10)
    assert "Bara årsvärden" in row or "bara årsvärden" in row.lower()


def test_the_demos_values_are_named_illustrative_under_the_chart(
    client: Client, stored: Path
) -> None:
    from dataclasses import replace

    from fardplan.sources.kolada_replay import DEMO_FETCHER
    from fardplan.web.followup.imported import forget_cache

    values = [ImportedValue("kolada_u79133", "2024", LULEA, "T", value=601.0)]
    replace_imported(values, replace(KOLADA, fetched_by=DEMO_FETCHER), store_path=stored)
    forget_cache()
    page = client.get(f"/uppfoljning/indikatorer/kolada_u79133/{LULEA}/").content.decode()
    assert (
        "Källa: Kolada (Socialstyrelsen), U79133: demons illustrativa värden, inte Koladas. "
        "Hämtat 1 mars 2026" in page
    )


def test_the_definition_page_lists_the_counties_with_imported_values(
    client: Client, stored: Path
) -> None:
    factories.county("25", "Norrbottens län")
    url = "/uppfoljning/indikatorer/kolada_u79133/"
    assert "Inga har importerats ännu" in client.get(url).content.decode()
    kolada_values(stored)
    page = client.get(url).content.decode()
    assert "Inga har importerats ännu" not in page
    assert 'href="/uppfoljning/lan/25/#indicator-kolada_u79133">Norrbottens län</a>' in page
    # No link to the comparison: its map and funnel need numerators and denominators.
    assert "/uppfoljning/indikatorer/kolada_u79133/lan/25/" not in page
    assert "Värdena beräknades" not in page  # the run's note: the run did not compute these


def test_the_comparison_of_an_imported_indicator_says_why_it_has_no_charts(
    client: Client, stored: Path
) -> None:
    factories.county("25", "Norrbottens län")
    kolada_values(stored)
    page = client.get("/uppfoljning/indikatorer/kolada_u79133/lan/25/").content.decode()
    assert "Inga har importerats" not in page
    assert "behöver vårddatats täljare och nämnare, som källan inte ger" in page
    assert 'href="/uppfoljning/lan/25/#indicator-kolada_u79133">Dess senaste värden i' in page
    assert 'class="page-index"' not in page  # no index of sections it does not have
    assert "Värdena beräknades" not in page
